"""The plan as a document: the framework model, its four renderers, and ``commit-mef plan``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

from commit_mef import (
    Area,
    Baseline,
    Commitment,
    Indicator,
    InterimTarget,
    Objective,
    Period,
    Plan,
    Target,
    datasets,
    io,
)
from commit_mef.cli import main
from commit_mef.errors import CommitMefError, ValidationError
from commit_mef.indicators import SEX
from commit_mef.money import Budget, Money
from commit_mef.plans import Assumption, TargetPart
from commit_mef.reports import (
    PLAN_FORMATS,
    PlanDocument,
    plan_document,
    render_plan,
    render_plan_html,
    render_plan_json,
    render_plan_markdown,
    render_plan_text,
)
from commit_mef.testing import logframe_plans

VICTIMS = Indicator(
    id="victims",
    name="Victims identified",
    kind="count",
    unit="person",
    dimensions=(SEX,),
    means_of_verification=("national task force reports",),
)
TARGET = Target(
    id="4.1.a",
    indicator="victims",
    value=5000,
    period="2016-2018",
    countries=("KHM",),
    baseline=Baseline(value=1200, date=dt.date(2014, 12, 31), source="SPA III final report"),
    timeline=(
        InterimTarget(period="2016", value=1000),
        InterimTarget(period="2017", value=3000),
        InterimTarget(period="2018", value=5000),
    ),
    parts=(TargetPart(dimension="sex", code="female", value=3500),),
    commitments=("article-7",),
    responsible=("Ministry of Social Affairs",),
    description="Victims identified <by> task forces & police",
)
PLAN = Plan(
    code="SPA V",
    title="Draft <SPA V>",
    period="2019-2023",
    adopted=dt.date(2019, 5, 10),
    indicators=(VICTIMS,),
    commitments=(Commitment(article=7, section="III"),),
    areas=(
        Area(
            number=3,
            title="Protection",
            mou_sections=("III",),
            objectives=(
                Objective(id="4.1", title="Victims are identified"),
                Objective(
                    id="4.1.1",
                    title="Identification procedures agreed",
                    level="output",
                    parent="4.1",
                    targets=(TARGET,),
                    assumptions=(
                        Assumption(text="Task forces keep meeting", link=True),
                        Assumption(text="Staff turnover", kind="risk", mitigation="training"),
                    ),
                    budgets=(
                        Budget(amount=Money("120000", "USD"), period=Period.years(2019, 2023)),
                    ),
                ),
            ),
        ),
    ),
)
FILLED = (
    "Victims identified",
    "count of person",
    "by Sex",
    "national: Cambodia",
    "1,200",
    "as of 2014-12-31",
    "source: SPA III final report",
    "5,000 (sex female: 3,500)",
    "2016-2018",
    "interim: 2016: 1,000; 2017: 3,000; 2018: 5,000",
    "national task force reports",
    "Ministry of Social Affairs",
    "Assumption (on the link to 4.1): Task forces keep meeting",
    "Risk: Staff turnover; mitigation: training",
    "USD 120,000.00 over 2019-2023",
    "article-7 (MoU III)",
)


def test_the_model_lays_out_outcome_output_and_every_column() -> None:
    doc = plan_document(PLAN)
    outcome_row, output_row = doc.areas[0].rows
    assert (outcome_row.outcome, outcome_row.output, outcome_row.target) == (
        "4.1: Victims are identified",
        "",
        "",
    )
    assert output_row.output == "4.1.1: Identification procedures agreed"
    assert output_row.baseline == "1,200"
    assert output_row.baseline_date == "2014-12-31"
    assert output_row.interim == ("2016: 1,000", "2017: 3,000", "2018: 5,000")
    assert output_row.commitments == ("article-7 (MoU III)",)
    served = {c.section: c.targets for c in doc.coverage}
    assert served["III"] == ("4.1.a",)
    assert served["I"] == served["II"] == served["IV"] == served["V"] == ()
    assert [c.section for c in doc.coverage] == ["I", "II", "III", "IV", "V"]
    assert doc.adopted == "2019-05-10"
    assert doc.notes == ()


@pytest.mark.parametrize("render", [render_plan_text, render_plan_markdown, render_plan_html])
def test_every_renderer_shows_every_column_of_a_filled_framework(render: object) -> None:
    out = " ".join(render(plan_document(PLAN)).split())  # type: ignore[operator]
    for text in FILLED:
        shown = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert (text in out) or (render is render_plan_html and shown in out), text


def test_a_no_baseline_reason_is_shown_in_place_of_the_baseline() -> None:
    plan = PLAN.update_target("4.1.a", baseline=None, no_baseline="new indicator")
    row = plan_document(plan).areas[0].rows[1]
    assert row.baseline == "none: new indicator"
    assert "Baseline: none: new indicator" in render_plan_text(plan_document(plan))


@pytest.mark.parametrize("code", ["SPA III", "SPA IV"])
def test_the_shipped_plans_show_not_set_and_nothing_invented(code: str) -> None:
    plan = datasets.plan(code)
    doc = plan_document(plan)
    rows = [row for area in doc.areas for row in area.rows]
    assert len(rows) == len(list(plan.objectives()))
    for row in rows:
        assert (row.target, row.indicator, row.baseline, row.value, row.due) == ("",) * 5
        assert (row.responsible, row.assumptions, row.budget, row.commitments) == ((),) * 4
    assert not any(c.served for c in doc.coverage)
    text = render_plan_text(doc)
    assert text.count("  Baseline: not set") == len(rows)
    assert render_plan_markdown(doc).count("not set") >= 9 * len(rows)
    assert "targets yet" in doc.notes[0]


def test_the_html_is_self_contained_escaped_responsive_and_print_ready() -> None:
    html = render_plan_html(plan_document(PLAN))
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html
    assert "http://" not in html
    assert "https://" not in html
    assert "Draft &lt;SPA V&gt;" in html
    assert "<SPA V>" not in html
    assert "Victims identified &lt;by&gt; task forces &amp; police" in html
    assert 'name="viewport"' in html
    assert ".scroll { overflow-x: auto;" in html
    assert '<div class="scroll">' in html
    assert "@media print" in html
    assert "thead { display: table-header-group; }" in html


def test_markdown_cells_escape_pipes() -> None:
    plan = PLAN.update_target("4.1.a", description="a | b")
    assert "a \\| b" in render_plan_markdown(plan_document(plan))


def test_the_json_is_the_io_document_and_reads_back() -> None:
    doc = plan_document(PLAN)
    data = render_plan_json(doc)
    jsonschema.Draft202012Validator(io.json_schema(PlanDocument)).validate(data)
    assert io.loads(json.dumps(data)) == doc
    assert json.loads(render_plan(doc, "json")) == data


@settings(max_examples=25, deadline=None)
@given(logframe_plans())
def test_any_plan_gives_a_document_with_a_row_per_target_that_round_trips(plan: Plan) -> None:
    doc = plan_document(plan)
    ids = [row.target for area in doc.areas for row in area.rows if row.target]
    assert ids == [t.id for t in plan.targets()]
    assert io.loads(io.dumps(doc), PlanDocument) == doc
    for fmt in PLAN_FORMATS:
        assert render_plan(doc, fmt).endswith("\n")


def test_bad_arguments_raise_the_packages_errors() -> None:
    with pytest.raises(CommitMefError, match="Plan"):
        plan_document("SPA IV")  # type: ignore[arg-type]
    with pytest.raises(CommitMefError, match="MoU"):
        plan_document(PLAN, mou="2004")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="unknown plan-document format 'pdf'"):
        render_plan(plan_document(PLAN), "pdf")
    with pytest.raises(CommitMefError, match="PlanDocument"):
        render_plan_html(PLAN)  # type: ignore[arg-type]


def test_the_command_writes_each_format_chosen_by_option_or_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "draft.json"
    io.dump(PLAN, plan_file)
    html = tmp_path / "plan.html"
    assert main(["plan", "--plan", str(plan_file), "-o", str(html)]) == 0
    assert html.read_text(encoding="utf-8") == render_plan_html(plan_document(PLAN))
    md = tmp_path / "plan.md"
    assert main(["plan", "--plan", "SPA IV", "--output", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# SPA IV")
    assert main(["plan", "--plan", "SPA IV", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["type"] == "PlanDocument"
    assert main(["plan", "--plan", "SPA III"]) == 0
    assert "Area 1: Policy and Cooperation" in capsys.readouterr().out


def test_the_command_reports_bad_input_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--plan", "SPA IX"]) == 2
    assert "commit-mef: error:" in capsys.readouterr().err
    assert main(["plan", "--plan", "SPA IV", "--format", "pdf"]) == 2
    assert main(["plan"]) == 2
    assert main(["plan", "--plan", "SPA IV", "-o", str(tmp_path / "no" / "x.txt")]) == 2
