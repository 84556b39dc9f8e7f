"""Check a plan for what is inconsistent across its tree, reporting every problem at once.

Construction already refuses what is structurally impossible (wrong types,
an end before a start, a ratio without factor).  :func:`validate` looks at
the whole tree and reports each inconsistency as an :class:`Issue` with the
id of the :class:`Rule` it breaks, its :class:`~commit_mef.Severity`, and a
path such as ``plan.areas[2].objectives[0].targets[1].deadline``.  It never
stops at the first problem.  :data:`RULES` lists every rule.

Figures are checked against their plan by the same registry:
``validate(plan, figures)`` (or :func:`check_figures` for the figures alone)
reports figures whose indicator the plan lacks, whose unit, currency, country,
period, codes or basis do not fit, and figures given twice.  New rules are
added with :func:`register_rule`.

The same run checks the plan as a results framework (:data:`FRAMEWORK_RULES`): every
outcome and output measured, every target with a baseline (or a stated reason for none), a
deadline or period and a commitment, baselines dated before the plan and sourced, every MoU
section the plan mirrors served; these are warnings, as a draft is incomplete by nature.
Numerator and denominator of other units, a "regional" target binding fewer than three
members, two targets for one indicator, country and period, and target parts off their
indicator's code lists cannot be right: these are errors.

Examples:
    >>> from commit_mef.plans import Area, Objective, Plan, Target
    >>> plan = Plan(code="P", title="T", period="2015-2018", areas=(
    ...     Area(number=6, title="Extra", objectives=(
    ...         Objective(id="6.1", title="O", targets=(
    ...             Target(id="t", indicator="missing", value=1, deadline=None, period="2019"),
    ...         )),
    ...     )),
    ... ))
    >>> report = validate(plan)
    >>> report.ok
    False
    >>> for issue in report:
    ...     print(issue)
    [area-number] area number 6 is outside this plan's numbering (1, 2, 3, 4, 5); renumber it or set Plan.area_numbers @ plan.areas[0].number
    [dangling-indicator] target 't' measures indicator 'missing', which the plan does not define; add it to the plan's indicators or fix the id @ plan.areas[0].objectives[0].targets[0].indicator
    [target-outside-period] target 't' runs over 2019, outside the plan period 2015-2018; move it inside or extend the plan @ plan.areas[0].objectives[0].targets[0].period
    [objective-unmeasured] outcome '6.1' is measured by no indicator of the plan; give it a target on one of the plan's indicators @ plan.areas[0].objectives[0].targets
    [target-no-baseline] target 't' has no baseline; give one (value, date, source), or state why it has none in Target.no_baseline @ plan.areas[0].objectives[0].targets[0].baseline
    [target-no-commitment] target 't' serves no MoU commitment; name the commitments it serves in Target.commitments (and add them to Plan.commitments) @ plan.areas[0].objectives[0].targets[0].commitments
"""

from __future__ import annotations

from collections.abc import Mapping

from commit_mef.validation import _framework, _report
from commit_mef.validation._checker import check_figures, validate
from commit_mef.validation._registry import register_rule, unregister_rule
from commit_mef.validation._report import Issue, Rule, ValidationReport

__all__ = [
    "FRAMEWORK_RULES",
    "RULES",
    "Issue",
    "Rule",
    "ValidationReport",
    "check_figures",
    "register_rule",
    "unregister_rule",
    "validate",
]

RULES: Mapping[str, Rule] = _report.RULES
"""Every rule :func:`validate` and :func:`check_figures` apply, by id: a live, read-only view
that lists the built-in rules and those :func:`register_rule` added."""

FRAMEWORK_RULES: tuple[str, ...] = _framework.FRAMEWORK_RULES
"""The ids of the framework-completeness rules (every outcome measured, every target with a
baseline, a due date and a commitment, baselines dated and sourced, every MoU section served,
compatible ratio parts, regional targets that bind a region, no repeated target, target parts
that fit their dimension): pass them as ``skip=`` to check a plan's consistency alone.

Examples:
    >>> from commit_mef.plans import Area, Objective, Plan
    >>> plan = Plan(code="P", title="T", period="2015-2018",
    ...             areas=(Area(number=1, title="A", objectives=(Objective(id="1.1", title="O"),)),))
    >>> [issue.rule for issue in validate(plan)]
    ['objective-unmeasured']
    >>> len(validate(plan, skip=FRAMEWORK_RULES))
    0
"""
