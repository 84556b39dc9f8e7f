"""Judging a measured target: milestones counted, ratios from the baseline, direction-aware status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from commit_mef.errors import AggregationError
from commit_mef.indicators import Direction, Indicator
from commit_mef.observations import _columns as cols_

if TYPE_CHECKING:
    from commit_mef.plans import Target

from commit_mef.progress._result import EARLIEST, Progress, Status

__all__ = ["goal_number", "milestone", "num", "ratio", "expected", "since", "status"]


def milestone(  # noqa: PLR0917 - private
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
            needed = int(num(target.value) or 1)
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
                country=c.alpha_3,
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


def since(target: Target) -> dt.date:
    """The first day whose values count: the day after the baseline, if it has a date."""
    if target.baseline is not None and target.baseline.as_of is not None:
        return target.baseline.as_of + dt.timedelta(days=1)
    return EARLIEST


def num(value: Any) -> Decimal | None:
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


def goal_number(value: Any, ind: Indicator) -> Decimal:
    if isinstance(value, str) and ind.scale is not None:
        if value not in ind.scale:
            raise AggregationError(
                f"level {value!r} is not on the scale {', '.join(ind.scale)}; use one of them",
                indicator=ind.id,
            )
        return Decimal(ind.scale.index(value))
    number = num(value)
    if number is None:
        raise AggregationError(
            f"a target or baseline value {value!r} cannot be compared with a "
            f"{ind.kind.value}; give a number",
            indicator=ind.id,
        )
    return number


def ratio(
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


def expected(start: dt.date | None, due: dt.date | None, as_of: dt.date) -> Decimal | None:
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


def status(  # noqa: PLR0911, PLR0917 - one return per status; private
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
