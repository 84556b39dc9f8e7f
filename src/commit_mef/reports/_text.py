"""Plain-text rendering of a progress report: aligned tables that fit a given width."""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence

from commit_mef.reports._model import (
    AreaSection,
    BudgetLine,
    Figure,
    FlagNote,
    ProgressReport,
    Total,
    format_number,
)

__all__ = ["columns", "render", "table", "table_blocks"]

_GAP = "  "


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes: wide (CJK) characters two, marks none.

    Thai, Khmer, Lao and Burmese vowel and tone marks sit on their letter; Chinese
    characters take two columns.  Country names in those scripts line up by this.

    Examples:
        >>> columns("Lao PDR"), columns("ไทย"), columns("中国"), columns("ສາທາລະນະລັດ")
        (7, 3, 4, 10)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - columns(text))
    return fill + text if right else text + fill


def _fit(natural: list[int], minimum: list[int], room: int) -> list[int]:
    widths = list(natural)
    for floor in (minimum, [1] * len(minimum)):  # numbers wrap only as a last resort
        while sum(widths) > room:
            # shrink the widest column that can still shrink
            candidates = [i for i, w in enumerate(widths) if w > floor[i]]
            if not candidates:
                break
            i = max(candidates, key=lambda k: widths[k])
            widths[i] -= 1
    return widths


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int = 100,
    indent: str = "",
    right: Sequence[int] = (),
) -> list[str]:
    r"""Lay out rows as an aligned table no wider than ``width``; long cells wrap.

    Examples:
        >>> print("\n".join(table(["a", "bb"], [["1", "22"], ["333", "4"]], right=[1])))
        a    bb
        ---  --
        1    22
        333   4
    """
    head, blocks = table_blocks(headers, rows, width=width, indent=indent, right=right)
    return [*head, *(line for block in blocks for line in block)]


def table_blocks(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int = 100,
    indent: str = "",
    right: Sequence[int] = (),
) -> tuple[list[str], list[list[str]]]:
    """Like :func:`table`, but return the header lines and one block of lines per row."""
    ncols = len(headers)
    natural = [max([columns(headers[i]), *(columns(r[i]) for r in rows)]) for i in range(ncols)]
    longest_word = [
        max([columns(w) for r in rows for w in r[i].split()] or [1]) for i in range(ncols)
    ]
    minimum = [
        natural[i] if i in right else max(len(headers[i]), min(longest_word[i], 24), 3)
        for i in range(ncols)
    ]
    room = width - len(indent) - len(_GAP) * (ncols - 1)
    widths = _fit(natural, minimum, room)

    def lay(cells: Sequence[str]) -> list[str]:
        wrapped = [_wrap_cell(cell, widths[i]) for i, cell in enumerate(cells)]
        height = max(len(w) for w in wrapped)
        out = []
        for k in range(height):
            parts = []
            for i, lines in enumerate(wrapped):
                piece = lines[k] if k < len(lines) else ""
                parts.append(_pad(piece, widths[i], right=i in right))
            out.append((indent + _GAP.join(parts)).rstrip())
        return out

    head = [*lay(headers), (indent + _GAP.join("-" * w for w in widths)).rstrip()]
    return head, [lay(row) for row in rows]


_ODD_SPACE = frozenset("\t\n\x0b\x0c\r")


def _wrap_cell(cell: str, width: int) -> list[str]:
    """A table cell's lines: what :func:`textwrap.wrap` gives, ``[""]`` for none.

    A cell that already fits on one line, with no whitespace to rewrite or drop, is
    its own line; it skips textwrap, which most cells of a report would pass through
    unchanged.
    """
    if 0 < columns(cell) <= width and not cell[-1].isspace() and _ODD_SPACE.isdisjoint(cell):
        return [cell]
    return textwrap.wrap(cell, width, break_long_words=True, break_on_hyphens=False) or [""]


