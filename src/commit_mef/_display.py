"""Short reprs and notebook tables: what an object is, its counts and its first rows.

The package's big values (a plan, an observation table, an aggregate, a data set, a
progress report) describe themselves in a few lines at the prompt and as a small HTML
table in Jupyter, instead of dumping every field.  Each builds a :class:`Summary`; its
:meth:`~Summary.text` is the ``repr`` and its :meth:`~Summary.html` the
``_repr_html_``.  Text from outside (plan titles, figure ids) is made printable on one
line, so a repr never moves the terminal's cursor or colours, and it is HTML-escaped in
the table.  The full content stays one call away: :func:`commit_mef.io.dumps`.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Sequence

import attrs

#: How many rows a text repr shows; the HTML table shows :data:`HTML_ROWS`.
TEXT_ROWS = 5
HTML_ROWS = 10
#: The widest a cell (or a title) is shown before it is cut with an ellipsis.
CELL_WIDTH = 40
_TITLE_WIDTH = 80
_LINE_WIDTH = 120


def clean(text: object, width: int = CELL_WIDTH) -> str:
    r"""``text`` as one printable line of at most ``width`` characters.

    Control and format characters are shown as escapes (``\x1b``, ``\u202e``), so a
    hostile title cannot colour the terminal or reorder what follows; a longer text is
    cut with an ellipsis.

    Examples:
        >>> clean("Policy\x1b[31m and\ncooperation")
        'Policy\\x1b[31m and\\ncooperation'
        >>> clean("x" * 50, width=10)
        'xxxxxxxxx…'
    """
    out = "".join(_printable(ch) for ch in str(text))
    return out if len(out) <= width else out[: max(width - 1, 0)] + "…"


def _printable(ch: str) -> str:
    """One character as shown: itself, a plain space for any space, else its escape.

    What is escaped would reach a terminal as a command or reorder the text: controls,
    format characters (bidi overrides, zero-width joiners), line and paragraph
    separators, surrogates, private-use and unassigned code points.
    """
    if ch.isprintable():
        return ch
    if unicodedata.category(ch) == "Zs":
        return " "
    return ch.encode("unicode_escape", "backslashreplace").decode("ascii")


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``"1 area"``, ``"8 areas"``: a count with its noun.

    Examples:
        >>> plural(1, "area"), plural(8, "area"), plural(2, "country", "countries")
        ('1 area', '8 areas', '2 countries')
    """
    word = noun if count == 1 else (nouns or noun + "s")
    return f"{count:,} {word}"


def counts(*items: tuple[int, str] | tuple[int, str, str]) -> str:
    """Counts joined by commas: ``"8 areas, 29 objectives, 0 targets"``.

    Examples:
        >>> counts((8, "area"), (1, "objective"), (3, "country", "countries"))
        '8 areas, 1 objective, 3 countries'
    """
    return ", ".join(plural(*item) for item in items)


def _strs(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _rows(rows: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in rows)


@attrs.frozen(kw_only=True)
class Summary:
    """What an object shows of itself: a heading, a few lines of facts, its first rows.

    Attributes:
        kind: The type's name (``"Plan"``).
        name: What this one is (``"SPA III: COMMIT Sub-Regional Plan of Action III"``).
        lines: Facts, one a line (period, counts).
        header: The column names of the table of first rows.
        rows: The rows to show (at most :data:`HTML_ROWS`; the text shows :data:`TEXT_ROWS`).
        total: How many rows there are in all (``rows`` may be the first of them).
        noun: What a row is (``"area"``), for the "... 3 more areas" line.

    Examples:
        >>> s = Summary(kind="Plan", name="P: a plan", lines=("period 2015",),
        ...             header=("area", "title"), rows=(("1", "<b>Data</b>"),), total=1,
        ...             noun="area")
        >>> print(s.text())
        <Plan P: a plan
          period 2015
          area  title
          1     <b>Data</b>>
        >>> "&lt;b&gt;Data&lt;/b&gt;" in s.html() and "<b>Data" not in s.html()
        True
    """

    kind: str
    name: str = ""
    lines: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    header: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    rows: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_rows)
    total: int = 0
    noun: str = "row"

    def _more(self, shown: int) -> str:
        left = self.total - shown
        return f"… {plural(left, 'more ' + self.noun)}" if left > 0 else ""

    def text(self) -> str:
        """The repr: ``<Kind name`` then the facts and the first rows, indented, then ``>``."""
        first = f"<{self.kind}" + (f" {clean(self.name, _TITLE_WIDTH)}" if self.name else "")
        out = [first, *(f"  {clean(line, _LINE_WIDTH)}" for line in self.lines)]
        rows = [tuple(clean(c) for c in row) for row in self.rows[:TEXT_ROWS]]
        if self.header and rows:
            out.extend(f"  {line}" for line in _aligned((self.header, *rows)))
        more = self._more(len(rows))
        if more:
            out.append(f"  {more}")
        return "\n".join(out) + ">"

    def html(self) -> str:
        """The ``_repr_html_``: the same facts and an escaped table; no script, no styles."""
        esc = html.escape
        parts = [
            '<div class="commit-mef">',
            f"<p><strong>{esc(self.kind)}</strong> {esc(clean(self.name, _TITLE_WIDTH))}</p>",
        ]
        if self.lines:
            items = "".join(f"<li>{esc(clean(line, _LINE_WIDTH))}</li>" for line in self.lines)
            parts.append(f"<ul>{items}</ul>")
        rows = self.rows[:HTML_ROWS]
        if self.header and rows:
            head = "".join(f"<th>{esc(h)}</th>" for h in self.header)
            body = "".join(
                "<tr>" + "".join(f"<td>{esc(clean(c, _TITLE_WIDTH))}</td>" for c in row) + "</tr>"
                for row in rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        more = self._more(len(rows))
        if more:
            parts.append(f"<p>{esc(more)}</p>")
        parts.append("</div>")
        return "".join(parts)


def _aligned(rows: Sequence[Sequence[str]]) -> Iterable[str]:
    """Rows as lines of left-aligned columns two spaces apart."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        yield "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip()
