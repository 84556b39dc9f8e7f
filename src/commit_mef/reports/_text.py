"""Plain-text rendering of a progress report: aligned tables that fit a given width."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Sequence

from commit_mef.reports._model import (
    AreaSection,
    BudgetLine,
    CountryBudget,
    Figure,
    ProgressReport,
    Total,
    format_number,
)
from commit_mef.reports._summarise import plain_source
from commit_mef.reports._summary import Summary, display_number

__all__ = ["columns", "render", "safe", "table", "table_blocks"]

_GAP = "  "

# terminal control: CSI and OSC escape sequences, then any other C0/C1 control
# character and the bidirectional overrides that reorder what a terminal shows
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    r"""Text with terminal control sequences removed, so plan or figure text cannot drive a terminal.

    Tabs become spaces; newlines stay; escape sequences (colours, cursor moves, window
    titles), other control characters and bidirectional overrides are dropped.

    Examples:
        >>> safe("\x1b[31mred\x1b[0m\tok\x07\u202e!")
        'red ok!'
    """
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\t", " ")))


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
        category = unicodedata.category(char)
        if unicodedata.combining(char) or category in ("Mn", "Me", "Cf"):
            continue
        wide = category != "Cn" and unicodedata.east_asian_width(char) in ("W", "F")
        width += 2 if wide else 1  # an unassigned code point: one column, as terminals show it
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
    lines = textwrap.wrap(cell, width, break_long_words=True, break_on_hyphens=False) or [""]
    if all(columns(line) <= width for line in lines):
        return lines
    return [piece for line in lines for piece in _by_columns(line, width)]  # wide characters


def _by_columns(line: str, width: int) -> list[str]:
    """``line`` cut into pieces of at most ``width`` terminal columns (textwrap counts characters)."""
    pieces, current = [], ""
    for char in line:
        if current and columns(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current]


def _wrap(text: str, width: int, indent: str, subsequent: str | None = None) -> list[str]:
    later = indent if subsequent is None else subsequent
    lines = textwrap.wrap(
        text, width, initial_indent=indent, subsequent_indent=later, break_on_hyphens=False
    ) or [indent.rstrip()]
    if all(columns(line) <= width for line in lines):
        return lines
    out: list[str] = []  # wide characters: textwrap counted characters, not columns
    for line in lines:
        first, *rest = _by_columns(line, width)
        out += [first, *(later + p for p in _by_columns("".join(rest), width - len(later)) if p)]
    return out


def _heading(text: str, char: str, width: int = 100) -> list[str]:
    lines = _wrap(text, width, "")
    return [*lines, char * min(max(len(line) for line in lines), width)]


def _notes_ref(numbers: Sequence[int]) -> str:
    return ", ".join(map(str, numbers))


def _figures(report: ProgressReport, figures: Sequence[Figure], width: int) -> list[str]:
    headers = ["country", "figure", "period", "value", "as written", "notes"]
    rows = [
        [
            f.country_name or f.country,
            f.description,
            f.period_text,
            f.value_text,
            f.as_written or "",
            _notes_ref(report.notes_of(f.id)),
        ]
        for f in figures
    ]
    return table(headers, rows, width=width, indent="  ", right=[3])


def _total_line(total: Total, width: int) -> list[str]:
    if total.value is None:
        return _wrap(f"Regional total: {total.text}", width, "  ", "    ")
    how = f" ({total.note})" if total.note else ""
    return _wrap(f"Regional total: {total.text}{how}", width, "  ", "    ")


def _area(report: ProgressReport, area: AreaSection, width: int) -> list[str]:
    lines = ["", *_heading(area.heading, "-", width)]
    if area.objectives:
        lines.append("Objectives:")
        for objective in area.objectives:
            lines += _wrap(objective, width, "  - ", "    ")
    lines += ["", f"Figures reported: {len(area.figures)}"]
    for name, figures, total in area.groups():
        lines += ["", *_wrap(f"{name} ({len(figures)})", width, "")]
        lines += _figures(report, figures, width)
        if total is not None:
            lines += _total_line(total, width)
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
        lines += ["", "Targets:"]
        lines += table(
            ["country", "target", "aim", "achieved", "status", "paced by"],
            rows,
            width=width,
            indent="  ",
        )
        for t in area.targets:
            if t.trajectory:
                lines += _wrap(f"{t.target} timeline: {t.trajectory_text()}", width, "  ", "    ")
    return lines


def _money_lines(report: ProgressReport, budget: CountryBudget, width: int) -> list[str]:
    headers = ["recipient", "period", "basis", "local", report.currency, "stated", "notes"]
    rows = [
        [
            b.recipient or "",
            b.period or "not stated",
            b.basis.replace("-", " "),
            b.local_text,
            "n/a" if b.converted is None else format_number(b.converted),
            _stated(b),
            _notes_ref(report.notes_of(b.figure)),
        ]
        for b in budget.lines
    ]
    head, blocks = table_blocks(headers, rows, width=width, indent="  ", right=[3, 4, 5])
    out = head
    for line, block in zip(budget.lines, blocks, strict=True):
        out += block
        for label, text in line.notes():
            if label != "recipient":
                out += _wrap(f"{label}: {plain_source(text)}", width, "      ", "        ")
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
        lines += _wrap(f"Exchange rates: {plain_source(report.rates_source)}", width, "")
    if not report.budgets:
        lines.append("No budget figures reported.")
    for budget in report.budgets:
        lines += ["", *_heading(budget.country_name or budget.country, "-", width)]
        lines += _money_lines(report, budget, width)
    if report.other_money:
        lines += ["", *_heading("Other money (not budgets)", "=", width)]
        lines += _wrap(
            "Money reported that is not a government allocation, such as compensation awarded "
            "to a victim; it is never added to the budgets.",
            width,
            "",
        )
        for budget in report.other_money:
            lines += ["", *_heading(budget.country_name or budget.country, "-", width)]
            lines += _money_lines(report, budget, width)
    return lines


def _matrix_lines(summary: Summary, width: int) -> list[str]:
    lines: list[str] = []
    for h in summary.headlines:
        m = h.matrix
        if m is None or not m.countries:
            continue
        lines += ["", *_wrap(f"{h.heading}: milestones by country", width, "")]
        lines += table(
            ["country", *m.milestones],
            [[c, *row] for c, row in zip(m.countries, m.cells, strict=True)],
            width=width,
            indent="  ",
        )
    return lines


def _budget_summary(report: ProgressReport, width: int) -> list[str]:
    b = report.summary.budget
    if b is None:
        return []
    lines = ["", *_heading(f"Budgets over {b.period}", "-", width)]
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
    lines += table(
        ["country", "years covered", "local currency", b.currency], rows, width=width,
        indent="  ", right=[2, 3],
    )  # fmt: skip
    for c in b.countries:
        if c.note:
            lines += _wrap(f"{c.country_name}: {c.note}.", width, "  ", "    ")
    return lines


def _headlines(report: ProgressReport, width: int) -> list[str]:
    summary = report.summary
    lines = ["", *_heading("Summary", "-", width)]
    for h in summary.headlines:
        if h.area is None and not h.matrix:
            continue  # results outside the areas: in the detail
        lines.append(h.heading)
        for line in h.lines:
            lines += _wrap(line, width, "  - ", "    ")
    b = summary.budget
    if b is not None:
        money = f"{b.currency} {display_number(b.total)}" if b.total is not None else "no total"
        who = len(b.included)
        text = f"Budgets, {b.period}: {money} from {who} {'country' if who == 1 else 'countries'}"
        if b.left_out:
            text += f" ({', '.join(b.left_out)} not converted; see below)"
        lines += _wrap(text + ".", width, "", "  ")
    for line in summary.targets:
        lines += _wrap(f"Targets: {line}", width, "", "  ")
    return lines


def _appendix(report: ProgressReport, width: int) -> list[str]:
    if not report.quality_notes:
        return []
    lines = ["", *_heading("Notes on the data", "=", width)]
    lines += _wrap("Each note is written once; the detail tables refer to it by number.", width, "")
    for note in report.quality_notes:
        lines += ["", *_wrap(f"{note.number}. {note.title} ({note.severity})", width, "")]
        lines += _wrap(note.note, width, "   ")
        concerns = "; ".join(note.labels)
        n = len(note.labels)
        lines += _wrap(f"Concerns {n} figure{'s' if n != 1 else ''}: {concerns}", width, "   ")
    return lines


def render(report: ProgressReport, *, width: int = 100) -> str:
    """Render the report as text no wider than ``width`` columns: summary, detail, notes."""
    lines = _heading(report.title, "=", width)
    for line in report.summary.about or (f"Plan: {report.plan}",):
        lines += _wrap(line, width, "")
    for warning in report.warnings:
        lines += _wrap(f"Warning: {warning}", width, "", "  ")
    lines += _headlines(report, width)
    lines += _matrix_lines(report.summary, width)
    lines += _budget_summary(report, width)
    lines += ["", *_heading("Detail", "=", width)]
    for area in report.areas:
        lines += _area(report, area, width)
    lines += _budgets(report, width)
    lines += _appendix(report, width)
    footer = [f"Made on {report.generated}" if report.generated else "", report.version]
    if any(footer):
        stamp = "; ".join(p if i == 0 else f"commit_mef {p}" for i, p in enumerate(footer) if p)
        lines += ["", *_wrap(stamp + ".", width, "")]
    return safe("\n".join(lines) + "\n")
