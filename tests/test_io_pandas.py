"""io.to_pandas / io.from_pandas: built from the columns, typed for Parquet and polars, bounded."""

from __future__ import annotations

import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from commit_mef import Observation, ObservationTable, io
from commit_mef.errors import LoadError
from commit_mef.money import Money
from commit_mef.testing import observation_tables

pd = pytest.importorskip("pandas")
pytestmark = pytest.mark.usefixtures("table_backend")


def _money_table(n: int = 1000) -> ObservationTable:
    return ObservationTable.from_columns(
        indicator=["budget.a", "budget.b"] * (n // 2),
        country=["KHM", "THA", "LAO", "VNM"] * (n // 4),
        period=2014,
        magnitude=list(range(n)),
        exponent=-2,
        currency=["KHR", "THB", "LAK", "USD"] * (n // 4),
        disaggregation={"sex": ["female", None] * (n // 2)},
    )


@settings(max_examples=60)
@given(observation_tables(max_size=15))
def test_every_table_round_trips_exactly(table: ObservationTable) -> None:
    assert io.from_pandas(io.to_pandas(table)) == table


@settings(max_examples=30)
@given(observation_tables(max_size=10))
def test_every_table_round_trips_without_pyarrow(table: ObservationTable) -> None:
    saved = sys.modules.get("pyarrow")
    sys.modules["pyarrow"] = None  # type: ignore[assignment]
    try:
        frame = io.to_pandas(table)
        assert frame["value"].dtype == object
        assert io.from_pandas(frame) == table
    finally:
        sys.modules["pyarrow"] = saved  # type: ignore[assignment]


def test_amounts_are_arrow_decimals_that_parquet_and_polars_take(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    table = _money_table()
    frame = io.to_pandas(table)
    assert frame["value"].dtype == pd.ArrowDtype(pa.decimal128(38, 2))
    assert frame["country"].dtype == "category"
    frame.to_parquet(tmp_path / "obs.parquet")
    back = pl.read_parquet(tmp_path / "obs.parquet")
    assert back["value"].dtype == pl.Decimal(38, 2)
    assert back["value"].to_list() == [o.magnitude for o in table]
    from_frame = pl.from_pandas(frame)
    assert from_frame["value"].to_list() == [o.magnitude for o in table]
    assert from_frame["country"].to_list()[:2] == ["KHM", "THA"]
    assert io.from_pandas(pd.read_parquet(tmp_path / "obs.parquet")) == table


def test_to_pandas_builds_no_observation(monkeypatch: pytest.MonkeyPatch) -> None:
    from commit_mef.observations import _queries

    table = _money_table()
    expected = [o.magnitude for o in table]

    def no_rows(*args: object) -> None:
        raise AssertionError("a row was built")

    monkeypatch.setattr(_queries, "observation_at", no_rows)
    frame = io.to_pandas(table)
    assert frame["value"].tolist() == expected
    assert frame["dim.sex"].tolist()[:2] == ["female", None] or pd.isna(frame["dim.sex"][1])


def test_from_pandas_takes_categoricals_straight_in_and_writes_no_csv(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from commit_mef.io import _csv

    def no_csv(*args: object) -> None:
        raise AssertionError("went through CSV text")

    monkeypatch.setattr(_csv, "read_rows", no_csv)
    frame = pd.DataFrame(
        {
            "indicator": pd.Categorical(["budget"] * 4),
            "country": pd.Categorical(["KHM", "Laos", "KHM", "Viet Nam"]),
            "period": pd.Categorical(["2014", "2014", "2015", "2011-2014"]),
            "value": [Decimal("1.50"), 2, "3.25", Decimal("4")],
            "currency": pd.Categorical(["USD", "USD", "KHR", "VND"]),
        }
    )
    table = io.from_pandas(frame)
    assert [o.value for o in table] == [
        Money("1.5", "USD"),
        Money("2", "USD"),
        Money("3.25", "KHR"),
        Money("4", "VND"),
    ]
    assert [str(o.country) for o in table][1] == "Lao PDR"


def test_the_earlier_layout_with_yes_no_and_texts_in_value_is_read() -> None:
    frame = pd.DataFrame(
        {
            "indicator": ["npa", "note", "n"],
            "country": ["KHM", "LAO", "THA"],
            "kind": ["bool", "text", "number"],
            "value": [True, "true", "12"],
        }
    )
    assert [o.value for o in io.from_pandas(frame)] == [True, "true", Decimal("12")]


def test_huge_exponents_are_refused_at_once_with_the_cell_named() -> None:
    frame = pd.DataFrame(
        {"indicator": ["x", "x"], "country": ["KHM", "LAO"], "value": ["1", "1e999999999"]}
    )
    start = time.perf_counter()
    with pytest.raises(LoadError) as info:
        io.from_pandas(frame)
    assert time.perf_counter() - start < 5  # not a billion-digit integer
    assert [p.path for p in info.value.problems] == ["/rows/1/value"]
    assert "exponent between -100 and 100" in info.value.problems[0].message


@pytest.mark.parametrize(
    ("column", "cells", "path", "words"),
    [
        ("value", [1.5, 2.0], "/rows/0/value", "floats are inexact"),
        ("value", ["ten", "2"], "/rows/0/value", "decimal number"),
        ("country", ["KHM", "Atlantis"], "/rows/1/country", "Atlantis"),
        ("period", ["2014", "2014-13"], "/rows/1/period", "2014-13"),
        ("currency", ["USD", "KIP"], "/rows/1/currency", "KIP"),
    ],
)
def test_bad_cells_are_located_by_row_and_column(
    column: str, cells: list[object], path: str, words: str
) -> None:
    data: dict[str, object] = {
        "indicator": ["x", "x"],
        "country": ["KHM", "LAO"],
        "value": ["1", "2"],
    }
    data[column] = cells
    with pytest.raises(LoadError) as info:
        io.from_pandas(pd.DataFrame(data))
    assert path in [p.path for p in info.value.problems]
    assert words in str(info.value)


def test_amounts_beyond_decimal128_stay_exact_as_decimals() -> None:
    table = ObservationTable.from_rows(
        [Observation(indicator="x", country="KHM", value=Decimal(10**40) + Decimal("0.5"))]
    )
    frame = io.to_pandas(table)
    assert frame["value"].tolist() == [Decimal(10**40) + Decimal("0.5")]
    assert io.from_pandas(frame) == table
