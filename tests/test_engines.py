"""The aggregation rules on DuckDB (issue #20): the same results and the same errors as in process."""

from __future__ import annotations

import subprocess
import sys
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
from test_aggregation_semantics import *  # noqa: E402, F403 - the engine-audit cases, run again here

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("on_duckdb")]  # type: ignore[assignment] # the star import brought one mark


def connect(data: Any) -> engines.Source:
    return engines.from_ibis(ibis.memtable(data))


@pytest.fixture(autouse=True)
def on_duckdb(monkeypatch: pytest.MonkeyPatch) -> None:
    """The semantics module's cases call aggregate(): make it the DuckDB engine's."""
    monkeypatch.setattr(semantics, "aggregate", engine_cases.run_on(connect))


test_engine_equals_in_process = engine_cases.property_test(connect, examples=60)

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


def test_linked_figures_are_resolved_in_process_with_the_same_result() -> None:
    table = ObservationTable.from_rows(
        [
            Observation(
                indicator="trained",
                country="KHM",
                period=2014,
                value=Decimal(5),
                unit="person",
                id="a",
            ),
            Observation(
                indicator="trained",
                country="KHM",
                period=2014,
                value=Decimal(5),
                unit="person",
                id="b",
                same_as="a",
            ),
        ]
    )
    got = engine_cases.run_on(connect)(table, TRAINED, ())
    assert got == aggregate(table, TRAINED, ())
    assert got.value() == 5


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
    from commit_mef.engines import _checks

    calls: list[list[str]] = []
    real = _checks.all_distinct

    def spy(table: Any, columns: list[str]) -> bool:
        calls.append(columns)
        return real(table, columns) if answer is None else answer

    monkeypatch.setattr(_checks, "all_distinct", spy)
    return calls


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


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xyz")), max_size=8))
@settings(max_examples=30, deadline=None)
def test_all_distinct_is_never_wrong_about_a_repeat(pairs: list[tuple[str, str]]) -> None:
    import pyarrow as pa

    from commit_mef.engines._checks import all_distinct

    data = ibis.memtable(
        pa.table(
            {"a": [p[0] for p in pairs], "b": [p[1] for p in pairs]},
            schema=pa.schema([("a", pa.string()), ("b", pa.string())]),
        )
    )
    assert all_distinct(data, ["a", "b"]) is (len(set(pairs)) == len(pairs))


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
