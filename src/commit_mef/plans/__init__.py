"""Plans of action: areas, objectives (goal, outcome, output), targets and activities.

A :class:`Target` may carry a timeline of :class:`InterimTarget` values
(each due by the end of a period of at most a year), and an
:class:`Activity` a schedule: its planned period, the days it actually
started and finished, an :class:`ActivityStatus` and the targets it serves.
The logframe's other columns are fields too: a target's :class:`TargetPart` s
(its value by the codes of a dimension), its responsible bodies and, when it
has no baseline, the reason why; an objective's :class:`Assumption` s (and
risks, on the objective or on the link to its parent), its responsible bodies
and its :class:`~commit_mef.money.Budget` s.  All are empty by default.

A :class:`Plan` is an immutable tree: :class:`Area` s hold
:class:`Objective` s, which hold :class:`Target` s and :class:`Activity`
entries; the plan also holds the :class:`~commit_mef.indicators.Indicator` s
its targets measure and the MoU :class:`~commit_mef.commitments.Commitment`
s they serve.  Construction rejects what is structurally impossible (wrong
types, an end before a start); :func:`~commit_mef.validation.validate`
reports what is inconsistent across the tree (duplicate ids, dangling
references, targets outside the plan period...).

Change a plan with :func:`attrs.evolve` or the helpers
:meth:`Plan.add_target`, :meth:`Plan.update_target`; start the next plan
from this one with :meth:`Plan.successor`.  A plan under discussion carries
a :class:`PlanStatus` (draft, agreed, adopted) and a log of
:class:`Decision` s (:meth:`Plan.decide`); areas, objectives and targets
name what they continue with :class:`Continues`; :func:`diff` compares two
drafts part by part (a :class:`PlanDiff` of :class:`Change` s) and
:func:`compare` lines up the areas of several plans (a :class:`PlanComparison`).

Examples:
    >>> from commit_mef.periods import Period
    >>> from commit_mef.indicators import Indicator
    >>> from commit_mef.plans import Area, Objective, Plan, Target
    >>> npa = Indicator(id="npa-adopted", name="National plan of action adopted", kind="milestone")
    >>> plan = Plan(
    ...     code="SPA X",
    ...     title="A plan",
    ...     period=Period.years(2015, 2018),
    ...     indicators=(npa,),
    ...     areas=(
    ...         Area(number=1, title="Policy and Cooperation", objectives=(
    ...             Objective(id="1.1", title="National plans of action", targets=(
    ...                 Target(id="1.1.a", indicator="npa-adopted", value=True,
    ...                        countries=("KHM",)),
    ...             )),
    ...         )),
    ...     ),
    ... )
    >>> plan.target("1.1.a").countries[0].name
    'Cambodia'
    >>> str(plan.effective_period)
    '2015-2018'
"""

from __future__ import annotations

from typing import TypeAlias

from commit_mef.plans import _leaves
from commit_mef.plans._compare import AreaLine, ObjectiveLine, PlanComparison, compare
from commit_mef.plans._diff import Change, ChangeKind, FieldChange, PlanDiff, diff
from commit_mef.plans._interim import ActivityStatus, InterimTarget
from commit_mef.plans._leaves import Activity, Baseline, Level, ResultLevel, Target
from commit_mef.plans._lineage import Continues, Decision, PlanStatus
from commit_mef.plans._logframe import Assumption, AssumptionKind, TargetPart
from commit_mef.plans._tree import Area, Objective, Plan

__all__ = [
    "Activity",
    "ActivityStatus",
    "Area",
    "AreaLine",
    "Assumption",
    "AssumptionKind",
    "Baseline",
    "Change",
    "ChangeKind",
    "Continues",
    "Decision",
    "FieldChange",
    "InterimTarget",
    "Level",
    "Objective",
    "ObjectiveLine",
    "Plan",
    "PlanComparison",
    "PlanDiff",
    "PlanStatus",
    "ResultLevel",
    "Target",
    "TargetPart",
    "TargetValue",
    "compare",
    "diff",
]

TargetValue: TypeAlias = _leaves.TargetValue
"""The values a target or baseline may take (a :class:`~decimal.Decimal`, a
:class:`~commit_mef.Money`, ``True``/``False`` for a milestone, or a level name or a text)."""
