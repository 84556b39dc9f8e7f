r"""The typed CSV format (version 2): one typed column per kind of value, cells made spreadsheet-safe.

Version 2 of the package's CSV puts each kind of value in a column of its own type,
so that pandas, polars, DuckDB and spreadsheets read numbers as numbers and a sum
cannot add currencies by accident (money amounts sit in ``amount`` with their
``currency`` beside them; plain numbers in ``number``):

``row`` (1, 2, ...: the primary key), ``indicator``, ``country``, ``period`` (the
label), ``period_start`` and ``period_end`` (ISO dates), ``kind``, ``number``,
``amount``, ``currency``, ``boolean``, ``text``, ``unit``, ``basis``, ``id``,
``subset_of``, ``same_as``, ``recipient``, ``as_written``, ``approximate``,
``bound``, ``stated``, ``source``, ``flags``, ``details``, then ``dim.<dimension>``.

Text cells are *neutralised* by default (the OWASP rule against formula injection):
a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written with a ``'`` before it, so a spreadsheet shows it as text instead of running
it; a cell that itself starts with ``'`` gets one more, so the reader of this format
can take exactly one ``'`` off again.  Numbers, dates and booleans are never
prefixed: a negative amount stays a number.  ``neutralise=False`` writes the cells
as they are for machine consumers (only a text that starts with ``'`` and one of
those characters gets its extra ``'``, so both forms read back the same).
"""

from __future__ import annotations

import csv
import io as stdio
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from commit_mef.errors import Problem

if TYPE_CHECKING:
    from commit_mef.observations import ObservationTable

__all__ = [
    "NUMERIC",
    "first_row",
    "header_problems",
    "TYPED_COLUMNS",
    "UNTEXT",
    "is_typed",
    "neutralised",
    "restored",
    "typed_rows",
]

#: The columns of version 2, in order (``dim.<dimension>`` columns follow).
TYPED_COLUMNS = (
    "row",
    "indicator",
    "country",
    "period",
    "period_start",
    "period_end",
    "kind",
    "number",
    "amount",
    "currency",
    "boolean",
    "text",
    "unit",
    "basis",
    "id",
    "subset_of",
    "same_as",
    "recipient",
    "as_written",
    "approximate",
    "bound",
    "stated",
    "source",
    "flags",
    "details",
)
#: The columns of numbers (never neutralised).
NUMERIC = ("row", "number", "amount")
#: Columns whose cells are never neutralised: numbers, dates and booleans.
UNTEXT = frozenset((*NUMERIC, "period_start", "period_end", "boolean", "approximate"))
#: Columns only version 2 has: a header with one of them is a version 2 file.
_MARKERS = frozenset(("number", "amount", "boolean", "text", "period_start", "period_end"))

_TRIGGERS = frozenset("=+-@\t\r")
_ESCAPED = frozenset("=+-@\t\r'")


def is_typed(header: list[str] | tuple[str, ...]) -> bool:
    """Whether a CSV header is that of the typed format (version 2), not the older one.

    Examples:
        >>> is_typed(["indicator", "country", "kind", "value"]), is_typed(TYPED_COLUMNS)
        (False, True)
    """
    return "value" not in header and not _MARKERS.isdisjoint(header)


def neutralised(cell: str, neutralise: bool = True) -> str:
    r"""A text cell as the typed format writes it (see the module's docstring).

    Examples:
        >>> neutralised('=HYPERLINK("http://x","y")')
        '\'=HYPERLINK("http://x","y")'
        >>> neutralised("-5"), neutralised("'quoted"), neutralised("plain")
        ("'-5", "''quoted", 'plain')
        >>> neutralised("=1+1", neutralise=False), neutralised("'=x", neutralise=False)
        ('=1+1', "''=x")
    """
    if not cell:
        return cell
    first = cell[0]
    if neutralise:
        return "'" + cell if first in _ESCAPED else cell
    if first == "'" and len(cell) > 1 and cell[1] in _ESCAPED:
        return "'" + cell
    return cell


def restored(cell: str) -> str:
    """A text cell of a typed-format file as it was before :func:`neutralised`.

    Examples:
        >>> restored("'=1+1"), restored("''quoted"), restored("'plain"), restored("-")
        ('=1+1', "'quoted", "'plain", '-')
    """
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _ESCAPED:
        return cell[1:]
    return cell


def typed_rows(
    table: ObservationTable, neutralise: bool = True
) -> tuple[tuple[str, ...], Iterator[list[str]]]:
    """The typed header, and the text cells of each observation in its order."""
    from commit_mef.io._csv import DIM, record_of, text_cell

    dims = tuple(table.dimensions)
    header = (*TYPED_COLUMNS, *(DIM + d for d in dims))
    text_columns = [i for i, name in enumerate(header) if name not in UNTEXT]

    def rows() -> Iterator[list[str]]:
        for number, obs in enumerate(table, start=1):
            record = record_of(obs, dims)
            kind = record["kind"]
            cell = record.pop("value")
            record["row"] = number
            record["number"] = cell if kind == "number" else None
            record["amount"] = cell if kind == "money" else None
            record["boolean"] = cell if kind == "bool" else None
            record["text"] = cell if kind == "text" else None
            period = obs.period
            record["period_start"] = None if period is None else period.start.isoformat()
            record["period_end"] = None if period is None else period.end.isoformat()
            cells = [text_cell(record[name]) for name in header]
            for i in text_columns:
                cells[i] = neutralised(cells[i], neutralise)
            yield cells

    return header, rows()


def first_row(text: str) -> list[str]:
    r"""The first row of CSV text (its header), read without copying the whole text.

    Examples:
        >>> first_row('a,"b\nc",d\n1,2,3\n'), first_row("")
        (['a', 'b\nc', 'd'], [])
    """
    end = text.find("\n")
    line = text if end < 0 else text[: end + 1]
    if line.count('"') % 2:  # a quoted line break in the header: read it properly
        line = text
    try:
        return next(csv.reader(stdio.StringIO(line, newline="")), [])
    except csv.Error:
        return []


def header_problems(
    header: Sequence[str], required: Sequence[str], known: Sequence[str]
) -> list[Problem]:
    """The problems of a CSV header: missing, unknown or repeated columns (in linear time)."""
    present, allowed = set(header), set(known)
    missing = [name for name in required if name not in present]
    unknown = [n for n in header if n not in allowed and not n.startswith("dim.")]
    counts = Counter(header)  # linear: 100,000 dim.* columns are checked at once
    duplicated = sorted(n for n, k in counts.items() if k > 1)
    problems = []
    if missing:
        problems.append(
            Problem(
                "/header",
                f"missing columns {', '.join(missing)}; add them",
                code="missing",
                rule="columns",
                expected=", ".join(required),
                got=", ".join(header),
            )
        )
    if unknown:
        problems.append(
            Problem(
                "/header",
                f"unknown columns {', '.join(map(repr, unknown))}; the columns are "
                f"{', '.join(known)} and dim.<dimension>",
                code="unknown",
                rule="columns",
                got=", ".join(unknown),
            )
        )
    if duplicated:
        problems.append(
            Problem(
                "/header",
                f"columns given twice: {', '.join(duplicated)}",
                code="duplicate",
                rule="columns",
                got=", ".join(duplicated),
            )
        )
    return problems
