"""Shared pieces of the interchange exports (SDMX, IATI, DHIS2): checks, value text, atomic files."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from decimal import Decimal

from commit_mef.errors import ExportError, InvalidTypeError, Problem
from commit_mef.money import Money
from commit_mef.observations import Observation, ObservationTable
from commit_mef.periods import Period

__all__ = [
    "check_table",
    "decimal_text",
    "number_of",
    "period_months",
    "raise_problems",
    "write_atomic",
]


def check_table(table: object, target: str) -> ObservationTable:
    """The table, or an :class:`ExportError` when it is not a table or has no rows."""
    if not isinstance(table, ObservationTable):
        raise InvalidTypeError(
            f"{target} exports an ObservationTable, got {type(table).__name__}; "
            "build one with ObservationTable.from_rows()"
        )
    if not len(table):
        raise ExportError(
            [Problem("table", "the table is empty; there is nothing to export")], target=target
        )
    return table


def raise_problems(problems: Sequence[Problem], target: str) -> None:
    """Raise one :class:`ExportError` listing every problem, if there is any."""
    if problems:
        raise ExportError(problems, target=target)


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain positional text, never in exponent form (``1E+3`` -> ``1000``)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def number_of(obs: Observation) -> Decimal | None:
    """The exact number an observation holds (a count or an amount of money), else ``None``."""
    if isinstance(obs.value, Money):
        return obs.value.amount
    if isinstance(obs.value, Decimal):
        return obs.value
    return None


def period_months(period: Period) -> int | None:
    """How many whole calendar months ``period`` spans, or ``None`` if it does not start and end on month edges."""
    start, end = period.start, period.end
    if start.day != 1:
        return None
    after = dt.date.fromordinal(end.toordinal() + 1)
    if after.day != 1:
        return None
    return (after.year - start.year) * 12 + after.month - start.month


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then replace."""
    from commit_mef.io._atomic import atomic_files

    with atomic_files(path) as (out,):
        out.write(data)
