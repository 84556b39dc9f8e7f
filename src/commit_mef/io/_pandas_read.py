"""Reading a DataFrame's values: kinds and exact amounts per column, then one from_columns call.

The ``value`` column is read in the form it comes: Arrow ``decimal128`` (the
scaled integers taken from its buffers), integers, or objects (each distinct cell
parsed once, then gathered by its factorized codes).  Every row's value is
checked against its kind with array operations; a table of numbers and money
goes to :meth:`ObservationTable.from_columns` as magnitudes, others (yes/no,
texts, missing values) as one value per row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.errors import CommitMefError, InvalidTypeError, LoadError, Problem, ValidationError
from commit_mef.io._pandas import _SOURCE, _flag, _Frame, _number

if TYPE_CHECKING:
    from commit_mef.observations import ObservationTable

__all__ = ["build"]

_DIM = "dim."


def _kinds(reader: _Frame) -> Any:
    """Each row's kind code, or -1 where it is to be inferred (no ``kind`` column or cell)."""
    import numpy as np

    from commit_mef.observations._encoding import KINDS

    if not reader.has("kind"):
        return np.full(reader.n, -1, dtype=np.int64)

    def read(text: object) -> int:
        if text not in KINDS:
            raise ValidationError(f"expected one of {', '.join(KINDS)}")
        return KINDS.index(text)

    codes, cats = reader.encoded("kind", read)
    table = np.asarray([-1 if k is None else k for k in cats] or [-1], dtype=np.int8)
    return table[codes]


class _Cells:
    """The distinct cells of an object ``value`` column, each parsed once."""

    def __init__(self, reader: _Frame) -> None:
        import numpy as np

        series = reader.frame["value"]
        codes, uniques = reader.pd.factorize(series, use_na_sentinel=True)
        self.raw: list[Any] = [v.item() if hasattr(v, "item") else v for v in uniques]
        self.raw.append(None)  # the code of missing cells
        self.codes = np.where(codes < 0, len(self.raw) - 1, codes)
        self.numbers: list[Decimal | None] = []
        self.errors: list[str | None] = []
        self.flags: list[bool | None] = []
        for cell in self.raw:
            number, error, flag = None, None, None
            if cell is not None and cell != "":
                try:
                    number = _number(cell)
                except (ArithmeticError, ValueError, TypeError) as exc:
                    error = f"{cell!r}: {exc}"
                try:
                    flag = _flag(cell)
                except (ArithmeticError, ValueError, TypeError):
                    flag = None
            self.numbers.append(number)
            self.errors.append(error)
            self.flags.append(flag)

    def per_row(self, values: list[Any]) -> Any:
        import numpy as np

        table = np.empty(len(values), dtype=object)
        table[:] = values
        return table[self.codes]


def _scaled(numbers: list[Decimal | None]) -> tuple[list[int], int]:
    """The numbers as integers of one power of ten (each already bounded in size)."""
    from commit_mef.observations import _columns as cols_

    exps = [cols_.decimal_exponent(v) for v in numbers if v is not None]
    exponent = min(0, *exps) if exps else 0
    return [0 if v is None else cols_.scale(v, exponent) for v in numbers], exponent


