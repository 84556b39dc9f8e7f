"""Reading the typed CSV format column by column: each distinct value checked once, every bad cell located.

The rows are split by the standard :mod:`csv` module and turned into columns; each
key column is then dictionary-encoded (one pass in C), its distinct values checked
once, and handed to :meth:`~commit_mef.ObservationTable.from_columns` as ``(codes,
categories)``, so that a million ``"KHM"`` cells cost one country lookup.  Every
numeric cell is read by one function, :func:`parse_number`.  A bad value is
reported at every row that holds it, as ``/rows/<row>/<column>``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from commit_mef.errors import CommitMefError, LoadError, Problem, ValidationError
from commit_mef.io._csv_typed import TYPED_COLUMNS

if TYPE_CHECKING:
    import numpy.typing as npt

    from commit_mef.io._json import Limits
    from commit_mef.observations import ObservationTable

__all__ = ["parse_number", "read_columns"]

_MAX_PROBLEMS = 100
_REQUIRED = ("indicator", "country", "kind")
_TEXTS = ("unit", "id", "subset_of", "same_as", "recipient", "as_written")
_OWNER = {"number": "number", "amount": "money", "boolean": "bool", "text": "text"}


def parse_number(text: str) -> Decimal:
    """The exact decimal of a numeric cell: the one place the typed reader reads numbers.

    Raises:
        ValidationError: ``text`` is not a finite decimal number.

    Examples:
        >>> parse_number("-12.50"), parse_number("1E+3")
        (Decimal('-12.50'), Decimal('1E+3'))
        >>> parse_number("not-a-number")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: expected a decimal number such as 12.5, got 'not-a-number'
    """
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or text != text.strip() or "_" in text:
        raise ValidationError(f"expected a decimal number such as 12.5, got {text!r}")
    return value


class _Columns:
    """The cells of one file as columns, with the problems found in them."""

    def __init__(self, header: list[str], rows: list[list[str]], lines: list[int]) -> None:
        self.header = header
        self.lines = lines
        self.n = len(rows)
        self.problems: list[Problem] = []
        transposed = list(zip(*rows, strict=True)) if rows else [()] * len(header)
        self.cells: dict[str, tuple[str, ...]] = dict(zip(header, transposed, strict=True))
        self.order = {name: i for i, name in enumerate(header)}

    def column(self, name: str) -> tuple[str, ...]:
        """A column's cells; a column the file leaves out is all empty."""
        found = self.cells.get(name)
        return ("",) * self.n if found is None else found

    def bad(self, row: int, column: str, message: str, **fields: str | None) -> None:
        from commit_mef.io._csv import _escape

        self.problems.append(
            Problem(f"/rows/{self.lines[row]}/{_escape(column)}", message, **fields)
        )

    def bad_values(
        self, column: str, cells: Sequence[str], found: dict[str, Callable[[int], None]]
    ) -> None:
        """Report each row whose cell is one of the bad values, by the value's reporter."""
        if found:
            for i, cell in enumerate(cells):
                report = found.get(cell)
                if report is not None:
                    report(i)

    def encode(
        self, name: str, convert: Callable[[str], Any], cells: Sequence[str] | None = None
    ) -> tuple[npt.NDArray[Any], list[Any]]:
        """A column as ``(codes, categories)``, each distinct cell converted once.

        ``convert`` raises a :class:`CommitMefError` (or ``TypeError`` / ``ValueError``)
        for a bad cell; it is reported at every row holding it.
        """
        import numpy as np

        cells = self.column(name) if cells is None else cells
        distinct = list(dict.fromkeys(cells))
        categories: list[Any] = []
        failures: dict[str, Callable[[int], None]] = {}
        for raw in distinct:
            try:
                categories.append(convert(raw))
            except (CommitMefError, TypeError, ValueError) as exc:
                categories.append(None)
                failures[raw] = self._reporter(name, raw, exc)
        self.bad_values(name, cells, failures)
        if len(distinct) <= 1:
            return np.zeros(self.n, dtype=np.int32), categories or [None]
        index = {raw: i for i, raw in enumerate(distinct)}
        codes = np.fromiter(map(index.__getitem__, cells), dtype=np.int32, count=self.n)
        return codes, categories

    def _reporter(self, name: str, raw: str, exc: BaseException) -> Callable[[int], None]:
        path = getattr(exc, "path", None)
        message = str(exc).removeprefix(f"{path}: ") if path else str(exc)
        hint = getattr(exc, "hint", None)
        return lambda i: self.bad(i, name, message, got=repr(raw), hint=hint)


def _split(reader: Iterator[list[str]], header: list[str], limits: Limits) -> _Columns:
    """The data rows of the right width as columns; rows of another width are problems."""
    rows = list(itertools.islice(reader, limits.max_rows + 1))
    problems = []
    if len(rows) > limits.max_rows:
        problems.append(
            Problem(
                f"/rows/{limits.max_rows + 2}",
                f"more than {limits.max_rows:,} rows",
                code="limit",
                expected=f"at most {limits.max_rows:,} rows",
                hint="raise Limits.max_rows if you trust the file",
            )
        )
        del rows[limits.max_rows :]
    width = len(header)
    if all(len(r) == width for r in rows):
        lines = list(range(2, len(rows) + 2))
    else:
        kept, lines = [], []
        for line, cells in enumerate(rows, start=2):
            if len(cells) == width:
                kept.append(cells)
                lines.append(line)
            else:
                problems.append(
                    Problem(
                        f"/rows/{line}",
                        f"expected {width} cells, got {len(cells)}",
                        rule="cell-count",
                        expected=f"{width} cells",
                        got=f"{len(cells)} cells",
                    )
                )
        rows = kept
    columns = _Columns(header, rows, lines)
    columns.problems.extend(problems)
    return columns


def check_typed_header(header: list[str]) -> list[Problem]:
    """The problems of a typed-format header: missing, unknown or repeated columns."""
    from commit_mef.io._csv import DIM

    problems = []
    missing = [name for name in _REQUIRED if name not in header]
    unknown = [n for n in header if n not in TYPED_COLUMNS and not n.startswith(DIM)]
    counts = Counter(header)
    duplicated = sorted(n for n, c in counts.items() if c > 1)
    if missing:
        problems.append(
            Problem(
                "/header",
                f"missing columns {', '.join(missing)}; add them",
                code="missing",
                rule="columns",
                expected=", ".join(_REQUIRED),
                got=", ".join(header),
            )
        )
    if unknown:
        problems.append(
            Problem(
                "/header",
                f"unknown columns {', '.join(map(repr, unknown))}; the columns are "
                f"{', '.join(TYPED_COLUMNS)} and dim.<dimension>",
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


def read_columns(
    reader: Iterator[list[str]], header: list[str], source: str, limits: Limits
) -> ObservationTable:
    """Read the data rows of a typed-format file, or raise a LoadError listing every problem."""
    from commit_mef.io._csv_values import build

    header_problems = check_typed_header(header)
    if header_problems:
        raise LoadError(header_problems, source=source)
    columns = _split(reader, header, limits)
    table = build(columns)
    if columns.problems:
        order = {name: i for i, name in enumerate(header)}

        def key(p: Problem) -> tuple[int, int]:
            parts = p.path.split("/")
            return int(parts[2]), order.get(parts[3], -1) if len(parts) > 3 else -1

        problems = sorted(columns.problems, key=key)[:_MAX_PROBLEMS]
        raise LoadError(problems, source=source)
    assert table is not None  # noqa: S101 - no problems, so a table
    return table
