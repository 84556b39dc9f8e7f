"""Strategies for the logframe parts of a plan: target parts, assumptions, and plans that have them."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import strategies as st

from commit_mef.money import Budget, Money
from commit_mef.periods import Period
from commit_mef.plans import Assumption, AssumptionKind, Objective, Plan, Target, TargetPart
from commit_mef.testing._plans import plans

__all__ = ["assumptions", "logframe_plans", "target_parts"]

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")

_CODES = {"sex": ("female", "male", "other", "unknown"), "age_band": ("0-17", "18+", "unknown")}


@st.composite
def assumptions(draw: st.DrawFn, *, link: bool | None = None) -> Assumption:
    """An assumption or risk, on the objective or (``link=True``) on the link to its parent.

    Examples:
        >>> from hypothesis import find
        >>> find(assumptions(link=True), lambda a: a.kind is AssumptionKind.RISK).link
        True
    """
    return Assumption(
        text=draw(_TEXT),
        kind=draw(st.sampled_from(AssumptionKind)),
        link=draw(st.booleans()) if link is None else link,
        mitigation=draw(st.one_of(st.just(""), _TEXT)),
    )


@st.composite
def target_parts(draw: st.DrawFn, total: Decimal | Money) -> tuple[TargetPart, ...]:
    """Parts of ``total`` by one dimension's codes, adding up to no more than it.

    Examples:
        >>> from hypothesis import find
        >>> parts = find(target_parts(Decimal(10)), lambda p: len(p) > 1)
        >>> sum(p.value for p in parts) <= 10
        True
    """
    dimension = draw(st.sampled_from(sorted(_CODES)))
    codes = draw(st.lists(st.sampled_from(_CODES[dimension]), unique=True, max_size=3))
    amount = total.amount if isinstance(total, Money) else total
    left = max(int(amount), 0)
    parts = []
    for code in codes:
        share = draw(st.integers(0, left))
        left -= share
        value = Money(share, total.currency) if isinstance(total, Money) else Decimal(share)
        parts.append(TargetPart(dimension=dimension, code=code, value=value))
    return tuple(parts)


def _target(draw: st.DrawFn, target: Target) -> Target:
    parts: tuple[TargetPart, ...] = ()
    if isinstance(target.value, (Decimal, Money)):
        parts = draw(target_parts(target.value))
    return attrs.evolve(
        target,
        parts=parts,
        responsible=tuple(draw(st.lists(_TEXT, max_size=2))),
        no_baseline="" if target.baseline is not None else draw(st.one_of(st.just(""), _TEXT)),
    )


def _objective(draw: st.DrawFn, objective: Objective, within: Period) -> Objective:
    linked = None if objective.parent is not None else False
    budgets = tuple(
        Budget(amount=Money(draw(st.integers(0, 10**9)), "USD"), period=within)
        for _ in range(draw(st.integers(0, 1)))
    )
    return attrs.evolve(
        objective,
        targets=tuple(_target(draw, t) for t in objective.targets),
        assumptions=tuple(draw(st.lists(assumptions(link=linked), max_size=2))),
        responsible=tuple(draw(st.lists(_TEXT, max_size=2))),
        budgets=budgets,
    )


@st.composite
def logframe_plans(draw: st.DrawFn) -> Plan:
    """A plan (from :func:`plans`) whose objectives and targets fill the logframe's columns.

    Targets get parts by sex or age, responsible bodies and, without a baseline, perhaps a
    reason; objectives get assumptions and risks, responsible bodies and budgets.

    Examples:
        >>> from hypothesis import find
        >>> plan = find(logframe_plans(), lambda p: any(o.assumptions for o in p.objectives()))
        >>> isinstance(plan, Plan)
        True
    """
    plan = draw(plans())
    areas = tuple(
        attrs.evolve(
            area,
            objectives=tuple(_objective(draw, o, plan.period) for o in area.objectives),
        )
        for area in plan.areas
    )
    return attrs.evolve(plan, areas=areas)
