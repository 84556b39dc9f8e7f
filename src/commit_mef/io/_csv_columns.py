"""Reading the typed CSV format column by column: each distinct value checked once, every bad cell located.

The rows are split by the standard :mod:`csv` module and turned into columns; each
key column is then dictionary-encoded (one pass in C), its distinct values checked
once, and handed to :meth:`~commit_mef.ObservationTable.from_columns` as ``(codes,
categories)``, so that a million ``"KHM"`` cells cost one country lookup.  Every
numeric cell is read by one function, :func:`parse_number`.  A bad value is
reported at every row that holds it, as ``/rows/<row>/<column>``.
"""

from __future__ import annotations

import csv
import io as stdio
import itertools
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from commit_mef._problems import pointer_token
from commit_mef.errors import CommitMefError, LoadError, ParseError, Problem, ValidationError
from commit_mef.io._csv_typed import TYPED_COLUMNS, header_problems
from commit_mef.io._json import utf8_bytes
from commit_mef.money._parse import bounded_decimal

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
        >>> parse_number("1e999999999")
        Traceback (most recent call last):
        ...
        commit_mef.io._csv_columns.BeyondLimitError: the exponent 999999999 is out of range; ...
        >>> parse_number("not-a-number")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: expected a decimal number such as 12.5, got 'not-a-number'
    """
    if text != text.strip() or "_" in text:
        raise ValidationError(f"expected a decimal number such as 12.5, got {text!r}")
    try:  # the readers' shared limit on digits and exponent (1e999999999 fails at once)
        return bounded_decimal(text, "value")
    except ParseError as exc:
        try:  # a number beyond the limit, or no number at all?
            number = len(text) > 500 or Decimal(text).is_finite()
        except InvalidOperation:
            number = False
        if not number:
            raise ValidationError(f"expected a decimal number such as 12.5, got {text!r}") from None
        raise BeyondLimitError(str(exc).removeprefix("value: ")) from None


class BeyondLimitError(ValidationError):
    """A number beyond the readers' shared limit (its problem's code is ``limit``); never escapes."""


def _code(exc: ValidationError) -> str | None:
    """The problem code of a refused number: ``limit`` beyond the shared limit, else the default."""
    return "limit" if isinstance(exc, BeyondLimitError) else None


#: Problems collected before sorting (a whole column of bad cells stops here).
_COLLECTED = 1_000
#: Columns never dictionary-encoded (mostly distinct cells).
_STRINGS = frozenset(("row", "number", "amount"))


class _Columns:
    """The cells of one file as columns (tuples of text, or Arrow string arrays), with the problems found."""

    def __init__(self, header: list[str], cells: dict[str, Any], n: int, lines: list[int]) -> None:
        self.header = header
        self.cells = cells
        self.n = n
        self.lines = lines
        self.problems: list[Problem] = []
        self._codes: dict[str, tuple[npt.NDArray[Any], list[str]]] = {}

    def column(self, name: str) -> Sequence[str]:
        """A column's cells as Python strings; a column the file leaves out is all empty."""
        found = self.cells.get(name)
        if found is None:
            return ("",) * self.n
        if not isinstance(found, tuple):
            found = tuple(found.to_pylist())
            self.cells[name] = found
        return found

    def codes(self, name: str) -> tuple[npt.NDArray[Any], list[str]]:
        """A column dictionary-encoded: a code per row, and the distinct cells."""
        import numpy as np

        if name not in self._codes:
            found = self.cells.get(name)
            if found is None:
                self._codes[name] = (np.zeros(self.n, dtype=np.int32), [""])
            elif isinstance(found, tuple):
                distinct = list(dict.fromkeys(found))
                if len(distinct) <= 1:
                    codes = np.zeros(self.n, dtype=np.int32)
                else:
                    index = {raw: i for i, raw in enumerate(distinct)}
                    codes = np.fromiter(map(index.__getitem__, found), dtype=np.int32, count=self.n)
                self._codes[name] = (codes, distinct or [""])
            else:
                self._codes[name] = _arrow_codes(found, self.n)
        return self._codes[name]

    def filled(self, name: str) -> npt.NDArray[Any]:
        """Which rows have a non-empty cell in a column (without encoding it)."""
        import numpy as np

        found = self.cells.get(name)
        if found is None:
            return np.zeros(self.n, dtype=bool)
        if name in self._codes or isinstance(found, tuple) or name not in _STRINGS:
            codes, distinct = self.codes(name)
            filled: npt.NDArray[Any] = codes != (distinct.index("") if "" in distinct else -1)
            return filled
        import pyarrow.compute as pc

        mask: npt.NDArray[Any] = pc.not_equal(found, "").to_numpy(zero_copy_only=False)
        return mask

    def all_digits(self, name: str) -> bool:
        """Whether every cell of an Arrow column is a run of ASCII digits (read off its bytes)."""
        import numpy as np

        found = self.cells.get(name)
        if found is None or isinstance(found, tuple):
            return False
        for chunk in found.chunks:
            if not len(chunk):
                continue
            if chunk.null_count:
                return False
            offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[
                chunk.offset : chunk.offset + len(chunk) + 1
            ]
            data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
            if (
                not np.diff(offsets).all()
                or int(data.min()) < ord("0")
                or int(data.max()) > ord("9")
            ):
                return False
        return True

    def bad(self, row: int, column: str, message: str, **fields: str | None) -> None:
        """Report a bad cell (row index into the kept rows)."""
        if len(self.problems) < _COLLECTED:
            path = f"/rows/{self.lines[row]}/{pointer_token(column)}"
            self.problems.append(Problem(path, message, **fields))

    def bad_codes(
        self, codes: npt.NDArray[Any], reporters: dict[int, Callable[[int], None]]
    ) -> None:
        """Call each bad code's reporter at every row holding it."""
        import numpy as np

        if reporters:
            bad = np.fromiter(reporters, dtype=codes.dtype, count=len(reporters))
            for i in np.flatnonzero(np.isin(codes, bad)).tolist()[:_COLLECTED]:
                reporters[int(codes[i])](i)

    def encode(
        self, name: str, convert: Callable[[str], Any]
    ) -> tuple[npt.NDArray[Any], list[Any]]:
        """A column as ``(codes, categories)``, each distinct cell converted once.

        ``convert`` raises a :class:`CommitMefError` (or ``TypeError`` / ``ValueError``)
        for a bad cell; it is reported at every row holding it.
        """
        codes, distinct = self.codes(name)
        categories: list[Any] = []
        reporters: dict[int, Callable[[int], None]] = {}
        for code, raw in enumerate(distinct):
            try:
                categories.append(convert(raw))
            except (CommitMefError, TypeError, ValueError) as exc:
                categories.append(None)
                reporters[code] = self._reporter(name, raw, exc)
        self.bad_codes(codes, reporters)
        return codes, categories

    def _reporter(self, name: str, raw: str, exc: BaseException) -> Callable[[int], None]:
        path = getattr(exc, "path", None)
        message = str(exc).removeprefix(f"{path}: ") if path else str(exc)
        hint = getattr(exc, "hint", None)
        return lambda i: self.bad(i, name, message, got=repr(raw), hint=hint)


