"""How the engine names a row in a message, and which rows hold some categories."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from commit_mef.errors import AggregationError
from commit_mef.indicators import Indicator
from commit_mef.observations import ObservationTable
from commit_mef.observations import _columns as cols_

__all__ = ["fail", "name_row", "rows_where", "used"]


def fail(indicator: Indicator, message: str, hint: str | None = None) -> AggregationError:
    return AggregationError(message, indicator=indicator.id, hint=hint)


def name_row(table: ObservationTable, row: int) -> str:
    """How a message names one row: its id, or what it is."""
    obs = table[row]
    if obs.id is not None:
        return f"observation {obs.id!r}"
    when = f", {obs.period}" if obs.period is not None else ""
    return f"the row of {obs.country}{when} (value {obs.value})"


def rows_where(column: Any, wanted: Iterable[int]) -> list[int]:
    keep = set(wanted)
    return [i for i, c in enumerate(cols_.tolist(column)) if c in keep]


def used(codes: Any, cats: tuple[Any, ...]) -> list[Any]:
    if not len(codes):
        return []
    counts = cols_.bincount(codes, len(cats))
    return [c for c, n in zip(cats, counts, strict=True) if n]
