"""The logframe's columns in the plan model: target parts, responsible bodies, no-baseline
reasons, assumptions and risks, budgets per output, ordinal values stored one way."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import attrs
import jsonschema
import pytest
from hypothesis import given, settings

from commit_mef import Observation, ObservationTable, Period, aggregate, datasets, io
from commit_mef.errors import CommitMefError, InvalidTypeError, ValidationError
from commit_mef.indicators import Indicator
from commit_mef.money import Budget, Money
from commit_mef.plans import (
    Area,
    Assumption,
    AssumptionKind,
    Baseline,
    Objective,
    Plan,
    Target,
    TargetPart,
)
from commit_mef.testing import logframe_plans
from commit_mef.validation import validate

SCALE = ("none", "drafted", "adopted", "implemented")


def test_parts_of_one_dimension_may_cover_some_codes_and_add_up_to_at_most_the_total() -> None:
    t = Target(
        id="t",
        indicator="victims",
        value=5000,
        parts=(
            TargetPart(dimension="age", code="child", value=1500),
            TargetPart(dimension="sex", code="female", value=3000),
            TargetPart(dimension="sex", code="male", value=2000),
        ),
    )
    assert [p.value for p in t.parts] == [Decimal(1500), Decimal(3000), Decimal(2000)]


def test_parts_adding_up_to_more_than_the_total_name_the_field_and_the_fix() -> None:
    with pytest.raises(ValidationError, match="add up to 5001, more than its value 5000") as exc:
        Target(
            id="t",
            indicator="v",
            value=5000,
            parts=(
                TargetPart(dimension="sex", code="female", value=3001),
                TargetPart(dimension="sex", code="male", value=2000),
            ),
        )
    assert exc.value.path == "Target.parts"


def test_a_code_given_twice_and_a_part_in_other_terms_are_refused() -> None:
    with pytest.raises(ValidationError, match="code 'child' twice"):
        Target(
            id="t",
            indicator="v",
            value=10,
            parts=(
                TargetPart(dimension="age", code="child", value=1),
                TargetPart(dimension="age", code="child", value=2),
            ),
        )
    with pytest.raises(ValidationError, match="money in KHR"):
        Target(
            id="t",
            indicator="v",
            value=Money("100", "KHR"),
            parts=(TargetPart(dimension="age", code="child", value=Money("5", "USD")),),
        )
    with pytest.raises(ValidationError, match="has no parts to add up"):
        Target(
            id="t",
            indicator="v",
            value=True,
            parts=(TargetPart(dimension="age", code="child", value=1),),
        )


def test_bad_part_values_and_containers_raise_the_packages_errors() -> None:
    with pytest.raises(InvalidTypeError, match="floats are inexact"):
        TargetPart(dimension="age", code="child", value=1.5)
    with pytest.raises(InvalidTypeError, match="got None"):
        TargetPart(dimension="age", code="child", value=None)
    with pytest.raises(InvalidTypeError, match="not a single value"):
        Target(id="t", indicator="v", parts=TargetPart(dimension="a", code="b", value=1))  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"Target.parts\[0\] must be a TargetPart"):
        Target(id="t", indicator="v", parts=({"dimension": "a"},))  # type: ignore[arg-type]


def test_a_no_baseline_reason_excludes_a_baseline() -> None:
    assert Target(id="t", indicator="v", no_baseline="new indicator").no_baseline == "new indicator"
    with pytest.raises(ValidationError, match="a baseline and a reason") as exc:
        Target(id="t", indicator="v", baseline=Baseline(value=1), no_baseline="none")
    assert exc.value.path == "Target.no_baseline"
    with pytest.raises(InvalidTypeError, match="no_baseline must be a text"):
        Target(id="t", indicator="v", no_baseline=3)  # type: ignore[arg-type]


def test_responsible_bodies_are_non_empty_texts_on_targets_and_objectives() -> None:
    assert Target(id="t", indicator="v", responsible="MoSVY").responsible == ("MoSVY",)
    assert Objective(id="o", title="O", responsible=("COMMIT",)).responsible == ("COMMIT",)
    with pytest.raises(ValidationError, match="non-empty text") as exc:
        Target(id="t", indicator="v", responsible=("MoSVY", " "))
    assert exc.value.path == "Target.responsible[1]"
    with pytest.raises(ValidationError, match="non-empty text"):
        Objective(id="o", title="O", responsible=(3,))  # type: ignore[arg-type]


def test_assumptions_on_the_link_need_a_parent() -> None:
    out = Objective(
        id="4.1.1",
        title="Procedures",
        level="output",
        parent="4.1",
        assumptions=(
            Assumption(text="Task forces meet"),
            Assumption(text="Shelters unfunded", kind="risk", link=True, mitigation="SOM"),
        ),
    )
    assert [a.kind for a in out.assumptions] == [AssumptionKind.ASSUMPTION, AssumptionKind.RISK]
    with pytest.raises(ValidationError, match="no parent") as exc:
        attrs.evolve(out, parent=None)
    assert exc.value.path == "Objective.assumptions[1].link"
    with pytest.raises(ValidationError, match="use one of 'assumption', 'risk'"):
        Assumption(text="x", kind="maybe")
    with pytest.raises(ValidationError, match="must not be empty"):
        Assumption(text=" ")
    with pytest.raises(InvalidTypeError, match="mitigation must be a string"):
        Assumption(text="x", mitigation=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="not a single value"):
        Objective(id="o", title="O", assumptions=Assumption(text="x"))  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"assumptions\[0\] must be an Assumption"):
        Objective(id="o", title="O", assumptions=("x",))  # type: ignore[arg-type]


def test_budgets_of_an_output_are_budgets() -> None:
    b = Budget(amount=Money("120000", "USD"), period=Period.years(2015, 2018))
    assert Objective(id="o", title="O", level="output", budgets=(b,)).budgets == (b,)
    with pytest.raises(InvalidTypeError, match=r"Objective.budgets\[0\] must be a Budget"):
        Objective(id="o", title="O", budgets=(Money("1", "USD"),))


def test_every_new_field_is_empty_by_default_and_the_shipped_plans_stay_empty() -> None:
    t = Target(id="t", indicator="v")
    o = Objective(id="o", title="O")
    assert (t.parts, t.responsible, t.no_baseline) == ((), (), "")
    assert (o.assumptions, o.responsible, o.budgets) == ((), (), ())
    for code in ("SPA III", "SPA IV"):
        for objective in datasets.plan(code).objectives():
            assert (objective.assumptions, objective.responsible, objective.budgets) == ((), (), ())


@settings(max_examples=40, deadline=None)
@given(logframe_plans())
def test_any_plan_with_the_logframe_filled_round_trips_and_fits_the_schema(plan: Plan) -> None:
    text = io.dumps(plan)
    jsonschema.Draft202012Validator(io.json_schema(Plan)).validate(json.loads(text))
    assert io.loads(text, Plan) == plan


def test_a_bad_part_in_a_plan_file_is_a_located_load_error() -> None:
    t = Target(
        id="t", indicator="v", value=10, parts=(TargetPart(dimension="s", code="f", value=4),)
    )
    plan = Plan(
        code="P",
        title="T",
        period="2015",
        areas=(
            Area(number=1, title="A", objectives=(Objective(id="o", title="O", targets=(t,)),)),
        ),
    )
    doc = json.loads(io.dumps(plan))
    doc["data"]["areas"][0]["objectives"][0]["targets"][0]["parts"][0]["value"] = "11"
    with pytest.raises(CommitMefError, match="more than its value 10"):
        io.loads(json.dumps(doc))


def _ordinal_plan(value: object, base: object) -> Plan:
    ind = Indicator(id="law", name="Law", kind="ordinal", scale=SCALE)
    target = Target(id="t", indicator="law", value=value, baseline=Baseline(value=base))
    objective = Objective(id="o", title="O", targets=(target,))
    return Plan(
        code="P",
        title="T",
        period="2015-2018",
        indicators=(ind,),
        areas=(Area(number=1, title="A", objectives=(objective,)),),
    )


def test_ordinal_positions_in_a_plan_are_stored_as_level_names() -> None:
    by_position = _ordinal_plan(2, 0)
    by_name = _ordinal_plan("adopted", "none")
    assert by_position == by_name
    assert by_position.target("t").value == "adopted"
    assert by_position.target("t").baseline.value == "none"  # type: ignore[union-attr]
    assert validate(by_position).ok


def test_an_ordinal_position_off_the_scale_is_kept_and_reported() -> None:
    plan = _ordinal_plan(7, "none")
    assert plan.target("t").value == Decimal(7)
    issues = validate(plan).by_rule("ordinal-off-scale")
    assert [i.path for i in issues] == ["plan.areas[0].objectives[0].targets[0].value"]
    assert "0 to 3" in issues[0].message


def test_ordinal_figures_given_as_names_or_positions_aggregate_alike() -> None:
    ind = Indicator(id="law", name="Law", kind="ordinal", scale=SCALE)
    names = ObservationTable.from_rows(
        [
            Observation(indicator="law", country="KHM", period=2016, value="drafted"),
            Observation(indicator="law", country="LAO", period=2016, value="implemented"),
        ]
    )
    positions = ObservationTable.from_rows(
        [
            Observation(indicator="law", country="KHM", period=2016, value=1),
            Observation(indicator="law", country="LAO", period=2016, value=3),
        ]
    )
    assert [r.value for r in aggregate(names, ind).rows] == [Decimal(1), Decimal(3)]
    assert aggregate(names, ind).rows == aggregate(positions, ind).rows


def test_progress_on_an_ordinal_target_reads_level_names_in_figures() -> None:
    from commit_mef.progress import Status, progress

    plan = _ordinal_plan("adopted", "none")
    target = plan.target("t")
    named = ObservationTable.from_rows(
        [Observation(indicator="law", country="KHM", period=2016, value="adopted")]
    )
    placed = ObservationTable.from_rows(
        [Observation(indicator="law", country="KHM", period=2016, value=2)]
    )
    on = dt.date(2016, 12, 31)
    by_name = progress(target, named, plan=plan, as_of=on)
    assert by_name.status is Status.ACHIEVED
    assert by_name.achieved == progress(target, placed, plan=plan, as_of=on).achieved


@pytest.mark.parametrize("field", ["parts", "assumptions"])
def test_a_number_for_a_tuple_of_parts_or_assumptions_is_the_package_error(field: str) -> None:
    """``parts=5`` was a bare TypeError from ``tuple(5)``; it names the field and the fix."""
    from commit_mef.errors import InvalidTypeError
    from commit_mef.plans import Objective, Target

    def build() -> object:
        if field == "parts":
            return Target(id="t", indicator="x", value=5, parts=5)  # type: ignore[arg-type]
        return Objective(id="o", title="O", assumptions=5)  # type: ignore[arg-type]

    with pytest.raises(InvalidTypeError, match=rf"\.{field} must be a tuple of .*; write {field}="):
        build()
