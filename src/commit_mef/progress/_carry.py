"""carry_over(): the next plan started from the targets that were not met."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef._validators import check_type

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
    deadline or period moves to the new plan's period.  Targets ``into``
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
    return attrs.evolve(target, **changes)


def _like(goal: object, achieved: Decimal) -> object:
    """An achieved number in the terms of the target: money keeps the target's currency."""
    from commit_mef.money import Money

    if isinstance(goal, Money):
        return Money(achieved, goal.currency)
    return achieved
