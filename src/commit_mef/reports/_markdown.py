"""Markdown rendering of a progress report (GitHub-flavoured pipe tables)."""

from __future__ import annotations

from collections.abc import Sequence

from commit_mef.reports._model import AreaSection, BudgetLine, FlagNote, ProgressReport

__all__ = ["cell", "render"]


def cell(text: str) -> str:
    r"""Escape text for a pipe-table cell.

    Examples:
        >>> cell("a | b\nc")
        'a \\| b c'
    """
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> list[str]:
    aligns = ["---:" if i in right else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "|".join(aligns) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _flags(flags: Sequence[FlagNote]) -> str:
    return "<br>".join(f"**{f.code}** ({f.severity}): {f.note}" for f in flags)


def _area(area: AreaSection) -> list[str]:
    lines = ["", f"## {area.heading}", ""]
    if area.objectives:
        lines.append("Objectives:")
        lines.append("")
        lines += [f"- {cell(o)}" for o in area.objectives]
        lines.append("")
    lines.append(f"Figures reported: {len(area.figures)}")
    for name, figures, total in area.groups():
        lines += ["", f"### {cell(name)} ({len(figures)})", ""]
        rows = [
            [
                f.country_name or f.country,
                f.description,
                f.period_text,
                f.value_text,
                f.as_written or "",
                _flags(f.flags),
            ]
            for f in figures
        ]
        lines += _table(["country", "figure", "period", "value", "as written", "flags"], rows, [3])
        if total is not None:
            how = f" ({cell(total.note)})" if total.value is not None and total.note else ""
            lines += ["", f"Regional total: **{cell(total.text)}**{how}"]
    lines += ["", f"### Targets in area {area.number}" if area.number else "### Targets", ""]
    if area.targets:
        rows = [
            [t.country, t.label, t.target_value, t.achieved or "", t.shown_status, t.basis]
            for t in area.targets
        ]
        lines += _table(["country", "target", "aim", "achieved", "status", "paced by"], rows)
        paced = [t for t in area.targets if t.trajectory]
        if paced:
            lines.append("")
            lines += [f"- {cell(t.target)} timeline: {cell(t.trajectory_text())}" for t in paced]
    else:
        lines.append(cell(area.targets_note or "The plan sets no targets for this area."))
    return lines


def _notes(line: BudgetLine) -> str:
    parts = [
        f"**{label}**: {text}" if label in line.PROBLEM_LABELS else f"{label}: {text}"
        for label, text in line.notes()
    ]
    if line.flags:
        parts.append(_flags(line.flags))
    return "<br>".join(parts)


def render(report: ProgressReport) -> str:
    """Render the report as Markdown."""
    lines = [f"# {report.title}", ""]
    plan = f"**Plan:** {report.plan}"
    if report.plan_title:
        plan += f" - {report.plan_title}"
    if report.period:
        plan += f" ({report.period})"
    lines.append(plan + "  ")
    if report.source:
        lines.append(f"**Source:** {report.source}  ")
    if report.countries:
        lines.append(f"**Countries:** {', '.join(report.countries)}  ")
    lines.append(f"**Figures:** {report.figure_count}")
    if report.warnings or report.notes:
        lines.append("")
        lines += [f"> **Warning:** {cell(w)}" for w in report.warnings]
        lines += [f"> Note: {cell(n)}" for n in report.notes]
    for area in report.areas:
        lines += _area(area)
    lines += ["", f"## Budgets in local currency and {report.currency}", ""]
    if report.rates_source:
        lines += [f"Exchange rates: {report.rates_source}", ""]
    if not report.budgets:
        lines.append("No budget figures reported.")
    for budget in report.budgets:
        lines += [f"### {budget.country_name or budget.country}", ""]
        rows = [
            [
                b.figure,
                b.period or "not stated",
                b.basis,
                b.local_text,
                b.converted_text,
                b.stated_text,
                _notes(b),
            ]
            for b in budget.lines
        ]
        lines += _table(
            ["figure", "period", "basis", "local", report.currency, "stated", "notes"],
            rows,
            [3, 4, 5],
        )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
