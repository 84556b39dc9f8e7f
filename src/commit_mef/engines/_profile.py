"""The one pass over an engine table: its rows grouped by every key the rules look at, counted and summed."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Context, Decimal
from typing import Any

import attrs

from commit_mef.observations import Basis

__all__ = ["KEYS", "Group", "Profile", "profile"]

#: The columns the profile groups by (with every ``dim.*`` column after them).
KEYS = ("kind", "country", "period", "basis", "unit", "currency", "approximate", "bound", "flags")
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


@attrs.frozen(kw_only=True)
class Profile:
    """What the one pass found: the groups, the scale of the sums, the dimension columns."""

    groups: tuple[Group, ...]
    exponent: int
    dims: tuple[str, ...]

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


def profile(table: Any) -> Profile:
    """Group the rows by :data:`KEYS` and every dimension: rows, exact sum, ids, links.

    The sum is taken over the ``value`` column as the engine's DECIMAL(38, s): exact
    integer arithmetic on the scaled amounts, never floats, and an overflow is the
    engine's error rather than a wrapped number.
    """
    dims = tuple(c for c in table.columns if c.startswith("dim."))
    keys = [*KEYS, *dims]
    scale = _scale(table)
    value = (
        table.value if table.schema()["value"].is_decimal() else table.value.cast("decimal(38, 0)")
    )
    query = table.group_by(keys).aggregate(
        n=table.count(),
        total=value.sum(),
        ids=table.id.collect(),
        links=table.same_as.count() + table.subset_of.count(),
    )
    groups = []
    for row in query.to_pyarrow().to_pylist():
        total = row["total"]
        magnitude = 0 if total is None else int(Decimal(total).scaleb(scale, _EXACT))
        groups.append(
            Group(
                kind=row["kind"],
                country=_place(row["country"]),
                period=_period(row["period"]),
                basis=Basis(row["basis"] or "total"),
                unit=row["unit"],
                currency=row["currency"],
                quality=(bool(row["approximate"]), row["bound"], row["flags"]),
                dims=tuple(row[d] for d in dims),
                rows=int(row["n"]),
                magnitude=magnitude,
                ids=tuple(row["ids"] or ()),
                links=int(row["links"] or 0),
            )
        )
    return Profile(groups=tuple(groups), exponent=-scale, dims=tuple(d[4:] for d in dims))
