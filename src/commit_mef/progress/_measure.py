"""progress(): one target measured against the observations on a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef._validators import check_type
from commit_mef.errors import AggregationError, InvalidTypeError
from commit_mef.indicators import Indicator, MeasureKind, TimeAggregation
from commit_mef.observations import CountryPair, ObservationTable
from commit_mef.observations import _columns as cols_
from commit_mef.periods import Period

if TYPE_CHECKING:
    from commit_mef.plans import Plan, Target
    from commit_mef.rates import RateTable

from commit_mef.progress._judge import expected as _expected
from commit_mef.progress._judge import goal_number as _goal_number
from commit_mef.progress._judge import milestone as _milestone
from commit_mef.progress._judge import num as _num
from commit_mef.progress._judge import ratio as _ratio
from commit_mef.progress._judge import since as _since
from commit_mef.progress._judge import status as _status
from commit_mef.progress._pace import pace as _pace
from commit_mef.progress._result import EARLIEST as _EARLIEST
from commit_mef.progress._result import RANK as _RANK
from commit_mef.progress._result import Pace, PeriodResult, Progress, Status
from commit_mef.progress._source import Source

__all__ = ["progress"]


def progress(
    target: Target,
    table: ObservationTable,
    *,
    as_of: dt.date | None = None,
    plan: Plan | None = None,
    indicator: Indicator | None = None,
    indicators: Iterable[Indicator] | Mapping[str, Indicator] | None = None,
    rates: RateTable | None = None,
    allow_not_meaningful: bool = False,
) -> Progress:
    """Measure a target against the observations on a given day.

    Args:
        target: The target.
        table: The observations (only those of the target's indicator and
            countries are used).
        as_of: The day to measure on; by default the target's due date.
        plan: The plan the target belongs to: its indicators define how to
            aggregate, its period is the start of a target that has none.
        indicator: The target's indicator, when no plan is given.  Without
            either, it is inferred from the values (a number summed as a flow,
            money, a yes/no milestone), and a note says so.
        indicators: Further indicators (numerators and denominators of
            weighted means).
        rates: Rates to convert money into the target's currency.
        allow_not_meaningful: Convert with rates marked not meaningful (Myanmar
            before 2012) instead of refusing, as :func:`~commit_mef.aggregate` does;
            the notes then say so.

    Returns:
        A :class:`Progress`.  ``ACHIEVED`` means the goal is met in the target's
        direction (at least the value for an increase, at most for a decrease,
        held for maintain), at the baseline too; a value that moved away from the
        goal since the baseline is ``OFF_TRACK``; values dated before the
        baseline do not count.  A regional target that lists no countries binds
        every COMMIT member; a milestone counts only the countries the target
        binds (a pair credits a partner only when the partner is bound), and each
        bound country's part is listed in :attr:`Progress.parts` (for a regional
        total, each country's own contribution to it).

    Raises:
        AggregationError: the observations cannot be aggregated under the
            indicator's rules (the message says why).

    Examples:
        >>> from commit_mef import Observation
        >>> from commit_mef.plans import Target
        >>> npa = Target(id="npa", indicator="npa.adopted", value=True, deadline=dt.date(2014, 12, 31),
        ...              level="regional", countries=("KHM", "LAO"))
        >>> table = ObservationTable.from_rows([
        ...     Observation(indicator="npa.adopted", country="KHM", period=2013, value=True, basis="point"),
        ... ])
        >>> p = progress(npa, table, as_of=dt.date(2014, 12, 31))
        >>> p.achieved, p.goal, p.status.value
        (1, 2, 'off track')
    """
    from commit_mef.observations import ObservationTable
    from commit_mef.plans import Target

    check_type(target, Target, "progress()")
    check_type(table, ObservationTable, "progress(table=)")
    return measure(
        target,
        Source(table),
        as_of=as_of,
        plan=plan,
        indicator=indicator,
        catalogue=_catalogue(plan, indicators),
        options={"rates": rates, "allow_not_meaningful": allow_not_meaningful},
    )


def measure(
    target: Target,
    source: Source,
    *,
    as_of: dt.date | None,
    plan: Plan | None,
    indicator: Indicator | None,
    catalogue: dict[str, Indicator],
    options: dict[str, Any],
) -> Progress:
    """:func:`progress` on checked arguments, reading the observations through ``source``."""
    from commit_mef.plans import Level

    ind, notes = _resolve(target, source, plan, indicator)
    when = as_of if as_of is not None else (target.due or _latest(source, target))
    if isinstance(when, dt.datetime) or not isinstance(when, dt.date):
        raise InvalidTypeError(f"as_of must be a datetime.date, got {type(when).__name__} {when!r}")
    countries = list(target.countries)
    if target.level is Level.NATIONAL and len(countries) != 1:
        members = countries or _countries_in(source, _measured_by(ind))
        parts = tuple(
            attrs.evolve(
                _measure(
                    attrs.evolve(target, countries=(c,)),
                    source,
                    ind,
                    when,
                    plan,
                    catalogue,
                    options,
                    notes,
                ),
                country=c.alpha_3,
            )
            for c in members
        )
        if not parts:
            return Progress(
                target=target.id,
                indicator=target.indicator,
                as_of=when,
                status=Status.NO_DATA,
                notes=(*notes, "no country has data for this national target"),
            )
        worst = min(parts, key=lambda p: _RANK[p.status])
        return Progress(
            target=target.id,
            indicator=target.indicator,
            as_of=when,
            status=worst.status,
            goal=parts[0].goal,
            basis=parts[0].basis,
            rows=sum(p.rows for p in parts),
            ids=tuple(sorted(i for p in parts for i in p.ids)),
            parts=parts,
            notes=(*notes, "a national target: each country measured apart; status of the worst"),
        )
    if target.level is Level.REGIONAL and not countries:
        target = attrs.evolve(target, countries=_members())
        notes = (*notes, "a regional target that lists no countries binds every COMMIT member")
    return _measure(target, source, ind, when, plan, catalogue, options, notes)


def _members() -> tuple[Any, ...]:
    from commit_mef.countries import GMS

    return GMS


def _resolve(
    target: Target, source: Source, plan: Plan | None, indicator: Indicator | None
) -> tuple[Indicator, tuple[str, ...]]:
    if indicator is not None:
        if indicator.id != target.indicator:
            raise AggregationError(
                f"target {target.id!r} is measured by {target.indicator!r}, not by "
                f"{indicator.id!r}; pass the target's own indicator",
                indicator=indicator.id,
            )
        return indicator, ()
    if plan is not None:
        try:
            return plan.indicator(target.indicator), ()
        except LookupError:
            pass
    kind, unit = _infer(target, source)
    inferred = Indicator(id=target.indicator, name=target.indicator, kind=kind, unit=unit)
    note = (
        f"indicator {target.indicator!r} not defined here: treated as a {kind.value} with its "
        "default rule; pass plan= or indicator= to use its own"
    )
    return inferred, (note,)


def _infer(target: Target, source: Source) -> tuple[MeasureKind, str | None]:  # noqa: PLR0911 - one return per kind of value
    from commit_mef.money import Money

    value = target.value
    rows = source.rows(target.indicator)
    if isinstance(value, bool):
        return MeasureKind.MILESTONE, None
    if isinstance(value, Money):
        return MeasureKind.MONEY, "currency"
    if isinstance(value, str):
        return MeasureKind.QUALITATIVE, None
    sample = next(iter(rows), None)
    if sample is not None:
        if isinstance(sample.value, bool):
            return MeasureKind.MILESTONE, None
        if isinstance(sample.value, Money):
            return MeasureKind.MONEY, "currency"
        if isinstance(sample.value, str):
            return MeasureKind.QUALITATIVE, None
        if sample.unit is not None:
            from commit_mef.units import is_count_unit

            if is_count_unit(sample.unit):
                return MeasureKind.COUNT, sample.unit
    return MeasureKind.COUNT, _first_count_unit()


def _first_count_unit() -> str:
    from commit_mef.indicators import COUNT_UNITS

    return COUNT_UNITS[0]


def _catalogue(
    plan: Plan | None, indicators: Iterable[Indicator] | Mapping[str, Indicator] | None
) -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    if plan is not None:
        out.update({i.id: i for i in plan.indicators})
    if isinstance(indicators, Mapping):
        out.update(indicators)
    elif indicators is not None:
        out.update({i.id: i for i in indicators})
    return out


def _latest(source: Source, target: Target) -> dt.date:
    ends = [o.period.end for o in source.rows(target.indicator) if o.period]
    return max(ends) if ends else _EARLIEST


def _countries_in(source: Source, indicator: list[str]) -> list[Any]:
    from commit_mef.countries import GMS

    codes, cats = source.rows(indicator)._key_column("country")
    present = {cats[c] for c in set(cols_.tolist(codes))}
    singles = [p for p in present if not isinstance(p, CountryPair)]
    order = {c.alpha_3: i for i, c in enumerate(GMS)}
    return sorted(singles, key=lambda c: (order.get(c.alpha_3, 99), c.alpha_3))


def _start(target: Target, plan: Plan | None) -> dt.date | None:
    if target.period is not None:
        return target.period.start
    if target.baseline is not None and target.baseline.as_of is not None:
        return target.baseline.as_of + dt.timedelta(days=1)
    if plan is not None:
        return plan.period.start
    return None


def _measure(  # noqa: PLR0911, PLR0917 - one return per outcome; private
    target: Target,
    source: Source,
    ind: Indicator,
    as_of: dt.date,
    plan: Plan | None,
    catalogue: dict[str, Indicator],
    options: dict[str, Any],
    notes: tuple[str, ...],
) -> Progress:
    from commit_mef.money import Money

    notes_l = list(notes)
    start = _start(target, plan)
    due = target.due
    expected = _expected(start, due, as_of)
    base: dict[str, Any] = {
        "target": target.id,
        "indicator": target.indicator,
        "as_of": as_of,
        "expected": expected,
    }
    ids = _measured_by(ind)
    rows = source.derived(
        ("scope", tuple(ids), target.level, target.countries),
        lambda: _scope(source.rows(ids), target),
    )
    if ind.kind is MeasureKind.QUALITATIVE:
        texts = [o for o in rows if isinstance(o.value, str)]
        return Progress(
            **base,
            status=Status.NO_DATA if not texts else Status.NOT_ASSESSED,
            achieved=str(texts[-1].value) if texts else None,
            rows=len(texts),
            notes=(*notes_l, "a qualitative target is judged by a person, not computed"),
        )
    if start is not None and as_of < start:
        return Progress(**base, status=Status.NOT_STARTED, notes=(*notes_l, "before its start"))
    flow = ind.rule.over_time is TimeAggregation.SUM
    over = _window(target, start, as_of, flow=flow, notes=notes_l)
    if over is None or not len(rows):
        return Progress(**base, status=Status.NO_DATA, notes=tuple(notes_l))
    currency = None
    if isinstance(target.value, Money):
        currency = target.value.currency.code
    options = {**options, "currency": currency, "indicators": catalogue}
    result = source.aggregate(rows, ind, by=(), over=over, options=options)
    notes_l += result.assumptions
    if not len(result):
        return Progress(**base, status=Status.NO_DATA, notes=tuple(notes_l))
    row = result.rows[0]
    got = row.value
    prov: dict[str, Any] = {"rows": row.rows, "ids": row.ids}
    if ind.kind is MeasureKind.MILESTONE:
        return _milestone(target, row, due, as_of, base, prov, notes_l)
    if target.value is None:
        return Progress(
            **base,
            status=Status.NOT_ASSESSED,
            achieved=_num(got),
            **prov,
            notes=(*notes_l, "the target has no value to measure against"),
        )
    goal = _goal_number(target.value, ind)
    achieved = _num(got)
    if achieved is None:
        return Progress(**base, status=Status.NO_DATA, **prov, notes=tuple(notes_l))
    baseline = None
    if not flow and target.baseline is not None:
        baseline = _goal_number(target.baseline.value, ind)
    if target.per_year and flow and over is not None:
        achieved, expected, note = _per_year(achieved, over)
        notes_l.append(note)
    else:
        base.update(_paced(target, start, as_of, baseline, goal, expected, notes_l))
        expected = base["expected"]
    ratio = _ratio(achieved, goal, baseline, ind.direction)
    status = _status(ratio, expected, due, as_of, ind.direction, achieved, goal, baseline)
    parts = _shares(target, source, rows, ind, over, options, base, notes_l)
    periods = _periods(target, source, rows, ind, start, as_of, flow=flow, options=options)
    return Progress(
        **base,
        status=status,
        achieved=achieved,
        goal=goal,
        baseline=baseline,
        ratio=ratio,
        periods=periods,
        **prov,
        parts=parts,
        notes=tuple(dict.fromkeys(notes_l)),
    )


def _shares(  # noqa: PLR0917 - private; the measuring context passed on
    target: Target,
    source: Source,
    rows: ObservationTable,
    ind: Indicator,
    over: Period,
    options: dict[str, Any],
    base: dict[str, Any],
    notes: list[str],
) -> tuple[Progress, ...]:
    """Each bound country's part of a regional total (its own figures, no goal of its own)."""
    from commit_mef.plans import Level

    if target.level is not Level.REGIONAL or len(target.countries) < 2:
        return ()
    bound = source.derived(
        ("shares", tuple(_measured_by(ind)), target.level, target.countries),
        lambda: rows.filter(country=list(target.countries)),
    )
    try:
        by_country = source.aggregate(
            bound,
            ind,
            by=("country",),
            over=over,
            options=options,  # the target's currency, rates and indicators, as for the total
        )
    except AggregationError as err:
        notes.append(f"each country's part could not be computed: {err}")
        return ()
    values = {row.key[0]: row for row in by_country.rows}
    parts = []
    for c in target.countries:
        row = values.get(c)
        got = None if row is None else _num(row.value)
        if got is not None and target.per_year and ind.rule.over_time is TimeAggregation.SUM:
            got = _per_year(got, over)[0]
        parts.append(
            Progress(
                target=f"{target.id}:{c.alpha_3}",
                indicator=base["indicator"],
                as_of=base["as_of"],
                country=c.alpha_3,
                status=Status.NO_DATA if got is None else Status.NOT_ASSESSED,
                achieved=got,
                rows=0 if row is None else row.rows,
                ids=() if row is None else row.ids,
                notes=("a country's part of a regional total: the goal is the region's",),
            )
        )
    return tuple(parts)


