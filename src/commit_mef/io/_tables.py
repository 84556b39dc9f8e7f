"""Codecs for the public types that are not plain attrs classes: rate and observation tables.

An :class:`~commit_mef.ObservationTable` is written column by column, each key
column dictionary-encoded (its distinct values once, then one integer code per
row), the numbers as exact integers scaled by one power of ten::

    {"rows": 2, "exponent": -2, "magnitude": [14900, 2100],
     "columns": {"indicator": {"categories": ["budget"], "codes": [0, 0]},
                 "kind": {"categories": ["money"], "codes": [0, 0]}, ...},
     "dimensions": {"sex": {"categories": [null, "female"], "codes": [1, 0]}}}

Reading never trusts the declared ``rows``: every column must have exactly that
many codes, every code must name a category, and nothing is allocated from the
declared count.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from commit_mef.errors import CommitMefError, LoadError, Problem
from commit_mef.io._envelope import public_type
from commit_mef.io._json import Limits
from commit_mef.money._parse import MAX_DECIMAL_EXPONENT

__all__ = ["Codec", "SchemaOf", "codec_for"]

KINDS = ("none", "number", "money", "bool", "text")

#: ``schema_of(type, defs)``: the schema of a field type, adding definitions to ``defs``.
#: Passed in by the schema module, so that this one does not import it back.
SchemaOf = Callable[[Any, dict[str, Any]], dict[str, Any]]


@attrs.frozen
class Codec:
    """How one type becomes JSON data and back, and the JSON Schema of that data."""

    unstructure: Callable[[Any], Any]
    structure: Callable[[Any, Limits], Any]
    schema: Callable[[dict[str, Any], SchemaOf], dict[str, Any]]


def codec_for(cls: type) -> Codec | None:
    """The codec of ``cls``, or ``None`` when the cattrs converter handles it."""
    name = cls.__name__
    if name == "RateTable" and public_type(name) is cls:
        return Codec(_rates_out, _rates_in, _rates_schema)
    if name == "ObservationTable" and public_type(name) is cls:
        return Codec(_table_out, _table_in, _table_schema)
    return None


# -- rate tables: a list of rates -------------------------------------------------------------
def _rates_out(table: Any) -> list[Any]:
    from commit_mef.io._converter import converter
    from commit_mef.rates import ExchangeRate

    return [converter().unstructure(rate, ExchangeRate) for rate in table.rates]


def _rates_in(data: Any, _limits: Limits) -> Any:
    from commit_mef.io._converter import converter, problems_from
    from commit_mef.rates import ExchangeRate, RateTable

    try:
        rates = converter().structure(data, tuple[ExchangeRate, ...])
    except Exception as exc:  # every failure becomes a located Problem
        raise LoadError(problems_from(exc, "$.data")) from None
    try:
        return RateTable(rates)
    except CommitMefError as exc:
        raise LoadError([Problem("$.data", str(exc))]) from None


def _rates_schema(defs: dict[str, Any], schema_of: SchemaOf) -> dict[str, Any]:
    from commit_mef.rates import ExchangeRate

    return {"type": "array", "items": schema_of(ExchangeRate, defs)}


# -- observation tables: columns ---------------------------------------------------------------
def _category_types() -> dict[str, Any]:
    """The Python type of each column's categories (what the converter structures)."""
    from commit_mef.countries import Country
    from commit_mef.money import Currency, Money
    from commit_mef.observations import Basis, Bound, CountryPair
    from commit_mef.periods import Period
    from commit_mef.sources import QualityFlag, SourceRef

    text = str | None
    return {
        "kind": str,
        "indicator": str,
        "country": Country | CountryPair,
        "period": Period | None,
        "unit": text,
        "basis": Basis,
        "currency": Currency | None,
        "id": text,
        "text": text,
        "source": SourceRef | None,
        "flags": tuple[QualityFlag, ...],
        "subset_of": text,
        "same_as": text,
        "stated": Money | None,
        "recipient": text,
        "approximate": bool,
        "bound": Bound | None,
        "as_written": text,
        "details": tuple[tuple[str, str], ...],
    }


