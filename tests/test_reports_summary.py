"""The progress report for the people in the room: summary first, plain words, safe output.

The shipped SPA III report is the main case: what its first screen says, what its
budget summary adds and leaves out, the notes written once, the money that is not
a budget; then hostile text in every format, and charts under a hostile
``matplotlibrc``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commit_mef import datasets
from commit_mef.reports import (
    AreaSection,
    BudgetSummary,
    CountryMoney,
    Figure,
    FlagNote,
    ProgressReport,
    Summary,
    TargetRow,
    progress_report,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from commit_mef.reports._summary import display_number


@pytest.fixture(scope="module")
def spa3() -> ProgressReport:
    data = datasets.spa3_report()
    return progress_report(
        data.plan, data.observations, indicators=data.indicators, source=data.title
    )


# -- summary first -----------------------------------------------------------------------------


def test_the_first_screen_says_what_spa3_achieved(spa3: ProgressReport) -> None:
    screen = "\n".join(render_text(spa3).splitlines()[:40])
    assert "COMMIT Sub-Regional Plan of Action III (SPA III), plan period 2011-2014" in screen
    assert "164 figures" in screen
    for area in range(1, 6):
        assert f"Area {area}: " in screen
    assert "National plan of action against trafficking adopted (6 countries)" in screen
    assert "210 events" in screen
    assert "1,401 persons" in screen
    assert "Budgets, 2011-2014: USD 56,223,867 from 5 countries" in screen
    assert "Myanmar not converted" in screen
    assert "Targets: SPA III sets no targets" in screen


def test_the_summary_comes_before_the_detail_and_the_notes_last(spa3: ProgressReport) -> None:
    for rendered in (render_text(spa3), render_markdown(spa3), render_html(spa3, charts=False)):
        summary = rendered.index("Summary")
        detail = rendered.index("Figures reported: 86")
        notes = rendered.rindex("Notes on the data")
        assert summary < detail < notes


def test_milestones_by_country_show_pairs_as_pairs(spa3: ProgressReport) -> None:
    area1 = spa3.summary.headlines[0]
    matrix = area1.matrix
    assert matrix is not None
    row = matrix.cells[matrix.countries.index("Cambodia")]
    cambodia = dict(zip(matrix.milestones, row, strict=True))
    assert cambodia["National plan of action against trafficking adopted"] == "yes"
    assert (
        cambodia["Cross-border agreement signed, amended or launched"]
        == "yes; with Thailand, Viet Nam"
    )
    row = matrix.cells[matrix.countries.index("Thailand")]
    thailand = dict(zip(matrix.milestones, row, strict=True))
    assert thailand["Anti-trafficking institution established"] == "yes; with Myanmar"
    # every bilateral fact shows from both sides
    for figure in spa3.areas[0].figures:
        if "-" in figure.country_name and figure.value is True:
            a, b = figure.country_name.split("-")
            column = matrix.milestones.index(figure.indicator_name)
            assert b in matrix.cells[matrix.countries.index(a)][column]
            assert a in matrix.cells[matrix.countries.index(b)][column]


def test_the_budget_summary_totals_what_converts_and_names_what_does_not(
    spa3: ProgressReport,
) -> None:
    budget = spa3.summary.budget
    assert budget is not None
    by = {c.country: c for c in budget.countries}
    assert list(by) == ["KHM", "CHN", "LAO", "MMR", "THA", "VNM"]
    assert budget.total == sum(c.converted for c in budget.countries if c.converted)
    assert budget.included == ("KHM", "CHN", "LAO", "THA", "VNM")
    assert budget.left_out == ("Myanmar",)
    assert "not meaningful" in by["MMR"].note
    assert by["MMR"].local == Decimal("12042358000")
    assert by["MMR"].currency == "MMK"
    # per-year figures count per year; a fiscal year is cut at the plan's end; the yearly
    # restatement of Viet Nam's five-year total is not added to it
    assert by["KHM"].local == 4 * Decimal(149_000_000)
    assert by["LAO"].covered == "2014"
    assert by["THA"].covered == "2013-2014"
    vnm = by["VNM"].local
    assert vnm is not None  # the 2011-2015 total, its 2011-2014 days only; the restatement not
    assert abs(vnm - Decimal(270_000_000_000) * 1461 / 1826) < 1
    assert any("counted once" in a for a in by["VNM"].assumptions)


def test_target_status_per_country_when_the_plan_has_targets() -> None:
    from commit_mef.reports._summarise import target_lines

    areas = [
        AreaSection(
            number=1,
            targets=[
                TargetRow(target="a", country="KHM", status="achieved"),
                TargetRow(target="b", country="KHM", status="off track"),
                TargetRow(target="c", country="regional", status="on track"),
            ],
        )
    ]
    assert target_lines("SPA IV", areas) == (
        "Cambodia: 1 achieved, 1 off track.",
        "regional: 1 on track.",
    )
    assert "sets no targets" in target_lines("SPA III", [AreaSection(number=1)])[0]


# -- notes written once ------------------------------------------------------------------------


def test_each_note_is_written_once_and_lists_its_figures(spa3: ProgressReport) -> None:
    text = render_text(spa3)
    context = [n for n in spa3.quality_notes if n.code == "period-from-context"]
    assert len(context) == 1
    assert len(context[0].figures) > 50
    assert text.count(context[0].note) == 1
    # every flag of every figure is in exactly one note, and the note lists that figure
    for area in spa3.areas:
        for figure in area.figures:
            for flag in figure.flags:
                holding = [
                    n
                    for n in spa3.quality_notes
                    if (n.code, n.note) == (flag.code, flag.note) and figure.id in n.figures
                ]
                assert len(holding) == 1


# -- plain language ----------------------------------------------------------------------------

_CODE = re.compile(r"table\.filter|predicate=|allow_not_meaningful|commit [0-9a-f]{7}|\w+\(\)")


def test_reader_formats_carry_no_code_and_the_json_keeps_the_hints(spa3: ProgressReport) -> None:
    for rendered in (render_text(spa3), render_markdown(spa3), render_html(spa3, charts=False)):
        assert _CODE.search(rendered) is None, _CODE.search(rendered)
    data = json.dumps(render_json(spa3))
    assert "table.filter(" in data
    assert "mirror commit" in data  # the rates' exact vintage stays for analysts


def test_units_are_plural_and_numbers_have_separators(spa3: ProgressReport) -> None:
    text = render_text(spa3)
    assert "210 events" in text
    assert "1,401 persons" in text
    assert re.search(r"\b(?:[02-9]|\d{2,}) (?:event|person|office)\b(?!s)", text) is None
    assert "12,042,358,000 MMK" in text


def test_display_rounds_and_the_json_stays_exact() -> None:
    exact = "315068493.1506849315068493151"
    report = ProgressReport(
        title="T",
        plan="P",
        areas=[
            AreaSection(
                number=1,
                targets=[TargetRow(target="t", target_value=exact, achieved="12.3456")],
            )
        ],
    )
    for rendered in (render_text(report), render_markdown(report), render_html(report)):
        assert exact not in rendered
        assert "315,068,493" in rendered
        assert "12.35" in rendered
    assert render_json(report)["data"]["areas"][0]["targets"][0]["target_value"] == exact


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15))
def test_display_number_is_within_half_a_unit_of_the_last_place(value: Decimal) -> None:
    shown = display_number(value)
    back = Decimal(shown.replace(",", ""))
    places = -back.as_tuple().exponent  # type: ignore[operator]
    assert abs(back - value) <= Decimal(1).scaleb(-places) / 2
    assert places <= 2


def test_compensation_is_other_money_not_a_budget(spa3: ProgressReport) -> None:
    budget_ids = {line.figure for b in spa3.budgets for line in b.lines}
    other_ids = {line.figure for b in spa3.other_money for line in b.lines}
    assert "KHM.cs.compensation.saudi_arabia" in other_ids
    assert not budget_ids & other_ids
    text = render_text(spa3)
    heading = text.index("Other money (not budgets)")
    assert text.index("2,400 SAR") > heading or text.count("2,400 SAR") > 1
    assert text.index("2,400 SAR", heading) > heading


# -- safe in every format ----------------------------------------------------------------------

HOSTILE = (
    "# Forged heading\n## another",
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "[click](javascript:alert(3)) ![x](http://evil/x.png)",
    "\x1b[2J\x1b]0;pwned\x07\x1b[31mred\x1b[0m",
    "| a | b |\n|---|---|",
    "1. forged list",
    "> forged quote",
    "$\\frac{1}{2}$ and $x^2$",
    "\u202eevil\u202c",
)


def _hostile_report(text: str) -> ProgressReport:
    return ProgressReport(
        title=text,
        plan="SPA III",
        plan_title=text,
        summary=Summary(about=[text]),
        areas=[
            AreaSection(
                number=1,
                title=text,
                objectives=[text],
                figures=[
                    Figure(
                        id="x",
                        indicator="i",
                        indicator_name=text,
                        description=text,
                        country="KHM",
                        country_name=text,
                        value=Decimal(1),
                        unit="event",
                        as_written=text,
                        flags=[FlagNote(code="odd", note=text)],
                    )
                ],
            )
        ],
    )


_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _controls(text: str) -> list[str]:
    """Control characters and bidirectional overrides (joiners and soft hyphens are text)."""
    return [c for c in text if c != "\n" and (unicodedata.category(c) == "Cc" or c in _BIDI)]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_stays_text_in_every_format(hostile: str) -> None:
    from commit_mef.reports._summarise import quality_notes

    report = _hostile_report(hostile)
    report = ProgressReport(
        **{**{f: getattr(report, f) for f in ("title", "plan", "plan_title", "summary")},
           "areas": report.areas, "quality_notes": quality_notes(report.areas)}
    )  # fmt: skip
    markdown = render_markdown(report)
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert all(line.startswith(("# ", "## ", "### ", "#### ")) for line in headings)
    assert len(headings) == len(re.findall(r"^#{1,4} ", markdown, re.M))
    assert sum(line.startswith("# ") for line in headings) == 1
    assert "<script" not in markdown
    assert "<img" not in markdown
    assert re.search(r"(?<!\\)\]\(javascript:", markdown) is None
    assert not any(re.match(r"\d+\. forged|> forged", line) for line in markdown.splitlines())
    html = render_html(report, charts=False)
    assert "<script" not in html
    assert "<img" not in html
    text = render_text(report)
    assert _controls(text) == []
    assert "\x1b" not in markdown
    assert "\x1b" not in html


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(str.strip))
def test_no_text_reaches_a_terminal_as_control_or_markdown_as_html(hostile: str) -> None:
    report = _hostile_report(hostile)
    assert _controls(render_text(report)) == []
    markdown = render_markdown(report)
    assert "<" not in markdown.replace("&lt;", "")


# -- charts isolated from the user's matplotlib configuration -----------------------------------

_HOSTILE_RC = textwrap.dedent(
    """\
    backend: no_such_backend
    text.usetex: True
    font.size: 40
    axes.prop_cycle: cycler('color', ['ff00ff'])
    svg.fonttype: path
    axes.facecolor: black
    this is not a setting at all
    """
)

_DRAW = textwrap.dedent(
    """\
    import hashlib, sys
    from commit_mef import datasets
    from commit_mef.reports import charts, progress_report
    data = datasets.spa3_report()
    report = progress_report(data.plan, data.observations, indicators=data.indicators)
    drawn = charts(report)
    print(sorted(drawn))
    print(hashlib.sha256(b"".join(drawn[k] for k in sorted(drawn))).hexdigest())
    """
)


def test_a_hostile_matplotlibrc_in_the_working_folder_changes_nothing(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    clean, hostile = tmp_path / "clean", tmp_path / "hostile"
    clean.mkdir()
    hostile.mkdir()
    (hostile / "matplotlibrc").write_text(_HOSTILE_RC, encoding="utf-8")
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {"PYTHONPATH": src, "PATH": "/usr/bin:/bin", "MPLCONFIGDIR": str(tmp_path / "mpl")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", _DRAW],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        for cwd in (clean, hostile)
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
    assert runs[0].stdout == runs[1].stdout
    assert "['budget', 'trained']" in runs[0].stdout


def test_tex_markup_in_names_is_drawn_as_written() -> None:
    pytest.importorskip("matplotlib")
    from commit_mef.reports import charts

    report = ProgressReport(
        title="T",
        plan="P",
        summary=Summary(
            budget=BudgetSummary(
                period="2011-2014",
                countries=[
                    CountryMoney(country="KHM", country_name="$\\frac{1}{2}$ land",
                                 converted=Decimal(1000)),
                    CountryMoney(country="CHN", country_name="China", converted=Decimal(10**7)),
                ],
            )
        ),
    )  # fmt: skip
    svg = charts(report)["budget"].decode()
    assert "$\\frac{1}{2}$ land" in svg


# -- the JSON report keeps its schema --------------------------------------------------------


def test_the_json_report_is_extended_not_changed(spa3: ProgressReport) -> None:
    from commit_mef import io

    data = render_json(spa3)
    assert data["version"] == 1
    body = data["data"]
    assert body["summary"]["budget"]["total"] == "56223866.98"
    assert body["summary"]["budget"]["left_out"] == ["Myanmar"]
    assert body["other_money"][0]["lines"][0]["currency"] == "SAR"
    assert body["generated"] == spa3.generated
    # a document written before the summary existed still reads back
    old = {k: v for k, v in body.items() if k not in {"summary", "other_money", "quality_notes",
                                                        "generated", "version"}}  # fmt: skip
    for area in old["areas"]:
        for total in area["totals"]:
            total.pop("hint")
    back = io.loads(json.dumps({**data, "data": old}))
    assert isinstance(back, ProgressReport)
    assert back.summary == Summary()
    assert back.figure_count == spa3.figure_count


def test_budget_figures_that_are_plain_numbers_do_not_break_the_summary() -> None:
    from commit_mef.indicators import Indicator
    from commit_mef.observations import Observation, ObservationTable
    from commit_mef.periods import Period
    from commit_mef.rates import RateTable
    from commit_mef.reports._money import budget_summary

    indicator = Indicator(id="budget.allocation", name="Budget", kind="count", unit="event")
    table = ObservationTable.from_rows(
        [Observation(indicator="budget.allocation", country="KHM", period=2012,
                     value=Decimal(5), unit="event")]
    )  # fmt: skip
    summary = budget_summary(
        table, {indicator.id: indicator}, over=Period.years(2011, 2014), rates=RateTable.wdi()
    )
    assert summary is None


def test_a_chart_caption_names_no_country_left_out_when_every_budget_converted(
    spa3: ProgressReport,
) -> None:
    """Only Myanmar is left out of SPA III's total; without it the caption says nothing is."""
    import attrs

    from commit_mef.reports._charts import captions

    assert "Not shown: Myanmar (not converted)." in captions(spa3)["budget"][1]
    budget = spa3.summary.budget
    assert budget is not None
    everything = attrs.evolve(
        spa3, summary=attrs.evolve(spa3.summary, budget=attrs.evolve(budget, left_out=()))
    )
    assert "Not shown" not in captions(everything)["budget"][1]