def _paced(  # noqa: PLR0917 - private
    target: Target,
    start: dt.date | None,
    as_of: dt.date,
    baseline: Decimal | None,
    goal: Decimal,
    expected: Decimal | None,
    notes: list[str],
) -> dict[str, Any]:
    """The pace fields of a Progress: basis, expected share and expected value."""
    origin = baseline if baseline is not None else Decimal(0)
    basis, share, value, note = _pace(target, start, target.due, as_of, origin, goal)
    if basis is None or (basis is Pace.STRAIGHT_LINE and expected is None):
        return {}
    if basis is Pace.STRAIGHT_LINE:  # the share stays the share of time (also when goal = origin)
        return {"basis": basis, "expected_value": value}
    if note is not None:
        notes.append(note)
    return {"basis": basis, "expected": share, "expected_value": value}


def _periods(  # noqa: PLR0917 - private; the measuring context passed on
    target: Target,
    source: Source,
    rows: ObservationTable,
    ind: Indicator,
    start: dt.date | None,
    as_of: dt.date,
    *,
    flow: bool,
    options: dict[str, Any],
) -> tuple[PeriodResult, ...]:
    """What was achieved by the end of each interim period, beside its interim value."""
    from commit_mef.indicators import Direction

    out = []
    since = _since(target)
    for step in target.timeline:
        goal = _num(step.value)
        if goal is None:  # pragma: no cover - the target refused other values
            continue
        if as_of < step.period.start:
            out.append(PeriodResult(period=step.period, target=goal))
            continue
        through = min(step.due, as_of)
        first = max(start or _EARLIEST, since) if flow else since
        achieved = None
        if through >= first:
            result = source.aggregate(
                rows, ind, by=(), over=Period(first, through), options=options
            )
            achieved = _num(result.rows[0].value) if len(result) else None
        met = None
        if achieved is not None:
            met = achieved <= goal if ind.direction is Direction.DECREASE else achieved >= goal
        out.append(
            PeriodResult(
                period=step.period, target=goal, achieved=achieved, through=through, met=met
            )
        )
    return tuple(out)


