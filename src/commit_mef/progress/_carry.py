"""carry_over(): the next plan started from the targets that were not met."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from commit_mef._validators import check_type
from commit_mef.errors import ValidationError
from commit_mef.indicators import MeasureKind
from commit_mef.periods import Period
from commit_mef.plans import InterimTarget
from commit_mef.plans._diff import show as _show

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator
    from commit_mef.plans import Area, Baseline, Objective, Plan, Target

from commit_mef.progress._carry_rules import (
    default_id as _default_id,
)
from commit_mef.progress._carry_rules import (
    default_wording as _default_wording,
)
from commit_mef.progress._carry_rules import (
    lineage as _lineage,
)
from commit_mef.progress._carry_rules import (
    named as _named,
)
from commit_mef.progress._carry_rules import (
    remainder as _remainder,
)
from commit_mef.progress._result import Progress, Status

__all__ = ["Rule", "carry_over"]


Rule = Literal["repeat", "remainder"]
Naming = Callable[["Target"], str] | Mapping[str, str] | None


def carry_over(
    plan: Plan,
    results: Iterable[Progress] | Mapping[str, Progress],
    *,
    into: Plan,
    rule: Rule = "repeat",
    ids: Callable[[Target], str] | Mapping[str, str] | None = None,
    wording: Callable[[Target], str] | Mapping[str, str] | None = None,
) -> Plan:
    """Start the next plan from the targets of ``plan`` that were not met.

    Every target whose :class:`Progress` is not ``Status.ACHIEVED`` (or
    that has no progress at all) is copied into ``into``, under the same area
    and objective (added if ``into`` lacks them), with its indicator; its
    deadline or period moves to the new plan's period, and it names the
    target it continues (:attr:`~commit_mef.plans.Target.continues`: the old
    plan and id, the day measured, the status then, and why).

    Its baseline becomes what was achieved, in the target's own terms (money
    keeps its currency, a percentage or ratio is the one
    :func:`~commit_mef.aggregate` recomputed from its numerator and
    denominator), dated at the day measured, citing the progress it came from
    as its source and the observations as
    :attr:`~commit_mef.plans.Baseline.observations`.  A milestone's baseline
    is ``False`` where none of the countries it binds had reached it (and
    none where some had: the note says who).  A target with no data
    (no figures, or no progress measured) gets no new baseline (it keeps the
    old one, if it had one) and says so: it is not counted as missed.  A national target measured country
    by country keeps no single baseline either; its continuation note lists
    each country's value.

    Its timeline keeps the unreached part: the interim values that what was
    achieved does not reach, moved by as many years as the due date moves
    (the last ending on the new due date), each noting where it came from.
    Targets ``into`` already has (same old or new id) are left as they are.

    Args:
        plan: The plan that ends.
        results: The progress of its targets (a list, or a mapping by target id).
        into: The plan that starts (say, from :meth:`~commit_mef.plans.Plan.successor`).
        rule: ``"repeat"`` (the default) keeps each target's value; ``"remainder"``
            carries what is left: a flow (summed over time) keeps the part not
            achieved (500 trained, 300 achieved: 200 more), a milestone only the
            countries that did not reach it; a state (a stock, a percentage, a
            level) keeps its value, counted from the new baseline.
        ids: The new targets' ids: a function of the old target, or a mapping
            from old id to new id (ids not in it take the default).  By default
            the id is kept, with the old plan's period written as the new one's
            (``"t-2015-2018"`` becomes ``"t-2019-2023"``).
        wording: The new targets' descriptions, as a function or a mapping
            like ``ids``.  By default the old wording with the old plan's
            period and due year written as the new ones ("by 2018" becomes "by
            2023"), so nothing silently keeps "2015-2018"; a remainder says so
            ("the remainder (200) of SPA III's target: 500 trained in 2011-2014").

    Returns:
        ``into`` with the unmet targets added.

    Raises:
        ValidationError: an unknown ``rule``, or an id or wording that is not a
            non-empty text.
        TypeError: ``plan`` or ``into`` is not a :class:`~commit_mef.plans.Plan`.

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from commit_mef import Progress, Status
        >>> from commit_mef.plans import Area, Objective, Plan, Target
        >>> old = Plan(code="SPA III", title="III", period="2011-2014", areas=(Area(number=1, title="Policy",
        ...     objectives=(Objective(id="1.1", title="Laws", targets=(
        ...         Target(id="t1", indicator="trained", value=500, period="2011-2014",
        ...                description="500 trained in 2011-2014"),
        ...         Target(id="t2", indicator="npa", value=True, deadline=dt.date(2014, 12, 31)),
        ...     )),)),))
        >>> done = [
        ...     Progress(target="t1", indicator="trained", as_of=dt.date(2014, 12, 31),
        ...              status=Status.OFF_TRACK, achieved=Decimal(300), ids=("LAO.1", "LAO.2")),
        ...     Progress(target="t2", indicator="npa", as_of=dt.date(2014, 12, 31), status=Status.ACHIEVED),
        ... ]
        >>> new = carry_over(old, done, into=old.successor(code="SPA IV", title="IV", period="2015-2018"))
        >>> t1 = new.target("t1")
        >>> str(t1.period), t1.baseline.value, t1.baseline.observations, t1.description
        ('2015-2018', Decimal('300'), ('LAO.1', 'LAO.2'), '500 trained in 2015-2018')
        >>> str(t1.continues[0])
        'SPA III t1 (off track on 2014-12-31)'

        Carry the remainder, under new ids:

        >>> new = carry_over(old, done, into=old.successor(code="SPA IV", title="IV", period="2015-2018"),
        ...                  rule="remainder", ids={"t1": "4.1.a"})
        >>> new.target("4.1.a").value
        Decimal('200')

        With a timeline, what was not reached moves into the new period:

        >>> from commit_mef.plans import InterimTarget
        >>> paced = old.update_target("t1", timeline=(InterimTarget(period="2012", value=200),
        ...     InterimTarget(period="2013", value=400), InterimTarget(period="2014", value=500)))
        >>> new = carry_over(paced, done, into=old.successor(code="SPA IV", title="IV", period="2015-2018"))
        >>> [(str(s.period), s.value) for s in new.target("t1").timeline]
        [('2017', Decimal('400')), ('2018', Decimal('500'))]
    """
    from commit_mef.plans import Plan

    check_type(plan, Plan, "carry_over()")
    check_type(into, Plan, "carry_over(into=)")
    if rule not in ("repeat", "remainder"):
        raise ValidationError(
            f"carry_over(rule=) takes 'repeat' (keep each target's value) or 'remainder' (carry "
            f"what is left), got {rule!r}",
            path="carry_over.rule",
        )
    by_id = dict(results) if isinstance(results, Mapping) else {p.target: p for p in results}
    existing = {t.id for t in into.targets()}
    new = into
    for area in plan.areas:
        for objective in area.objectives:
            for target in objective.targets:
                result = by_id.get(target.id)
                if (result is not None and result.met) or target.id in existing:
                    continue
                moved = _carried(target, plan, into, result, rule, (ids, wording))
                if moved.id in existing:
                    continue
                new = _placed(new, plan.code, area, objective, moved)
                if not any(i.id == target.indicator for i in new.indicators):
                    with contextlib.suppress(LookupError):
                        new = new.add_indicator(plan.indicator(target.indicator))
    return new


def _placed(new: Plan, plan_code: str, area: Area, objective: Objective, moved: Target) -> Plan:
    """``new`` with ``moved`` under a copy of its area and objective (added where missing)."""
    from commit_mef.plans._lineage import continued

    if not any(a.number == area.number for a in new.areas):
        new = attrs.evolve(new, areas=(*new.areas, continued(area, plan_code, objectives=())))
    if not any(o.id == objective.id for o in new.objectives()):
        holder = continued(area, plan_code, objectives=(attrs.evolve(objective, targets=()),))
        copy = holder.objectives[0]
        new = attrs.evolve(
            new,
            areas=tuple(
                attrs.evolve(a, objectives=(*a.objectives, copy)) if a.number == area.number else a
                for a in new.areas
            ),
        )
    return new.add_target(objective.id, moved)


def _carried(  # noqa: PLR0917 - private; the old target and every choice made for it
    target: Target,
    plan: Plan,
    into: Plan,
    result: Progress | None,
    rule: Rule,
    naming: tuple[Naming, Naming],
) -> Target:
    """The old target as the new plan holds it: moved, based, named, linked back."""
    ind = _indicator(plan, target.indicator)
    milestone = isinstance(target.value, bool) or (
        ind is not None and ind.kind is MeasureKind.MILESTONE
    )
    moved = _moved(target, into, None if milestone else result, plan)
    lineage = _lineage(target, plan, result)
    if rule == "remainder":
        moved, more = _remainder(moved, target, result, ind)
        lineage = attrs.evolve(lineage, note=f"{lineage.note}; {more}" if more else lineage.note)
    if milestone and result is not None and result.status is not Status.NO_DATA:
        moved = attrs.evolve(moved, baseline=_milestone_baseline(moved, result, plan))
    if moved.baseline is None:  # the reason stated on the target (Target.no_baseline)
        moved = attrs.evolve(moved, no_baseline=lineage.note)
    ids, wording = naming
    new_id = _named(ids, target, _default_id(target, plan, into), "ids")
    default = _default_wording(target, plan, into)
    if moved.value != target.value or moved.countries != target.countries:
        left = moved.value if moved.value != target.value else moved.countries
        default = f"the remainder ({_show(left)}) of {plan.code}'s target: {target.description}"
    text = _named(wording, target, default, "wording", empty=True)
    return attrs.evolve(moved, id=new_id, description=text, continues=(lineage,))


def _indicator(plan: Plan, id_: str) -> Indicator | None:
    try:
        return plan.indicator(id_)
    except LookupError:
        return None


def _moved(target: Target, into: Plan, result: Progress | None, plan: Plan) -> Target:
    from commit_mef.plans import Baseline

    changes: dict[str, Any] = {}
    if target.deadline is not None:
        changes["deadline"] = into.period.end
    if target.period is not None:
        changes["period"] = into.period
    achieved = _achieved(result)
    if result is not None and achieved is not None:
        changes["baseline"] = Baseline(
            value=_like(target.value, achieved),
            date=result.as_of,
            source=f"{plan.code} progress of target {target.id}, measured "
            f"{result.as_of.isoformat()}",
            note=f"achieved under {plan.code} by {result.as_of.isoformat()} ({result.status.value})",
            observations=tuple(dict.fromkeys(result.ids)),
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


def _milestone_baseline(moved: Target, result: Progress, plan: Plan) -> Baseline | None:
    """``False`` where none of the countries the carried milestone binds had reached it.

    Where some had (a target repeated for all), no yes/no holds for all of
    them: there is no baseline, and the continuation note says who had.
    """
    from commit_mef.plans import Baseline

    bound = {c.alpha_3 for c in moved.countries}
    if result.parts:
        reached = {p.country for p in result.parts if p.met}
        none = not (reached & bound) if bound else not reached
    else:
        none = result.achieved in (0, False)
    if not none:
        return None
    return Baseline(
        value=False,
        date=result.as_of,
        source=f"{plan.code} progress of target {result.target}, measured "
        f"{result.as_of.isoformat()}",
        note=f"no figure reported it reached under {plan.code} by {result.as_of.isoformat()}",
    )


def _achieved(result: Progress | None) -> Decimal | None:
    """What was achieved, as a number, when it is one (not a milestone count of bool)."""
    if result is None or result.achieved is None or isinstance(result.achieved, (bool, str)):
        return None
    return Decimal(result.achieved)


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
