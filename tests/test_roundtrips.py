"""Every result type writes and reads back equal through commit_mef.io, with its own types.

Issue #23 point 4 (and #15): ``AggregateResult`` kept its ``Country`` keys as strings,
a real ``ProgressReport`` was written but refused on reading, and ``Dataset`` could not be
written at all.  Each type is checked on a Hypothesis strategy from
:mod:`commit_mef.testing` and on the shipped SPA III data.
"""

from __future__ import annotations

import datetime as dt
import io as stdio
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commit_mef import (
    AggregateResult,
    Country,
    CountryPair,
    LoadError,
    Period,
    Progress,
    ProgressReport,
    RateTable,
    Status,
    ValidationReport,
    aggregate,
    datasets,
    io,
    progress_report,
    testing,
    validate,
)
from commit_mef.datasets import Dataset
from commit_mef.errors import InvalidTypeError
from commit_mef.progress import progress
from commit_mef.testing import (
    aggregate_results,
    progress_reports,
    progress_results,
    validation_reports,
)
from commit_mef.testing import datasets as dataset_strategy


def _both_ways(obj: Any, cls: type[Any]) -> Any:
    """Read back through dumps/loads and through dump/load on a stream; check the schema."""
    text = io.dumps(obj)
    jsonschema.Draft202012Validator(io.json_schema(cls)).validate(json.loads(text))
    back = io.loads(text, cls)
    out = stdio.StringIO()
    io.dump(obj, out)
    assert io.load(stdio.BytesIO(out.getvalue().encode("utf-8")), cls) == back
    return back


@settings(max_examples=60)
@given(aggregate_results())
def test_any_aggregate_result_round_trips_with_typed_keys(result: AggregateResult) -> None:
    back = _both_ways(result, AggregateResult)
    assert back == result
    for row, original in zip(back.rows, result.rows, strict=True):
        assert [type(k) for k in row.key] == [type(k) for k in original.key]


@settings(max_examples=60)
@given(progress_results())
def test_any_progress_round_trips(value: Progress) -> None:
    assert _both_ways(value, Progress) == value


@settings(max_examples=30)
@given(progress_reports())
def test_any_progress_report_round_trips(report: ProgressReport) -> None:
    assert _both_ways(report, ProgressReport) == report


@settings(max_examples=40)
@given(validation_reports())
def test_any_validation_report_round_trips(report: ValidationReport) -> None:
    assert _both_ways(report, ValidationReport) == report


@settings(max_examples=20)
@given(dataset_strategy())
def test_any_dataset_round_trips_with_its_figures(data: Dataset) -> None:
    back = _both_ways(data, Dataset)
    assert back == data
    assert back.observations == data.observations  # not part of Dataset's own ==


@pytest.fixture(scope="module")
def spa3() -> Dataset:
    return datasets.spa3_report()


def test_shipped_aggregate_keys_come_back_as_countries(spa3: Dataset) -> None:
    result = aggregate(spa3.observations, spa3.indicator("npa.adopted"), by=("country", "year"))
    back = io.loads(io.dumps(result), AggregateResult)
    assert back == result
    assert {type(row.key[0]) for row in back.rows} <= {Country, CountryPair}
    assert {type(row.key[1]) for row in back.rows} == {int}
    assert back[result.rows[0].key].value == result.rows[0].value


def test_shipped_money_aggregate_keeps_its_conversions(spa3: Dataset) -> None:
    result = aggregate(
        spa3.observations,
        spa3.indicator("budget.allocation"),
        by=("country", "period"),
        currency="USD",
        rates=RateTable.wdi(),
        allow_not_meaningful=True,
        prorate=True,
    )
    back = io.loads(io.dumps(result), AggregateResult)
    assert back == result
    assert back.conversions
    assert back.conversions == result.conversions
    assert all(isinstance(row.key[1], Period) for row in back.rows)


def test_shipped_progress_report_reads_back(spa3: Dataset) -> None:
    """A real report was written but refused on reading (179 problems): now it loads equal."""
    report = progress_report(spa3.plan, spa3.observations, indicators=spa3.indicators)
    assert io.loads(io.dumps(report)) == report


