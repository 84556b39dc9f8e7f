"""Progress reports: a report model built once, rendered as text, Markdown, HTML or JSON.

:func:`progress_report` turns a plan, its indicators, an observation table and a
rate table into a :class:`ProgressReport`: per area the objectives, every figure
reported per country (value as written and exact, its flags beside it), regional
totals where the indicator allows them, targets with status where the plan has
targets; and a budget section per country in local currency and US$ with the
rates used and every stated-equivalent finding.  The renderers
(:func:`render_text`, :func:`render_markdown`, :func:`render_html`,
:func:`render_json`) all read that one model, so they carry the same numbers.

Examples:
    >>> report = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
    >>> render_text(report).splitlines()[0]
    'Demo'
    >>> render_json(report)["plan"]["code"]
    'SPA III'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from commit_mef._validators import check_path, check_type
from commit_mef.reports._build import progress_report
from commit_mef.reports._json import REPORT_SCHEMA as _SCHEMA
from commit_mef.reports._json_types import (
    AreaJSON,
    BudgetJSON,
    BudgetLineJSON,
    FigureJSON,
    FlagJSON,
    PlanJSON,
    RateJSON,
    ReportJSON,
    TargetJSON,
    TotalJSON,
)
from commit_mef.reports._model import (
    AreaSection,
    BudgetLine,
    CountryBudget,
    Figure,
    FlagNote,
    ProgressReport,
    RateUsed,
    TargetRow,
    Total,
)

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "FORMATS",
    "REPORT_SCHEMA",
    "AreaJSON",
    "AreaSection",
    "BudgetJSON",
    "BudgetLine",
    "BudgetLineJSON",
    "CountryBudget",
    "Figure",
    "FigureJSON",
    "FlagJSON",
    "FlagNote",
    "PlanJSON",
    "ProgressReport",
    "RateJSON",
    "RateUsed",
    "ReportJSON",
    "TargetJSON",
    "TargetRow",
    "Total",
    "TotalJSON",
    "charts",
    "progress_report",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "write_charts",
]

#: The JSON Schema (draft 2020-12) of :func:`render_json`'s output, the JSON progress report.
REPORT_SCHEMA: dict[str, Any] = _SCHEMA

#: The output formats :func:`render` knows, in the order the command line lists them.
FORMATS: tuple[str, ...] = ("text", "markdown", "html", "json")


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


def render_json(report: ProgressReport) -> ReportJSON:
    """The report as JSON-ready data following :data:`REPORT_SCHEMA`, typed as :class:`ReportJSON`.

    Exact numbers are decimal strings (``"149000000"``), never floats.

    Examples:
        >>> r = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
        >>> data = render_json(r)
        >>> data["format"], data["plan"]["period"]
        ('commit-mef/progress-report', '2011-2014')
    """
    check_type(report, ProgressReport, "render_json()")
    from commit_mef.reports._json import to_json

    return to_json(report)


def render(report: ProgressReport, fmt: str = "text") -> str:
    """Render a report in one of :data:`FORMATS`, as a string.

    Args:
        report: The report model.
        fmt: ``"text"``, ``"markdown"``, ``"html"`` or ``"json"``.

    Raises:
        ValidationError: An unknown format.

    Examples:
        >>> r = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
        >>> render(r, "json").startswith("{")
        True
        >>> render(r, "pdf")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: format: unknown format 'pdf'; use one of text, markdown, html, json
    """
    check_type(report, ProgressReport, "render()")
    if fmt == "text":
        return render_text(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    if fmt == "json":
        return json.dumps(render_json(report), indent=2, ensure_ascii=False) + "\n"
    from commit_mef.errors import ValidationError

    raise ValidationError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", path="format")


def charts(report: ProgressReport, *, fmt: str = "svg") -> dict[str, bytes]:
    """Draw the report's charts with matplotlib (the ``plot`` extra).

    The charts are: budget per country in US$ over the plan period
    (``budget``), people trained per area and country (``trained``) and target
    status per area (``targets``).  SVG output is deterministic (no date, a
    fixed hash salt), so the same report gives the same bytes.

    Args:
        report: The report model.
        fmt: ``"svg"`` or ``"png"``.

    Returns:
        Chart name -> file contents.

    Raises:
        ImportError: matplotlib is not installed (``pip install 'commit-mef[plot]'``).
        ValidationError: An unknown format.

    Examples:
        >>> r = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
        >>> sorted(charts(r))
        ['budget', 'targets', 'trained']
    """
    check_type(report, ProgressReport, "charts()")
    from commit_mef.reports._charts import draw

    return draw(report, fmt=fmt)


def write_charts(
    report: ProgressReport, directory: str | Path, *, formats: Sequence[str] = ("svg", "png")
) -> list[Path]:
    """Write the report's charts into ``directory`` as ``NAME.svg`` and ``NAME.png``.

    Returns:
        The paths written.

    Examples:
        >>> import tempfile
        >>> r = ProgressReport(title="Demo", plan="SPA III", plan_title="Plan", period="2011-2014")
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     sorted(p.name for p in write_charts(r, tmp))[:2]
        ['budget.png', 'budget.svg']
    """
    check_type(report, ProgressReport, "write_charts()")
    check_path(directory, "write_charts(directory=)")
    from pathlib import Path

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        for name, data in charts(report, fmt=fmt).items():
            path = out / f"{name}.{fmt}"
            path.write_bytes(data)
            written.append(path)
    return written