#: Columns whose JSON categories are handed to the table as they are (strings), so
#: that the table dictionary-encodes hashable strings and converts each distinct one.
_RAW = frozenset({"indicator", "country", "period", "unit", "basis", "currency"})
_REQUIRED = ("kind", "indicator", "country")
_DIM = "dim:"


def _table_out(table: Any) -> dict[str, Any]:
    from commit_mef.io._converter import converter

    conv = converter()
    types = _category_types()
    cols = table.columns()
    columns: dict[str, Any] = {}
    dimensions: dict[str, Any] = {}
    for name, value in cols.items():
        if name in ("magnitude", "exponent"):
            continue
        codes, cats = value
        if name.startswith(_DIM):
            dimensions[name[len(_DIM) :]] = {"categories": list(cats), "codes": codes.tolist()}
            continue
        if name == "country":
            categories: list[Any] = [_place_out(c) for c in cats]
        elif name == "kind":
            categories = list(cats)
        else:
            want = Any if name == "currency" else types.get(name, Any)
            categories = [conv.unstructure(c, want) for c in cats]
        columns[name] = {"categories": categories, "codes": codes.tolist()}
    return {
        "rows": len(table),
        "exponent": cols["exponent"],
        "magnitude": [int(m) for m in cols["magnitude"].tolist()],
        "columns": columns,
        "dimensions": dimensions,
    }


def _place_out(place: Any) -> str:
    return str(place.code if hasattr(place, "code") else place.alpha_3)


class _Reader:
    """Checks one columnar document, collecting every problem before building anything."""

    def __init__(self, data: Any, limits: Limits) -> None:
        self.data = data
        self.limits = limits
        self.problems: list[Problem] = []
        self.rows = 0

    def problem(self, path: str, message: str, **fields: str | None) -> None:
        self.problems.append(Problem(path, message, **fields))

    def header(self) -> bool:
        from commit_mef.io._converter import describe

        data = self.data
        if type(data) is not dict:
            self.problem(
                "$.data", f"expected an object (an observation table), got {describe(data)}"
            )
            return False
        allowed = {"rows", "exponent", "magnitude", "columns", "dimensions"}
        extra = sorted(set(data) - allowed)
        if extra:
            names = ", ".join(repr(k) for k in extra)
            self.problem("$.data", f"unexpected keys {names}; remove them", code="unknown")
        for key in ("rows", "exponent", "magnitude", "columns"):
            if key not in data:
                self.problem(f"$.data.{key}", "required key missing; add it", code="missing")
        rows, exponent = data.get("rows"), data.get("exponent")
        if "rows" in data and (type(rows) is not int or rows < 0):
            self.problem(
                "$.data.rows", f"expected a row count (an integer >= 0), got {describe(rows)}"
            )
        elif type(rows) is int and rows > self.limits.max_rows:
            self.problem(
                "$.data.rows",
                f"{rows:,} rows exceed the limit of {self.limits.max_rows:,}",
                code="limit",
                expected=f"at most {self.limits.max_rows:,} rows",
                got=f"{rows:,} rows",
                hint="raise Limits.max_rows if you trust the file",
            )
        elif type(rows) is int:
            self.rows = rows
        if "exponent" in data and (
            type(exponent) is not int or abs(exponent) > MAX_DECIMAL_EXPONENT
        ):
            self.problem(
                "$.data.exponent",
                f"expected an integer power of ten between -{MAX_DECIMAL_EXPONENT} and "
                f"{MAX_DECIMAL_EXPONENT} (the readers' limit), got {describe(exponent)}",
            )
        return not self.problems

    def magnitudes(self) -> list[int]:
        from commit_mef.io._converter import describe

        mags = self.data["magnitude"]
        path = "$.data.magnitude"
        if type(mags) is not list:
            self.problem(path, f"expected an array of integers, got {describe(mags)}")
            return []
        if len(mags) != self.rows:
            self.problem(path, self._count(len(mags), "magnitudes"))
            return []
        if mags and set(map(type, mags)) != {int}:
            i, bad = next((i, m) for i, m in enumerate(mags) if type(m) is not int)
            self.problem(
                f"{path}[{i}]",
                f"expected an integer (the number scaled by 10**exponent), got {describe(bad)}",
            )
        return mags

    def _count(self, n: int, what: str) -> str:
        return (
            f"the table declares {self.rows:,} rows but this column has {n:,} {what}; "
            "every column needs one entry per row"
        )

    def column(  # noqa: PLR0911 - one early return per malformation
        self, path: str, value: Any, want: Any, *, raw: bool = False
    ) -> tuple[Any, tuple[Any, ...]] | None:
        """Check one ``{"categories", "codes"}`` column; return numpy codes and categories."""
        import numpy as np

        from commit_mef.io._converter import converter, describe, problems_from

        if type(value) is not dict:
            self.problem(
                path,
                f'expected an object {{"categories": [...], "codes": [...]}}, got {describe(value)}',
            )
            return None
        extra = sorted(set(value) - {"categories", "codes"})
        if extra:
            self.problem(path, f"unexpected keys {', '.join(repr(k) for k in extra)}; remove them")
        cats: Any = value.get("categories")
        codes: Any = value.get("codes")
        ok = True
        if type(cats) is not list:
            self.problem(f"{path}.categories", f"expected an array, got {describe(cats)}")
            ok = False
        if type(codes) is not list:
            self.problem(f"{path}.codes", f"expected an array of integers, got {describe(codes)}")
            return None
        if len(codes) != self.rows:
            self.problem(f"{path}.codes", self._count(len(codes), "codes"))
            return None
        if codes and set(map(type, codes)) != {int}:
            i, bad = next((i, c) for i, c in enumerate(codes) if type(c) is not int)
            self.problem(f"{path}.codes[{i}]", f"expected an integer code, got {describe(bad)}")
            return None
        if not ok:
            return None
        array = np.asarray(codes, dtype=np.int64) if codes else np.zeros(0, dtype=np.int64)
        if array.size and (int(array.min()) < 0 or int(array.max()) >= len(cats)):
            i = int(np.flatnonzero((array < 0) | (array >= len(cats)))[0])
            self.problem(
                f"{path}.codes[{i}]",
                f"code {codes[i]} names no category (there are {len(cats)}); codes count from 0",
            )
            return None
        if want is str and all(type(c) is str for c in cats):
            return array, tuple(cats)
        try:
            structured = converter().structure(cats, tuple[want, ...])
        except Exception as exc:  # every failure becomes a located Problem
            self.problems.extend(problems_from(exc, f"{path}.categories"))
            return None
        # Checked; hand raw strings on where the table converts each distinct one itself.
        return array, tuple(cats) if raw else structured