def _arrow_codes(found: Any, n: int) -> tuple[npt.NDArray[Any], list[str]]:
    """An Arrow string column's codes and distinct cells (one cell in every row: read once)."""
    import numpy as np
    import pyarrow as pa

    if _all_empty(found):
        return np.zeros(n, dtype=np.int32), [""]
    if not pa.types.is_dictionary(found.type) and n:
        first = _constant_cell(found)
        if first is not None:  # one cell in every row: no hashing
            return np.zeros(n, dtype=np.int32), [first]
    if not pa.types.is_dictionary(found.type):
        found = found.dictionary_encode()
    if found.num_chunks > 1:
        found = found.unify_dictionaries()
    encoded = found.combine_chunks() if found.num_chunks != 1 else found.chunk(0)
    if not len(encoded):
        encoded = pa.DictionaryArray.from_arrays(pa.array([], pa.int32()), [""])
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    return codes, encoded.dictionary.to_pylist() or [""]


def _constant_cell(array: Any) -> str | None:
    """The one cell of an Arrow string column holding the same cell in every row, else ``None``.

    Read off the buffers: every cell as long as the first, and the bytes the first
    cell's bytes repeated.
    """
    import numpy as np

    first: bytes | None = None
    for chunk in array.chunks:
        if not len(chunk):
            continue
        if chunk.null_count or str(chunk.type) != "string":
            return None
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
        width = int(offsets[1] - offsets[0])
        if width == 0 or (np.diff(offsets) != width).any():
            return None
        cell = data[:width].tobytes()
        if first is None:
            first = cell
        if cell != first:
            return None
        cells = data.reshape(-1, width)
        if not (cells[:64] == cells[0]).all() or not (cells == cells[0]).all():
            return None  # a varied column is seen in its first cells, without reading it all
    return None if first is None else first.decode("utf-8")


