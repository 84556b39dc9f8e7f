"""The planner's choices in carry_over(): the remainder rule, new ids and wording, the link back."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from commit_mef.errors import ValidationError
from commit_mef.plans import Continues

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator
    from commit_mef.plans import Plan, Target
    from commit_mef.progress._result import Progress

__all__ = ["default_id", "default_wording", "lineage", "named", "remainder"]


def lineage(target: Target, plan: Plan, result: Progress | None) -> Continues:
    """The link from a carried target back to the old one: plan, id, day, status and why."""
    if result is None:
        return Continues(
            plan=plan.code,
            ref=target.id,
            status="no data",
            note=f"no progress was measured under {plan.code}; carried as not known, not as missed",
        )
    day = result.as_of.isoformat()
    status = result.status.value
    if result.status.value == "no data":
        note = (
            f"no figures were reported under {plan.code} by {day}; carried with no new "
            "baseline, not as missed"
        )
    elif result.status.value == "not assessed" and result.achieved is None:
        note = f"not assessed under {plan.code} by {day} (judged by a person, or no value set)"
    elif result.achieved is None and result.parts:
        each = ", ".join(
            f"{p.country} {p.achieved if p.achieved is not None else 'no data'}"
            for p in result.parts
        )
        note = (
            f"measured country by country under {plan.code} by {day} ({each}); one baseline "
            "cannot hold them: split the target per country to record each"
        )
    else:
        note = f"{result.achieved} achieved under {plan.code} by {day} ({status})"
    return Continues(plan=plan.code, ref=target.id, as_of=result.as_of, status=status, note=note)


def remainder(
    moved: Target, old: Target, result: Progress | None, ind: Indicator | None
) -> tuple[Target, str]:
    """``moved`` with only what is left to reach, and a note saying how (empty: kept as it was)."""
    from commit_mef.indicators import MeasureKind, TimeAggregation

    if isinstance(old.value, bool) or (ind is not None and ind.kind is MeasureKind.MILESTONE):
        return _milestone_remainder(moved, result)
    # without its indicator, a target counted over a period is read as a flow (Target's rule)
    flow = old.period is not None if ind is None else ind.rule.over_time is TimeAggregation.SUM
    if not flow:
        return moved, "a state: the same value, counted from the new baseline"
    achieved = _number(result)
    if achieved is None or old.value is None or isinstance(old.value, (bool, str)):
        return moved, "no achieved value: value repeated"
    if moved.per_year:
        return moved, "a per-year target: the same rate a year"
    left = _minus(old.value, achieved)
    timeline = tuple(
        attrs.evolve(step, value=_minus(step.value, achieved)) for step in moved.timeline
    )
    done = _amount(achieved)
    baseline = moved.baseline
    if baseline is not None:  # the remainder counts afresh: none of it is done at the start
        baseline = attrs.evolve(
            baseline,
            value=_minus(_like_zero(old.value), Decimal(0)),
            note=f"{baseline.note}; the remainder counts afresh from 0 ({done} were achieved "
            f"towards {_amount(old.value)})",
        )
    return (
        attrs.evolve(moved, value=left, timeline=timeline, baseline=baseline),
        f"the remainder: {_amount(old.value)} less {done} achieved",
    )


def _like_zero(value: object) -> object:
    from commit_mef.money import Money

    return Money(0, value.currency) if isinstance(value, Money) else Decimal(0)


def _milestone_remainder(moved: Target, result: Progress | None) -> tuple[Target, str]:
    from commit_mef.plans import Level

    if result is None or not result.parts or moved.level is Level.BILATERAL:
        return moved, ""
    missing = tuple(p.country for p in result.parts if p.country and not p.met)
    if not missing or len(missing) == len(result.parts):
        return moved, ""
    remainder = attrs.evolve(moved, countries=missing)
    note = f"the remainder: only {', '.join(missing)}, which had not reached it"
    if moved.level is Level.REGIONAL and len(missing) < 3:
        # a regional target binds at least three members (rule regional-too-few): what is
        # left for one or two countries is each one's own milestone
        remainder = attrs.evolve(remainder, level=Level.NATIONAL)
        note += ", now a national target for each"
    return remainder, note


def _number(result: Progress | None) -> Decimal | None:
    if result is None or result.achieved is None or isinstance(result.achieved, (bool, str)):
        return None
    return Decimal(result.achieved)


def _minus(value: object, achieved: Decimal) -> object:
    from commit_mef.money import Money

    if isinstance(value, Money):
        return Money(value.amount - achieved, value.currency)
    assert isinstance(value, Decimal)  # noqa: S101 - the caller passes numbers and money only
    return value - achieved


def _amount(value: object) -> str:
    from commit_mef.money import Money

    return str(value) if not isinstance(value, Money) else f"{value.currency.code} {value.amount}"


def _periods(plan: Plan) -> list[str]:
    texts = {str(plan.period), str(plan.effective_period)}
    dashed = {t.replace("-", "\u2013") for t in texts}  # an en dash, as documents write it
    return sorted(texts | dashed, key=len, reverse=True)


def default_id(target: Target, plan: Plan, into: Plan) -> str:
    """The old id, with the old plan's period written as the new one's."""
    return _rewritten(target.id, plan, into, due=False)


def default_wording(target: Target, plan: Plan, into: Plan) -> str:
    """The old wording, with the old plan's period and due year written as the new ones."""
    return _rewritten(target.description, plan, into, due=True)


def _rewritten(text: str, plan: Plan, into: Plan, *, due: bool) -> str:
    for old in _periods(plan):
        text = text.replace(old, str(into.period))
    if due:
        old_year, new_year = plan.effective_period.end.year, into.period.end.year
        text = re.sub(rf"\b(by|in|until|before) {old_year}\b", rf"\g<1> {new_year}", text)
    return text


def named(
    choice: Callable[[Target], str] | Mapping[str, str] | None,
    target: Target,
    default: str,
    what: str,
    *,
    empty: bool = False,
) -> str:
    """The id or wording the planner chose for ``target`` (or the default), checked."""
    if choice is None:
        return default
    value = choice.get(target.id, default) if isinstance(choice, Mapping) else choice(target)
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise ValidationError(
            f"carry_over({what}=) gave {value!r} for target {target.id!r}; give a non-empty text",
            path=f"carry_over.{what}",
        )
    return value
