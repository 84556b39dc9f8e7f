"""validate(): every rule reports with its id and path; generated plans validate clean;
any single corruption of a valid plan is reported with the right rule id and path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from commit_mef import (
    Area,
    Baseline,
    Commitment,
    Indicator,
    MeasureKind,
    Objective,
    ObservationTable,
    Plan,
    Severity,
    Target,
    ValidationError,
)
from commit_mef import validate as _validate
from commit_mef.money import Money
from commit_mef.testing import indicators, plans
from commit_mef.validation import FRAMEWORK_RULES, RULES, Issue, ValidationReport


def validate(
    plan: Plan, figures: ObservationTable | None = None, *, skip: Iterable[str] = ()
) -> ValidationReport:
    """validate() with the framework-completeness rules skipped: these tests pin the
    consistency rules; tests/test_validation_framework.py pins the completeness ones."""
    return _validate(plan, figures, skip=(*FRAMEWORK_RULES, *skip))


D = dt.date
INDICATORS = (
    Indicator(id="trained", name="Officials trained", kind="count", unit="person"),
    Indicator(id="budget", name="Budget", kind="money", unit="THB"),
    Indicator(id="share", name="Share identified", kind="percentage"),
    Indicator(id="law", name="Law enacted", kind="milestone"),
    Indicator(id="stage", name="Stage", kind="ordinal", scale=("none", "draft", "adopted")),
    Indicator(id="cases", name="Cases", kind="count", unit="case", direction="decrease"),
    Indicator(id="story", name="Case study", kind="qualitative", direction="maintain"),
)


def plan_with(*targets: Target, **fields: object) -> Plan:
    base: dict[str, object] = {
        "code": "P",
        "title": "T",
        "period": "2015-2018",
        "indicators": INDICATORS,
        "areas": (
            Area(
                number=1, title="A", objectives=(Objective(id="1.1", title="O", targets=targets),)
            ),
        ),
    }
    base.update(fields)
    return Plan(**base)  # type: ignore[arg-type]


TP = "plan.areas[0].objectives[0].targets[0]"


def rules_and_paths(plan: Plan) -> list[tuple[str, str]]:
    return [(i.rule, i.path) for i in validate(plan)]


def test_a_consistent_plan_is_clean() -> None:
    plan = plan_with(
        Target(
            id="a",
            indicator="trained",
            value=500,
            period="2016",
            baseline=Baseline(value=100, period="2014"),
        ),
        Target(id="b", indicator="budget", value=Money("496.82", "THB"), deadline=D(2015, 9, 30)),
        Target(id="c", indicator="share", value=80, deadline=D(2018, 1, 1)),
        Target(id="d", indicator="law", value=True, baseline=Baseline(value=False)),
        Target(id="e", indicator="stage", value="adopted", baseline=Baseline(value="draft")),
        Target(id="f", indicator="cases", value=10, baseline=Baseline(value=20)),
        Target(id="g", indicator="story", value="collected"),
    )
    report = validate(plan)
    assert list(report) == []
    assert report.ok
    assert report.raise_for_errors() is report
    assert str(report) == "no issues"


@pytest.mark.parametrize(
    ("target", "rule", "path"),
    [
        (Target(id="t", indicator="nope", value=1), "dangling-indicator", f"{TP}.indicator"),
        (
            Target(id="t", indicator="law", value=True, commitments=("article-9",)),
            "dangling-commitment",
            f"{TP}.commitments[0]",
        ),
        (
            Target(id="t", indicator="law", value=True, deadline=D(2019, 1, 1)),
            "target-outside-period",
            f"{TP}.deadline",
        ),
        (
            Target(id="t", indicator="trained", value=1, period="2014-2016"),
            "target-outside-period",
            f"{TP}.period",
        ),
        (
            Target(id="t", indicator="trained", value=Money("5", "USD")),
            "unit-mismatch",
            f"{TP}.value",
        ),
        (Target(id="t", indicator="budget", value=5), "unit-mismatch", f"{TP}.value"),
        (
            Target(id="t", indicator="budget", value=Money("5", "USD")),
            "currency-mismatch",
            f"{TP}.value",
        ),
        (Target(id="t", indicator="share", value=120), "percentage-range", f"{TP}.value"),
        (Target(id="t", indicator="share", value=-1), "percentage-range", f"{TP}.value"),
        (Target(id="t", indicator="trained", value=-3), "negative-value", f"{TP}.value"),
        (
            Target(id="t", indicator="budget", value=Money("-3", "THB")),
            "negative-value",
            f"{TP}.value",
        ),
        (Target(id="t", indicator="trained", value="2.5"), "unit-mismatch", f"{TP}.value"),
        (
            Target(id="t", indicator="trained", value=Decimal("2.5")),
            "not-whole-count",
            f"{TP}.value",
        ),
        (Target(id="t", indicator="law", value=1), "milestone-numeric", f"{TP}.value"),
        (
            Target(id="t", indicator="law", value=Money("1", "THB")),
            "milestone-numeric",
            f"{TP}.value",
        ),
        (Target(id="t", indicator="law", value="yes"), "unit-mismatch", f"{TP}.value"),
        (Target(id="t", indicator="stage", value="enacted"), "ordinal-off-scale", f"{TP}.value"),
        (Target(id="t", indicator="story", value=True), "unit-mismatch", f"{TP}.value"),
        (
            Target(id="t", indicator="trained", value=50, baseline=Baseline(value=100)),
            "direction-contradiction",
            f"{TP}.value",
        ),
        (
            Target(id="t", indicator="cases", value=50, baseline=Baseline(value=10)),
            "direction-contradiction",
            f"{TP}.value",
        ),
        (
            Target(id="t", indicator="law", value=False, baseline=Baseline(value=True)),
            "direction-contradiction",
            f"{TP}.value",
        ),
        (
            Target(id="t", indicator="stage", value="none", baseline=Baseline(value="draft")),
            "direction-contradiction",
            f"{TP}.value",
        ),
        (
            Target(
                id="t",
                indicator="budget",
                value=Money("1", "THB"),
                baseline=Baseline(value=Money("2", "THB")),
            ),
            "direction-contradiction",
            f"{TP}.value",
        ),
        (
            Target(id="t", indicator="share", value=10, baseline=Baseline(value=200)),
            "percentage-range",
            f"{TP}.baseline.value",
        ),
        (
            Target(
                id="t",
                indicator="law",
                value=True,
                deadline=D(2016, 1, 1),
                baseline=Baseline(value=False, date=D(2017, 1, 1)),
            ),
            "baseline-after-target",
            f"{TP}.baseline",
        ),
        (Target(id="t", indicator="law"), "no-target-value", f"{TP}.value"),
    ],
)
def test_each_rule_reports_with_its_id_and_path(target: Target, rule: str, path: str) -> None:
    assert rules_and_paths(plan_with(target)) == [(rule, path)]
    assert rule in RULES


def test_maintain_contradiction() -> None:
    ind = Indicator(id="m", name="M", kind="count", unit="office", direction="maintain")
    plan = plan_with(
        Target(id="t", indicator="m", value=3, baseline=Baseline(value=4)), indicators=(ind,)
    )
    assert rules_and_paths(plan) == [("direction-contradiction", f"{TP}.value")]


def test_extension_counts_as_plan_time() -> None:
    late = Target(id="t", indicator="law", value=True, deadline=D(2019, 6, 1))
    assert rules_and_paths(plan_with(late, extension="2019")) == []


def test_every_problem_is_reported_not_just_the_first() -> None:
    plan = Plan(
        code="P",
        title="T",
        period="2015-2018",
        indicators=(*INDICATORS, INDICATORS[0]),
        commitments=(Commitment(article=1, areas=(7,)),),
        areas=(
            Area(
                number=1,
                title="A",
                objectives=(
                    Objective(
                        id="1.1",
                        title="O",
                        targets=(
                            Target(id="t", indicator="nope", value=1, deadline=D(2020, 1, 1)),
                            Target(id="t", indicator="share", value=150),
                        ),
                    ),
                ),
            ),
            Area(
                number=6,
                title="B",
                objectives=(
                    Objective(id="1.1", title="O2", level="output", parent="9.9"),
                    Objective(id="6.2", title="O3", level="goal", parent="1.1"),
                ),
            ),
        ),
    )
    assert rules_and_paths(plan) == [
        ("duplicate-id", "plan.indicators[7].id"),
        ("dangling-area", "plan.commitments[0].areas[0]"),
        ("dangling-indicator", f"{TP}.indicator"),
        ("target-outside-period", f"{TP}.deadline"),
        ("duplicate-id", "plan.areas[0].objectives[0].targets[1].id"),
        ("percentage-range", "plan.areas[0].objectives[0].targets[1].value"),
        ("area-number", "plan.areas[1].number"),
        ("duplicate-id", "plan.areas[1].objectives[0].id"),
        ("dangling-parent", "plan.areas[1].objectives[0].parent"),
        ("results-chain", "plan.areas[1].objectives[1].parent"),
    ]
    report = validate(plan)
    assert not report.ok
    with pytest.raises(ValidationError, match=r"10 errors; fix each:\n  \[duplicate-id\]"):
        report.raise_for_errors()


def test_own_area_numbering_and_dangling_numerators() -> None:
    ratio = Indicator(id="r", name="R", kind="percentage", numerator="a", denominator="b")
    plan = plan_with(indicators=(ratio,), area_numbers=(0, 1))
    assert rules_and_paths(plan) == [
        ("dangling-indicator", "plan.indicators[0].numerator"),
        ("dangling-indicator", "plan.indicators[0].denominator"),
    ]
    assert rules_and_paths(attrs.evolve(plan, area_numbers=(2,)))[-1] == (
        "area-number",
        "plan.areas[0].number",
    )


def test_activity_outside_period_is_a_warning() -> None:
    from commit_mef import Activity

    obj = Objective(id="1.1", title="O", activities=(Activity(id="a", title="A", period="2020"),))
    report = validate(plan_with(areas=(Area(number=1, title="A", objectives=(obj,)),)))
    assert [(i.rule, i.severity) for i in report] == [("activity-outside-period", Severity.WARNING)]
    assert report.ok
    assert report.warnings == tuple(report)


def test_skip_and_report_filters() -> None:
    plan = plan_with(Target(id="t", indicator="law"), Target(id="u", indicator="law", value=2))
    report = validate(plan)
    assert [i.rule for i in report.by_rule("no-target-value")] == ["no-target-value"]
    assert [i.rule for i in validate(plan, skip=["no-target-value"])] == ["milestone-numeric"]
    with pytest.raises(LookupError, match="no validation rule 'nope'"):
        report.by_rule("nope")
    with pytest.raises(LookupError, match="no validation rule nope"):
        validate(plan, skip=["nope"])
    with pytest.raises(TypeError, match="takes a Plan"):
        validate("plan")  # type: ignore[arg-type]


def test_issue_to_problem_and_text() -> None:
    issue = Issue(rule="area-number", severity="error", path="plan.areas[0].number", message="m")
    assert str(issue) == "[area-number] m @ plan.areas[0].number"
    assert issue.to_problem().rule == "area-number"
    assert ValidationReport((issue,)).errors == (issue,)


def test_every_rule_has_a_severity_and_a_summary() -> None:
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert isinstance(rule.severity, Severity)
        assert rule.summary.endswith(".")


# -- properties -------------------------------------------------------------------------------
def _target_paths(plan: Plan) -> list[tuple[str, int, int, int, Target]]:
    return [
        (f"plan.areas[{a}].objectives[{o}].targets[{t}]", a, o, t, target)
        for a, area in enumerate(plan.areas)
        for o, objective in enumerate(area.objectives)
        for t, target in enumerate(objective.targets)
    ]


def _replace(plan: Plan, a: int, o: int, t: int, target: Target) -> Plan:
    area = plan.areas[a]
    objective = area.objectives[o]
    targets = (*objective.targets[:t], target, *objective.targets[t + 1 :])
    objectives = (
        *area.objectives[:o],
        attrs.evolve(objective, targets=targets),
        *area.objectives[o + 1 :],
    )
    areas = (*plan.areas[:a], attrs.evolve(area, objectives=objectives), *plan.areas[a + 1 :])
    return attrs.evolve(plan, areas=areas)


@given(plans(max_areas=2, max_objectives=2))
def test_any_generated_plan_validates_clean(plan: Plan) -> None:
    assert list(validate(plan)) == []


@given(plans(max_areas=2, max_objectives=2), st.data())
def test_a_duplicate_target_id_is_reported_at_the_later_target(
    plan: Plan, data: st.DataObject
) -> None:
    located = _target_paths(plan)
    assume(len(located) >= 2)
    i = data.draw(st.integers(1, len(located) - 1))
    path, a, o, t, target = located[i]
    corrupted = _replace(plan, a, o, t, attrs.evolve(target, id=located[0][4].id))
    found = rules_and_paths(corrupted)
    # an activity that served the renamed target now points at nothing: that is reported too
    served = target.id not in {t.id for t in corrupted.targets()} and any(
        target.id in act.targets for o in corrupted.objectives() for act in o.activities
    )
    assert [f for f in found if f[0] != "dangling-target"] == [("duplicate-id", f"{path}.id")]
    assert any(f[0] == "dangling-target" for f in found) == served


@given(plans(max_areas=2, max_objectives=2), st.data())
def test_a_target_moved_outside_the_period_is_reported(plan: Plan, data: st.DataObject) -> None:
    located = _target_paths(plan)
    assume(located)
    path, a, o, t, target = data.draw(st.sampled_from(located))
    late = plan.effective_period.end + dt.timedelta(days=data.draw(st.integers(1, 400)))
    baseline = target.baseline
    if baseline is not None:
        baseline = attrs.evolve(baseline, date=None, period=None)
    moved = attrs.evolve(target, deadline=late, period=None, baseline=baseline, timeline=())
    assert rules_and_paths(_replace(plan, a, o, t, moved)) == [
        ("target-outside-period", f"{path}.deadline")
    ]


@given(plans(max_areas=2, max_objectives=2), st.data())
def test_a_value_of_the_wrong_unit_is_reported(plan: Plan, data: st.DataObject) -> None:
    located = _target_paths(plan)
    assume(located)
    path, a, o, t, target = data.draw(st.sampled_from(located))
    kind = plan.indicator(target.indicator).kind
    if kind in (
        MeasureKind.ORDINAL,
        MeasureKind.QUALITATIVE,
        MeasureKind.COUNT,
        MeasureKind.PERCENTAGE,
        MeasureKind.RATIO,
    ):
        wrong: object = Money("1", "USD")
    else:  # milestone or money: a text fits neither
        wrong = "a text"
    rule = (
        "milestone-numeric"
        if kind is MeasureKind.MILESTONE and not isinstance(wrong, str)
        else "unit-mismatch"
    )
    corrupted = _replace(plan, a, o, t, attrs.evolve(target, value=wrong, timeline=()))
    assert rules_and_paths(corrupted) == [(rule, f"{path}.value")]


@given(plans(max_areas=2, max_objectives=2), st.data())
def test_a_money_value_in_another_currency_is_reported(plan: Plan, data: st.DataObject) -> None:
    ind = data.draw(
        indicators(MeasureKind.MONEY, id_="money-x").filter(lambda i: not i.any_currency)
    )
    other = "EUR" if ind.unit != "EUR" else "USD"
    objective = plan.areas[0].objectives[0]
    target = Target(id="money-t", indicator="money-x", value=Money("1", other))
    corrupted = plan.add_indicator(ind).add_target(objective.id, target)
    path = f"plan.areas[0].objectives[0].targets[{len(objective.targets)}].value"
    assert rules_and_paths(corrupted) == [("currency-mismatch", path)]
