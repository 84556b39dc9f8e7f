"""The writer's seal on Parquet files (io.write_parquet): written when each line is held once, held only while the bytes are the ones sealed, and never a wrong answer on the engine."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
ibis = pytest.importorskip("ibis")
pytest.importorskip("duckdb")

import engine_cases  # noqa: E402 - after the skips
from commit_mef import ObservationTable, aggregate, engines, io  # noqa: E402
from commit_mef.errors import LoadError  # noqa: E402
from commit_mef.indicators import Indicator  # noqa: E402
from commit_mef.io._parquet import _write_one  # noqa: E402
from commit_mef.io._seal import SEAL_KEY, distinct_columns, verify  # noqa: E402
from commit_mef.rates import RateTable  # noqa: E402

BUDGET = Indicator(id="budget", name="Budget", kind="money", unit="currency")
LINE = ("indicator", "country", "period", "recipient")


def _lines(
    recipients: list[str | None], periods: list[int], country: str = "KHM"
) -> ObservationTable:
    return ObservationTable.from_columns(
        indicator="budget",
        country=country,
        period=periods,
        magnitude=list(range(1, len(periods) + 1)),
        currency="KHR",
        recipient=recipients,
    )


def _hash_checks(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The hash checks (all_distinct) the engine runs, recorded as it runs them."""
    return engine_cases.hash_checks(monkeypatch)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.parquet"))


# -- the writer ---------------------------------------------------------------------------


def test_a_file_holding_each_line_once_is_sealed_and_reads_back_unchanged(tmp_path: Path) -> None:
    table = _lines(["MoWA", "MoSVY", "MoWA"], [2013, 2013, 2014])
    io.write_parquet(table, tmp_path / "obs.parquet")
    assert verify(tmp_path / "obs.parquet") == LINE
    seal = json.loads(pq.read_metadata(tmp_path / "obs.parquet").metadata[SEAL_KEY])
    assert seal["distinct"] == list(LINE)
    assert seal["among"] == "kind != 'none'"
    assert len(seal["sha256"]) == 64
    assert io.read_parquet(tmp_path / "obs.parquet") == table  # the seal changes no row
    assert pq.read_table(tmp_path / "obs.parquet").num_rows == 3


def test_a_sealed_file_opens_in_pandas_duckdb_and_polars_as_it_was_written(
    tmp_path: Path,
) -> None:
    """The footer written again is a footer every Parquet reader reads (its row groups unchanged)."""
    import duckdb
    import pandas as pd

    table = _lines(["MoWA", "MoSVY", "MoWA"], [2013, 2013, 2014])
    path = tmp_path / "obs.parquet"
    io.write_parquet(table, path)
    assert verify(path) == LINE
    written = io.to_arrow(table)
    frame = pd.read_parquet(path)
    assert frame["recipient"].astype(str).tolist() == ["MoWA", "MoSVY", "MoWA"]
    assert frame["value"].tolist() == written.column("value").to_pylist()
    rows = duckdb.connect().execute("SELECT recipient, value FROM read_parquet(?)", [str(path)])
    assert rows.fetchall() == list(zip(["MoWA", "MoSVY", "MoWA"], frame["value"], strict=True))
    polars = pytest.importorskip("polars")
    assert polars.read_parquet(path)["period"].cast(str).to_list() == ["2013", "2013", "2014"]


def test_a_file_holding_a_line_twice_is_not_sealed(tmp_path: Path) -> None:
    io.write_parquet(_lines(["MoWA", "MoWA"], [2014, 2014]), tmp_path / "obs.parquet")
    assert verify(tmp_path / "obs.parquet") is None
    assert SEAL_KEY not in (pq.read_metadata(tmp_path / "obs.parquet").metadata or {})


def test_rows_without_a_value_do_not_break_the_seal(tmp_path: Path) -> None:
    """The seal is about figures: a row of kind 'none' on the same line as one with a value is no repeat."""
    from decimal import Decimal

    from commit_mef.money import Money
    from commit_mef.observations import Observation

    table = ObservationTable.from_rows(
        [
            Observation(
                indicator="budget", country="KHM", period=2014, recipient="MoWA", value=value
            )
            for value in (Money(Decimal(5), "KHR"), None)
        ]
    )
    io.write_parquet(table, tmp_path / "obs.parquet")
    assert verify(tmp_path / "obs.parquet") == LINE