def _expand(cats: tuple[Any, ...], codes: Any) -> Any:
    import numpy as np

    table = np.empty(len(cats), dtype=object)
    for i, cat in enumerate(cats):
        table[i] = cat
    return table[codes]


def _table_in(data: Any, limits: Limits) -> Any:  # noqa: PLR0912 - one branch per column rule
    reader = _Reader(data, limits)
    if not reader.header():
        raise LoadError(reader.problems)
    mags = reader.magnitudes()
    columns, dimensions = data["columns"], data.get("dimensions", {})
    types = _category_types()
    found: dict[str, tuple[Any, tuple[Any, ...]]] = {}
    if type(columns) is not dict:
        reader.problem("$.data.columns", "expected an object of columns")
        columns = {}
    for name in _REQUIRED:
        if name not in columns:
            reader.problem(f"$.data.columns.{name}", "required column missing; add it")
    for name, value in columns.items():
        if name not in types:
            reader.problem(
                f"$.data.columns[{name!r}]", f"unknown column; columns are {', '.join(types)}"
            )
            continue
        column = reader.column(f"$.data.columns.{name}", value, types[name], raw=name in _RAW)
        if column is not None:
            found[name] = column
    if type(dimensions) is not dict:
        reader.problem("$.data.dimensions", "expected an object of dimension columns")
        dimensions = {}
    for name, value in dimensions.items():
        column = reader.column(f"$.data.dimensions[{name!r}]", value, str | None)
        if column is not None:
            found[_DIM + name] = column
    if "kind" in found:
        bad = [k for k in found["kind"][1] if k not in KINDS]
        if bad:
            reader.problem(
                "$.data.columns.kind.categories",
                f"expected kinds among {', '.join(KINDS)}, got {bad[0]!r}",
            )
    if reader.problems:
        raise LoadError(reader.problems)
    try:
        return _build(reader.rows, data["exponent"], mags, found)
    except LoadError:
        raise
    except Exception as exc:  # the table's own checks: reported at the table
        raise LoadError([Problem("$.data", f"{exc}")]) from None


