"""aggregate(): regional results you can defend (issue #13).

Counts that know what they count, the basis in the rules, one value per cell, weighted
means as a join, money converted by slices, quality carried into results, and figures
checked on entry.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import (
    AggregationError,
    CountryPair,
    Observation,
    ObservationTable,
    Period,
    RateNotMeaningfulError,
    aggregate,
    country,
)
from commit_mef.aggregation import CELL_RULES, OVER_TIME, Treatment
from commit_mef.errors import GroupNotFoundError
from commit_mef.indicators import SEX, Dimension, Indicator
from commit_mef.money import Money
from commit_mef.observations import Basis
from commit_mef.rates import RateTable

pytestmark = pytest.mark.usefixtures("table_backend")

KHM, CHN, LAO, MMR, THA, VNM = (country(c) for c in ("KHM", "CHN", "LAO", "MMR", "THA", "VNM"))
AGE = Dimension(id="age", name="Age", codes=("child", "adult"))
TRAINED = Indicator(
    id="trained", name="People trained", kind="count", unit="person", dimensions=(SEX, AGE)
)
EVENTS = Indicator(id="events", name="Events", kind="count", unit="event")
OFFICES = Indicator(id="offices", name="Offices", kind="count", unit="office", rule=("last", "sum"))
SIGNED = Indicator(id="signed", name="Agreement signed", kind="milestone")
BUDGET = Indicator(id="budget", name="Budget", kind="money", unit="currency")
SHARE = Indicator(id="share", name="Share", kind="percentage")
LEVEL = Indicator(id="level", name="Level", kind="ordinal", scale=("none", "drafted", "adopted"))
CONVICTIONS = Indicator(id="convictions", name="Convictions", kind="count", unit="case")
PROSECUTIONS = Indicator(id="prosecutions", name="Prosecutions", kind="count", unit="case")
RATE = Indicator(
    id="rate",
    name="Conviction rate",
    kind="percentage",
    numerator="convictions",
    denominator="prosecutions",
)
UNITS = {"trained": "person", "events": "event", "offices": "office"}
UNITS |= {"convictions": "case", "prosecutions": "case"}


def obs(indicator: str, place: object, period: object, value: object, **kw: Any) -> Observation:
    kw.setdefault("unit", UNITS.get(indicator))
    return Observation(indicator=indicator, country=place, period=period, value=value, **kw)


def table(*rows: Observation) -> ObservationTable:
    return ObservationTable.from_rows(rows)


# -- 1. counts that say what they count --------------------------------------------------
def test_counting_milestones_counts_distinct_countries_not_pairs() -> None:
    t = table(
        obs("signed", ("KHM", "THA"), 2012, True, basis="point"),
        obs("signed", ("KHM", "VNM"), 2013, True, basis="point"),
        obs("signed", ("CHN", "VNM"), 2013, True, basis="point"),
        obs("signed", "CHN", 2014, True, basis="point"),
        obs("signed", ("LAO", "MMR"), 2014, False, basis="point"),
    )
    result = aggregate(t, SIGNED, by=())
    row = result.rows[0]
    assert result.unit == "countries"
    assert row.value == 4  # KHM, THA, VNM, CHN: not 4 places counted as 4 "countries"
    assert row.credited == (KHM, CHN, THA, VNM)
    assert (row.facts, row.pairs) == (4, 3)
    # per country each pair stays its own group, a yes/no
    assert aggregate(t, SIGNED, by=("country",)).as_dict()[(CountryPair("KHM", "THA"),)] is True


def test_filtering_to_a_country_keeps_its_pairs_and_credits_its_partners() -> None:
    t = table(
        obs("signed", ("KHM", "THA"), 2012, True, basis="point"),
        obs("signed", ("LAO", "VNM"), 2013, True, basis="point"),
    )
    row = aggregate(t.filter(country="KHM"), SIGNED, by=()).rows[0]
    assert row.value == 2  # Cambodia and its partner Thailand: the countries party to its facts
    assert row.credited == (KHM, THA)


def test_a_fact_reported_by_both_partners_counts_once() -> None:
    t = table(
        obs("signed", ("CHN", "LAO"), 2014, True, basis="point", id="chn"),
        obs("signed", ("CHN", "LAO"), 2014, True, basis="point", id="lao", same_as="chn"),
        obs("signed", ("KHM", "THA"), 2013, True, basis="point", id="khm"),
    )
    result = aggregate(t, SIGNED, by=())
    assert (result.value(), result.rows[0].facts, result.rows[0].pairs) == (4, 2, 2)
    assert any("counted once" in a for a in result.assumptions)
    # alone, the second report counts: its link points at a figure not in the table
    assert aggregate(t.filter(predicate=lambda o: o.id != "chn"), SIGNED, by=()).rows[0].facts == 2


def test_linked_reports_count_once_whichever_are_present() -> None:
    a = obs("events", "MMR", "2011-2014", 37, id="a")
    b = obs("events", "MMR", "2011-2014", 37, id="b", same_as="a", disaggregation={})
    c = obs("events", "MMR", "2011-2014", 37, id="c", same_as="b")
    d = obs("events", "MMR", "2011-2014", 37, id="d", same_as="a")
    # (c alone with d cannot be known as one fact: c's link runs through b, which is absent;
    # linking every report to the first one, as the shipped data does, keeps a group known)
    for rows in ([a, b, c, d], [b, c, d], [b, c], [b, d], [c]):
        assert aggregate(table(*rows), EVENTS, by=()).value() == 37, [r.id for r in rows]
    circle = [
        obs("events", "MMR", 2014, 5, id="x", same_as="y"),
        obs("events", "MMR", 2014, 5, id="y", same_as="x"),
    ]
    assert aggregate(table(*circle), EVENTS, by=()).value() == 5


# -- 2. basis in the rules ---------------------------------------------------------------
def test_a_per_year_expansion_is_stated_and_the_row_says_what_it_measures() -> None:
    t = table(
        obs("events", "KHM", "2011-2014", 2, basis="per-year"),
        obs("events", "LAO", "2011-2014", 52),
    )
    result = aggregate(t, EVENTS, by=())
    assert result.value() == 60
    assert any(
        "counted once for each of its 4 calendar years (x4)" in a for a in result.assumptions
    )
    row = result.rows[0]
    assert (row.basis, row.period) == (Basis.TOTAL, Period.years(2011, 2014))
    by_year = aggregate(t.filter(country="KHM"), EVENTS, by=("year",))
    assert not any("calendar years (x" in a for a in by_year.assumptions)


def test_a_point_value_is_never_summed_over_time() -> None:
    t = table(obs("events", "KHM", 2014, 3, basis="point"))
    with pytest.raises(AggregationError, match=r"point value is a state on a day.*never summed"):
        aggregate(t, EVENTS, by=())


def test_a_stock_row_is_a_point_value() -> None:
    t = table(obs("offices", "CHN", 2012, 5), obs("offices", "CHN", 2014, 8))
    row = aggregate(t, OFFICES, by=()).rows[0]
    assert (row.value, row.basis) == (8, Basis.POINT)


def test_the_semantics_table_covers_every_family_and_basis() -> None:
    for family in ("flow", "stock", "milestone"):
        for basis in Basis:
            assert (family, basis) in OVER_TIME
    assert OVER_TIME[("flow", Basis.PER_YEAR)][0] is Treatment.EXPAND
    assert CELL_RULES["breakdown-beside-total"][0] is Treatment.RESOLVE


# -- 3. one value per cell -----------------------------------------------------------------
def test_a_breakdown_beside_its_total_is_never_added_to_it() -> None:
    t = table(
        obs("trained", "LAO", 2014, 60, disaggregation={"sex": "female"}),
        obs("trained", "LAO", 2014, 40, disaggregation={"sex": "male"}),
        obs("trained", "LAO", 2014, 100),
    )
    total = aggregate(t, TRAINED, by=())
    assert total.value() == 100  # not 200
    assert any("SDMX _T" in a for a in total.assumptions)
    assert aggregate(t, TRAINED, by=("sex",)).as_dict() == {("female",): 60, ("male",): 40}


def test_a_breakdown_that_exceeds_its_total_is_refused() -> None:
    t = table(
        obs("trained", "LAO", 2014, 60, disaggregation={"sex": "female"}),
        obs("trained", "LAO", 2014, 50, disaggregation={"sex": "male"}),
        obs("trained", "LAO", 2014, 100),
    )
    with pytest.raises(AggregationError, match=r"breakdown by sex .* adds up to more than it"):
        aggregate(t, TRAINED, by=())
    with pytest.raises(AggregationError, match=r"adds up to more than it"):
        aggregate(t, TRAINED, by=("sex",))


def test_two_breakdowns_of_the_same_people_are_refused_unless_their_total_is_given() -> None:
    by_sex = [
        obs("trained", "KHM", 2014, 6, disaggregation={"sex": "female"}),
        obs("trained", "KHM", 2014, 4, disaggregation={"sex": "male"}),
    ]
    by_age = [
        obs("trained", "KHM", 2014, 3, disaggregation={"age": "child"}),
        obs("trained", "KHM", 2014, 7, disaggregation={"age": "adult"}),
    ]
    with pytest.raises(AggregationError, match=r"two breakdowns of the same people"):
        aggregate(table(*by_sex, *by_age), TRAINED, by=())
    with_total = table(*by_sex, *by_age, obs("trained", "KHM", 2014, 10))
    assert aggregate(with_total, TRAINED, by=()).value() == 10


def test_two_rows_with_one_id_are_refused() -> None:
    t = table(obs("trained", "KHM", 2014, 5, id="a"), obs("trained", "LAO", 2014, 6, id="a"))
    with pytest.raises(AggregationError, match=r"2 observations share the id 'a'"):
        aggregate(t, TRAINED, by=())


def test_identical_rows_are_refused() -> None:
    row = obs("trained", "KHM", 2014, 5)
    with pytest.raises(AggregationError, match=r"2 rows are identical.*drop the repeated rows"):
        aggregate(table(row, row), TRAINED, by=())


def test_a_duplicated_budget_line_is_refused_not_doubled() -> None:
    line = obs("budget", "KHM", 2014, Money("149000000", "KHR"), recipient="MoWA", id="k1")
    again = obs("budget", "KHM", 2014, Money("149000000", "KHR"), recipient="MoWA", id="k2")
    with pytest.raises(AggregationError, match=r"two budget figures of Cambodia.*overlap in time"):
        aggregate(table(line, again), BUDGET, by=())


def test_overlapping_budget_periods_of_one_recipient_are_refused() -> None:
    t = table(
        obs("budget", "THA", 2014, Money("210000000", "THB"), recipient="MSDHS"),
        obs("budget", "THA", "2014-10-01/2015-09-30", Money("496820000", "THB"), recipient="MSDHS"),
    )
    with pytest.raises(AggregationError, match=r"IATI's rule"):
        aggregate(t, BUDGET, by=())
    apart = table(
        obs("budget", "THA", "2013-10-01/2014-09-30", Money("210000000", "THB"), recipient="MSDHS"),
        obs("budget", "THA", "2014-10-01/2015-09-30", Money("496820000", "THB"), recipient="MSDHS"),
    )
    assert aggregate(apart, BUDGET, by=()).value() == Decimal("706820000")


def test_two_values_of_one_stock_in_one_cell_are_refused() -> None:
    t = table(obs("offices", "CHN", "2011-2014", 8), obs("offices", "CHN", "2011-2014", 9))
    with pytest.raises(AggregationError, match=r"two values of one stock"):
        aggregate(t, OFFICES, by=())


def test_overlapping_distinct_flows_are_added_and_said() -> None:
    t = table(
        obs("events", "MMR", "2011-2014", 18, id="meetings"),
        obs("events", "MMR", 2013, 3, id="workshops"),
    )
    result = aggregate(t, EVENTS, by=())
    assert result.value() == 21
    assert any("periods overlap" in a for a in result.assumptions)


# -- 4. weighted means as a join ---------------------------------------------------------
def test_a_weighted_mean_pairs_numerator_and_denominator_per_country_and_period() -> None:
    t = table(
        obs("convictions", "KHM", 2014, 30),
        obs("prosecutions", "KHM", 2014, 40),
        obs("convictions", "LAO", 2014, 70),  # no prosecutions reported: not 250 %
        obs("convictions", "THA", 2014, 5),
        obs("prosecutions", "THA", 2013, 10),  # another year: never divided into 2014
    )
    result = aggregate(t, RATE, by=(), indicators=[CONVICTIONS, PROSECUTIONS])
    assert result.value() == 75
    assert result.rows[0].countries == (KHM,)
    text = " ".join(result.assumptions)
    assert "Lao PDR 2014 reports convictions but not prosecutions" in text
    assert "Thailand 2013 reports prosecutions but not convictions" in text


def test_a_zero_denominator_gives_no_value() -> None:
    t = table(obs("convictions", "KHM", 2014, 0), obs("prosecutions", "KHM", 2014, 0))
    assert aggregate(t, RATE, by=(), indicators=[CONVICTIONS, PROSECUTIONS]).value() is None


# -- 5. money by slices ------------------------------------------------------------------
def test_a_per_year_budget_converts_each_year_at_that_years_rate() -> None:
    rates = RateTable.wdi()
    t = table(obs("budget", "MMR", "2011-2014", Money("1000000000", "MMK"), basis="per-year"))
    with pytest.raises(RateNotMeaningfulError):
        aggregate(t, BUDGET, by=(), currency="USD", rates=rates)
    usd = aggregate(t, BUDGET, by=(), over=Period.years(2012, 2014), currency="USD", rates=rates)
    expected = sum(
        Fraction(10**9) / Fraction(rates.rate("MMK", over=y)) for y in (2012, 2013, 2014)
    )
    assert abs(Fraction(usd.value()) - expected) < Fraction(1, 10**12)  # type: ignore[arg-type]
    assert [str(c.over) for c in usd.conversions] == ["2012", "2013", "2014"]


def test_a_not_meaningful_rate_used_on_request_is_said() -> None:
    t = table(obs("budget", "MMR", 2011, Money("1000000000", "MMK")))
    result = aggregate(
        t, BUDGET, by=(), currency="USD", rates=RateTable.wdi(), allow_not_meaningful=True
    )
    assert "not-meaningful-rate" in result.rows[0].flags
    assert any("marked not meaningful" in a for a in result.assumptions)


# -- 6. quality travels --------------------------------------------------------------------
def test_approximate_and_double_counted_inputs_are_flagged_on_the_row() -> None:
    from commit_mef.sources import QualityFlag

    t = table(
        obs("trained", "KHM", 2014, 149, approximate=True),
        obs("trained", "MMR", 2014, 37, flags=[QualityFlag(code="possible-double-count")]),
        obs("trained", "LAO", 2014, 10),
    )
    result = aggregate(t, TRAINED, by=())
    assert result.rows[0].flags == ("approximate", "possible-double-count")
    assert any("approximate" in a for a in result.assumptions)
    per_country = aggregate(t, TRAINED, by=("country",))
    assert per_country[LAO].flags == ()


# -- 7. figures checked on entry ---------------------------------------------------------
@pytest.mark.parametrize(
    ("rows", "indicator", "message"),
    [
        (
            [obs("trained", "KHM", 2014, 5, disaggregation={"sex": "F"})],
            TRAINED,
            r"no sex code 'F'; use one of female, male.*did you mean 'female'",
        ),
        (
            [obs("trained", "KHM", 2014, 5, disaggregation={"colour": "blue"})],
            TRAINED,
            r"not broken down by 'colour'.*declare the dimension",
        ),
        ([obs("level", "KHM", 2014, 5)], LEVEL, r"off the scale.*0 = none, 1 = drafted"),
        ([obs("trained", "KHM", 2014, -3)], TRAINED, r"not a whole number of person"),
        ([obs("trained", "KHM", 2014, Decimal("2.5"))], TRAINED, r"never negative or fractional"),
        ([obs("share", "KHM", 2014, 120)], SHARE, r"outside 0-100 percent"),
        ([obs("trained", "KHM", 2014, 5, unit=None)], TRAINED, r"counts with no unit"),
    ],
)
def test_bad_figures_are_refused_naming_the_row_and_the_fix(
    rows: list[Observation], indicator: Indicator, message: str
) -> None:
    with pytest.raises(AggregationError, match=message) as info:
        aggregate(table(*rows), indicator, by=("country",))
    assert info.value.indicator == indicator.id


def test_a_currency_for_a_count_is_refused() -> None:
    t = table(obs("trained", "KHM", 2014, 5))
    with pytest.raises(
        AggregationError, match=r"a currency \(USD\) converts money.*ask for no currency"
    ):
        aggregate(t, TRAINED, by=(), currency="USD")


def test_an_empty_results_value_is_the_packages_error() -> None:
    result = aggregate(
        table(obs("trained", "KHM", 2014, 5)), TRAINED, by=(), over=Period.year(2020)
    )
    with pytest.raises(GroupNotFoundError, match=r"which is empty") as info:
        result.value()
    assert isinstance(info.value, KeyError)


# -- properties ----------------------------------------------------------------------------
ROWS = st.lists(
    st.tuples(
        st.sampled_from(("KHM", "LAO", "THA")),
        st.integers(2012, 2015),
        st.integers(0, 10**6),
        st.sampled_from(("female", "male", None)),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda r: (r[0], r[1], r[3]),
)


def _rows(items: list[tuple[str, int, int, str | None]]) -> list[Observation]:
    return [
        obs("trained", c, y, v, disaggregation={"sex": s} if s else {}, id=f"r{i}")
        for i, (c, y, v, s) in enumerate(items)
    ]


def _parts_fit(items: list[tuple[str, int, int, str | None]]) -> bool:
    for c, y, v, s in items:
        if s is None:
            parts = sum(w for d, z, w, t in items if (d, z) == (c, y) and t is not None)
            if parts > v:
                return False
    return True


@given(ROWS, st.data())
def test_duplicating_any_row_never_changes_a_result_silently(
    items: list[tuple[str, int, int, str | None]], data: st.DataObject
) -> None:
    rows = _rows(items)
    if not _parts_fit(items):
        return
    before = aggregate(table(*rows), TRAINED, by=())
    twice = data.draw(st.sampled_from(rows))
    for repeated in (twice, Observation(**{**_fields(twice), "id": None})):
        try:
            after = aggregate(table(*rows, repeated), TRAINED, by=())
        except AggregationError:
            continue
        assert after.value() == before.value() or set(after.assumptions) - set(before.assumptions)


def _fields(o: Observation) -> dict[str, Any]:
    import attrs

    return attrs.asdict(o, recurse=False)


@given(ROWS, st.integers(0, 100), st.integers(0, 100))
def test_adding_a_breakdown_of_an_existing_total_never_changes_the_total(
    items: list[tuple[str, int, int, str | None]], female: int, male: int
) -> None:
    totals: list[tuple[str, int, int, str | None]] = [(c, y, v, None) for c, y, v, _s in items]
    totals = list({(c, y): (c, y, v, s) for c, y, v, s in totals}.values())
    before = aggregate(table(*_rows(totals)), TRAINED, by=()).value()
    c, y, v, _ = totals[0]
    female, male = min(female, v), min(male, v - min(female, v))
    broken = [*totals, (c, y, female, "female"), (c, y, male, "male")]
    assert aggregate(table(*_rows(broken)), TRAINED, by=()).value() == before
    by_sex = aggregate(table(*_rows(broken)), TRAINED, by=("sex",))
    assert sum(r.value for r in by_sex) == before  # type: ignore[misc]


@given(ROWS)
def test_a_result_equals_a_brute_force_reference_of_the_rule_table(
    items: list[tuple[str, int, int, str | None]],
) -> None:
    if not _parts_fit(items):
        return
    # the reference: per country and year, the undisaggregated figure when there is one
    # (the SDMX total), else the sum of its parts; then added over years and countries.
    cells: dict[tuple[str, int], list[tuple[int, str | None]]] = {}
    for c, y, v, s in items:
        cells.setdefault((c, y), []).append((v, s))
    expected = sum(
        next((v for v, s in parts if s is None), sum(v for v, _ in parts))
        for parts in cells.values()
    )
    assert aggregate(table(*_rows(items)), TRAINED, by=()).value() == expected


def test_a_table_refused_for_two_bases_names_the_same_one_whatever_the_order_of_its_rows() -> None:
    rows = [
        obs("events", "KHM", 2014, 3, basis="point"),
        obs("events", "KHM", 2014, 2, basis="per-event"),
    ]
    messages = set()
    for ordered in (rows, rows[::-1]):
        with pytest.raises(AggregationError, match="observation") as caught:
            aggregate(table(*ordered), EVENTS, by=())
        messages.add(str(caught.value))
    assert len(messages) == 1
    assert "given as point" in messages.pop()  # the first of the two in the order of Basis
