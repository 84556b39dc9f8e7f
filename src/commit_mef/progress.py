"""Progress: how far each target has come, and carrying unmet targets into the next plan.

:func:`progress` measures one :class:`~commit_mef.plans.Target` against the
observations: the value achieved by a day (aggregated by the indicator's own
rules with :func:`~commit_mef.aggregate`), its ratio to the target counted
from the baseline, and a :class:`Status`.  :func:`carry_over` starts the next
plan from the targets that were not met, as SPA III did with SPA I and II.

How the ratio is counted:

* a **flow** (summed over time: people trained, money spent) counts what was
  achieved inside the target's period up to ``as_of``: ``ratio = achieved / target``;
* a **state** (a stock, a percentage, a ratio, an ordinal level) counts the
  distance covered from the baseline: ``ratio = (achieved - baseline) / (target - baseline)``,
  which works the same way for targets that should go down;
* a **milestone** counts the countries that reached it against those the
  target binds (``True`` means every one of them).

The status is ``Status.ACHIEVED`` at a ratio of 1 or more;
``Status.NO_DATA`` without any observation; ``Status.NOT_STARTED``
before the target's start or with nothing achieved yet; ``Status.ON_TRACK``
while the ratio keeps pace with the share of the target's time that has passed
(a straight line from start to due date); ``Status.OFF_TRACK`` otherwise,
and whenever the due date has passed unmet.

Examples:
    >>> import datetime as dt
    >>> from commit_mef import ObservationTable, progress
    >>> from commit_mef.indicators import Indicator
    >>> from commit_mef.plans import Target
    >>> trained = Indicator(id="trained", name="Officials trained", kind="count", unit="person")
    >>> table = ObservationTable.from_columns(
    ...     indicator="trained", country="LAO", period=[2015, 2016], magnitude=[150, 110],
    ...     unit="person",
    ... )
    >>> target = Target(id="t1", indicator="trained", value=500, period="2015-2018", countries=("LAO",))
    >>> p = progress(target, table, as_of=dt.date(2016, 12, 31), indicator=trained)
    >>> p.achieved, p.ratio, p.status
    (Decimal('260'), Decimal('0.52'), <Status.ON_TRACK: 'on track'>)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef.errors import AggregationError
from commit_mef.indicators import Direction, Indicator, MeasureKind, TimeAggregation
from commit_mef.observations import CountryPair, ObservationTable
from commit_mef.observations import _columns as cols_
from commit_mef.periods import Period

if TYPE_CHECKING:
    from commit_mef.plans import Plan, Target
    from commit_mef.rates import RateTable

__all__ = [
    "Progress",
    "Status",
    "carry_over",
    "progress",
]

_EARLIEST = dt.date(1900, 1, 1)


class Status(enum.Enum):
    """Where a target stands on a given day.

    Examples:
        >>> Status("off track")
        <Status.OFF_TRACK: 'off track'>
        >>> Status.ACHIEVED.met, Status.ON_TRACK.met
        (True, False)
    """

    ACHIEVED = "achieved"
    ON_TRACK = "on track"
    OFF_TRACK = "off track"
    NOT_STARTED = "not started"
    NO_DATA = "no data"
    NOT_ASSESSED = "not assessed"
    """The target has no value to measure against, or is qualitative (a person judges it)."""

    @property
    def met(self) -> bool:
        """Whether the target is met.

        Examples:
            >>> Status.NO_DATA.met
            False
        """
        return self is Status.ACHIEVED


_RANK = {
    Status.NO_DATA: 0,
    Status.NOT_ASSESSED: 1,
    Status.OFF_TRACK: 2,
    Status.NOT_STARTED: 3,
    Status.ON_TRACK: 4,
    Status.ACHIEVED: 5,
}


@attrs.frozen(kw_only=True)
class Progress:
    """How far a target has come by a day.

    Attributes:
        target: The target's id.
        indicator: Its indicator's id.
        as_of: The day measured.
        status: Where it stands.
        achieved: The value reached: a :class:`~decimal.Decimal` (in the
            target's currency for money), the number of countries that reached
            a milestone, or a level name for an ordinal; ``None`` without data.
        goal: The target value, in the same terms (``True`` becomes the number
            of countries needed).
        baseline: The baseline value counted from, if any (states only).
        ratio: The share of the way covered (1 = met), or ``None`` where it
            cannot be computed.
        expected: The share of the target's time passed by ``as_of`` (what
            ``ratio`` is compared with for "on track"), if the target has a start.
        rows: How many observations went in.
        ids: Their ids, where they have one.
        parts: For a national target over several countries, one
            :class:`Progress` per country (the status is the worst of them).
        notes: Assumptions and reasons, in words.

    Examples:
        >>> p = Progress(target="t", indicator="i", as_of=dt.date(2015, 1, 1), status=Status.NO_DATA)
        >>> p.met, p.ratio
        (False, None)
    """

    target: str
    indicator: str
    as_of: dt.date
    status: Status
    achieved: Decimal | int | str | None = None
    goal: Decimal | int | str | None = None
    baseline: Decimal | int | str | None = None
    ratio: Decimal | None = None
    expected: Decimal | None = None
    rows: int = 0
    ids: tuple[str, ...] = ()
    parts: tuple[Progress, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def met(self) -> bool:
        """Whether the target is achieved.

        Examples:
            >>> Progress(target="t", indicator="i", as_of=dt.date(2015, 1, 1), status=Status.ACHIEVED).met
            True
        """
        return self.status.met


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
        bound country's part is listed in :attr:`Progress.parts`.

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
    from commit_mef.plans import Level

    ind, notes = _resolve(target, table, plan, indicator)
    when = as_of if as_of is not None else (target.due or _latest(table, target))
    if isinstance(when, dt.datetime) or not isinstance(when, dt.date):
        raise TypeError(f"as_of must be a datetime.date, got {type(when).__name__} {when!r}")
    catalogue = _catalogue(plan, indicators)
    options = {"rates": rates, "allow_not_meaningful": allow_not_meaningful}
    countries = list(target.countries)
    if target.level is Level.NATIONAL and len(countries) != 1:
        members = countries or _countries_in(table, target.indicator)
        parts = tuple(
            _measure(
                attrs.evolve(target, countries=(c,)),
                table,
                ind,
                when,
                plan,
                catalogue,
                options,
                notes,
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
            rows=sum(p.rows for p in parts),
            ids=tuple(sorted(i for p in parts for i in p.ids)),
            parts=parts,
            notes=(*notes, "a national target: each country measured apart; status of the worst"),
        )
    if target.level is Level.REGIONAL and not countries:
        target = attrs.evolve(target, countries=_members())
        notes = (*notes, "a regional target that lists no countries binds every COMMIT member")
    return _measure(target, table, ind, when, plan, catalogue, options, notes)


def _members() -> tuple[Any, ...]:
    from commit_mef.countries import GMS

    return GMS


def _resolve(
    target: Target, table: ObservationTable, plan: Plan | None, indicator: Indicator | None
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
    kind, unit = _infer(target, table)
    inferred = Indicator(id=target.indicator, name=target.indicator, kind=kind, unit=unit)
    note = (
        f"indicator {target.indicator!r} not defined here: treated as a {kind.value} with its "
        "default rule; pass plan= or indicator= to use its own"
    )
    return inferred, (note,)


def _infer(target: Target, table: ObservationTable) -> tuple[MeasureKind, str | None]:  # noqa: PLR0911 - one return per kind of value
    from commit_mef.money import Money

    value = target.value
    rows = table.filter(indicator=target.indicator)
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
            from commit_mef.indicators import COUNT_UNITS

            if sample.unit in COUNT_UNITS:
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


def _latest(table: ObservationTable, target: Target) -> dt.date:
    ends = [o.period.end for o in table.filter(indicator=target.indicator) if o.period]
    return max(ends) if ends else _EARLIEST


def _countries_in(table: ObservationTable, indicator: str) -> list[Any]:
    from commit_mef.countries import GMS

    codes, cats = table.filter(indicator=indicator)._key_column("country")
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
    table: ObservationTable,
    ind: Indicator,
    as_of: dt.date,
    plan: Plan | None,
    catalogue: dict[str, Indicator],
    options: dict[str, Any],
    notes: tuple[str, ...],
) -> Progress:
    from commit_mef.aggregation import aggregate
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
    rows = _scope(table.filter(indicator=target.indicator), target)
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
    since = _since(target)
    if flow:
        first = max(start or _EARLIEST, since)
        end = min(as_of, target.period.end) if target.period is not None else as_of
        over = Period(first, end) if end >= first else None
    else:
        over = Period(since, as_of) if as_of >= since else None
    if since > _EARLIEST:
        notes_l.append(f"values dated before the baseline ({since.isoformat()}) do not count")
    if over is None or not len(rows):
        return Progress(**base, status=Status.NO_DATA, notes=tuple(notes_l))
    currency = None
    if isinstance(target.value, Money):
        currency = target.value.currency.code
    result = aggregate(
        rows,
        ind,
        by=(),
        over=over,
        prorate=True,
        currency=currency,
        indicators=catalogue,
        **options,
    )
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
    ratio = _ratio(achieved, goal, baseline, ind.direction)
    status = _status(ratio, expected, due, as_of, ind.direction, achieved, goal, baseline)
    return Progress(
        **base,
        status=status,
        achieved=achieved,
        goal=goal,
        baseline=baseline,
        ratio=ratio,
        **prov,
        notes=tuple(dict.fromkeys(notes_l)),
    )


def _scope(rows: ObservationTable, target: Target) -> ObservationTable:
    from commit_mef.plans import Level

    countries = list(target.countries)
    if not countries:
        return rows
    if target.level is Level.BILATERAL:
        pair = CountryPair(countries[0], countries[1])
        return rows.filter(predicate=lambda o: o.country == pair)
    return rows.filter(country=countries)


def _milestone(  # noqa: PLR0917 - private
    target: Target,
    row: Any,
    due: dt.date | None,
    as_of: dt.date,
    base: dict[str, Any],
    prov: dict[str, Any],
    notes: list[str],
) -> Progress:
    from commit_mef.plans import Level

    bound = set(target.countries)
    credited = [c for c in row.credited if not bound or c in bound]
    if not row.credited and row.value is True:  # one country's own yes/no
        credited = list(target.countries[:1])
    if target.level is Level.BILATERAL:
        reached, needed = (1 if bound <= set(credited) else 0), 1
    else:
        reached = len(credited)
        if isinstance(target.value, bool) or target.value is None:
            needed = max(1, len(bound))
        else:
            needed = int(_num(target.value) or 1)
    if bound - set(credited) and set(row.credited) - bound:
        notes.append(
            "facts shared with countries the target does not bind credit only the bound partner"
        )
    parts: tuple[Progress, ...] = ()
    if target.level is not Level.BILATERAL and len(bound) > 1:
        parts = tuple(
            Progress(
                **{**base, "target": f"{target.id}:{c.alpha_3}"},
                status=Status.ACHIEVED if c in credited else _open(due, as_of),
                achieved=int(c in credited),
                goal=1,
            )
            for c in target.countries
        )
    ratio = cols_.fraction_to_decimal(Fraction(reached, needed))
    if reached >= needed:
        status = Status.ACHIEVED
    elif due is not None and as_of >= due:
        status = Status.OFF_TRACK
    elif reached > 0:
        status = Status.ON_TRACK
    else:
        status = Status.NOT_STARTED
    return Progress(
        **base,
        status=status,
        achieved=reached,
        goal=needed,
        ratio=ratio,
        **prov,
        parts=parts,
        notes=tuple(dict.fromkeys(notes)),
    )


def _open(due: dt.date | None, as_of: dt.date) -> Status:
    return Status.OFF_TRACK if due is not None and as_of >= due else Status.NOT_STARTED


def _since(target: Target) -> dt.date:
    """The first day whose values count: the day after the baseline, if it has a date."""
    if target.baseline is not None and target.baseline.as_of is not None:
        return target.baseline.as_of + dt.timedelta(days=1)
    return _EARLIEST


def _num(value: Any) -> Decimal | None:
    from commit_mef.money import Money

    if value is None:
        return None
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    return None


def _goal_number(value: Any, ind: Indicator) -> Decimal:
    if isinstance(value, str) and ind.scale is not None:
        if value not in ind.scale:
            raise AggregationError(
                f"level {value!r} is not on the scale {', '.join(ind.scale)}; use one of them",
                indicator=ind.id,
            )
        return Decimal(ind.scale.index(value))
    number = _num(value)
    if number is None:
        raise AggregationError(
            f"a target or baseline value {value!r} cannot be compared with a "
            f"{ind.kind.value}; give a number",
            indicator=ind.id,
        )
    return number


def _ratio(
    achieved: Decimal, goal: Decimal, baseline: Decimal | None, direction: Direction
) -> Decimal | None:
    """The share of the way from the baseline (or zero, for an increase) to the goal."""
    if direction is Direction.MAINTAIN:
        return None
    if baseline is None and direction is Direction.DECREASE:
        return None  # a ceiling with no starting point: met or not, no share of the way
    start = baseline if baseline is not None else Decimal(0)
    if goal == start:
        return None
    return cols_.fraction_to_decimal(
        (Fraction(achieved) - Fraction(start)) / (Fraction(goal) - Fraction(start))
    )


def _expected(start: dt.date | None, due: dt.date | None, as_of: dt.date) -> Decimal | None:
    if start is None or due is None or due < start:
        return None
    total = (due - start).days + 1
    passed = min(max((as_of - start).days + 1, 0), total)
    return cols_.fraction_to_decimal(Fraction(passed, total))


def _met(direction: Direction, achieved: Decimal, goal: Decimal) -> bool:
    """Whether the goal is met in the target's direction."""
    if direction is Direction.DECREASE:
        return achieved <= goal
    return achieved >= goal


