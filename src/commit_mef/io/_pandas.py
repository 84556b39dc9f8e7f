"""Observation tables as pandas DataFrames, typed, and back (pandas imported on first use).

Both directions work on columns.  :func:`to_pandas` turns each key column's
categories into text once and hands pandas the table's codes
(``Categorical.from_codes``); the amounts come from the scaled integers.
:func:`from_pandas` reads a categorical column's codes straight in, factorizes
the others, converts each distinct value once and builds the table with
:meth:`ObservationTable.from_columns`: no CSV text, no row-by-row parse for
a column of exact decimals.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.errors import CommitMefError, InvalidTypeError, LoadError, ParseError, Problem
from commit_mef.io._arrow import _JSON, _TEXTS, ARROW_COLUMNS, _decimals, _reader, _writer
from commit_mef.money._parse import bounded_decimal

if TYPE_CHECKING:
    import pandas

    from commit_mef.observations import ObservationTable

__all__ = ["from_pandas", "to_pandas"]

#: The columns of :func:`to_pandas`: those of :func:`~commit_mef.io.to_arrow` but ``row``.
PANDAS_COLUMNS = tuple(c for c in ARROW_COLUMNS if c != "row")
_SOURCE = "DataFrame"
_KEYS = ("indicator", "country", "period", "unit", "basis", "currency")


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            "commit_mef.io.to_pandas() and from_pandas() need pandas: "
            "pip install 'commit-mef[pandas]'"
        ) from None
    return pd


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
    except ImportError:
        return None
    return pa


# -- writing ------------------------------------------------------------------------------
def _categorical(pd: Any, codes: Any, cats: tuple[Any, ...], write: Callable[[Any], str]) -> Any:
    """A pandas Categorical of the table's codes, categories as text (``None`` -> missing)."""
    import numpy as np

    index: dict[str, int] = {}
    remap = [-1 if c is None else index.setdefault(write(c), len(index)) for c in cats]
    dtype = pd.CategoricalDtype(list(index))
    small = np.int8 if len(index) < 127 else np.int16 if len(index) < 32767 else np.int32
    codes = np.asarray(codes)
    if remap == list(range(len(cats))) and codes.dtype.itemsize == np.dtype(small).itemsize:
        new = codes.view(small)  # the table's own codes, as pandas' signed type
    elif remap == [-1]:
        new = np.full(len(codes), -1, dtype=small)
    else:
        new = np.asarray(remap or [-1], dtype=small)[codes.astype(np.intp, copy=False)]
    return pd.Categorical.from_codes(new, dtype=dtype, validate=False)


def _dates(pd: Any, pa: Any, codes: Any, cats: tuple[Any, ...], end: bool) -> Any:
    """Period starts or ends: Arrow ``date32`` when pyarrow is there, else ``datetime.date``."""
    import numpy as np

    if pa is not None:
        from commit_mef.io._arrow import _periods

        return pd.array(_periods(pa, codes, cats, end), dtype=pd.ArrowDtype(pa.date32()))
    days = np.empty(max(len(cats), 1), dtype=object)
    days[: len(cats)] = [None if p is None else (p.end if end else p.start) for p in cats]
    return days[np.asarray(codes, dtype=np.intp)] if len(cats) else np.full(len(codes), None)


def _values(pd: Any, pa: Any, table: ObservationTable, present: Any) -> Any:
    """The exact amounts: ``decimal128(38, s)`` with pyarrow, else Decimals of one scale."""
    import numpy as np

    from commit_mef.observations import _columns as cols_

    mags = cols_.numpy_magnitudes(table._mags)
    exponent = table._exponent
    if pa is not None:
        try:
            array = _decimals(pa, mags, exponent, present)
        except CommitMefError:
            array = None  # more than 38 digits: exact Python Decimals instead
        if array is not None:
            return pd.array(array, dtype=pd.ArrowDtype(array.type))
    out = np.full(len(mags), None, dtype=object)
    rows = np.flatnonzero(present)
    out[rows] = [Decimal(int(m)).scaleb(exponent, _EXACT) for m in mags[rows].tolist()]
    return out


