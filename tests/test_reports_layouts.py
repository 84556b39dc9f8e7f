"""Every chart in two layouts, wide and narrow (for a phone), and the HTML that shows one.

Pins what the browser test (``test_html_browser.py``) measures, without a browser: both
drawings are in the page, each an image with its name; the style sheet hides the narrow
one unless the screen is narrow, and never on paper; the two say the same thing (the same
names, values, notes and hover texts); narrow text is never under 12 units, and narrow
drawings are no wider than a phone's box.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given, settings

from commit_mef import datasets
from commit_mef.errors import ValidationError
from commit_mef.reports import (
    ProgressReport,
    TargetRow,
    TimelineChart,
    TrajectoryPoint,
    charts,
    draw_timeline,
    draw_trajectory,
    process_timeline,
    progress_report,
    render_html,
)
from commit_mef.reports._html_css import CSS
from commit_mef.reports._summary import display_number
from commit_mef.testing import target_rows, timeline_charts

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def spa3() -> ProgressReport:
    data = datasets.spa3_report()
    return progress_report(data.plan, data.observations, indicators=data.indicators)


def _parse(svg: bytes | str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def _texts(root: ET.Element) -> list[str]:
    return [(t.text or "").strip() for t in root.iter(f"{SVG}text")]


def _sizes(root: ET.Element) -> list[float]:
    """Every text's size: the ``font-size`` attribute or matplotlib's ``font-size`` style."""
    out = []
    for t in root.iter(f"{SVG}text"):
        size = t.get("font-size") or re.search(r"font-size: ([\d.]+)px", t.get("style", ""))
        assert size is not None, ET.tostring(t)
        out.append(float(size if isinstance(size, str) else size.group(1)))
    return out


def _width(root: ET.Element) -> float:
    return float(root.get("viewBox", "").split()[2])


def _figures(html: str) -> dict[str, list[str]]:
    """Each figure's SVG start tags, in order."""
    found = re.findall(r'<figure class="(\w+)" id="([^"]+)">(.*?)</figure>', html, re.S)
    return {f"{kind}/{ident}/{n}": re.findall(r"<svg\b[^>]*>", body)
            for n, (kind, ident, body) in enumerate(found)}  # fmt: skip


