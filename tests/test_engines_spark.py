"""The aggregation rules on Spark (issue #20), in local mode: the same results and errors as in process.

One Spark session (``local[2]``, about 11 s to start) serves the whole module.  The
tests skip, saying why, only where Java or PySpark is absent; CI installs both.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ibis")
pytest.importorskip("pyspark", reason="PySpark is not installed: pip install 'commit-mef[spark]'")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (17 or later), and no java is on PATH", allow_module_level=True)

import engine_cases
import test_aggregation_semantics as semantics
from commit_mef import ObservationTable, aggregate, engines, io
from commit_mef.indicators import Indicator
from commit_mef.rates import RateTable
from test_aggregation_semantics import *  # noqa: F403 - the engine-audit cases, run again here

pytestmark = [pytest.mark.spark, pytest.mark.usefixtures("on_spark")]  # type: ignore[assignment] # the star import brought one mark

# The semantics module's own Hypothesis properties run at length on DuckDB (test_engines.py);
# on Spark, where each query costs a job, the property below stands for them.
del test_duplicating_any_row_never_changes_a_result_silently  # noqa: F821
del test_adding_a_breakdown_of_an_existing_total_never_changes_the_total  # noqa: F821
del test_a_result_equals_a_brute_force_reference_of_the_rule_table  # noqa: F821

_SESSION: list[Any] = []
_FILES = itertools.count()


@pytest.fixture(scope="module")
def spark_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("commit-mef-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    _SESSION[:] = [session, tmp_path_factory.mktemp("spark")]
    yield session
    session.stop()
    _SESSION.clear()


def connect(data: Any) -> engines.Source:
    """The Parquet route: the Arrow table written as a file, read back by Spark."""
    import pyarrow.parquet as pq

    session, folder = _SESSION
    path = Path(folder) / f"t{next(_FILES)}.parquet"
    pq.write_table(data, path)
    return engines.spark(str(path), session=session)


@pytest.fixture(autouse=True)
def on_spark(monkeypatch: pytest.MonkeyPatch, spark_session: Any) -> None:
    """The semantics module's cases call aggregate(): make it the Spark engine's."""
    monkeypatch.setattr(semantics, "aggregate", engine_cases.run_on(connect))


test_engine_equals_in_process = engine_cases.property_test(connect, examples=15)

BUDGET = Indicator(id="budget", name="Budget", kind="money", unit="currency")


def test_a_dataframe_on_spark_converts_exactly(spark_session: Any, tmp_path: Path) -> None:
    n = 400
    table = ObservationTable.from_columns(
        indicator="budget",
        country=["KHM", "LAO", "THA", "VNM"] * (n // 4),
        period=[2012, 2013, 2014, 2015, 2016] * (n // 5),
        magnitude=[10**20 + i for i in range(n)],
        exponent=-2,
        currency=["KHR", "LAK", "THB", "VND"] * (n // 4),
        recipient=[f"office {i}" for i in range(n)],
    )
    io.write_parquet(table, tmp_path / "obs", partition_by=("country", "period"))
    frame = (
        spark_session.read.option("recursiveFileLookup", "true")
        .option("mergeSchema", "true")
        .parquet(str(tmp_path / "obs"))
    )
    options: dict[str, Any] = {"currency": "USD", "rates": RateTable.wdi()}
    got = engines.aggregate(engines.spark(frame), BUDGET, ("country", "year"), **options)
    assert got == aggregate(table, BUDGET, ("country", "year"), **options)
    assert got.conversions == aggregate(table, BUDGET, ("country", "year"), **options).conversions


TRAINED = Indicator(id="trained", name="People trained", kind="count", unit="person")


@pytest.mark.parametrize(
    ("indicator", "columns"),
    [
        (TRAINED, {"id": ["a", "b", "c"], "subset_of": [None, "a", "x"]}),  # a subset beside it
        (TRAINED, {"id": ["a", "b", "c"], "subset_of": [None, "x", "x"]}),  # subsets apart
        (BUDGET, {"recipient": ["MoWA", "MoI", "MoWA"], "currency": "KHR"}),  # a line twice
        (BUDGET, {"recipient": ["MoWA", "MoI", "MoSVY"], "currency": "KHR"}),  # distinct lines
    ],
)
def test_subsets_and_budget_lines_are_checked_on_spark(
    indicator: Indicator, columns: dict[str, Any]
) -> None:
    """The semi-join of subset links and the hashes of budget lines, on Spark's own functions."""
    table = ObservationTable.from_columns(
        indicator=indicator.id,
        country="KHM",
        period=2014,
        magnitude=[1, 2, 3],
        unit="person" if indicator is TRAINED else None,
        **columns,
    )
    expected = engine_cases.outcome(aggregate, table, indicator, ())
    engine_cases.assert_same(
        engine_cases.outcome(engine_cases.run_on(connect), table, indicator, ()), expected
    )


