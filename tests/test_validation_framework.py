"""Framework completeness: each rule fires on a plan that breaks it and stays quiet on one that
keeps it; the shipped plans give warnings only, never errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings

from commit_mef import Area, Baseline, Commitment, Indicator, Objective, Plan, Target, datasets, io
from commit_mef.cli import main
from commit_mef.indicators import SEX
from commit_mef.plans import TargetPart
from commit_mef.sources import Severity
from commit_mef.testing import plans
from commit_mef.validation import FRAMEWORK_RULES, RULES, validate

D = dt.date
INDICATORS = (
    Indicator(
        id="victims", name="Victims identified", kind="count", unit="person", dimensions=(SEX,)
    ),
    Indicator(id="cases", name="Cases", kind="count", unit="case"),
    Indicator(id="budget", name="Budget", kind="money", unit="USD"),
    Indicator(id="law", name="Law", kind="milestone"),
    Indicator(id="returned", name="Returned", kind="count", unit="person"),
    Indicator(
        id="share",
        name="Share returned",
        kind="percentage",
        numerator="returned",
        denominator="victims",
    ),
)
COMMITMENTS = (Commitment(article=7, section="III"),)
GOOD_BASELINE = Baseline(value=1000, date=D(2014, 12, 31), source="SPA III final report")


def complete(**changes: Any) -> Target:
    """A target the framework rules find nothing to say about."""
    fields: dict[str, Any] = {
        "id": "t1",
        "indicator": "victims",
        "value": 5000,
        "period": "2015-2018",
        "baseline": GOOD_BASELINE,
        "commitments": ("article-7",),
        "countries": ("KHM",),
    }
    fields.update(changes)
    return Target(**fields)


def plan_of(*targets: Target, sections: tuple[str, ...] = ("III",), **fields: Any) -> Plan:
    objectives = (
        Objective(id="3", title="Goal", level="goal"),
        Objective(id="3.1", title="Victims identified", targets=targets, parent="3"),
    )
    base: dict[str, Any] = {
        "code": "SPA V",
        "title": "Draft",
        "period": "2015-2018",
        "indicators": INDICATORS,
        "commitments": COMMITMENTS,
        "areas": (
            Area(number=3, title="Protection", mou_sections=sections, objectives=objectives),
        ),
    }
    base.update(fields)
    return Plan(**base)


def rules(plan: Plan) -> list[tuple[str, str]]:
    return [(i.rule, i.path) for i in validate(plan) if i.rule in FRAMEWORK_RULES]


T0 = "plan.areas[0].objectives[1].targets[0]"


def test_a_complete_framework_draws_no_framework_issue() -> None:
    assert rules(plan_of(complete())) == []
    assert validate(plan_of(complete())).ok


def test_the_framework_rules_are_registered_with_their_severity() -> None:
    errors = {r for r in FRAMEWORK_RULES if RULES[r].severity is Severity.ERROR}
    assert errors == {"ratio-parts", "regional-too-few", "duplicate-target", "target-part-codes"}
    assert all(RULES[r].severity is Severity.WARNING for r in set(FRAMEWORK_RULES) - errors)


def test_an_outcome_or_output_without_an_indicator_is_unmeasured_and_a_goal_is_not() -> None:
    plan = plan_of(complete(indicator="victims"))
    extra = Objective(id="3.1.1", title="Output", level="output", parent="3.1")
    area = attrs.evolve(plan.areas[0], objectives=(*plan.areas[0].objectives, extra))
    found = rules(attrs.evolve(plan, areas=(area,)))
    assert found == [("objective-unmeasured", "plan.areas[0].objectives[2].targets")]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"baseline": None}, [("target-no-baseline", f"{T0}.baseline")]),
        ({"period": None}, [("target-no-due-date", f"{T0}.deadline")]),
        ({"commitments": ()}, [("target-no-commitment", f"{T0}.commitments")]),
        (
            {"baseline": Baseline(value=1000, source="report")},
            [("baseline-undated", f"{T0}.baseline.date")],
        ),
        (
            {"baseline": Baseline(value=1000, period="2015", source="report")},
            [("baseline-in-plan", f"{T0}.baseline")],
        ),
        (
            {"baseline": Baseline(value=1000, date=D(2014, 6, 30))},
            [("baseline-unsourced", f"{T0}.baseline.source")],
        ),
    ],
)
def test_each_target_rule_fires_on_its_breach_alone(
    changes: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    assert rules(plan_of(complete(**changes))) == expected


def test_a_stated_no_baseline_reason_satisfies_the_baseline_rule() -> None:
    target = complete(baseline=None, no_baseline="new indicator: first figures due in 2016")
    assert rules(plan_of(target)) == []


def test_every_mou_section_the_plan_mirrors_is_served() -> None:
    plan = plan_of(complete(), sections=("III", "IV"))
    assert rules(plan) == [("mou-section-unserved", "plan.areas[0].mou_sections[1]")]
    served_by_commitment = plan_of(
        complete(commitments=("article-7", "article-20")),
        sections=("II",),
        commitments=(*COMMITMENTS, Commitment(article=20, section="IV")),
    )
    assert rules(served_by_commitment) == [
        ("mou-section-unserved", "plan.areas[0].mou_sections[0]")
    ]
    by_area = plan_of(complete(commitments=()), sections=("III", "IV"))
    assert ("mou-section-unserved", "plan.areas[0].mou_sections[1]") not in rules(by_area)


def test_numerator_and_denominator_of_other_units_or_kinds_are_errors() -> None:
    wrong_unit = (*INDICATORS[:-1], attrs.evolve(INDICATORS[-1], denominator="cases"))
    found = [
        i for i in validate(plan_of(complete(), indicators=wrong_unit)) if i.rule == "ratio-parts"
    ]
    assert [(i.path, i.severity) for i in found] == [
        ("plan.indicators[5].denominator", Severity.ERROR)
    ]
    assert "count both in one unit" in found[0].message
    wrong_kind = (*INDICATORS[:-1], attrs.evolve(INDICATORS[-1], numerator="law"))
    assert rules(plan_of(complete(), indicators=wrong_kind)) == [
        ("ratio-parts", "plan.indicators[5].numerator")
    ]
    mixed = (*INDICATORS[:-1], attrs.evolve(INDICATORS[-1], numerator="budget"))
    assert rules(plan_of(complete(), indicators=mixed)) == [
        ("ratio-parts", "plan.indicators[5].denominator")
    ]


def test_a_regional_target_binds_three_members_or_all() -> None:
    two = complete(level="regional", countries=("KHM", "THA"))
    assert rules(plan_of(two)) == [("regional-too-few", f"{T0}.countries")]
    assert not validate(plan_of(two)).ok
    three = complete(level="regional", countries=("KHM", "THA", "LAO"))
    everyone = complete(level="regional", countries=())
    with_partner = complete(level="regional", countries=("KHM", "THA", "MYS"))
    assert rules(plan_of(three)) == rules(plan_of(everyone)) == []
    assert rules(plan_of(with_partner)) == [("regional-too-few", f"{T0}.countries")]


def test_two_targets_for_one_indicator_country_and_period_are_an_error() -> None:
    again = complete(id="t2", value=6000)
    assert rules(plan_of(complete(), again)) == [
        ("duplicate-target", "plan.areas[0].objectives[1].targets[1].indicator")
    ]
    other_country = complete(id="t2", countries=("LAO",))
    other_period = complete(id="t2", period="2015-2016")
    regional = complete(id="t2", level="regional", countries=())
    for fine in (other_country, other_period, regional):
        assert rules(plan_of(complete(), fine)) == []
    every_member = complete(countries=())
    assert rules(plan_of(every_member, attrs.evolve(every_member, id="t2"))) == [
        ("duplicate-target", "plan.areas[0].objectives[1].targets[1].indicator")
    ]


def test_target_parts_use_the_indicators_codes_and_a_whole_dimension_adds_up() -> None:
    undeclared = complete(parts=(TargetPart(dimension="age_band", code="0-17", value=1500),))
    assert rules(plan_of(undeclared)) == [("target-part-codes", f"{T0}.parts[0].dimension")]
    bad_code = complete(parts=(TargetPart(dimension="sex", code="F", value=1500),))
    assert rules(plan_of(bad_code)) == [("target-part-codes", f"{T0}.parts[0].code")]
    codes = ("female", "male", "other", "unknown")
    short = complete(parts=tuple(TargetPart(dimension="sex", code=c, value=1000) for c in codes))
    assert rules(plan_of(short)) == [("target-part-codes", f"{T0}.parts")]
    whole = complete(parts=tuple(TargetPart(dimension="sex", code=c, value=1250) for c in codes))
    some = complete(parts=(TargetPart(dimension="sex", code="female", value=3000),))
    assert rules(plan_of(whole)) == rules(plan_of(some)) == []


@pytest.mark.parametrize("code", ["SPA III", "SPA IV"])
def test_the_shipped_plans_are_incomplete_but_not_wrong(code: str) -> None:
    report = validate(datasets.plan(code))
    assert report.ok
    assert {i.rule for i in report} <= {"objective-unmeasured", "mou-section-unserved"}
    assert len(report.by_rule("objective-unmeasured")) == len(
        list(datasets.plan(code).objectives())
    )


def test_commit_mef_validate_lists_warnings_and_fails_only_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = tmp_path / "spa4.json"
    io.dump(datasets.plan("SPA IV"), shipped)
    assert main(["validate", str(shipped)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert sum("warning [objective-unmeasured]" in line for line in out) == 5
    assert out[-1] == f"{shipped}: ok (Plan, 5 warning(s) or note(s), no errors)"
    wrong = tmp_path / "draft.json"
    io.dump(plan_of(complete(level="regional", countries=("KHM", "THA"))), wrong)
    assert main(["validate", str(wrong)]) == 1
    assert "error [regional-too-few]" in capsys.readouterr().out


@settings(max_examples=30, deadline=None)
@given(plans())
def test_a_target_copied_under_a_new_id_is_always_a_duplicate(plan: Plan) -> None:
    found = [(o, t) for o in plan.objectives() for t in o.targets]
    assume(found)
    objective, target = found[0]
    copied = plan.add_target(objective.id, attrs.evolve(target, id=f"{target.id}-copy"))
    assert not validate(plan).by_rule("duplicate-target")
    repeats = validate(copied).by_rule("duplicate-target")
    assert repeats
    assert all(i.severity is Severity.ERROR for i in repeats)
    assert all(f"{target.id}-copy" in i.message for i in repeats)
