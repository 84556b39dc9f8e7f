"""Observation tables as Arrow tables and Parquet files: typed columns, exact decimals, shared codes.

The layout (one column each, in this order; :data:`ARROW_COLUMNS`):

* key columns, dictionary-encoded strings: ``indicator``, ``country`` (alpha-3,
  or ``"KHM+VNM"`` for a pair), ``period`` (its label, ``"2011-2014"``), ``kind``
  (``none``, ``number``, ``money``, ``bool``, ``text``), ``currency``, ``unit``,
  ``basis``, and the optional texts ``id``, ``subset_of``, ``same_as``,
  ``recipient``, ``as_written``, ``text``, ``bound``;
* ``period_start`` and ``period_end``: ``date32``, for engines that filter on dates;
* ``value``: ``decimal128(38, s)``, the exact amount of a number or money (1 or 0
  for a yes/no), null for no value or a text;
* ``approximate``: boolean;
* ``stated``, ``source``, ``flags``, ``details``: dictionary-encoded JSON texts (the
  values as :func:`commit_mef.io.dumps` writes them, without the envelope);
* ``row``: ``int64``, the row's position in the table written, so that files read back
  in any order (partitions, engines) give the rows in their order;
* ``dim.<dimension>``: one dictionary-encoded code column per disaggregation dimension.

The table's codes are handed to Arrow as dictionary indices and read back the same way,
so neither direction builds one Python object per row for a key column.  The schema's
metadata (key ``commit_mef``) carries the format and version and, when given, the
indicators the figures measure; a Parquet file :func:`commit_mef.io.write_parquet` wrote may
also carry its seal (key ``commit_mef.distinct``, :mod:`commit_mef.io._seal`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from decimal import Context, Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.errors import InvalidTypeError, LoadError, Problem, ValidationError

if TYPE_CHECKING:
    import pyarrow

    from commit_mef.indicators import Indicator
    from commit_mef.observations import ObservationTable

__all__ = [
    "ARROW_COLUMNS",
    "arrow_indicators",
    "from_arrow",
    "to_arrow",
]

#: The columns of the Arrow layout, in order (``dim.<dimension>`` columns follow them).
ARROW_COLUMNS: tuple[str, ...] = (
    "indicator",
    "country",
    "period",
    "period_start",
    "period_end",
    "kind",
    "value",
    "currency",
    "unit",
    "basis",
    "id",
    "subset_of",
    "same_as",
    "recipient",
    "as_written",
    "text",
    "approximate",
    "bound",
    "stated",
    "source",
    "flags",
    "details",
    "row",
)
_TEXTS = ("id", "subset_of", "same_as", "recipient", "as_written", "text")
_JSON = ("stated", "source", "flags", "details")
_DIM = "dim."
_META = b"commit_mef"
_FORMAT = "commit-mef-arrow"
_VERSION = 1
#: The most digits an amount may have: Arrow's decimal128 (and DuckDB's, Spark's DECIMAL(38)).
MAX_DIGITS = 38


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
    except ImportError:
        raise ImportError(
            "commit_mef.io's Arrow and Parquet functions need pyarrow: "
            "pip install 'commit-mef[arrow]'"
        ) from None
    return pa


# -- categories to text and back ---------------------------------------------------------
def _place_text(place: Any) -> str:
    return str(getattr(place, "code", None) or place.alpha_3)


def _json_text(value: Any) -> str:
    from commit_mef.io._converter import converter

    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        data: Any = [list(p) for p in value]  # details: (name, value) pairs
    else:
        data = converter().unstructure(value)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _writer(name: str) -> Callable[[Any], str]:
    if name == "country":
        return _place_text
    if name in ("basis", "bound"):
        return lambda v: str(v.value)
    if name in _JSON:
        return _json_text
    return str


def _json_reader(name: str) -> Callable[[str], Any]:
    from commit_mef.io._converter import converter
    from commit_mef.money import Money
    from commit_mef.observations._observation import to_flags, to_pairs
    from commit_mef.sources import QualityFlag, SourceRef

    def read(text: str) -> Any:
        from commit_mef.io._json import parse_json

        data = parse_json(text)
        if name == "details":
            return to_pairs([tuple(p) for p in data])
        if name == "flags":
            return to_flags(converter().structure(data, tuple[QualityFlag, ...]))
        return converter().structure(data, Money if name == "stated" else SourceRef)

    return read


def _reader(name: str) -> Callable[[str], Any]:
    from commit_mef.observations import Basis
    from commit_mef.observations._encoding import _currency_category
    from commit_mef.observations._observation import Bound, to_period, to_place

    readers: dict[str, Callable[[str], Any]] = {
        "country": to_place,
        "period": to_period,
        "basis": Basis,
        "bound": Bound,
        "currency": _currency_category,
    }
    if name in _JSON:
        return _json_reader(name)
    return readers.get(name, str)


# -- writing ----------------------------------------------------------------------------
def _dictionary(pa: Any, codes: Any, cats: Sequence[Any], write: Callable[[Any], str]) -> Any:
    """A dictionary array of the table's codes: ``None`` categories become nulls."""
    import numpy as np

    texts: list[str] = []
    index: dict[str, int] = {}
    new = np.empty(len(cats), dtype=np.int32)
    null = np.zeros(len(cats), dtype=bool)
    for i, cat in enumerate(cats):
        if cat is None:
            null[i], new[i] = True, 0
            continue
        text = write(cat)
        new[i] = index.setdefault(text, len(texts))
        if new[i] == len(texts):
            texts.append(text)
    codes = np.asarray(codes, dtype=np.intp)
    indices = pa.array(new[codes], type=pa.int32(), mask=null[codes] if null.any() else None)
    return pa.DictionaryArray.from_arrays(indices, pa.array(texts, type=pa.string()))