def test_dimension_columns_are_part_of_the_sealed_line(tmp_path: Path) -> None:
    table = ObservationTable.from_columns(
        indicator="trained",
        country="KHM",
        period=2014,
        magnitude=[3, 4],
        unit="person",
        disaggregation={"sex": ["female", "male"]},
    )
    io.write_parquet(table, tmp_path / "obs.parquet")
    assert verify(tmp_path / "obs.parquet") == (*LINE, "dim.sex")


def test_every_partition_is_sealed_and_the_folder_is_proven_across_files(tmp_path: Path) -> None:
    table = _lines(["MoWA", "MoWA", "MoWA", "MoSVY"], [2013, 2014, 2015, 2015])
    io.write_parquet(table, tmp_path / "obs", partition_by=("country", "period"))
    files = _files(tmp_path / "obs")
    assert len(files) == 3
    assert [verify(f) for f in files] == [LINE] * 3
    assert distinct_columns(files) == LINE


# -- what loses the seal --------------------------------------------------------------------


def _edit(path: Path, old: bytes, new: bytes) -> None:
    """Replace ``old`` by as many ``new`` bytes everywhere in the file's pages (not in its footer)."""
    data = path.read_bytes()
    footer = len(data) - 8 - int.from_bytes(data[-8:-4], "little")
    assert old in data[:footer]
    path.write_bytes(data[:footer].replace(old, new) + data[footer:])


@pytest.mark.parametrize(
    ("recipients", "periods"),
    [
        (["AAAA", "BBBB"], [2014, 2014]),  # two distinct texts in two rows: stored plain
        (["AAAA", "BBBB"] * 2, [2013, 2013, 2014, 2014]),  # a dictionary of two
    ],
    ids=["plain", "dictionary"],
)
def test_a_byte_changed_in_a_sealed_column_breaks_the_seal_and_the_repeat_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recipients: list[str], periods: list[int]
) -> None:
    """The pages' 'BBBB' made 'AAAA' in place: the same size, a repeated line, no seal."""
    import duckdb

    path = tmp_path / "obs.parquet"
    io.write_parquet(_lines(list(recipients), periods), path)
    assert verify(path) == LINE
    _edit(path, b"BBBB", b"AAAA")  # the data page's values, or the dictionary page's
    read = duckdb.connect().execute("SELECT recipient FROM read_parquet(?)", [str(path)])
    assert read.fetchall() == [("AAAA",)] * len(periods)
    assert verify(path) is None
    changed = _lines(["AAAA"] * len(periods), periods)  # what the engine reads
    if len(periods) == 2:
        assert io.read_parquet(path) == changed
    else:  # pyarrow reads the edited dictionary page as an invalid dictionary array
        with pytest.raises(
            LoadError,
            match=r"the file is corrupted; write it again from its source @ column 'recipient'",
        ):
            io.read_parquet(path)
    expected = engine_cases.outcome(aggregate, changed, BUDGET, ("year",))
    assert expected[0] == "AggregationError"
    assert "overlap in time" in expected[1]
    calls = _hash_checks(monkeypatch)
    source = engines.duckdb(path)
    assert engine_cases.outcome(engines.aggregate, source, BUDGET, ("year",)) == expected
    assert calls == [["country", "recipient", "period"]]  # the rows themselves were checked


def test_a_seal_carried_into_a_rewritten_file_with_other_rows_is_refused(tmp_path: Path) -> None:
    """Arrow keeps a file's metadata when its rows are changed and written again: the digest refuses it."""
    path = tmp_path / "obs.parquet"
    io.write_parquet(_lines(["MoWA", "MoSVY"], [2014, 2014]), path)
    rows = pq.read_table(path)
    assert SEAL_KEY in rows.schema.metadata  # carried along
    recipient = rows.schema.get_field_index("recipient")
    edited = rows.set_column(
        recipient, rows.schema.field(recipient), pa.array(["MoWA", "MoWA"]).dictionary_encode()
    )
    assert SEAL_KEY in edited.schema.metadata
    pq.write_table(edited, path)
    assert SEAL_KEY in pq.read_metadata(path).metadata
    assert verify(path) is None
    expected = engine_cases.outcome(aggregate, io.read_parquet(path), BUDGET, ())
    assert expected[0] == "AggregationError"
    assert engine_cases.outcome(engines.aggregate, engines.duckdb(path), BUDGET, ()) == expected


