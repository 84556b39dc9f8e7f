"""Building an observation table: its column layout, and encoding rows, columns or tables into it.

The table keeps one dictionary-encoded ``(codes, categories)`` pair per key
column (:data:`REQUIRED`, the :data:`OPTIONAL` columns some row uses, one
``"dim:<dimension>"`` per disaggregation dimension), a value kind per row
(:data:`KINDS`) and exact magnitudes scaled by one power of ten.  The functions
here turn observations, columns or other tables into that storage and hand it
to ``ObservationTable._make``; the class methods of
:class:`~commit_mef.observations.ObservationTable` delegate to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef.countries import Country
from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.money import Money
from commit_mef.observations import _columns as cols_
from commit_mef.observations._observation import (
    Basis,
    Bound,
    CountryPair,
    Observation,
    Place,
    Value,
    to_flags,
    to_pairs,
    to_period,
    to_place,
    to_value,
)
from commit_mef.periods import Period
from commit_mef.sources import SourceRef

if TYPE_CHECKING:
    import numpy.typing as npt

    from commit_mef.observations._table import ObservationTable

# Value kinds, stored per row as a code into this tuple.
KINDS: tuple[str, ...] = ("none", "number", "money", "bool", "text")
NONE, NUMBER, MONEY, BOOL, TEXT = range(5)

#: Key columns every table has (dictionary-encoded, required).
REQUIRED = ("indicator", "country", "period", "unit", "basis", "currency", "kind")
#: Columns held only when some row has a value other than the default (None / () / False).
OPTIONAL = (
    "id",
    "text",
    "source",
    "flags",
    "subset_of",
    "same_as",
    "stated",
    "recipient",
    "approximate",
    "bound",
    "as_written",
    "details",
)
DEFAULTS: dict[str, Any] = {"flags": (), "details": (), "approximate": False}
DIM = "dim:"

_SCALARS = (
    str,
    bytes,
    Country,
    CountryPair,
    Period,
    Basis,
    Bound,
    bool,
    int,
    Decimal,
    Money,
    SourceRef,
)


def _column(value: object, n: int, name: str) -> Sequence[Any] | npt.NDArray[Any] | _Raw:
    """A key column of length ``n``: a scalar stored once, a pre-encoded column as its codes."""
    if value is None or isinstance(value, _SCALARS):
        return _Raw(cols_.constant_codes(n), [value])
    pre = cols_.pre_encoded(value, path=f"ObservationTable.from_columns({name}=...)")
    if pre is not None:
        if len(pre[0]) != n:
            raise ValidationError(
                f"has {len(pre[0])} values but the table has {n} rows; give one value per row "
                "or a single value for every row",
                path=f"ObservationTable.from_columns({name}=...)",
            )
        return _Raw(*pre)
    return _values(value, n, name)


def _values(value: object, n: int, name: str) -> Sequence[Any] | npt.NDArray[Any]:
    """A column of length ``n`` from a sequence or a scalar (broadcast)."""
    if value is None or isinstance(value, _SCALARS):
        return [value] * n
    if not hasattr(value, "__len__"):
        value = list(value)  # type: ignore[call-overload]
    if len(value) != n:  # type: ignore[arg-type]
        raise ValidationError(
            f"has {len(value)} values but the table has {n} rows; give one value per row "  # type: ignore[arg-type]
            "or a single value for every row",
            path=f"ObservationTable.from_columns({name}=...)",
        )
    return value  # type: ignore[return-value]


def _place_category(value: object) -> Place:
    return to_place(value)


def _period_category(value: object) -> Period | None:
    return to_period(value)


def _unit_category(value: object) -> str | None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidTypeError(f"a unit must be a non-empty string or None, got {value!r}")
    return value


def _currency_category(value: object) -> str | None:
    if value is None:
        return None
    from commit_mef.money import Currency, currency

    if isinstance(value, Currency):
        return value.code
    if isinstance(value, str):
        return currency(value).code
    raise InvalidTypeError(f"a currency must be an ISO 4217 code or a Currency, got {value!r}")


def _indicator_category(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidTypeError(f"an indicator id must be a non-empty string, got {value!r}")
    return value


# -- building a table ---------------------------------------------------------------------


def from_rows(cls: type[ObservationTable], rows: Iterable[Observation]) -> ObservationTable:
    """:meth:`ObservationTable.from_rows`: the table of some observations."""
    data: dict[str, list[Any]] = {name: [] for name in (*REQUIRED, *OPTIONAL)}
    dims: dict[str, list[str | None]] = {}
    values: list[Decimal | None] = []
    n = 0
    for i, obs in enumerate(rows):
        if not isinstance(obs, Observation):
            raise InvalidTypeError(
                f"ObservationTable.from_rows() takes Observation objects; row {i} is "
                f"{type(obs).__name__}"
            )
        data["indicator"].append(obs.indicator)
        data["country"].append(obs.country)
        data["period"].append(obs.period)
        data["unit"].append(obs.unit)
        data["basis"].append(obs.basis)
        kind, number, currency, text = split_value(obs.value)
        data["kind"].append(kind)
        data["currency"].append(currency)
        data["text"].append(text)
        values.append(number)
        for name in OPTIONAL:
            if name != "text":
                data[name].append(getattr(obs, name))
        seen = set()
        for key, code in obs.disaggregation:
            seen.add(key)
            dims.setdefault(key, [None] * n).append(code)
        for key, column in dims.items():
            if key not in seen:
                column.append(None)
        n += 1
    python = n < cols_.SMALL_ROWS
    mags, exponent = _scale_all(values, python=python)
    return _build(cls, n, data, dims, mags=mags, exponent=exponent, python=python)


def _build(
    cls: type[ObservationTable],
    n: int,
    data: Mapping[str, Sequence[Any] | npt.NDArray[Any] | _Encoded | _Raw | None],
    dims: Mapping[str, Sequence[Any] | npt.NDArray[Any] | _Raw],
    *,
    mags: Any,
    exponent: int,
    python: bool = False,
) -> ObservationTable:
    """Encode the key columns and hand the storage to ``cls._make``."""
    cols: dict[str, tuple[Any, tuple[Any, ...]]] = {}
    converters: dict[str, Callable[[Any], Any]] = {
        "indicator": _indicator_category,
        "country": _place_category,
        "period": _period_category,
        "unit": _unit_category,
        "basis": Basis,
        "currency": _currency_category,
    }
    for name in REQUIRED:
        if name == "kind":
            continue
        column = data[name]
        if column is not None:
            cols[name] = _encode(column, converters[name], python=python)
    kinds: Any = data["kind"]
    if python:
        cols["kind"] = (list(kinds), KINDS)
    else:
        import numpy as np

        cols["kind"] = (np.asarray(kinds, dtype=np.uint8).reshape(-1), KINDS)
    for name in OPTIONAL:
        column = data.get(name)
        if column is None or isinstance(column, _Encoded):
            continue
        default = DEFAULTS.get(name)
        codes, cats = _encode(column, _optional_converter(name), python=python)
        if cats == (default,):
            continue
        cols[name] = _default_first(codes, cats, default)
    for key in sorted(dims):
        codes, cats = _encode(dims[key], _dimension_code, python=python)
        if cats != (None,):
            cols[DIM + key] = _default_first(codes, cats, None)
    return cls._make(n, cols, mags, exponent)


def _encode(
    column: Sequence[Any] | npt.NDArray[Any] | _Encoded | _Raw,
    convert: Callable[[Any], Any] | None,
    *,
    python: bool = False,
) -> tuple[Any, tuple[Any, ...]]:
    """A column's ``(codes, categories)``, whichever form it came in."""
    if isinstance(column, _Encoded):
        return column.codes, column.categories
    if isinstance(column, _Raw):
        return cols_.canonical(column.codes, column.categories, convert)
    return cols_.encode(column, convert, python=python)


