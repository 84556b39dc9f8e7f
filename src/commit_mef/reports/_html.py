"""HTML rendering of a progress report: one self-contained file for every screen and for paper.

Inline CSS, inline SVG charts (when matplotlib is installed), no scripts and no
external assets, so the file can be mailed or archived and opens offline.  The
page opens with a table of contents and the summary; the detail and the notes on
the data follow; a footer says when, with which version and from which data it
was made.  Tables scroll inside their box on a phone; every chart is embedded in
its wide and its narrow layout and the style sheet shows the one that fits the
screen (paper gets the wide one); printed, each area starts a page and notes run
the full width of their table.  Every text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from commit_mef.reports import _draw
from commit_mef.reports._html_css import CSS
from commit_mef.reports._model import AreaSection, CountryBudget, ProgressReport
from commit_mef.reports._summarise import plain_source
from commit_mef.reports._summary import Summary, display_number
from commit_mef.reports._text import safe

__all__ = ["LAYOUTS", "PLOT_HINT", "render"]

#: What the page says when matplotlib is missing.
PLOT_HINT = "Charts need matplotlib: pip install 'commit-mef[plot]'"


def _e(text: object) -> str:
    return escape(safe(str(text)), quote=False)


def _attr(text: object) -> str:
    return escape(safe(str(text)), quote=True)


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[int] = (),
    cls: str = "",
    notes: Sequence[str] = (),
) -> list[str]:
    """Rows are already-escaped HTML fragments; ``notes`` (escaped) go under their row."""
    out = ['<div class="scroll">', f'<table class="{cls}">' if cls else "<table>", "<thead><tr>"]
    out += [f'<th scope="col">{_e(h)}</th>' for h in headers]
    out.append("</tr></thead><tbody>")
    for k, row in enumerate(rows):
        cells = "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
        if k < len(notes) and notes[k]:
            out.append(f'<tr class="notes"><td colspan="{len(headers)}">{notes[k]}</td></tr>')
    out += ["</tbody></table>", "</div>"]
    return out


def _refs(report: ProgressReport, figure: str) -> str:
    return ", ".join(f'<a href="#note-{n}">{n}</a>' for n in report.notes_of(figure))


def _anchor(area: AreaSection) -> str:
    return f"area-{area.number}" if area.number is not None else "area-other"


def _area(report: ProgressReport, area: AreaSection) -> list[str]:
    out = [f'<section class="area" id="{_anchor(area)}">', f"<h2>{_e(area.heading)}</h2>"]
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
                _e(f.description),
                _e(f.period_text),
                _e(f.value_text),
                _e(f.as_written or ""),
                _refs(report, f.id),
            ]
            for f in figures
        ]
        out += _table(
            ["country", "figure", "period", "value", "as written", "notes"],
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
    if area.targets:
        out.append("<h3>Targets</h3>")
        rows = [
            [
                _e(t.country),
                _e(t.label),
                _e(display_number(t.target_value)),
                _e(display_number(t.achieved or "")),
                _e(t.shown_status),
                _e(t.basis),
            ]
            for t in area.targets
        ]
        out += _table(
            ["country", "target", "aim", "achieved", "status", "paced by"], rows, cls="targets"
        )
    out += _trajectories(area)
    if area.timeline is not None:
        out.append("<h3>Timeline</h3>")
        out.append(f'<figure class="timeline" id="timeline-{_attr(area.number)}">')
        out += _layouts(
            _draw.svg(_draw.timeline_shapes(area.timeline, layout=layout)).rstrip("\n")
            for layout in LAYOUTS
        )
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
        out += _layouts(
            _draw.svg(_draw.trajectory_shapes(title, row.trajectory, layout=layout)).rstrip("\n")
            for layout in LAYOUTS
        )
        out.append(
            f"<figcaption>{_e(row.label)}: interim targets against what was achieved by the end "
            f"of each period (paced by its {_e(row.basis or 'timeline')}).</figcaption></figure>"
        )
    if out:
        out.insert(0, "<h3>Trajectories</h3>")
    return out


def _money(report: ProgressReport, budget: CountryBudget) -> list[str]:
    out = [f"<h3>{_e(budget.country_name or budget.country)}</h3>"]
    rows, notes = [], []
    for b in budget.lines:
        rows.append(
            [
                _e(b.recipient or ""),
                _e(b.period or "not stated"),
                _e(b.basis.replace("-", " ")),
                _e(b.local_text),
                _e(b.converted_text),
                _e(b.stated_text),
                _refs(report, b.figure),
            ]
        )
        parts = [
            f'<span class="finding"><b>{_e(label)}</b>: {_e(plain_source(text))}</span>'
            if label in b.PROBLEM_LABELS
            else f"<span>{_e(label)}: {_e(plain_source(text))}</span>"
            for label, text in b.notes()
            if label != "recipient"
        ]
        notes.append("<br>".join(parts))
    out += _table(
        ["recipient", "period", "basis", "local", report.currency, "stated", "notes"],
        rows,
        numeric=[3, 4, 5],
        cls="budgets",
        notes=notes,
    )
    return out


_SVG_START = re.compile(r"^.*?(<svg\b)", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_IDS = re.compile(r'(\bid="|href="#|url\(#)')

#: The layouts every chart is drawn in, in the order they are embedded: the wide one for a
#: laptop and for paper, the narrow one for a phone (the style sheet shows one of them).
LAYOUTS = ("wide", "narrow")


def _layouts(svgs: Iterable[str]) -> list[str]:
    """Each layout's SVG, marked with its class so that the style sheet shows one."""
    return [
        svg.replace("<svg ", f'<svg class="{layout}" ', 1)
        for layout, svg in zip(LAYOUTS, svgs, strict=True)
    ]


