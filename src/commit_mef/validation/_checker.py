"""The checker: one walk over a plan's tree that applies every rule, and validate()."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from commit_mef.errors import InvalidTypeError, NotFoundError
from commit_mef.indicators import Direction, Indicator, MeasureKind
from commit_mef.observations import ObservationTable
from commit_mef.plans import Activity, Objective, Plan, Target
from commit_mef.validation._figures import FigureChecker
from commit_mef.validation._framework import check_framework
from commit_mef.validation._registry import checks
from commit_mef.validation._report import RULES, Issue, ValidationReport

__all__ = ["check_figures", "validate"]


class _Ids:
    """First path seen for each id in one namespace; reports repeats."""

    __slots__ = ("checker", "kind", "seen")

    def __init__(self, kind: str, checker: _Checker) -> None:
        self.kind = kind
        self.checker = checker
        self.seen: dict[object, str] = {}

    def see(self, key: object, path: str) -> None:
        first = self.seen.setdefault(key, path)
        if first is not path:
            self.checker.add(
                "duplicate-id",
                path,
                f"{self.kind} {key!r} is used again (first at {first}); give each its own id",
            )


def _money_class() -> type | None:
    try:
        return importlib.import_module("commit_mef.money").Money  # type: ignore[no-any-return]
    except (ImportError, AttributeError):  # pragma: no cover - money.py not installed
        return None


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"the yes/no value {value}"
    if isinstance(value, Decimal):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"the amount {value}"


_EXPECTED = {
    MeasureKind.COUNT: "a number (a Decimal or int)",
    MeasureKind.MONEY: "an amount such as Money('1000', 'USD')",
    MeasureKind.PERCENTAGE: "a number between 0 and 100",
    MeasureKind.RATIO: "a number (the rate per its factor)",
    MeasureKind.MILESTONE: "True (reached) or False",
    MeasureKind.ORDINAL: "one of the scale's level names",
    MeasureKind.QUALITATIVE: "a text",
}


def _order_key(value: object, ind: Indicator) -> Any:
    if ind.kind is MeasureKind.ORDINAL and ind.scale is not None and isinstance(value, str):
        return ind.scale.index(value)
    if ind.kind is MeasureKind.MONEY:
        return (value.currency.code, value.amount)  # type: ignore[attr-defined]
    if ind.kind is MeasureKind.QUALITATIVE:
        return None
    return value


def _below(base: Any, goal: Any) -> bool:
    return bool(goal < base)


def _above(base: Any, goal: Any) -> bool:
    return bool(goal > base)


def _differs(base: Any, goal: Any) -> bool:
    return bool(goal != base)


_CONTRADICTS = {
    Direction.INCREASE: (_below, "below", "raise the target or change the direction"),
    Direction.DECREASE: (_above, "above", "lower the target or change the direction"),
    Direction.MAINTAIN: (_differs, "different from", "match them or change the direction"),
}


class _Checker:
    """One validation run: the plan's lookups and the issues found so far."""

    def __init__(self, plan: Plan, skip: frozenset[str]) -> None:
        self.plan = plan
        self.skip = skip
        self.issues: list[Issue] = []
        self.money = _money_class()
        self.indicators: dict[str, Indicator] = {}
        self.commitments: frozenset[str] = frozenset()
        self.period = plan.effective_period
        self.period_text = str(self.period)
        self.targets = frozenset(t.id for t in plan.targets())

    def add(self, rule: str, path: str, message: str) -> None:
        if rule not in self.skip:
            self.issues.append(
                Issue(rule=rule, severity=RULES[rule].severity, path=path, message=message)
            )

    # -- the plan's own lists -------------------------------------------------------------
    def check_indicators(self) -> None:
        ids = _Ids("indicator", self)
        for i, ind in enumerate(self.plan.indicators):
            ids.see(ind.id, f"plan.indicators[{i}].id")
            self.indicators.setdefault(ind.id, ind)
        for i, ind in enumerate(self.plan.indicators):
            for field in ("numerator", "denominator"):
                ref = getattr(ind, field)
                if ref is not None and ref not in self.indicators:
                    self.add(
                        "dangling-indicator",
                        f"plan.indicators[{i}].{field}",
                        f"indicator {ind.id!r} takes its {field} from {ref!r}, which the plan "
                        "does not define; add it to the plan's indicators or fix the id",
                    )

    def check_commitments(self) -> None:
        ids = _Ids("commitment", self)
        plan = self.plan
        numbers = frozenset(area.number for area in plan.areas)
        for i, commitment in enumerate(plan.commitments):
            ids.see(commitment.id, f"plan.commitments[{i}].id")
            for j, number in enumerate(commitment.areas):
                if plan.areas and number not in numbers:
                    self.add(
                        "dangling-area",
                        f"plan.commitments[{i}].areas[{j}]",
                        f"commitment {commitment.id!r} maps to area {number}, which the plan "
                        f"does not have (it has {', '.join(map(str, sorted(numbers)))})",
                    )
        self.commitments = frozenset(c.id for c in plan.commitments)

    # -- the tree -------------------------------------------------------------------------
    def check_areas(self) -> None:
        plan = self.plan
        allowed = frozenset(plan.allowed_area_numbers)
        allowed_text = ", ".join(map(str, plan.allowed_area_numbers))
        area_ids = _Ids("area number", self)
        objective_ids = _Ids("objective", self)
        target_ids = _Ids("target", self)
        activity_ids = _Ids("activity", self)
        for a, area in enumerate(plan.areas):
            apath = f"plan.areas[{a}]"
            area_ids.see(area.number, f"{apath}.number")
            if area.number not in allowed:
                self.add(
                    "area-number",
                    f"{apath}.number",
                    f"area number {area.number} is outside this plan's numbering "
                    f"({allowed_text}); renumber it or set Plan.area_numbers",
                )
            for o, objective in enumerate(area.objectives):
                opath = f"{apath}.objectives[{o}]"
                objective_ids.see(objective.id, f"{opath}.id")
                for t, target in enumerate(objective.targets):
                    tpath = f"{opath}.targets[{t}]"
                    target_ids.see(target.id, f"{tpath}.id")
                    self.check_target(target, tpath)
                for v, activity in enumerate(objective.activities):
                    vpath = f"{opath}.activities[{v}]"
                    activity_ids.see(activity.id, f"{vpath}.id")
                    self.check_activity(activity, vpath)

    def check_activity(self, activity: Activity, path: str) -> None:
        if activity.period is not None and not self.period.contains(activity.period):
            self.add(
                "activity-outside-period",
                f"{path}.period",
                f"activity {activity.id!r} runs over {activity.period}, outside "
                f"the plan period {self.period_text}; move it or extend the plan",
            )
        for field in ("started", "finished"):
            day = getattr(activity, field)
            if day is not None and not self.period.contains(day):
                self.add(
                    "activity-outside-period",
                    f"{path}.{field}",
                    f"activity {activity.id!r} {field} on {day.isoformat()}, outside the plan "
                    f"period {self.period_text}; check the date or extend the plan",
                )
        for j, ref in enumerate(activity.targets):
            if ref not in self.targets:
                self.add(
                    "dangling-target",
                    f"{path}.targets[{j}]",
                    f"activity {activity.id!r} serves target {ref!r}, which the plan does not "
                    "define; fix the id or add that target",
                )

    def check_objectives(self) -> None:
        plan = self.plan
        where: dict[str, Objective] = {}
        for objective in plan.objectives():
            where.setdefault(objective.id, objective)
        for a, area in enumerate(plan.areas):
            for o, objective in enumerate(area.objectives):
                if objective.parent is None:
                    continue
                path = f"plan.areas[{a}].objectives[{o}].parent"
                parent = where.get(objective.parent)
                if parent is None:
                    self.add(
                        "dangling-parent",
                        path,
                        f"objective {objective.id!r} contributes to {objective.parent!r}, which "
                        "the plan does not define; fix the id or add that objective",
                    )
                elif parent.level.rank >= objective.level.rank:
                    self.add(
                        "results-chain",
                        path,
                        f"{objective.level.value} {objective.id!r} has the "
                        f"{parent.level.value} {objective.parent!r} as parent; a parent sits "
                        "higher in the chain (goal > outcome > output)",
                    )

    # -- one target -----------------------------------------------------------------------
    def check_target(self, target: Target, path: str) -> None:
        ind = self.indicators.get(target.indicator)
        if ind is None:
            self.add(
                "dangling-indicator",
                f"{path}.indicator",
                f"target {target.id!r} measures indicator {target.indicator!r}, which the plan "
                "does not define; add it to the plan's indicators or fix the id",
            )
        for j, ref in enumerate(target.commitments):
            if ref not in self.commitments:
                self.add(
                    "dangling-commitment",
                    f"{path}.commitments[{j}]",
                    f"target {target.id!r} serves commitment {ref!r}, which the plan does not "
                    "hold; add it to Plan.commitments or fix the id",
                )
        self.check_timing(target, path)
        value_ok = target.value is not None
        if target.value is None:
            self.add(
                "no-target-value",
                f"{path}.value",
                f"target {target.id!r} states no value to reach; set one when it is known",
            )
        elif ind is not None:
            value_ok = self.check_value(target.value, ind, f"{path}.value", "the target")
        baseline = target.baseline
        if baseline is None or ind is None:
            return
        base_ok = self.check_value(baseline.value, ind, f"{path}.baseline.value", "the baseline")
        if value_ok and base_ok:
            self.check_direction(target, ind, path)

    def check_timing(self, target: Target, path: str) -> None:
        if target.deadline is not None and not self.period.contains(target.deadline):
            self.add(
                "target-outside-period",
                f"{path}.deadline",
                f"target {target.id!r} is due {target.deadline.isoformat()}, outside the plan "
                f"period {self.period_text}; move it inside or extend the plan",
            )
        if target.period is not None and not self.period.contains(target.period):
            self.add(
                "target-outside-period",
                f"{path}.period",
                f"target {target.id!r} runs over {target.period}, outside the plan period "
                f"{self.period_text}; move it inside or extend the plan",
            )
        if target.baseline is None:
            return
        due, as_of = target.due, target.baseline.as_of
        if due is not None and as_of is not None and as_of > due:
            self.add(
                "baseline-after-target",
                f"{path}.baseline",
                f"the baseline of target {target.id!r} describes {as_of.isoformat()}, after "
                f"the target is due ({due.isoformat()}); check the dates",
            )

    def check_value(self, value: object, ind: Indicator, path: str, what: str) -> bool:
        """Check a target or baseline value against its indicator; True if it fits."""
        kind = ind.kind
        is_money = self.money is not None and isinstance(value, self.money)
        fits: bool | None = None
        if kind is MeasureKind.MILESTONE:
            if isinstance(value, bool):
                fits = True
            elif isinstance(value, Decimal) or is_money:
                self.add(
                    "milestone-numeric",
                    path,
                    f"{what} is {_describe(value)}, but indicator {ind.id!r} is a milestone; "
                    "use True (reached) or False, or measure the number with a count indicator",
                )
                fits = False
        elif kind in (MeasureKind.ORDINAL, MeasureKind.QUALITATIVE):
            if isinstance(value, str):
                fits = self.check_level(value, ind, path, what)
            elif kind is MeasureKind.ORDINAL and isinstance(value, Decimal) and ind.scale:
                # the Plan stored every position on the scale as its name: this one is off it
                self.add(
                    "ordinal-off-scale",
                    path,
                    f"{what} is the position {value}, off the scale of indicator {ind.id!r} "
                    f"(0 to {len(ind.scale) - 1}: "
                    f"{', '.join(f'{n} = {name}' for n, name in enumerate(ind.scale))}); "
                    "give a level name or one of those positions",
                )
                fits = False
        elif kind is MeasureKind.MONEY:
            if is_money:
                fits = self.check_money(value, ind, path, what)
        elif isinstance(value, Decimal):
            fits = self.check_number(value, ind, path, what)
        if fits is None:
            self.add(
                "unit-mismatch",
                path,
                f"{what} is {_describe(value)}, but indicator {ind.id!r} ({kind.value}"
                f"{', ' + ind.unit if ind.unit else ''}) takes {_EXPECTED[kind]}",
            )
            return False
        return fits

    def check_level(self, value: str, ind: Indicator, path: str, what: str) -> bool:
        if ind.kind is MeasureKind.ORDINAL and ind.scale is not None and value not in ind.scale:
            self.add(
                "ordinal-off-scale",
                path,
                f"{what} {value!r} is not a level of indicator {ind.id!r}; use one of "
                f"{', '.join(repr(s) for s in ind.scale)}",
            )
            return False
        return True

    def check_money(self, value: Any, ind: Indicator, path: str, what: str) -> bool:
        code = value.currency.code
        if ind.unit not in ("currency", code):
            self.add(
                "currency-mismatch",
                path,
                f"{what} is in {code}, but indicator {ind.id!r} is in {ind.unit}; state it in "
                f"{ind.unit} (convert with RateTable.convert()) or set the unit to 'currency'",
            )
            return False
        if value.amount < 0:
            self.add("negative-value", path, f"{what} {value} is negative; amounts are 0 or more")
            return False
        return True

    def check_number(self, value: Decimal, ind: Indicator, path: str, what: str) -> bool:
        kind = ind.kind
        if kind is MeasureKind.PERCENTAGE:
            if not 0 <= value <= 100:
                self.add(
                    "percentage-range",
                    path,
                    f"{what} {value} is not a percentage between 0 and 100; write 45 for 45 %",
                )
                return False
            return True
        if value < 0:
            self.add(
                "negative-value", path, f"{what} {value} is negative; {kind.value}s are 0 or more"
            )
            return False
        if kind is MeasureKind.COUNT and value != value.to_integral_value():
            self.add(
                "not-whole-count",
                path,
                f"{what} {value} is not a whole number of {ind.unit}s; round it or use a ratio",
            )
            return False
        return True

    def check_direction(self, target: Target, ind: Indicator, path: str) -> None:
        if target.baseline is None:  # pragma: no cover - the caller checked
            return
        base = _order_key(target.baseline.value, ind)
        goal = _order_key(target.value, ind)
        if base is None or goal is None:
            return
        if ind.kind is MeasureKind.MONEY:
            if base[0] != goal[0]:
                return
            base, goal = base[1], goal[1]
        contradicts, word, fix = _CONTRADICTS[ind.direction]
        if contradicts(base, goal):
            self.add(
                "direction-contradiction",
                f"{path}.value",
                f"target {target.id!r} aims at {target.value}, {word} its baseline "
                f"{target.baseline.value}, but indicator {ind.id!r} should "
                f"{ind.direction.value}; {fix}",
            )


