"""aggregate() over several indicators in one call: identical to calling it per indicator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from commit_mef import Observation, ObservationTable, aggregate
from commit_mef.errors import CommitMefError, InvalidTypeError, ValidationError
from commit_mef.indicators import Indicator
from commit_mef.money import Money
from commit_mef.periods import Period
from commit_mef.rates import ExchangeRate, RateTable

pytestmark = pytest.mark.usefixtures("table_backend")

IDS = ("budget.a", "budget.b", "budget.c")
MONEY = [Indicator(id=i, name=i, kind="money", unit="currency") for i in IDS]
RATES = RateTable(
    [
        ExchangeRate(
            currency=c,
            per_usd=r,
            period=Period.year(y),
            source="test",
            vintage="v1",
            meaningful=not (c == "MMK" and y < 2012),
        )
        for c, r in (("KHR", "4000"), ("THB", "32"), ("MMK", "1000"))
        for y in range(2010, 2016)
    ]
)
ROWS = st.lists(
    st.tuples(
        st.sampled_from(IDS),
        st.sampled_from(("KHM", "THA", "MMR")),
        st.one_of(st.integers(2010, 2015), st.just("2011-2012")),
        st.sampled_from(("KHR", "THB", "USD", "MMK")),
        st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    ),
    max_size=25,
    unique_by=lambda r: (r[0], r[1], r[2]),
)
BY = st.sampled_from([("country", "year"), ("country",), (), ("year",), ("currency",)])


def _table(rows: list[tuple[str, str, object, str, Decimal]]) -> ObservationTable:
    return ObservationTable.from_rows(
        Observation(indicator=i, country=c, period=p, value=Money(a, cur))
        for i, c, p, cur, a in rows
    )


def _each(table: ObservationTable, by: tuple[str, ...], **kw: object) -> dict[str, object]:
    """The reference: one call per indicator, its result or the error it raises."""
    out: dict[str, object] = {}
    for ind in MONEY:
        try:
            out[ind.id] = aggregate(table, ind, by, **kw)  # type: ignore[call-overload]
        except CommitMefError as exc:
            out[ind.id] = (type(exc), str(exc))
    return out


@given(ROWS, BY, st.booleans(), st.booleans())
def test_one_call_equals_one_call_per_indicator(
    rows: list[tuple[str, str, object, str, Decimal]],
    by: tuple[str, ...],
    prorate: bool,
    allow: bool,
) -> None:
    table = _table(rows)
    kw: dict[str, object] = {"prorate": prorate, "allow_not_meaningful": allow}
    if "currency" not in by:
        kw.update(currency="USD", rates=RATES)
    expected = _each(table, by, **kw)
    errors = [v for v in expected.values() if isinstance(v, tuple)]
    event("an indicator fails" if errors else "every indicator gives a result")
    if errors:  # the call raises what the first failing indicator raises
        with pytest.raises(errors[0][0]) as info:
            aggregate(table, MONEY, by, **kw)  # type: ignore[call-overload]
        assert str(info.value) == errors[0][1]
        return
    got = aggregate(table, MONEY, by, **kw)  # type: ignore[call-overload]
    assert list(got) == list(IDS)
    assert got == expected
    for ind_id, result in got.items():  # provenance per result: only the rates its rows used
        assert result.conversions == expected[ind_id].conversions  # type: ignore[attr-defined]
        assert result.assumptions == expected[ind_id].assumptions  # type: ignore[attr-defined]


def test_each_result_lists_only_its_own_conversions_and_assumptions() -> None:
    table = ObservationTable.from_rows(
        [
            Observation(
                indicator="budget.a", country="MMR", period=2011, value=Money("5000", "MMK")
            ),
            Observation(
                indicator="budget.b", country="MMR", period=2011, value=Money("7000", "MMK")
            ),
            Observation(indicator="budget.b", country="THA", period=2014, value=Money("64", "THB")),
            Observation(indicator="budget.c", country="KHM", period=2014, value=Money("3", "USD")),
        ]
    )
    got = aggregate(
        table, MONEY, ("country",), currency="USD", rates=RATES, allow_not_meaningful=True
    )
    assert [c.method for c in got["budget.a"].conversions] == [
        c.method
        for c in aggregate(
            table, MONEY[0], ("country",), currency="USD", rates=RATES, allow_not_meaningful=True
        ).conversions
    ]
    assert len(got["budget.b"].conversions) == 2
    assert not got["budget.c"].conversions
    assert any("not meaningful" in a for a in got["budget.b"].assumptions)
    assert not any("not meaningful" in a for a in got["budget.c"].assumptions)
    assert got["budget.b"].value(
        Observation(indicator="x", country="THA", value=1).country
    ) == Decimal(2)


def test_indicators_of_different_kinds_in_one_call() -> None:
    trained = Indicator(id="trained", name="Trained", kind="count", unit="person")
    adopted = Indicator(id="npa", name="NPA adopted", kind="milestone")
    table = ObservationTable.from_rows(
        [
            Observation(indicator="trained", country="LAO", period=2014, value=440, unit="person"),
            Observation(indicator="npa", country="KHM", period=2014, value=True),
        ]
    )
    got = aggregate(table, (trained, adopted), ("country",))
    assert got == {
        "trained": aggregate(table, trained, ("country",)),
        "npa": aggregate(table, adopted, ("country",)),
    }


@pytest.mark.parametrize(
    ("indicators", "error", "words"),
    [
        ([MONEY[0], "budget.b"], InvalidTypeError, "item 1 is str"),
        ([MONEY[0], MONEY[0]], ValidationError, "given twice"),
        ("budget.a", InvalidTypeError, "takes an Indicator"),
    ],
)
def test_bad_indicator_lists_raise_the_packages_errors(
    indicators: object, error: type[CommitMefError], words: str
) -> None:
    with pytest.raises(error, match=words):
        aggregate(ObservationTable.empty(), indicators)  # type: ignore[call-overload]