def _wrap(text: str, width: int, indent: str, subsequent: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width,
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _heading(text: str, char: str, width: int = 100) -> list[str]:
    lines = _wrap(text, width, "")
    return [*lines, char * min(max(len(line) for line in lines), width)]


def _flag_lines(flags: Sequence[FlagNote], width: int, indent: str) -> list[str]:
    lines: list[str] = []
    for flag in flags:
        lines += _wrap(f"! {flag}", width, indent, indent + "  ")
    return lines


def _figures(figures: Sequence[Figure], width: int) -> list[str]:
    headers = ["country", "figure", "period", "value", "as written"]
    rows = [
        [
            f.country_name or f.country,
            f.description,
            f.period_text,
            f.value_text,
            f.as_written or "",
        ]
        for f in figures
    ]
    head, blocks = table_blocks(headers, rows, width=width, indent="  ", right=[3])
    out = head
    for figure, block in zip(figures, blocks, strict=True):
        out += block
        out += _flag_lines(figure.flags, width, "      ")
    return out


def _total_line(total: Total, width: int) -> list[str]:
    if total.value is None:
        return _wrap(f"Regional total: {total.text}", width, "  ", "    ")
    how = f" ({total.note})" if total.note else ""
    return _wrap(f"Regional total: {total.text}{how}", width, "  ", "    ")


def _area(area: AreaSection, width: int) -> list[str]:
    lines = ["", *_heading(area.heading, "-", width)]
    if area.objectives:
        lines.append("Objectives:")
        for objective in area.objectives:
            lines += _wrap(objective, width, "  - ", "    ")
    lines += ["", f"Figures reported: {len(area.figures)}"]
    for name, figures, total in area.groups():
        lines += ["", *_wrap(f"{name} ({len(figures)})", width, "")]
        lines += _figures(figures, width)
        if total is not None:
            lines += _total_line(total, width)
    lines += ["", "Targets:"]
    if area.targets:
        rows = [
            [t.country, t.label, t.target_value, t.achieved or "", t.shown_status, t.basis]
            for t in area.targets
        ]
        lines += table(
            ["country", "target", "aim", "achieved", "status", "paced by"],
            rows,
            width=width,
            indent="  ",
        )
        for t in area.targets:
            if t.trajectory:
                lines += _wrap(f"{t.target} timeline: {t.trajectory_text()}", width, "  ", "    ")
    else:
        lines += _wrap(area.targets_note or "The plan sets no targets for this area.", width, "  ")
    return lines


def _budget_line_notes(line: BudgetLine, width: int) -> list[str]:
    indent = "      "
    out: list[str] = []
    for label, text in line.notes():
        out += _wrap(f"{label}: {text}", width, indent, indent + "  ")
    out += _flag_lines(line.flags, width, indent)
    return out


def _stated(line: BudgetLine) -> str:
    if line.stated is None:
        return ""
    if line.stated_currency == line.to:
        return format_number(line.stated)
    return line.stated_text


def _budgets(report: ProgressReport, width: int) -> list[str]:
    lines = ["", *_heading(f"Budgets in local currency and {report.currency}", "=", width)]
    if report.rates_source:
        lines += _wrap(f"Exchange rates: {report.rates_source}", width, "")
    if not report.budgets:
        lines.append("No budget figures reported.")
    headers = ["figure", "period, basis", "local", report.currency, "stated"]
    for budget in report.budgets:
        lines += ["", *_heading(budget.country_name or budget.country, "-", width)]
        rows = [
            [
                b.figure,
                f"{b.period or 'not stated'} {b.basis}",
                b.local_text,
                "n/a" if b.converted is None else format_number(b.converted),
                _stated(b),
            ]
            for b in budget.lines
        ]
        head, blocks = table_blocks(headers, rows, width=width, indent="  ", right=[2, 3, 4])
        out = head
        for line, block in zip(budget.lines, blocks, strict=True):
            out += block
            out += _budget_line_notes(line, width)
        lines += out
    return lines


def render(report: ProgressReport, *, width: int = 100) -> str:
    """Render the report as text no wider than ``width`` columns."""
    lines = _heading(report.title, "=", width)
    plan = f"Plan: {report.plan}"
    if report.plan_title:
        plan += f" - {report.plan_title}"
    if report.period:
        plan += f" ({report.period})"
    lines += _wrap(plan, width, "")
    if report.source:
        lines += _wrap(f"Source: {report.source}", width, "")
    if report.countries:
        lines += _wrap(f"Countries: {', '.join(report.countries)}", width, "")
    lines.append(f"Figures: {report.figure_count}")
    for warning in report.warnings:
        lines += _wrap(f"Warning: {warning}", width, "", "  ")
    for note in report.notes:
        lines += _wrap(f"Note: {note}", width, "", "  ")
    for area in report.areas:
        lines += _area(area, width)
    lines += _budgets(report, width)
    return "\n".join(lines) + "\n"
