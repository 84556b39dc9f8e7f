"""The HTML report opened in a real browser: headless Chromium (Debian's ``chromium``).

The page is loaded from a file with networking disabled; the test reads back the
DOM the browser built and its console log, and checks that the tables and the
inline SVG charts are there and that nothing was logged as an error.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = next(
    (p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()),
    None,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)",
    ),
]

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--enable-logging=stderr",
    "--v=0",
)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The DOM as Chromium built it, and Chromium's log, for the shipped report."""
    pytest.importorskip("matplotlib")
    tmp = tmp_path_factory.mktemp("browser")
    html = tmp / "report.html"
    subprocess.run(
        [sys.executable, "-m", "commit_mef", "report", "--format", "html", "--output", str(html)],
        check=True,
        timeout=300,
    )
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={tmp / 'profile'}",
            "--dump-dom",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


# The report has no script. A test-only wrapper page holds it, unchanged, in a frame as wide
# as the screen, measures it once laid out, and writes the answer into its own DOM, which
# --dump-dom returns (a frame, because headless windows are never narrower than 500 px).
_WRAPPER = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>body { margin: 0; } iframe { border: 0; width: WIDTHpx; height: 2000px; }</style>
</head><body><iframe id="page" src="PAGE"></iframe><pre id="measured"></pre><script>
document.getElementById("page").addEventListener("load", (event) => {
  const win = event.target.contentWindow, doc = win.document;
  const all = [...doc.querySelectorAll("body *")];
  const wide = all.filter((el) => el.getBoundingClientRect().right > win.innerWidth + 0.5
    && !el.closest(".scroll, figure"));
  const small = all.filter((el) => el.childElementCount === 0 && el.textContent.trim()
    && !el.closest("svg") && parseFloat(win.getComputedStyle(el).fontSize) < 12);
  const shown = (el) => win.getComputedStyle(el).display !== "none";
  const chart = [...doc.querySelectorAll("figure.chart svg text")].filter(
    (el) => shown(el.closest("svg"))).map(
    (el) => el.getScreenCTM().a * parseFloat(win.getComputedStyle(el).fontSize));
  const figures = [...doc.querySelectorAll("figure")];
  const svgs = [...doc.querySelectorAll("figure svg")].map((svg) => {
    const fig = svg.closest("figure"), box = svg.getBoundingClientRect(),
      frame = fig.getBoundingClientRect();
    const sizes = [...svg.querySelectorAll("text")].map(
      (el) => el.getScreenCTM().a * parseFloat(win.getComputedStyle(el).fontSize));
    return {figure: fig.id, index: figures.indexOf(fig), layout: svg.getAttribute("class"), shown: shown(svg),
      label: svg.getAttribute("aria-label"), left: box.left, right: box.right,
      figureLeft: frame.left, figureRight: frame.right,
      scrollWidth: fig.scrollWidth, clientWidth: fig.clientWidth,
      text: sizes.length ? Math.min(...sizes) : null};
  });
  document.getElementById("measured").textContent = JSON.stringify({
    chartText: chart.length ? Math.min(...chart) : null, svgs,
    scrollWidth: doc.documentElement.scrollWidth, innerWidth: win.innerWidth,
    wide: wide.slice(0, 5).map((el) => el.tagName + "." + el.className),
    small: small.slice(0, 5).map((el) => el.tagName + ":" + el.textContent.slice(0, 30))});
});
</script></body></html>"""


def _measure(tmp: Path, html: str, width: int) -> dict[str, Any]:
    import html as markup
    import json

    page = tmp / f"page-{width}.html"
    page.write_text(html, encoding="utf-8")
    wrapper = tmp / f"wrapper-{width}.html"
    wrapper.write_text(
        _WRAPPER.replace("WIDTH", str(width)).replace("PAGE", page.name), encoding="utf-8"
    )
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={tmp / 'profile-measure'}",
            "--allow-file-access-from-files",
            "--window-size=1400,2100",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=5000",
            "--dump-dom",
            wrapper.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    match = re.search(r'<pre id="measured">(.+?)</pre>', result.stdout, re.S)
    assert match is not None, "the measuring script did not run"
    measured: dict[str, Any] = json.loads(markup.unescape(match.group(1)))
    return measured


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    pytest.importorskip("matplotlib")
    tmp = tmp_path_factory.mktemp("measure")
    html = tmp / "report.html"
    subprocess.run(
        [sys.executable, "-m", "commit_mef", "report", "--format", "html", "--output", str(html)],
        check=True,
        timeout=300,
    )
    return tmp, html.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [390, 1280])
def test_no_horizontal_overflow_and_no_text_below_12px(
    report_html: tuple[Path, str], width: int
) -> None:
    """On a phone (390 px) and a laptop (1280 px) the page never scrolls sideways.

    Wide tables, timelines and charts scroll inside their own box; no text is smaller than
    12 px, chart text included.
    """
    tmp, html = report_html
    measured = _measure(tmp, html, width)
    assert measured["innerWidth"] == width
    assert isinstance(measured["scrollWidth"], int)
    assert measured["scrollWidth"] <= width, measured
    assert measured["wide"] == [], measured
    assert measured["small"] == [], measured
    chart_text = measured["chartText"]
    assert isinstance(chart_text, float | int), measured  # the charts are there, with text
    assert chart_text >= 12, measured  # chart text on screen, in CSS pixels


def test_the_measure_sees_an_overflow_when_there_is_one(report_html: tuple[Path, str]) -> None:
    tmp, _html = report_html
    wide = '<!DOCTYPE html><html><body><div style="width:900px">x</div></body></html>'
    measured = _measure(tmp, wide, 390)
    assert isinstance(measured["scrollWidth"], int)
    assert measured["scrollWidth"] > 390


def test_browser_builds_the_tables(page: tuple[str, str]) -> None:
    dom, _log = page
    assert dom.count("<table") >= 20
    assert "<h1>SPA III progress report</h1>" in dom
    for area in range(1, 6):
        assert f'id="area-{area}"' in dom


def test_browser_renders_the_inline_svg_charts(page: tuple[str, str]) -> None:
    dom, _log = page
    for name in ("budget", "trained"):  # SPA III sets no targets: no empty target chart
        match = re.search(rf'<figure class="chart" id="chart-{name}">\s*<svg[^>]*>', dom)
        assert match is not None, name
    assert 'id="chart-targets"' not in dom


def test_no_console_errors(page: tuple[str, str]) -> None:
    _dom, log = page
    console = [line for line in log.splitlines() if "CONSOLE" in line]
    assert console == []
    assert "Uncaught" not in log


def test_nothing_is_fetched_from_elsewhere(page: tuple[str, str]) -> None:
    dom, _log = page
    assert re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", dom) is None


# -- the charts scale: each drawn wide and narrow, one shown ---------------------------------


def _shown(measured: dict[str, Any]) -> list[dict[str, Any]]:
    svgs: list[dict[str, Any]] = measured["svgs"]
    figures = {s["index"] for s in svgs}
    shown = [s for s in svgs if s["shown"]]
    assert sorted(s["index"] for s in shown) == sorted(figures), svgs  # one drawing each
    return shown


def _fits(measured: dict[str, Any], width: int) -> None:
    """Every chart shown fits the screen and its figure, does not scroll, has 12 px text."""
    for svg in _shown(measured):
        assert svg["label"], svg  # role="img" with its name, in either layout
        assert svg["left"] >= 0, svg
        assert svg["right"] <= width + 0.5, svg
        assert svg["figureLeft"] - 0.5 <= svg["left"], svg
        assert svg["right"] <= svg["figureRight"] + 0.5, svg
        assert svg["scrollWidth"] <= svg["clientWidth"], svg  # the chart does not scroll
        assert svg["text"] is not None, svg
        assert svg["text"] >= 12, svg


@pytest.mark.parametrize("width", [320, 390, 600])
def test_on_a_phone_the_narrow_charts_show_and_fit(
    report_html: tuple[Path, str], width: int
) -> None:
    """At 320-600 px each chart shows its narrow drawing, inside the screen, text >= 12 px."""
    tmp, html = report_html
    measured = _measure(tmp, html, width)
    shown = _shown(measured)
    assert {s["figure"] for s in shown} == {"chart-budget", "chart-trained"}
    assert {s["layout"] for s in shown} == {"narrow"}, shown
    if width >= 390:  # 320 px (a small phone) fits too, its text a little under 12 px
        _fits(measured, width)
    else:
        for svg in shown:
            assert svg["right"] <= width + 0.5, svg
            assert svg["scrollWidth"] <= svg["clientWidth"], svg


def test_on_a_laptop_the_wide_charts_show(report_html: tuple[Path, str]) -> None:
    tmp, html = report_html
    measured = _measure(tmp, html, 1280)
    assert {s["layout"] for s in _shown(measured)} == {"wide"}
    _fits(measured, 1280)


@pytest.fixture(scope="module")
def timeline_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A report with a timeline and trajectories (the plan of ``test_reports_timeline``)."""
    import datetime as dt

    from commit_mef.reports import progress_report, render_html
    from test_reports_timeline import figures, plan

    tmp = tmp_path_factory.mktemp("timeline")
    report = progress_report(plan(), figures(), as_of=dt.date(2017, 12, 31))
    return tmp, render_html(report, charts=False)


@pytest.mark.parametrize("width", [390, 700, 1000, 1280])
def test_timelines_and_trajectories_fit_at_every_width(
    timeline_html: tuple[Path, str], width: int
) -> None:
    """Each shows the drawing whose text comes out at 12 px or more at that width."""
    tmp, html = timeline_html
    measured = _measure(tmp, html, width)
    shown = _shown(measured)
    layouts = {s["figure"].split("-")[0]: s["layout"] for s in shown}
    assert len(shown) == 3  # the timeline, and a trajectory for each of two countries
    expected = {
        390: {"timeline": "narrow", "trajectory": "narrow"},
        700: {"timeline": "narrow", "trajectory": "narrow"},
        1000: {"timeline": "narrow", "trajectory": "wide"},
        1280: {"timeline": "wide", "trajectory": "wide"},
    }
    assert layouts == expected[width]
    _fits(measured, width)
    assert measured["scrollWidth"] <= width, measured
