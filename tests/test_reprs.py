"""Short reprs and Jupyter tables: bounded on the shipped data, counts right, hostile text escaped."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import commit_mef
from commit_mef import datasets, io
from commit_mef._display import HTML_ROWS, TEXT_ROWS, Summary, clean
from commit_mef.aggregation import AggregateResult, AggregateRow, aggregate
from commit_mef.errors import CommitMefError
from commit_mef.indicators import AggregationRule
from commit_mef.observations import Observation, ObservationTable
from commit_mef.plans import Area, Objective, Plan
from commit_mef.reports import (
    AreaSection,
    CountryBudget,
    ProgressReport,
    TimelineChart,
    plan_timeline,
    process_timeline,
    progress_report,
)
from commit_mef.testing import (
    aggregate_results,
    observation_tables,
    plans,
    progress_reports,
    timeline_charts,
)
from commit_mef.testing import (
    datasets as dataset_strategy,
)

#: The most a repr of a shipped object may take (the attrs dumps ran to 127,010).
MAX_REPR = 2_000
MAX_LINES = 6 + TEXT_ROWS + 2
ALLOWED_TAGS = {"div", "p", "strong", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}
HOSTILE = '\x1b[2J\u202e<script>alert("x")</script>&amp;'


class _Tags(HTMLParser):
    """Every tag and attribute an HTML fragment opens, and whether each tag is closed."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open[-1] == tag, f"</{tag}> closes <{self.open[-1]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _tags(fragment: str) -> _Tags:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    assert not parser.open, f"unclosed tags {parser.open}"
    return parser


def _check_display(obj: Any) -> None:
    """The invariants every short repr keeps: bounded, printable, the HTML a closed fragment."""
    text = repr(obj)
    assert text.startswith(f"<{type(obj).__name__}")
    assert text.endswith(">")
    assert len(text.splitlines()) <= MAX_LINES
    assert all(ch.isprintable() for line in text.splitlines() for ch in line), text
    fragment = obj._repr_html_()
    parsed = _tags(fragment)
    assert set(parsed.tags) <= ALLOWED_TAGS
    assert parsed.attrs == [("class", "commit-mef")]
    assert parsed.tags.count("tr") <= HTML_ROWS + 1


def _spa3_report() -> ProgressReport:
    data = datasets.spa3_report()
    return progress_report(data.plan, data.observations, indicators=data.indicators)


def _shipped() -> Iterator[tuple[str, Any]]:
    data = datasets.spa3_report()
    yield "spa3_report()", data
    yield "spa3_report().observations", data.observations
    for plan in datasets.plans():
        yield f"plan({plan.code!r})", plan
    report = _spa3_report()
    yield "progress_report(SPA III)", report
    for area in report.areas:
        yield f"area {area.number}", area
    for budget in report.budgets:
        yield f"budget {budget.country}", budget
    yield "process_timeline()", process_timeline()
    yield "plan_timeline(SPA III)", plan_timeline(data.plan)
    for indicator in data.indicators:
        for by in ((), ("country",), ("country", "year")):
            try:
                yield (
                    f"aggregate({indicator.id}, {by})",
                    aggregate(data.observations, indicator, by=by),
                )
            except CommitMefError:
                continue  # a qualitative figure or a per-event rate is refused, as it should be


SHIPPED = list(_shipped())


@pytest.mark.parametrize(("what", "obj"), SHIPPED, ids=[w for w, _ in SHIPPED])
def test_shipped_objects_have_short_reprs(what: str, obj: Any) -> None:
    assert len(repr(obj)) <= MAX_REPR, what
    _check_display(obj)
    for row in (*getattr(obj, "rows", ()), *getattr(obj, "lines", ())):
        if not isinstance(row, str):
            assert len(repr(row)) <= 300


def test_the_full_content_stays_one_call_away() -> None:
    data = datasets.spa3_report()
    dumped = io.dumps(data)
    assert len(dumped) > 20 * len(repr(data))
    assert io.loads(dumped) == data


def test_dataset_repr_counts_the_figures_per_indicator() -> None:
    data = datasets.spa3_report()
    text = repr(data)
    assert f"figures: {len(data.observations)} rows, {len(data.indicators)} indicators" in text
    first = data.indicators[0]
    per = sum(1 for o in data.observations if o.indicator == first.id)
    assert re.search(rf"^  {re.escape(first.id)}\s+{first.kind.value}\s+.*\s{per}$", text, re.M)
    assert f"… {len(data.indicators) - TEXT_ROWS} more indicators>" in text


def test_observation_table_repr_counts_what_its_rows_use() -> None:
    table = datasets.spa3_report().observations
    countries = {c.alpha_3 for o in table for c in _members(o)}
    assert repr(table).splitlines()[0] == (
        f"<ObservationTable {len(table)} rows, {len(table.indicators)} indicators, "
        f"{len(countries)} countries"
    )
    budgets = table.filter(indicator="budget.allocation")
    first = repr(budgets).splitlines()[0]
    assert first.startswith(f"<ObservationTable {len(budgets)} rows, 1 indicator, ")
    assert str(budgets[0].id) in repr(budgets)
    start = min(o.period.start for o in table if o.period)
    end = max(o.period.end for o in table if o.period)
    assert f"period {commit_mef.Period(start, end)}" in repr(table)


def _members(obs: Observation) -> tuple[commit_mef.Country, ...]:
    place = obs.country
    return (place.first, place.second) if isinstance(place, commit_mef.CountryPair) else (place,)


def test_plan_repr_counts_areas_objectives_and_targets() -> None:
    plan = datasets.plan("SPA III")
    text = repr(plan)
    objectives = sum(len(a.objectives) for a in plan.areas)
    assert f"{len(plan.areas)} areas, {objectives} objectives, 0 targets" in text
    assert "period 2011-2013, extended by 2014" in text
    assert plan.areas[0].title in text
    assert repr(plan) != repr(attrs_evolve_title(plan))
    assert plan == datasets.plan("SPA III")  # eq and hash are still attrs'
    assert hash(plan) == hash(datasets.plan("SPA III"))


def attrs_evolve_title(plan: Plan) -> Plan:
    import attrs

    return attrs.evolve(plan, title="Another title")


def test_aggregate_repr_names_groups_unit_and_rule() -> None:
    data = datasets.spa3_report()
    result = aggregate(data.observations, data.indicator("agreement.signed"), by=("country",))
    text = repr(result)
    assert text.startswith(f"<AggregateResult agreement.signed by country\n  {len(result)} groups")
    assert "any over time, count_achieved across countries" in text
    first = result.rows[0]
    assert repr(first) == (
        f"<AggregateRow country={first.country.name}: {first.value} "  # type: ignore[union-attr]
        f"({first.rows} observation, point, {first.period})>"
    )
    total = aggregate(data.observations, data.indicator("agreement.signed"), by=())
    assert "by nothing (one total)" in repr(total)
    assert "credited KHM, CHN, LAO, MMR, THA, VNM" in repr(total.rows[0])


def test_progress_report_repr_counts_areas_figures_and_budgets() -> None:
    report = _spa3_report()
    text = repr(report)
    totals = sum(len(a.totals) for a in report.areas)
    assert f"{len(report.areas)} areas, {report.figure_count} figures, {totals} totals" in text
    assert f"{len(report.budgets)} country budgets, {len(report.findings)} finding" in text
    assert report.areas[0].heading in text
    area = report.areas[0]
    assert f"{len(area.figures)} figures" in repr(area)
    assert f"… {len(area.figures) - TEXT_ROWS} more figures>" in repr(area)


def test_hostile_text_is_escaped_in_html_and_harmless_in_text() -> None:
    plan = Plan(
        code="P<1>",
        title=HOSTILE,
        period="2015",
        areas=(Area(number=1, title=HOSTILE, objectives=(Objective(id="1.1", title="o"),)),),
    )
    table = ObservationTable.from_rows(
        [Observation(indicator="x", country="KHM", period=2015, value=HOSTILE, id=HOSTILE)]
    )
    report = ProgressReport(title=HOSTILE, plan="P", areas=[AreaSection(number=1, title=HOSTILE)])
    budget = CountryBudget(country="KHM", country_name=HOSTILE)
    for obj in (plan, table, report, report.areas[0], budget):
        _check_display(obj)
        assert "\x1b" not in repr(obj)
        assert "\\x1b[2J" in repr(obj)
        assert "\u202e" not in repr(obj)
        assert "\\u202e" in repr(obj)
        fragment = obj._repr_html_()
        assert "<script" not in fragment
        assert "&lt;script&gt;" in fragment
        assert "&amp;amp;" in fragment  # an entity in the text is shown, not interpreted
        assert "alert(&quot;x&quot;)" in fragment


@given(st.text(max_size=200), st.integers(min_value=0, max_value=120))
def test_clean_gives_one_printable_line_within_the_width(text: str, width: int) -> None:
    out = clean(text, width)
    assert len(out) <= max(width, 0) or width == 0
    assert all(ch.isprintable() for ch in out)
    if all(ch.isprintable() for ch in text) and len(text) <= width:
        assert out == text


@given(plans())
def test_any_plan_has_a_short_repr(plan: Plan) -> None:
    _check_display(plan)
    assert f"{len(plan.areas)} area" in repr(plan)


@given(observation_tables())
def test_any_observation_table_has_a_short_repr(table: ObservationTable) -> None:
    _check_display(table)
    assert repr(table).startswith(f"<ObservationTable {len(table):,} row")
    assert f"{len(table.indicators)} indicator" in repr(table).splitlines()[0]


@given(aggregate_results())
def test_any_aggregate_has_a_short_repr(result: AggregateResult) -> None:
    _check_display(result)
    assert f"{len(result):,} group" in repr(result)
    for row in result.rows:
        assert repr(row).startswith("<AggregateRow ")
        assert "\n" not in repr(row)


@given(progress_reports())
def test_any_progress_report_has_a_short_repr(report: ProgressReport) -> None:
    _check_display(report)
    assert f"{report.figure_count:,} figure" in repr(report)
    for area in report.areas:
        _check_display(area)
    for budget in report.budgets:
        _check_display(budget)


@given(dataset_strategy())
def test_any_dataset_has_a_short_repr(data: datasets.Dataset) -> None:
    _check_display(data)


def test_a_big_table_describes_itself_quickly() -> None:
    import time

    n = 200_000
    table = ObservationTable.from_columns(
        indicator="x", country=["KHM", "LAO"] * (n // 2), period=2014, magnitude=range(n)
    )
    start = time.perf_counter()
    text = repr(table)
    html = table._repr_html_()
    assert time.perf_counter() - start < 5  # milliseconds alone; the bound allows a busy machine
    assert text.startswith("<ObservationTable 200,000 rows, 1 indicator, 2 countries")
    assert "… 199,995 more rows>" in text
    assert "… 199,990 more rows" in html


def test_summary_rows_are_cut_and_counted() -> None:
    summary = Summary(
        kind="K", header=("a",), rows=[(str(i),) for i in range(HTML_ROWS)], total=12, noun="row"
    )
    assert len(summary.text().splitlines()) == 1 + 1 + TEXT_ROWS + 1  # heading, header, rows, more
    assert summary.text().endswith("… 7 more rows>")
    assert summary.html().count("<tr>") == HTML_ROWS + 1
    assert "… 2 more rows" in summary.html()


def test_an_aggregate_row_built_by_hand_names_its_key() -> None:
    row = AggregateRow(key=(2014,), value=Decimal("5"), rows=2, by=("year",))
    assert repr(row) == "<AggregateRow year=2014: 5 (2 observations)>"
    result = AggregateResult(
        indicator="x", by=("year",), rows=(row,), unit="person", rule=AggregationRule("sum", "sum")
    )
    assert "1 group, unit person" in repr(result)
    assert re.search(r"^  2014\s+5\s+2>?$", repr(result), re.M)


def test_version_flag_prints_the_package_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "commit_mef", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"commit-mef {commit_mef.__version__}"
    assert re.fullmatch(r"commit-mef \d+\.\d+\.\d+\S*", done.stdout.strip())


@given(timeline_charts())
def test_any_timeline_chart_has_a_short_repr(chart: TimelineChart) -> None:
    _check_display(chart)
    assert f"{len(chart.lanes):,} lane" in repr(chart)


def test_budget_lines_show_amount_and_conversion() -> None:
    report = _spa3_report()
    lines = [line for budget in report.budgets for line in budget.lines]
    for line in lines:
        text = repr(line)
        assert text.startswith(f"<BudgetLine {line.figure}: {line.currency} {line.amount:,}")
        if line.converted is not None:
            assert f"= {line.to} {line.converted:,}" in text
        assert ("a finding" in text) == bool(line.finding)
    assert any(line.finding for line in lines)
