"""The columnar helpers the fast path rests on, against plain Python references.

``group_sums`` (counts and exact sums in the key's slots, int64 or float chunks),
``mixed_key`` reused in place, block-wise ``counts``, the one-pass code range check, the
offset encoding of small-range integers, and the CSV reader's byte-level tests of
constant columns and row numbers: each must give exactly what the obvious Python gives,
whatever the sizes, signs and magnitudes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commit_mef.io._csv_columns import _Columns, _constant_cell
from commit_mef.observations import _columns as cols_
from commit_mef.observations._group_sums import group_sums

MAGNITUDES = st.sampled_from([10, 10**6, 2**40, 2**61, 2**62 - 1])


@st.composite
def keyed(draw: st.DrawFn) -> tuple[list[tuple[Any, int]], int, Any]:
    n = draw(st.integers(1, 400))
    columns = []
    for _ in range(draw(st.integers(1, 4))):
        card = draw(st.integers(1, 6))
        how = draw(st.sampled_from(["random", "constant", "broadcast"]))
        if how == "random":
            codes = np.asarray(draw(st.lists(st.integers(0, card - 1), min_size=n, max_size=n)))
        else:
            one = np.asarray([draw(st.integers(0, card - 1))])
            codes = np.broadcast_to(one, (n,)) if how == "broadcast" else np.repeat(one, n)
        columns.append((codes.astype(np.uint8), card))
    big = draw(MAGNITUDES)
    mags = np.asarray(draw(st.lists(st.integers(-big, big), min_size=n, max_size=n)), np.int64)
    return columns, n, mags


@settings(max_examples=300)
@given(keyed())
def test_group_sums_are_the_exact_sums_of_each_combination(
    case: tuple[list[tuple[Any, int]], int, Any],
) -> None:
    columns, n, mags = case
    codes, counts, sums, groups = group_sums(columns, n, mags, rows=True)
    rows = list(zip(*(c.tolist() for c, _card in columns), strict=True))
    expected_sums: dict[tuple[int, ...], int] = defaultdict(int)
    for row, m in zip(rows, mags.tolist(), strict=True):
        expected_sums[row] += m
    keys = sorted(expected_sums)  # the order of the combined codes
    assert [tuple(col[g] for col in codes) for g in range(len(counts))] == keys
    assert counts == [Counter(rows)[k] for k in keys]
    assert sums == [expected_sums[k] for k in keys]
    assert [keys[g] for g in np.asarray(groups).tolist()] == rows


@settings(max_examples=100)
@given(keyed())
def test_a_consumed_key_gives_the_same_groups(case: tuple[list[tuple[Any, int]], int, Any]) -> None:
    columns, n, mags = case
    base, radix = cols_.mixed_key([(c, card) for c, card in columns if card > 1], n)
    kept = base.copy()
    fresh = group_sums([(kept, radix)], n, mags)
    consumed = group_sums([(base, radix)], n, mags, consume=True)
    assert consumed[1:3] == fresh[1:3]
    assert consumed[0] == fresh[0]


@given(st.lists(st.integers(0, 40), max_size=300_000 // 1000), st.integers(0, 50))
def test_counts_in_blocks_equal_bincount(values: list[int], minlength: int) -> None:
    codes = np.repeat(np.asarray(values, dtype=np.uint8), 1000)  # past one block of 65,536
    assert (
        cols_.counts(codes, minlength).tolist() == np.bincount(codes, minlength=minlength).tolist()
    )


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "uint8", "uint32"])
def test_the_code_range_check_sees_negatives_and_codes_past_the_end(dtype: str) -> None:
    codes = np.asarray([0, 1, 2], dtype=dtype)
    assert not cols_._out_of_range(codes, 3)
    assert cols_._out_of_range(codes, 2)
    if dtype.startswith("int"):
        assert cols_._out_of_range(np.asarray([0, -1], dtype=dtype), 3)


@given(st.lists(st.integers(-3000, 3000), min_size=1, max_size=200), st.integers(0, 2))
def test_small_range_integers_encode_to_their_distinct_values(values: list[int], pick: int) -> None:
    array = np.asarray(values, dtype=("int16", "int32", "int64")[pick])
    codes, cats = cols_._encode_integers(array)
    assert cats == sorted(set(values))
    assert [cats[c] for c in codes.tolist()] == values
    assert codes.dtype == cols_.code_dtype(len(cats))


@given(st.lists(st.sampled_from(["ab", "ab", "ac", "a", "", "é"]), min_size=1, max_size=30))
def test_a_constant_column_is_seen_from_its_buffers(cells: list[str]) -> None:
    half = len(cells) // 2
    array = pa.chunked_array([cells[:half], cells[half:]], type=pa.string())
    expected = cells[0] if len(set(cells)) == 1 and cells[0] else None
    assert _constant_cell(array) == expected


@given(st.lists(st.sampled_from(["1", "22", "007", "", "1a", "-1", "٣"]), min_size=1, max_size=20))
def test_row_numbers_are_read_as_digits_from_their_bytes(cells: list[str]) -> None:
    cols = _Columns(["row"], {"row": pa.chunked_array([cells], type=pa.string())}, len(cells), [])
    expected = all(c and all("0" <= ch <= "9" for ch in c) for c in cells)
    assert cols.all_digits("row") == expected


PLAIN = st.builds(
    lambda sign, whole, frac, dot: f"{sign}{whole}" + (f".{frac}" if frac or dot else ""),
    st.sampled_from(["", "-"]),
    st.integers(0, 10**17),
    st.text("0123456789", max_size=9),
    st.booleans(),
)


@settings(max_examples=300)
@given(st.lists(PLAIN, min_size=1, max_size=30))
def test_plain_decimals_read_by_arrow_are_exact(cells: list[str]) -> None:
    """Read as floats where every magnitude has at most 15 digits, else as decimal128: exact."""
    from decimal import Decimal

    from commit_mef.io._csv_columns import _arrow_numbers

    got = _arrow_numbers(pa.chunked_array([cells], type=pa.string()), np.ones(len(cells), bool))
    if got is None:  # beyond int64 at the common scale: read cell by cell
        scale = max(len(c.partition(".")[2]) for c in cells)
        assert max(abs(Decimal(c).scaleb(scale)) for c in cells) >= 2**63
        return
    mags, exponent = got
    assert [Decimal(m).scaleb(exponent) for m in mags.tolist()] == [Decimal(c) for c in cells]
