"""The aggregation rules on DuckDB (issue #20): the same results and the same errors as in process."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ibis = pytest.importorskip("ibis")
pytest.importorskip("duckdb")

import engine_cases  # noqa: E402 - after the skips
import test_aggregation_semantics as semantics  # noqa: E402
from commit_mef import ObservationTable, aggregate, engines, io  # noqa: E402
from commit_mef.errors import AggregationError, ValidationError  # noqa: E402
from commit_mef.indicators import Indicator  # noqa: E402
from commit_mef.money import Money  # noqa: E402
from commit_mef.observations import Observation  # noqa: E402
from commit_mef.rates import RateTable  # noqa: E402
from commit_mef.testing import observation_tables  # noqa: E402
from test_aggregation_semantics import *  # noqa: E402, F403 - the engine-audit cases, run again here

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("on_duckdb")]  # type: ignore[assignment] # the star import brought one mark


def connect(data: Any) -> engines.Source:
    return engines.from_ibis(ibis.memtable(data))


@pytest.fixture(autouse=True)
def on_duckdb(monkeypatch: pytest.MonkeyPatch) -> None:
    """The semantics module's cases call aggregate(): make it the DuckDB engine's."""
    monkeypatch.setattr(semantics, "aggregate", engine_cases.run_on(connect))


test_engine_equals_in_process = engine_cases.property_test(connect, examples=60)


#: Where the property tests write their Parquet files (removed when the tests end).
_SCRATCH = tempfile.TemporaryDirectory(prefix="commit-mef-engine-tests-")


def connect_parquet(data: Any) -> engines.Source:
    """The Arrow table as a Parquet file opened by engines.duckdb (its footers answer the census)."""
    import pyarrow.parquet as pq

    folder = Path(tempfile.mkdtemp(dir=_SCRATCH.name))
    pq.write_table(data, folder / "part-0.parquet")
    return engines.duckdb(folder)


test_parquet_files_equal_in_process = engine_cases.property_test(connect_parquet, examples=40)


@given(observation_tables(max_size=12), st.sampled_from([None, "a", "b"]))
@settings(max_examples=40, deadline=None)
def test_the_footers_census_holds_every_column_the_counts_find(
    table: ObservationTable, indicator: str | None
) -> None:
    """From the footers: every column the census query finds filled, and more only for other rows."""
    from commit_mef.engines import _profile
    from commit_mef.engines._profile import census

    folder = Path(tempfile.mkdtemp(dir=_SCRATCH.name))
    io.write_parquet(table, folder / "obs.parquet")
    source = engines.duckdb(folder)
    assert source.parquet is not None
    rows = (
        source.table
        if indicator is None
        else source.table.filter(source.table.indicator == indicator)
    )
    found = _profile.footers(rows, source.parquet)
    assert found is not None
    counted, filled = census(rows), found[0]
    assert counted <= filled
    assert filled == census(source.table)  # the footers speak of every row of the files
    arrow = io.to_arrow(table)
    for name, value in found[1].items():  # one value in every row, and that value
        assert arrow.column(name).null_count == 0
        assert set(arrow.column(name).to_pylist()) == {value}, name
    for name in ("kind", "basis", "currency", "unit"):
        values = set(arrow.column(name).to_pylist()) if len(table) else set()
        if len(values) == 1 and None not in values:
            assert name in found[1], name  # a constant column is found


BUDGET = Indicator(id="budget", name="Budget", kind="money", unit="currency")
TRAINED = Indicator(id="trained", name="People trained", kind="count", unit="person")


def _budgets(n: int) -> ObservationTable:
    return ObservationTable.from_columns(
        indicator="budget",
        country=["KHM", "LAO", "THA", "VNM", "MMR"] * (n // 5),
        period=[2012, 2013, 2014, 2015] * (n // 4),
        magnitude=[10**20 + i for i in range(n)],  # beyond int64 once summed
        exponent=-2,
        currency=["KHR", "LAK", "THB", "VND", "MMK"] * (n // 5),
        recipient=[f"office {i}" for i in range(n)],
    )


def test_parquet_on_duckdb_converts_exactly_to_the_last_digit(tmp_path: Path) -> None:
    table = _budgets(2000)
    io.write_parquet(table, tmp_path / "obs", partition_by=("country", "period"))
    options: dict[str, Any] = {
        "currency": "USD",
        "rates": RateTable.wdi(),
        "allow_not_meaningful": True,
    }
    expected = aggregate(table, BUDGET, ("country", "year"), **options)
    got = engines.aggregate(
        engines.duckdb(tmp_path / "obs"), BUDGET, ("country", "year"), **options
    )
    assert got == expected
    assert got.conversions == expected.conversions
    assert got.assumptions == expected.assumptions
    per_currency = engines.aggregate(
        engines.duckdb(str(tmp_path / "obs" / "*" / "*" / "*.parquet")), BUDGET, ("currency",)
    )
    assert per_currency == aggregate(table, BUDGET, ("currency",))
    amounts = [o.value.amount for o in table if isinstance(o.value, Money) and o.currency == "THB"]
    assert per_currency.value("THB") == sum(amounts, Decimal(0))


def test_currencies_are_never_added_on_the_engine(tmp_path: Path) -> None:
    io.write_parquet(_budgets(20), tmp_path / "b.parquet")
    with pytest.raises(AggregationError, match=r"in 5 currencies.*convert them into one currency"):
        engines.aggregate(engines.duckdb(tmp_path / "b.parquet"), BUDGET, ("year",))


def test_a_duplicated_budget_line_with_overlapping_periods_is_found_by_a_window() -> None:
    table = ObservationTable.from_rows(
        [
            Observation(
                indicator="budget",
                country="THA",
                period=2014,
                value=Money("1", "THB"),
                recipient="MSDHS",
            ),
            Observation(
                indicator="budget",
                country="THA",
                period="2014-10-01/2015-09-30",
                value=Money("2", "THB"),
                recipient="MSDHS",
            ),
            Observation(
                indicator="budget",
                country="THA",
                period="2011-2012",
                value=Money("3", "THB"),
                recipient="MSDHS",
            ),
        ]
    )
    expected = engine_cases.outcome(aggregate, table, BUDGET, ())
    got = engine_cases.outcome(engine_cases.run_on(connect), table, BUDGET, ())
    assert got == expected
    assert "IATI's rule" in got[1]


def _linked(links: list[tuple[str | None, str | None, int]]) -> ObservationTable:
    """Reports of people trained with ids and same_as links (id, same_as, number)."""
    return ObservationTable.from_columns(
        indicator="trained",
        country=["KHM", "LAO"] * (len(links) // 2) + ["KHM"] * (len(links) % 2),
        period=2014,
        magnitude=[n for _i, _s, n in links],
        unit="person",
        id=[i for i, _s, _n in links],
        same_as=[s for _i, s, _n in links],
    )


def _no_row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    from commit_mef.engines import _run

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the rows were aggregated in process")

    monkeypatch.setattr(_run, "aggregate_in_process", refuse)


def test_linked_figures_are_resolved_on_the_engine_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A chain of reports (c same as b, b same as a) beside 200 others: counted once, on the engine."""
    links: list[tuple[str | None, str | None, int]] = [("a", None, 5), ("b", "a", 5), ("c", "b", 5)]
    links += [(f"x{i}", None, i) for i in range(200)]
    table = _linked(links)
    expected = aggregate(table, TRAINED, ("country",))
    _no_row_by_row(monkeypatch)
    got = engine_cases.run_on(connect)(table, TRAINED, ("country",))
    assert got == expected
    assert sum(r.rows for r in got) == 201
    assert any("counted once" in a for a in got.assumptions)


