"""Progress reports: a report model built once, rendered as text, Markdown, HTML or JSON.

:func:`progress_report` turns a plan, its indicators, an observation table and a
rate table into a :class:`ProgressReport`: per area the objectives, every figure
reported per country (value as written and exact, its flags beside it), regional
totals where the indicator allows them, targets with status where the plan has
targets; and a budget section per country in local currency and US$ with the
rates used and every stated-equivalent finding.  A figure reaches its area through
the plan (indicator -> target -> objective -> area); only a figure no target measures
falls back on the area its source names, and figures that match nothing in the plan
(another plan's data, an unknown indicator) are listed apart and counted in
:attr:`ProgressReport.warnings`.  National targets get a row per country.  The renderers
(:func:`render_text`, :func:`render_markdown`, :func:`render_html`,
:func:`render_json`) all read that one model, so they carry the same numbers;
:func:`register_format` adds a renderer of your own that :func:`render` and the
command line's ``--format`` then know.  The JSON form is the one
:func:`commit_mef.io.dumps` writes, so :func:`commit_mef.io.loads` reads it back.

A plan is also a document of its own: :func:`plan_document` lays its results framework out
per area (outcome, output, indicator, baseline, target, means of verification, responsible,
assumptions, budget, MoU commitments) with a coverage table of MoU sections against targets,
as a :class:`PlanDocument`; :func:`render_plan_text`, :func:`render_plan_markdown`,
:func:`render_plan_html` and :func:`render_plan_json` (or :func:`render_plan`) write it.

Examples:
    >>> report = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
    >>> render_text(report).splitlines()[0]
    'Demo'
    >>> render_json(report)["data"]["plan"]
    'SPA III'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from commit_mef._registry import Registry
from commit_mef._validators import check_path, check_type
from commit_mef.errors import RegistrationError, ValidationError
from commit_mef.reports._build import progress_report
from commit_mef.reports._labels import label_countries
from commit_mef.reports._model import (
    AreaSection,
    BudgetLine,
    BudgetSummary,
    CountryBudget,
    CountryMoney,
    Figure,
    FlagNote,
    Headline,
    MilestoneMatrix,
    ProgressReport,
    QualityNote,
    RateUsed,
    Summary,
    TargetRow,
    Total,
    TrajectoryPoint,
)
from commit_mef.reports._plan_document import PLAN_FORMATS as _PLAN_FORMATS
from commit_mef.reports._plan_document import (
    CoverageRow,
    FrameworkRow,
    PlanArea,
    PlanDocument,
    plan_document,
    render_plan,
    render_plan_html,
    render_plan_json,
    render_plan_markdown,
    render_plan_text,
)
from commit_mef.reports._timeline import BAR_KINDS as _BAR_KINDS
from commit_mef.reports._timeline import MARK_KINDS as _MARK_KINDS
from commit_mef.reports._timeline import (
    TimelineBar,
    TimelineChart,
    TimelineLane,
    TimelineMark,
    plan_timeline,
    process_timeline,
)

if TYPE_CHECKING:
    from pathlib import Path

    #: The JSON Schema (draft 2020-12) of the JSON progress report: the same as
    #: ``commit_mef.io.json_schema(ProgressReport)``, built on first use.
    REPORT_SCHEMA: dict[str, Any]

__all__ = [
    "BAR_KINDS",
    "COUNTRY_COLOURS",
    "FORMATS",
    "MARK_KINDS",
    "PLAN_FORMATS",
    "REPORT_SCHEMA",
    "AreaSection",
    "BudgetLine",
    "BudgetSummary",
    "CountryBudget",
    "CountryMoney",
    "CoverageRow",
    "Figure",
    "FlagNote",
    "FrameworkRow",
    "Headline",
    "MilestoneMatrix",
    "PlanArea",
    "PlanDocument",
    "ProgressReport",
    "QualityNote",
    "RateUsed",
    "Summary",
    "TargetRow",
    "TimelineBar",
    "TimelineChart",
    "TimelineLane",
    "TimelineMark",
    "Total",
    "TrajectoryPoint",
    "charts",
    "draw_timeline",
    "draw_trajectory",
    "plan_timeline",
    "process_timeline",
    "label_countries",
    "plan_document",
    "progress_report",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_plan",
    "render_plan_html",
    "render_plan_json",
    "render_plan_markdown",
    "render_plan_text",
    "render_text",
    "formats",
    "register_format",
    "unregister_format",
    "write_charts",
]

#: What a :class:`TimelineBar` may show: a plan's period or extension, a target's span, an
#: activity planned, done (actual dates), under way (actual so far) or dropped.
BAR_KINDS: tuple[str, ...] = _BAR_KINDS

#: What a :class:`TimelineMark` may show: a target's deadline, an interim value, an interim
#: value or milestone reached or missed, a Senior Officials' or an Inter-Ministerial Meeting.
MARK_KINDS: tuple[str, ...] = _MARK_KINDS

#: One colour per country in every chart of a report (the Okabe-Ito palette, safe for
#: colour-blind readers), by alpha-3 code; other countries are grey.
COUNTRY_COLOURS: dict[str, str] = {
    "KHM": "#0072B2",
    "CHN": "#D55E00",
    "LAO": "#009E73",
    "MMR": "#CC79A7",
    "THA": "#E69F00",
    "VNM": "#56B4E9",
}
#: The formats :func:`render_plan` (and ``commit-mef plan --format``) writes.
PLAN_FORMATS: tuple[str, ...] = _PLAN_FORMATS

#: The package's own output formats, in the order the command line lists them
#: (:func:`formats` adds the registered ones).
FORMATS: tuple[str, ...] = ("text", "markdown", "html", "json")

#: A renderer: the report model in, the rendered document out, as text.
Renderer = Callable[["ProgressReport"], str]


def render_text(report: ProgressReport, *, width: int = 100) -> str:
    """Render a report as plain text with aligned tables no wider than ``width`` columns.

    Args:
        report: The report model.
        width: The widest line allowed (default 100).

    Returns:
        The text, ending with a newline.

    Examples:
        >>> r = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
        >>> max(len(line) for line in render_text(r).splitlines()) <= 100
        True
    """
    check_type(report, ProgressReport, "render_text()")
    from commit_mef.reports._text import render

    return render(report, width=width)


def render_markdown(report: ProgressReport) -> str:
    """Render a report as Markdown (GitHub-flavoured pipe tables).

    Examples:
        >>> r = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
        >>> render_markdown(r).splitlines()[0]
        '# Demo'
    """
    check_type(report, ProgressReport, "render_markdown()")
    from commit_mef.reports._markdown import render

    return render(report)


def render_html(report: ProgressReport, *, charts: bool = True) -> str:
    """Render a report as one self-contained HTML file (inline CSS, inline SVG charts).

    The file loads nothing from elsewhere.  With matplotlib installed (the
    ``plot`` extra) and ``charts`` true, the charts are embedded as inline SVG;
    without it the page says how to get them.

    Args:
        report: The report model.
        charts: Whether to draw the charts.

    Examples:
        >>> r = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
        >>> html = render_html(r, charts=False)
        >>> html.startswith("<!DOCTYPE html>") and "http://" not in html
        True
    """
    check_type(report, ProgressReport, "render_html()")
    from commit_mef.reports._html import render

    return render(report, charts=charts)


def render_json(report: ProgressReport) -> dict[str, Any]:
    """The report as JSON-ready data: the document :func:`commit_mef.io.dumps` writes.

    One JSON format, not two: the result follows :data:`REPORT_SCHEMA` (which is
    ``io.json_schema(ProgressReport)``), and :func:`commit_mef.io.loads` reads its
    text back into an equal :class:`ProgressReport`.  Exact numbers are decimal
    strings (``"149000000"``), never floats.

    Examples:
        >>> from commit_mef import io
        >>> r = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
        >>> data = render_json(r)
        >>> data["type"], data["data"]["period"]
        ('ProgressReport', '2011-2014')
        >>> io.loads(json.dumps(data)) == r
        True
    """
    check_type(report, ProgressReport, "render_json()")
    from commit_mef import io

    data: dict[str, Any] = json.loads(io.dumps(report))
    return data


def _render_json_text(report: ProgressReport) -> str:
    from commit_mef import io

    return io.dumps(report, indent=2) + "\n"


def _builtin_formats() -> dict[str, Renderer]:
    return {
        "text": render_text,
        "markdown": render_markdown,
        "html": render_html,
        "json": _render_json_text,
    }


_FORMATS: Registry[Renderer] = Registry("report format", _builtin_formats)


def register_format(name: str, renderer: Renderer, *, replace: bool = False) -> None:
    r"""Teach :func:`render` (and ``commit-mef report --format``) a new output format.

    Args:
        name: The format's name (``"csv"``, ``"docx"``): lower-case letters, digits
            and hyphens.
        renderer: Takes a :class:`ProgressReport`, returns the document as text.
        replace: Replace a format already registered (the package's own included);
            without it, that is an error.

    Raises:
        RegistrationError: The name is taken (and ``replace`` is false) or
            malformed, or ``renderer`` is not callable.

    Examples:
        >>> def titles(report: ProgressReport) -> str:
        ...     return "\n".join(area.title for area in report.areas) + "\n"
        >>> register_format("titles", titles)
        >>> "titles" in formats()
        True
        >>> r = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
        >>> render(r, "titles")
        '\n'
        >>> unregister_format("titles") is titles
        True
    """
    import re

    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9-]{0,31}", name):
        raise RegistrationError(
            "a report format is named by lower-case letters, digits and hyphens "
            f"(such as 'docx'), got {name!r}",
            registry=_FORMATS.kind,
            name=str(name),
        )
    if not callable(renderer):
        raise RegistrationError(
            f"the renderer of format {name!r} must be a function of the report returning "
            f"text, got {type(renderer).__name__}",
            registry=_FORMATS.kind,
            name=name,
        )
    _FORMATS.register(name, renderer, replace=replace)


def unregister_format(name: str) -> Renderer:
    """Remove a report format and return its renderer.

    Raises:
        RegistrationError: No such format is registered.

    Examples:
        >>> unregister_format("pdf")
        Traceback (most recent call last):
        ...
        commit_mef.errors.RegistrationError: report format 'pdf' is not registered; registered: html, json, markdown, text
    """
    check_type(name, str, "unregister_format()")
    return _FORMATS.unregister(name)


def formats() -> tuple[str, ...]:
    """Every format :func:`render` knows: the package's own first, then registered ones.

    Examples:
        >>> formats()[:4]
        ('text', 'markdown', 'html', 'json')
    """
    registered = _FORMATS.names()
    return (*(f for f in FORMATS if f in registered), *(f for f in registered if f not in FORMATS))


def render(report: ProgressReport, fmt: str = "text") -> str:
    """Render a report in one of :func:`formats`, as a string.

    Args:
        report: The report model.
        fmt: ``"text"``, ``"markdown"``, ``"html"``, ``"json"`` or a format added
            with :func:`register_format`.

    Raises:
        ValidationError: An unknown format.

    Examples:
        >>> r = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
        >>> render(r, "json").startswith("{")
        True
        >>> render(r, "pdf")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: format: unknown format 'pdf'; use one of text, markdown, html, json, or add it with register_format()
    """
    check_type(report, ProgressReport, "render()")
    renderer = _FORMATS.get(fmt)
    if renderer is None:
        raise ValidationError(
            f"unknown format {fmt!r}; use one of {', '.join(formats())}, "
            "or add it with register_format()",
            path="format",
        )
    return renderer(report)


def __getattr__(name: str) -> dict[str, Any]:
    if name == "REPORT_SCHEMA":
        from commit_mef import io

        schema = globals()["REPORT_SCHEMA"] = io.json_schema(ProgressReport)
        return schema
    raise AttributeError(f"module 'commit_mef.reports' has no attribute {name!r}")


def _check_fmt(fmt: str) -> None:
    if fmt not in {"svg", "png"}:
        from commit_mef.errors import ValidationError

        raise ValidationError(f"unknown drawing format {fmt!r}; use 'svg' or 'png'", path="fmt")


def _check_layout(layout: str) -> None:
    if layout not in {"wide", "narrow"}:
        from commit_mef.errors import ValidationError

        raise ValidationError(
            f"unknown layout {layout!r}; use 'wide' or 'narrow' (drawn for a phone)",
            path="layout",
        )


def draw_timeline(chart: TimelineChart, *, fmt: str = "svg", layout: str = "wide") -> bytes:
    """Draw a timeline: lanes of bars and marks under a time axis, with a legend.

    SVG needs nothing beyond the package and is deterministic (the same chart
    gives the same bytes); every bar and mark carries its label as a tooltip.
    PNG paints the same layout with matplotlib (the ``plot`` extra).

    Args:
        chart: From :func:`plan_timeline`, :func:`process_timeline`, or built by hand.
        fmt: ``"svg"`` or ``"png"``.
        layout: ``"wide"`` (1000 units, the labels in a column left of the time axis) or
            ``"narrow"`` (344 units, for a phone: each label above its bars).  Text is
            12 units or more, so at 12 px or more in a box as wide as the drawing.

    Returns:
        The file's bytes (UTF-8 text for SVG).

    Raises:
        ImportError: PNG without matplotlib (``pip install 'commit-mef[plot]'``).
        ValidationError: An unknown format or layout.

    Examples:
        >>> svg = draw_timeline(process_timeline())
        >>> svg.startswith(b"<svg") and b"SOM" in svg and svg == draw_timeline(process_timeline())
        True
        >>> draw_timeline(process_timeline(), layout="narrow")[:40]
        b'<svg xmlns="http://www.w3.org/2000/svg" '
        >>> b'viewBox="0 0 344 ' in draw_timeline(process_timeline(), layout="narrow")
        True
    """
    check_type(chart, TimelineChart, "draw_timeline()")
    from commit_mef.reports import _draw

    _check_fmt(fmt)
    _check_layout(layout)
    canvas = _draw.timeline_shapes(chart, layout=layout)
    return _draw.png(canvas) if fmt == "png" else _draw.svg(canvas).encode("utf-8")


def draw_trajectory(row: TargetRow, *, fmt: str = "svg", layout: str = "wide") -> bytes:
    """Draw a target's trajectory: its interim targets against what was achieved, per period.

    One line for the interim targets and one for what was achieved (one per
    country for a national target over several), from :attr:`TargetRow.trajectory`.

    Args:
        row: A target row whose target has a timeline.
        fmt: ``"svg"`` or ``"png"`` (the ``plot`` extra).
        layout: ``"wide"`` (640 units, the legend beside the plot) or ``"narrow"`` (344
            units, for a phone: the legend below).  Text is 12 units or more in either.

    Raises:
        ValidationError: The row has no trajectory, or an unknown format or layout.
        ImportError: PNG without matplotlib.

    Examples:
        >>> from decimal import Decimal
        >>> row = TargetRow(target="4.1.a", description="Officials trained", trajectory=[
        ...     TrajectoryPoint(period="2016", target=Decimal(200), achieved=Decimal(210)),
        ...     TrajectoryPoint(period="2017", target=Decimal(500))])
        >>> draw_trajectory(row).count(b"<circle")
        2
        >>> draw_trajectory(row, layout="narrow").count(b"<circle")
        2
    """
    check_type(row, TargetRow, "draw_trajectory()")
    from commit_mef.reports import _draw

    _check_fmt(fmt)
    _check_layout(layout)
    if not row.trajectory:
        from commit_mef.errors import ValidationError

        raise ValidationError(
            f"target {row.target!r} has no trajectory; give its target a timeline of interim "
            "values (Target.timeline)",
            path="TargetRow.trajectory",
        )
    title = f"{row.target}: interim targets and achieved"
    canvas = _draw.trajectory_shapes(title, row.trajectory, layout=layout)
    return _draw.png(canvas) if fmt == "png" else _draw.svg(canvas).encode("utf-8")


def charts(report: ProgressReport, *, fmt: str = "svg", layout: str = "wide") -> dict[str, bytes]:
    """Draw the report's charts with matplotlib (the ``plot`` extra).

    The charts draw what the tables say: each country's budgets over the plan
    period in the reporting currency, as in the summary table, on a log scale
    (``budget``; countries not converted are named on the chart); people trained
    per country in the areas whose figures add up (``trained``); target status per
    area (``targets``).  A chart with nothing to draw is left out (a plan without
    targets gets no target chart).  Each country has one colour in every chart
    (:data:`COUNTRY_COLOURS`, colour-blind safe).
    Drawing ignores the user's matplotlib configuration (a ``matplotlibrc`` in
    the working folder changes nothing) and shows ``$`` in plan text literally.
    SVG output is deterministic (no date, a fixed hash salt), so the same report
    gives the same bytes.

    Args:
        report: The report model.
        fmt: ``"svg"`` or ``"png"``.
        layout: ``"wide"`` (6.4 inches) or ``"narrow"`` (4.8 inches, for a phone: names
            above their bars, fewer ticks, titles and notes wrapped, the legend below; its
            12-point text shows at 12 px or more in a box 346 px wide).  The HTML report
            embeds both and shows the one that fits the screen.

    Returns:
        Chart name -> file contents.

    Raises:
        ImportError: matplotlib is not installed (``pip install 'commit-mef[plot]'``).
        ValidationError: An unknown format or layout.

    Examples:
        >>> sorted(charts(ProgressReport(title="Demo", plan="SPA III")))
        []
        >>> from commit_mef import datasets
        >>> data = datasets.spa3_report()
        >>> report = progress_report(data.plan, data.observations, indicators=data.indicators)
        >>> sorted(charts(report))
        ['budget', 'trained']
        >>> b'viewBox="0 0 345.6 ' in charts(report, layout="narrow")["budget"]
        True
    """
    check_type(report, ProgressReport, "charts()")
    from commit_mef.reports._charts import draw

    return draw(report, fmt=fmt, layout=layout)


def write_charts(
    report: ProgressReport, directory: str | Path, *, formats: Sequence[str] = ("svg", "png")
) -> list[Path]:
    """Write the report's charts into ``directory`` as ``NAME.svg`` and ``NAME.png``.

    Returns:
        The paths written.

    Examples:
        >>> import tempfile
        >>> from commit_mef import datasets
        >>> data = datasets.spa3_report()
        >>> r = progress_report(data.plan, data.observations, indicators=data.indicators)
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     sorted(p.name for p in write_charts(r, tmp))[:2]
        ['budget.png', 'budget.svg']
    """
    check_type(report, ProgressReport, "write_charts()")
    check_path(directory, "write_charts(directory=)")
    from pathlib import Path

    from commit_mef.io._exports import write_atomic

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        for name, data in charts(report, fmt=fmt).items():
            path = out / f"{name}.{fmt}"
            write_atomic(path, data)  # each chart whole or not at all
            written.append(path)
    return written