def test_shipped_progress_and_validation_read_back(spa3: Dataset) -> None:
    plan = spa3.plan
    for target in plan.targets():
        measured = progress(target, spa3.observations, plan=plan, indicators=spa3.indicators)
        assert io.loads(io.dumps(measured), Progress) == measured
    report = validate(plan)
    assert io.loads(io.dumps(report), ValidationReport) == report


def test_shipped_dataset_round_trips_through_a_file(spa3: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "spa3.json"
    io.dump(spa3, path)
    back = io.load(path, Dataset)
    assert back == spa3
    assert back.observations == spa3.observations


def test_a_bad_table_inside_a_dataset_is_located_under_its_field(spa3: Dataset) -> None:
    document = json.loads(io.dumps(spa3))
    document["data"]["observations"]["exponent"] = "two"
    document["data"]["name"] = 7
    with pytest.raises(LoadError) as caught:
        io.loads(json.dumps(document), Dataset)
    paths = {p.path for p in caught.value.problems}
    assert "/data/name" in paths
    assert any(p.startswith("/data/observations/") for p in paths), paths


def test_a_bad_aggregate_key_is_located() -> None:
    document = {
        "format": "commit-mef",
        "version": 1,
        "type": "AggregateRow",
        "data": {"key": [{"country": "XXZ"}, {"colour": "red"}, 2014], "value": "1", "rows": 1},
    }
    with pytest.raises(LoadError) as caught:
        io.loads(json.dumps(document))
    assert [p.path for p in caught.value.problems] == ["/data/key/0", "/data/key/1"]
    assert '{"country": "KHM"}' in caught.value.problems[1].message


def test_a_text_is_not_read_as_a_number_nor_a_number_as_a_text() -> None:
    value = Progress(target="t", indicator="i", as_of=dt.date(2015, 1, 1), status=Status.ON_TRACK)
    document = json.loads(io.dumps(value))
    document["data"]["achieved"] = "four"
    with pytest.raises(LoadError) as caught:
        io.loads(json.dumps(document), Progress)
    assert [p.path for p in caught.value.problems] == ["/data/achieved"]


# -- every strategy of commit_mef.testing ------------------------------------------------------
#: strategies of plain values (dates, ids, numbers; a target value may also be Money)
_PLAIN = {"dates", "dhis2_uids", "target_values"}
#: settings of an export, rows and charts of a report (written inside their ProgressReport)
_NOT_DOCUMENTS = {
    "csv_layouts",
    "dhis2_mappings",
    "iati_organisations",
    "report_figures",
    "target_rows",
    "timeline_charts",
}


def _draw_value(name: str, data: st.DataObject) -> Any:
    """A draw of the strategy ``name``, with the arguments the dependent ones need."""
    strategy = getattr(testing, name)
    within = Period.years(2015, 2018)
    indicator = data.draw(testing.indicators())
    arguments: dict[str, Any] = {
        "activities": lambda: strategy(within),
        "baselines": lambda: strategy(indicator),
        "target_values": lambda: strategy(indicator),
        "targets": lambda: strategy(indicator, within),
        "timelines": lambda: strategy(data.draw(testing.targets(indicator, within)), indicator),
        "objectives": lambda: strategy((indicator,), within, id_="o1"),
        "areas": lambda: strategy((indicator,), within, number=1),
        "target_parts": lambda: strategy(Decimal(1500)),
    }
    return data.draw(arguments.get(name, strategy)())


@pytest.mark.parametrize("name", sorted(testing.__all__))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_every_public_strategy_round_trips_through_dumps(name: str, data: st.DataObject) -> None:
    """``io.loads(io.dumps(x)) == x`` for a draw of every public strategy (#15 point 4).

    The strategies of values no document holds are listed; ``dumps`` refuses them with
    the package's error, so the list cannot go stale unnoticed.
    """
    value = _draw_value(name, data)
    if name in _PLAIN and not attrs.has(type(value)):
        return
    if name in _NOT_DOCUMENTS:
        with pytest.raises(InvalidTypeError):
            io.dumps(value)
        return
    for item in value if isinstance(value, tuple) else (value,):  # a timeline: its targets
        assert io.loads(io.dumps(item), type(item)) == item
