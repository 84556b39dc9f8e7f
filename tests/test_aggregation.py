"""aggregate(): the indicator's rules per axis, exact sums, conversions, and every refusal."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import (
    AggregationError,
    CountryPair,
    MissingRateError,
    Observation,
    ObservationTable,
    Period,
    aggregate,
    country,
)
from commit_mef.errors import NotFoundError
from commit_mef.indicators import SEX, AggregationRule, Indicator
from commit_mef.money import Money
from commit_mef.observations._columns import fraction_to_decimal
from commit_mef.rates import ExchangeRate, RateTable

# Every test of the module runs twice: small tables in Python lists, then all in numpy.
pytestmark = pytest.mark.usefixtures("table_backend")


KHM, LAO, THA, VNM = (country(c) for c in ("KHM", "LAO", "THA", "VNM"))
TRAINED = Indicator(
    id="trained", name="People trained", kind="count", unit="person", dimensions=(SEX,)
)
OFFICES = Indicator(
    id="offices", name="Border liaison offices", kind="count", unit="office", rule=("last", "sum")
)
BUDGET = Indicator(id="budget", name="Budget", kind="money", unit="currency", dimensions=(SEX,))
NPA = Indicator(id="npa", name="NPA adopted", kind="milestone")
SHARE = Indicator(id="share", name="Share of victims assisted", kind="percentage")
NOTE = Indicator(id="note", name="Narrative", kind="qualitative")
RATES = RateTable(
    [
        ExchangeRate(currency=c, per_usd=r, period=Period.year(y), source="test", vintage="v1")
        for c, r in (("KHR", "4000"), ("THB", "32"), ("LAK", "8000"))
        for y in range(2010, 2016)
    ]
)


def obs(indicator: str, place: object, period: object, value: object, **kw: Any) -> Observation:
    unit = (
        kw.pop("unit")
        if "unit" in kw
        else {"trained": "person", "offices": "office"}.get(indicator)
    )
    return Observation(
        indicator=indicator,
        country=place,
        period=period,
        value=value,
        unit=unit,
        **kw,
    )


def table(*rows: Observation) -> ObservationTable:
    return ObservationTable.from_rows(rows)


# -- flows --------------------------------------------------------------------------------
def test_a_flow_is_summed_by_country_and_year() -> None:
    t = table(
        obs("trained", "LAO", 2013, 78),
        obs("trained", "LAO", 2013, 2),
        obs("trained", "LAO", 2014, 440),
        obs("trained", "KHM", 2014, 401),
        obs("offices", "KHM", 2014, 9),  # another indicator: ignored
    )
    result = aggregate(t, TRAINED)
    assert result.as_dict() == {
        (KHM, 2014): Decimal(401),
        (LAO, 2013): Decimal(80),
        (LAO, 2014): Decimal(440),
    }
    assert result.unit == "person"
    assert result[(LAO, 2013)].rows == 2
    assert aggregate(t, TRAINED, by=()).value() == Decimal(921)
    assert aggregate(t, TRAINED, by=("year",)).as_dict() == {(2013,): 80, (2014,): 841}


def test_rows_carry_their_ids_and_countries() -> None:
    t = table(obs("trained", "LAO", 2014, 1, id="b"), obs("trained", "KHM", 2014, 2, id="a"))
    row = aggregate(t, TRAINED, by=()).rows[0]
    assert (row.ids, row.countries, row.rows) == (("a", "b"), (KHM, LAO), 2)


def test_a_bilateral_fact_is_its_own_group_and_counted_once() -> None:
    t = table(obs("trained", ("KHM", "VNM"), 2014, 10), obs("trained", "KHM", 2014, 5))
    assert aggregate(t, TRAINED, by=("country",)).as_dict() == {
        (KHM,): Decimal(5),
        (CountryPair("KHM", "VNM"),): Decimal(10),
    }
    assert aggregate(t, TRAINED, by=()).value() == Decimal(15)


def test_group_by_a_disaggregation_dimension() -> None:
    t = table(
        obs("trained", "LAO", 2014, 3, disaggregation={"sex": "female"}),
        obs("trained", "LAO", 2014, 4, disaggregation={"sex": "male"}),
        obs("trained", "LAO", 2014, 12),  # the total: 5 of them not broken down by sex
    )
    assert aggregate(t, TRAINED, by=("sex",)).as_dict() == {
        ("female",): 3,
        ("male",): 4,
        (None,): 5,
    }
    assert aggregate(t, TRAINED, by=()).value() == 12


def test_per_year_figures_count_once_per_year() -> None:
    t = table(obs("trained", "KHM", "2011-2014", 10, basis="per-year"))
    assert aggregate(t, TRAINED, by=()).value() == Decimal(40)
    assert aggregate(t, TRAINED, by=("year",)).as_dict() == {(y,): 10 for y in range(2011, 2015)}
    assert aggregate(t, TRAINED, by=(), over=Period.years(2012, 2013)).value() == Decimal(20)


def test_a_multi_year_total_is_refused_per_year_unless_prorated_by_days() -> None:
    t = table(obs("trained", "MMR", "2011-2014", 1461))
    with pytest.raises(AggregationError, match=r"covers several years.*split it by days") as info:
        aggregate(t, TRAINED, by=("year",))
    assert info.value.hint is not None
    assert "prorate=True" in info.value.hint
    assert "=" not in str(info.value)
    prorated = aggregate(t, TRAINED, by=("year",), prorate=True)
    assert prorated.as_dict() == {(2011,): 365, (2012,): 366, (2013,): 365, (2014,): 365}
    assert any("day-weighted" in a for a in prorated.assumptions)


def test_a_figure_straddling_over_is_refused_unless_prorated() -> None:
    t = table(obs("trained", "THA", "2014-10-01/2015-09-30", 365))
    with pytest.raises(AggregationError, match=r"straddles the period asked for"):
        aggregate(t, TRAINED, by=(), over=Period.year(2015))
    assert aggregate(t, TRAINED, by=(), over=Period.year(2015), prorate=True).value() == 273


def test_rows_outside_over_are_left_out() -> None:
    t = table(obs("trained", "LAO", 2013, 1), obs("trained", "LAO", 2016, 2))
    assert aggregate(t, TRAINED, by=(), over=Period.years(2011, 2014)).value() == 1


# -- stocks, milestones, percentages -------------------------------------------------------
def test_a_stock_keeps_its_last_value_then_sums_across_countries() -> None:
    t = table(
        obs("offices", "CHN", 2012, 5),
        obs("offices", "CHN", 2014, 8),
        obs("offices", "LAO", 2013, 3),
    )
    assert aggregate(t, OFFICES, by=()).value() == Decimal(11)
    assert aggregate(t, OFFICES, by=("year",)).as_dict() == {(2012,): 5, (2013,): 3, (2014,): 8}


def test_summing_a_stock_over_time_is_refused() -> None:
    t = table(obs("offices", "CHN", 2012, 5))
    with pytest.raises(AggregationError, match=r"offices: is a stock.*summing it over years"):
        aggregate(t, OFFICES, rule=AggregationRule("sum", "sum"))


def test_milestones_are_counted_across_countries() -> None:
    t = table(
        obs("npa", "KHM", 2012, False, basis="point"),
        obs("npa", "KHM", 2014, True, basis="point"),
        obs("npa", "LAO", 2013, False, basis="point"),
        obs("npa", "VNM", 2013, True, basis="point"),
    )
    assert aggregate(t, NPA, by=()).value() == 2
    assert aggregate(t, NPA, by=("country",)).as_dict() == {
        (KHM,): True,
        (LAO,): False,
        (VNM,): True,
    }
    assert aggregate(t, NPA, by=(), over=Period.years(2011, 2013)).value() == 1
    every = aggregate(t, NPA, by=("country",), rule=AggregationRule("all", "none"))
    assert every.as_dict()[(KHM,)] is False


def test_summing_percentages_is_refused() -> None:
    t = table(obs("share", "KHM", 2014, 40), obs("share", "LAO", 2014, 60))
    with pytest.raises(AggregationError, match=r"summing percentages or ratios across countries"):
        aggregate(t, SHARE, by=(), rule=AggregationRule("last", "sum"))
    with pytest.raises(AggregationError, match=r"not aggregated across countries.*numerator"):
        aggregate(t, SHARE, by=())
    assert aggregate(t, SHARE, by=("country",)).as_dict() == {(KHM,): 40, (LAO,): 60}


def test_a_weighted_mean_is_recomputed_from_numerator_and_denominator() -> None:
    assisted = Indicator(id="assisted", name="Victims assisted", kind="count", unit="person")
    victims = Indicator(id="victims", name="Victims identified", kind="count", unit="person")
    share = Indicator(
        id="share",
        name="Share assisted",
        kind="percentage",
        numerator="assisted",
        denominator="victims",
    )
    t = table(
        obs("assisted", "KHM", 2014, 1, unit="person"),
        obs("victims", "KHM", 2014, 4, unit="person"),
        obs("assisted", "LAO", 2014, 9, unit="person"),
        obs("victims", "LAO", 2014, 12, unit="person"),
    )
    result = aggregate(t, share, by=(), indicators=[assisted, victims])
    assert result.value() == Decimal(10) / Decimal(16) * 100  # 62.5, not the mean of 25 and 75
    assert result.rows[0].numerator == 10
    assert result.rows[0].denominator == 16
    with pytest.raises(AggregationError, match=r"pass its Indicator with indicators="):
        aggregate(t, share, by=())


def test_qualitative_values_are_never_aggregated() -> None:
    t = table(obs("note", "KHM", 2014, "text"))
    with pytest.raises(AggregationError, match=r"note: is qualitative"):
        aggregate(t, NOTE)
    with pytest.raises(AggregationError, match=r"hold a text.*never aggregated"):
        aggregate(table(obs("trained", "KHM", 2014, "many")), TRAINED)


# -- refusals on the rows -----------------------------------------------------------------
def test_mixing_units_is_refused() -> None:
    t = table(
        Observation(indicator="trained", country="KHM", period=2014, value=3, unit="person"),
        Observation(indicator="trained", country="KHM", period=2014, value=3, unit="event"),
    )
    with pytest.raises(AggregationError, match=r"mix units \(event, person\)"):
        aggregate(t, TRAINED)


def test_double_counting_a_subset_is_refused() -> None:
    t = table(
        obs("trained", "CHN", 2014, 3000, id="law_enforcement"),
        obs("trained", "CHN", 2014, 1000, id="prosecutors", subset_of="law_enforcement"),
    )
    with pytest.raises(AggregationError, match=r"'prosecutors' is flagged as a subset of"):
        aggregate(t, TRAINED)
    alone = t.filter(predicate=lambda o: o.id != "prosecutors")
    assert aggregate(alone, TRAINED, by=()).value() == 3000


def test_per_event_counts_are_refused() -> None:
    t = table(obs("trained", "KHM", "2011-2014", 5, basis="per-event"))
    with pytest.raises(AggregationError, match=r"given per event: a rate, not a total"):
        aggregate(t, TRAINED)


def test_values_of_the_wrong_kind_are_refused_and_unknown_values_left_out() -> None:
    with pytest.raises(AggregationError, match=r"hold money"):
        aggregate(table(obs("trained", "KHM", 2014, Money("1", "USD"), unit=None)), TRAINED)
    result = aggregate(
        table(obs("trained", "KHM", 2014, 3), obs("trained", "KHM", 2014, None)), TRAINED
    )
    assert result.value(KHM, 2014) == 3
    assert result.assumptions == ("1 observation(s) with no value (unknown) were left out",)


def test_rows_without_a_period_cannot_be_put_in_a_year() -> None:
    t = table(obs("trained", "LAO", None, 3))
    with pytest.raises(AggregationError, match=r"have no period"):
        aggregate(t, TRAINED)
    assert aggregate(t, TRAINED, by=("country",)).value(LAO) == 3


@pytest.mark.parametrize(
    ("by", "error", "message"),
    [
        (("colour",), AggregationError, "cannot group by 'colour'"),
        (("year", "year"), AggregationError, "names an axis twice"),
        ("country", TypeError, "not the string"),
    ],
)
def test_bad_axes(by: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        aggregate(table(obs("trained", "KHM", 2014, 1)), TRAINED, by=by)  # type: ignore[call-overload]


def test_bad_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError, match="takes an ObservationTable"):
        aggregate([], TRAINED)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="takes an Indicator"):
        aggregate(table(), "trained")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="over must be a Period"):
        aggregate(table(), TRAINED, over="2014")  # type: ignore[call-overload]


def test_an_empty_table_gives_no_groups() -> None:
    assert len(aggregate(table(), TRAINED)) == 0


# -- money --------------------------------------------------------------------------------
def _budgets() -> ObservationTable:
    return table(
        obs("budget", "KHM", 2014, Money("149000000", "KHR")),
        obs("budget", "THA", 2014, Money("210000000", "THB")),
        obs("budget", "THA", 2015, Money("1000", "USD")),
    )


def test_mixed_currencies_are_refused_without_a_target_currency_and_rates() -> None:
    with pytest.raises(
        AggregationError, match=r"3 currencies \(KHR, THB, USD\); convert them into one"
    ) as info:
        aggregate(_budgets(), BUDGET, by=("year",), over=Period.year(2014))
    assert (
        info.value.hint == "pass currency='USD' and rates=RateTable.wdi(), or add 'currency' to by="
    )
    with pytest.raises(AggregationError, match=r"needs exchange rates; give the shipped") as info:
        aggregate(_budgets(), BUDGET, by=("year",), currency="USD")
    assert info.value.hint == "pass rates=RateTable.wdi() or your own RateTable"


def test_money_is_converted_per_its_own_period_exactly() -> None:
    result = aggregate(_budgets(), BUDGET, by=("year",), currency="USD", rates=RATES)
    assert result.as_dict() == {
        (2014,): Decimal(149000000) / 4000 + Decimal(210000000) / 32,
        (2015,): Decimal(1000),
    }
    assert result.unit == "USD"
    assert [c.method for c in result.conversions] == [
        "KHR to USD via US$; KHR: the 2014 rate",
        "THB to USD via US$; THB: the 2014 rate",
    ]


def test_money_kept_apart_by_currency() -> None:
    result = aggregate(_budgets(), BUDGET, by=("currency",))
    assert result.as_dict() == {
        ("KHR",): Decimal(149000000),
        ("THB",): Decimal(210000000),
        ("USD",): Decimal(1000),
    }
    assert result.conversions == ()


def test_a_missing_rate_is_the_rate_tables_error() -> None:
    t = table(obs("budget", "LAO", 2020, Money("8000", "LAK")))
    with pytest.raises(MissingRateError, match="LAK over 2020"):
        aggregate(t, BUDGET, currency="USD", rates=RATES)


def test_converting_into_another_currency_crosses_via_usd() -> None:
    t = table(obs("budget", "KHM", 2014, Money("8000", "KHR")))
    assert aggregate(t, BUDGET, by=(), currency="THB", rates=RATES).value() == Decimal(64)


def test_a_non_terminating_conversion_is_rounded_once_to_28_digits() -> None:
    rates = RateTable(
        [
            ExchangeRate(
                currency="KHR", per_usd="3", period=Period.year(2014), source="t", vintage="v"
            )
        ]
    )
    t = table(
        obs("budget", "KHM", 2014, Money("1", "KHR"), recipient="a"),
        obs("budget", "KHM", 2014, Money("1", "KHR"), recipient="b"),
    )
    assert aggregate(t, BUDGET, by=(), currency="USD", rates=rates).value() == Decimal(
        "0.6666666666666666666666666667"
    )


# -- properties ---------------------------------------------------------------------------
YEARS = st.integers(2010, 2015)
ROWS = st.lists(
    st.tuples(
        st.sampled_from(("KHM", "LAO", "THA")),
        YEARS,
        st.sampled_from(("KHR", "THB", "USD", "LAK")),
        st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
        st.sampled_from(("female", "male")),
    ),
    max_size=30,
    # one budget line per country, year and sex: two figures for one line overlap in time
    unique_by=lambda r: (r[0], r[1], r[4]),
)


def _table(rows: list[tuple[str, int, str, Decimal, str]]) -> ObservationTable:
    return table(
        *(obs("budget", c, y, Money(a, cur), disaggregation={"sex": s}) for c, y, cur, a, s in rows)
    )


def _reference(rows: list[tuple[str, int, str, Decimal, str]]) -> dict[tuple[object, ...], Decimal]:
    sums: dict[tuple[object, ...], Fraction] = defaultdict(Fraction)
    for c, y, cur, a, _s in rows:
        rate = Fraction(1) if cur == "USD" else Fraction(RATES.rate(cur, over=y))
        sums[(country(c), y)] += Fraction(a) / rate
    return {k: fraction_to_decimal(v) for k, v in sums.items()}


@given(ROWS)
def test_aggregation_equals_a_brute_force_reference(
    rows: list[tuple[str, int, str, Decimal, str]],
) -> None:
    result = aggregate(_table(rows), BUDGET, currency="USD", rates=RATES)
    assert result.as_dict() == _reference(rows)


@given(ROWS, st.randoms(use_true_random=False))
def test_aggregation_does_not_depend_on_row_order(
    rows: list[tuple[str, int, str, Decimal, str]], rnd: random.Random
) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a = aggregate(_table(rows), BUDGET, by=("country", "sex"), currency="USD", rates=RATES)
    b = aggregate(_table(shuffled), BUDGET, by=("country", "sex"), currency="USD", rates=RATES)
    assert a.as_dict() == b.as_dict()


@given(ROWS)
def test_grouping_by_country_then_summing_equals_summing_directly(
    rows: list[tuple[str, int, str, Decimal, str]],
) -> None:
    counts = [(c, y, abs(int(a)), s) for c, y, _cur, a, s in rows]
    t = table(*(obs("trained", c, y, a, disaggregation={"sex": s}) for c, y, a, s in counts))
    per_country = aggregate(t, TRAINED, by=("country",))
    total = aggregate(t, TRAINED, by=())
    values = [r.value for r in per_country]
    assert all(isinstance(v, Decimal) for v in values)
    assert sum(values, Decimal(0)) == (total.value() if rows else 0)  # type: ignore[type-var]


@given(
    st.lists(
        st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
        min_size=1,
        max_size=20,
    )
)
def test_converting_then_summing_equals_summing_then_converting_within_rounding(
    amounts: list[Decimal],
) -> None:
    # One rate applies (KHR over 2014): each per-row conversion rounds to 28 significant digits,
    # the aggregate rounds once, so they differ by at most one unit in the 28th digit per row.
    t = table(
        *(
            obs("budget", "KHM", 2014, Money(a, "KHR"), recipient=f"r{i}")
            for i, a in enumerate(amounts)
        )
    )
    total = aggregate(t, BUDGET, by=(), currency="USD", rates=RATES).value()
    assert isinstance(total, Decimal)
    one_by_one = sum(
        (RATES.convert(Money(a, "KHR"), "USD", over=2014).amount for a in amounts), Decimal(0)
    )
    exact = Fraction(sum(amounts, Decimal(0))) / 4000
    assert abs(Fraction(total) - exact) <= Fraction(1, 10**18)
    bound = Decimal(len(amounts)) * Decimal("1e-18") * max(Decimal(1), abs(total))
    assert abs(one_by_one - total) <= bound


def test_a_date_in_the_middle_does_not_matter_for_years() -> None:
    t = table(obs("trained", "LAO", Period.day(dt.date(2014, 6, 1)), 3))
    assert aggregate(t, TRAINED).value(LAO, 2014) == 3


def test_result_rows_name_their_key_by_axis() -> None:
    t = table(
        obs("trained", "KHM", 2013, 30, disaggregation={"sex": "female"}),
        obs("trained", "KHM", 2014, 50, disaggregation={"sex": "male"}),
        obs("trained", "LAO", 2014, 20, disaggregation={"sex": "female"}),
    )
    result = aggregate(t, TRAINED, by=("country", "year", "sex"))
    assert {(r.country, r.year, r.dimension("sex")) for r in result} == {
        (KHM, 2013, "female"),
        (KHM, 2014, "male"),
        (LAO, 2014, "female"),
    }
    first = result.rows[0]
    assert first.by == ("country", "year", "sex")
    assert first.group == dict(zip(first.by, first.key, strict=True))
    assert first.currency is None
    with pytest.raises(NotFoundError, match="not grouped by 'age'"):
        first.dimension("age")
    with pytest.raises(NotFoundError):
        first.dimension("country")  # an axis, not a dimension: use .country
    by_year = aggregate(t, TRAINED, by=("year",))
    assert [(r.year, r.country) for r in by_year] == [(2013, None), (2014, None)]