def _decimals(pa: Any, mags: Any, exponent: int, present: Any) -> Any:
    """The exact amounts as ``decimal128(38, s)``, built from the scaled integers' bytes."""
    import numpy as np

    scale = max(0, -exponent)
    if exponent > 0 or mags.dtype == object:
        ints = [int(m) * 10 ** max(0, exponent) for m in mags.tolist()]
        if any(abs(i) >= 10**MAX_DIGITS for i in ints):
            raise _too_long()
        exact = Context(prec=MAX_DIGITS + 2)
        values = [Decimal(i).scaleb(-scale, exact) for i in ints]
        return pa.array(values, type=pa.decimal128(MAX_DIGITS, scale), mask=~present)
    words = np.empty((len(mags), 2), dtype=np.int64)
    words[:, 0] = mags
    words[:, 1] = mags >> 63  # the sign, extended over the high word
    validity = pa.array(present).buffers()[1] if not present.all() else None
    return pa.Array.from_buffers(
        pa.decimal128(MAX_DIGITS, scale), len(mags), [validity, pa.py_buffer(words)]
    )


def _too_long() -> ValidationError:
    return ValidationError(
        f"an amount has more than {MAX_DIGITS} digits, more than Arrow's decimal128 (and "
        "DuckDB's or Spark's DECIMAL(38)) holds; export such a table with io.dump or "
        "io.write_csv",
        path="ObservationTable.value",
    )


def _periods(pa: Any, codes: Any, cats: Sequence[Any], end: bool) -> Any:
    import numpy as np

    days = np.asarray(
        [0 if p is None else (p.end if end else p.start).toordinal() - 719163 for p in cats],
        dtype=np.int32,
    )
    null = np.asarray([p is None for p in cats], dtype=bool)
    codes = np.asarray(codes, dtype=np.intp)
    return pa.array(days[codes], type=pa.int32(), mask=null[codes]).cast(pa.date32())


