"""The one pass over an engine table: its rows grouped by every key the rules look at, counted and summed."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

import attrs

from commit_mef.observations import Basis

__all__ = [
    "KEYS",
    "OPTIONAL",
    "Group",
    "Profile",
    "Seals",
    "SumOverflow",
    "census",
    "footers",
    "profile",
]

#: The columns the profile groups by (with every ``dim.*`` column after them).
KEYS = ("kind", "country", "period", "basis", "unit", "currency", "approximate", "bound", "flags")
#: The columns that may be empty in every row, which the pass and the checks then skip.
OPTIONAL = (
    "basis",
    "unit",
    "currency",
    "bound",
    "flags",
    "id",
    "same_as",
    "subset_of",
    "recipient",
)
_EXACT = Context(prec=80)


@functools.cache
def _place(text: str) -> Any:
    from commit_mef.observations._observation import to_place

    return to_place(text)


@functools.cache
def _period(text: str | None) -> Any:
    from commit_mef.observations._observation import to_period

    return to_period(text)


@attrs.frozen(kw_only=True)
class Group:
    """One distinct combination of the profile's keys, as the engine returned it."""

    kind: str
    country: Any
    period: Any
    basis: Basis
    unit: str | None
    currency: str | None
    quality: tuple[bool, str | None, str | None]
    dims: tuple[str | None, ...]
    rows: int
    magnitude: int
    ids: tuple[str, ...]
    links: int
    subsets: int = 0
    low: Any = None
    high: Any = None
    fractions: int = 0


@attrs.frozen(kw_only=True)
class Profile:
    """What the one pass found: the groups, the scale of the sums, the dimension columns, the columns with values."""

    groups: tuple[Group, ...]
    exponent: int
    dims: tuple[str, ...]
    filled: frozenset[str] = frozenset()
    seals: Seals | None = None

    def valued(self) -> list[Group]:
        """The groups of rows that hold a value (kind other than ``none``)."""
        return [g for g in self.groups if g.kind != "none"]

    def kinds(self) -> list[int]:
        """The rows per value kind, in the order of the table's kinds."""
        from commit_mef.observations._encoding import KINDS

        counts = [0] * len(KINDS)
        for g in self.groups:
            counts[KINDS.index(g.kind)] += g.rows
        return counts

    def per(self, pick: Any, groups: Iterable[Group] | None = None) -> dict[Any, int]:
        """Rows per value of ``pick(group)``."""
        out: dict[Any, int] = {}
        for g in self.valued() if groups is None else groups:
            key = pick(g)
            out[key] = out.get(key, 0) + g.rows
        return out


def _scale(table: Any) -> int:
    kind = table.schema()["value"]
    return int(getattr(kind, "scale", 0) or 0) if kind.is_decimal() else 0


def census(table: Any) -> frozenset[str]:
    """The columns of :data:`OPTIONAL` (and ``dim.*``) that hold a value in some row, by one query of counts.

    A column empty in every row is one key for all rows, so the pass need not group
    by it, and a check that reads it need not run.  For Parquet files on DuckDB,
    :func:`footers` answers the same without reading a column.
    """
    names = _optional(table)
    metrics = {f"c{i}": table[name].count() for i, name in enumerate(names)}
    metrics["approximate"] = table.approximate.any()
    counted = table.aggregate(**metrics).to_pyarrow().to_pylist()[0]
    filled = {name for i, name in enumerate(names) if counted[f"c{i}"]}
    if counted["approximate"]:
        filled.add("approximate")
    return frozenset(filled)


def _optional(table: Any) -> list[str]:
    return [*OPTIONAL, *(c for c in table.columns if c.startswith("dim."))]


