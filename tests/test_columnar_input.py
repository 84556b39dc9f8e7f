"""Dictionary-encoded input to ``ObservationTable.from_columns`` (#18 point 1)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import ObservationTable, ValidationError
from commit_mef.observations import _columns as cols_

COUNTRIES = ["KHM", "LAO", "THA", "VNM"]


def plain(codes: list[int], years: list[int]) -> ObservationTable:
    return ObservationTable.from_columns(
        indicator="x",
        country=[COUNTRIES[c] for c in codes],
        period=years,
        magnitude=np.arange(len(codes), dtype=np.int64),
        unit="person",
    )


rows = st.lists(st.tuples(st.integers(0, 3), st.integers(1990, 2030)), max_size=40)


@given(rows)
def test_codes_with_their_categories_build_the_same_table(items: list[tuple[int, int]]) -> None:
    codes = [c for c, _ in items]
    years = [y for _, y in items]
    encoded = ObservationTable.from_columns(
        indicator="x",
        country=(np.asarray(codes, dtype=np.int64), COUNTRIES),
        period=np.asarray(years, dtype=np.int16),
        magnitude=np.arange(len(codes), dtype=np.int64),
        unit="person",
    )
    assert list(encoded) == list(plain(codes, years))


def test_categories_that_name_one_country_twice_merge() -> None:
    t = ObservationTable.from_columns(
        indicator="x",
        country=(np.array([0, 1, 2]), ["KHM", "Cambodia", "Lao PDR"]),
        value=[1, 2, 3],
        unit="person",
    )
    codes, cats = t.key_column("country")
    assert [c.alpha_3 for c in cats] == ["KHM", "LAO"]
    assert list(codes) == [0, 0, 1]


@pytest.mark.parametrize(
    ("codes", "fix"),
    [
        (np.array([0, 4]), "0 to 3"),
        (np.array([-1, 0]), "0 to 3"),
        (np.array([0.0, 1.0]), "must be integers"),
    ],
)
def test_codes_outside_their_categories_are_refused_naming_the_column(
    codes: np.ndarray, fix: str
) -> None:
    with pytest.raises(ValidationError, match=fix) as err:
        ObservationTable.from_columns(
            indicator="x", country=(codes, COUNTRIES), value=[1, 2], unit="person"
        )
    assert err.value.path == "ObservationTable.from_columns(country=...)"


def test_a_pandas_categorical_with_missing_values() -> None:
    pd = pytest.importorskip("pandas")
    t = ObservationTable.from_columns(
        indicator="x",
        country=pd.Categorical(["KHM", "LAO", "KHM"]),
        value=[1, 2, 3],
        unit="person",
        disaggregation={"sex": pd.Series(["female", None, "male"], dtype="category")},
    )
    assert [o.dimension("sex") for o in t] == ["female", None, "male"]
    assert [str(o.country) for o in t] == ["Cambodia", "Lao PDR", "Cambodia"]


def test_arrow_dictionary_plain_and_chunked_arrays() -> None:
    pa = pytest.importorskip("pyarrow")
    sexes = pa.chunked_array(
        [pa.array(["female", None]).dictionary_encode(), pa.array(["male"]).dictionary_encode()]
    )
    t = ObservationTable.from_columns(
        indicator=pa.array(["x", "x", "y"]),
        country=pa.array(["KHM", "LAO", "KHM"]).dictionary_encode(),
        period=np.asarray(pa.array([2014, 2015, 2014], type=pa.int16())),
        value=[1, 2, 3],
        unit="person",
        disaggregation={"sex": sexes},
    )
    assert [(o.indicator, str(o.country), str(o.period), o.dimension("sex")) for o in t] == [
        ("x", "Cambodia", "2014", "female"),
        ("x", "Lao PDR", "2015", None),
        ("y", "Cambodia", "2014", "male"),
    ]


def test_a_constant_column_is_stored_once() -> None:
    n = 1_000_000
    mags = np.ones(n, dtype=np.int64)
    tracemalloc.start()
    t = ObservationTable.from_columns(
        indicator="x", country="KHM", period=2014, magnitude=mags, unit="person"
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # the magnitudes (8 bytes a row, copied); nothing a row for indicator, country, period,
    # unit, basis, currency and the value kind
    assert peak < 8.5 * n
    assert len(t) == n
    assert str(t[n - 1].country) == "Cambodia"


@given(st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=30))
def test_integer_columns_encode_alike_narrow_or_wide(values: list[int]) -> None:
    arr = np.asarray(values, dtype=np.int64)
    codes, cats = cols_.encode(arr)
    assert [cats[c] for c in codes.tolist()] == values
    assert list(cats) == sorted(set(values))


def test_an_absent_default_shifts_every_code_even_past_255() -> None:
    from commit_mef.observations._encoding import _default_first

    codes = np.arange(256, dtype=np.uint8).repeat(2)[:511].astype(np.uint8)
    cats = tuple(f"office {i}" for i in range(256))
    shifted, order = _default_first(codes, cats, None)
    assert order[0] is None
    assert order[1:] == cats
    assert shifted.tolist() == (codes.astype(np.int64) + 1).tolist()
