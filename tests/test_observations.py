"""Observations and the columnar ObservationTable: construction, exactness, filter, group, export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import (
    Basis,
    CountryPair,
    Observation,
    ObservationTable,
    Period,
    QualityFlag,
    SourceRef,
    ValidationError,
    country,
)
from commit_mef.money import Money
from commit_mef.observations import _columns as cols_
from commit_mef.testing import observation_tables, observations

# Every test of the module runs twice: small tables in Python lists, then all in numpy.
pytestmark = pytest.mark.usefixtures("table_backend")


KHM, LAO, VNM = country("KHM"), country("LAO"), country("VNM")


# -- the package ----------------------------------------------------------------------------
def test_the_package_facade_exports_the_same_objects_as_the_front_door() -> None:
    import commit_mef
    import commit_mef.observations as facade

    assert facade.__all__ == [
        "Basis",
        "Bound",
        "CountryPair",
        "Observation",
        "ObservationTable",
        "TableColumns",
        "Value",
    ]
    for name in facade.__all__:
        if name not in ("Value", "TableColumns"):  # types exported by the package only
            assert getattr(facade, name) is getattr(commit_mef, name), name


# -- Observation --------------------------------------------------------------------------
def test_observation_converts_codes_periods_and_ints() -> None:
    obs = Observation(indicator="x", country="Laos", period="2011-2014", value=440, unit="person")
    assert (obs.country, obs.period, obs.value) == (LAO, Period.years(2011, 2014), Decimal(440))
    assert obs.basis is Basis.TOTAL
    assert Observation(indicator="x", country="KHM", period=2014).period == Period.year(2014)


def test_a_pair_is_unordered_and_its_own_place() -> None:
    a = Observation(indicator="mou", country=("VNM", "KHM"), value=True)
    b = Observation(indicator="mou", country="KHM+VNM", value=True)
    assert a.country == b.country == CountryPair(KHM, VNM)
    assert a.countries == (KHM, VNM)
    assert a.is_bilateral


def test_a_pair_of_one_country_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"CountryPair.second: .*two different countries"):
        CountryPair("KHM", "Cambodia")


def test_float_values_are_refused_with_the_exact_fix() -> None:
    with pytest.raises(TypeError, match=r"floats are inexact: pass a str or a Decimal"):
        Observation(indicator="x", country="KHM", value=0.1)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"country": 3}, TypeError, "Observation.country must be"),
        ({"period": 2.5}, TypeError, "Observation.period must be"),
        ({"value": object()}, TypeError, "Observation.value must be"),
        ({"indicator": ""}, ValidationError, "Observation.indicator: must not be empty"),
        ({"value": Money("5", "THB"), "unit": "person"}, ValidationError, "Observation.unit"),
        ({"id": "a", "subset_of": "a"}, ValidationError, "Observation.subset_of"),
        ({"disaggregation": [("sex", "f"), ("sex", "m")]}, ValidationError, "given twice"),
        ({"flags": ["bad"]}, TypeError, r"Observation.flags\[0\]"),
        ({"stated": "USD 5"}, TypeError, "Observation.stated must be Money"),
    ],
)
def test_bad_fields_raise_the_packages_errors_naming_the_field(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    base: dict[str, object] = {"indicator": "x", "country": "KHM"}
    with pytest.raises(error, match=message):
        Observation(**{**base, **kwargs})  # type: ignore[arg-type]


def test_observation_accessors() -> None:
    obs = Observation(
        indicator="budget",
        country="THA",
        value=Money("210000000", "THB"),
        disaggregation={"sex": "female"},
    )
    assert (obs.currency, obs.magnitude, obs.dimension("sex"), obs.dimension("age")) == (
        "THB",
        Decimal("210000000"),
        "female",
        None,
    )
    assert Observation(indicator="x", country="KHM", value=True).magnitude is None


# -- the table ----------------------------------------------------------------------------
FULL = Observation(
    id="KHM.1.budget",
    indicator="budget.allocation",
    country="KHM",
    period="2011-2014",
    basis="per-year",
    value=Money("149000000.50", "KHR"),
    disaggregation={"ministry": "MoWA"},
    source=SourceRef(document="spa3-final-report", section="2.2", line=99),
    flags=(QualityFlag(code="approx", note="about"),),
    subset_of="KHM.1.total",
    stated=Money("37000", "USD"),
    recipient="Ministry of Women's Affairs",
    approximate=True,
    as_written="about 149 million KHR",
    details={"purpose": "anti-trafficking"},
)


def test_rows_round_trip_through_the_table_with_every_field() -> None:
    rows = [
        FULL,
        Observation(indicator="npa", country=("KHM", "VNM"), value=True, basis="point"),
        Observation(indicator="note", country="LAO", value="a text"),
        Observation(indicator="x", country="LAO", value=None),
        Observation(indicator="x", country="VNM", value=Decimal("-0.001"), period=2014),
    ]
    table = ObservationTable.from_rows(rows)
    assert list(table) == rows
    assert table[0] == FULL
    assert table[-1] == rows[-1]


def test_indexing_out_of_range_and_by_non_int() -> None:
    table = ObservationTable.from_rows([FULL])
    with pytest.raises(IndexError, match="out of range"):
        table[1]
    with pytest.raises(TypeError, match="with an int"):
        table["0"]  # type: ignore[index]


def test_magnitudes_are_exact_scaled_integers_not_floats() -> None:
    table = ObservationTable.from_rows(
        [
            Observation(indicator="x", country="KHM", value=Decimal("0.1")),
            Observation(indicator="x", country="KHM", value=Decimal("0.2")),
        ]
    )
    cols = table.columns()
    assert cols["magnitude"].dtype == np.int64
    assert cols["magnitude"].tolist() == [1, 2]
    assert cols["exponent"] == -1
    assert sum(o.value for o in table) == Decimal("0.3")  # type: ignore[misc]


def test_magnitudes_too_big_for_int64_fall_back_to_python_ints() -> None:
    huge = Decimal("123456789012345678901234567890.12")
    table = ObservationTable.from_rows([Observation(indicator="x", country="KHM", value=huge)])
    assert table.columns()["magnitude"].dtype == object
    assert table[0].value == huge


def test_trailing_zeros_after_the_point_are_dropped_but_the_value_is_equal() -> None:
    table = ObservationTable.from_rows(
        [Observation(indicator="x", country="KHM", value=Decimal("12.50"))]
    )
    assert str(table[0].value) == "12.5"


def test_from_columns_broadcasts_scalars_and_encodes_each_distinct_key_once() -> None:
    table = ObservationTable.from_columns(
        indicator="x",
        country=["KHM", "Cambodia", "LAO"],
        period=[2014, "2014", Period.year(2015)],
        magnitude=np.array([1, 2, 3]),
        unit="person",
    )
    codes, cats = table.key_column("country")
    assert cats == (KHM, LAO)
    assert codes.tolist() == [0, 0, 1]
    assert table.key_column("period")[1] == (Period.year(2014), Period.year(2015))


def test_from_columns_copies_the_callers_array() -> None:
    mags = np.array([5, 6])
    table = ObservationTable.from_columns(indicator="x", country="KHM", magnitude=mags)
    mags[0] = 99
    assert table[0].value == Decimal(5)
    assert not table.columns()["magnitude"].flags.writeable


def test_from_columns_with_values_and_extra_columns() -> None:
    table = ObservationTable.from_columns(
        indicator="x",
        country="KHM",
        value=[Decimal(1), Money("2", "USD"), True, "text", None],
        id=["a", "b", "c", "d", None],
        subset_of=[None, "a", None, None, None],
    )
    assert [o.value for o in table] == [Decimal(1), Money("2", "USD"), True, "text", None]
    assert [o.subset_of for o in table] == [None, "a", None, None, None]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"period": [2013, 2014], "magnitude": [1]}, ValidationError, "has 1 values but"),
        ({"magnitude": [1], "value": [1]}, ValidationError, "not both or neither"),
        ({}, ValidationError, "not both or neither"),
        ({"magnitude": [1.5]}, TypeError, r"magnitude\[0\] must be an int"),
        ({"magnitude": np.array([1.5])}, TypeError, "floats are inexact"),
        ({"magnitude": [1], "colour": ["red"]}, TypeError, "unexpected columns colour"),
        ({"value": [1], "currency": "USD"}, ValidationError, "currency= goes with magnitude="),
        ({"value": [0.5]}, TypeError, "floats are inexact"),
    ],
)
def test_from_columns_refuses_bad_input(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        ObservationTable.from_columns(indicator="x", country="KHM", **kwargs)  # type: ignore[arg-type]


def test_the_table_cannot_be_built_directly_and_from_rows_takes_observations() -> None:
    with pytest.raises(TypeError, match="from_rows"):
        ObservationTable()
    with pytest.raises(TypeError, match="row 0 is str"):
        ObservationTable.from_rows(["x"])  # type: ignore[list-item]


def _sample() -> ObservationTable:
    return ObservationTable.from_columns(
        indicator=["a", "a", "b", "a"],
        country=["KHM", "KHM+VNM", "LAO", "VNM"],
        period=[2013, 2014, 2015, "2011-2014"],
        magnitude=[1, 2, 3, 4],
        unit="person",
        disaggregation={"sex": ["male", "female", None, "female"]},
    )


def test_filter_by_each_criterion() -> None:
    t = _sample()
    assert [o.value for o in t.filter(indicator="a")] == [1, 2, 4]
    assert [o.value for o in t.filter(country="VNM")] == [2, 4]  # the pair counts for Viet Nam
    assert [o.value for o in t.filter(country=CountryPair("KHM", "VNM"))] == [2]
    assert [o.value for o in t.filter(period=Period.year(2014))] == [2, 4]
    assert [o.value for o in t.filter(disaggregation={"sex": "female"})] == [2, 4]
    assert [o.value for o in t.filter(disaggregation={"sex": None})] == [3]
    assert [o.value for o in t.filter(disaggregation={"age": None})] == [1, 2, 3, 4]
    assert [o.value for o in t.filter(indicator="a", predicate=lambda o: o.value > 1)] == [2, 4]  # type: ignore[operator]


def test_group_by_keys_in_order_of_first_appearance() -> None:
    groups = _sample().group_by("indicator", "sex")
    assert [(k, [o.value for o in sub]) for k, sub in groups.items()] == [
        (("a", "male"), [Decimal(1)]),
        (("a", "female"), [Decimal(2), Decimal(4)]),
        (("b", None), [Decimal(3)]),
    ]
    years = _sample().group_by("year")
    assert {k: len(v) for k, v in years.items()} == {(2013,): 1, (2014,): 1, (2015,): 1, (None,): 1}
    with pytest.raises(ValueError, match="at least one key"):
        _sample().group_by()


def test_concat_aligns_categories_exponents_and_optional_columns() -> None:
    a = ObservationTable.from_rows([Observation(indicator="x", country="KHM", value=1, id="a")])
    b = ObservationTable.from_rows(
        [
            Observation(
                indicator="y", country="LAO", value=Decimal("0.25"), disaggregation={"sex": "m"}
            )
        ]
    )
    both = ObservationTable.concat([a, b])
    assert list(both) == [*a, *b]
    assert both.exponent == -2
    assert len(ObservationTable.concat([])) == 0
    with pytest.raises(TypeError, match="item 0"):
        ObservationTable.concat(["x"])  # type: ignore[list-item]


def test_to_columns_schema() -> None:
    cols = ObservationTable.from_rows([FULL]).to_columns()
    assert cols == {
        "id": ["KHM.1.budget"],
        "indicator": ["budget.allocation"],
        "country": ["KHM"],
        "period_start": [dt.date(2011, 1, 1)],
        "period_end": [dt.date(2014, 12, 31)],
        "kind": ["money"],
        "amount": [Decimal("149000000.50")],
        "currency": ["KHR"],
        "flag": [None],
        "text": [None],
        "unit": [None],
        "basis": ["per-year"],
        "subset_of": ["KHM.1.total"],
        "same_as": [None],
        "recipient": ["Ministry of Women's Affairs"],
        "as_written": ["about 149 million KHR"],
        "approximate": [True],
        "bound": [None],
        "source": ["spa3-final-report §2.2, line 99"],
        "flags": ["approx"],
        "dim.ministry": ["MoWA"],
    }


def test_columns_rebuild_a_pandas_frame() -> None:
    pd = pytest.importorskip("pandas")
    cols = _sample().columns()
    codes, cats = cols["indicator"]
    assert list(pd.Categorical.from_codes(codes, categories=list(cats))) == ["a", "a", "b", "a"]


def test_memory_is_a_few_bytes_per_row() -> None:
    table = ObservationTable.from_columns(
        indicator="x", country=["KHM", "LAO"] * 500, period=2014, magnitude=np.arange(1000)
    )
    assert table.nbytes() == 1000 * (8 + 7)  # int64 magnitude + seven one-byte key columns


# -- properties ---------------------------------------------------------------------------
@given(st.lists(observations(), max_size=15))
def test_from_rows_then_iterating_gives_the_rows_back(rows: list[Observation]) -> None:
    assert list(ObservationTable.from_rows(rows)) == rows


@given(observation_tables(), observation_tables())
def test_concat_is_the_rows_of_both(a: ObservationTable, b: ObservationTable) -> None:
    assert list(ObservationTable.concat([a, b])) == [*a, *b]


@given(observation_tables(max_size=12))
def test_group_by_partitions_the_table(table: ObservationTable) -> None:
    groups = table.group_by("indicator", "country")
    assert sum(len(g) for g in groups.values()) == len(table)
    for (ind, place), sub in groups.items():
        assert all(o.indicator == ind and o.country == place for o in sub)


@given(observation_tables(max_size=12))
def test_filter_agrees_with_a_predicate(table: ObservationTable) -> None:
    fast = table.filter(indicator="a", disaggregation={"sex": "x"})
    slow = [o for o in table if o.indicator == "a" and o.dimension("sex") == "x"]
    assert list(fast) == slow


# -- the two backends: Python lists for small tables, numpy otherwise ----------------------
def _both(rows: list[Observation]) -> tuple[ObservationTable, ObservationTable]:
    saved = cols_.SMALL_ROWS
    try:
        cols_.SMALL_ROWS = len(rows) + 1
        small = ObservationTable.from_rows(rows)
        cols_.SMALL_ROWS = 0
        big = ObservationTable.from_rows(rows)
    finally:
        cols_.SMALL_ROWS = saved
    return small, big


def _same_columns(a: Mapping[str, Any], b: Mapping[str, Any]) -> None:
    assert a.keys() == b.keys()
    assert a["exponent"] == b["exponent"]
    for name in a.keys() - {"exponent"}:
        if name == "magnitude":
            left, right = a[name], b[name]
        else:
            (left, lcats), (right, rcats) = a[name], b[name]
            assert lcats == rcats, name
        assert isinstance(left, np.ndarray), name
        assert (left.dtype, left.tolist()) == (right.dtype, right.tolist()), name
        assert not left.flags.writeable, name


def test_a_small_table_from_rows_keeps_lists_and_a_large_one_numpy() -> None:
    rows = [Observation(indicator="x", country="KHM", value=i) for i in range(3)]
    saved = cols_.SMALL_ROWS
    try:
        cols_.SMALL_ROWS = 4
        assert cols_.is_python(ObservationTable.from_rows(rows)._mags)
        cols_.SMALL_ROWS = 3
        assert not cols_.is_python(ObservationTable.from_rows(rows)._mags)
    finally:
        cols_.SMALL_ROWS = saved


def test_columns_of_a_small_table_are_numpy_arrays() -> None:
    small, big = _both([*_sample()])
    assert cols_.is_python(small._mags)
    _same_columns(small.columns(), big.columns())
    assert small.nbytes() == big.nbytes()


@given(st.lists(observations(), max_size=12))
def test_both_backends_hold_the_same_table(rows: list[Observation]) -> None:
    small, big = _both(rows)
    _same_columns(small.columns(), big.columns())
    assert small.nbytes() == big.nbytes()
    assert small == big
    assert list(small) == list(big) == rows
    assert (small.indicators, small.dimensions) == (big.indicators, big.dimensions)
    for key in ("indicator", "country", "period", "year", "currency", "id", "sex", "age"):
        (lcodes, lcats), (rcodes, rcats) = small.key_column(key), big.key_column(key)
        assert isinstance(lcodes, np.ndarray)
        assert (lcodes.dtype, lcodes.tolist(), lcats) == (rcodes.dtype, rcodes.tolist(), rcats)
    for keys in (("indicator",), ("country", "year"), ("sex",)):
        left, right = small.group_by(*keys), big.group_by(*keys)
        assert list(left) == list(right)
        assert [list(t) for t in left.values()] == [list(t) for t in right.values()]
    assert list(small.filter(indicator="a", country="KHM")) == list(
        big.filter(indicator="a", country="KHM")
    )
    for mixed in ([small, big], [big, small], [small, small]):
        joined = ObservationTable.concat(mixed)
        assert list(joined) == [*rows, *rows]
        _same_columns(joined.columns(), ObservationTable.concat([big, big]).columns())


@given(st.lists(observations(), max_size=12))
def test_one_indicator_slices_of_a_numpy_table_equal_a_scan(rows: list[Observation]) -> None:
    # each slice comes from one cached sort, its one-code columns filled instead of gathered
    small, big = _both(rows)
    for name in {o.indicator for o in rows} | {"absent"}:
        sliced = big.filter(indicator=name)
        assert list(sliced) == [o for o in rows if o.indicator == name]
        _same_columns(sliced.columns(), small.filter(indicator=name).columns())


def test_counting_codes_of_a_one_code_column_matches_numpy() -> None:
    for codes in ([3, 3, 3], [0, 2, 2], []):
        arr = np.asarray(codes, dtype=np.uint8)
        assert cols_.bincount(arr, 5) == np.bincount(arr, minlength=5).tolist()
        assert cols_.bincount(arr, 5) == cols_.bincount(list(codes), 5)
