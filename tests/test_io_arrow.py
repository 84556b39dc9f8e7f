"""Arrow and Parquet: exact decimals, dictionary codes, indicator metadata, refused bad files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from commit_mef import Observation, ObservationTable, io
from commit_mef.errors import LoadError, ValidationError
from commit_mef.indicators import Indicator
from commit_mef.money import Money
from commit_mef.sources import QualityFlag, SourceRef
from commit_mef.testing import observation_tables

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


@given(observation_tables(max_size=30))
@settings(max_examples=60, deadline=None)
def test_arrow_round_trip_is_exact(table: ObservationTable) -> None:
    assert io.from_arrow(io.to_arrow(table)) == table


@given(observation_tables(max_size=30))
@settings(max_examples=20, deadline=None)
def test_parquet_round_trip_is_exact(
    tmp_path_factory: pytest.TempPathFactory, table: ObservationTable
) -> None:
    path = tmp_path_factory.mktemp("pq") / "t.parquet"
    io.write_parquet(table, path)
    assert io.read_parquet(path) == table


def _rich() -> ObservationTable:
    return ObservationTable.from_rows(
        [
            Observation(
                indicator="budget",
                country="THA",
                period="2014-10-01/2015-09-30",
                value=Money("496820000.25", "THB"),
                id="tha.1",
                source=SourceRef(document="spa3-final-report", section="2.2"),
                flags=(QualityFlag(code="approximate-figure", note="about"),),
                stated=Money("15000000", "USD"),
                details={"line": "7"},
                recipient="MSDHS",
            ),
            Observation(
                indicator="mou",
                country=("KHM", "VNM"),
                period=2014,
                value=True,
                basis="point",
                as_written="signed",
            ),
            Observation(indicator="note", country="LAO", value="a text", approximate=True),
            Observation(
                indicator="trained",
                country="MMR",
                period=2013,
                value=Decimal("78"),
                unit="person",
                disaggregation={"sex": "female"},
                bound="lower",
            ),
        ]
    )


def test_layout_types_are_typed_and_dictionary_encoded() -> None:
    arrow = io.to_arrow(_rich())
    assert tuple(arrow.column_names) == (*io._arrow.ARROW_COLUMNS, "dim.sex")
    schema = arrow.schema
    for name in ("indicator", "country", "period", "kind", "currency", "unit", "basis", "id"):
        assert pa.types.is_dictionary(schema.field(name).type), name
    assert schema.field("value").type == pa.decimal128(38, 2)
    assert schema.field("period_start").type == pa.date32()
    assert arrow.column("period_start").to_pylist()[0] == dt.date(2014, 10, 1)
    assert arrow.column("period_end").to_pylist()[0] == dt.date(2015, 9, 30)
    assert arrow.column("value").to_pylist() == [
        Decimal("496820000.25"),
        Decimal("1.00"),
        None,
        Decimal("78.00"),
    ]
    assert arrow.column("country").to_pylist() == ["THA", "KHM+VNM", "LAO", "MMR"]
    assert io.from_arrow(arrow) == _rich()


def test_amounts_beyond_int64_round_trip_exactly() -> None:
    big = Decimal("12345678901234567890123456.789")
    table = ObservationTable.from_rows(
        [
            Observation(indicator="x", country="KHM", value=Money(big, "KHR")),
            Observation(indicator="x", country="KHM", value=Money(-big, "KHR")),
        ]
    )
    arrow = io.to_arrow(table)
    assert arrow.column("value").to_pylist() == [big, -big]
    assert io.from_arrow(arrow) == table


def test_more_than_38_digits_is_refused_naming_the_field() -> None:
    table = ObservationTable.from_rows(
        [Observation(indicator="x", country="KHM", value=Decimal("1" * 39), unit="person")]
    )
    with pytest.raises(ValidationError, match=r"more than 38 digits.*io\.dump"):
        io.to_arrow(table)


def test_indicator_metadata_travels_in_the_parquet_schema(tmp_path: Path) -> None:
    trained = Indicator(id="trained", name="People trained", kind="count", unit="person")
    table = ObservationTable.from_columns(
        indicator="trained", country="KHM", period=2014, magnitude=[5], unit="person"
    )
    io.write_parquet(table, tmp_path / "t.parquet", indicators=[trained])
    assert io.arrow_indicators(pq.read_schema(tmp_path / "t.parquet")) == (trained,)
    assert io.arrow_indicators(io.to_arrow(table)) == ()


def test_dictionary_columns_go_to_codes_without_decoding_each_row() -> None:
    n = 200_000
    table = ObservationTable.from_columns(
        indicator="trained",
        country=["KHM", "LAO", "THA", "VNM"] * (n // 4),
        period=[2013, 2014] * (n // 2),
        magnitude=list(range(n)),
        unit="person",
    )
    calls: list[str] = []
    from commit_mef.observations import _observation

    original = _observation.to_place

    def counting(value: object) -> object:
        calls.append(str(value))
        return original(value)

    arrow = io.to_arrow(table)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("commit_mef.observations._observation.to_place", counting)
        back = io.from_arrow(arrow)
    assert len(calls) == 4  # one decode per distinct code, not per row
    assert back.columns()["magnitude"].tolist() == list(range(n))
    assert back == table


def test_plain_string_columns_from_an_engine_are_read() -> None:
    data = pa.table(
        {
            "indicator": ["budget", "budget"],
            "country": ["Thailand", "KHM"],
            "period": ["2014", "2011-2014"],
            "value": pa.array([Decimal("1.5"), Decimal("2")], pa.decimal128(10, 1)),
            "currency": ["THB", "KHR"],
        }
    )
    back = io.from_arrow(data)
    assert [o.value for o in back] == [Money("1.5", "THB"), Money("2", "KHR")]


@pytest.mark.parametrize(
    ("columns", "fix"),
    [
        ({"indicator": ["x"], "country": ["Atlantis"]}, "column 'country'"),
        ({"indicator": ["x"]}, "required column missing; add it @ column 'country'"),
        (
            {"indicator": ["x"], "country": ["KHM"], "value": pa.array([1.5], pa.float64())},
            "expected decimal128",
        ),
        (
            {
                "indicator": ["x"],
                "country": ["KHM"],
                "kind": ["money"],
                "value": pa.array([1], pa.int64()),
            },
            "money row has no currency",
        ),
        ({"indicator": ["x"], "country": ["KHM"], "kind": ["weight"]}, "expected one of none"),
        ({"indicator": ["x"], "country": ["KHM"], "period": ["2014-13"]}, "column 'period'"),
        (
            {
                "indicator": ["x"],
                "country": ["KHM"],
                "kind": ["bool"],
                "value": pa.array([2], pa.int64()),
            },
            "yes/no value is not 1 or 0",
        ),
        ({"indicator": ["x"], "country": ["KHM"], "kind": ["text"]}, "text row has no text"),
    ],
)
def test_bad_columns_raise_load_error_naming_the_column(
    columns: dict[str, object], fix: str
) -> None:
    with pytest.raises(LoadError) as caught:
        io.from_arrow(pa.table(columns))
    assert fix in str(caught.value)


def test_partitioned_parquet_round_trips_and_writes_no_temporary(tmp_path: Path) -> None:
    table = _rich()
    io.write_parquet(table, tmp_path / "d", partition_by=("country", "period"))
    files = sorted(str(p.relative_to(tmp_path / "d")) for p in (tmp_path / "d").rglob("*"))
    assert "THA/2014-10-01_2015-09-30/part-0.parquet" in files
    assert "LAO/_none/part-0.parquet" in files
    assert not [f for f in files if f.endswith(".tmp")]
    back = io.read_parquet(tmp_path / "d")
    assert back == table  # in the order written, whatever the folders


def test_texts_nearly_all_distinct_are_stored_plain_and_read_back_as_written(
    tmp_path: Path,
) -> None:
    """A recipient on each row: no Parquet dictionary (larger than the values), the same table back."""
    n = 2_000
    table = ObservationTable.from_columns(
        indicator="budget",
        country="KHM",
        period=2014,
        magnitude=list(range(n)),
        currency="KHR",
        recipient=[f"office {i}" for i in range(n)],
    )
    io.write_parquet(table, tmp_path / "t.parquet")
    chunks = pq.read_metadata(tmp_path / "t.parquet").row_group(0)
    names = [chunks.column(i).path_in_schema for i in range(chunks.num_columns)]
    encodings = {name: chunks.column(i).encodings for i, name in enumerate(names)}
    assert "RLE_DICTIONARY" not in encodings["recipient"]
    assert "RLE_DICTIONARY" in encodings["country"]  # one value: a dictionary
    assert pa.types.is_dictionary(
        pq.read_table(tmp_path / "t.parquet").schema.field("recipient").type
    )
    assert io.read_parquet(tmp_path / "t.parquet") == table
    dictionary = tmp_path / "dictionary.parquet"
    pq.write_table(io.to_arrow(table), dictionary)  # pyarrow's default: every column
    assert (tmp_path / "t.parquet").stat().st_size < dictionary.stat().st_size


def test_partition_by_an_unknown_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="partition by 'indicator', 'country'"):
        io.write_parquet(_rich(), tmp_path / "d", partition_by=("value",))


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    good = ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[1], unit="person")
    io.write_parquet(good, path)
    bad = ObservationTable.from_rows(
        [Observation(indicator="x", country="KHM", value=Decimal("9" * 40), unit="person")]
    )
    with pytest.raises(ValidationError):
        io.write_parquet(bad, path)
    assert io.read_parquet(path) == good
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_not_a_parquet_file_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    path.write_text("hello")
    with pytest.raises(LoadError, match="not a Parquet file"):
        io.read_parquet(path)