def test_linked_figures_without_row_numbers_are_resolved_row_by_row() -> None:
    import pyarrow as pa

    table = _linked([("a", None, 5), ("b", "a", 5)])
    data = io.to_arrow(table)
    for label, changed in (
        ("no row column", data.drop_columns(["row"])),
        (
            "a row number twice",
            data.set_column(data.schema.get_field_index("row"), "row", pa.array([0, 0])),
        ),
    ):
        got = engines.aggregate(connect(changed), TRAINED, ())
        assert got == aggregate(table, TRAINED, ()), label
        assert got.value() == 5


_LINK_IDS = st.sampled_from([None, "a", "b", "c", "d"])


@given(
    st.lists(st.tuples(_LINK_IDS, _LINK_IDS, st.integers(0, 9)), min_size=1, max_size=8),
    st.sampled_from([(), ("country",)]),
)
@settings(max_examples=80, deadline=None)
def test_same_as_chains_on_the_engine_equal_in_process(
    links: list[tuple[str | None, str | None, int]], by: tuple[str, ...]
) -> None:
    """Chains, circles, links to absent rows, ids given twice: the outcome of in process."""
    table = _linked(links)
    expected = engine_cases.outcome(aggregate, table, TRAINED, by)
    engine_cases.assert_same(
        engine_cases.outcome(engine_cases.run_on(connect), table, TRAINED, by), expected
    )