def test_a_file_rewritten_by_another_tool_has_no_seal(tmp_path: Path) -> None:
    import duckdb

    io.write_parquet(_lines(["MoWA", "MoSVY"], [2014, 2014]), tmp_path / "obs.parquet")
    con = duckdb.connect()
    con.read_parquet(str(tmp_path / "obs.parquet")).write_parquet(str(tmp_path / "copy.parquet"))
    assert verify(tmp_path / "copy.parquet") is None


@pytest.mark.parametrize(
    "metadata",
    [
        b"not json",
        b'{"distinct": ["indicator", "country"], "sha256": "00"}',  # no "among"
        b'{"distinct": ["indicator", "nowhere"], "among": "kind != \'none\'", "sha256": "00"}',
        b'{"among": "kind != \'none\'", "sha256": "00"}',
    ],
)
def test_a_seal_that_cannot_be_read_proves_nothing(tmp_path: Path, metadata: bytes) -> None:
    rows = pa.table({"indicator": ["x"], "country": ["KHM"], "kind": ["number"]})
    pq.write_table(rows.replace_schema_metadata({SEAL_KEY: metadata}), tmp_path / "f.parquet")
    assert verify(tmp_path / "f.parquet") is None
    assert distinct_columns([tmp_path / "f.parquet"]) is None


def test_a_missing_or_broken_file_proves_nothing(tmp_path: Path) -> None:
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    assert verify(tmp_path / "broken.parquet") is None
    assert verify(tmp_path / "missing.parquet") is None
    assert distinct_columns([]) is None


# -- across files -----------------------------------------------------------------------------


def test_two_sealed_files_of_one_partition_prove_nothing_between_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file holds MoWA's 2014 budget once; together they hold it twice, and the engine says so."""
    first, second = _lines(["MoWA"], [2014]), _lines(["MoWA"], [2014])
    io.write_parquet(first, tmp_path / "obs" / "a.parquet")
    io.write_parquet(second, tmp_path / "obs" / "b.parquet")
    files = _files(tmp_path / "obs")
    assert [verify(f) for f in files] == [LINE, LINE]
    assert distinct_columns(files) is None
    both = io.read_parquet(tmp_path / "obs")
    expected = engine_cases.outcome(aggregate, both, BUDGET, ())
    assert expected[0] == "AggregationError"
    assert "overlap in time" in expected[1]
    calls = _hash_checks(monkeypatch)
    got = engine_cases.outcome(engines.aggregate, engines.duckdb(tmp_path / "obs"), BUDGET, ())
    assert got == expected
    assert calls  # the rows were checked


def test_one_unsealed_file_among_sealed_ones_proves_nothing(tmp_path: Path) -> None:
    io.write_parquet(_lines(["MoWA"], [2014]), tmp_path / "a.parquet")
    pq.write_table(io.to_arrow(_lines(["MoWA"], [2015])), tmp_path / "b.parquet")
    assert distinct_columns([tmp_path / "a.parquet", tmp_path / "b.parquet"]) is None


def test_files_that_differ_in_no_constant_column_prove_nothing(tmp_path: Path) -> None:
    """Two files of two countries each: no sealed column holds one value in every row of both."""
    two = ObservationTable.from_columns(
        indicator="budget",
        country=["KHM", "LAO"],
        period=2014,
        magnitude=[1, 2],
        currency=["KHR", "LAK"],
        recipient="MoWA",
    )
    io.write_parquet(two, tmp_path / "a.parquet")
    io.write_parquet(two.filter(country="KHM"), tmp_path / "b.parquet")
    assert verify(tmp_path / "a.parquet") == LINE
    assert verify(tmp_path / "b.parquet") == LINE
    assert distinct_columns([tmp_path / "a.parquet", tmp_path / "b.parquet"]) is None