def from_columns(
    cls: type[ObservationTable],
    *,
    indicator: str | Iterable[str],
    country: object,
    period: object = None,
    value: Sequence[object] | None = None,
    magnitude: Iterable[int] | None = None,
    exponent: int = 0,
    currency: object = None,
    unit: object = None,
    basis: object = Basis.TOTAL,
    disaggregation: Mapping[str, Iterable[str | None]] | None = None,
    **extra: object,
) -> ObservationTable:
    """:meth:`ObservationTable.from_columns`: the table of some columns."""
    import numpy as np

    unknown = sorted(set(extra) - set(OPTIONAL) - {"text"})
    if unknown or "text" in extra:
        raise InvalidTypeError(
            f"ObservationTable.from_columns() got unexpected columns {', '.join(unknown or ['text'])}; "
            f"optional columns are: {', '.join(n for n in OPTIONAL if n != 'text')}"
        )
    if (value is None) == (magnitude is None):
        raise ValidationError(
            "give the values either as value=[...] or as magnitude=[...] with exponent=, "
            "not both or neither",
            path="ObservationTable.from_columns",
        )
    n = _length(indicator, country, period, value, magnitude, currency)
    data: dict[str, Sequence[Any] | npt.NDArray[Any] | _Encoded | _Raw | None] = {
        "indicator": _column(indicator, n, "indicator"),
        "country": _column(country, n, "country"),
        "period": _column(period, n, "period"),
        "unit": _column(unit, n, "unit"),
        "basis": _column(basis, n, "basis"),
    }
    if magnitude is not None:
        if isinstance(exponent, bool) or not isinstance(exponent, int):
            raise InvalidTypeError(f"exponent must be an int, got {exponent!r}")
        mags = _magnitudes(magnitude, n)
        currencies = _column(currency, n, "currency")
        ccodes, ccats = _encode(currencies, _currency_category)
        kind_of = np.asarray([NUMBER if c is None else MONEY for c in ccats], dtype=np.uint8)
        # one byte a row, none when every row is money (or every row a number)
        one_kind = len(ccats) == 1 or bool((kind_of == kind_of[0]).all())
        data["kind"] = np.broadcast_to(kind_of[:1], (n,)) if one_kind else kind_of[ccodes]
        data["currency"] = _Encoded(ccodes, ccats)
        exp = exponent
    else:
        assert value is not None  # noqa: S101 - checked above
        if currency is not None:
            raise ValidationError(
                "currency= goes with magnitude=; with value= give Money values instead",
                path="ObservationTable.from_columns(currency=...)",
            )
        values = _values(value, n, "value")
        kinds_l, numbers, currencies_l, texts = [], [], [], []
        for raw in values:
            kind, number, cur, text = split_value(to_value(raw))
            kinds_l.append(kind)
            numbers.append(number)
            currencies_l.append(cur)
            texts.append(text)
        mags, exp = _scale_all(numbers)
        data["kind"] = np.asarray(kinds_l, dtype=np.uint8)
        data["currency"] = currencies_l
        data["text"] = texts
    for name, column in extra.items():
        data[name] = _column(column, n, name)
    dims = {k: _column(v, n, f"disaggregation[{k!r}]") for k, v in (disaggregation or {}).items()}
    return _build(cls, n, data, dims, mags=mags, exponent=exp)


