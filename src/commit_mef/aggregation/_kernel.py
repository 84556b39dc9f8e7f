"""The engine's run: rows grouped, placed in time, converted by slices, combined by the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from commit_mef.aggregation._prepare import QUALITY, prepare, quality_codes
from commit_mef.aggregation._result import AggregateResult, AggregateRow
from commit_mef.aggregation._rules import OVER_TIME, QUALITY_NOTES, Treatment, time_family
from commit_mef.aggregation._time import Placing
from commit_mef.aggregation._values import (
    Cell,
    Combinations,
    credit,
    finish,
    fsum,
    ids_per_group,
    present,
    rate_cache,
    reached_in,
    sort_key,
    time_key,
)
from commit_mef.errors import AggregationError
from commit_mef.indicators import (
    AggregationRule,
    CountryAggregation,
    Indicator,
    MeasureKind,
    TimeAggregation,
)
from commit_mef.observations import Basis, ObservationTable
from commit_mef.observations import _columns as cols_
from commit_mef.observations._group_sums import group_sums
from commit_mef.periods import Period

if TYPE_CHECKING:
    from commit_mef.rates import Conversion, RateTable

__all__ = ["Aggregation"]

_KIND_NAMES = ("no value", "a number", "money", "a yes/no", "a text")
_NONE, _NUMBER, _MONEY, _BOOL, _TEXT = range(5)
#: Which stored value kinds each measure kind takes.
_VALUE_KIND: dict[MeasureKind, int] = {
    MeasureKind.COUNT: _NUMBER,
    MeasureKind.MONEY: _MONEY,
    MeasureKind.PERCENTAGE: _NUMBER,
    MeasureKind.RATIO: _NUMBER,
    MeasureKind.MILESTONE: _BOOL,
    MeasureKind.ORDINAL: _NUMBER,
    MeasureKind.QUALITATIVE: _TEXT,
}


class Aggregation(Placing):
    """One run of :func:`~commit_mef.aggregate` for a rule other than the weighted mean."""

    def __init__(
        self,
        table: ObservationTable,
        indicator: Indicator,
        by: tuple[str, ...],
        rule: AggregationRule,
        *,
        over: Period | None,
        currency: str | None,
        rates: RateTable | None,
        prorate: bool,
        allow_not_meaningful: bool,
    ) -> None:
        self.table = table
        self.indicator = indicator
        self.by = by
        self.rule = rule
        self.over = over
        self.target = currency
        self.rates = rates
        self.prorate = prorate
        self.allow = allow_not_meaningful
        self.assumptions: list[str] = []
        self.conversions: dict[tuple[str, Period], tuple[Fraction, Conversion | None]] = {}
        self.kind = _VALUE_KIND[indicator.kind]
        self.keep_currency = "currency" in by
        self.family = time_family(indicator, rule)
        self.factor_list: list[Fraction] = []
        self.not_meaningful: set[int] = set()
        self._factors: dict[tuple[str | None, Period | None, int, int], int] = {}
        self._spans: dict[tuple[dt.date, dt.date], Period] = {}

    def fail(self, message: str, hint: str | None = None) -> AggregationError:
        return AggregationError(message, indicator=self.indicator.id, hint=hint)

    # -- checks on the rows ---------------------------------------------------------------
    def check_rows(self) -> ObservationTable:
        table = self.rows_to_add()
        self.check_units(table._storage())
        return table

    def rows_to_add(self) -> ObservationTable:
        """The rows checked (kinds, bases, entry and one-value-per-cell rules), their notes kept.

        What does not depend on the window, the currency or the rates: a caller
        aggregating the same rows again may keep it (:class:`~commit_mef.aggregation._checked.CheckedRun`).
        """
        table = self.table
        kinds = table._storage()["kind"][0]
        if self.check_kinds(cols_.bincount(kinds, 5)):
            table = table._take(_valued(kinds))  # kind 0 is no value: left out, no row built
        self.check_basis(table._storage())
        table, notes = prepare(table, self.indicator, self.by, self.family)
        self.assumptions.extend(notes)
        return table

    def check_kinds(self, kinds: list[int]) -> bool:
        """Refuse texts or wrong kinds, given rows per kind; whether no-value rows are left out."""
        if kinds[_TEXT]:
            raise self.fail(
                f"{kinds[_TEXT]} observation(s) hold a text, not a {self.indicator.kind.value}; "
                "qualitative values are never aggregated: filter them out or record them under "
                "a qualitative indicator"
            )
        for k in (_NUMBER, _MONEY, _BOOL):
            if kinds[k] and k != self.kind:
                raise self.fail(
                    f"is a {self.indicator.kind.value} indicator but {kinds[k]} observation(s) "
                    f"hold {_KIND_NAMES[k]}; fix their values or record them under another "
                    "indicator"
                )
        if kinds[_NONE]:
            self.assumptions.append(
                f"{kinds[_NONE]} observation(s) with no value (unknown) were left out"
            )
        return bool(kinds[_NONE])

    def check_basis(self, cols: dict[str, Any]) -> None:
        codes, cats = cols["basis"]
        used = cols_.bincount(codes, len(cats)) if len(codes) else []
        self.check_basis_counts(zip(cats, used, strict=False))

    def check_basis_counts(self, counts: Iterable[tuple[Basis, int]]) -> None:
        """Refuse the bases the time rule cannot add, given the rows per basis.

        The bases are taken in the order :class:`~commit_mef.observations.Basis`
        declares them, so that a table refused for two bases names the same one
        whatever the order of its rows (or an engine's order of its groups).
        """
        order = list(Basis)
        for basis, count in sorted(counts, key=lambda item: order.index(item[0])):
            treatment, why = OVER_TIME[(self.family, basis)]
            if count and treatment is Treatment.REFUSE:
                if basis in (Basis.PER_EVENT, Basis.PER_PERSON):
                    what = "event" if basis is Basis.PER_EVENT else "person"
                    raise self.fail(
                        f"{count} observation(s) are given per {what}: a rate, not a total, so "
                        f"adding them counts nothing real; multiply each by the number of "
                        f"{what}s first, or filter them out"
                    )
                raise self.fail(f"{count} observation(s) are given as {basis.value}: {why}")

    def check_units(self, cols: dict[str, Any]) -> None:  # noqa: PLR0912 - one check per measure kind

        ucodes, ucats = cols["unit"]
        units = sorted(set(present(ucodes, ucats)) - {None}, key=str)  # present units
        expected = self.indicator.unit
        if self.indicator.kind is MeasureKind.COUNT or self.indicator.kind is MeasureKind.RATIO:
            if len(units) > 1:
                raise self.fail(
                    f"the observations mix units ({', '.join(units)}), which do not add up; "
                    "record each unit under its own indicator, or filter to one unit"
                )
            if units and expected is not None and units[0] != expected:
                raise self.fail(
                    f"is counted in {expected!r} but the observations are in {units[0]!r}; "
                    "fix the unit or the indicator"
                )
            self.unit: str | None = expected or (units[0] if units else None)
        elif self.indicator.kind is MeasureKind.MONEY:
            ccodes, ccats = cols["currency"]
            self.currencies = sorted(set(present(ccodes, ccats)) - {None})
            fixed = None if self.indicator.any_currency else self.indicator.unit
            if fixed is not None and any(c != fixed for c in self.currencies):
                others = ", ".join(c for c in self.currencies if c != fixed)
                if self.target is None and not self.keep_currency:
                    raise self.fail(
                        f"is kept in {fixed} but observations are in {others}; pass "
                        f"currency={fixed!r} and rates=... to convert them"
                    )
            if self.keep_currency:
                self.unit = None
                self.target = None
            elif self.target is None:
                if len(self.currencies) > 1:
                    raise self.fail(
                        f"the observations are in {len(self.currencies)} currencies "
                        f"({', '.join(self.currencies)}); convert them into one currency with "
                        "exchange rates, or total each currency apart",
                        hint="pass currency='USD' and rates=RateTable.wdi(), or add 'currency' "
                        "to by=",
                    )
                self.unit = self.currencies[0] if self.currencies else fixed
            else:
                from commit_mef.money import currency as lookup

                self.target = lookup(self.target).code
                if self.rates is None and any(c != self.target for c in self.currencies):
                    raise self.fail(
                        f"converting {', '.join(c for c in self.currencies if c != self.target)} "
                        f"into {self.target} needs exchange rates; give the shipped World Bank "
                        "rates or your own",
                        hint="pass rates=RateTable.wdi() or your own RateTable",
                    )
                self.unit = self.target
        elif self.indicator.kind is MeasureKind.PERCENTAGE:
            self.unit = "percent"
        else:
            self.unit = expected

    # -- the run --------------------------------------------------------------------------
    def run(self) -> AggregateResult:
        table = self.check_rows()
        cells = self.fill(table)
        rows = [self.combine(key, places) for key, places in cells.items()]
        rows.sort(key=lambda r: tuple(sort_key(v) for v in r.key))
        conversions = tuple(c for _, c in self.conversions.values() if c is not None)
        self.note_quality(rows)
        return AggregateResult(
            indicator=self.indicator.id,
            by=self.by,
            rows=tuple(rows),
            unit=self.result_unit(),
            rule=self.rule,
            over=self.over,
            conversions=tuple(
                sorted(
                    conversions, key=lambda c: (c.source.currency.code, c.over.start, c.over.end)
                )
            ),
            assumptions=tuple(dict.fromkeys(self.assumptions)),
        )

    def result_unit(self) -> str | None:
        counted = self.rule.across_countries is CountryAggregation.COUNT_ACHIEVED
        if counted and self.kind == _BOOL and "country" not in self.by:
            return "countries"
        return self.unit

    def fill(self, table: ObservationTable) -> dict[tuple[Any, ...], dict[Any, dict[Any, Cell]]]:
        """Group the rows into combinations and spread each over its cells (group, place, slot)."""
        return self.place(self.combinations(table))

    def combinations(self, table: ObservationTable) -> Combinations:
        """The distinct (country, period, basis, currency, quality, dimensions) of the rows."""
        cols = table._storage()
        n = len(table)
        needed = ["country", "period", "basis"] + (["currency"] if self.kind == _MONEY else [])
        dims = [a for a in self.by if a not in ("country", "year", "period", "currency")]
        quality, levels = quality_codes(table)
        if levels > 1:  # a column only where some row has a quality marker
            needed.append("quality")
            cols = {**cols, "quality": (quality, tuple(range(levels)))}
        keycols = [cols[k] for k in needed] + [table._key_column(d) for d in dims]
        codes, counts, sums, groups = group_sums(
            [(c, len(cats)) for c, cats in keycols], n, cols["magnitude"], rows="id" in cols
        )
        ids = ids_per_group(cols, groups, len(counts))
        decoded = [
            [cats[c] for c in group] for group, (_c, cats) in zip(codes, keycols, strict=True)
        ]
        return Combinations(
            columns=dict(zip(needed, decoded, strict=False)),
            dims=dict(zip(dims, decoded[len(needed) :], strict=True)),
            counts=list(counts),
            sums=list(sums),
            ids=ids,
            exponent=cols["exponent"],
        )

    def place(self, combos: Combinations) -> dict[tuple[Any, ...], dict[Any, dict[Any, Cell]]]:
        """Spread each combination over its cells (group, place, time slot)."""
        columns, counts, sums, ids = combos.columns, combos.counts, combos.sums, combos.ids
        k = len(counts)
        dims = list(combos.dims)
        dimvals = list(combos.dims.values())
        marks = columns.get("quality") or [0] * k
        position = {"country": 0, "year": 1, "period": 1, "currency": 2}
        plan = [position.get(axis, 3 + dims.index(axis) if axis in dims else 0) for axis in self.by]
        self.scale = Fraction(10) ** combos.exponent
        self.scaled()
        # per (currency, period, basis), by identity (each distinct value is one object in
        # the columns; an equal copy only computes its spots again): the time slots, the
        # exact factor and the days of each
        spots: dict[tuple[int, int, int], list[tuple[Any, int, Period | None]]] = {}
        flat: dict[tuple[Any, ...], Cell] = {}
        money = self.kind == _MONEY
        curs = columns["currency"] if money else [None] * k
        factors = self.factor_list
        # the spots worked out in the order of their values, not of the combinations: the
        # notes they make come in one order whatever order an engine gives the groups in
        distinct: dict[tuple[int, int, int], tuple[Any, Any, Any]] = {}
        for period, basis, cur in zip(columns["period"], columns["basis"], curs, strict=True):
            distinct.setdefault((id(cur), id(period), id(basis)), (cur, period, basis))
        for spot, (cur, period, basis) in sorted(
            distinct.items(),
            key=lambda item: (sort_key(item[1][1]), sort_key(item[1][0]), str(item[1][2])),
        ):
            spots[spot] = [
                (slot, self.factor(cur, window or period, share), window or period)
                for slot, share, window in self.attribute(period, basis)
            ]
        for g, (place, period, basis, cur) in enumerate(
            zip(columns["country"], columns["period"], columns["basis"], curs, strict=True)
        ):
            placed = spots[(id(cur), id(period), id(basis))]
            seen: list[Cell] = []
            for slot, factor, window in placed:
                full = (place, slot, cur, *[d[g] for d in dimvals])
                key = tuple([full[i] for i in plan])
                cell = flat.get((key, place, slot))
                if cell is None:
                    cell = flat[(key, place, slot)] = Cell(factors)
                parts = cell.parts
                parts[factor] = parts.get(factor, 0) + sums[g]
                if window is not None:
                    cell.cover(window)
                if seen and any(c is cell for c in seen):
                    continue  # one combination counts its rows once per cell
                seen.append(cell)
                cell.rows += counts[g]
                cell.quality |= marks[g]
                if ids[g]:
                    cell.ids.extend(ids[g])
        cells: dict[tuple[Any, ...], dict[Any, dict[Any, Cell]]] = {}
        for (key, place, slot), cell in flat.items():
            cells.setdefault(key, {}).setdefault(place, {})[slot] = cell
        return cells

    def scaled(self) -> None:
        """Called once the run's scale is known, before any factor is asked for."""

    def factor(self, cur: str | None, window: Period | None, share: Fraction) -> int:
        """The index of the exact factor scale x share x rate(window) in the factor list."""
        key = (cur, window, share.numerator, share.denominator)  # ints hash fast; Fractions not
        found = self._factors.get(key)
        if found is None:
            value = self.scale
            if cur is not None and cur != self.target and self.target is not None:
                value = value * self.rate_factor(cur, window)
            if share != 1:
                value = value * share
            found = self._factors[key] = len(self.factor_list)
            self.factor_list.append(value)
            if cur is not None and (cur, window) in self._not_meaningful_slices:
                self.not_meaningful.add(found)
        return found

    # -- money --------------------------------------------------------------------------
    @property
    def _not_meaningful_slices(self) -> set[tuple[str, Period | None]]:
        found: set[tuple[str, Period | None]] = self.__dict__.setdefault("_nm", set())
        return found

    def rate_factor(self, cur: str, period: Period | None) -> Fraction:
        """The exact factor converting ``cur`` into the target over ``period`` (one slice)."""
        if self.target is None or cur == self.target:
            return Fraction(1)
        if period is None:
            raise self.need_period(f"no rate can be chosen to convert {cur}")
        known = self.conversions.get((cur, period))
        if known is not None:
            return known[0]
        assert self.rates is not None  # noqa: S101 - checked in check_units
        cache = rate_cache(self.rates)
        key = (cur, self.target, period, self.allow)
        found = cache.get(key)
        if found is None:
            from commit_mef.money import Money

            conversion = self.rates.conversion(
                Money(1, cur), self.target, over=period, allow_not_meaningful=self.allow
            )
            # the exact factor convert() and convert_fixed() multiply by: nothing rounded
            factor = self.rates._exact_factor(cur, self.target, period, self.allow)
            found = (factor, conversion)
            cache.put(key, found)
        conversion = found[1]
        if conversion is not None and any(not r.meaningful for r, _ in conversion.rates):
            self._not_meaningful_slices.add((cur, period))
            self.assumptions.append(
                f"{cur} over {period} was converted, on request, with a rate marked not "
                "meaningful; the converted figure is not meaningful either"
            )
        self.conversions[(cur, period)] = found
        return found[0]

    # -- combining ----------------------------------------------------------------------
    def combine(self, key: tuple[Any, ...], places: dict[Any, dict[Any, Cell]]) -> AggregateRow:
        if len(places) == 1:
            ((place, slots),) = places.items()
            if len(slots) == 1 and ("country" in self.by or self._single_ok()):
                return self.combine_one(key, place, slots)
        per_place = {place: self.over_time(place, slots) for place, slots in places.items()}
        every = [c for slots in places.values() for c in slots.values()]
        countries = tuple(sorted(per_place, key=sort_key))
        rows = sum(c.rows for c in every)
        ids = tuple(sorted(i for c in every for i in c.ids))
        extra: dict[str, Any] = {}
        if "country" in self.by or (len(per_place) == 1 and self._single_ok()):
            value = next(iter(per_place.values()))
        else:
            value = self.across(key, per_place)
            if self.rule.across_countries is CountryAggregation.COUNT_ACHIEVED:
                extra = credit(per_place, places)
                value = len(extra["credited"])
        return AggregateRow(
            key=key,
            by=self.by,
            value=finish(value),
            rows=rows,
            ids=ids,
            countries=countries,
            basis=Basis.TOTAL if self.family == "flow" else Basis.POINT,
            period=self.span(every),
            flags=self.flags(every),
            **extra,
        )

    def combine_one(self, key: tuple[Any, ...], place: Any, slots: dict[Any, Cell]) -> AggregateRow:
        """:meth:`combine` of a group holding one place and one time slot (the common case)."""
        value = self.over_time(place, slots)
        (cell,) = slots.values()
        period = None
        if cell.start is not None and cell.end is not None:
            period = self._spans.get((cell.start, cell.end))
            if period is None:
                period = self._spans[(cell.start, cell.end)] = Period(cell.start, cell.end)
        flags: tuple[str, ...] = ()
        if cell.quality or self.not_meaningful:
            flags = self.flags([cell])
        return AggregateRow(
            key=key,
            by=self.by,
            value=finish(value),
            rows=cell.rows,
            ids=tuple(sorted(cell.ids)) if cell.ids else (),
            countries=(place,),
            basis=Basis.TOTAL if self.family == "flow" else Basis.POINT,
            period=period,
            flags=flags,
        )

    def span(self, cells: list[Cell]) -> Period | None:
        """The days the cells cover, from the earliest start to the latest end (one object each)."""
        starts = [c.start for c in cells if c.start is not None]
        ends = [c.end for c in cells if c.end is not None]
        if not starts or not ends:
            return None
        key = (min(starts), max(ends))
        found = self._spans.get(key)
        if found is None:
            found = self._spans[key] = Period(*key)
        return found

    def flags(self, cells: list[Cell]) -> tuple[str, ...]:
        bits = 0
        for cell in cells:
            bits |= cell.quality
        names = [name for i, name in enumerate(QUALITY) if bits & (1 << i)] if bits else []
        if self.not_meaningful and any(f in self.not_meaningful for c in cells for f in c.parts):
            names.append("not-meaningful-rate")
        return tuple(names)

    def note_quality(self, rows: list[AggregateRow]) -> None:
        flagged = {f for r in rows for f in r.flags}
        self.assumptions.extend(words for flag, words in QUALITY_NOTES.items() if flag in flagged)

    def _single_ok(self) -> bool:
        return self.rule.across_countries is not CountryAggregation.COUNT_ACHIEVED

    def over_time(self, place: object, slots: dict[Any, Cell]) -> Any:
        rule = self.rule.over_time
        if self.kind != _BOOL and self.indicator.kind in (
            MeasureKind.PERCENTAGE,
            MeasureKind.RATIO,
            MeasureKind.ORDINAL,
        ):
            for slot, cell in slots.items():
                if cell.rows > 1:
                    raise self.fail(
                        f"{cell.rows} values of this {self.indicator.kind.value} fall into one "
                        f"group ({place}, {slot}) and cannot be added; add the dimension that "
                        "tells them apart to by, or filter to one"
                    )
        if self.kind == _BOOL:
            return self.reached(rule, slots)
        if len(slots) == 1:  # one time slot: every rule gives its value
            return next(iter(slots.values())).value
        if rule is TimeAggregation.SUM:
            return fsum(c.value for c in slots.values())
        if rule is TimeAggregation.LAST:
            return slots[max(slots, key=time_key)].value
        if rule is TimeAggregation.MAX:
            return max(c.value for c in slots.values())
        if len(slots) > 1:
            raise self._no_time_rule(len(slots))
        return next(iter(slots.values())).value

    def reached(self, rule: TimeAggregation, slots: dict[Any, Cell]) -> bool:
        reached = {s: reached_in(c, every=rule is TimeAggregation.ALL) for s, c in slots.items()}
        if rule is TimeAggregation.ALL:
            return all(reached.values())
        if rule is TimeAggregation.LAST:
            return reached[max(reached, key=time_key)]
        if rule is TimeAggregation.NONE and len(slots) > 1:
            raise self._no_time_rule(len(slots))
        return any(reached.values())

    def _no_time_rule(self, n: int) -> AggregationError:
        return self.fail(
            f"has no rule over time, and {n} periods fall into one group; break the result "
            "down by year or period, or narrow it to one period",
            hint="add 'year' or 'period' to by=, or narrow over= to one period",
        )

    def across(self, key: tuple[Any, ...], per_place: dict[Any, Any]) -> Any:
        rule = self.rule.across_countries
        values = list(per_place.values())
        if rule is CountryAggregation.SUM:
            return fsum(values)
        if rule is CountryAggregation.COUNT_ACHIEVED:
            if self.kind != _BOOL:
                raise self.fail(
                    "counts the countries that achieved it, which needs their targets; "
                    "use progress() per country and count the achieved ones, or add 'country' "
                    "to by"
                )
            return None
        what = (
            "percentages and ratios are not added or averaged across countries without "
            "weights; add 'country' to by, or define numerator and denominator indicators "
            "for a weighted mean"
            if self.indicator.kind in (MeasureKind.PERCENTAGE, MeasureKind.RATIO)
            else "add 'country' to by"
        )
        raise self.fail(
            f"is not aggregated across countries, and {len(values)} countries fall into the "
            f"group {key!r}: {what}"
        )


def _valued(kinds: Any) -> Any:
    """The rows whose kind is not 0 (no value), in the column's own backend."""
    if cols_.is_python(kinds):
        return cols_.nonzero(kinds)
    import numpy as np

    return np.flatnonzero(kinds)
