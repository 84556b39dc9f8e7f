"""The one pass of a many-indicator call: the same results and errors as one call per indicator.

``aggregate(table, [a, b, c])`` on a numpy table proves the row checks on the whole table
and groups every indicator's rows at once (``aggregation/_one_pass.py``); where a proof
fails it goes indicator by indicator.  Generated tables of every measure kind, with what
the checks refuse (negative or fractional counts, counts without a unit, repeated ids,
overlapping budget lines, a stock given twice, identical rows, texts among numbers) and
what they note (rows with no value, quality markers, per-year figures), must give what
the calls one by one give, or raise what the first failing indicator raises.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from commit_mef import Observation, ObservationTable, aggregate
from commit_mef.aggregation import _one_pass
from commit_mef.aggregation._many import SharedFactors
from commit_mef.errors import CommitMefError
from commit_mef.indicators import Indicator
from commit_mef.money import Money
from commit_mef.observations import _columns as cols_
from commit_mef.rates import RateTable

RATES = RateTable.wdi()
BY = st.sampled_from([("country", "year"), ("country",), (), ("year",), ("period",)])
PERIODS = st.one_of(
    st.integers(2012, 2015), st.sampled_from(["2013-2014", "2014-07-01/2015-06-30"])
)


@pytest.fixture(autouse=True)
def _numpy_tables() -> Any:
    """Every table in numpy, where the one pass applies."""
    saved = cols_.SMALL_ROWS
    cols_.SMALL_ROWS = 0
    yield
    cols_.SMALL_ROWS = saved


def _value(kind: str, draw: st.DrawFn) -> object:
    if kind == "money":
        amount = draw(st.decimals(min_value=-(10**6), max_value=10**9, places=2))
        return Money(amount, draw(st.sampled_from(["THB", "KHR", "USD"])))
    if kind == "milestone":
        return draw(st.booleans())
    if kind == "percentage":
        return draw(st.decimals(min_value=-5, max_value=105, places=1))
    if kind == "text":
        return "a note"
    return draw(st.one_of(st.integers(-2, 500), st.decimals(min_value=0, max_value=9, places=1)))


@st.composite
def cases(draw: st.DrawFn) -> tuple[ObservationTable, list[Indicator], dict[str, Any]]:
    kind = draw(st.sampled_from(["count", "money", "milestone", "percentage", "stock"]))
    ids = [f"ind.{i}" for i in range(draw(st.integers(2, 3)))]
    measure = "count" if kind == "stock" else kind
    rule = ("last", "sum") if kind == "stock" else None
    unit = {"money": "currency", "count": "person", "stock": "person"}.get(kind)
    inds = [Indicator(id=i, name=i, kind=measure, unit=unit, rule=rule) for i in ids]
    rows = []
    for _ in range(draw(st.integers(1, 14))):
        oddity = draw(st.sampled_from(["plain"] * 6 + ["none", "text", "noted", "id", "unit"]))
        value = None if oddity == "none" else _value("text" if oddity == "text" else measure, draw)
        extra: dict[str, Any] = {}
        if oddity == "noted":
            extra["approximate"] = True
        if oddity == "id":
            extra["id"] = draw(st.sampled_from(["a", "b", "c"]))
        if measure == "count" and oddity != "unit":
            extra["unit"] = "person"
        if measure == "money":
            extra["recipient"] = draw(st.sampled_from([None, "office 1", "office 2"]))
        rows.append(
            Observation(
                indicator=draw(st.sampled_from([*ids, "other"])),
                country=draw(st.sampled_from(["KHM", "THA", "LAO"])),
                period=draw(PERIODS),
                value=value,
                basis=draw(st.sampled_from(["total"] * 4 + ["per-year"])),
                **extra,
            )
        )
    options: dict[str, Any] = {"by": draw(BY), "prorate": draw(st.booleans())}
    if measure == "money":
        options.update(currency="USD", rates=RATES)
    return ObservationTable.from_rows(rows), inds, options


def _one_by_one(table: ObservationTable, inds: list[Indicator], options: dict[str, Any]) -> Any:
    out: dict[str, Any] = {}
    for ind in inds:
        try:
            out[ind.id] = aggregate(table, ind, **options)
        except CommitMefError as exc:
            return (type(exc), str(exc))
    return out


class _Watch:
    """Whether ``aggregate()`` took the one pass (it gave results or one of its runs raised)."""

    def __init__(self) -> None:
        self.took: list[bool] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            out = _one_pass.one_pass(*args, **kwargs)
        except CommitMefError:
            self.took.append(True)
            raise
        self.took.append(out is not None)
        return out


@settings(max_examples=300)
@given(cases())
def test_one_pass_gives_what_the_calls_one_by_one_give(
    case: tuple[ObservationTable, list[Indicator], dict[str, Any]],
) -> None:
    table, inds, options = case
    expected = _one_by_one(table, inds, options)
    by = options.pop("by")
    watch = _Watch()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("commit_mef.aggregation._aggregate.one_pass", watch)
        if isinstance(expected, tuple):
            with pytest.raises(expected[0]) as info:
                aggregate(table, inds, by, **options)
            event("raised in one pass" if watch.took == [True] else "raised one by one")
            assert str(info.value) == expected[1]
            return
        got = aggregate(table, inds, by, **options)
    event("in one pass" if watch.took == [True] else "one by one")
    assert got == expected
    for ind_id, result in got.items():
        assert result.assumptions == expected[ind_id].assumptions
        assert result.conversions == expected[ind_id].conversions
        assert [r.flags for r in result] == [r.flags for r in expected[ind_id]]
        assert [r.ids for r in result] == [r.ids for r in expected[ind_id]]


def test_the_one_pass_runs_on_plain_tables_and_steps_aside_where_it_must() -> None:
    """It gives results for clean figures, and ``None`` (one by one) for linked ones."""
    inds = [Indicator(id=i, name=i, kind="count", unit="person") for i in ("a", "b")]
    rows = [
        Observation(indicator=i, country=c, period=y, value=v, unit="person")
        for i, c, y, v in [("a", "KHM", 2014, 5), ("b", "KHM", 2014, 7), ("a", "THA", 2015, 9)]
    ]
    options = {
        "over": None,
        "currency": None,
        "rates": None,
        "prorate": False,
        "rule": None,
        "indicators": None,
        "allow_not_meaningful": False,
    }
    table = ObservationTable.from_rows(rows)
    got = _one_pass.one_pass(table, inds, ("country",), shared=SharedFactors(), **options)
    assert got is not None
    assert {k: [(r.key[0].alpha_3, r.value) for r in v] for k, v in got.items()} == {
        "a": [("KHM", Decimal(5)), ("THA", Decimal(9))],
        "b": [("KHM", Decimal(7))],
    }
    negative = ObservationTable.from_rows(
        [*rows, Observation(indicator="b", country="LAO", period=2014, value=-1, unit="person")]
    )
    assert (
        _one_pass.one_pass(negative, inds, ("country",), shared=SharedFactors(), **options) is None
    )
    linked = ObservationTable.from_rows(
        [
            Observation(indicator="a", country="KHM", period=2014, value=5, unit="person", id="x"),
            Observation(
                indicator="a", country="KHM", period=2014, value=5, unit="person", id="y",
                same_as="x",
            ),
        ]
    )  # fmt: skip
    assert _one_pass.one_pass(linked, inds, ("country",), shared=SharedFactors(), **options) is None


def test_a_dimension_in_by_goes_one_by_one_with_its_key() -> None:
    """Grouping by a declared dimension no row is broken down by keys the groups with None."""
    from commit_mef.indicators import Dimension

    sex = Dimension(id="sex", name="Sex", codes=["female", "male"])
    inds = [
        Indicator(id=i, name=i, kind="count", unit="person", dimensions=[sex]) for i in ("a", "b")
    ]
    table = ObservationTable.from_rows(
        [
            Observation(indicator="a", country="KHM", period=2014, value=5, unit="person"),
            Observation(indicator="b", country="THA", period=2014, value=7, unit="person"),
        ]
    )
    for by in [("country", "sex"), ("sex",)]:
        many = aggregate(table, inds, by)
        assert many == {ind.id: aggregate(table, ind, by) for ind in inds}
        assert [row.key[-1] for row in many["a"]] == [None]
