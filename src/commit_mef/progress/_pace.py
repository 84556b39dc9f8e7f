"""Pacing a target: the value due by a day, read off its timeline or off the straight line."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from commit_mef.observations import _columns as cols_
from commit_mef.progress._judge import num
from commit_mef.progress._result import Pace

if TYPE_CHECKING:
    from commit_mef.plans import Target

__all__ = ["Paced", "pace"]

Paced = tuple[Pace | None, Decimal | None, Decimal | None, str | None]


def _x(day: dt.date, start: dt.date) -> int:
    """Days counted from the day before ``start`` (``start`` itself is day 1)."""
    return (day - start).days + 1


def _interpolate(knots: list[tuple[int, Fraction]], x: int) -> Fraction:
    """The piecewise-linear value at ``x``, held flat before the first and after the last knot."""
    if x <= knots[0][0]:
        return knots[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(knots):
        if x <= x1:
            return y0 + (y1 - y0) * Fraction(x - x0, x1 - x0)
    return knots[-1][1]


def pace(  # noqa: PLR0917 - private; the caller names each
    target: Target,
    start: dt.date | None,
    due: dt.date | None,
    as_of: dt.date,
    origin: Decimal,
    goal: Decimal,
) -> Paced:
    """What ``target`` should have reached by ``as_of``, and as what share of the way.

    With a timeline, the value due is read off its interim values: each is due
    on its period's last day, and between two of them (or between the start,
    at ``origin``, and the first) the plan's pace is the straight line joining
    them.  Without one, the straight line runs from ``origin`` at the start to
    ``goal`` on the due date.  Returns ``(basis, share, value, note)``; all
    ``None`` when the target has no start or no due date to pace by.
    """
    if start is None or due is None or due < start:
        return None, None, None, None
    knots: list[tuple[int, Fraction]] = [(0, Fraction(origin))]
    if target.timeline:
        basis = Pace.TIMELINE
        for step in target.timeline:
            x = _x(step.due, start)
            value = num(step.value)
            if value is None:  # pragma: no cover - the target refused other values
                continue
            if x <= knots[-1][0]:  # an interim value due on or before the start
                knots[-1] = (knots[-1][0], Fraction(value))
            else:
                knots.append((x, Fraction(value)))
    else:
        basis = Pace.STRAIGHT_LINE
        knots.append((_x(due, start), Fraction(goal)))
    reached = _interpolate(knots, min(max(_x(as_of, start), 0), knots[-1][0]))
    value = cols_.fraction_to_decimal(reached)
    share = None
    if goal != origin:
        share = cols_.fraction_to_decimal(
            (reached - Fraction(origin)) / (Fraction(goal) - Fraction(origin))
        )
    note = None
    if basis is Pace.TIMELINE:
        note = f"paced by the target's timeline: {value.normalize()} due by {as_of.isoformat()}"
    return basis, share, value, note