def to_arrow(
    table: ObservationTable, *, indicators: Iterable[Indicator] = (), _rows: Any = None
) -> pyarrow.Table:
    """An observation table as an Arrow table in the layout above, exact and typed.

    Args:
        table: The observations.
        indicators: Indicators to record in the schema's metadata (read them back
            with :func:`arrow_indicators`), so that a file says what it measures.

    Raises:
        ImportError: pyarrow is not installed (``pip install 'commit-mef[arrow]'``).
        ValidationError: an amount has more than 38 digits.

    Examples:
        >>> from commit_mef import ObservationTable, io
        >>> table = ObservationTable.from_columns(indicator="budget", country=["KHM", "LAO"], period=2014,
        ...     magnitude=[150, 5], exponent=-2, currency="USD")
        >>> arrow = io.to_arrow(table)
        >>> arrow.schema.field("value").type, arrow.schema.field("country").type
        (Decimal128Type(decimal128(38, 2)), DictionaryType(dictionary<values=string, indices=int32, ordered=0>))
        >>> arrow.column("value").to_pylist()
        [Decimal('1.50'), Decimal('0.05')]
        >>> io.from_arrow(arrow) == table
        True
    """
    import numpy as np

    from commit_mef.io._csv import check_table
    from commit_mef.observations import _columns as cols_
    from commit_mef.observations._encoding import BOOL, KINDS, NUMBER

    pa = _pyarrow()
    table = check_table(table)
    np_table = table._as_numpy()
    cols = np_table._storage()
    n = len(np_table)
    arrays: dict[str, Any] = {}
    kinds = np.asarray(cols["kind"][0], dtype=np.intp)
    for name in ARROW_COLUMNS:
        if name in ("period_start", "period_end"):
            pcodes, pcats = cols["period"]
            arrays[name] = _periods(pa, pcodes, pcats, end=name == "period_end")
        elif name == "value":
            present = (kinds >= NUMBER) & (kinds <= BOOL)
            arrays[name] = _decimals(
                pa, cols_.numpy_magnitudes(cols["magnitude"]), cols["exponent"], present
            )
        elif name == "kind":
            arrays[name] = _dictionary(pa, kinds, KINDS, str)
        elif name == "row":
            arrays[name] = pa.array(np.arange(n) if _rows is None else _rows, type=pa.int64())
        elif name == "approximate":
            codes, cats = cols.get(name, (np.zeros(n, dtype=np.uint8), (False,)))
            arrays[name] = pa.array(np.asarray([bool(c) for c in cats], dtype=bool)[codes])
        else:
            codes, cats = cols.get(name, (np.zeros(n, dtype=np.uint8), (None,)))
            arrays[name] = _dictionary(pa, codes, cats, _writer(name))
    for dim in np_table.dimensions:
        dcodes, dcats = cols["dim:" + dim]
        arrays[_DIM + dim] = _dictionary(pa, dcodes, dcats, str)
    meta: dict[str, Any] = {"format": _FORMAT, "version": _VERSION}
    if indicators:
        from commit_mef.io import dumps

        meta["indicators"] = [dumps(i) for i in indicators]
    out = pa.table(arrays)
    return out.replace_schema_metadata({_META: json.dumps(meta).encode()})


# -- reading ----------------------------------------------------------------------------
def _has(column: tuple[Any, tuple[Any, ...]]) -> Any:
    """Per row, whether a dictionary-encoded column holds something other than ``None``."""
    import numpy as np

    codes, cats = column
    return np.asarray([c is not None for c in cats], dtype=bool)[codes]


