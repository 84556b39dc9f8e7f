"""carry_over(): the next plan started from the targets that were not met."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef._validators import check_type
from commit_mef.errors import ValidationError
from commit_mef.periods import Period
from commit_mef.plans import InterimTarget

if TYPE_CHECKING:
    from commit_mef.plans import Plan, Target

from commit_mef.progress._result import Progress

__all__ = ["carry_over"]


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
    deadline or period moves to the new plan's period.  Its timeline keeps
    the unreached part: the interim values that what was achieved does not
    reach, moved by as many years as the due date moves (the last ending on
    the new due date), each noting where it came from.  Targets ``into``
    already has (same id) are left as they are.

    Args:
        plan: The plan that ends.
        results: The progress of its targets (a list, or a mapping by target id).
        into: The plan that starts (say, from :meth:`~commit_mef.plans.Plan.successor`).

    Returns:
        ``into`` with the unmet targets added.

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from commit_mef import Progress, Status
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

        With a timeline, what was not reached moves into the new period:

        >>> from commit_mef.plans import InterimTarget
        >>> paced = old.update_target("t1", timeline=(InterimTarget(period="2012", value=200),
        ...     InterimTarget(period="2013", value=400), InterimTarget(period="2014", value=500)))
        >>> new = carry_over(paced, done, into=old.successor(code="SPA IV", title="IV", period="2015-2018"))
        >>> [(str(s.period), s.value) for s in new.target("t1").timeline]
        [('2017', Decimal('400')), ('2018', Decimal('500'))]
    """
    from commit_mef.plans import Baseline, Plan

    check_type(plan, Plan, "carry_over()")
    check_type(into, Plan, "carry_over(into=)")
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
    if target.timeline:
        changes["timeline"] = ()
        moved = attrs.evolve(target, **changes)
        kept = _unreached(target, result, plan)
        if not kept:
            return moved
        try:
            return attrs.evolve(moved, timeline=_shifted(kept, target, moved, plan))
        except ValidationError:  # the new span cannot hold the old steps: keep the final one
            due = moved.due
            assert due is not None  # noqa: S101 - a target with a timeline has a due date
            start = max(_years_later(due, -1) + dt.timedelta(days=1), _span_start(moved, due))
            last = InterimTarget(
                period=Period(start, due), value=kept[-1].value, note=_note(kept[-1], plan)
            )
            return attrs.evolve(moved, timeline=(last,))
    return attrs.evolve(target, **changes)


def _unreached(target: Target, result: Progress | None, plan: Plan) -> list[InterimTarget]:
    """The interim values that what was achieved does not reach (all of them without data)."""
    from commit_mef.indicators import Direction

    achieved = None if result is None else result.achieved
    if not isinstance(achieved, (Decimal, int)) or isinstance(achieved, bool):
        return list(target.timeline)
    try:
        falling = plan.indicator(target.indicator).direction is Direction.DECREASE
    except LookupError:
        falling = False
    out = []
    for step in target.timeline:
        value = step.value if isinstance(step.value, Decimal) else step.value.amount
        if (achieved > value) if falling else (achieved < value):
            out.append(step)
    return out


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return dt.date(day.year + years, 2, 28)


def _span_start(target: Target, due: dt.date) -> dt.date:
    return target.period.start if target.period is not None else dt.date(1900, 1, 1)


def _note(step: InterimTarget, plan: Plan) -> str:
    return f"carried over from {plan.code}, where it was due {step.due.isoformat()}"


def _shifted(
    kept: list[InterimTarget], old: Target, new: Target, plan: Plan
) -> tuple[InterimTarget, ...]:
    """The kept steps moved by as many years as the due date moved; the last ends on the new due."""
    old_due, new_due = old.due, new.due
    assert old_due is not None  # noqa: S101 - a target with a timeline has a due date
    assert new_due is not None  # noqa: S101
    years = new_due.year - old_due.year
    steps = []
    for i, step in enumerate(kept):
        start = _years_later(step.period.start, years)
        end = new_due if i == len(kept) - 1 else _years_later(step.period.end, years)
        steps.append(
            InterimTarget(
                period=Period(min(start, end), end), value=step.value, note=_note(step, plan)
            )
        )
    return tuple(steps)


def _like(goal: object, achieved: Decimal) -> object:
    """An achieved number in the terms of the target: money keeps the target's currency."""
    from commit_mef.money import Money

    if isinstance(goal, Money):
        return Money(achieved, goal.currency)
    return achieved