def _skipped(skip: Iterable[str]) -> frozenset[str]:
    skipped = frozenset(skip)
    unknown = skipped - RULES.keys()
    if unknown:
        raise NotFoundError(
            f"no validation rule {', '.join(sorted(unknown))}; the rules are {', '.join(RULES)}",
            what="rule",
            key=", ".join(sorted(unknown)),
            available=RULES,
        )
    return skipped


def _custom(
    scope: str, plan: Plan, figures: ObservationTable | None, skip: frozenset[str]
) -> list[Issue]:
    """The issues of the rules :func:`register_rule` added, in registration order."""
    found = []
    for rule, check in checks(scope):
        if rule.id in skip:
            continue
        for path, message in check(plan, figures):
            found.append(Issue(rule=rule.id, severity=rule.severity, path=path, message=message))
    return found


def check_figures(
    plan: Plan, figures: ObservationTable, *, skip: Iterable[str] = ()
) -> ValidationReport:
    """Check reported figures against the plan they report on, and report every problem.

    Each figure is located as ``figures[i].field`` (``i`` counts from 0 in the
    table's order; a CSV file's row is ``i + 2``).  The rules (see
    :data:`RULES`, scope ``"figures"``): the indicator is one the plan defines
    (with close matches), the value is of the indicator's kind and in its unit or
    currency, the country is a COMMIT member (a partner is a warning), the
    period overlaps the plan's, no figure is given twice and no id is used twice,
    dimensions and codes are in the indicator's code lists, and the basis can be
    compared with the targets' (a rate per event never counts toward a total; a
    multi-year total against a per-year target is flagged).  Rules added with
    :func:`register_rule` for scope ``"figures"`` run after these.

    Args:
        plan: The plan the figures report on.
        figures: The figures.
        skip: Ids of rules not to apply.

    Returns:
        The report: every issue in row order, each with rule id, severity, path and message.

    Raises:
        TypeError: ``plan`` is not a Plan or ``figures`` not an ObservationTable.
        LookupError: ``skip`` names a rule that does not exist.

    Examples:
        >>> from commit_mef import Observation, ObservationTable
        >>> from commit_mef.indicators import SEX, Indicator
        >>> from commit_mef.plans import Plan
        >>> plan = Plan(code="SPA IV", title="T", period="2015-2018", indicators=(
        ...     Indicator(id="trained", name="Trained", kind="count", unit="person", dimensions=(SEX,)),))
        >>> figures = ObservationTable.from_rows([
        ...     Observation(indicator="trainde", country="KHM", period=2016, value=5, unit="person"),
        ...     Observation(indicator="trained", country="MYS", period=2019, value=5, unit="persons",
        ...                 disaggregation={"sex": "F"}),
        ... ])
        >>> for issue in check_figures(plan, figures):
        ...     print(issue.severity.value, issue)  # doctest: +NORMALIZE_WHITESPACE
        error [figure-unknown-indicator] the 'trainde' figure of Cambodia, 2016 measures an indicator the plan SPA IV does not define; did you mean 'trained'? @ figures[0].indicator
        error [figure-unit-mismatch] the 'trained' figure of Malaysia, 2019 is counted in 'persons', but indicator 'trained' counts 'person'; write 'person' @ figures[1].unit
        error [code-not-in-list] the 'trained' figure of Malaysia, 2019: indicator 'trained' has no sex code 'F'; use one of female, male, other, unknown (did you mean 'female'?) @ figures[1].disaggregation.sex
        warning [figure-partner-country] the 'trained' figure of Malaysia, 2019 is of Malaysia, a partner and not one of the six COMMIT members; it is kept, and counts in regional totals unless you filter it out @ figures[1].country
        warning [figure-outside-period] the 'trained' figure of Malaysia, 2019 is outside the plan period 2015-2018 of SPA IV; check the year, or the plan the figure belongs to @ figures[1].period
    """
    if not isinstance(plan, Plan):
        raise InvalidTypeError(f"check_figures() takes a Plan, got {type(plan).__name__}")
    if not isinstance(figures, ObservationTable):
        raise InvalidTypeError(
            f"check_figures() takes the figures as an ObservationTable, got {type(figures).__name__}"
        )
    skipped = _skipped(skip)
    issues = FigureChecker(plan, skipped).run(figures)
    issues += _custom("figures", plan, figures, skipped)
    return ValidationReport(tuple(issues))


