"""Progress reports: the model built from plans and figures, and its four renderings."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import textwrap
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commit_mef import io
from commit_mef.errors import ValidationError
from commit_mef.indicators import Indicator
from commit_mef.money import Money
from commit_mef.observations import Observation, ObservationTable
from commit_mef.plans import Area, Objective, Plan, Target
from commit_mef.reports import (
    FORMATS,
    REPORT_SCHEMA,
    AreaSection,
    Figure,
    ProgressReport,
    Total,
    charts,
    progress_report,
    render,
    render_html,
    render_json,
    render_markdown,
    render_text,
    write_charts,
)
from commit_mef.reports._text import _wrap_cell, columns
from commit_mef.sources import QualityFlag, SourceRef
from commit_mef.testing import progress_reports

INDICATORS = (
    Indicator(id="budget.allocation", name="Budget allocated", kind="money", unit="currency"),
    Indicator(id="training.people_trained", name="People trained", kind="count", unit="person"),
    Indicator(id="npa.adopted", name="National plan of action adopted", kind="milestone"),
    Indicator(id="cooperation.external", name="Cooperation outside COMMIT", kind="qualitative"),
)


def _src(area: int | None, block: str) -> SourceRef:
    return SourceRef(document="test-report", section="2.2", block=block, area=area)


def _table() -> ObservationTable:
    return ObservationTable.from_rows(
        [
            Observation(
                id="LAO.1.budget",
                indicator="budget.allocation",
                country="LAO",
                period=2014,
                basis="per-year",
                value=Money("2000000000", "LAK"),
                stated=Money("246660", "USD"),
                as_written="2 billion LAK",
                source=_src(1, "LAO PDR"),
            ),
            Observation(
                id="VNM.1.budget",
                indicator="budget.allocation",
                country="VNM",
                period="2011-2015",
                basis="total",
                value=Money("270000000000", "VND"),
                stated=Money("20000000", "USD"),
                recipient="counter-trafficking efforts",
                source=_src(1, "VIET NAM"),
            ),
            Observation(
                id="MMR.1.budget",
                indicator="budget.allocation",
                country="MMR",
                period=2011,
                basis="per-year",
                value=Money("1000000000", "MMK"),
                stated=Money("1000000", "USD"),
                source=_src(1, "MYANMAR"),
            ),
            Observation(
                id="KHM.1.npa",
                indicator="npa.adopted",
                country="KHM",
                period="2011-2014",
                basis="point",
                value=True,
                source=_src(1, "CAMBODIA"),
            ),
            Observation(
                id="LAO.1.npa",
                indicator="npa.adopted",
                country="LAO",
                period=2013,
                basis="point",
                value=True,
                source=_src(1, "LAO PDR"),
            ),
            Observation(
                id="KHM.2.trained",
                indicator="training.people_trained",
                country="KHM",
                period="2011-2014",
                value=Decimal(454),
                unit="person",
                as_written="454",
                source=_src(2, "CAMBODIA"),
            ),
            Observation(
                id="LAO.2.trained",
                indicator="training.people_trained",
                country="LAO",
                period="2011-2014",
                value=Decimal(1874),
                unit="person",
                as_written="1874 officials",
                flags=[
                    QualityFlag(
                        code="possible-double-count",
                        note="may overlap with another figure; do not add them",
                    )
                ],
                source=_src(2, "LAO PDR"),
            ),
            Observation(
                id="THA.1.coop",
                indicator="cooperation.external",
                country="THA",
                period="2011-2014",
                basis="point",
                value="cooperation with states outside COMMIT",
                source=_src(1, "THAILAND"),
            ),
        ]
    )


def _plan() -> Plan:
    return Plan(
        code="SPA III",
        title="COMMIT Sub-Regional Plan of Action III",
        period="2011-2013",
        extension="2014",
        areas=[
            Area(
                number=1,
                title="Policy and Cooperation",
                objectives=[Objective(id="1.1", title="national plans of action")],
            ),
            Area(number=2, title="Legal Frameworks, Law Enforcement and Justice"),
        ],
    )


@pytest.fixture(scope="module")
def report() -> ProgressReport:
    return progress_report(_plan(), _table(), indicators=INDICATORS, source="a test report")


def _numbers(text: str) -> set[str]:
    """Every number in a text, thousands separators removed."""
    return {m.replace(",", "") for m in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


# -- the model -------------------------------------------------------------------------------


def test_report_has_a_section_per_plan_area_with_its_figures(report: ProgressReport) -> None:
    assert [(a.number, len(a.figures)) for a in report.areas] == [(1, 6), (2, 2)]
    assert report.areas[0].objectives == ("national plans of action",)
    assert report.figure_count == 8
    assert report.period == "2011-2014"
    assert report.countries == ("KHM", "LAO", "MMR", "THA", "VNM")


def test_figures_keep_value_exact_and_as_written(report: ProgressReport) -> None:
    lao = next(f for f in report.areas[0].figures if f.id == "LAO.1.budget")
    assert (lao.value, lao.unit, lao.as_written) == (Decimal(2000000000), "LAK", "2 billion LAK")
    assert lao.value_text == "2,000,000,000 LAK"


def test_flags_stay_with_their_figure(report: ProgressReport) -> None:
    flagged = {f.id: [x.code for x in f.flags] for f in report.areas[1].figures}
    assert flagged == {"KHM.2.trained": [], "LAO.2.trained": ["possible-double-count"]}


def test_regional_totals_where_the_indicator_allows_them(report: ProgressReport) -> None:
    totals = {t.indicator: t for a in report.areas for t in a.totals}
    assert totals["training.people_trained"].value == Decimal(2328)
    assert totals["training.people_trained"].unit == "person"
    assert totals["npa.adopted"].value == Decimal(2)
    assert totals["npa.adopted"].unit == "countries"


def test_an_indicator_that_cannot_be_totalled_says_so_instead_of_crashing(
    report: ProgressReport,
) -> None:
    totals = {t.indicator: t for a in report.areas for t in a.totals}
    qualitative = totals["cooperation.external"]
    assert qualitative.value is None
    # the reader's words in the text; the engine's message and the analyst's hint apart
    assert qualitative.text == "listed, not added up: these figures are descriptions, not numbers"
    assert "qualitative" in qualitative.hint
    assert "table.filter(" in qualitative.hint


def test_budgets_in_local_currency_and_usd_with_rates(report: ProgressReport) -> None:
    lines = {line.figure: line for b in report.budgets for line in b.lines}
    lao = lines["LAO.1.budget"]
    assert lao.converted == Decimal("248681.32")
    assert lao.finding is None
    assert [(r.currency, r.period) for r in lao.rates] == [("LAK", "2014")]
    assert "World Bank" in report.rates_source


def test_stated_equivalent_finding_is_reported(report: ProgressReport) -> None:
    vnm = next(line for b in report.budgets for line in b.lines if line.figure == "VNM.1.budget")
    assert vnm.finding is not None
    assert "above" in vnm.finding
    assert vnm in report.findings


def test_myanmar_before_2012_is_refused_and_explained_not_crashed(report: ProgressReport) -> None:
    mmr = next(line for b in report.budgets for line in b.lines if line.figure == "MMR.1.budget")
    assert mmr.converted is None
    assert "not meaningful" in mmr.note
    assert mmr.converted_text == "n/a"


def test_budgets_are_listed_per_country_in_report_order(report: ProgressReport) -> None:
    assert [b.country for b in report.budgets] == ["LAO", "MMR", "VNM"]


def test_targets_note_when_the_plan_has_none(report: ProgressReport) -> None:
    assert report.areas[0].targets == ()
    assert "no targets" in report.areas[0].targets_note


def test_country_and_area_filters() -> None:
    only = progress_report(_plan(), _table(), indicators=INDICATORS, countries=["Lao PDR"])
    assert {f.country for a in only.areas for f in a.figures} == {"LAO"}
    assert any("LAO" in note for note in only.notes)
    area2 = progress_report(_plan(), _table(), indicators=INDICATORS, areas=[2])
    assert [a.number for a in area2.areas] == [2]
    assert area2.budgets == ()


def test_other_currency() -> None:
    thb = progress_report(_plan(), _table(), indicators=INDICATORS, currency="THB")
    lao = thb.budgets[0].lines[0]
    assert lao.to == "THB"
    assert {r.currency for r in lao.rates} == {"LAK", "THB"}


def test_figures_outside_any_area_get_their_own_section() -> None:
    table = ObservationTable.from_rows(
        [
            Observation(
                id="x",
                indicator="npa.adopted",
                country="KHM",
                period=2012,
                basis="point",
                value=True,
                source=SourceRef(document="d"),
            )
        ]
    )
    report = progress_report(_plan(), table, indicators=INDICATORS)
    assert report.areas[-1].number is None
    assert report.areas[-1].heading == "Results outside the plan areas"


# -- rendering -------------------------------------------------------------------------------


def test_text_lines_fit_100_columns(report: ProgressReport) -> None:
    text = render_text(report)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "Area 1: Policy and Cooperation" in text
    assert "Possible double count (warning)" in text


@settings(max_examples=60)
@given(progress_reports())
def test_text_lines_fit_any_width_for_any_report(report: ProgressReport) -> None:
    """Measured in terminal columns: a word joiner or a Thai vowel mark takes none, CJK two."""
    for width in (100, 72):
        lines = render_text(report, width=width).splitlines()
        assert [line for line in lines if columns(line) > width] == []


def test_a_figure_row_refers_to_its_note_written_once_in_the_appendix(
    report: ProgressReport,
) -> None:
    lines = render_text(report).splitlines()
    row = next(line for line in lines if "1,874 persons" in line)
    (note,) = report.quality_notes
    assert note.code == "possible-double-count"
    assert note.figures == ("LAO.2.trained",)
    assert row.rstrip().endswith(f"  {note.number}")
    appendix = lines[lines.index("Notes on the data") :]
    assert any(line.startswith(f"{note.number}. Possible double count") for line in appendix)
    assert sum(note.note[:40] in line for line in lines) == 1


def test_text_markdown_and_json_carry_the_same_numbers(report: ProgressReport) -> None:
    data = render_json(report)["data"]
    text, markdown = render_text(report), render_markdown(report)
    expected: set[object] = set()
    for area in data["areas"]:
        expected |= {t["value"] for t in area["totals"] if t["value"] is not None}
        expected |= {f["value"] for f in area["figures"] if isinstance(f["value"], str)}
    for country in data["budgets"]:
        for line in country["lines"]:
            expected |= {line["amount"]} | {line[k] for k in ("converted", "stated") if line[k]}
    assert {"2328", "248681.32", "270000000000"} <= expected
    assert expected <= _numbers(text)
    assert expected <= _numbers(markdown)


def test_json_validates_against_its_schema(report: ProgressReport) -> None:
    data = render_json(report)
    jsonschema.Draft202012Validator.check_schema(REPORT_SCHEMA)
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(data)
    assert json.loads(render(report, "json")) == data


@settings(max_examples=60)
@given(progress_reports())
def test_json_of_any_report_validates(report: ProgressReport) -> None:
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(render_json(report))


def test_json_numbers_are_exact_strings(report: ProgressReport) -> None:
    data = render_json(report)["data"]
    figure = next(f for f in data["areas"][0]["figures"] if f["id"] == "LAO.1.budget")
    assert (figure["value"], figure["unit"]) == ("2000000000", "LAK")
    npa = next(f for f in data["areas"][0]["figures"] if f["id"] == "KHM.1.npa")
    assert npa["value"] is True


def test_json_report_reads_back_equal(report: ProgressReport) -> None:
    """The JSON report is the io document: io.loads gives the same report (it was refused)."""
    text = render(report, "json")
    assert io.loads(text, ProgressReport) == report
    assert json.loads(text) == render_json(report)


def test_markdown_has_pipe_tables_and_flags(report: ProgressReport) -> None:
    markdown = render_markdown(report)
    assert markdown.startswith("# SPA III progress report\n")
    assert "| country | figure | period | value | as written | notes |" in markdown
    assert "**Possible double count** (warning)" in markdown


def test_markdown_escapes_pipes() -> None:
    report = ProgressReport(
        title="T",
        plan="P",
        areas=[AreaSection(number=1, title="A", figures=[Figure(id="a|b", indicator="x|y")])],
    )
    assert "a\\|b" not in render_markdown(report)  # ids are not shown; descriptions are
    report = ProgressReport(
        title="T",
        plan="P",
        areas=[
            AreaSection(
                number=1, title="A", figures=[Figure(id="a", indicator="x", description="p|q")]
            )
        ],
    )
    assert "p\\|q" in render_markdown(report)


_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def test_html_is_self_contained(report: ProgressReport) -> None:
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>")
    assert _EXTERNAL.search(html) is None
    assert "<script" not in html
    assert "<link" not in html
    assert "@import" not in html
    assert html.count("<table") >= 4


def test_html_embeds_svg_charts_when_matplotlib_is_installed(report: ProgressReport) -> None:
    pytest.importorskip("matplotlib")
    html = render_html(report)
    assert len(charts(report)) == 2
    assert html.count("<svg") == 2 * len(charts(report))  # each chart wide and narrow
    assert "<?xml" not in html
    assert 'id="chart-budget"' in html
    assert 'id="chart-targets"' not in html  # no targets: no empty frame


def test_html_says_how_to_get_charts_without_matplotlib(
    report: ProgressReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    html = render_html(report)
    assert "<svg" not in html
    assert "pip install 'commit-mef[plot]'" in html


def test_html_escapes_text() -> None:
    report = ProgressReport(title="<b>T</b>", plan="P")
    assert "&lt;b&gt;T&lt;/b&gt;" in render_html(report, charts=False)


def test_render_every_format(report: ProgressReport) -> None:
    for fmt in FORMATS:
        assert render(report, fmt).endswith("\n")


def test_unknown_format_is_refused(report: ProgressReport) -> None:
    with pytest.raises(ValidationError, match="unknown format 'pdf'; use one of text"):
        render(report, "pdf")


# -- charts ----------------------------------------------------------------------------------


def test_charts_svg_are_deterministic(report: ProgressReport) -> None:
    pytest.importorskip("matplotlib")
    first, second = charts(report), charts(report)
    assert first == second
    assert sorted(first) == ["budget", "trained"]
    for svg in first.values():
        assert b"<svg" in svg
        assert b"<dc:date>" not in svg


def test_charts_png(report: ProgressReport) -> None:
    pytest.importorskip("matplotlib")
    for png in charts(report, fmt="png").values():
        assert png.startswith(b"\x89PNG")


def test_charts_refuse_unknown_format(report: ProgressReport) -> None:
    pytest.importorskip("matplotlib")
    with pytest.raises(ValidationError, match="unknown chart format 'gif'; use 'svg' or 'png'"):
        charts(report, fmt="gif")


def test_write_charts(report: ProgressReport, tmp_path: Any) -> None:
    pytest.importorskip("matplotlib")
    written = write_charts(report, tmp_path / "charts")
    assert sorted(p.name for p in written) == [
        "budget.png",
        "budget.svg",
        "trained.png",
        "trained.svg",
    ]


def test_the_budget_chart_draws_the_summary_table_and_nothing_it_leaves_out() -> None:
    from commit_mef import datasets
    from commit_mef.reports._charts import budget_series

    data = datasets.spa3_report()
    report = progress_report(data.plan, data.observations, indicators=data.indicators)
    summary = report.summary.budget
    assert summary is not None
    series = budget_series(report)
    assert series == {c.country: c.converted for c in summary.countries if c.converted}
    assert "MMR" not in series
    assert summary.left_out == ("Myanmar",)
    assert summary.total == sum(series.values())


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**15))
def test_total_text_shows_the_exact_number(value: Decimal) -> None:
    text = Total(indicator="x", value=value, unit="person").text
    assert Decimal(text.split()[0].replace(",", "")) == value


def test_targets_get_a_status_where_the_plan_has_them() -> None:
    plan = Plan(
        code="SPA IV",
        title="Plan IV",
        period="2015-2018",
        indicators=[INDICATORS[1]],
        areas=[
            Area(
                number=2,
                title="Law enforcement",
                objectives=[
                    Objective(
                        id="2.1",
                        title="training",
                        targets=[
                            Target(
                                id="2.1.a",
                                indicator="training.people_trained",
                                value=1000,
                                period="2015-2018",
                                level="regional",
                                description="1,000 officials trained",
                            )
                        ],
                    )
                ],
            )
        ],
    )
    table = ObservationTable.from_rows(
        [
            Observation(
                id="a",
                indicator="training.people_trained",
                country="KHM",
                period="2015-2018",
                value=Decimal(1200),
                unit="person",
                source=SourceRef(document="d", area=2),
            )
        ]
    )
    report = progress_report(plan, table, as_of=dt.date(2018, 12, 31))
    (row,) = report.areas[0].targets
    assert (row.target, row.status, row.achieved) == ("2.1.a", "achieved", "1200")
    assert report.areas[0].targets_note == ""
    assert "2.1.a" in render_text(report)
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(render_json(report))


@given(
    st.text(alphabet=st.sampled_from(" ab-x\t\n\x0b\x0c\r\xa0\u2003\x1c"), max_size=14)
    | st.text(max_size=20),
    st.integers(min_value=1, max_value=24),
)
def test_a_cell_wraps_exactly_as_textwrap_wraps_it(cell: str, width: int) -> None:
    # cells that fit skip textwrap; the lines must be the same either way, except that a line
    # textwrap leaves too wide in terminal columns (wide characters) is cut again
    expected = textwrap.wrap(cell, width, break_long_words=True, break_on_hyphens=False) or [""]
    lines = _wrap_cell(cell, width)
    assert all(columns(line) <= width or len(line) == 1 for line in lines)
    if all(columns(line) <= width for line in expected):
        assert lines == expected
    else:
        assert "".join(lines) == "".join(expected)


def test_an_indicator_not_aggregated_across_countries_gets_no_regional_total() -> None:
    """Thailand's hotline languages: one country's figure is not a regional total."""
    from commit_mef import datasets, progress_report

    data = datasets.spa3_report()
    report = progress_report(data.plan, data.observations, indicators=data.indicators)
    totals = {t.indicator: t for a in report.areas for t in a.totals}
    languages = totals["hotline.languages"]
    assert languages.value is None
    assert languages.text.startswith("not added up: each country's figure stands on its own")


def test_one_target_that_cannot_be_measured_stops_nothing() -> None:
    """A money target whose figures need a refused rate: its row says why; the others go on."""
    budget = Indicator(id="budget.allocation", name="Budget", kind="money", unit="currency")
    plan = Plan(
        code="SPA IV",
        title="Plan IV",
        period="2011-2014",
        indicators=[INDICATORS[1], budget],
        areas=[
            Area(
                number=2,
                title="Law enforcement",
                objectives=[
                    Objective(
                        id="2.1",
                        title="training and money",
                        targets=[
                            Target(
                                id="2.1.a",
                                indicator="budget.allocation",
                                value=Money("1000000", "USD"),
                                period="2011-2014",
                                level="national",
                                countries=["MMR"],
                            ),
                            Target(
                                id="2.1.b",
                                indicator="training.people_trained",
                                value=1000,
                                period="2011-2014",
                                level="regional",
                            ),
                        ],
                    )
                ],
            )
        ],
    )
    table = ObservationTable.from_rows(
        [
            Observation(
                indicator="budget.allocation",
                country="MMR",
                period="2011",
                value=Money("500000000", "MMK"),
                source=SourceRef(document="d", area=2),
            ),
            Observation(
                indicator="training.people_trained",
                country="KHM",
                period="2011-2014",
                value=Decimal(1200),
                unit="person",
                source=SourceRef(document="d", area=2),
            ),
        ]
    )
    report = progress_report(plan, table, as_of=dt.date(2014, 12, 31))
    money, people = report.areas[0].targets
    assert (money.target, money.status) == ("2.1.a", "not measured")
    assert "MMK" in money.reason
    assert "not meaningful" in money.reason
    assert (people.target, people.status, people.reason) == ("2.1.b", "achieved", "")
    for text in (render_text(report), render_markdown(report), render_html(report, charts=False)):
        assert "not measured: " in text
        assert "not meaningful" in text
    assert io.loads(io.dumps(report), ProgressReport) == report