def test_files_in_hive_folders_are_checked_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB may read a ``country=KHM`` folder's name in place of the file's column: no seal is trusted."""
    table = _lines(["MoWA", "MoSVY"], [2014, 2014])
    io.write_parquet(table, tmp_path / "country=KHM" / "obs.parquet")
    assert verify(tmp_path / "country=KHM" / "obs.parquet") == LINE
    calls = _hash_checks(monkeypatch)
    got = engines.aggregate(engines.duckdb(tmp_path), BUDGET, ())
    assert got == aggregate(table, BUDGET, ())
    assert calls == [["country", "recipient", "period"]]


# -- on the engine ---------------------------------------------------------------------------


def test_sealed_files_need_no_hash_query_and_give_the_in_process_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = _lines([f"office {i}" for i in range(40)], [2013, 2014] * 20)
    io.write_parquet(table, tmp_path / "obs", partition_by=("country", "period"))
    calls = _hash_checks(monkeypatch)
    got = engines.aggregate(engines.duckdb(tmp_path / "obs"), BUDGET, ("year",))
    assert got == aggregate(table, BUDGET, ("year",))
    assert calls == []
    unsealed = engines.aggregate(engines.duckdb(tmp_path / "obs", seals=False), BUDGET, ("year",))
    assert unsealed == got
    assert calls == [["country", "recipient", "period"]]


def test_a_sealed_total_beside_its_parts_is_resolved_as_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A total and its two parts are three lines (their dimensions differ): sealed, then resolved."""
    table = ObservationTable.from_columns(
        indicator="budget",
        country="KHM",
        period=2014,
        magnitude=[10, 4, 5],
        currency="KHR",
        recipient="MoWA",
        disaggregation={"sex": [None, "female", "male"]},
    )
    io.write_parquet(table, tmp_path / "obs.parquet")
    assert verify(tmp_path / "obs.parquet") == (*LINE, "dim.sex")
    calls = _hash_checks(monkeypatch)
    for by in ((), ("sex",)):
        expected = engine_cases.outcome(aggregate, table, BUDGET, by)
        source = engines.duckdb(tmp_path / "obs.parquet")
        assert engine_cases.outcome(engines.aggregate, source, BUDGET, by) == expected
    assert calls == []


def test_an_indicator_that_needs_no_proof_reads_no_seal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """People trained, one figure per country and year: no check asks, so no byte is hashed."""
    from commit_mef.io import _seal

    trained = Indicator(id="trained", name="People trained", kind="count", unit="person")
    table = ObservationTable.from_columns(
        indicator="trained", country=["KHM", "LAO"], period=2014, magnitude=[5, 7], unit="person"
    )
    io.write_parquet(table, tmp_path / "obs", partition_by=("country", "period"))
    read: list[object] = []
    real = _seal.distinct_columns

    def spy(files: Any) -> tuple[str, ...] | None:
        read.append(files)
        return real(files)

    monkeypatch.setattr(_seal, "distinct_columns", spy)
    got = engines.aggregate(engines.duckdb(tmp_path / "obs"), trained, ("country",))
    assert got == aggregate(table, trained, ("country",))
    assert read == []
    engines.aggregate(engines.duckdb(tmp_path / "obs"), BUDGET, ("year",))  # no budget rows
    budgets = _lines(["MoWA", "MoSVY"], [2014, 2014])
    io.write_parquet(budgets, tmp_path / "budgets", partition_by=("country", "period"))
    engines.aggregate(engines.duckdb(tmp_path / "budgets"), BUDGET, ("year",))
    assert len(read) == 1  # the budget-line check asked, once


@pytest.mark.parametrize("seals", ["no", 0, None])
def test_seals_takes_true_or_false(tmp_path: Path, seals: object) -> None:
    from commit_mef.errors import InvalidTypeError

    io.write_parquet(_lines(["MoWA"], [2014]), tmp_path / "obs.parquet")
    with pytest.raises(InvalidTypeError, match=r"engines.duckdb\(seals=...\) takes True or False"):
        engines.duckdb(tmp_path / "obs.parquet", seals=seals)  # type: ignore[arg-type]