def _build(
    n: int, exponent: int, mags: list[int], found: dict[str, tuple[Any, tuple[Any, ...]]]
) -> Any:
    import numpy as np

    from commit_mef.money import Money
    from commit_mef.observations import ObservationTable
    from commit_mef.observations._encoding import OPTIONAL

    def column(name: str) -> Any:
        if name not in found:
            return None
        codes, cats = found[name]
        return _expand(cats, codes)

    kind_codes, kind_cats = found["kind"]
    kinds = {k for i, k in enumerate(kind_cats) if i in set(np.unique(kind_codes).tolist())}
    currency = column("currency")
    optional: dict[str, Any] = {
        name: column(name) for name in OPTIONAL if name != "text" and name in found
    }
    dims = {name[len(_DIM) :]: column(name) for name in found if name.startswith(_DIM)}
    common: dict[str, Any] = {
        "indicator": column("indicator"),
        "country": column("country"),
        "period": column("period"),
        "unit": column("unit"),
        "basis": column("basis") if "basis" in found else "total",
        "disaggregation": dims or None,
        **optional,
    }
    if n == 0:
        return ObservationTable.empty()
    if kinds <= {"number", "money"}:
        money_rows = _expand(tuple(k == "money" for k in kind_cats), kind_codes).astype(bool)
        has_currency = (
            np.zeros(n, dtype=bool)
            if currency is None
            else np.asarray([c is not None for c in currency], dtype=bool)
        )
        wrong = np.flatnonzero(money_rows != has_currency)
        if wrong.size:
            i = int(wrong[0])
            what = (
                "a money value needs a currency"
                if money_rows[i]
                else "a plain number has no currency"
            )
            raise LoadError([Problem(f"$.data.columns.currency.codes[{i}]", what)])
        try:
            magnitude: Any = np.asarray(mags, dtype=np.int64)
        except OverflowError:
            magnitude = mags
        return ObservationTable.from_columns(
            magnitude=magnitude, exponent=exponent, currency=currency, **common
        )
    texts = column("text")
    kind_of = _expand(kind_cats, kind_codes)
    values: list[Any] = []
    scale = Decimal(1).scaleb(exponent)
    for i in range(n):
        kind = kind_of[i]
        if kind == "number":
            values.append(Decimal(mags[i]) * scale)
        elif kind == "money":
            values.append(
                Money(Decimal(mags[i]) * scale, currency[i]) if currency is not None else None
            )
        elif kind == "bool":
            values.append(mags[i] != 0)
        elif kind == "text":
            values.append(texts[i] if texts is not None else None)
        else:
            values.append(None)
    return ObservationTable.from_columns(value=values, **common)


def _table_schema(defs: dict[str, Any], schema_of: SchemaOf) -> dict[str, Any]:
    types = _category_types()
    codes = {"type": "array", "items": {"type": "integer", "minimum": 0}}

    def col(item: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {"categories": {"type": "array", "items": item}, "codes": codes},
            "required": ["categories", "codes"],
            "additionalProperties": False,
        }

    columns = {name: col(schema_of(t, defs)) for name, t in types.items()}
    columns["kind"] = col({"enum": list(KINDS)})
    columns["country"] = col({"$ref": "#/$defs/place"})
    columns["indicator"] = col({"$ref": "#/$defs/id"})
    columns["basis"] = col(schema_of(types["basis"], defs))
    return {
        "type": "object",
        "properties": {
            "rows": {"type": "integer", "minimum": 0},
            "exponent": {"type": "integer"},
            "magnitude": {"type": "array", "items": {"type": "integer"}},
            "columns": {
                "type": "object",
                "properties": columns,
                "required": list(_REQUIRED),
                "additionalProperties": False,
            },
            "dimensions": {
                "type": "object",
                "additionalProperties": col({"type": ["string", "null"]}),
            },
        },
        "required": ["rows", "exponent", "magnitude", "columns"],
        "additionalProperties": False,
    }
