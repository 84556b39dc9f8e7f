"""Markdown rendering of a progress report (GitHub-flavoured pipe tables).

Every text that comes from a plan or from figures goes through :func:`text`, which
escapes Markdown and HTML: a title cannot forge a heading, a description cannot
inject raw HTML or a link.  The order is the text report's: summary, detail, notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from commit_mef.reports._model import AreaSection, CountryBudget, ProgressReport
from commit_mef.reports._summarise import plain_source
from commit_mef.reports._summary import display_number
from commit_mef.reports._text import safe

__all__ = ["cell", "render", "text"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# what starts a block at the start of a line: a heading, a quote, a list item, a setext rule
_LINE_START = re.compile(r"^([#>]|[-+=](?=\s|$)|\d+[.)](?=\s|$))")


def text(value: object) -> str:
    r"""Escape text for Markdown: markup characters escaped, HTML as entities, one line.

    Examples:
        >>> text("# Area <b>1</b> *x* [link](http://x)")
        '\\# Area &lt;b&gt;1&lt;/b&gt; \\*x\\* \\[link\\](http://x)'
        >>> text("a\nb")
        'a b'
    """
    plain = " ".join(safe(str(value)).split())
    plain = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _SPECIAL.sub(r"\\\1", plain)
    return _LINE_START.sub(lambda m: m[1][:-1] + "\\" + m[1][-1], escaped)


def cell(value: str) -> str:
    r"""Escape text for a pipe-table cell (as :func:`text`: pipes, markup and HTML).

    Examples:
        >>> cell("a | b\nc")
        'a \\| b c'
    """
    return text(value)


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> list[str]:
    aligns = ["---:" if i in right else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "|".join(aligns) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _refs(report: ProgressReport, figure: str) -> str:
    return ", ".join(map(str, report.notes_of(figure)))


def _area(report: ProgressReport, area: AreaSection) -> list[str]:
    lines = ["", f"### {text(area.heading)}", ""]
    if area.objectives:
        lines += ["Objectives:", ""]
        lines += [f"- {text(o)}" for o in area.objectives]
        lines.append("")
    lines.append(f"Figures reported: {len(area.figures)}")
    for name, figures, total in area.groups():
        lines += ["", f"#### {text(name)} ({len(figures)})", ""]
        rows = [
            [
                f.country_name or f.country,
                f.description,
                f.period_text,
                f.value_text,
                f.as_written or "",
                _refs(report, f.id),
            ]
            for f in figures
        ]
        lines += _table(["country", "figure", "period", "value", "as written", "notes"], rows, [3])
        if total is not None:
            how = f" ({text(total.note)})" if total.value is not None and total.note else ""
            lines += ["", f"Regional total: **{text(total.text)}**{how}"]
    if area.targets:
        rows = [
            [
                t.country,
                t.label,
                display_number(t.target_value),
                display_number(t.achieved or ""),
                t.shown_status,
                t.basis,
            ]
            for t in area.targets
        ]
        lines += ["", "#### Targets", ""]
        lines += _table(["country", "target", "aim", "achieved", "status", "paced by"], rows)
        paced = [t for t in area.targets if t.trajectory]
        if paced:
            lines.append("")
            lines += [f"- {text(t.target)} timeline: {text(t.trajectory_text())}" for t in paced]
    return lines


def _money(report: ProgressReport, budget: CountryBudget) -> list[str]:
    lines = [f"### {text(budget.country_name or budget.country)}", ""]
    rows = []
    for b in budget.lines:
        notes = "; ".join(
            f"{label}: {plain_source(value)}" for label, value in b.notes() if label != "recipient"
        )
        refs = _refs(report, b.figure)
        rows.append(
            [
                b.recipient or "",
                b.period or "not stated",
                b.basis.replace("-", " "),
                b.local_text,
                b.converted_text,
                b.stated_text,
                notes + (f" (notes {refs})" if refs else ""),
            ]
        )
    lines += _table(
        ["recipient", "period", "basis", "local", report.currency, "stated", "notes"],
        rows,
        [3, 4, 5],
    )
    return [*lines, ""]


def _summary(report: ProgressReport) -> list[str]:
    summary = report.summary
    lines = ["", "## Summary", ""]
    for h in summary.headlines:
        if h.area is None and not h.matrix:
            continue
        lines += [f"**{text(h.heading)}**", ""]
        lines += [f"- {text(line)}" for line in h.lines]
        lines.append("")
        m = h.matrix
        if m is not None and m.countries:
            rows = [[c, *row] for c, row in zip(m.countries, m.cells, strict=True)]
            lines += [*_table(["country", *m.milestones], rows), ""]
    b = summary.budget
    if b is not None:
        lines += [f"**Budgets over {text(b.period)}**", ""]
        rows = [
            [
                c.country_name or c.country,
                c.covered,
                f"{display_number(c.local)} {c.currency}" if c.local is not None else "",
                display_number(c.converted) if c.converted is not None else "not converted",
            ]
            for c in b.countries
        ]
        if b.total is not None:
            rows.append(["Regional total", b.period, "", display_number(b.total)])
        lines += _table(["country", "years covered", "local currency", b.currency], rows, [2, 3])
        lines += [""] + [f"- {text(c.country_name)}: {text(c.note)}" for c in b.countries if c.note]
        lines.append("")
    lines += ["**Targets**", ""] + [f"- {text(line)}" for line in summary.targets]
    return lines


def render(report: ProgressReport) -> str:
    """Render the report as Markdown: summary, detail tables, notes on the data."""
    lines = [f"# {text(report.title)}", ""]
    lines += [text(line) + "  " for line in report.summary.about or (report.plan,)]
    if report.warnings:
        lines.append("")
        lines += [f"> **Warning:** {text(w)}" for w in report.warnings]
    lines += _summary(report)
    lines += ["", "## Detail"]
    for area in report.areas:
        lines += _area(report, area)
    lines += ["", f"## Budgets in local currency and {text(report.currency)}", ""]
    if report.rates_source:
        lines += [f"Exchange rates: {text(plain_source(report.rates_source))}", ""]
    if not report.budgets:
        lines.append("No budget figures reported.")
    for budget in report.budgets:
        lines += _money(report, budget)
    if report.other_money:
        lines += ["", "## Other money (not budgets)", ""]
        lines += ["Money that is not a government allocation; never added to the budgets.", ""]
        for budget in report.other_money:
            lines += _money(report, budget)
    if report.quality_notes:
        lines += ["", "## Notes on the data", ""]
        lines += ["Each note is written once; the detail tables refer to it by number.", ""]
        for note in report.quality_notes:
            concerns = "; ".join(text(label) for label in note.labels)
            lines.append(
                f"{note.number}\\. **{text(note.title)}** ({text(note.severity)}): "
                f"{text(note.note)} *Concerns:* {concerns}"
            )
            lines.append("")
    stamp = [f"Made on {report.generated}" if report.generated else ""]
    stamp.append(f"commit\\_mef {text(report.version)}" if report.version else "")
    if any(stamp):
        lines += ["", "; ".join(p for p in stamp if p) + "."]
    return "\n".join(lines).rstrip("\n") + "\n"