class _Values:
    """Per row: whether a value is there, its exact magnitude, and the column's exponent."""

    def __init__(self, reader: _Frame, kinds: Any) -> None:
        import numpy as np

        self.reader = reader
        self.kinds = kinds
        n = reader.n
        self.present = np.zeros(n, dtype=bool)
        self.mags: Any = np.zeros(n, dtype=np.int64)
        self.exponent = 0
        self.flags: Any = None  # per row, for object columns: the yes/no a cell reads as
        self.texts: Any = None  # per row, for object columns: the cell as text
        if reader.has("value"):
            self.read(reader.frame["value"])

    def read(self, series: Any) -> None:
        import numpy as np

        pd, dtype = self.reader.pd, self.reader.frame["value"].dtype
        if isinstance(dtype, pd.ArrowDtype):
            self.from_arrow(series)
        elif dtype.kind in "iub":
            self.present = ~np.asarray(series.isna(), dtype=bool)
            self.mags = np.asarray(series.fillna(0).astype(np.int64), dtype=np.int64)
        elif dtype.kind == "f":
            kept = np.flatnonzero(~np.asarray(series.isna(), dtype=bool))
            if kept.size:
                self.reader.bad(
                    int(kept[0]), "value", "floats are inexact; give Decimals, integers or texts"
                )
        else:
            self.from_cells(_Cells(self.reader))

    def from_arrow(self, series: Any) -> None:
        import pyarrow as pa

        from commit_mef.io._arrow import _Columns

        chunked = pa.chunked_array(series.array.__arrow_array__())
        columns = _Columns(pa.table({"value": chunked}), _SOURCE)
        self.mags, self.present, self.exponent = columns.values()
        for problem in columns.problems:
            self.reader.problems.append(Problem("/rows/0/value", problem.message))

    def from_cells(self, cells: _Cells) -> None:
        """An object column: the numbers, checked where a row needs one."""
        import numpy as np

        from commit_mef.observations import _columns as cols_
        from commit_mef.observations._encoding import BOOL, TEXT

        missing = np.asarray([c is None or c == "" for c in cells.raw], dtype=bool)[cells.codes]
        broken = np.asarray([e is not None for e in cells.errors], dtype=bool)[cells.codes]
        needs = (self.kinds != BOOL) & (self.kinds != TEXT) & ~missing
        for row in np.flatnonzero(needs & broken)[:1].tolist():
            self.reader.bad(row, "value", str(cells.errors[int(cells.codes[row])]))
        ints, self.exponent = _scaled(cells.numbers)
        self.mags = cols_.magnitude_array(ints)
        if self.mags.dtype == object:
            table = np.empty(len(ints), dtype=object)
            table[:] = ints
            self.mags = table[cells.codes]
        else:
            self.mags = (
                self.mags[cells.codes] if len(ints) else np.zeros(len(cells.codes), np.int64)
            )
        self.present = ~missing & ~broken
        self.flags = cells.per_row(cells.flags)
        self.texts = cells.per_row([c if isinstance(c, str) else None for c in cells.raw])


def _resolve_kinds(reader: _Frame, kinds: Any, values: _Values, money: Any) -> Any:
    """Inferred kinds filled in: money where a currency is given, a number where a value is."""
    import numpy as np

    from commit_mef.observations._encoding import MONEY, NONE, NUMBER

    if not (kinds < 0).any():
        return kinds.astype(np.uint8)
    inferred = np.where(values.present, np.where(money, np.uint8(MONEY), np.uint8(NUMBER)), NONE)
    return np.where(kinds < 0, inferred, kinds).astype(np.uint8)


def _check(reader: _Frame, kinds: Any, values: _Values, money: Any, texts: Any) -> None:
    """Each row's value agrees with its kind (array operations; the first bad row is named)."""
    import numpy as np

    from commit_mef.observations._encoding import BOOL, MONEY, NONE, NUMBER, TEXT

    numeric = (kinds == NUMBER) | (kinds == MONEY)
    old_texts = values.texts is not None and reader.has("text") is False
    flags_ok = (
        values.present
        if values.flags is None
        else np.asarray([f is not None for f in values.flags.tolist()], dtype=bool)
    )
    checks = [
        ("value", numeric & ~values.present, "a number or money row has no value"),
        ("value", (kinds == BOOL) & ~flags_ok, "a yes/no row has no yes/no value"),
        ("value", (kinds == NONE) & values.present, "a row of kind none has a value"),
        ("currency", (kinds == MONEY) & ~money, "a money row has no currency"),
        ("currency", (kinds != MONEY) & money, "a row that is not money has a currency"),
        ("text", (kinds == TEXT) & ~texts, "a text row has no text"),
    ]
    if not old_texts:
        checks.append(("text", (kinds != TEXT) & texts, "a row that is not a text has a text"))
    for column, bad, what in checks:
        rows = np.flatnonzero(bad)
        if rows.size:
            reader.bad(int(rows[0]), column, f"{what} ({rows.size} row(s)); fix the row")


def _text_column(reader: _Frame, kinds: Any, values: _Values) -> tuple[Any, Any]:
    """The texts per row (object array), and which rows have one."""
    import numpy as np

    from commit_mef.observations._encoding import TEXT

    if reader.has("text"):
        codes, cats = reader.encoded("text", lambda v: v if isinstance(v, str) else str(v))
        if cats == [None]:  # no row has a text: nothing to gather
            return None, np.zeros(reader.n, dtype=bool)
        table = np.empty(len(cats), dtype=object)
        table[:] = cats
        has = np.asarray([c is not None for c in cats], dtype=bool)[codes]
        return table[codes], has
    if values.texts is not None:  # the earlier layout: the text in value
        texts: Any = np.where(kinds == TEXT, values.texts, None)
        return texts, np.asarray([t is not None for t in texts.tolist()], dtype=bool)
    return None, np.zeros(reader.n, dtype=bool)


