"""Exports read the columns directly: to_columns equals the row-by-row reference on both backends."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from commit_mef import ObservationTable
from commit_mef.observations import CountryPair
from commit_mef.testing import observation_tables

pytestmark = pytest.mark.usefixtures("table_backend")


def _row_by_row(table: ObservationTable) -> dict[str, list[Any]]:
    """The plain reference: one Observation per row, each field read from it."""
    rows = list(table)
    kinds = {type(None): "none", Decimal: "number", bool: "bool", str: "text"}
    out: dict[str, list[Any]] = {
        "id": [o.id for o in rows],
        "indicator": [o.indicator for o in rows],
        "country": [
            o.country.code if isinstance(o.country, CountryPair) else o.country.alpha_3
            for o in rows
        ],
        "period_start": [o.period.start if o.period else None for o in rows],
        "period_end": [o.period.end if o.period else None for o in rows],
        "kind": [kinds.get(type(o.value), "money") for o in rows],
        "amount": [o.magnitude for o in rows],
        "currency": [o.currency for o in rows],
        "flag": [o.value if isinstance(o.value, bool) else None for o in rows],
        "text": [o.value if isinstance(o.value, str) else None for o in rows],
        "unit": [o.unit for o in rows],
        "basis": [o.basis.value for o in rows],
        "subset_of": [o.subset_of for o in rows],
        "same_as": [o.same_as for o in rows],
        "recipient": [o.recipient for o in rows],
        "as_written": [o.as_written for o in rows],
        "approximate": [o.approximate for o in rows],
        "bound": [o.bound.value if o.bound else None for o in rows],
        "source": [str(o.source) if o.source else None for o in rows],
        "flags": [";".join(f.code for f in o.flags) for o in rows],
    }
    for dim in table.dimensions:
        out[f"dim.{dim}"] = [o.dimension(dim) for o in rows]
    return out


def _typed(columns: dict[str, list[Any]]) -> dict[str, list[tuple[str, Any]]]:
    """Each cell with its type and its exact text, so Decimal('1.50') and Decimal('1.5') differ."""
    return {k: [(type(v).__name__, str(v)) for v in col] for k, col in columns.items()}


@given(observation_tables(max_size=30))
def test_to_columns_equals_reading_every_row(table: ObservationTable) -> None:
    assert _typed(table.to_columns()) == _typed(_row_by_row(table))


def test_to_columns_builds_no_row(monkeypatch: pytest.MonkeyPatch) -> None:
    from commit_mef.observations import _queries

    table = ObservationTable.from_columns(
        indicator="x",
        country=["KHM", "LAO"] * 3000,
        period=2014,
        magnitude=list(range(6000)),
        exponent=-2,
        currency="USD",
    )
    expected = _row_by_row(table)

    def no_rows(*args: object) -> None:
        raise AssertionError("a row was built")

    monkeypatch.setattr(_queries, "observation_at", no_rows)
    assert _typed(table.to_columns()) == _typed(expected)
