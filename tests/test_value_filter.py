"""ObservationTable.filter on values: exact bounds and sets, vectorised, equal to a plain reference."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import CommitMefError, Observation, ObservationTable
from commit_mef.errors import CurrencyMismatchError, InvalidTypeError, ValidationError
from commit_mef.money import Money
from commit_mef.testing import observation_tables

pytestmark = pytest.mark.usefixtures("table_backend")

_BOUNDS = st.one_of(
    st.none(),
    st.decimals(min_value=Decimal("-2e12"), max_value=Decimal("2e12"), places=3, allow_nan=False),
    st.sampled_from([Decimal("1e999999999"), Decimal("-1e999999999"), Decimal("1e-999999999")]),
)


def _number(o: Observation) -> Decimal | None:
    return o.value if isinstance(o.value, Decimal) else None


def _reference(
    table: ObservationTable, low: Decimal | None, high: Decimal | None, currency: str | None
) -> list[Observation]:
    """The rows a bound keeps, one Observation at a time (the plain reference)."""
    kept = []
    for o in table:
        if currency is None:
            number = _number(o)
        else:
            number = (
                o.value.amount if isinstance(o.value, Money) and o.currency == currency else None
            )
        if number is None:
            continue
        if low is not None and number < low:
            continue
        if high is not None and number > high:
            continue
        kept.append(o)
    return kept


@given(observation_tables(), _BOUNDS, _BOUNDS, st.sampled_from([None, "THB", "USD"]))
def test_bounds_keep_exactly_the_rows_a_plain_comparison_keeps(
    table: ObservationTable, low: Decimal | None, high: Decimal | None, currency: str | None
) -> None:
    def bound(v: Decimal | None) -> object:
        return None if v is None or currency is None else Money(v, currency)

    if low is None and high is None:
        return
    got = table.filter(
        value_min=low if currency is None else bound(low),
        value_max=high if currency is None else bound(high),
    )
    assert list(got) == _reference(table, low, high, currency)


@given(observation_tables(), st.data())
def test_values_keeps_the_rows_whose_value_is_one_of_them(
    table: ObservationTable, data: st.DataObject
) -> None:
    present = [o.value for o in table if o.value is not None]
    wanted = data.draw(st.lists(st.sampled_from(present), max_size=3)) if present else []
    wanted += data.draw(st.lists(st.sampled_from([Decimal("0.001"), True, "nope"]), max_size=1))

    def same(a: object, b: object) -> bool:
        return type(a) is type(b) and a == b

    expected = [o for o in table if any(same(o.value, w) for w in wanted)]
    assert list(table.filter(values=wanted)) == expected


def test_bounds_are_inclusive_and_exact_at_the_tables_scale() -> None:
    table = ObservationTable.from_columns(
        indicator="x", country=["KHM", "LAO", "THA"], magnitude=[150, 151, 149], exponent=-2
    )
    assert [o.value for o in table.filter(value_min="1.50")] == [Decimal("1.5"), Decimal("1.51")]
    assert [o.value for o in table.filter(value_max=Decimal("1.505"))] == [
        Decimal("1.5"),
        Decimal("1.49"),
    ]
    assert len(table.filter(value_min="1.501", value_max="1.509")) == 0
    assert [o.value for o in table.filter(values=[Decimal("1.50"), 7])] == [Decimal("1.5")]


def test_money_bounds_compare_only_their_currency_and_numbers_only_numbers() -> None:
    table = ObservationTable.from_rows(
        [
            Observation(indicator="x", country="KHM", value=Money("100", "USD")),
            Observation(indicator="x", country="THA", value=Money("100", "THB")),
            Observation(indicator="x", country="LAO", value=Decimal("100")),
            Observation(indicator="x", country="VNM", value=True),
            Observation(indicator="x", country="MMR", value="done"),
        ]
    )
    assert [str(o.country) for o in table.filter(value_min=Money("50", "USD"))] == ["Cambodia"]
    assert [str(o.country) for o in table.filter(value_min=50)] == ["Lao PDR"]
    assert [str(o.country) for o in table.filter(values=[True, "done"])] == ["Viet Nam", "Myanmar"]


def test_bounds_far_beyond_any_value_cost_nothing() -> None:
    table = ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[10**30, -5])
    assert len(table.filter(value_min="1e999999999")) == 0
    assert len(table.filter(value_max="1e999999999")) == 2
    assert len(table.filter(values=["1e999999999"])) == 0
    assert [o.value for o in table.filter(value_min=10**30)] == [Decimal(10**30)]


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"value_min": 1.5}, InvalidTypeError, "float"),
        ({"value_min": True}, InvalidTypeError, "value_min"),
        ({"value_max": "lots"}, ValidationError, "value_max"),
        ({"value_min": "NaN"}, ValidationError, "finite"),
        ({"value_min": 1, "value_max": Money("5", "USD")}, ValidationError, "both be Money"),
        (
            {"value_min": Money("1", "THB"), "value_max": Money("5", "USD")},
            CurrencyMismatchError,
            "THB and USD",
        ),
        ({"values": [0.5]}, InvalidTypeError, "values"),
    ],
)
def test_bad_value_filters_raise_the_packages_errors_naming_the_argument(
    kwargs: dict[str, object], error: type[CommitMefError], words: str
) -> None:
    table = ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[1])
    with pytest.raises(error, match=words):
        table.filter(**kwargs)  # type: ignore[arg-type]


def test_value_filters_build_no_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The filter reads the scaled integers: no Observation is made for any row."""
    from commit_mef.observations import _queries

    table = ObservationTable.from_columns(
        indicator="x", country="KHM", magnitude=list(range(10_000)), exponent=-2, currency="USD"
    )

    def no_rows(*args: object) -> None:
        raise AssertionError("a row was built")

    monkeypatch.setattr(_queries, "observation_at", no_rows)
    kept = table.filter(value_min=Money("10", "USD"), value_max=Money("20.5", "USD"))
    monkeypatch.undo()
    assert [o.magnitude for o in kept][:2] == [Decimal("10"), Decimal("10.01")]
    assert len(kept) == 1051