@pytest.mark.parametrize("by", [(), ("sex",), ("country", "sex")])
def test_breakdowns_beside_totals_are_resolved_on_spark(by: tuple[str, ...]) -> None:
    """Parts dropped by their row and a total's remainder joined as a row, in Spark's own SQL."""
    from commit_mef.engines import _run

    table = semantics.table(
        semantics.obs("trained", "KHM", 2014, 100),
        semantics.obs("trained", "KHM", 2014, 60, disaggregation={"sex": "female"}),
        semantics.obs("trained", "LAO", 2014, 7, disaggregation={"sex": "male"}),
    )
    expected = aggregate(table, semantics.TRAINED, by)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_run, "aggregate_in_process", None)  # never row by row
        got = engines.aggregate(connect(io.to_arrow(table)), semantics.TRAINED, by)
    assert got == expected
    if by == ("sex",):  # Cambodia's 100 less its 60 women is kept with no sex code
        assert got.as_dict() == {("female",): 60, (None,): 40, ("male",): 7}
    if by == ():
        assert got.value() == 107


@pytest.mark.parametrize(("magnitude", "n"), [(10**37, 10), (10**37, 40)])
def test_sums_of_38_digits_and_past_them_are_exact_on_spark(magnitude: int, n: int) -> None:
    """Spark's DECIMAL(38) sum overflows past 38 digits (an error, or NULL outside ANSI mode)."""
    table = engine_cases.huge(magnitude, n)
    got = engine_cases.run_on(connect)(table, TRAINED, ("country",))
    assert [r.value for r in got] == [magnitude * n // 2] * 2
    assert got == aggregate(table, TRAINED, ("country",))


def test_a_sum_spark_leaves_empty_outside_ansi_mode_is_never_read_as_nothing(
    spark_session: Any,
) -> None:
    previous = spark_session.conf.get("spark.sql.ansi.enabled")
    spark_session.conf.set("spark.sql.ansi.enabled", "false")
    try:
        test_sums_of_38_digits_and_past_them_are_exact_on_spark(10**37, 40)
    finally:
        spark_session.conf.set("spark.sql.ansi.enabled", previous)


def test_every_spa3_indicator_on_spark_equals_in_process(tmp_path: Path) -> None:
    """The how-to's script: the shipped figures as partitioned Parquet, every indicator by country."""
    from commit_mef import datasets
    from commit_mef.errors import CommitMefError

    session, _ = _SESSION
    data = datasets.spa3_report()
    io.write_parquet(
        data.observations, tmp_path / "obs", partition_by=("country",), indicators=data.indicators
    )
    source = engines.spark(str(tmp_path / "obs"), session=session)

    def totals(run: Any, table: Any) -> dict[str, Any]:
        out = {}
        for ind in data.indicators:
            money = (
                {"currency": "USD", "rates": RateTable.wdi()} if ind.kind.value == "money" else {}
            )
            try:
                out[ind.id] = run(table, ind, ("country",), **money)
            except CommitMefError as exc:
                out[ind.id] = f"{type(exc).__name__}: {exc}"
        return out

    here = totals(aggregate, data.observations)
    there = totals(engines.aggregate, source)
    assert len(here) == 23
    assert there == here
    assert sum(isinstance(v, str) for v in here.values()) < len(here)  # most give a result
