"""The one pass over an engine table: its rows grouped by every key the rules look at, counted and summed."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Context, Decimal
from typing import Any

import attrs

from commit_mef.observations import Basis

__all__ = ["KEYS", "OPTIONAL", "Group", "Profile", "census", "profile"]

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
    """The columns of :data:`OPTIONAL` (and ``dim.*``) that hold a value in some row.

    One query of counts, which DuckDB answers from the Parquet statistics without
    reading the columns; a column empty in every row is one key for all rows, so the
    pass need not group by it, and a check that reads it need not run.
    """
    names = [*OPTIONAL, *(c for c in table.columns if c.startswith("dim."))]
    metrics = {f"c{i}": table[name].count() for i, name in enumerate(names)}
    metrics["approximate"] = table.approximate.any()
    found = table.aggregate(**metrics).to_pyarrow().to_pylist()[0]
    filled = {name for i, name in enumerate(names) if found[f"c{i}"]}
    if found["approximate"]:
        filled.add("approximate")
    return frozenset(filled)


def profile(table: Any, *, bounds: bool = False) -> Profile:
    """Group the rows by :data:`KEYS` and every dimension: rows, exact sum, ids, links and subsets.

    The sum is taken over the ``value`` column as the engine's DECIMAL(38, s): exact
    integer arithmetic on the scaled amounts, never floats, and an overflow is the
    engine's error rather than a wrapped number.  Keys and metrics of columns that
    are empty in every row (:func:`census`) are left out of the query; with
    ``bounds`` each group also has its least and greatest value and its count of
    fractional values (for the entry checks of counts, percentages and levels).
    """
    filled = census(table)
    dims = tuple(c for c in table.columns if c.startswith("dim."))
    keys = [c for c in (*KEYS, *dims) if c in filled or c in ("kind", "country", "period")]
    scale = _scale(table)
    value = (
        table.value if table.schema()["value"].is_decimal() else table.value.cast("decimal(38, 0)")
    )
    metrics: dict[str, Any] = {"n": table.count(), "total": value.sum()}
    if "id" in filled:
        metrics["ids"] = table.id.collect()
    if "same_as" in filled:
        metrics["links"] = table.same_as.count()
    if "subset_of" in filled:
        metrics["subsets"] = table.subset_of.count()
    if bounds:
        metrics["low"], metrics["high"] = table.value.min(), table.value.max()
        metrics["fractions"] = ((table.value % 1) != 0).cast("int64").sum()
    groups = [
        _group(row, scale, dims)
        for row in table.group_by(keys).aggregate(**metrics).to_pyarrow().to_pylist()
    ]
    return Profile(
        groups=tuple(groups), exponent=-scale, dims=tuple(d[4:] for d in dims), filled=filled
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
