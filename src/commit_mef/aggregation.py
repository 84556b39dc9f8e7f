"""Aggregation: turning observations into regional results, by the indicator's own rules.

:func:`aggregate` combines the observations of one indicator in an
:class:`~commit_mef.ObservationTable` along the axes asked for (``by``), and
collapses the others following the indicator's :class:`~commit_mef.indicators.AggregationRule`:
over time (a flow is summed, a stock keeps its last or largest value, a
milestone is reached if reached in any period) and across countries (summed,
the countries that achieved it counted, or a weighted mean recomputed from
numerator and denominator).

It refuses, with an :class:`~commit_mef.AggregationError` that says why and
what to do instead, whatever would give a wrong number silently: summing a
stock over time, summing or averaging percentages without their weights,
aggregating qualitative values, mixing count units or currencies, putting a
multi-year figure into one year without asking for day-weighted proration,
and adding an observation to another it is part of.

The sums are exact: integer sums of the table's scaled magnitudes, computed
vectorised with numpy over the rows and then, once per distinct
(country, period, currency...) combination, in exact rational arithmetic.
Money is converted per the observation's own period; a converted total is
the exact sum of ``amount x rate(to) / rate(from)`` over its rows, rounded
once, half-even, to 28 significant digits when its decimal expansion does
not end.

Examples:
    >>> from decimal import Decimal
    >>> from commit_mef import ObservationTable, aggregate
    >>> from commit_mef.indicators import Indicator
    >>> trained = Indicator(id="trained", name="People trained", kind="count", unit="person")
    >>> table = ObservationTable.from_columns(
    ...     indicator="trained",
    ...     country=["LAO", "LAO", "KHM"],
    ...     period=[2013, 2014, 2014],
    ...     magnitude=[78, 440, 401],
    ...     unit="person",
    ... )
    >>> result = aggregate(table, trained, by=("country",))
    >>> {str(row.key[0]): row.value for row in result}
    {'Cambodia': Decimal('401'), 'Lao PDR': Decimal('518')}
    >>> aggregate(table, trained, by=()).value()
    Decimal('919')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef.countries import GMS, Country
from commit_mef.errors import AggregationError
from commit_mef.indicators import (
    AggregationRule,
    CountryAggregation,
    Indicator,
    MeasureKind,
    TimeAggregation,
)
from commit_mef.observations import Basis, CountryPair, ObservationTable
from commit_mef.observations import _columns as cols_
from commit_mef.periods import Period

if TYPE_CHECKING:
    from commit_mef.money import Conversion, RateTable

__all__ = [
    "AggregateResult",
    "AggregateRow",
    "aggregate",
]

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
_STOCK = (TimeAggregation.LAST, TimeAggregation.MAX)


@attrs.frozen(kw_only=True)
class AggregateRow:
    """One group of an aggregate: its key, its value, and what went into it.

    Attributes:
        key: One item per axis of ``by``: a :class:`~commit_mef.Country` or
            :class:`~commit_mef.CountryPair` for ``"country"``, an ``int`` for
            ``"year"``, a :class:`~commit_mef.Period` for ``"period"``, an ISO
            code for ``"currency"``, a code (or ``None``) for a dimension.
        value: A :class:`~decimal.Decimal` for numbers and money, a ``bool``
            for a milestone per country, an ``int`` for a count of countries
            that achieved a milestone, ``None`` where a weighted mean has a
            zero denominator.
        rows: How many observations went into it.
        ids: The ids of those observations that have one, sorted.
        countries: The countries (or pairs) that contributed, in report order.
        numerator: For a weighted mean, the aggregated numerator.
        denominator: For a weighted mean, the aggregated denominator.

    Examples:
        >>> row = AggregateRow(key=(2014,), value=Decimal("5"), rows=2)
        >>> row.value, row.ids
        (Decimal('5'), ())
    """

    key: tuple[Any, ...]
    value: Decimal | bool | int | None
    rows: int
    ids: tuple[str, ...] = ()
    countries: tuple[Country | CountryPair, ...] = ()
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@attrs.frozen(kw_only=True)
class AggregateResult:
    """The result of :func:`aggregate`: one :class:`AggregateRow` per group, and its provenance.

    Attributes:
        indicator: The id of the indicator aggregated.
        by: The axes grouped by.
        rows: One row per group, sorted by key (countries in report order).
        unit: The unit of the values: a count unit, an ISO currency code,
            ``"percent"``, or ``None``.
        rule: The aggregation rule applied.
        over: The period aggregated over, if one was given.
        conversions: One :class:`~commit_mef.rates.Conversion` of one unit per
            (currency, period) converted, carrying the rates used and their sources.
        assumptions: Every assumption made, in words (prorations, rows left out...).

    Examples:
        >>> result = AggregateResult(indicator="x", by=("year",), rows=(
        ...     AggregateRow(key=(2014,), value=Decimal("5"), rows=2),), unit="person",
        ...     rule=AggregationRule("sum", "sum"))
        >>> result[2014].value, result.value(2014), len(result)
        (Decimal('5'), Decimal('5'), 1)
        >>> result.as_dict()
        {(2014,): Decimal('5')}
    """

    indicator: str
    by: tuple[str, ...]
    rows: tuple[AggregateRow, ...]
    unit: str | None
    rule: AggregationRule
    over: Period | None = None
    conversions: tuple[Conversion, ...] = ()
    assumptions: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[AggregateRow]:
        return iter(self.rows)

    def __getitem__(self, key: object) -> AggregateRow:
        wanted = key if isinstance(key, tuple) else (key,)
        for row in self.rows:
            if row.key == wanted:
                return row
        raise KeyError(f"no group {wanted!r} in the aggregate of {self.indicator!r}")

    def value(self, *key: object) -> Decimal | bool | int | None:
        """The value of the group ``key`` (no arguments for ``by=()``).

        Raises:
            KeyError: no such group.

        Examples:
            >>> AggregateResult(indicator="x", by=(), rows=(AggregateRow(key=(), value=Decimal(3), rows=1),),
            ...     unit=None, rule=AggregationRule("sum", "sum")).value()
            Decimal('3')
        """
        return self[tuple(key)].value

    def as_dict(self) -> dict[tuple[Any, ...], Decimal | bool | int | None]:
        """``{key: value}`` for every group.

        Examples:
            >>> AggregateResult(indicator="x", by=(), rows=(), unit=None,
            ...     rule=AggregationRule("sum", "sum")).as_dict()
            {}
        """
        return {row.key: row.value for row in self.rows}


# ---------------------------------------------------------------------------------------
# aggregate()
# ---------------------------------------------------------------------------------------


@attrs.define
class _Cell:
    """What accumulates in one (group, place, time slot).

    ``parts`` maps the index of an exact factor in ``factors`` (scale x share x
    rate factor) to the integer sum of the magnitudes it applies to, so that
    rational arithmetic happens once per distinct factor, not once per combination.
    """

    factors: list[Fraction]
    parts: dict[int, int] = attrs.Factory(dict)
    rows: int = 0
    ids: list[str] = attrs.Factory(list)
    _value: Fraction | None = None

    @property
    def value(self) -> Fraction:
        if self._value is None:
            self._value = _fsum(self.factors[f] * m for f, m in self.parts.items())
        return self._value


def aggregate(
    table: ObservationTable,
    indicator: Indicator,
    by: Sequence[str] = ("country", "year"),
    *,
    over: Period | None = None,
    currency: str | None = None,
    rates: RateTable | None = None,
    prorate: bool = False,
    rule: AggregationRule | None = None,
    indicators: Mapping[str, Indicator] | Iterable[Indicator] | None = None,
    allow_not_meaningful: bool = False,
) -> AggregateResult:
    """Aggregate one indicator's observations by some axes, following its rules for the others.

    Args:
        table: The observations (rows of other indicators are ignored).
        indicator: The indicator to aggregate; its kind, unit and rule decide how.
        by: The axes to keep: ``"country"`` (a bilateral fact is its own
            :class:`~commit_mef.CountryPair` group), ``"year"`` (calendar
            years), ``"period"`` (each observation's own period),
            ``"currency"`` (money kept apart per currency, not converted) or a
            disaggregation dimension (``"sex"``).  ``()`` gives one total.
        over: Only the part of the data that falls in this period: flows
            wholly inside it, stocks and milestones as at an end inside it.
        currency: Convert money into this currency (``"USD"``); needed when
            the observations are in several currencies.
        rates: The :class:`~commit_mef.rates.RateTable` to convert with, rate
            per the observation's own period (``RateTable.wdi()``).
        prorate: Split figures over periods that straddle a year or ``over``
            boundary by days (day-weighted) instead of refusing.
        rule: Apply this rule instead of the indicator's (it must suit the
            indicator's kind).
        indicators: The numerator and denominator indicators of a weighted
            mean, by id or as a list.
        allow_not_meaningful: Convert with rates marked not meaningful
            (Myanmar before 2012) instead of refusing.

    Returns:
        An :class:`AggregateResult` with a row per group and what made it.

    Raises:
        AggregationError: the aggregation would mix what does not mix; the
            message says why and what to do instead.
        MissingRateError: a conversion rate is missing.
        RateNotMeaningfulError: a rate needed is marked not meaningful.

    Examples:
        >>> from commit_mef import Observation
        >>> from commit_mef.money import Money, RateTable
        >>> from commit_mef.indicators import Indicator
        >>> budget = Indicator(id="budget", name="Budget", kind="money", unit="currency")
        >>> table = ObservationTable.from_rows([
        ...     Observation(indicator="budget", country="THA", period=2014, value=Money("210000000", "THB")),
        ...     Observation(indicator="budget", country="KHM", period=2014, value=Money("149000000", "KHR")),
        ... ])
        >>> aggregate(table, budget, by=("year",))
        Traceback (most recent call last):
        ...
        commit_mef.errors.AggregationError: budget: the observations are in 2 currencies (KHR, THB); pass currency='USD' and rates=RateTable.wdi() to convert them, or add 'currency' to by to keep them apart
        >>> usd = aggregate(table, budget, by=("year",), currency="USD", rates=RateTable.wdi())
        >>> round(usd.value(2014), 2), usd.unit
        (Decimal('6502454.44'), 'USD')
        >>> [c.method for c in usd.conversions]
        ['KHR to USD via US$; KHR: the 2014 rate', 'THB to USD via US$; THB: the 2014 rate']
    """
    if not isinstance(table, ObservationTable):
        raise TypeError(
            f"aggregate() takes an ObservationTable, got {type(table).__name__}; "
            "build one with ObservationTable.from_rows(observations)"
        )
    if not isinstance(indicator, Indicator):
        raise TypeError(f"aggregate() takes an Indicator, got {type(indicator).__name__}")
    axes = _check_by(by, indicator, table)
    applied = _check_rule(indicator, rule)
    if over is not None and not isinstance(over, Period):
        raise TypeError(f"over must be a Period or None, got {type(over).__name__} {over!r}")
    if applied.across_countries is CountryAggregation.WEIGHTED_MEAN:
        return _weighted_mean(
            table,
            indicator,
            axes,
            applied,
            indicators,
            over=over,
            currency=currency,
            rates=rates,
            prorate=prorate,
            allow_not_meaningful=allow_not_meaningful,
        )
    return _Aggregation(
        table.filter(indicator=indicator.id),
        indicator,
        axes,
        applied,
        over=over,
        currency=currency,
        rates=rates,
        prorate=prorate,
        allow_not_meaningful=allow_not_meaningful,
    ).run()


def _check_by(by: Sequence[str], indicator: Indicator, table: ObservationTable) -> tuple[str, ...]:
    if isinstance(by, str):
        raise TypeError(f"by must be a tuple of axes such as ({by!r},), not the string {by!r}")
    axes = tuple(by)
    known = {"country", "year", "period", "currency"}
    dims = {d.id for d in indicator.dimensions} | set(table.dimensions)
    for axis in axes:
        if not isinstance(axis, str):
            raise TypeError(f"each axis in by must be a string, got {axis!r}")
        if axis not in known and axis not in dims and len(table):
            raise AggregationError(
                f"cannot group by {axis!r}: it is neither 'country', 'year', 'period', "
                f"'currency' nor a disaggregation dimension of the data "
                f"({', '.join(sorted(dims)) or 'none'}); check the spelling",
                indicator=indicator.id,
            )
    if len(set(axes)) != len(axes):
        raise AggregationError(f"by names an axis twice: {axes!r}", indicator=indicator.id)
    return axes


def _check_rule(indicator: Indicator, rule: AggregationRule | None) -> AggregationRule:
    kind = indicator.kind
    if kind is MeasureKind.QUALITATIVE:
        raise AggregationError(
            "is qualitative: its values are texts, which are never aggregated; list them with "
            "table.filter(indicator=...) or count them with a milestone indicator",
            indicator=indicator.id,
        )
    if rule is None:
        return indicator.rule
    if not isinstance(rule, AggregationRule):
        raise TypeError(f"rule must be an AggregationRule, got {type(rule).__name__}")
    over_time, across = AggregationRule.allowed_for(kind)
    own = indicator.rule.over_time
    if rule.over_time is TimeAggregation.SUM and own in _STOCK:
        raise AggregationError(
            f"is a stock (its rule keeps the {own.value} value over time): summing it over "
            "years counts the same offices, people or cases again each year; keep its rule, or "
            "group by 'year' to see each year's value",
            indicator=indicator.id,
        )
    if rule.over_time not in over_time:
        raise AggregationError(
            f"is a {kind.value}, which cannot be aggregated over time by "
            f"{rule.over_time.value!r}; use one of {', '.join(repr(a.value) for a in over_time)}",
            indicator=indicator.id,
        )
    if rule.across_countries not in across:
        what = (
            "summing percentages or ratios across countries is meaningless; use a weighted mean "
            "recomputed from numerator and denominator ('weighted_mean')"
            if kind in (MeasureKind.PERCENTAGE, MeasureKind.RATIO)
            else f"use one of {', '.join(repr(a.value) for a in across)}"
        )
        raise AggregationError(
            f"is a {kind.value}, which cannot be aggregated across countries by "
            f"{rule.across_countries.value!r}: {what}",
            indicator=indicator.id,
        )
    if rule.across_countries is CountryAggregation.WEIGHTED_MEAN and (
        indicator.numerator is None or indicator.denominator is None
    ):
        raise AggregationError(
            "a weighted mean is recomputed from numerator and denominator, and this indicator "
            "names neither; define it with numerator=... and denominator=...",
            indicator=indicator.id,
        )
    return rule


class _Aggregation:
    """One run of :func:`aggregate` for a rule other than the weighted mean."""

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

    def fail(self, message: str) -> AggregationError:
        return AggregationError(message, indicator=self.indicator.id)

    # -- checks on the rows ---------------------------------------------------------------
    def check_rows(self) -> ObservationTable:
        table = self.table
        cols = table._storage()
        kinds = cols_.bincount(cols["kind"][0], 5)
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
            table = table.filter(predicate=lambda o: o.value is not None)
            cols = table._storage()
        self.check_basis(cols)
        self.check_subsets(cols)
        self.check_units(cols)
        return table

    def check_basis(self, cols: dict[str, Any]) -> None:
        codes, cats = cols["basis"]
        used = cols_.bincount(codes, len(cats)) if len(codes) else []
        for basis, count in zip(cats, used, strict=False):
            if count and basis in (Basis.PER_EVENT, Basis.PER_PERSON):
                what = "event" if basis is Basis.PER_EVENT else "person"
                raise self.fail(
                    f"{count} observation(s) are given per {what}: a rate, not a total, so "
                    f"adding them counts nothing real; multiply each by the number of "
                    f"{what}s first, or filter them out"
                )

    def check_subsets(self, cols: dict[str, Any]) -> None:
        if "subset_of" not in cols or "id" not in cols:
            return
        sub_codes, sub_cats = cols["subset_of"]
        id_codes, id_cats = cols["id"]
        present = set(_present(id_codes, id_cats)) - {None}
        for row in cols_.nonzero(sub_codes):
            parent = sub_cats[int(sub_codes[row])]
            if parent in present:
                child = id_cats[int(id_codes[row])]
                raise self.fail(
                    f"observation {child!r} is flagged as a subset of {parent!r} and both are "
                    f"included, so adding them double counts; drop one, e.g. "
                    f"table.filter(predicate=lambda o: o.id != {child!r})"
                )

    def check_units(self, cols: dict[str, Any]) -> None:  # noqa: PLR0912 - one check per measure kind

        ucodes, ucats = cols["unit"]
        units = sorted(set(_present(ucodes, ucats)) - {None}, key=str)  # present units
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
            self.currencies = sorted(set(_present(ccodes, ccats)) - {None})
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
                        f"({', '.join(self.currencies)}); pass currency='USD' and "
                        "rates=RateTable.wdi() to convert them, or add 'currency' to by to keep "
                        "them apart"
                    )
                self.unit = self.currencies[0] if self.currencies else fixed
            else:
                from commit_mef.money import currency as lookup

                self.target = lookup(self.target).code
                if self.rates is None and any(c != self.target for c in self.currencies):
                    raise self.fail(
                        f"converting {', '.join(c for c in self.currencies if c != self.target)} "
                        f"into {self.target} needs rates: pass rates=RateTable.wdi() or your own "
                        "RateTable"
                    )
                self.unit = self.target
        elif self.indicator.kind is MeasureKind.PERCENTAGE:
            self.unit = "percent"
        else:
            self.unit = expected

    # -- the run --------------------------------------------------------------------------
    def run(self) -> AggregateResult:  # noqa: PLR0912, PLR0915 - one pass over the combinations, kept together for speed
        table = self.check_rows()
        cols = table._storage()
        n = len(table)
        needed = ["country", "period", "basis"]
        if self.kind == _MONEY:
            needed.append("currency")
        dims = [a for a in self.by if a not in ("country", "year", "period", "currency")]
        keycols = [cols[k] for k in needed] + [table._key_column(d) for d in dims]
        groups, first, k = cols_.group_codes(((c, len(cats)) for c, cats in keycols), n)
        counts = cols_.bincount(groups, k) if n else []
        sums = cols_.grouped_sums(groups, k, cols["magnitude"]) if n else []
        ids: list[list[str]] = [[] for _ in range(k)]
        if "id" in cols:
            id_codes, id_cats = cols["id"]
            for g, c in zip(cols_.tolist(groups), cols_.tolist(id_codes), strict=True):
                if c:
                    ids[g].append(id_cats[c])
        scale = Fraction(10) ** cols["exponent"]
        # the categories of each combination, read once per column
        firsts = cols_.tolist(first) if k else []
        decoded = [
            [cats[c] for c in cols_.tolist(cols_.take(codes, first))] if k else []
            for codes, cats in keycols
        ]
        places, periods, bases = decoded[0], decoded[1], decoded[2]
        curs = decoded[3] if self.kind == _MONEY else [None] * k
        dimvals = decoded[len(needed) :]
        shares: dict[tuple[Period | None, Basis], list[tuple[Any, Fraction]]] = {}
        factors: dict[tuple[str | None, Period | None], int] = {}
        self.factor_list: list[Fraction] = []
        prorated: dict[tuple[int, Fraction], int] = {}
        plan = []
        for axis in self.by:
            if axis == "country":
                plan.append(0)
            elif axis in ("year", "period"):
                plan.append(1)
            elif axis == "currency":
                plan.append(2)
            else:
                plan.append(3 + dims.index(axis))
        flat: dict[tuple[Any, ...], _Cell] = {}
        factor_list = self.factor_list
        for g in range(k):
            place, period, basis, cur = places[g], periods[g], bases[g], curs[g]
            pieces = shares.get((period, basis))
            if pieces is None:
                pieces = shares[(period, basis)] = self.attribute(period, basis)
            base = factors.get((cur, period))
            if base is None:
                base = factors[(cur, period)] = len(factor_list)
                factor_list.append(
                    scale * (self.rate_factor(cur, period) if cur is not None else 1)
                )
            for slot, share in pieces:
                fixed = (
                    (place, slot, cur, *[d[g] for d in dimvals])
                    if dimvals
                    else (
                        place,
                        slot,
                        cur,
                    )
                )
                key = tuple([fixed[i] for i in plan])
                cell = flat.get((key, place, slot))
                if cell is None:
                    cell = flat[(key, place, slot)] = _Cell(factor_list)
                factor = base
                if share != 1:
                    factor = prorated.get((base, share), -1)
                    if factor < 0:
                        factor = prorated[(base, share)] = len(factor_list)
                        factor_list.append(factor_list[base] * share)
                parts = cell.parts
                parts[factor] = parts.get(factor, 0) + sums[g]
                cell.rows += counts[g]
                if ids[g]:
                    cell.ids.extend(ids[g])
        del firsts
        cells: dict[tuple[Any, ...], dict[Any, dict[Any, _Cell]]] = {}
        for (key, place, slot), cell in flat.items():
            cells.setdefault(key, {}).setdefault(place, {})[slot] = cell
        rows = [self.combine(key, places) for key, places in cells.items()]
        rows.sort(key=lambda r: tuple(_sort_key(v) for v in r.key))
        conversions = tuple(c for _, c in self.conversions.values() if c is not None)
        return AggregateResult(
            indicator=self.indicator.id,
            by=self.by,
            rows=tuple(rows),
            unit=self.unit,
            rule=self.rule,
            over=self.over,
            conversions=tuple(
                sorted(
                    conversions, key=lambda c: (c.source.currency.code, c.over.start, c.over.end)
                )
            ),
            assumptions=tuple(dict.fromkeys(self.assumptions)),
        )

    # -- time ---------------------------------------------------------------------------
    def attribute(self, period: Period | None, basis: Basis) -> list[tuple[Any, Fraction]]:
        """The time slots a combination's amount goes to, each with its share."""
        if self.rule.over_time is TimeAggregation.SUM:
            return self.attribute_flow(period, basis)
        return self.attribute_state(period)

    def need_period(self, why: str) -> AggregationError:
        return self.fail(
            f"some observations have no period, so {why}; give them a period or filter them "
            "out with table.filter(predicate=lambda o: o.period is not None)"
        )

    def attribute_flow(self, period: Period | None, basis: Basis) -> list[tuple[Any, Fraction]]:  # noqa: PLR0912 - one branch per kind of period and basis
        by_year = "year" in self.by
        by_period = "period" in self.by
        if period is None:
            if self.over is not None or by_year or basis is Basis.PER_YEAR:
                raise self.need_period("they cannot be placed in time")
            return [(None, Fraction(1))]
        window = period
        if self.over is not None:
            inter = period.intersection(self.over)
            if inter is None:
                return []
            if inter != period and basis is not Basis.PER_YEAR:
                if not self.prorate:
                    raise self.fail(
                        f"a figure over {period} straddles the period asked for ({self.over}); "
                        "pass prorate=True to count the share of its days that falls inside "
                        "(day-weighted), or choose over= to cover it"
                    )
                self.assumptions.append(
                    f"figures straddling {self.over} were prorated by days (day-weighted)"
                )
            window = inter
        slot_of = (lambda p: p.start.year) if by_year else (lambda p: period if by_period else None)
        if basis is Basis.PER_YEAR:
            out = []
            for piece in window.split_by_year():
                if piece.is_whole_years:
                    share = Fraction(1)
                elif self.prorate:
                    days = Period.year(piece.start.year).days
                    share = Fraction(piece.days, days)
                    self.assumptions.append(
                        "per-year figures over part of a year were prorated by days "
                        "(value x days / days in that year)"
                    )
                else:
                    raise self.fail(
                        f"a per-year figure over {period} covers part of a calendar year "
                        f"({piece}); pass prorate=True to count the share of the year's days, "
                        "or give the figure over whole years"
                    )
                out.append((slot_of(piece), share))
            return _merge(out)
        # a total (or a point value of a flow) over the period
        if by_year and window.start.year != window.end.year:
            if not self.prorate:
                raise self.fail(
                    f"a figure for {period} covers several years and cannot be put into one "
                    "year; pass prorate=True to split it by days (day-weighted), or aggregate "
                    "without 'year' (e.g. by=('country',) with over=...)"
                )
            self.assumptions.append(
                "multi-year figures were split into calendar years by days (day-weighted)"
            )
            return [
                (piece.start.year, Fraction(piece.days, period.days))
                for piece in window.split_by_year()
            ]
        return [(slot_of(window), Fraction(window.days, period.days))]

    def attribute_state(self, period: Period | None) -> list[tuple[Any, Fraction]]:
        if period is None:
            if self.over is not None or "year" in self.by or "period" in self.by:
                raise self.need_period("they cannot be placed in time")
            return [(None, Fraction(1))]
        if self.over is not None and not self.over.contains(period.end):
            return []
        if "year" in self.by:
            if period.start.year != period.end.year:
                self.assumptions.append(
                    "a state reported over several years is taken as the state at the end of "
                    "its period (counted in the year it ends)"
                )
            return [(period.end.year, Fraction(1))]
        return [(period, Fraction(1))]

    # -- money --------------------------------------------------------------------------
    def rate_factor(self, cur: str, period: Period | None) -> Fraction:
        if self.target is None or cur == self.target:
            return Fraction(1)
        if period is None:
            raise self.need_period(f"no rate can be chosen to convert {cur}")
        known = self.conversions.get((cur, period))
        if known is not None:
            return known[0]
        assert self.rates is not None  # noqa: S101 - checked in check_units
        cache = _rate_cache(self.rates)
        key = (cur, self.target, period, self.allow)
        found = cache.get(key)
        if found is None:
            from commit_mef.money import Money

            conversion = self.rates.conversion(
                Money(1, cur), self.target, over=period, allow_not_meaningful=self.allow
            )
            factor = Fraction(conversion.to_rate) / Fraction(conversion.from_rate)
            found = cache[key] = (factor, conversion)
        self.conversions[(cur, period)] = found
        return found[0]

    # -- combining ----------------------------------------------------------------------
    def combine(self, key: tuple[Any, ...], places: dict[Any, dict[Any, _Cell]]) -> AggregateRow:
        per_place: dict[Any, tuple[Any, int, list[str]]] = {}
        for place, slots in places.items():
            per_place[place] = self.over_time(place, slots)
        countries = tuple(sorted(per_place, key=_sort_key))
        rows = sum(v[1] for v in per_place.values())
        ids = tuple(sorted(i for v in per_place.values() for i in v[2]))
        if "country" in self.by or (len(per_place) == 1 and self._single_ok()):
            (value, _, _) = next(iter(per_place.values()))
        else:
            value = self.across(key, per_place)
        return AggregateRow(
            key=key,
            value=_finish(value),
            rows=rows,
            ids=ids,
            countries=countries,
        )

    def _single_ok(self) -> bool:
        return self.rule.across_countries is not CountryAggregation.COUNT_ACHIEVED

    def over_time(self, place: object, slots: dict[Any, _Cell]) -> tuple[Any, int, list[str]]:  # noqa: PLR0911 - one return per time rule
        rule = self.rule.over_time
        rows = sum(c.rows for c in slots.values())
        ids = [i for c in slots.values() for i in c.ids]
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
            every = rule is TimeAggregation.ALL
            reached = {s: _reached(c, every=every) for s, c in slots.items()}
            if rule is TimeAggregation.ALL:
                return all(reached.values()), rows, ids
            if rule is TimeAggregation.LAST:
                return reached[max(reached, key=_time_key)], rows, ids
            if rule is TimeAggregation.NONE and len(slots) > 1:
                raise self._no_time_rule(len(slots))
            return any(reached.values()), rows, ids
        if rule is TimeAggregation.SUM:
            return _fsum(c.value for c in slots.values()), rows, ids
        if rule is TimeAggregation.LAST:
            return slots[max(slots, key=_time_key)].value, rows, ids
        if rule is TimeAggregation.MAX:
            return max(c.value for c in slots.values()), rows, ids
        if len(slots) > 1:
            raise self._no_time_rule(len(slots))
        return next(iter(slots.values())).value, rows, ids

    def _no_time_rule(self, n: int) -> AggregationError:
        return self.fail(
            f"has no rule over time, and {n} periods fall into one group; add 'year' or "
            "'period' to by, or narrow over= to one period"
        )

    def across(self, key: tuple[Any, ...], per_place: dict[Any, tuple[Any, int, list[str]]]) -> Any:
        rule = self.rule.across_countries
        values = [v[0] for v in per_place.values()]
        if rule is CountryAggregation.SUM:
            return _fsum(values)
        if rule is CountryAggregation.COUNT_ACHIEVED:
            if self.kind != _BOOL:
                raise self.fail(
                    "counts the countries that achieved it, which needs their targets; "
                    "use progress() per country and count the achieved ones, or add 'country' "
                    "to by"
                )
            return sum(1 for v in values if v)
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


def _present(codes: Any, cats: tuple[Any, ...]) -> list[Any]:
    """The categories some row uses."""
    if not len(codes):
        return []
    used = cols_.bincount(codes, len(cats))
    return [c for c, u in zip(cats, used, strict=True) if u]


def _fsum(values: Iterable[Fraction]) -> Fraction:
    """The exact sum of fractions, normalised once (not after every addition)."""
    num, den = 0, 1
    count = 0
    last = Fraction(0)
    for value in values:
        last = value
        count += 1
        p, q = value.numerator, value.denominator
        if q == den:
            num += p
        else:
            num, den = num * q + p * den, den * q
    if count == 1:
        return last
    return Fraction(num, den)


_RATE_CACHES: dict[int, tuple[Any, dict[Any, tuple[Fraction, Conversion]]]] = {}


def _rate_cache(rates: RateTable) -> dict[Any, tuple[Fraction, Conversion]]:
    """Exact conversion factors already worked out for a rate table (dropped with the table).

    A :class:`~commit_mef.rates.RateTable` is immutable, so a factor once computed
    stays right; keyed by the table's identity, removed when the table is collected.
    """
    import weakref

    key = id(rates)
    entry = _RATE_CACHES.get(key)
    if entry is not None and entry[0]() is rates:
        return entry[1]

    def forget(_ref: object, key: int = key) -> None:
        _RATE_CACHES.pop(key, None)

    ref = weakref.ref(rates, forget)
    cache: dict[Any, tuple[Fraction, Conversion]] = {}
    _RATE_CACHES[key] = (ref, cache)
    return cache


def _reached(cell: _Cell, *, every: bool) -> bool:
    """Whether a milestone is reached in a slot: its value is the number of yes rows."""
    return cell.value == cell.rows if every else cell.value > 0


def _merge(pieces: list[tuple[Any, Fraction]]) -> list[tuple[Any, Fraction]]:
    out: dict[Any, Fraction] = {}
    for slot, share in pieces:
        out[slot] = out.get(slot, Fraction(0)) + share
    return list(out.items())


def _time_key(slot: object) -> tuple[Any, ...]:
    if isinstance(slot, Period):
        return (slot.end, slot.start)
    if isinstance(slot, int):
        return (dt.date(slot, 12, 31), dt.date(slot, 1, 1))
    return (dt.date.min, dt.date.min)


def _finish(value: Any) -> Decimal | bool | int | None:
    if isinstance(value, Fraction):
        return cols_.fraction_to_decimal(value)
    return value  # type: ignore[no-any-return]


_GMS_ORDER = {c.alpha_3: i for i, c in enumerate(GMS)}


def _sort_key(value: object) -> tuple[Any, ...]:
    """Sort countries in report order (then by code), pairs after them, None last."""
    if value is None:
        return (9, "")
    if isinstance(value, Country):
        return (0, _GMS_ORDER.get(value.alpha_3, 99), value.alpha_3)
    if isinstance(value, CountryPair):
        return (1, value.code)
    if isinstance(value, Period):
        return (2, value.start, value.end)
    if isinstance(value, bool | int):
        return (3, int(value))
    return (4, str(value))


# ---------------------------------------------------------------------------------------
# weighted means
# ---------------------------------------------------------------------------------------


def _weighted_mean(
    table: ObservationTable,
    indicator: Indicator,
    by: tuple[str, ...],
    rule: AggregationRule,
    indicators: Mapping[str, Indicator] | Iterable[Indicator] | None,
    **options: Any,
) -> AggregateResult:
    catalogue: dict[str, Indicator] = {}
    if isinstance(indicators, Mapping):
        catalogue.update(indicators)
    elif indicators is not None:
        catalogue.update({i.id: i for i in indicators})
    parts = []
    for role in ("numerator", "denominator"):
        ident = getattr(indicator, role)
        found = catalogue.get(ident)
        if found is None:
            raise AggregationError(
                f"a weighted mean is recomputed from the {role} {ident!r}; pass its Indicator "
                "with indicators=[numerator, denominator]",
                indicator=indicator.id,
            )
        parts.append(aggregate(table, found, by, **options))
    num, den = parts
    scale = Decimal(100) if indicator.kind is MeasureKind.PERCENTAGE else indicator.factor
    assert scale is not None  # noqa: S101 - a ratio has a factor
    dens = {row.key: row for row in den}
    rows = []
    assumptions = [
        f"weighted mean recomputed as {indicator.numerator} / {indicator.denominator} x {scale}"
    ]
    for nrow in num:
        drow = dens.get(nrow.key)
        if drow is None:
            assumptions.append(f"group {nrow.key!r} has a numerator but no denominator: left out")
            continue
        nval, dval = nrow.value, drow.value
        assert isinstance(nval, Decimal)  # noqa: S101 - sums of numbers
        assert isinstance(dval, Decimal)  # noqa: S101 - sums of numbers
        value = (
            None
            if dval == 0
            else cols_.fraction_to_decimal(Fraction(nval) / Fraction(dval) * Fraction(scale))
        )
        rows.append(
            AggregateRow(
                key=nrow.key,
                value=value,
                rows=nrow.rows + drow.rows,
                ids=tuple(sorted((*nrow.ids, *drow.ids))),
                countries=tuple(sorted(set(nrow.countries) | set(drow.countries), key=_sort_key)),
                numerator=nval,
                denominator=dval,
            )
        )
    return AggregateResult(
        indicator=indicator.id,
        by=by,
        rows=tuple(rows),
        unit="percent" if indicator.kind is MeasureKind.PERCENTAGE else indicator.unit,
        rule=rule,
        over=options.get("over"),
        conversions=num.conversions + den.conversions,
        assumptions=tuple(dict.fromkeys((*assumptions, *num.assumptions, *den.assumptions))),
    )