def build(reader: _Frame) -> ObservationTable:
    """The table of a DataFrame whose required columns are there, or a LoadError."""
    import numpy as np

    from commit_mef.observations import ObservationTable
    from commit_mef.observations._encoding import BOOL, MONEY, NUMBER, TEXT

    if not reader.n:
        return ObservationTable.empty()
    keys = reader.keys()
    kinds = _kinds(reader)
    values = _Values(reader, kinds)
    currency = keys.pop("currency", None)
    if currency is None:
        money = np.zeros(reader.n, dtype=bool)
    else:
        money = np.asarray([c is not None for c in currency[1]] or [False], dtype=bool)[currency[0]]
    if values.flags is not None:  # object cells: a yes/no row reads its cell as a flag
        values.present = values.present | (
            (kinds == BOOL) & np.asarray([f is not None for f in values.flags.tolist()], bool)
        )
        values.present &= kinds != TEXT
    kinds = _resolve_kinds(reader, kinds, values, money)
    texts, has_text = _text_column(reader, kinds, values)
    _check(reader, kinds, values, money, has_text)
    extra = _extra(reader)
    if reader.problems:
        raise LoadError(reader.problems, source=_SOURCE)
    dims = {k[len(_DIM) :]: v for k, v in extra.items() if k.startswith(_DIM)}
    rest = {k: v for k, v in extra.items() if not k.startswith(_DIM)}
    fixed = {
        "indicator": keys.pop("indicator"),
        "country": keys.pop("country"),
        **keys,
        **rest,
        "disaggregation": dims or None,
    }
    try:
        if bool(((kinds == NUMBER) | (kinds == MONEY)).all()):
            return ObservationTable.from_columns(
                magnitude=values.mags,
                exponent=values.exponent,
                currency=currency,
                **fixed,
            )
        return ObservationTable.from_columns(
            value=_row_values(kinds, values, texts, currency), **fixed
        )
    except CommitMefError as exc:
        raise LoadError([Problem("/rows", str(exc))], source=_SOURCE) from exc


def _extra(reader: _Frame) -> dict[str, Any]:
    """``approximate`` and the ``dim.*`` columns, as ``(codes, categories)`` pairs."""
    out: dict[str, Any] = {}
    if reader.has("approximate"):

        def read(value: object) -> bool:
            if isinstance(value, bool) or value in ("true", "false"):
                return value is True or value == "true"
            raise InvalidTypeError(f"expected true or false, got {value!r}")

        codes, cats = reader.encoded("approximate", read)
        out["approximate"] = (codes, [bool(c) for c in cats])
    for name in reader.frame.columns:
        if isinstance(name, str) and name.startswith(_DIM) and len(name) > len(_DIM):
            out[name] = reader.encoded(name, lambda v: v if isinstance(v, str) else str(v))
    return out


def _row_values(kinds: Any, values: _Values, texts: Any, currency: Any) -> list[Any]:
    """One value per row, for tables that hold yes/no, texts or missing values."""
    from commit_mef.money import Money
    from commit_mef.observations import _columns as cols_
    from commit_mef.observations._encoding import BOOL, MONEY, NUMBER, TEXT

    codes, cats = currency if currency is not None else ([0] * len(kinds), [None])
    flags = values.flags.tolist() if values.flags is not None else None
    out: list[Any] = []
    mags = cols_.tolist(values.mags)
    for i, (kind, m, code, text) in enumerate(
        zip(
            kinds.tolist(),
            mags,
            cols_.tolist(codes),
            [None] * len(kinds) if texts is None else texts.tolist(),
            strict=True,
        )
    ):
        if kind == NUMBER:
            out.append(cols_.unscale(int(m), values.exponent))
        elif kind == MONEY:
            out.append(Money(cols_.unscale(int(m), values.exponent), cats[code]))
        elif kind == BOOL:
            out.append(flags[i] if flags is not None else m != 0)
        elif kind == TEXT:
            out.append(text)
        else:
            out.append(None)
    return out