def _all_empty(array: Any) -> bool:
    """Whether every cell of an Arrow string column is empty (read off its offsets)."""
    import numpy as np

    for chunk in array.chunks:
        if len(chunk):
            offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)
            if offsets[chunk.offset + len(chunk)] != offsets[chunk.offset]:
                return False
    return True


def parse_numbers(cols: _Columns, name: str, rows: npt.NDArray[Any]) -> tuple[Any, int]:
    """The cells of a numeric column at ``rows`` (a boolean mask) as exact scaled integers.

    Returns ``(magnitudes, exponent)`` with a magnitude per row (0 outside ``rows``);
    every bad cell is reported.  Plain decimals in an Arrow column are read by
    Arrow's ``decimal128`` cast at once; anything else, cell by cell, by
    :func:`parse_number`.
    """
    import numpy as np

    found = cols.cells.get(name)
    if found is not None and not isinstance(found, tuple):
        fast = _arrow_numbers(found, rows)
        if fast is not None:
            return fast
    cells = cols.column(name)
    values: list[Decimal | None] = [None] * cols.n
    for i in np.flatnonzero(rows).tolist():
        try:
            values[i] = parse_number(cells[i])
        except ValidationError as exc:
            cols.bad(
                i, name, str(exc), expected="a decimal number", got=repr(cells[i]), code=_code(exc)
            )
    from commit_mef.observations._encoding import _scale_all

    return _scale_all(values)


def _arrow_numbers(array: Any, rows: npt.NDArray[Any]) -> tuple[Any, int] | None:
    """Plain decimals read by Arrow at once; ``None`` when some cell needs :func:`parse_number`.

    Only cells made of digits, ``-`` and ``.`` are left to Arrow's casts (which refuse a
    malformed one, and then every cell goes to :func:`parse_number`): to float64 where every
    magnitude has at most 15 digits, so that the scaled float rounds to it exactly, else to
    ``decimal128``.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(rows)
    mags = np.zeros(n, dtype=np.int64)
    chosen = (array if rows.all() else array.filter(pa.array(rows))).combine_chunks()
    if not len(chosen):
        return mags, 0
    offsets = np.frombuffer(chosen.buffers()[1], dtype=np.int32)
    offsets = offsets[chosen.offset : chosen.offset + len(chosen) + 1]
    values = chosen.buffers()[2]
    data = np.frombuffer(values, dtype=np.uint8) if values is not None else np.zeros(0, np.uint8)
    data = data[offsets[0] : offsets[-1]]
    lengths = np.diff(offsets)
    if chosen.null_count or not len(data) or not _plain(data) or not lengths.all():
        return None
    dot = pc.find_substring(chosen, ".").to_numpy(zero_copy_only=False)  # -1: no dot
    has = dot >= 0
    scale = int((lengths[has] - dot[has] - 1).max()) if has.any() else 0
    if int(lengths.max()) + scale > 36:
        return None  # beyond what int64 magnitudes hold: cell by cell
    # the digits before the point: at most 15 with the scale, and each magnitude is below
    # 10**15 < 2**51, where a float64 read and scaled is within 1/2 of it: rounding is exact
    whole = np.where(has, dot, lengths) - (data[offsets[:-1] - offsets[0]] == ord("-"))
    try:
        scaled = _scaled(chosen, scale, small=int(whole.max()) + scale <= 15)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if scaled is None:
        return None
    mags[rows] = scaled
    return mags, -scale


def _scaled(chosen: Any, scale: int, *, small: bool) -> Any:
    """Each plain decimal times ``10**scale`` as int64 (``None`` past int64); Arrow's error if bad."""
    import numpy as np
    import pyarrow as pa

    if small:
        floats = chosen.cast(pa.float64()).to_numpy(zero_copy_only=False)
        return np.rint(floats * 10.0**scale).astype(np.int64)
    decimals = chosen.cast(pa.decimal128(38, scale))
    words = np.frombuffer(decimals.buffers()[1], dtype=np.int64)
    words = words[2 * decimals.offset : 2 * (decimals.offset + len(decimals))].reshape(-1, 2)
    low, high = words[:, 0], words[:, 1]
    return low if np.array_equal(high, low >> 63) else None