def validate(
    plan: Plan, figures: ObservationTable | None = None, *, skip: Iterable[str] = ()
) -> ValidationReport:
    """Check a plan across its tree, and the figures reported on it, and report every problem.

    Args:
        plan: The plan to check.
        figures: Figures reported on the plan, checked by :func:`check_figures` after
            the plan; ``None`` checks the plan alone.
        skip: Ids of rules not to apply (see :data:`RULES`).

    Returns:
        The report: every issue, in tree order (then the figures' in row order), each
        with rule id, severity, path and message.

    Raises:
        TypeError: ``plan`` is not a :class:`~commit_mef.plans.Plan`, or ``figures``
            is not an observation table.
        LookupError: ``skip`` names a rule that does not exist.

    Examples:
        >>> from commit_mef.plans import Plan
        >>> validate(Plan(code="SPA IV", title="Plan IV", period="2015-2018")).ok
        True
    """
    if not isinstance(plan, Plan):
        raise InvalidTypeError(f"validate() takes a Plan, got {type(plan).__name__}")
    skipped = _skipped(skip)
    checker = _Checker(plan, skipped)
    checker.check_indicators()
    checker.check_commitments()
    checker.check_areas()
    checker.check_objectives()
    check_framework(plan, checker.add)
    issues = checker.issues + _custom("plan", plan, None, skipped)
    if figures is not None:
        issues += list(check_figures(plan, figures, skip=skipped))
    return ValidationReport(tuple(issues))