def _status(  # noqa: PLR0911, PLR0917 - one return per status; private
    ratio: Decimal | None,
    expected: Decimal | None,
    due: dt.date | None,
    as_of: dt.date,
    direction: Direction,
    achieved: Decimal,
    goal: Decimal,
    baseline: Decimal | None = None,
) -> Status:
    late = due is not None and as_of >= due
    if direction is Direction.MAINTAIN:
        if achieved >= goal:
            return Status.ACHIEVED if late else Status.ON_TRACK
        return Status.OFF_TRACK
    if _met(direction, achieved, goal):
        return Status.ACHIEVED
    if late:
        return Status.OFF_TRACK
    if ratio is None:
        return Status.NOT_ASSESSED
    if ratio < 0:
        return Status.OFF_TRACK  # worse than the baseline, with data in hand
    if ratio == 0:
        return Status.NOT_STARTED
    if expected is None or ratio >= expected:
        return Status.ON_TRACK
    return Status.OFF_TRACK


# ---------------------------------------------------------------------------------------
# carry_over()
# ---------------------------------------------------------------------------------------


def carry_over(
    plan: Plan,
    results: Iterable[Progress] | Mapping[str, Progress],
    *,
    into: Plan,
) -> Plan:
    """Start the next plan from the targets of ``plan`` that were not met.

    Every target whose :class:`Progress` is not ``Status.ACHIEVED`` (or
    that has no progress at all) is copied into ``into``, under the same area
    and objective (added if ``into`` lacks them), with its indicator; its
    baseline becomes what was achieved, dated at the day measured, and its
    deadline or period moves to the new plan's period.  Targets ``into``
    already has (same id) are left as they are.

    Args:
        plan: The plan that ends.
        results: The progress of its targets (a list, or a mapping by target id).
        into: The plan that starts (say, from :meth:`~commit_mef.plans.Plan.successor`).

    Returns:
        ``into`` with the unmet targets added.

    Examples:
        >>> from commit_mef.plans import Area, Objective, Plan, Target
        >>> old = Plan(code="SPA III", title="III", period="2011-2014", areas=(Area(number=1, title="Policy",
        ...     objectives=(Objective(id="1.1", title="Laws", targets=(
        ...         Target(id="t1", indicator="trained", value=500, period="2011-2014"),
        ...         Target(id="t2", indicator="npa", value=True, deadline=dt.date(2014, 12, 31)),
        ...     )),)),))
        >>> done = [
        ...     Progress(target="t1", indicator="trained", as_of=dt.date(2014, 12, 31), status=Status.OFF_TRACK, achieved=Decimal(300)),
        ...     Progress(target="t2", indicator="npa", as_of=dt.date(2014, 12, 31), status=Status.ACHIEVED),
        ... ]
        >>> new = carry_over(old, done, into=old.successor(code="SPA IV", title="IV", period="2015-2018"))
        >>> [(t.id, str(t.period), t.baseline.value) for t in new.targets()]
        [('t1', '2015-2018', Decimal('300'))]
    """
    from commit_mef.plans import Baseline

    by_id = dict(results) if isinstance(results, Mapping) else {p.target: p for p in results}
    existing = {t.id for t in into.targets()}
    new = into
    for area in plan.areas:
        for objective in area.objectives:
            for target in objective.targets:
                result = by_id.get(target.id)
                if (result is not None and result.met) or target.id in existing:
                    continue
                moved = _moved(target, into, result, plan, Baseline)
                if not any(a.number == area.number for a in new.areas):
                    new = attrs.evolve(new, areas=(*new.areas, attrs.evolve(area, objectives=())))
                if not any(o.id == objective.id for o in new.objectives()):
                    copy = attrs.evolve(objective, targets=())
                    new = attrs.evolve(
                        new,
                        areas=tuple(
                            attrs.evolve(a, objectives=(*a.objectives, copy))
                            if a.number == area.number
                            else a
                            for a in new.areas
                        ),
                    )
                new = new.add_target(objective.id, moved)
                if not any(i.id == target.indicator for i in new.indicators):
                    with contextlib.suppress(LookupError):
                        new = new.add_indicator(plan.indicator(target.indicator))
    return new


def _moved(
    target: Target, into: Plan, result: Progress | None, plan: Plan, baseline_cls: Any
) -> Target:
    changes: dict[str, Any] = {}
    if target.deadline is not None:
        changes["deadline"] = into.period.end
    if target.period is not None:
        changes["period"] = into.period
    if (
        result is not None
        and isinstance(result.achieved, (Decimal, int))
        and not isinstance(result.achieved, bool)
    ):
        changes["baseline"] = baseline_cls(
            value=_like(target.value, Decimal(result.achieved)),
            date=result.as_of,
            note=f"achieved under {plan.code} by {result.as_of.isoformat()} ({result.status.value})",
        )
    return attrs.evolve(target, **changes)


def _like(goal: object, achieved: Decimal) -> object:
    """An achieved number in the terms of the target: money keeps the target's currency."""
    from commit_mef.money import Money

    if isinstance(goal, Money):
        return Money(achieved, goal.currency)
    return achieved
