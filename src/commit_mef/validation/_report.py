"""The rules validation applies, the issues it reports, and the report that holds them."""

from __future__ import annotations

import re
import types
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from commit_mef._validators import to_enum
from commit_mef.errors import NotFoundError, Problem, ValidationError
from commit_mef.sources import Severity

__all__ = ["RULES", "Issue", "Rule", "ValidationReport"]


_SCOPES = ("plan", "figures")
_RULE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _rule_severity(value: object) -> Severity:
    return to_enum(Severity, value, "Rule.severity")


def _check_rule_id(_inst: object, _attr: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not _RULE_ID.fullmatch(value):
        raise ValidationError(
            f"rule id {value!r} is not kebab-case; write it like 'target-has-owner'",
            path="Rule.id",
        )


def _check_scope(_inst: object, _attr: attrs.Attribute[Any], value: str) -> None:
    if value not in _SCOPES:
        raise ValidationError(
            f"rule scope {value!r} is neither 'plan' nor 'figures'", path="Rule.scope"
        )


@attrs.frozen
class Rule:
    """A named validation rule.

    Attributes:
        id: Stable kebab-case id (``"target-outside-period"``).
        severity: How much a breach matters.
        summary: What the rule requires, in one sentence.
        scope: What it checks: ``"plan"`` (the plan's tree) or ``"figures"``
            (observations against the plan).

    Examples:
        >>> RULES["duplicate-id"].severity
        <Severity.ERROR: 'error'>
        >>> RULES["figure-unknown-indicator"].scope
        'figures'
    """

    id: str = attrs.field(validator=_check_rule_id)
    severity: Severity = attrs.field(converter=_rule_severity)
    summary: str = attrs.field(validator=attrs.validators.instance_of(str))
    scope: str = attrs.field(default="plan", validator=_check_scope)


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

_F = "figures"

# The registry: the built-in rules, then those register_rule() adds (under its lock).
_REGISTRY: dict[str, Rule] = {
        rule.id: rule
        for rule in (
            Rule("duplicate-id", _E, "Ids of indicators, objectives, targets, activities, commitments and area numbers are unique in a plan."),
            Rule("dangling-indicator", _E, "Every indicator a target (or a ratio's numerator or denominator) names is among the plan's indicators."),
            Rule("dangling-commitment", _E, "Every commitment a target names is in Plan.commitments."),
            Rule("dangling-area", _E, "Every area a commitment maps to is an area of the plan."),
            Rule("dangling-parent", _E, "Every objective's parent is an objective of the plan."),
            Rule("results-chain", _E, "A parent objective sits higher in the results chain (goal > outcome > output)."),
            Rule("area-number", _E, "Area numbers are within the plan's numbering (1-5 unless Plan.area_numbers says otherwise)."),
            Rule("target-outside-period", _E, "A target's deadline or period lies inside the plan period, extension included."),
            Rule("activity-outside-period", _W, "An activity's planned period and actual dates lie inside the plan period, extension included."),
            Rule("dangling-target", _E, "Every target an activity serves is a target of the plan."),
            Rule("unit-mismatch", _E, "A target or baseline value is of the kind its indicator measures (a number, money, yes/no, a level)."),
            Rule("currency-mismatch", _E, "A money value is in the currency its indicator names."),
            Rule("percentage-range", _E, "A percentage lies between 0 and 100."),
            Rule("negative-value", _E, "Counts, money and ratios are not negative."),
            Rule("not-whole-count", _E, "A count is a whole number."),
            Rule("milestone-numeric", _E, "A milestone's target is yes/no (True), not a number or an amount."),
            Rule("ordinal-off-scale", _E, "An ordinal value is one of its indicator's scale levels."),
            Rule("direction-contradiction", _E, "Baseline and target agree with the indicator's direction (increase, decrease, maintain)."),
            Rule("baseline-after-target", _W, "A baseline describes a time before the target is due."),
            Rule("no-target-value", _I, "A target states the value to reach."),
            Rule("objective-unmeasured", _W, "Every outcome and output is measured by a target on one of the plan's indicators."),
            Rule("target-no-baseline", _W, "A target has a baseline, or states why it has none (Target.no_baseline)."),
            Rule("target-no-due-date", _W, "A target has a deadline or a period (else it is read as due at the plan's end)."),
            Rule("target-no-commitment", _W, "A target names the MoU commitments it serves."),
            Rule("baseline-undated", _W, "A baseline says when its value was true (a date or a period)."),
            Rule("baseline-in-plan", _W, "A baseline describes a time before the plan starts."),
            Rule("baseline-unsourced", _W, "A baseline names its source."),
            Rule("mou-section-unserved", _W, "Every MoU section the plan's areas or commitments mirror is served by a target."),
            Rule("ratio-parts", _E, "A percentage's or ratio's numerator and denominator are counts or amounts of compatible units."),
            Rule("regional-too-few", _E, "A regional target binds at least three COMMIT members, or all of them (no countries)."),
            Rule("duplicate-target", _E, "One target per indicator, level, country and period."),
            Rule("target-part-codes", _E, "A target's parts use its indicator's dimensions and codes, and all of a dimension's codes add up to the total."),
            Rule("figure-unknown-indicator", _E, "Every figure measures an indicator the plan defines.", _F),
            Rule("figure-unit-mismatch", _E, "A figure is of the kind its indicator measures, in the indicator's count unit.", _F),
            Rule("figure-currency-mismatch", _E, "A money figure is in the currency its indicator names.", _F),
            Rule("figure-partner-country", _W, "A figure's country is a COMMIT member; partners (Malaysia...) are allowed but flagged.", _F),
            Rule("figure-outside-period", _W, "A figure's period overlaps the plan period, extension included (a baseline or an older stock may not).", _F),
            Rule("figure-duplicate", _E, "A figure is given once: two rows alike in every field, with no id to tell them apart, are one figure twice.", _F),
            Rule("figure-duplicate-id", _E, "Figure ids are unique.", _F),
            Rule("undeclared-dimension", _E, "A figure is broken down only by dimensions its indicator declares.", _F),
            Rule("code-not-in-list", _E, "A figure's codes are in the code list of its indicator's dimension.", _F),
            Rule("figure-basis", _W, "A figure's basis (total, per year, point, per event) can be compared with its targets'.", _F),
        )
}  # fmt: skip
BUILT_IN = frozenset(_REGISTRY)

# Documented in commit_mef.validation, where it is public: a live, read-only view.
RULES: Mapping[str, Rule] = types.MappingProxyType(_REGISTRY)


def _to_severity(value: object) -> Severity:
    return to_enum(Severity, value, "Issue.severity")


@attrs.frozen(kw_only=True)
class Issue:
    """One problem :func:`validate` found.

    Attributes:
        rule: The id of the rule broken.
        severity: How much it matters.
        path: Where, from the plan (``plan.areas[0].objectives[1].targets[2].value``).
        message: What is wrong and how to fix it.

    Examples:
        >>> issue = Issue(rule="percentage-range", severity="error", path="plan.x", message="120 > 100")
        >>> print(issue)
        [percentage-range] 120 > 100 @ plan.x
        >>> issue.to_problem()
        Problem(path='/x', message='120 > 100', rule='percentage-range', code='rule', location='plan.x')
    """

    rule: str
    severity: Severity = attrs.field(converter=_to_severity)
    path: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message} @ {self.path}"

    def to_problem(self) -> Problem:
        """The issue as an :class:`~commit_mef.errors.Problem`, as loaders report them.

        Examples:
            >>> Issue(rule="r", severity="info", path="p", message="m").to_problem().rule
            'r'
        """
        return Problem(self.path, self.message, self.rule)


