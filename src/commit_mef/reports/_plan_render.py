"""Rendering the plan document: plain text, Markdown and one self-contained HTML file."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from html import escape

from commit_mef.reports._plan_model import NOT_SET, CoverageRow, FrameworkRow, PlanDocument

__all__ = ["COLUMNS", "render_html", "render_markdown", "render_text"]


def _join(items: Sequence[str], sep: str = "; ") -> str:
    return sep.join(items)


def _baseline(row: FrameworkRow) -> list[str]:
    if not row.baseline:
        return []
    parts = [row.baseline]
    if row.baseline_date:
        parts.append(f"as of {row.baseline_date}")
    parts.append(f"source: {row.baseline_source or NOT_SET}")
    return parts


def _target(row: FrameworkRow) -> list[str]:
    if not row.value and not row.due:
        return []
    parts = [row.value or NOT_SET, row.due or f"due: {NOT_SET}"]
    if row.interim:
        parts.append("interim: " + _join(row.interim))
    return parts


def _indicator(row: FrameworkRow) -> list[str]:
    if not row.indicator:
        return []
    parts = [row.indicator]
    if row.unit:
        parts.append(row.unit)
    if row.disaggregation:
        parts.append("by " + ", ".join(row.disaggregation))
    return parts


#: The framework's columns, in order: a heading and the lines of its cell (empty: not set).
COLUMNS: tuple[tuple[str, Callable[[FrameworkRow], list[str]]], ...] = (
    ("Outcome", lambda r: [r.outcome] if r.outcome else []),
    ("Output", lambda r: [r.output] if r.output else ["(the outcome itself)"]),
    ("Target", lambda r: [t for t in (r.target, r.description, r.countries) if t]),
    ("Indicator", _indicator),
    ("Baseline", _baseline),
    ("Target value and date", _target),
    ("Means of verification", lambda r: list(r.verification)),
    ("Responsible", lambda r: list(r.responsible)),
    ("Assumptions and risks", lambda r: list(r.assumptions)),
    ("Budget", lambda r: list(r.budget)),
    ("MoU commitments", lambda r: list(r.commitments)),
)


def _coverage_cells(row: CoverageRow) -> list[str]:
    return [
        f"{row.section}" + (f": {row.theme}" if row.theme else ""),
        ", ".join(row.areas) or NOT_SET,
        ", ".join(row.targets) or "none",
        "yes" if row.served else "no",
    ]


_COVERAGE = ("MoU section", "Areas mirroring it", "Targets serving it", "Served")


def _facts(doc: PlanDocument) -> list[str]:
    out = [
        f"Plan {doc.plan} ({doc.plan_title}), {doc.period}; adopted on: {doc.adopted or NOT_SET}"
    ]
    if doc.description:
        out.append(doc.description)
    return out


# -- text ----------------------------------------------------------------------------------


def _wrap(text: str, width: int, indent: str) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ") or [
        indent
    ]


def render_text(doc: PlanDocument, *, width: int = 100) -> str:
    """The document as plain text: per area, a block per row with one line per column."""
    lines = [doc.title, "=" * min(len(doc.title), width)]
    for fact in _facts(doc):
        lines += _wrap(fact, width, "")
    lines += [f"Note: {n}" for n in doc.notes]
    for area in doc.areas:
        lines += ["", area.heading, "-" * min(len(area.heading), width)]
        lines.append(f"MoU sections mirrored: {', '.join(area.mou_sections) or NOT_SET}")
        for row in area.rows:
            lines.append("")
            for heading, cell in COLUMNS:
                text = _join(cell(row)) or NOT_SET
                lines += _wrap(f"{heading}: {text}", width, "  ")
    lines += ["", "Coverage of the MoU", "-------------------"]
    for entry in doc.coverage:
        section, areas, targets, served = _coverage_cells(entry)
        lines += _wrap(
            f"{section} | areas: {areas} | targets: {targets} | served: {served}", width, ""
        )
    return "\n".join(lines) + "\n"


# -- Markdown ------------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return out


def render_markdown(doc: PlanDocument) -> str:
    """The document as Markdown: a pipe table per area, and the coverage table."""
    lines = [f"# {_md(doc.title)}", ""]
    lines += [_md(f) for f in _facts(doc)]
    lines += [f"\n> {_md(n)}" for n in doc.notes]
    for area in doc.areas:
        lines += ["", f"## {_md(area.heading)}", ""]
        lines += [f"MoU sections mirrored: {', '.join(area.mou_sections) or NOT_SET}", ""]
        rows = [[_join(cell(r), "<br>") or NOT_SET for _, cell in COLUMNS] for r in area.rows]
        lines += _md_table([h for h, _ in COLUMNS], rows)
    lines += ["", "## Coverage of the MoU", ""]
    lines += _md_table(_COVERAGE, [_coverage_cells(r) for r in doc.coverage])
    return "\n".join(lines) + "\n"


# -- HTML ----------------------------------------------------------------------------------

_CSS = """
* { box-sizing: border-box; }
body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 90em; color: #222;
       line-height: 1.4; padding: 0 1em; }
h1 { border-bottom: 2px solid #345; font-size: 1.6em; }
h2 { border-bottom: 1px solid #999; margin-top: 2em; font-size: 1.25em; }
.scroll { overflow-x: auto; max-width: 100%; border: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; font-size: 0.88em; }
table.framework { min-width: 70em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.45em; vertical-align: top; text-align: left; }
th { background: #eef2f5; position: sticky; top: 0; }
td ul { margin: 0; padding-left: 1.1em; }
.unset { color: #888; font-style: italic; }
.note { border-left: 4px solid #b7791f; padding-left: 0.6em; color: #5a3e00; }
.served-no { color: #9b1c1c; font-weight: bold; }
@media (max-width: 480px) { body { padding: 0 0.5em; } h1 { font-size: 1.3em; } }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { max-width: none; margin: 0; font-size: 9pt; }
  .scroll { overflow: visible; border: 0; }
  table.framework { min-width: 0; }
  th { position: static; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _cell(lines: Sequence[str]) -> str:
    if not lines:
        return f'<span class="unset">{NOT_SET}</span>'
    if len(lines) == 1:
        return _e(lines[0])
    return "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>"


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], cls: str) -> list[str]:
    out = ['<div class="scroll">', f'<table class="{cls}">', "<thead><tr>"]
    out += [f'<th scope="col">{_e(h)}</th>' for h in headers]
    out.append("</tr></thead><tbody>")
    out += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows]
    out += ["</tbody></table>", "</div>"]
    return out


def render_html(doc: PlanDocument) -> str:
    """The document as one self-contained HTML page: inline CSS, no scripts, nothing fetched."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(doc.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(doc.title)}</h1>",
    ]
    out += [f"<p>{_e(f)}</p>" for f in _facts(doc)]
    out += [f'<p class="note">{_e(n)}</p>' for n in doc.notes]
    for area in doc.areas:
        out.append(f"<h2>{_e(area.heading)}</h2>")
        sections = ", ".join(area.mou_sections)
        out.append(f"<p>MoU sections mirrored: {_e(sections) if sections else _cell([])}</p>")
        rows = [[_cell(cell(r)) for _, cell in COLUMNS] for r in area.rows]
        out += _html_table([h for h, _ in COLUMNS], rows, "framework")
    out.append("<h2>Coverage of the MoU</h2>")
    rows = []
    for row in doc.coverage:
        section, areas, targets, served = (_e(c) for c in _coverage_cells(row))
        mark = f'<span class="served-{served}">{served}</span>'
        rows.append([section, areas, targets, mark])
    out += _html_table(_COVERAGE, rows, "coverage")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
