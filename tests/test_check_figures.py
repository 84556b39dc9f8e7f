"""Figures checked against their plan: validate(plan, figures) and check_figures()."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import commit_mef as cm
from commit_mef import Observation, ObservationTable, Severity
from commit_mef.indicators import SEX, Indicator, code_problems
from commit_mef.money import Money
from commit_mef.plans import Area, Objective, Plan, Target
from commit_mef.reports import render
from commit_mef.validation import FRAMEWORK_RULES, RULES, ValidationReport, check_figures
from commit_mef.validation import validate as _validate


def validate(
    plan: Plan, figures: ObservationTable | None = None, *, skip: Iterable[str] = ()
) -> ValidationReport:
    """validate() with the framework-completeness rules skipped: these tests pin the
    consistency rules; tests/test_validation_framework.py pins the completeness ones."""
    return _validate(plan, figures, skip=(*FRAMEWORK_RULES, *skip))


TRAINED = Indicator(
    id="trained", name="Officials trained", kind="count", unit="person", dimensions=(SEX,)
)
BUDGET = Indicator(id="budget", name="Budget", kind="money", unit="USD")
NPA = Indicator(id="npa", name="NPA adopted", kind="milestone")
PLAN = Plan(
    code="SPA IV",
    title="Plan IV",
    period="2015-2018",
    indicators=(TRAINED, BUDGET, NPA),
    areas=(
        Area(
            number=1,
            title="Policy",
            objectives=(
                Objective(
                    id="1.1",
                    title="Officials trained",
                    targets=(
                        Target(
                            id="t1",
                            indicator="trained",
                            value=100,
                            period="2015-2018",
                            per_year=True,
                        ),
                        Target(id="t2", indicator="npa", value=True, period="2015-2018"),
                    ),
                ),
            ),
        ),
    ),
)


def obs(**fields: Any) -> Observation:
    base: dict[str, Any] = {
        "indicator": "trained",
        "country": "KHM",
        "period": 2016,
        "value": 5,
        "unit": "person",
    }
    base.update(fields)
    return Observation(**base)


def rules(figures: Iterable[Observation], **kw: Any) -> list[tuple[str, str]]:
    table = ObservationTable.from_rows(list(figures))
    return [(i.rule, i.path) for i in check_figures(PLAN, table, **kw)]


def test_clean_figures_give_a_clean_report() -> None:
    report = validate(
        PLAN,
        ObservationTable.from_rows(
            [obs(), obs(country="LAO"), obs(indicator="npa", value=True, unit=None)]
        ),
    )
    assert report.ok
    assert len(report) == 0


@pytest.mark.parametrize(
    ("figure", "rule", "path"),
    [
        (obs(indicator="trainde"), "figure-unknown-indicator", "figures[0].indicator"),
        (obs(unit="persons"), "figure-unit-mismatch", "figures[0].unit"),
        (obs(unit=None), "figure-unit-mismatch", "figures[0].unit"),
        (obs(value=True), "figure-unit-mismatch", "figures[0].value"),
        (
            obs(indicator="budget", value=Money("5", "KHR"), unit=None),
            "figure-currency-mismatch",
            "figures[0].currency",
        ),
        (
            obs(indicator="npa", value=Decimal(3), unit=None),
            "figure-unit-mismatch",
            "figures[0].value",
        ),
        (obs(country="MYS"), "figure-partner-country", "figures[0].country"),
        (obs(country=("THA", "MYS")), "figure-partner-country", "figures[0].country"),
        (obs(period=2019), "figure-outside-period", "figures[0].period"),
        (obs(disaggregation={"sex": "F"}), "code-not-in-list", "figures[0].disaggregation.sex"),
        (
            obs(disaggregation={"sex": "teleportation"}),
            "code-not-in-list",
            "figures[0].disaggregation.sex",
        ),
        (
            obs(disaggregation={"colour": "blue"}),
            "undeclared-dimension",
            "figures[0].disaggregation.colour",
        ),
        (obs(period="2015-2018"), "figure-basis", "figures[0].basis"),
        (obs(basis="per-event"), "figure-basis", "figures[0].basis"),
    ],
)
def test_each_figure_rule_names_its_figure(figure: Observation, rule: str, path: str) -> None:
    assert rules([figure]) == [(rule, path)]
    assert RULES[rule].scope == "figures"


def test_the_partner_country_is_a_warning_not_an_error() -> None:
    report = check_figures(PLAN, ObservationTable.from_rows([obs(country="Malaysia")]))
    assert report.ok
    assert [i.severity for i in report] == [Severity.WARNING]


def test_an_unknown_indicator_offers_close_matches() -> None:
    (issue,) = check_figures(PLAN, ObservationTable.from_rows([obs(indicator="traned")]))
    assert "did you mean 'trained'" in issue.message


def test_sex_codes_f_and_female_beside_female_are_each_reported() -> None:
    table = ObservationTable.from_rows(
        [
            obs(disaggregation={"sex": c}, country=k)
            for c, k in (("female", "KHM"), ("F", "LAO"), ("Female", "THA"))
        ]
    )
    issues = list(check_figures(PLAN, table))
    assert [i.path for i in issues] == [
        "figures[1].disaggregation.sex",
        "figures[2].disaggregation.sex",
    ]
    assert all("did you mean 'female'" in i.message for i in issues)


def test_duplicate_rows_and_ids_are_reported_once_each() -> None:
    figures = [
        obs(id="a"),
        obs(id="b", country="LAO"),
        obs(id="a", country="THA"),
        obs(id="c", country="LAO"),
    ]
    assert rules(figures) == [("figure-duplicate-id", "figures[2].id")]
    assert rules([obs(), obs()]) == [("figure-duplicate", "figures[1]")]
    # two reports of one fact, linked, are not a duplicate
    assert rules([obs(id="x"), obs(same_as="x")]) == []


def test_every_problem_is_reported_in_row_order_and_skip_leaves_rules_out() -> None:
    figures = [obs(indicator="nope"), obs(unit="persons", period=2020), obs(country="MYS")]
    assert rules(figures) == [
        ("figure-unknown-indicator", "figures[0].indicator"),
        ("figure-unit-mismatch", "figures[1].unit"),
        ("figure-outside-period", "figures[1].period"),
        ("figure-partner-country", "figures[2].country"),
    ]
    assert rules(figures, skip=["figure-partner-country", "figure-outside-period"]) == [
        ("figure-unknown-indicator", "figures[0].indicator"),
        ("figure-unit-mismatch", "figures[1].unit"),
    ]


def test_validate_checks_the_plan_then_the_figures() -> None:
    bad_plan = PLAN.add_target("1.1", Target(id="t3", indicator="missing", value=1, period="2016"))
    report = validate(bad_plan, ObservationTable.from_rows([obs(period=2030)]))
    assert [i.rule for i in report] == ["dangling-indicator", "figure-outside-period"]
    assert cm.validate is _validate
    assert cm.check_figures is check_figures


def test_bad_arguments_are_type_errors_and_unknown_rules_lookup_errors() -> None:
    with pytest.raises(TypeError, match="ObservationTable"):
        check_figures(PLAN, [obs()])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Plan"):
        check_figures("SPA IV", ObservationTable.from_rows([]))  # type: ignore[arg-type]
    with pytest.raises(LookupError, match="no validation rule nope"):
        check_figures(PLAN, ObservationTable.from_rows([]), skip=["nope"])


def test_a_unit_typo_is_reported_and_does_not_crash_the_report() -> None:
    table = ObservationTable.from_rows([obs(unit="persons")])
    assert [i.rule for i in check_figures(PLAN, table)] == ["figure-unit-mismatch"]
    text = render(cm.progress_report(PLAN, table), "text")
    assert "'person'" in text
    assert "'persons'" in text


CODES = st.sampled_from(["female", "male", "other", "unknown", "F", "Female", "teleportation"])


@given(
    st.lists(
        st.tuples(st.sampled_from(["KHM", "LAO", "THA", "VNM"]), st.integers(2015, 2018), CODES),
        max_size=12,
    )
)
def test_figure_code_issues_match_the_one_code_list_check(rows: list[tuple[str, int, str]]) -> None:
    table = ObservationTable.from_rows(
        [
            obs(country=c, period=y, disaggregation={"sex": s}, id=str(n))
            for n, (c, y, s) in enumerate(rows)
        ]
    )
    found = {i.path for i in check_figures(PLAN, table) if i.rule == "code-not-in-list"}
    refused = {p.code for p in code_problems(TRAINED, {"sex": [s for _c, _y, s in rows]})}
    assert found == {
        f"figures[{n}].disaggregation.sex" for n, (_c, _y, s) in enumerate(rows) if s in refused
    }
    assert refused == {s for _c, _y, s in rows} - set(SEX.codes)