class _Columns:
    """Reads the columns of one Arrow table into the table's storage, collecting problems."""

    def __init__(self, data: Any, source: str) -> None:
        self.pa = _pyarrow()
        self.data = data
        self.n = data.num_rows
        self.source = source
        self.problems: list[Problem] = []

    def bad(self, column: str, message: str) -> None:
        self.problems.append(Problem(f"column {column!r}", message))

    def encoded(
        self, name: str, read: Callable[[str], Any], null: Any = None
    ) -> tuple[Any, tuple[Any, ...]]:
        """``(codes, categories)`` of a text column: Arrow's dictionary indices, decoded once each."""
        import numpy as np
        import pyarrow.compute as pc

        column = self.data.column(name)
        if not self.pa.types.is_dictionary(column.type):
            column = pc.dictionary_encode(column)
        array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        if not self.pa.types.is_dictionary(array.type):  # an empty table
            array = pc.dictionary_encode(array)
        raw = array.dictionary.to_pylist()
        indices = array.indices.fill_null(len(raw)).to_numpy(zero_copy_only=False)
        index: dict[Any, int] = {}
        remap = []
        for value in [*raw, None] if array.null_count else raw:
            cat = null
            if value is not None:
                try:
                    if isinstance(value, str):
                        cat = read(value)
                    else:
                        self.bad(name, f"expected text, got {type(value).__name__} {value!r}")
                except (ValueError, LookupError, TypeError) as exc:
                    self.bad(name, f"{value!r}: {exc}")
            remap.append(index.setdefault(cat, len(index)))
        from commit_mef.observations import _columns as cols_

        table = np.asarray(remap, dtype=cols_.code_dtype(len(index)))
        try:
            return table[indices.astype(np.intp, copy=False)], tuple(index)
        except IndexError:  # an invalid array: a corrupted file's dictionary page
            self.bad(
                name,
                "the codes point past the end of the column's dictionary: the file is "
                "corrupted; write it again from its source",
            )
            return np.zeros(self.n, dtype=table.dtype), tuple(index)

    def values(self) -> tuple[Any, Any, int]:
        """The scaled integer magnitudes, which rows have a value, and the exponent."""
        import numpy as np

        pa = self.pa
        if "value" not in self.data.column_names:
            return np.zeros(self.n, dtype=np.int64), np.zeros(self.n, dtype=bool), 0
        column = self.data.column("value")
        kind = column.type
        if pa.types.is_integer(kind):
            column = column.cast(pa.decimal128(MAX_DIGITS, 0))
        elif not pa.types.is_decimal(kind) or kind.bit_width != 128:
            self.bad(
                "value", f"expected decimal128 (exact amounts), got {kind}; floats are inexact"
            )
            return np.zeros(self.n, dtype=np.int64), np.zeros(self.n, dtype=bool), 0
        array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        scale = array.type.scale
        present = array.is_valid().to_numpy(zero_copy_only=False)
        words = np.frombuffer(array.buffers()[1], dtype=np.int64)
        words = words[2 * array.offset : 2 * (array.offset + len(array))].reshape(-1, 2)
        low, high = words[:, 0], words[:, 1]
        if np.array_equal(high, low >> 63):
            mags = np.where(present, low, 0)
        else:  # beyond int64: Python ints, exact
            mags = np.empty(len(array), dtype=object)
            exact = Context(prec=MAX_DIGITS + 2)
            mags[:] = [0 if v is None else int(v.scaleb(scale, exact)) for v in array.to_pylist()]
        return mags, present, -scale if scale > 0 else 0 if scale == 0 else self._scale(scale)

    def keys(self) -> dict[str, tuple[Any, tuple[Any, ...]]]:
        """The required key columns (a missing one is all ``None``, basis ``total``)."""
        import numpy as np

        cols: dict[str, tuple[Any, tuple[Any, ...]]] = {}
        for name in ("indicator", "country", "period", "unit", "basis", "currency"):
            default = _reader(name)("total") if name == "basis" else None
            if name in self.data.column_names:
                cols[name] = self.encoded(name, _reader(name), default)
            else:
                cols[name] = (np.zeros(self.n, dtype=np.uint8), (default,))
        return cols

    def kinds(self, cols: dict[str, tuple[Any, tuple[Any, ...]]], present: Any) -> Any:
        """Each row's value kind: the ``kind`` column, or inferred from value and currency."""
        import numpy as np

        from commit_mef.observations._encoding import KINDS, MONEY, NONE, NUMBER

        if "kind" in self.data.column_names:
            codes, cats = self.encoded("kind", _kind_reader(KINDS))
            table = np.asarray([NONE if k is None else k for k in cats], dtype=np.uint8)
            return table[codes]
        money = _has(cols["currency"])
        return np.where(present, np.where(money, MONEY, NUMBER), NONE).astype(np.uint8)

    def optional(self) -> dict[str, tuple[Any, tuple[Any, ...]]]:
        """The optional columns and dimensions that some row uses, default first."""
        import numpy as np

        from commit_mef.observations._encoding import DEFAULTS, _default_first

        names = self.data.column_names
        cols: dict[str, tuple[Any, tuple[Any, ...]]] = {}
        for name in (*_TEXTS, "bound", *_JSON):
            if name in names:
                codes, cats = self.encoded(name, _reader(name))
                if any(c is not None for c in cats):
                    cols[name] = _default_first(codes, cats, DEFAULTS.get(name))
        if "approximate" in names:
            column = self.data.column("approximate")
            if not self.pa.types.is_boolean(column.type):
                self.bad("approximate", f"expected booleans, got {column.type}")
            else:
                flags = column.fill_null(False).to_numpy(zero_copy_only=False)
                if flags.any():
                    cols["approximate"] = (flags.astype(np.uint8), (False, True))
        for name in sorted(names):
            if name.startswith(_DIM) and len(name) > len(_DIM):
                codes, cats = self.encoded(name, str)
                if any(c is not None for c in cats):
                    cols["dim:" + name[len(_DIM) :]] = _default_first(codes, cats, None)
        return cols

    def check_rows(
        self,
        cols: dict[str, tuple[Any, tuple[Any, ...]]],
        *,
        kinds: Any,
        present: Any,
        mags: Any,
        exponent: int,
    ) -> None:
        """Each row's value agrees with its kind (vectorised; the first bad row is named)."""
        import numpy as np

        from commit_mef.observations._encoding import BOOL, MONEY, NONE, NUMBER, TEXT

        money = _has(cols["currency"])
        texts = _has(cols["text"]) if "text" in cols else np.zeros(self.n, dtype=bool)
        numeric = (kinds == NUMBER) | (kinds == MONEY) | (kinds == BOOL)
        checks = [
            ("value", numeric & ~present, "a number, money or yes/no row has no value"),
            (
                "value",
                ((kinds == NONE) | (kinds == TEXT)) & present,
                "a row of kind none or text has a value",
            ),
            ("currency", (kinds == MONEY) & ~money, "a money row has no currency"),
            ("currency", (kinds != MONEY) & money, "a row that is not money has a currency"),
            ("text", (kinds == TEXT) & ~texts, "a text row has no text"),
            ("text", (kinds != TEXT) & texts, "a row that is not a text has a text"),
        ]
        if mags.dtype != object:
            one = 10 ** (-exponent)
            yes_no = (kinds == BOOL) & (mags != 0) & (mags != one)
            checks.append(("value", yes_no, "a yes/no value is not 1 or 0"))
        for column, bad, what in checks:
            rows = np.flatnonzero(bad)
            if rows.size:
                self.bad(column, f"row {int(rows[0])}: {what} ({rows.size} row(s)); fix the row")

    def _scale(self, scale: int) -> int:
        self.bad(
            "value", f"a negative decimal scale ({scale}) is not supported; use scale 0 or more"
        )
        return 0