#: Where the property writes its files (removed when the tests end).
_SCRATCH = tempfile.TemporaryDirectory(prefix="commit-mef-seal-tests-")


def _sealed(data: Any) -> engines.Source:
    """The Arrow table written by the package's own file writer (sealed where it may be), on DuckDB."""
    folder = Path(tempfile.mkdtemp(dir=_SCRATCH.name))
    _write_one(data, folder / "part-0.parquet")
    return engines.duckdb(folder)


def _partitioned(data: Any) -> engines.Source:
    """The table written by io.write_parquet in a folder per country and period, on DuckDB."""
    if not data.num_rows:  # no partition, no file: the one file of no rows
        return _sealed(data)
    folder = Path(tempfile.mkdtemp(dir=_SCRATCH.name))
    io.write_parquet(io.from_arrow(data), folder, partition_by=("country", "period"))
    return engines.duckdb(folder)


test_sealed_files_equal_in_process = engine_cases.property_test(_sealed, examples=40)
test_sealed_partitions_equal_in_process = engine_cases.property_test(_partitioned, examples=30)


@given(
    st.lists(st.sampled_from(["MoWA", "MoSVY", "MoI", None]), min_size=1, max_size=8),
    st.lists(st.sampled_from([2013, 2014]), min_size=8, max_size=8),
)
@settings(max_examples=40, deadline=None)
def test_a_seal_is_written_exactly_when_no_line_is_held_twice(
    recipients: list[str | None], periods: list[int]
) -> None:
    table = _lines(recipients, periods[: len(recipients)])
    folder = Path(tempfile.mkdtemp(dir=_SCRATCH.name))
    try:
        io.write_parquet(table, folder / "obs.parquet")
        lines = list(zip(recipients, periods, strict=False))
        assert (verify(folder / "obs.parquet") is not None) == (len(set(lines)) == len(lines))
    finally:
        shutil.rmtree(folder)


_LINES = st.lists(
    st.tuples(
        st.sampled_from(["KHM", "LAO"]),
        st.sampled_from([2013, 2014]),
        st.sampled_from(["MoWA", "MoSVY", None]),
        st.sampled_from([None, "female", "male"]),
        st.integers(1, 10**6),
    ),
    min_size=2,
    max_size=10,
)


@given(_LINES, st.sampled_from([(), ("country",), ("year",), ("sex",)]), st.booleans())
@settings(max_examples=60, deadline=None)
def test_budget_lines_in_sealed_files_equal_in_process_and_need_no_hash_query(
    lines: list[tuple[str, int, str | None, str | None, int]],
    by: tuple[str, ...],
    partitioned: bool,
) -> None:
    """Budgets by country, year, recipient and sex: sealed or not, the engine says what the rows say."""

    country, period, recipient, sex, magnitude = (list(c) for c in zip(*lines, strict=True))
    table = ObservationTable.from_columns(
        indicator="budget",
        country=country,
        period=period,
        magnitude=magnitude,
        currency=["KHR" if c == "KHM" else "LAK" for c in country],
        recipient=recipient,
        disaggregation={"sex": sex},
    )
    options = {"currency": "USD", "rates": RateTable.wdi()}
    expected = engine_cases.outcome(aggregate, table, BUDGET, by, **options)
    folder = Path(tempfile.mkdtemp(dir=_SCRATCH.name))
    if partitioned:
        io.write_parquet(table, folder / "obs", partition_by=("country", "period"))
    else:
        io.write_parquet(table, folder / "obs" / "all.parquet")
    held_once = len({line[:4] for line in lines}) == len(lines)
    assert (distinct_columns(_files(folder / "obs")) is not None) == held_once
    with pytest.MonkeyPatch.context() as patch:
        calls = engine_cases.hash_checks(patch)
        source = engines.duckdb(folder / "obs")
        got = engine_cases.outcome(engines.aggregate, source, BUDGET, by, **options)
    engine_cases.assert_same(got, expected)
    if held_once:
        assert calls == []  # the seals proved it
    shutil.rmtree(folder)