def test_a_table_without_the_layout_is_refused_naming_the_column() -> None:
    import pyarrow as pa

    with pytest.raises(ValidationError, match="column 'value' is missing"):
        engines.aggregate(
            ibis.memtable(pa.table({"indicator": ["x"], "country": ["KHM"]})), TRAINED
        )
    with pytest.raises(TypeError, match=r"for an ObservationTable call commit_mef.aggregate\(\)"):
        engines.aggregate(ObservationTable.empty(), TRAINED)


def test_import_commit_mef_imports_no_engine() -> None:
    code = "import sys, commit_mef; print(any(m in sys.modules for m in ('ibis', 'duckdb', 'pyarrow', 'commit_mef.engines')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_report_from_parquet_on_duckdb_is_the_shipped_report(tmp_path: Path) -> None:
    from commit_mef import datasets

    data = datasets.spa3_report()
    io.write_parquet(
        data.observations, tmp_path / "obs", partition_by=("country",), indicators=data.indicators
    )

    def report(*args: str) -> list[str]:
        run = [sys.executable, "-m", "commit_mef", "report", *args]
        out = subprocess.run(run, capture_output=True, text=True, check=True)
        lines = out.stdout.splitlines()
        # the opening paragraph names where the figures came from (the files, or the shipped
        # report); everything from the summary on must be the same
        return [line for line in lines[lines.index("Summary") :] if not line.startswith("Source:")]

    shipped = report()
    assert (
        report("--data", str(tmp_path / "obs" / "*" / "*.parquet"), "--engine", "duckdb") == shipped
    )
    assert report("--data", str(tmp_path / "obs")) == shipped
    missing = subprocess.run(
        [sys.executable, "-m", "commit_mef", "report", "--engine", "duckdb"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2
    assert "--engine duckdb reads --data" in missing.stderr


def _lines(recipients: Sequence[str | None], periods: list[int]) -> ObservationTable:
    return ObservationTable.from_columns(
        indicator="budget",
        country="KHM",
        period=periods,
        magnitude=list(range(1, len(periods) + 1)),
        currency="KHR",
        recipient=recipients,
    )


def _count_calls(monkeypatch: pytest.MonkeyPatch, answer: bool | None = None) -> list[list[str]]:
    """Record the hash checks the engine runs; with ``answer``, make every one answer it."""
    return engine_cases.hash_checks(monkeypatch, answer)


@pytest.mark.parametrize("repeated", [False, True])
def test_a_hash_collision_costs_an_exact_query_never_a_wrong_answer(
    monkeypatch: pytest.MonkeyPatch, repeated: bool
) -> None:
    """Every hash check answering "maybe repeated" (as a collision would) changes no outcome."""
    recipients = ["MoWA", "MoSVY", "MoWA" if repeated else "MoI"]
    table = _lines(recipients, [2014, 2014, 2014])
    expected = engine_cases.outcome(aggregate, table, BUDGET, ("year",))
    calls = _count_calls(monkeypatch, answer=False)
    got = engine_cases.outcome(engine_cases.run_on(connect), table, BUDGET, ("year",))
    assert got == expected
    assert (expected[0] == "AggregationError") is repeated
    assert calls == [["country", "recipient", "period"]]


def test_distinct_budget_lines_are_proved_distinct_by_one_hash_query(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = _lines([f"office {i}" for i in range(40)], [2013, 2014] * 20)
    calls = _count_calls(monkeypatch)
    assert engine_cases.run_on(connect)(table, BUDGET, ("year",)) == aggregate(
        table, BUDGET, ("year",)
    )
    assert calls == [["country", "recipient", "period"]]


def test_budget_lines_without_recipients_or_repeats_need_no_hash_query(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One figure per cell, or no recipient in any row: the pass's counts decide alone."""
    calls = _count_calls(monkeypatch, answer=False)
    once = _lines(["MoWA", "MoWA", "MoWA"], [2012, 2013, 2014])
    assert engine_cases.run_on(connect)(once, BUDGET, ()) == aggregate(once, BUDGET, ())
    twice = _lines([None, None, None], [2013, 2014, 2014])
    expected = engine_cases.outcome(aggregate, twice, BUDGET, ())
    assert expected[0] == "AggregationError"
    assert engine_cases.outcome(engine_cases.run_on(connect), twice, BUDGET, ()) == expected
    assert calls == []


@given(
    st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xyz")), max_size=8),
    st.sampled_from(["sorted", "engine"]),
    st.integers(-2, 2),
)
@settings(max_examples=60, deadline=None)
def test_all_distinct_is_never_wrong_about_a_repeat(
    pairs: list[tuple[str, str]], way: str, miscount: int
) -> None:
    """Sorted in NumPy (whatever the row count it is told) or counted by the engine: one answer."""
    import pyarrow as pa

    from commit_mef.engines import _checks

    data = ibis.memtable(
        pa.table(
            {"a": [p[0] for p in pairs], "b": [p[1] for p in pairs]},
            schema=pa.schema([("a", pa.string()), ("b", pa.string())]),
        )
    )
    told = max(0, len(pairs) + miscount)
    limit = _checks.SORT_ROWS
    try:
        if way == "engine":
            _checks.SORT_ROWS = -1  # more rows than NumPy may sort: the engine counts
        assert _checks.all_distinct(data, ["a", "b"], told) is (len(set(pairs)) == len(pairs))
    finally:
        _checks.SORT_ROWS = limit


def test_duckdb_sorts_the_hashes_in_numpy_up_to_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """On DuckDB the hashes are sorted here; beyond SORT_ROWS (or off DuckDB) the engine counts."""
    from commit_mef.engines import _checks

    sorted_: list[int | None] = []
    real = _checks._sorted_distinct

    def spy(relation: Any, rows: int) -> bool:
        sorted_.append(rows)
        return real(relation, rows)

    monkeypatch.setattr(_checks, "_sorted_distinct", spy)
    table = _lines([f"office {i}" for i in range(6)] * 2, [2013] * 6 + [2014] * 6)
    run = engine_cases.run_on(connect)
    assert run(table, BUDGET, ("year",)) == aggregate(table, BUDGET, ("year",))
    assert sorted_ == [12]
    monkeypatch.setattr(_checks, "SORT_ROWS", 11)
    assert run(table, BUDGET, ("year",)) == aggregate(table, BUDGET, ("year",))
    assert sorted_ == [12]  # counted by the engine this time
    repeated = _lines(["MoWA", "MoSVY", "MoWA"], [2014, 2014, 2014])
    monkeypatch.setattr(_checks, "SORT_ROWS", 1 << 28)
    expected = engine_cases.outcome(aggregate, repeated, BUDGET, ())
    assert expected[0] == "AggregationError"
    assert engine_cases.outcome(run, repeated, BUDGET, ()) == expected
    assert sorted_ == [12, 3]


_IDS = st.sampled_from([None, "a", "b", "c"])


def _subsets(links: list[tuple[str | None, str | None, int]]) -> ObservationTable:
    return ObservationTable.from_columns(
        indicator="trained",
        country="KHM",
        period=[2010 + i for i in range(len(links))],
        magnitude=[n for _i, _s, n in links],
        unit="person",
        id=[i for i, _s, _n in links],
        subset_of=[s for _i, s, _n in links],
    )


@given(
    st.lists(st.tuples(_IDS, _IDS, st.integers(0, 9)), max_size=6), st.sampled_from([(), ("year",)])
)
@settings(max_examples=40, deadline=None)
def test_subset_links_on_the_engine_equal_in_process(
    links: list[tuple[str | None, str | None, int]], by: tuple[str, ...]
) -> None:
    table = _subsets(links)
    expected = engine_cases.outcome(aggregate, table, TRAINED, by)
    got = engine_cases.outcome(engine_cases.run_on(connect), table, TRAINED, by)
    engine_cases.assert_same(got, expected)


def test_subset_links_are_checked_on_the_engine_without_the_rows_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from commit_mef.engines import _run

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the rows were brought into memory")

    monkeypatch.setattr(_run, "aggregate_in_process", refuse)
    apart = _subsets([("a", None, 5), ("b", "x", 3), ("c", "x", 4)])
    assert engine_cases.run_on(connect)(apart, TRAINED, ()) == aggregate(apart, TRAINED, ())
    both = _subsets([("a", None, 5), ("b", "a", 3)])
    with pytest.raises(AggregationError, match="'b' is flagged as a subset of 'a' and both"):
        engine_cases.run_on(connect)(both, TRAINED, ())


@pytest.mark.parametrize("populate", [True, False])
@pytest.mark.parametrize("n", [0, 1, 1000])
def test_the_hashes_array_is_writable_and_sized_with_or_without_populate(
    monkeypatch: pytest.MonkeyPatch, populate: bool, n: int
) -> None:
    import mmap

    import numpy as np

    from commit_mef.engines._checks import _populated

    if not populate:
        monkeypatch.delattr(mmap, "MAP_POPULATE", raising=False)
    found = _populated(n)
    assert found.dtype == np.uint64
    assert len(found) == n
    found[:] = np.arange(n, dtype=np.uint64)[::-1]
    found.sort()
    assert found.tolist() == list(range(n))


def test_the_spa3_budgets_on_duckdb_equal_in_process_notes_in_the_same_order(
    tmp_path: Path,
) -> None:
    """Money over years, fiscal years and a not-meaningful rate: the same notes, in the same order.

    The notes a conversion or a placing in time makes come in the order of the periods and
    currencies, not of the groups an engine returns (which the in-process order matched
    only by chance); with and without the same_as link in the shipped figures.
    """
    from commit_mef import datasets

    data = datasets.spa3_report()
    budget = next(i for i in data.indicators if i.kind.value == "money")
    usd: dict[str, Any] = {
        "currency": "USD",
        "rates": RateTable.wdi(),
        "allow_not_meaningful": True,
    }
    linked = data.observations
    unlinked = ObservationTable.from_rows([o for o in linked if not o.same_as])
    for name, table in (("linked", linked), ("unlinked", unlinked)):
        folder = tmp_path / name
        io.write_parquet(table, folder, partition_by=("country",), indicators=data.indicators)
        for by in (("country",), ("year",), ()):
            expected = aggregate(table, budget, by, prorate=True, **usd)
            got = engines.aggregate(engines.duckdb(folder), budget, by, prorate=True, **usd)
            assert got.assumptions == expected.assumptions, (name, by)
            assert got == expected, (name, by)


def test_footers_that_cannot_be_read_leave_the_census_to_a_query(tmp_path: Path) -> None:
    """A Source naming files that are not there, or not Parquet: the same result, by the counts."""
    import attrs

    from commit_mef.engines import _profile

    io.write_parquet(_budgets(20), tmp_path / "b.parquet")
    source = engines.duckdb(tmp_path / "b.parquet")
    (tmp_path / "not.parquet").write_text("not Parquet")
    expected = aggregate(_budgets(20), BUDGET, ("currency",))
    for wrong in (str(tmp_path / "none" / "*.parquet"), str(tmp_path / "not.parquet")):
        moved = attrs.evolve(source, parquet=wrong)
        assert _profile.footers(moved.table, wrong) is None
        assert engines.aggregate(moved, BUDGET, ("currency",)) == expected


def test_the_overlap_note_names_the_same_country_whatever_the_order_of_the_rows() -> None:
    """Overlapping flows in two countries: the note names Cambodia, rows forward or backward."""
    links: list[tuple[str | None, str | None, int]] = [(f"x{i}", None, i) for i in range(12)]
    table = _linked(links)  # Cambodia and Lao PDR alternate, every figure over 2014
    backward = ObservationTable.from_rows(list(table)[::-1])
    notes = [aggregate(t, TRAINED, ()).assumptions for t in (table, backward)]
    assert notes[0] == notes[1]
    assert any("(e.g. Cambodia)" in a for a in notes[0])
    for t in (table, backward):
        assert engine_cases.run_on(connect)(t, TRAINED, ()).assumptions == notes[0]


_SEXES = st.sampled_from([None, "female", "male"])
_AGES = st.sampled_from([None, "child", "adult"])


def _broken_down(cells: Sequence[tuple[str, int, str | None, str | None, int]]) -> ObservationTable:
    """People trained, each figure with or without a sex and an age (country, year, sex, age, n)."""
    return semantics.table(
        *(
            semantics.obs(
                "trained",
                place,
                year,
                n,
                disaggregation={k: v for k, v in (("sex", sex), ("age", age)) if v is not None},
            )
            for place, year, sex, age, n in cells
        )
    )


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["KHM", "LAO"]),
            st.sampled_from([2014, 2015]),
            _SEXES,
            _AGES,
            st.integers(0, 60),
        ),
        min_size=1,
        max_size=9,
    ),
    st.sampled_from([(), ("country",), ("sex",), ("country", "sex"), ("sex", "age"), ("year",)]),
    st.booleans(),
)
@settings(max_examples=120, deadline=None)
def test_breakdowns_beside_totals_are_resolved_on_the_engine_as_in_process(
    cells: list[tuple[str, int, str | None, str | None, int]],
    by: tuple[str, ...],
    parquet: bool,
) -> None:
    """Totals beside their parts, parts beside parts, parts over their total: never row by row."""
    table = _broken_down(cells)
    expected = engine_cases.outcome(aggregate, table, semantics.TRAINED, by)
    with pytest.MonkeyPatch.context() as patch:
        _no_row_by_row(patch)
        got = engine_cases.outcome(
            engine_cases.run_on(connect_parquet if parquet else connect),
            table,
            semantics.TRAINED,
            by,
        )
    engine_cases.assert_same(got, expected)


