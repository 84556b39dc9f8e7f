"""Ordinal values stored one way: a plan keeps level names, and reads positions as names.

An ordinal indicator has a scale of level names, lowest first
(``("none", "drafted", "adopted")``).  A plan's target and baseline values for it may be
written as a level name (``"drafted"``) or as its position on the scale (``1``, counting
from 0); the :class:`~commit_mef.plans.Plan` stores the name.  A position off the scale
is kept as written, for :func:`~commit_mef.validation.validate` to report under
``ordinal-off-scale``.  Figures go the other way: the observation table holds numbers, so
:func:`~commit_mef.aggregate` and :func:`~commit_mef.progress.progress` read a level name
in a figure as its position.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from commit_mef.plans._tree import Plan

__all__ = ["level_name", "level_position", "named_levels"]


def level_name(value: object, scale: tuple[str, ...]) -> object:
    """``value`` as a level name when it is a position on ``scale``, else unchanged.

    Examples:
        >>> level_name(Decimal("1"), ("none", "drafted", "adopted"))
        'drafted'
        >>> level_name(Decimal("7"), ("none", "drafted"))
        Decimal('7')
    """
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return value
    if value != int(value) or not 0 <= value < len(scale):
        return value
    return scale[int(value)]


def level_position(value: object, scale: tuple[str, ...]) -> object:
    """``value`` as its position on ``scale`` (a Decimal) when it is a level name, else unchanged.

    Examples:
        >>> level_position("adopted", ("none", "drafted", "adopted"))
        Decimal('2')
        >>> level_position("unheard of", ("none", "drafted"))
        'unheard of'
    """
    if isinstance(value, str) and value in scale:
        return Decimal(scale.index(value))
    return value


def named_levels(plan: Plan) -> tuple[Any, ...] | None:
    """The plan's areas with every ordinal target and baseline value as a level name.

    ``None`` when nothing changes (the plan keeps its own tuple).
    """
    from commit_mef.indicators import MeasureKind

    scales = {
        i.id: i.scale
        for i in plan.indicators
        if i.kind is MeasureKind.ORDINAL and i.scale is not None
    }
    if not scales:
        return None
    changed = False

    def target(t: Any) -> Any:
        nonlocal changed
        scale = scales.get(t.indicator)
        if scale is None:
            return t
        value = level_name(t.value, scale)
        baseline = t.baseline
        if baseline is not None:
            base = level_name(baseline.value, scale)
            if base is not baseline.value:
                baseline = attrs.evolve(baseline, value=base)
        if value is t.value and baseline is t.baseline:
            return t
        changed = True
        return attrs.evolve(t, value=value, baseline=baseline)

    areas = tuple(
        attrs.evolve(
            area,
            objectives=tuple(
                attrs.evolve(o, targets=tuple(target(t) for t in o.targets))
                for o in area.objectives
            ),
        )
        for area in plan.areas
    )
    return areas if changed else None