def _rule(selector: str, text: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", text)
    assert match is not None, selector
    return match.group(1)


def _media(query: str) -> str:
    start = CSS.index(f"@media {query}")
    return CSS[start : CSS.index("\n}\n", start)]


# -- the HTML ----------------------------------------------------------------------------------


def test_each_chart_is_in_the_page_wide_then_narrow_each_an_image_with_its_name(
    spa3: ProgressReport,
) -> None:
    pytest.importorskip("matplotlib")
    figures = _figures(render_html(spa3))
    assert [key.split("/")[1] for key in figures] == ["chart-budget", "chart-trained"]
    for key, svgs in figures.items():
        assert [re.search(r'class="(\w+)"', s).group(1) for s in svgs] == ["wide", "narrow"], key  # type: ignore[union-attr]
        labels = [re.search(r'aria-label="([^"]+)"', s) for s in svgs]
        assert all('role="img"' in s for s in svgs), key
        assert labels[0] is not None
        assert labels[1] is not None
        assert labels[0].group(1) == labels[1].group(1)


def test_timelines_and_trajectories_come_in_both_layouts_too() -> None:
    from test_reports_timeline import figures, plan

    report = progress_report(plan(), figures(), as_of=dt.date(2017, 12, 31))
    shown = _figures(render_html(report, charts=False))
    kinds = Counter(key.split("/")[0] for key in shown)
    assert kinds == {"trajectory": 2, "timeline": 1}
    for svgs in shown.values():
        assert [re.search(r'class="(\w+)"', s).group(1) for s in svgs] == ["wide", "narrow"]  # type: ignore[union-attr]
        assert all('role="img"' in s and "aria-label=" in s for s in svgs)


def test_ids_stay_unique_with_two_drawings_of_each_chart(spa3: ProgressReport) -> None:
    pytest.importorskip("matplotlib")
    html = render_html(spa3)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', html):
        assert ref in ids, ref  # every clip path and marker a chart uses is its own


def test_the_style_sheet_shows_the_narrow_drawing_only_on_a_narrow_screen() -> None:
    assert "display: none" in _rule("figure svg.narrow", CSS)
    for kind, width in (("chart", 600), ("trajectory", 720), ("timeline", 1060)):
        narrow = _media(f"screen and (max-width: {width}px)")
        assert "display: none" in _rule(f"figure.{kind} svg.wide", narrow), kind
        assert "display: block" in _rule(f"figure.{kind} svg.narrow", narrow), kind
    assert "min-width" not in CSS.split("@media print")[0].split("figure {")[1]  # none scroll
    assert "svg.narrow" not in _media("print")  # paper keeps the wide drawing
    assert "width: 100%" in _rule("figure svg", CSS)
    assert "height: auto" in _rule("figure svg", CSS)


def test_each_breakpoint_leaves_the_wide_drawing_room_for_12_px_text(spa3: ProgressReport) -> None:
    """Just above a breakpoint, the box (less a 15 px scrollbar and 2 rem padding) holds it."""
    pytest.importorskip("matplotlib")
    wide = _width(_parse(charts(spa3)["budget"]))
    timeline = _width(_parse(draw_timeline(process_timeline())))
    for width, drawing in ((600, wide), (1060, timeline), (720, 640.0)):
        assert width + 1 - 15 - 32 >= drawing


# -- the matplotlib charts ---------------------------------------------------------------------


def test_the_narrow_charts_say_what_the_wide_ones_say(spa3: ProgressReport) -> None:
    pytest.importorskip("matplotlib")
    wide, narrow = charts(spa3), charts(spa3, layout="narrow")
    assert list(wide) == list(narrow) == ["budget", "trained"]
    budget = spa3.summary.budget
    assert budget is not None
    for layout in (wide, narrow):
        text = " ".join(" ".join(_texts(_parse(layout["budget"]))).split())
        for country in budget.countries:
            if country.converted is not None:
                assert country.country_name in text
                assert display_number(country.converted) in text
        assert "Not shown: Myanmar (not converted; see the table)." in text
        assert "log scale" in text
        trained = " ".join(" ".join(_texts(_parse(layout["trained"]))).split())
        assert "Area 3: Cambodia" in trained
        assert "Not shown: Area 1, Area 2 (the figures cannot be added up)." in trained


def test_the_narrow_charts_use_the_same_colour_per_country(spa3: ProgressReport) -> None:
    pytest.importorskip("matplotlib")
    from commit_mef.reports import COUNTRY_COLOURS

    def fills(svg: bytes) -> list[str]:
        found = re.findall(r"fill: (#[0-9a-f]{6})", svg.decode())
        return [f.upper() for f in found if f.upper() in COUNTRY_COLOURS.values()]

    for name in ("budget", "trained"):
        assert fills(charts(spa3)[name]) == fills(charts(spa3, layout="narrow")[name])
        assert fills(charts(spa3)[name])


def test_narrow_charts_fit_a_phone_with_text_of_12_or_more(spa3: ProgressReport) -> None:
    pytest.importorskip("matplotlib")
    for name, svg in charts(spa3, layout="narrow").items():
        root = _parse(svg)
        assert _width(root) <= 360, name  # a 390 px phone gives a chart 359 px or more
        assert min(_sizes(root)) >= 12, name
        assert charts(spa3, layout="narrow")[name] == svg  # deterministic
    for name, svg in charts(spa3).items():
        assert min(_sizes(_parse(svg))) >= 12, name


def test_the_narrow_target_chart_puts_its_legend_under_the_bars() -> None:
    pytest.importorskip("matplotlib")
    from test_reports_timeline import figures, plan

    report = progress_report(plan(), figures(), as_of=dt.date(2017, 12, 31))
    root = _parse(charts(report, layout="narrow")["targets"])
    texts = {t.text: t for t in root.iter(f"{SVG}text")}
    assert {"achieved", "off track"} <= set(texts)

    def y(text: ET.Element) -> float:
        at = text.get("y") or re.search(r"translate\([\d.]+ ([\d.]+)\)", text.get("transform", ""))
        return float(at if isinstance(at, str) else at.group(1))  # type: ignore[union-attr]

    assert y(texts["achieved"]) > y(texts["targets"])  # the legend is below the axis label


@pytest.mark.parametrize("call", [charts, draw_timeline, draw_trajectory])
def test_an_unknown_layout_is_refused_naming_the_choices(call: object) -> None:
    args = {
        charts: ProgressReport(title="T", plan="P"),
        draw_timeline: process_timeline(),
        draw_trajectory: TargetRow(
            target="t", trajectory=[TrajectoryPoint(period="2016", target=Decimal(1))]),
    }  # fmt: skip
    with pytest.raises(ValidationError, match="'wide' or 'narrow'") as info:
        call(args[call], layout="phone")  # type: ignore[operator, index]
    assert info.value.path == "layout"


# -- timelines and trajectories ----------------------------------------------------------------


def _titles(root: ET.Element) -> Counter[str]:
    return Counter(t.text or "" for t in root.iter(f"{SVG}title"))


@settings(max_examples=25)
@given(timeline_charts())
def test_any_narrow_timeline_says_what_the_wide_one_says_and_fits_a_phone(
    chart: TimelineChart,
) -> None:
    wide, narrow = _parse(draw_timeline(chart)), _parse(draw_timeline(chart, layout="narrow"))
    assert _titles(narrow) == _titles(wide)  # every lane, bar and mark, with its hover text
    assert _width(narrow) <= 344
    assert min(_sizes(narrow)) >= 12
    assert min(_sizes(wide)) >= 12
    labels = [t for t in narrow.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert len(labels) == len(chart.lanes)
    for shape in narrow.iter():
        for attr in ("x", "x1", "x2", "cx"):
            if shape.get(attr) is not None and shape.tag != f"{SVG}text":
                assert -8 <= float(shape.get(attr, "0")) <= 344 + 8, ET.tostring(shape)


@settings(max_examples=20)
@given(target_rows().filter(lambda r: bool(r.trajectory)))
def test_any_narrow_trajectory_says_what_the_wide_one_says(row: TargetRow) -> None:
    wide, narrow = _parse(draw_trajectory(row)), _parse(draw_trajectory(row, layout="narrow"))
    assert _titles(narrow) == _titles(wide)
    assert _width(narrow) <= 344
    assert min(_sizes(narrow)) >= 12
    assert min(_sizes(wide)) >= 12


def test_the_narrow_process_timeline_stacks_each_label_above_its_bars() -> None:
    root = _parse(draw_timeline(process_timeline(), layout="narrow"))
    label = next(
        t for t in root.iter(f"{SVG}text") if t.findtext(f"{SVG}title", "").startswith("SPA III")
    )
    assert "".join(label.itertext()).endswith("Plan of Action III")  # fits, whole
    bar = next(
        r for r in root.iter(f"{SVG}rect")
        if (r.findtext(f"{SVG}title") or "").startswith("SPA III")
    )  # fmt: skip
    assert float(bar.get("y", "0")) > float(label.get("y", "0"))  # under its label
    assert float(bar.get("x", "0")) < 200  # and on the full width, not beside a label column
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert legend.count("Senior Officials' Meeting") == 1  # one legend entry per kind