def test_only_the_cells_with_a_breakdown_beside_a_total_are_fetched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """200 figures broken down by sex and one total beside its part: two rows leave the engine."""
    from commit_mef.engines import _checks

    cells: list[tuple[str, int, str | None, str | None, int]] = [
        ("LAO", year, sex, None, n)
        for year in range(1921, 2021)
        for sex, n in (("female", 3), ("male", 4))
    ]
    cells += [("KHM", 2014, None, None, 100), ("KHM", 2014, "female", None, 60)]
    table = _broken_down(cells)
    fetched: list[int] = []
    real = _checks.rows_of

    def counting(data: Any) -> ObservationTable:
        fetched.append(data.num_rows)
        return real(data)

    monkeypatch.setattr(_checks, "rows_of", counting)
    _no_row_by_row(monkeypatch)
    for by in [("country",), ("country", "sex")]:
        got = engine_cases.run_on(connect)(table, semantics.TRAINED, by)
        assert got == aggregate(table, semantics.TRAINED, by), by
    assert fetched == [2, 2], fetched
    by_sex = {(str(r.key[0]), r.key[1]): r.value for r in got}
    # the total less its part is kept with no sex code: Cambodia 60 women and 40 not broken down
    assert by_sex[("Cambodia", "female")] == 60
    assert by_sex[("Cambodia", None)] == 40
    assert any("the total less its parts" in a for a in got.assumptions)