#: A decimal context wide enough for any stored magnitude (``scaleb`` never rounds in it).
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def to_pandas(table: ObservationTable) -> pandas.DataFrame:
    """An observation table as a pandas DataFrame, one row per observation, built from its columns.

    The columns are those of :func:`to_arrow` but ``row``: key and text columns
    are categoricals of text (missing where absent), ``period_start`` and
    ``period_end`` dates, ``value`` the exact amount of a number or money (1 or 0
    for a yes/no; missing for a text or no value: the text is in ``text``),
    ``approximate`` boolean.  With pyarrow installed the amounts are
    ``pd.ArrowDtype(pa.decimal128(38, s))`` (so ``frame.to_parquet()`` and
    ``polars.from_pandas(frame)`` take them as decimals), else
    :class:`~decimal.Decimal` objects of one scale.  No
    :class:`~commit_mef.Observation` is built; :func:`from_pandas` reads the
    frame back exactly.

    Raises:
        ImportError: pandas is not installed (``pip install 'commit-mef[pandas]'``).

    Examples:
        >>> from commit_mef import ObservationTable, io
        >>> table = ObservationTable.from_columns(indicator="x", country=["KHM", "LAO"], magnitude=[150, 5], exponent=-2, currency="USD")
        >>> df = io.to_pandas(table)
        >>> df[["country", "kind", "value", "currency"]].values.tolist()
        [['KHM', 'money', Decimal('1.50'), 'USD'], ['LAO', 'money', Decimal('0.05'), 'USD']]
        >>> io.from_pandas(df) == table
        True
    """
    import numpy as np

    from commit_mef.io._csv import check_table
    from commit_mef.observations._encoding import BOOL, KINDS, NUMBER

    pd = _pandas()
    pa = _pyarrow()
    table = check_table(table)._as_numpy()
    cols = table._storage()
    n = len(table)
    kinds = np.asarray(cols["kind"][0], dtype=np.intp)
    data: dict[str, Any] = {}
    for name in PANDAS_COLUMNS:
        if name in ("period_start", "period_end"):
            pcodes, pcats = cols["period"]
            data[name] = _dates(pd, pa, pcodes, pcats, end=name == "period_end")
        elif name == "value":
            data[name] = _values(pd, pa, table, (kinds >= NUMBER) & (kinds <= BOOL))
        elif name == "kind":
            data[name] = pd.Categorical.from_codes(kinds, categories=list(KINDS))
        elif name == "approximate":
            codes, cats = cols.get(name, (np.zeros(n, dtype=np.uint8), (False,)))
            data[name] = np.asarray([bool(c) for c in cats], dtype=bool)[codes]
        else:
            codes, cats = cols.get(name, (np.zeros(n, dtype=np.uint8), (None,)))
            data[name] = _categorical(pd, codes, cats, _writer(name))
    for dim in table.dimensions:
        dcodes, dcats = cols["dim:" + dim]
        data["dim." + dim] = _categorical(pd, dcodes, dcats, str)
    frame: pandas.DataFrame = pd.DataFrame(data)
    return frame


# -- reading ------------------------------------------------------------------------------
def _number(cell: object) -> Decimal:
    """An exact number from a cell: a Decimal, an int or a decimal text (floats refused).

    Numbers go through the readers' shared limit (:func:`~commit_mef.money._parse.bounded_decimal`),
    so ``1e999999999`` is refused at once instead of being expanded.
    """
    if isinstance(cell, (bool, float)):
        raise InvalidTypeError(f"expected an exact number, got {type(cell).__name__} {cell!r}")
    if isinstance(cell, (Decimal, int, str)):
        try:
            return bounded_decimal(cell, "value")
        except ParseError as exc:  # the reader names the cell: the message says what is wrong
            raise ParseError(str(exc).removeprefix("value: "), text=exc.text) from None
    if hasattr(cell, "item"):  # a numpy integer
        return _number(cell.item())
    raise InvalidTypeError(f"expected an exact number, got {type(cell).__name__} {cell!r}")


def _flag(cell: object) -> bool:
    if isinstance(cell, bool) or cell in ("true", "false"):
        return cell is True or cell == "true"
    number = _number(cell)
    if number not in (0, 1):
        raise ParseError(
            f"a yes/no value is 1 or 0 (or true / false), got {cell!r}", text=str(cell)
        )
    return number == 1