def from_arrow(data: pyarrow.Table, *, source: str = "Arrow table") -> ObservationTable:
    """Read an Arrow table in the layout of :func:`to_arrow` back into an observation table.

    Rows come in the order of the ``row`` column where there is one.  Dictionary
    columns go straight into the table's codes: each distinct code is
    decoded (and checked) once, whatever the number of rows.  Plain string columns
    (as engines return them) are dictionary-encoded first, by Arrow.  Only
    ``indicator`` and ``country`` are required; ``kind`` is inferred where absent
    (money where a currency is given, a number where a value is, else no value).

    Raises:
        ImportError: pyarrow is not installed (``pip install 'commit-mef[arrow]'``).
        LoadError: Every problem found, each naming its column.

    Examples:
        >>> import pyarrow as pa
        >>> from commit_mef import io
        >>> data = pa.table({"indicator": ["trained"], "country": ["Laos"], "period": ["2014"],
        ...                  "value": pa.array([440], pa.int64()), "unit": ["person"]})
        >>> [(o.country.name, o.value) for o in io.from_arrow(data)]
        [('Lao PDR', Decimal('440'))]
        >>> io.from_arrow(pa.table({"indicator": ["x"], "country": ["Atlantis"]}))
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: Arrow table: 1 problem
          'Atlantis': ... @ column 'country'
    """
    from commit_mef.observations import ObservationTable
    from commit_mef.observations._encoding import KINDS

    pa = _pyarrow()
    if not isinstance(data, pa.Table):
        raise InvalidTypeError(f"from_arrow() takes a pyarrow.Table, got {type(data).__name__}")
    if "row" in data.column_names and data.num_rows:
        data = data.sort_by("row")
    reader = _Columns(data, source)
    for name in ("indicator", "country"):
        if name not in data.column_names:
            reader.bad(name, "required column missing; add it")
    if reader.problems:
        raise LoadError(reader.problems, source=source)
    cols = reader.keys()
    mags, present, exponent = reader.values()
    kinds = reader.kinds(cols, present)
    cols.update(reader.optional())
    reader.check_rows(cols, kinds=kinds, present=present, mags=mags, exponent=exponent)
    if reader.problems:
        raise LoadError(reader.problems, source=source)
    cols["kind"] = (kinds, KINDS)
    return ObservationTable._make(data.num_rows, cols, mags, exponent)


def _kind_reader(kinds: tuple[str, ...]) -> Callable[[str], int]:
    def read(text: str) -> int:
        if text not in kinds:
            raise ValidationError(f"expected one of {', '.join(kinds)}")
        return kinds.index(text)

    return read


def arrow_indicators(data: pyarrow.Table | pyarrow.Schema) -> tuple[Indicator, ...]:
    """The indicators recorded in an Arrow table's (or Parquet file's) schema by :func:`to_arrow`.

    Examples:
        >>> from commit_mef import ObservationTable, io
        >>> from commit_mef.indicators import Indicator
        >>> trained = Indicator(id="trained", name="People trained", kind="count", unit="person")
        >>> table = ObservationTable.from_columns(indicator="trained", country="KHM", magnitude=[5], unit="person")
        >>> io.arrow_indicators(io.to_arrow(table, indicators=[trained])) == (trained,)
        True
    """
    from commit_mef.indicators import Indicator
    from commit_mef.io import loads

    pa = _pyarrow()
    schema = getattr(data, "schema", data)
    if not isinstance(schema, pa.Schema):
        raise InvalidTypeError(
            f"arrow_indicators() takes a pyarrow Table or Schema, got {type(data).__name__}"
        )
    meta = json.loads((schema.metadata or {}).get(_META, b"{}"))
    return tuple(loads(text, Indicator) for text in meta.get("indicators", ()))