def test_breakdowns_without_row_numbers_are_resolved_row_by_row() -> None:
    table = _broken_down([("LAO", 2014, None, None, 100), ("LAO", 2014, "male", None, 40)])
    data = io.to_arrow(table).drop_columns(["row"])
    for by in [(), ("sex",)]:
        got = engines.aggregate(connect(data), semantics.TRAINED, by)
        assert got == aggregate(table, semantics.TRAINED, by), by


def test_sums_of_38_digits_are_exact_on_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ibis types a DECIMAL(38, 0) sum with a wider scale; the pass casts it back, nothing lost."""
    table = engine_cases.huge(10**37, 10)  # 5 * 10**37 per country: 38 digits
    _no_row_by_row(monkeypatch)
    got = engine_cases.run_on(connect)(table, TRAINED, ("country",))
    assert [r.value for r in got] == [Decimal(5 * 10**37)] * 2
    assert got == aggregate(table, TRAINED, ("country",))


@pytest.mark.parametrize("parquet", [False, True])
def test_a_sum_past_38_digits_is_summed_exactly_in_python(parquet: bool) -> None:
    """DuckDB refuses a DECIMAL(38) sum that overflows; the rows are then added in Python."""
    table = engine_cases.huge(10**37, 40)  # 2 * 10**38 per country: past DECIMAL(38)
    got = engine_cases.run_on(connect_parquet if parquet else connect)(table, TRAINED, ("country",))
    assert [r.value for r in got] == [Decimal(2 * 10**38)] * 2
    assert got == aggregate(table, TRAINED, ("country",))


@pytest.mark.parametrize(
    ("where", "problem"),
    [
        ("missing/*.parquet", "no such file or folder"),
        ("missing", "no such file or folder"),
        ("empty", "no .parquet file in it"),
        ("broken", "not a Parquet file"),
    ],
)
def test_files_duckdb_cannot_open_raise_the_packages_load_error(
    tmp_path: Path, where: str, problem: str
) -> None:
    from commit_mef.errors import LoadError

    (tmp_path / "empty").mkdir()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "part-0.parquet").write_text("not parquet")
    with pytest.raises(LoadError, match=problem) as caught:
        engines.duckdb(tmp_path / where)
    assert len(caught.value.problems) == 1
    assert str(caught.value).startswith(f"{tmp_path / where}: 1 problem")


@pytest.mark.parametrize(
    ("column", "values", "said"),
    [
        ("value", [1.5, 2.0], "the column 'value' holds float64"),
        ("value", ["1", "2"], "the column 'value' holds string"),
        ("period", [2014, 2015], "the column 'period' holds int64"),
        ("country", [116, 418], "the column 'country' holds int64"),
    ],
)
def test_a_column_of_the_wrong_type_is_refused_naming_it_and_the_cast(
    column: str, values: list[Any], said: str
) -> None:
    import pyarrow as pa

    data = {"indicator": ["trained"] * 2, "country": ["KHM", "LAO"], "value": [1, 2]}
    data[column] = values
    with pytest.raises(ValidationError, match=said) as caught:
        engines.from_ibis(ibis.memtable(pa.table(data)))
    assert f"table.mutate({column}=table.{column}.cast(" in str(caught.value)


def test_rows_that_say_they_hold_a_number_and_hold_none_are_refused_not_read_as_zero() -> None:
    """A group of such rows has no sum; the rows' own reading names the row and the fix."""
    import pyarrow as pa

    from commit_mef.errors import LoadError

    data = pa.table(
        {
            "indicator": ["trained"] * 2,
            "country": ["KHM", "LAO"],
            "period": ["2014"] * 2,
            "unit": ["person"] * 2,
            "kind": ["number"] * 2,
            "value": pa.array([Decimal(1), None], pa.decimal128(38, 0)),
        }
    )
    with pytest.raises(LoadError, match=r"row 1: a number, money or yes/no row has no value"):
        engines.aggregate(connect(data), TRAINED, ("country",))


