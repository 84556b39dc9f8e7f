"""Timelines as data: a plan, its targets and activities, or the COMMIT process, on a time axis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.periods import Period
from commit_mef.reports import _summaries

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator
    from commit_mef.observations import ObservationTable
    from commit_mef.plans import Activity, Area, Plan, Target
    from commit_mef.progress import Progress
    from commit_mef.rates import RateTable

__all__ = [
    "BAR_KINDS",
    "MARK_KINDS",
    "TimelineBar",
    "TimelineChart",
    "TimelineLane",
    "TimelineMark",
    "plan_timeline",
    "process_timeline",
]

#: What a bar shows: a plan's period or extension, a target's span, an activity planned,
#: done (actual), under way (actual so far) or dropped.
BAR_KINDS = ("plan", "extension", "target", "planned", "actual", "under way", "dropped")

#: What a mark shows: a target's deadline, an interim value, an interim value or milestone
#: reached or missed by then, a Senior Officials' Meeting, an Inter-Ministerial Meeting.
MARK_KINDS = ("deadline", "interim", "reached", "missed", "SOM", "IMM")


def _one_of(kinds: tuple[str, ...], owner: str) -> Any:
    def check(_inst: object, attr: attrs.Attribute[str], value: str) -> None:
        if value not in kinds:
            raise ValidationError(
                f"unknown kind {value!r}; use one of {', '.join(kinds)}",
                path=f"{owner}.{attr.name}",
            )

    return check


def _check_order(inst: TimelineBar, _attr: attrs.Attribute[dt.date], end: dt.date) -> None:
    for name, day in (("start", inst.start), ("end", end)):
        if not isinstance(day, dt.date):
            raise InvalidTypeError(
                f"TimelineBar.{name} must be a date, got {type(day).__name__} {day!r}"
            )
    if end < inst.start:
        raise ValidationError(
            f"the bar ends on {end.isoformat()}, before it starts on {inst.start.isoformat()}; "
            "swap the two",
            path="TimelineBar.end",
        )


@attrs.frozen(kw_only=True)
class TimelineBar:
    """A stretch of time on a lane: a plan period, a target's span, an activity.

    Attributes:
        start: The first day.
        end: The last day (not before ``start``).
        kind: One of :data:`~commit_mef.reports.BAR_KINDS`.
        label: What it is, in words (shown on hover).

    Examples:
        >>> TimelineBar(start=dt.date(2015, 1, 1), end=dt.date(2018, 12, 31), kind="plan").kind
        'plan'
    """

    start: dt.date
    end: dt.date = attrs.field(validator=_check_order)
    kind: str = attrs.field(validator=_one_of(BAR_KINDS, "TimelineBar"))
    label: str = ""


@attrs.frozen(kw_only=True)
class TimelineMark:
    """A day on a lane: a deadline, an interim value, a milestone reached, a meeting.

    Attributes:
        day: The day.
        kind: One of :data:`~commit_mef.reports.MARK_KINDS`.
        label: What it is, in words (shown on hover).
        text: A few characters drawn beside it (``"200"``, ``"SOM3"``), if any.

    Examples:
        >>> TimelineMark(day=dt.date(2016, 12, 31), kind="interim", label="200 by 2016-12-31",
        ...              text="200").text
        '200'
    """

    day: dt.date
    kind: str = attrs.field(validator=_one_of(MARK_KINDS, "TimelineMark"))
    label: str = ""
    text: str = ""


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class TimelineLane:
    """One row of a timeline: its label, bars and marks.

    Attributes:
        label: What the row is (a plan, a target, an activity, a series of meetings).
        bars: Its stretches of time.
        marks: Its days.
        group: The heading it sits under (``"Area 4"``, ``"Targets"``), if any.

    Examples:
        >>> TimelineLane(label="SPA IV", bars=(TimelineBar(start=dt.date(2015, 1, 1),
        ...              end=dt.date(2018, 12, 31), kind="plan"),)).label
        'SPA IV'
    """

    label: str
    bars: tuple[TimelineBar, ...] = attrs.field(default=(), converter=_tuple)
    marks: tuple[TimelineMark, ...] = attrs.field(default=(), converter=_tuple)
    group: str = ""


def _check_span(inst: TimelineChart, _attr: attrs.Attribute[Period], span: Period) -> None:
    if not isinstance(span, Period):
        raise InvalidTypeError(f"TimelineChart.span must be a Period, got {type(span).__name__}")


@attrs.frozen(kw_only=True)
class TimelineChart:
    """A timeline to draw: a title, the span of its axis, and its lanes in order.

    Build one with :func:`plan_timeline` or :func:`process_timeline`, draw it
    with :func:`~commit_mef.reports.draw_timeline`.

    Attributes:
        title: The title drawn above it.
        span: The days the time axis covers (whole years are drawn).
        lanes: Its rows, top to bottom.

    Examples:
        >>> chart = TimelineChart(title="SPA IV", span=Period.years(2015, 2018))
        >>> str(chart.span), chart.lanes
        ('2015-2018', ())
    """

    title: str
    span: Period = attrs.field(validator=_check_span)
    lanes: tuple[TimelineLane, ...] = attrs.field(default=(), converter=_tuple)

    def __repr__(self) -> str:
        return _summaries.timeline_summary(self).text()

    def _repr_html_(self) -> str:
        """The chart as a small HTML table for Jupyter: its span and one row per lane."""
        return _summaries.timeline_summary(self).html()


def _number(value: object) -> str:
    from commit_mef.money import Money

    if isinstance(value, Money):
        return f"{value.currency.code} {_number(value.amount)}"
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}".replace(",", " ")
    return str(value)


def _target_lane(target: Target, group: str, result: Progress | None) -> TimelineLane:
    bars = []
    if target.period is not None:
        bars.append(
            TimelineBar(
                start=target.period.start,
                end=target.period.end,
                kind="target",
                label=f"{target.id}: {_number(target.value)} over {target.period}",
            )
        )
    marks = [
        TimelineMark(
            day=step.due,
            kind="interim",
            label=f"{_number(step.value)} by {step.due.isoformat()}",
            text=_number(step.value),
        )
        for step in target.timeline
    ]
    if target.due is not None:
        marks.append(
            TimelineMark(
                day=target.due,
                kind="deadline",
                label=f"{target.id} due {target.due.isoformat()}: {_number(target.value)}",
            )
        )
    if result is not None:
        marks += _reached(result)
    label = f"{target.id}: {target.description or target.indicator}"
    return TimelineLane(label=label, bars=bars, marks=_sorted(marks), group=group)


def _reached(result: Progress) -> list[TimelineMark]:
    """Marks for the interim values reached or missed by the end of their periods."""
    out = []
    for period in result.periods:
        if period.achieved is None or not period.complete:
            continue
        kind = "reached" if period.met else "missed"
        out.append(
            TimelineMark(
                day=period.period.end,
                kind=kind,
                label=f"{_number(period.achieved)} achieved by {period.period.end.isoformat()} "
                f"({kind} {_number(period.target)})",
            )
        )
    for part in result.parts:
        out += [attrs.evolve(m, label=f"{part.country}: {m.label}") for m in _reached(part)]
    return out


def _milestones(target: Target, table: ObservationTable) -> list[TimelineMark]:
    """The first day each bound country is reported to have reached a milestone target."""
    first: dict[str, dt.date] = {}
    bound = {c.alpha_3 for c in target.countries}
    for obs in table.filter(indicator=target.indicator):
        if obs.value is not True or obs.period is None:
            continue
        from commit_mef.observations import CountryPair

        place = obs.country
        places = (place.first, place.second) if isinstance(place, CountryPair) else (place,)
        for place in places:
            code = place.alpha_3
            if (not bound or code in bound) and (code not in first or obs.period.end < first[code]):
                first[code] = obs.period.end
    return [
        TimelineMark(
            day=day, kind="reached", label=f"{code} reached {target.id} by {day.isoformat()}"
        )
        for code, day in sorted(first.items(), key=lambda kv: (kv[1], kv[0]))
    ]


def _activity_lane(activity: Activity, group: str, as_of: dt.date | None) -> TimelineLane:
    from commit_mef.plans import ActivityStatus

    bars = []
    if activity.period is not None:
        bars.append(
            TimelineBar(
                start=activity.period.start,
                end=activity.period.end,
                kind="planned",
                label=f"{activity.id} planned {activity.period}",
            )
        )
    if activity.started is not None:
        if activity.finished is not None:
            end, kind = activity.finished, "actual"
        else:
            # so far: to the day measured, else (no day given) to its planned end
            planned_end = activity.period.end if activity.period is not None else activity.started
            end = max(as_of or planned_end, activity.started)
            kind = "dropped" if activity.status is ActivityStatus.DROPPED else "under way"
        bars.append(
            TimelineBar(
                start=activity.started,
                end=end,
                kind=kind,
                label=f"{activity.id} {activity.status.value}: {activity.started.isoformat()} to "
                f"{end.isoformat()}",
            )
        )
    served = f" (serves {', '.join(activity.targets)})" if activity.targets else ""
    label = f"{activity.id}: {activity.title}{served} [{activity.status.value}]"
    return TimelineLane(label=label, bars=bars, group=group)


def _sorted(marks: Iterable[TimelineMark]) -> tuple[TimelineMark, ...]:
    order = {k: i for i, k in enumerate(MARK_KINDS)}
    return tuple(sorted(marks, key=lambda m: (m.day, order[m.kind], m.label)))


def _plan_lane(plan: Plan) -> TimelineLane:
    bars = [
        TimelineBar(
            start=plan.period.start,
            end=plan.period.end,
            kind="plan",
            label=f"{plan.code} {plan.period}",
        )
    ]
    if plan.extension is not None:
        bars.append(
            TimelineBar(
                start=plan.extension.start,
                end=plan.extension.end,
                kind="extension",
                label=f"extended by {plan.extension}",
            )
        )
    return TimelineLane(label=f"{plan.code}: {plan.title}", bars=bars, group="Plan")


def area_lanes(
    area: Area,
    *,
    results: Mapping[str, Progress] | None = None,
    table: ObservationTable | None = None,
    indicators: Mapping[str, Indicator] | None = None,
    as_of: dt.date | None = None,
) -> list[TimelineLane]:
    """The lanes of one area: a lane per target with a date, then a lane per activity."""
    from commit_mef.indicators import MeasureKind

    group = f"Area {area.number}: {area.title}"
    lanes = []
    for objective in area.objectives:
        for target in objective.targets:
            if target.due is None and not target.timeline:
                continue
            lane = _target_lane(target, group, (results or {}).get(target.id))
            ind = (indicators or {}).get(target.indicator)
            if table is not None and ind is not None and ind.kind is MeasureKind.MILESTONE:
                lane = attrs.evolve(lane, marks=_sorted((*lane.marks, *_milestones(target, table))))
            lanes.append(lane)
    for objective in area.objectives:
        lanes += [_activity_lane(a, group, as_of) for a in objective.activities]
    return lanes


def plan_timeline(
    plan: Plan,
    table: ObservationTable | None = None,
    *,
    as_of: dt.date | None = None,
    areas: Sequence[int] | None = None,
    indicators: Iterable[Indicator] = (),
    rates: RateTable | None = None,
) -> TimelineChart:
    """A plan on a time axis: its period and extension, targets, interim values, activities.

    One lane for the plan, then per area a lane per target that has a date (its
    span, its interim values, its deadline) and a lane per activity (planned
    and actual bars; one under way runs to ``as_of``, or without it to its
    planned end).  With figures, each target is measured on ``as_of``
    (:func:`~commit_mef.progress`) and the lane marks every interim value
    reached or missed by the end of its period, and the day each country
    reached a milestone.

    Args:
        plan: The plan.
        table: Reported figures, if any.
        as_of: The day to measure on (default: the plan's end).
        areas: Only these area numbers.
        indicators: Indicators besides the plan's own.
        rates: Rates for money targets.

    Returns:
        A :class:`TimelineChart`, ready for :func:`~commit_mef.reports.draw_timeline`.

    Examples:
        >>> from commit_mef.plans import Activity, Area, InterimTarget, Objective, Plan, Target
        >>> plan = Plan(code="SPA IV", title="Plan IV", period="2015-2018", areas=(
        ...     Area(number=4, title="Protection", objectives=(Objective(id="4.1", title="Identified",
        ...         targets=(Target(id="4.1.a", indicator="trained", value=800, period="2016-2018",
        ...                         timeline=(InterimTarget(period="2016", value=200),
        ...                                   InterimTarget(period="2018", value=800))),),
        ...         activities=(Activity(id="a1", title="Training", period="2016"),)),)),))
        >>> chart = plan_timeline(plan)
        >>> [lane.label for lane in chart.lanes]
        ['SPA IV: Plan IV', '4.1.a: trained', 'a1: Training [planned]']
        >>> [(m.kind, str(m.day)) for m in chart.lanes[1].marks]
        [('interim', '2016-12-31'), ('deadline', '2018-12-31'), ('interim', '2018-12-31')]
    """
    from commit_mef._validators import check_type
    from commit_mef.plans import Plan as _Plan

    check_type(plan, _Plan, "plan_timeline()")
    from commit_mef.errors import CommitMefError
    from commit_mef.progress._many import measure_each

    known = {i.id: i for i in (*plan.indicators, *indicators)}
    when = as_of or plan.effective_period.end
    span = plan.effective_period
    lanes = [_plan_lane(plan)]
    chosen = [a for a in plan.areas if areas is None or a.number in areas]
    measured: dict[str, Progress] = {}
    if table is not None:  # every drawn target measured in one pass, each as progress() alone
        drawn = [t for a in chosen for o in a.objectives for t in o.targets if t.value is not None]
        each = measure_each(
            drawn,
            table,
            as_of=when,
            plan=plan,
            indicators=known,
            rates=rates,
            own_indicators=False,
        )
        for t, result in zip(drawn, each, strict=True):
            if isinstance(result, CommitMefError):
                raise result
            measured[t.id] = result
    for area in chosen:
        results = None
        if table is not None:
            results = {
                t.id: measured[t.id]
                for o in area.objectives
                for t in o.targets
                if t.value is not None
            }
        lanes += area_lanes(area, results=results, table=table, indicators=known, as_of=as_of)
    for lane in lanes:
        for day in (
            [b.start for b in lane.bars] + [b.end for b in lane.bars] + [m.day for m in lane.marks]
        ):
            span = span.span(Period.day(day))
    return TimelineChart(title=f"{plan.code} timeline", span=span, lanes=lanes)


def process_timeline(
    plans: Iterable[Plan] | None = None, meetings: Iterable[Any] | None = None
) -> TimelineChart:
    """The COMMIT process on a time axis: the plans with their extensions, the SOMs and IMMs.

    By default from the shipped data: SPA I-IV (:func:`commit_mef.datasets.plan`)
    and the meetings of :func:`commit_mef.datasets.meetings`.

    Examples:
        >>> chart = process_timeline()
        >>> [lane.label for lane in chart.lanes][:2]
        ['SPA I: COMMIT Sub-Regional Plan of Action I', 'SPA II: COMMIT Sub-Regional Plan of Action II']
        >>> [lane.label for lane in chart.lanes][-2:]
        ["Senior Officials' Meetings (SOM)", 'Inter-Ministerial Meetings (IMM)']
    """
    from commit_mef import datasets

    if plans is None:
        plans = [datasets.plan(code) for code in ("SPA I", "SPA II", "SPA III", "SPA IV")]
    chosen = list(meetings) if meetings is not None else list(datasets.meetings())
    lanes = [attrs.evolve(_plan_lane(p), group="Plans") for p in plans]
    for kind, name in (("SOM", "Senior Officials' Meetings (SOM)"),
                       ("IMM", "Inter-Ministerial Meetings (IMM)")):  # fmt: skip
        marks = [
            TimelineMark(
                day=m.period.start,
                kind=kind,
                label=f"{m.code or kind} {m.place}, {m.period}"
                + (f": {m.outcome}" if m.outcome else ""),
                text=m.code or "",
            )
            for m in chosen
            if m.kind.value == kind
        ]
        lanes.append(TimelineLane(label=name, marks=_sorted(marks), group="Meetings"))
    days = [d for lane in lanes for b in lane.bars for d in (b.start, b.end)]
    days += [m.day for lane in lanes for m in lane.marks]
    if not days:
        raise ValidationError("nothing to draw: give at least one plan or meeting", path="plans")
    span = Period(dt.date(min(days).year, 1, 1), dt.date(max(days).year, 12, 31))
    return TimelineChart(title="The COMMIT process", span=span, lanes=lanes)