def _plain(data: Any) -> bool:
    """Whether UTF-8 bytes are all digits, ``.`` and ``-`` (bytes 45, 46 and 48-57)."""
    return bool(
        int(data.min()) >= ord("-") and int(data.max()) <= ord("9") and not (data == ord("/")).any()
    )


def _split_arrow(text: str, header: list[str], limits: Limits) -> _Columns | None:
    """The columns as Arrow strings, split by pyarrow's CSV reader; ``None`` to use :mod:`csv`."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    try:
        raw = utf8_bytes(text)  # the file's own bytes while it is read
        table = pacsv.read_csv(
            stdio.BytesIO(raw),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=header),
            # a line break can only be inside a quoted cell, so only a file with quotes has one
            parse_options=pacsv.ParseOptions(newlines_in_values='"' in text),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError):
        return None  # rows of another width, bad quoting: the stdlib reader locates them
    if table.num_rows > limits.max_rows or "\r" in text:
        return None  # limits and bare CRs are reported or kept exactly by the stdlib reader
    cells = {name: table.column(name) for name in header}
    return _Columns(header, cells, table.num_rows, list(range(2, table.num_rows + 2)))


def _split(text: str, header: list[str], limits: Limits) -> _Columns:
    """The data rows of the right width as columns; rows of another width are problems."""
    arrow = _split_arrow(text, header, limits)
    if arrow is not None:
        return arrow
    reader = csv.reader(stdio.StringIO(text, newline=""), strict=True)
    next(reader, None)
    try:
        rows = list(itertools.islice(reader, limits.max_rows + 1))
    except csv.Error as exc:
        raise LoadError(
            [Problem(f"/rows/{reader.line_num}", f"not valid CSV: {exc}", code="syntax")]
        ) from None
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
    transposed = list(zip(*rows, strict=True)) if rows else [()] * width
    columns = _Columns(header, dict(zip(header, transposed, strict=True)), len(rows), lines)
    columns.problems.extend(problems)
    return columns


def check_typed_header(header: list[str]) -> list[Problem]:
    """The problems of a typed-format header: missing, unknown or repeated columns."""
    return header_problems(header, _REQUIRED, TYPED_COLUMNS)


def read_columns(text: str, header: list[str], source: str, limits: Limits) -> ObservationTable:
    """Read a typed-format file's text, or raise a LoadError listing every problem."""
    from commit_mef.io._csv_values import build

    header_problems = check_typed_header(header)
    if header_problems:
        raise LoadError(header_problems, source=source)
    try:
        columns = _split(text, header, limits)
    except LoadError as exc:
        raise LoadError(exc.problems, source=source) from None
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