def test_a_dimension_column_empty_in_every_row_asks_for_no_breakdown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As io.from_arrow reads it: grouped by sex and an age no row has, the parts are sexes."""
    import pyarrow as pa

    table = _broken_down([("KHM", 2014, None, None, 10), ("KHM", 2014, "female", None, 4)])
    data = io.to_arrow(table)
    data = data.append_column("dim.age", pa.nulls(data.num_rows, pa.string()))
    expected = aggregate(io.from_arrow(data), semantics.TRAINED, ("sex", "age"))
    _no_row_by_row(monkeypatch)
    for make in (connect, connect_parquet):
        got = engines.aggregate(make(data), semantics.TRAINED, ("sex", "age"))
        assert got == expected, make
    assert any("the total less its parts" in a for a in expected.assumptions)


def test_a_cell_fetched_alone_keeps_the_dimensions_of_the_whole_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found by the property: the fetched cell has no age, but the table, grouped by age, does."""
    cells: list[tuple[str, int, str | None, str | None, int]] = [
        ("KHM", 2014, None, None, 0),
        ("KHM", 2014, "female", None, 0),
        ("KHM", 2015, None, "child", 0),
    ]
    table = _broken_down(cells)
    expected = aggregate(table, semantics.TRAINED, ("sex", "age"))
    _no_row_by_row(monkeypatch)
    got = engine_cases.run_on(connect)(table, semantics.TRAINED, ("sex", "age"))
    assert got == expected
    taken = (
        "an undisaggregated figure beside its own breakdown was taken as the total (SDMX _T); "
        "its parts were not added to it"
    )
    assert expected.assumptions == (taken,)