def _inline_svg(data: bytes, label: str, prefix: str) -> str:
    """A matplotlib SVG inline: no prolog or metadata, its ids prefixed to stay unique."""
    text = data.decode("utf-8")
    text = _SVG_START.sub(r"\1", text, count=1)  # drop the XML prolog and doctype
    text = _METADATA.sub("", text, count=1)
    text = _IDS.sub(lambda m: f"{m.group(1)}{prefix}-", text)
    return text.replace("<svg ", f'<svg role="img" aria-label="{_attr(label)}" ', 1)


def _charts(report: ProgressReport) -> list[str]:
    try:
        from commit_mef.reports._charts import captions, draw

        drawn = {layout: draw(report, fmt="svg", layout=layout) for layout in LAYOUTS}
    except ImportError:
        return [f'<p class="note">{_e(PLOT_HINT)}</p>']
    out = []
    for name in drawn["wide"]:
        title, caption = captions(report)[name]
        out.append(f'<figure class="chart" id="chart-{name}">')
        out += _layouts(
            _inline_svg(drawn[layout][name], title, f"{name}-{layout}") for layout in LAYOUTS
        )
        out.append(f"<figcaption>{_e(caption)}</figcaption></figure>")
    return out


def _matrix(summary: Summary) -> list[str]:
    out = []
    for h in summary.headlines:
        if h.area is None and not h.matrix:
            continue
        out.append(f'<h3><a href="#{"area-other" if h.area is None else f"area-{h.area}"}">'
                   f"{_e(h.heading)}</a></h3>")  # fmt: skip
        out.append("<ul>" + "".join(f"<li>{_e(line)}</li>" for line in h.lines) + "</ul>")
        m = h.matrix
        if m is not None and m.countries:
            rows = [
                [_e(c), *(_e(x) for x in row)] for c, row in zip(m.countries, m.cells, strict=True)
            ]
            out += _table(["country", *m.milestones], rows, cls="matrix")
    return out