class Seals:
    """The seals of the files a table reads, read only when a check asks what they prove.

    Reading them hashes the bytes they are sealed to (about a sixth of the first pass
    on the benchmark), which only the checks of repeated lines and identical rows
    need: an indicator that reaches neither reads none.
    """

    def __init__(self, con: Any, parquet: str) -> None:
        self._con = con
        self._parquet = parquet

    @functools.cached_property
    def columns(self) -> tuple[str, ...]:
        """The columns the seals prove the rows with a value distinct on (``io._seal.distinct_columns``), or none."""
        from commit_mef.io._seal import distinct_columns

        found = self._con.execute("SELECT file FROM glob(?)", [self._parquet]).fetchall()
        files = [f for (f,) in found]
        # a folder named key=value is a Hive partition, whose value DuckDB may read in
        # place of the file's own column: the seals speak of the files' columns only
        if any("=" in part for f in files for part in Path(f).parent.parts):
            return ()
        return distinct_columns(files) or ()


#: What :func:`footers` found: the filled columns, the constant ones with their value, and
#: the files' seals (None where they are set aside).
Footers = tuple[frozenset[str], dict[str, str], Seals | None]


#: The longest text the footers' statistics are trusted to hold whole (writers may cut longer ones).
_WHOLE = 64


def footers(table: Any, parquet: str, *, seals: bool = True) -> Footers | None:
    """What the Parquet footers (DuckDB's ``parquet_metadata``) tell, without reading a column; None off DuckDB.

    The :func:`census` (the optional columns that hold a value in some row), and the
    text key columns that hold one value in every row of every file, with that value.
    A column holds a value in a row group of rows unless its statistics count as many
    nulls as rows (a missing count is taken as a value); ``approximate`` is true
    somewhere unless every row group's greatest value is false or null.  A column is
    constant when every file has it, no row group has a null or lacks statistics, and
    the least of the least values is the greatest of the greatest.  With ``seals``, the
    seals :func:`commit_mef.io.write_parquet` put in the files' footers, read when a
    check asks (:class:`Seals`), name the columns no two rows with a value agree in.
    """
    backend = table._find_backend(use_default=True)
    if backend.name != "duckdb" or not hasattr(backend, "con"):
        return None
    import duckdb

    try:
        rows = _footer_rows(backend.con, parquet)
    except duckdb.Error:  # files that are not there or not Parquet: the census query answers
        return None
    valued = {name: (value, true) for name, value, true, _one in rows}
    filled = {name for name in _optional(table) if valued.get(name, (False, False))[0]}
    approximate = valued.get("approximate", (False, False))
    if approximate[0] and approximate[1]:
        filled.add("approximate")
    schema = table.schema()
    constant = {
        name: one
        for name, _value, _true, one in rows
        if one is not None
        and len(one) < _WHOLE
        and name in schema
        and name != "approximate"
        and schema[name].is_string()
    }
    return frozenset(filled), constant, Seals(backend.con, parquet) if seals else None


def _footer_rows(con: Any, parquet: str) -> list[tuple[str, bool, bool, str | None]]:
    """Per column of the files: holds a value somewhere, is true somewhere, its one value."""
    found: list[tuple[str, bool, bool, str | None]] = con.execute(
        "WITH m AS (SELECT * FROM parquet_metadata(?) WHERE row_group_num_rows > 0) "
        "SELECT path_in_schema, "
        "bool_or(stats_null_count IS NULL OR stats_null_count < row_group_num_rows), "
        "bool_or(coalesce(stats_max_value, 'true') NOT IN ('false', '0')), "
        "CASE WHEN count(DISTINCT file_name) = (SELECT count(DISTINCT file_name) FROM m) "
        "AND bool_and(coalesce(stats_null_count = 0, false)) "
        "AND count(stats_min_value) = count(*) AND count(stats_max_value) = count(*) "
        "AND min(stats_min_value) = max(stats_max_value) THEN min(stats_min_value) END "
        "FROM m GROUP BY path_in_schema",
        [parquet],
    ).fetchall()
    return found


