"""Strategies for drafts and lineage: what parts continue, decision logs, plans under discussion, diffs."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from commit_mef.plans import Continues, Decision, Plan, PlanDiff, PlanStatus, diff
from commit_mef.testing._base import dates
from commit_mef.testing._plans import plans

__all__ = ["continues", "decisions", "drafted_plans", "plan_diffs"]

_NAME = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=8)
_TEXT = st.text(min_size=0, max_size=20)


@st.composite
def continues(draw: st.DrawFn) -> Continues:
    """What a part of a plan continues: an earlier plan's part or an MoU section.

    Examples:
        >>> from hypothesis import find
        >>> find(continues(), lambda c: c.plan == "MoU").plan
        'MoU'
    """
    plan = draw(st.sampled_from(("SPA III", "SPA IV", "MoU")))
    if plan == "MoU":
        return Continues(plan=plan, ref=draw(st.sampled_from(("I", "II", "III", "IV", "V"))))
    carried = draw(st.booleans())
    return Continues(
        plan=plan,
        ref=draw(_NAME),
        as_of=draw(dates()) if carried else None,
        status=draw(st.sampled_from(("off track", "no data", "not started"))) if carried else "",
        note=draw(_TEXT),
    )


@st.composite
def decisions(draw: st.DrawFn) -> Decision:
    """Decision-log entries: a status move with its meeting, or a change proposed and why.

    Examples:
        >>> from hypothesis import find
        >>> find(decisions(), lambda d: d.status is not None).subject
        ''
    """
    if draw(st.booleans()):
        return Decision(
            status=draw(st.sampled_from(PlanStatus)),
            meeting=draw(_TEXT),
            date=draw(st.none() | dates()),
        )
    return Decision(
        subject=draw(_NAME),
        proposed_by=draw(_TEXT),
        reason=draw(_TEXT),
        meeting=draw(_TEXT),
    )


@st.composite
def drafted_plans(draw: st.DrawFn) -> Plan:
    """Valid plans (:func:`plans`) with a status, a decision log and areas that continue others.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, database=None)
        ... @given(drafted_plans())
        ... def test_a_draft_has_a_status(plan):
        ...     assert plan.status is not None
        >>> test_a_draft_has_a_status()
    """
    plan = draw(plans(max_areas=2, max_objectives=2, max_targets=2))
    areas = tuple(
        attrs.evolve(a, continues=tuple(draw(st.lists(continues(), max_size=2))))
        for a in plan.areas
    )
    return attrs.evolve(
        plan,
        areas=areas,
        status=draw(st.sampled_from(PlanStatus)),
        decisions=tuple(draw(st.lists(decisions(), max_size=3))),
    )


@st.composite
def plan_diffs(draw: st.DrawFn) -> PlanDiff:
    """Diffs of two generated plans (any two: most parts are added and removed).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, database=None)
        ... @given(plan_diffs())
        ... def test_a_diff_renders(d):
        ...     assert d.render().startswith(d.before)
        >>> test_a_diff_renders()
    """
    return diff(draw(drafted_plans()), draw(drafted_plans()))