def _window(
    target: Target, start: dt.date | None, as_of: dt.date, *, flow: bool, notes: list[str]
) -> Period | None:
    """The days whose values count: from the start (flows) or the baseline, up to ``as_of``."""
    since = _since(target)
    if since > _EARLIEST:
        notes.append(f"values dated before the baseline ({since.isoformat()}) do not count")
    if not flow:
        return Period(since, as_of) if as_of >= since else None
    first = max(start or _EARLIEST, since)
    end = min(as_of, target.period.end) if target.period is not None else as_of
    return Period(first, end) if end >= first else None


def _per_year(total: Decimal, over: Period) -> tuple[Decimal, Decimal, str]:
    """A total over ``over`` as a mean per calendar year (years counted by their days)."""
    years = sum(
        (Fraction(p.days, Period.year(p.start.year).days) for p in over.split_by_year()),
        Fraction(0),
    )
    mean = cols_.fraction_to_decimal(Fraction(total) / years)
    note = (
        f"a per-year target: the total over {over} ({total}) is compared as a mean of "
        f"{cols_.fraction_to_decimal(years).normalize()} year(s), {mean} a year"
    )
    return mean, Decimal(1), note  # a rate is on track only when kept up in full


def _measured_by(ind: Indicator) -> list[str]:
    """The indicators whose figures measure ``ind``: itself, and a weighted mean's parts."""
    ids = [ind.id]
    if ind.numerator is not None and ind.denominator is not None:
        ids += [ind.numerator, ind.denominator]  # aggregate() recomputes it from them
    return ids


def _scope(rows: ObservationTable, target: Target) -> ObservationTable:
    from commit_mef.plans import Level

    countries = list(target.countries)
    if not countries:
        return rows
    if target.level is Level.BILATERAL:
        pair = CountryPair(countries[0], countries[1])
        return rows.filter(predicate=lambda o: o.country == pair)
    return rows.filter(country=countries)