def profile(table: Any, *, bounds: bool = False, known: Footers | None = None) -> Profile:
    """Group the rows by :data:`KEYS` and every dimension: rows, exact sum, ids, links and subsets.

    The sum is taken over the ``value`` column as the engine's DECIMAL(38, s): exact
    integer arithmetic on the scaled amounts, never floats, and an overflow is the
    engine's error rather than a wrapped number.  Keys and metrics of columns that
    are empty in every row (:func:`census`) are left out of the query; with
    ``bounds`` each group also has its least and greatest value and its count of
    fractional values (for the entry checks of counts, percentages and levels);
    ``known`` is what :func:`footers` found for the files the table reads: it answers
    the census and names the keys with one value in every row, which the pass then
    does not group by.
    """
    filled, constant, seals = known if known is not None else (census(table), {}, None)
    dims = tuple(c for c in table.columns if c.startswith("dim."))
    keys = [c for c in (*KEYS, *dims) if c in filled or c in ("kind", "country", "period")]
    fixed = {k: constant[k] for k in keys if k in constant}  # one value in every row: no key
    keys = [k for k in keys if k not in fixed]
    scale = _scale(table)
    value = (
        table.value if table.schema()["value"].is_decimal() else table.value.cast("decimal(38, 0)")
    )
    # the sum typed as the engines compute it (Ibis would widen its scale, and a sum of 37
    # or 38 digits would then not fit)
    metrics: dict[str, Any] = {
        "n": table.count(),
        "total": value.sum().cast(f"decimal(38, {scale})"),
    }
    if "id" in filled:
        metrics["ids"] = table.id.collect()
    if "same_as" in filled:
        metrics["links"] = table.same_as.count()
    if "subset_of" in filled:
        metrics["subsets"] = table.subset_of.count()
    if bounds:
        metrics["low"], metrics["high"] = table.value.min(), table.value.max()
        metrics["fractions"] = ((table.value % 1) != 0).cast("int64").sum()
    query = table.group_by(keys).aggregate(**metrics) if keys else table.aggregate(**metrics)
    try:
        found = query.to_pyarrow().to_pylist()
    except Exception as exc:
        if _overflow(exc):
            raise SumOverflow(str(exc)) from exc
        raise
    merged = [{**fixed, **row} for row in found if row["n"]]  # no key: no rows make one row
    if any(row["total"] is None and row["kind"] in _SUMMED for row in merged):
        # a sum the engine left empty (Spark outside ANSI mode on overflow; or rows that
        # say they hold a number and hold none, which the rows' own reading refuses)
        raise SumOverflow("a sum the engine left empty")
    groups = [_group(row, scale, dims) for row in merged]
    return Profile(
        groups=tuple(groups),
        exponent=-scale,
        dims=tuple(d[4:] for d in dims),
        filled=filled,
        seals=seals,
    )


#: The kinds whose rows hold a value, so that a group of them always has a sum.
_SUMMED = ("number", "money", "bool")


class SumOverflow(Exception):  # noqa: N818 - a signal to the caller, never raised out of the package
    """A group's sum the engine cannot give (past its DECIMAL(38, s)): the caller sums in Python."""


def _overflow(exc: Exception) -> bool:
    """Whether an engine's error is a numeric overflow (DuckDB's, or Spark's in ANSI mode)."""
    kinds = {type(exc).__name__, *(k.__name__ for k in type(exc).__mro__)}
    if "OutOfRangeException" in kinds or "ArithmeticException" in kinds:
        return True
    text = str(exc)
    return any(
        marker in text
        for marker in ("ARITHMETIC_OVERFLOW", "NUMERIC_VALUE_OUT_OF_RANGE", "Overflow in SUM")
    )


def _group(row: dict[str, Any], scale: int, dims: tuple[str, ...]) -> Group:
    """One row of the pass as a :class:`Group` (a key left out of the query is empty)."""
    total = row["total"]
    magnitude = 0 if total is None else int(Decimal(total).scaleb(scale, _EXACT))
    return Group(
        kind=row["kind"],
        country=_place(row["country"]),
        period=_period(row["period"]),
        basis=Basis(row.get("basis") or "total"),
        unit=row.get("unit"),
        currency=row.get("currency"),
        quality=(bool(row.get("approximate")), row.get("bound"), row.get("flags")),
        dims=tuple(row.get(d) for d in dims),
        rows=int(row["n"]),
        magnitude=magnitude,
        ids=tuple(row.get("ids") or ()),
        links=int(row.get("links") or 0),
        subsets=int(row.get("subsets") or 0),
        low=row.get("low"),
        high=row.get("high"),
        fractions=int(row.get("fractions") or 0),
    )