def concat(cls: type[ObservationTable], parts: list[ObservationTable]) -> ObservationTable:
    """:meth:`ObservationTable.concat`: one table with the rows of several tables, in order."""
    if not parts:
        return cls.empty()
    n = sum(t._n for t in parts)
    if all(cols_.is_python(t._mags) for t in parts) and n < cols_.SMALL_ROWS:
        return _concat_python(cls, parts, n)
    import numpy as np

    parts = [t._as_numpy() for t in parts]
    exponent = min(t._exponent for t in parts)
    mags = [cols_.rescale(t._mags, t._exponent - exponent) for t in parts]
    if any(m.dtype == object for m in mags):
        joined = np.empty(sum(len(m) for m in mags), dtype=object)
        joined[:] = [int(v) for m in mags for v in m.tolist()]
    else:
        joined = np.concatenate(mags)
    names = list(dict.fromkeys(name for t in parts for name in t._cols))
    cols = {}
    for name in names:
        pieces = []
        for t in parts:
            if name in t._cols:
                pieces.append(t._cols[name])
            else:
                default = None if name.startswith(DIM) else DEFAULTS.get(name)
                pieces.append((np.zeros(t._n, dtype=np.uint8), (default,)))
        codes, cats = cols_.merge_categories(pieces)
        if name in OPTIONAL or name.startswith(DIM):
            codes, cats = _default_first(codes, cats, DEFAULTS.get(name))
        cols[name] = (codes, cats)
    return cls._make(n, cols, joined, exponent)


def _concat_python(
    cls: type[ObservationTable], parts: list[ObservationTable], n: int
) -> ObservationTable:
    exponent = min(t._exponent for t in parts)
    joined: list[int] = []
    for t in parts:
        joined.extend(cols_.rescale(t._mags, t._exponent - exponent))
    names = list(dict.fromkeys(name for t in parts for name in t._cols))
    cols = {}
    for name in names:
        pieces: list[tuple[Any, tuple[Any, ...]]] = []
        for t in parts:
            if name in t._cols:
                pieces.append(t._cols[name])
            else:
                default = None if name.startswith(DIM) else DEFAULTS.get(name)
                pieces.append(([0] * t._n, (default,)))
        codes, cats = cols_.merge_categories(pieces)
        if name in OPTIONAL or name.startswith(DIM):
            codes, cats = _default_first(codes, cats, DEFAULTS.get(name))
        cols[name] = (codes, cats)
    return cls._make(n, cols, joined, exponent)