class _Frame:
    """Reads the columns of one DataFrame into from_columns' arguments, collecting problems."""

    def __init__(self, frame: Any, pd: Any) -> None:
        self.frame = frame
        self.pd = pd
        self.n = len(frame)
        self.problems: list[Problem] = []

    def bad(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(f"/rows/{row}/{column}", message))

    def has(self, name: str) -> bool:
        return name in self.frame.columns

    def encoded(self, name: str, read: Callable[[Any], Any]) -> tuple[Any, list[Any]]:
        """``(codes, categories)`` of a column, each distinct value read once (empty -> None).

        Missing cells (pandas' code -1) take the category ``None``, put first, so the
        codes are pandas' own shifted by one: one pass in their small integer type.
        """
        import numpy as np

        series = self.frame[name]
        if isinstance(series.dtype, self.pd.CategoricalDtype):
            codes = series.cat.codes.to_numpy()
            raw = list(series.cat.categories)
        else:
            codes, uniques = self.pd.factorize(series, use_na_sentinel=True)
            raw = list(uniques)
        if not raw or not self.n:
            return np.broadcast_to(np.zeros(1, dtype=np.uint8), (self.n,)), [None]
        cats: list[Any] = [None]
        for i, item in enumerate(raw):
            cat = None
            # numpy scalars as Python values
            value = (
                item.item()
                if hasattr(item, "item") and not isinstance(item, (str, Decimal))
                else item
            )
            if value != "" or name == "text":
                try:
                    cat = read(value)
                except (ArithmeticError, ValueError, LookupError, TypeError) as exc:
                    self.bad(int(np.argmax(codes == i)), name, f"{value!r}: {exc}")
            cats.append(cat)
        if codes.min() >= 0:
            return codes, cats[1:]
        wide = np.int16 if len(cats) > 127 and codes.dtype.itemsize == 1 else codes.dtype
        return codes.astype(wide, copy=False) + 1, cats

    def keys(self) -> dict[str, Any]:
        """from_columns' key and optional columns, as ``(codes, categories)`` pairs."""
        import numpy as np

        from commit_mef.observations import Basis
        from commit_mef.observations._encoding import DEFAULTS

        out: dict[str, Any] = {}
        for name in (*_KEYS, *_TEXTS, "bound", *_JSON):
            if self.has(name) and name != "text":  # texts are values, read with them
                read = _reader(name)
                codes, cats = self.encoded(name, read if name in _JSON else _text_only(read))
                default = Basis.TOTAL if name == "basis" else DEFAULTS.get(name)
                if name in ("indicator", "country") and cats[0] is None and len(cats) > 1:
                    first = int(np.argmax(codes == cats.index(None)))
                    self.bad(first, name, "the cell is empty; every row needs one")
                out[name] = (codes, [default if c is None else c for c in cats])
        return out


def _text_only(read: Callable[[str], Any]) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, str):
            return read(value)
        if read is str:
            raise InvalidTypeError(f"expected text, got {type(value).__name__}")
        return read(value)  # years as ints, Period objects, Country objects...

    return check


def from_pandas(frame: pandas.DataFrame) -> ObservationTable:
    """Read back a DataFrame made by :func:`to_pandas` (or one with some of its columns).

    Categorical columns go straight in (each category read once), other columns
    are factorized by pandas; ``value`` may hold exact decimals (Arrow
    ``decimal128`` or :class:`~decimal.Decimal`), integers or decimal texts, never
    floats.  Only ``indicator`` and ``country`` are required; ``kind`` is
    inferred where absent (money where a currency is given, a number where a
    value is, else no value).  The frames of the earlier layout, with the yes/no
    or the text in ``value``, are read too.  A number beyond the readers' shared limit
    (more than 100 significant digits, or an exponent beyond +-100, such as
    ``1e999999999``) is refused at once, never expanded.

    Raises:
        ImportError: pandas is not installed (``pip install 'commit-mef[pandas]'``).
        LoadError: Every problem found, each located by row (its position) and column.

    Examples:
        >>> import pandas as pd
        >>> from commit_mef import io
        >>> frame = pd.DataFrame({"indicator": ["x"], "country": ["Lao PDR"], "kind": ["number"], "value": ["440"]})
        >>> [o.value for o in io.from_pandas(frame)]
        [Decimal('440')]
        >>> io.from_pandas(pd.DataFrame({"indicator": ["x"], "country": ["KHM"], "value": ["1e999999999"]}))
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: DataFrame: 1 problem
          '1e999999999': the exponent 999999999 is out of range; ... @ row 0, column 'value'
    """
    from commit_mef.io._pandas_read import build

    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        raise InvalidTypeError(f"from_pandas() takes a DataFrame, got {type(frame).__name__}")
    reader = _Frame(frame, pd)
    for name in ("indicator", "country"):
        if not reader.has(name):
            reader.problems.append(Problem("/header", f"required column {name!r} missing; add it"))
    if reader.problems:
        raise LoadError(reader.problems, source=_SOURCE)
    return build(reader)