def _budget_summary(report: ProgressReport) -> list[str]:
    b = report.summary.budget
    if b is None:
        return []
    out = [f'<h3 id="summary-budgets">Budgets over {_e(b.period)}</h3>']
    rows = [
        [
            _e(c.country_name or c.country),
            _e(c.covered),
            _e(f"{display_number(c.local)} {c.currency}" if c.local is not None else ""),
            _e(display_number(c.converted)) if c.converted is not None else "not converted",
        ]
        for c in b.countries
    ]
    notes = [_e(c.note) for c in b.countries]
    if b.total is not None:
        rows.append(
            ["<b>Regional total</b>", _e(b.period), "", f"<b>{display_number(b.total)}</b>"]
        )
    out += _table(
        ["country", "years covered", "local currency", b.currency],
        rows,
        numeric=[2, 3],
        cls="money",
        notes=notes,
    )
    return out


def _toc(report: ProgressReport) -> list[str]:
    items = ['<li><a href="#summary">Summary</a></li>']
    items += [f'<li><a href="#{_anchor(a)}">{_e(a.heading)}</a></li>' for a in report.areas]
    items.append('<li><a href="#budgets">Budgets</a></li>')
    if report.other_money:
        items.append('<li><a href="#other-money">Other money</a></li>')
    if report.quality_notes:
        items.append('<li><a href="#notes">Notes on the data</a></li>')
    return ['<nav aria-label="Contents"><h2>Contents</h2><ol>', *items, "</ol></nav>"]


def _footer(report: ProgressReport) -> list[str]:
    parts = []
    if report.generated:
        parts.append(f"Made on {_e(report.generated)}")
    if report.version:
        parts.append(f"with commit_mef {_e(report.version)}")
    data = [p for p in (report.source, plain_source(report.rates_source)) if p]
    if data:
        parts.append("from " + _e("; exchange rates: ".join(data)))
    return ["<footer>", "<p>" + ", ".join(parts) + ".</p>", "</footer>"] if parts else []


def _notes(report: ProgressReport) -> list[str]:
    if not report.quality_notes:
        return []
    out = ['<section id="notes">', "<h2>Notes on the data</h2>"]
    out.append("<p>Each note is written once; the detail tables refer to it by number.</p><ol>")
    for note in report.quality_notes:
        labels = "; ".join(_e(label) for label in note.labels)
        n = len(note.labels)
        out.append(
            f'<li id="note-{note.number}" class="{_attr(note.severity)}"><b>{_e(note.title)}</b> '
            f"({_e(note.severity)}): {_e(note.note)} "
            f'<span class="concerns">Concerns {n} figure{"s" if n != 1 else ""}: {labels}</span>'
            "</li>"
        )
    out += ["</ol>", "</section>"]
    return out


def render(report: ProgressReport, *, charts: bool = True) -> str:
    """Render the report as a self-contained HTML page."""
    summary = report.summary
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(report.title)}</h1>",
        *(f"<p>{_e(line)}</p>" for line in summary.about or (report.plan,)),
        *(f'<p class="warning">Warning: {_e(w)}</p>' for w in report.warnings),
        "</header>",
        *_toc(report),
        '<section id="summary">',
        "<h2>Summary</h2>",
        *_matrix(summary),
        *_budget_summary(report),
        "<h3>Targets</h3>",
        *(f"<p>{_e(line)}</p>" for line in summary.targets),
        *(_charts(report) if charts else []),
        "</section>",
    ]
    for area in report.areas:
        out += _area(report, area)
    out.append('<section class="area" id="budgets">')
    out.append(f"<h2>Budgets in local currency and {_e(report.currency)}</h2>")
    if report.rates_source:
        out.append(f"<p>Exchange rates: {_e(plain_source(report.rates_source))}</p>")
    if not report.budgets:
        out.append("<p>No budget figures reported.</p>")
    for budget in report.budgets:
        out += _money(report, budget)
    out.append("</section>")
    if report.other_money:
        out += ['<section id="other-money">', "<h2>Other money (not budgets)</h2>"]
        out.append(
            "<p>Money reported that is not a government allocation, such as compensation "
            "awarded to a victim; it is never added to the budgets.</p>"
        )
        for budget in report.other_money:
            out += _money(report, budget)
        out.append("</section>")
    out += _notes(report)
    out += _footer(report)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