# -- helpers ----------------------------------------------------------------------------


def split_value(value: Value) -> tuple[int, Decimal | None, str | None, str | None]:
    """``(kind, number, currency, text)`` of a value."""
    if value is None:
        return NONE, None, None, None
    if isinstance(value, bool):
        return BOOL, Decimal(int(value)), None, None
    if isinstance(value, Money):
        return MONEY, value.amount, value.currency.code, None
    if isinstance(value, Decimal):
        return NUMBER, value, None, None
    return TEXT, None, None, value


def _scale_all(values: Sequence[Decimal | None], *, python: bool = False) -> tuple[Any, int]:
    exps = [cols_.decimal_exponent(v) for v in values if v is not None]
    exponent = min(0, *exps) if exps else 0
    ints = [0 if v is None else cols_.scale(v, exponent) for v in values]
    return cols_.magnitude_array(ints, python=python), exponent


def _magnitudes(values: Any, n: int) -> Any:
    import numpy as np

    if len(values) != n:
        raise ValidationError(
            f"has {len(values)} values but the table has {n} rows; give one magnitude per row",
            path="ObservationTable.from_columns(magnitude=...)",
        )

    if isinstance(values, np.ndarray):
        if values.dtype.kind in "iu":
            if values.dtype.kind == "u" and values.size and int(values.max()) > cols_.INT64_MAX:
                return cols_.magnitude_array([int(v) for v in values.tolist()])
            # a copy: the table is immutable, whatever the caller does to its array later
            return values.astype(np.int64, copy=True).reshape(-1)
        if values.dtype != object:
            raise InvalidTypeError(
                f"magnitude must hold integers (scaled by 10**exponent), got a {values.dtype} "
                "array; floats are inexact: scale the amounts to integers first"
            )
        values = values.tolist()
    ints = list(values)
    for i, v in enumerate(ints):
        if isinstance(v, bool) or not isinstance(v, int):
            raise InvalidTypeError(
                f"magnitude[{i}] must be an int (scaled by 10**exponent), got "
                f"{type(v).__name__} {v!r}; pass value=[...] for Decimals"
            )
    return cols_.magnitude_array(ints)


def _length(*columns: object) -> int:
    for column in columns:
        if column is None or isinstance(column, _SCALARS):
            continue
        if isinstance(column, tuple) and len(column) == 2 and hasattr(column[0], "dtype"):
            return len(column[0])
        if hasattr(column, "__len__"):
            return len(column)
    return 1


def _optional_converter(name: str) -> Callable[[Any], Any] | None:
    if name == "flags":
        return to_flags
    if name == "details":
        return to_pairs
    return None


def _dimension_code(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidTypeError(f"a disaggregation code must be a string or None, got {value!r}")
    return value


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def _default_first(codes: Any, cats: tuple[Any, ...], default: Any) -> tuple[Any, tuple[Any, ...]]:
    """Re-encode so that category 0 is ``default`` (adding it if absent)."""
    if cats and _same(cats[0], default):
        return codes, cats
    order = [default]
    positions = []  # each category's place in order (categories are distinct)
    for c in cats:
        if _same(c, default):
            positions.append(0)
        else:
            positions.append(len(order))
            order.append(c)
    if cols_.is_python(codes):
        return [positions[c] for c in codes], tuple(order)
    import numpy as np

    if positions == list(
        range(1, len(cats) + 1)
    ):  # the default was absent: every code moves up one
        # widened as it is added (255 + 1 fits), in one pass
        return np.add(codes, 1, dtype=cols_.code_dtype(len(order)), casting="unsafe"), tuple(order)

    remap = np.asarray(positions, dtype=cols_.code_dtype(len(order)))
    return remap[codes], tuple(order)


@attrs.frozen
class _Raw:
    """A column handed over as codes into raw categories, not yet converted."""

    codes: npt.NDArray[Any]
    categories: list[Any]


@attrs.frozen
class _Encoded:
    """A column handed over already dictionary-encoded."""

    codes: npt.NDArray[Any]
    categories: tuple[Any, ...]