@attrs.frozen
class ValidationReport:
    """Every issue :func:`validate` found, in tree order.

    Iterate over it, count it, or filter by rule or severity; ``ok`` is true
    when no issue is an error (warnings and notes allowed).

    Examples:
        >>> report = ValidationReport((Issue(rule="r", severity="warning", path="p", message="m"),))
        >>> report.ok, len(report), len(report.errors), len(report.warnings)
        (True, 1, 0, 1)
        >>> report.raise_for_errors() is report
        True
    """

    issues: tuple[Issue, ...] = ()

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    @property
    def ok(self) -> bool:
        """Whether no issue is an error.

        Examples:
            >>> ValidationReport().ok
            True
        """
        return not self.errors

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues of severity error.

        Examples:
            >>> ValidationReport().errors
            ()
        """
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues of severity warning.

        Examples:
            >>> ValidationReport().warnings
            ()
        """
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    def by_rule(self, rule: str) -> tuple[Issue, ...]:
        """The issues that break the rule ``rule``.

        Raises:
            LookupError: no rule has that id.

        Examples:
            >>> ValidationReport().by_rule("duplicate-id")
            ()
        """
        if rule not in RULES:
            raise NotFoundError(
                f"no validation rule {rule!r}; the rules are {', '.join(RULES)}",
                what="rule",
                key=rule,
                available=RULES,
            )
        return tuple(i for i in self.issues if i.rule == rule)

    def raise_for_errors(self) -> ValidationReport:
        """Raise if any issue is an error; else return the report itself.

        Raises:
            ValidationError: listing every error, each with its rule and path.

        Examples:
            >>> report = ValidationReport((Issue(rule="area-number", severity="error",
            ...                                  path="plan.areas[0].number", message="6 > 5"),))
            >>> report.raise_for_errors()
            Traceback (most recent call last):
            ...
            commit_mef.errors.ValidationError: the plan has 1 error; fix each:
              [area-number] 6 > 5 @ plan.areas[0].number
        """
        errors = self.errors
        if not errors:
            return self
        n = len(errors)
        lines = [f"the plan has {n} error{'s' if n != 1 else ''}; fix each:"]
        lines.extend(f"  {issue}" for issue in errors)
        rules = {i.rule for i in errors}
        raise ValidationError("\n".join(lines), rule=rules.pop() if len(rules) == 1 else None)

    def __str__(self) -> str:
        if not self.issues:
            return "no issues"
        return "\n".join(str(i) for i in self.issues)
