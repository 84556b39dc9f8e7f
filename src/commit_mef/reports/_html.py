"""HTML rendering of a progress report: one self-contained file.

Inline CSS, inline SVG charts (when matplotlib is installed), no scripts and no
external assets, so the file can be mailed or archived and opens offline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from commit_mef.reports import _draw
from commit_mef.reports._model import AreaSection, BudgetLine, FlagNote, ProgressReport

__all__ = ["PLOT_HINT", "render"]

#: What the page says when matplotlib is missing.
PLOT_HINT = "Charts need matplotlib: pip install 'commit-mef[plot]'"

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222;
       line-height: 1.4; padding: 0 1em; }
h1 { border-bottom: 2px solid #345; }
h2 { border-bottom: 1px solid #999; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; vertical-align: top; text-align: left; }
th { background: #eef2f5; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.flag { font-size: 0.88em; color: #7a4b00; margin: 0.1em 0; }
.flag.info { color: #555; }
.finding { color: #9b1c1c; }
.note { color: #555; font-style: italic; }
.warning { color: #8a1c1c; font-weight: bold; border-left: 4px solid #c0392b; padding-left: 0.5em; }
figure { margin: 1em 0; }
figure svg { max-width: 100%; height: auto; }
figure.timeline, figure.trajectory { overflow-x: auto; }
figure.timeline svg { min-width: 860px; width: 100%; }
figure.trajectory svg { min-width: 520px; width: 100%; max-width: 640px; }
figcaption { font-size: 0.9em; color: #555; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=False)


def _attr(text: object) -> str:
    return escape(str(text), quote=True)


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[int] = (),
    cls: str = "",
) -> list[str]:
    """Rows are already-escaped HTML fragments."""
    out = [f'<table class="{cls}">' if cls else "<table>", "<thead><tr>"]
    out += [f"<th>{_e(h)}</th>" for h in headers]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return out


def _flags(flags: Sequence[FlagNote]) -> str:
    return "".join(
        f'<div class="flag {_attr(f.severity)}"><b>{_e(f.code)}</b> ({_e(f.severity)}): '
        f"{_e(f.note)}</div>"
        for f in flags
    )


def _area(area: AreaSection) -> list[str]:
    anchor = f"area-{area.number}" if area.number is not None else "area-other"
    out = [f'<section id="{anchor}">', f"<h2>{_e(area.heading)}</h2>"]
    if area.objectives:
        out.append("<p>Objectives:</p><ul>")
        out += [f"<li>{_e(o)}</li>" for o in area.objectives]
        out.append("</ul>")
    out.append(f"<p>Figures reported: {len(area.figures)}</p>")
    for name, figures, total in area.groups():
        out.append(f"<h3>{_e(name)} ({len(figures)})</h3>")
        rows = [
            [
                _e(f.country_name or f.country),
                _e(f.description) + _flags(f.flags),
                _e(f.period_text),
                _e(f.value_text),
                _e(f.as_written or ""),
            ]
            for f in figures
        ]
        out += _table(
            ["country", "figure", "period", "value", "as written"],
            rows,
            numeric=[3],
            cls="figures",
        )
        if total is not None:
            if total.value is None:
                out.append(f'<p class="total note">Regional total: {_e(total.text)}</p>')
            else:
                how = f" ({_e(total.note)})" if total.note else ""
                out.append(f'<p class="total">Regional total: <b>{_e(total.text)}</b>{how}</p>')
    out.append("<h3>Targets</h3>")
    if area.targets:
        rows = [
            [
                _e(t.country),
                _e(t.label),
                _e(t.target_value),
                _e(t.achieved or ""),
                _e(t.shown_status),
                _e(t.basis),
            ]
            for t in area.targets
        ]
        out += _table(
            ["country", "target", "aim", "achieved", "status", "paced by"], rows, cls="targets"
        )
    else:
        note = area.targets_note or "The plan sets no targets for this area."
        out.append(f'<p class="note">{_e(note)}</p>')
    out += _trajectories(area)
    if area.timeline is not None:
        out.append("<h3>Timeline</h3>")
        out.append(f'<figure class="timeline" id="timeline-{_attr(area.number)}">')
        out.append(_draw.svg(_draw.timeline_shapes(area.timeline)).rstrip("\n"))
        out.append(
            "<figcaption>Targets (span, interim values, due date) and activities (planned and "
            "actual) on the plan's time axis; hover for details.</figcaption></figure>"
        )
    out.append("</section>")
    return out


def _trajectories(area: AreaSection) -> list[str]:
    out = []
    for row in area.targets:
        if not row.trajectory:
            continue
        out.append(f'<figure class="trajectory" id="trajectory-{_attr(row.target)}">')
        title = f"{row.target}: interim targets and achieved"
        out.append(_draw.svg(_draw.trajectory_shapes(title, row.trajectory)).rstrip("\n"))
        out.append(
            f"<figcaption>{_e(row.label)}: interim targets against what was achieved by the end "
            f"of each period (paced by its {_e(row.basis or 'timeline')}).</figcaption></figure>"
        )
    if out:
        out.insert(0, "<h3>Trajectories</h3>")
    return out


def _notes(line: BudgetLine) -> str:
    parts = [
        f'<div class="finding"><b>{label}</b>: {_e(text)}</div>'
        if label in line.PROBLEM_LABELS
        else f"<div>{label}: {_e(text)}</div>"
        for label, text in line.notes()
    ]
    return "".join(parts) + _flags(line.flags)


_SVG_START = re.compile(r"^.*?(<svg\b)", re.S)


def _inline_svg(data: bytes, label: str) -> str:
    text = data.decode("utf-8")
    text = _SVG_START.sub(r"\1", text, count=1)  # drop the XML prolog and doctype
    return text.replace("<svg ", f'<svg role="img" aria-label="{_attr(label)}" ', 1)


_CHART_TITLES = {
    "budget": "Budget per country in US$ per year over the plan period",
    "trained": "People trained per area and country",
    "targets": "Target status per area",
}


def _charts(report: ProgressReport) -> list[str]:
    out = ['<section id="charts">', "<h2>Charts</h2>"]
    try:
        from commit_mef.reports._charts import draw

        drawn = draw(report, fmt="svg")
    except ImportError:
        out.append(f'<p class="note">{_e(PLOT_HINT)}</p></section>')
        return out
    for name, data in drawn.items():
        title = _CHART_TITLES.get(name, name)
        out.append(f'<figure id="chart-{name}">')
        out.append(_inline_svg(data, title))
        out.append(f"<figcaption>{_e(title)}</figcaption></figure>")
    out.append("</section>")
    return out


def render(report: ProgressReport, *, charts: bool = True) -> str:
    """Render the report as a self-contained HTML page."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(report.title)}</h1>",
    ]
    plan = f"<b>Plan:</b> {_e(report.plan)}"
    if report.plan_title:
        plan += f" - {_e(report.plan_title)}"
    if report.period:
        plan += f" ({_e(report.period)})"
    meta = [plan]
    if report.source:
        meta.append(f"<b>Source:</b> {_e(report.source)}")
    if report.countries:
        meta.append(f"<b>Countries:</b> {_e(', '.join(report.countries))}")
    meta.append(f"<b>Figures:</b> {report.figure_count}")
    out.append("<p>" + "<br>".join(meta) + "</p>")
    out += [f'<p class="warning">Warning: {_e(w)}</p>' for w in report.warnings]
    out += [f'<p class="note">Note: {_e(n)}</p>' for n in report.notes]
    for area in report.areas:
        out += _area(area)
    out.append('<section id="budgets">')
    out.append(f"<h2>Budgets in local currency and {_e(report.currency)}</h2>")
    if report.rates_source:
        out.append(f"<p>Exchange rates: {_e(report.rates_source)}</p>")
    if not report.budgets:
        out.append("<p>No budget figures reported.</p>")
    for budget in report.budgets:
        out.append(f"<h3>{_e(budget.country_name or budget.country)}</h3>")
        rows = [
            [
                _e(b.figure),
                _e(b.period or "not stated"),
                _e(b.basis),
                _e(b.local_text),
                _e(b.converted_text),
                _e(b.stated_text),
                _notes(b),
            ]
            for b in budget.lines
        ]
        out += _table(
            ["figure", "period", "basis", "local", report.currency, "stated", "notes"],
            rows,
            numeric=[3, 4, 5],
            cls="budgets",
        )
    out.append("</section>")
    if charts:
        out += _charts(report)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
