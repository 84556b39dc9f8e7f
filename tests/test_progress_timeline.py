"""progress() against a target's timeline, the periods it lists, and carry_over() of a timeline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from commit_mef import ObservationTable, Pace, Status, carry_over
from commit_mef.indicators import Indicator
from commit_mef.money import Money
from commit_mef.periods import Period
from commit_mef.plans import Area, InterimTarget, Objective, Plan, Target
from commit_mef.progress import progress

D = dt.date
TRAINED = Indicator(id="trained", name="Trained", kind="count", unit="person")
OFFICES = Indicator(id="offices", name="Offices", kind="count", unit="office", rule=("last", "sum"))
BUDGET = Indicator(id="budget", name="Budget", kind="money", unit="currency")


def table(*items: tuple[dt.date, int], indicator: str = "trained") -> ObservationTable:
    return ObservationTable.from_columns(
        indicator=indicator,
        country="LAO",
        period=[day.isoformat() for day, _ in items],
        magnitude=[n for _, n in items],
        unit="person",
    )


def spa4_target(**changes: Any) -> Target:
    target = Target(
        id="4.1.a",
        indicator="trained",
        value=800,
        period="2016-2018",
        countries=("LAO",),
        timeline=(
            InterimTarget(period="2016", value=200),
            InterimTarget(period="2017", value=500),
            InterimTarget(period="2018", value=800),
        ),
    )
    return attrs.evolve(target, **changes)


def test_the_interim_value_due_decides_where_the_straight_line_would_not() -> None:
    """200 trained in 2016 meets the 2016 value: on track, though a third of 800 is 267."""
    t = table((D(2016, 6, 1), 210))
    paced = progress(spa4_target(), t, as_of=D(2016, 12, 31), indicator=TRAINED)
    straight = progress(spa4_target(timeline=()), t, as_of=D(2016, 12, 31), indicator=TRAINED)
    assert (straight.status, straight.basis) == (Status.OFF_TRACK, Pace.STRAIGHT_LINE)
    assert (paced.status, paced.basis, paced.expected_value) == (
        Status.ON_TRACK,
        Pace.TIMELINE,
        Decimal(200),
    )
    assert paced.expected == Decimal("0.25")
    assert any("timeline" in n for n in paced.notes)


def test_between_two_interim_values_the_pace_is_the_line_joining_them() -> None:
    t = table((D(2016, 6, 1), 300))
    mid = progress(spa4_target(), t, as_of=D(2017, 7, 2), indicator=TRAINED)
    # 2 July is day 183 of 365: 200 + 300 * 183 / 365
    assert mid.expected_value == Decimal(200) + Decimal(300) * Decimal(183) / Decimal(365)
    assert mid.status is Status.OFF_TRACK


def test_periods_list_achieved_by_each_period_end_beside_the_interim_values() -> None:
    t = table((D(2016, 3, 1), 150), (D(2017, 5, 1), 400), (D(2018, 2, 1), 100))
    p = progress(spa4_target(), t, as_of=D(2017, 6, 30), indicator=TRAINED)
    got = [(str(r.period), r.target, r.achieved, r.through, r.met, r.complete) for r in p.periods]
    assert got == [
        ("2016", Decimal(200), Decimal(150), D(2016, 12, 31), False, True),
        ("2017", Decimal(500), Decimal(550), D(2017, 6, 30), True, False),
        ("2018", Decimal(800), None, None, None, False),
    ]


def test_a_money_timeline_paces_in_the_target_currency() -> None:
    target = Target(
        id="m",
        indicator="budget",
        value=Money("1000", "USD"),
        period="2016-2017",
        countries=("LAO",),
        timeline=(
            InterimTarget(period="2016", value=Money("800", "USD")),
            InterimTarget(period="2017", value=Money("1000", "USD")),
        ),
    )
    t = ObservationTable.from_columns(
        indicator="budget", country="LAO", period=["2016"], magnitude=[850], currency="USD"
    )
    p = progress(target, t, as_of=D(2016, 12, 31), indicator=BUDGET)
    assert (p.status, p.expected_value, p.periods[0].met) == (Status.ON_TRACK, Decimal(800), True)


def test_a_stock_timeline_counts_from_the_baseline() -> None:
    from commit_mef.plans import Baseline

    target = Target(
        id="o",
        indicator="offices",
        value=10,
        deadline=D(2018, 12, 31),
        baseline=Baseline(value=4, date=D(2015, 12, 31)),
        countries=("LAO",),
        timeline=(InterimTarget(period="2016", value=8), InterimTarget(period="2018", value=10)),
    )
    t = ObservationTable.from_columns(
        indicator="offices", country="LAO", period=["2016"], magnitude=[8], unit="office"
    )
    p = progress(target, t, as_of=D(2016, 12, 31), indicator=OFFICES)
    # 4 -> 8 is two thirds of the way from 4 to 10, and all that was due
    assert (p.status, p.expected, p.ratio) == (Status.ON_TRACK, p.ratio, p.ratio)
    assert p.periods[0].achieved == Decimal(8)


def _years(first: int, n: int) -> Period:
    return Period.years(first, first + n - 1)


@given(
    first=st.integers(2010, 2020),
    n=st.integers(1, 5),
    k=st.integers(1, 3),
    data=st.data(),
)
def test_a_timeline_on_the_straight_line_gives_the_straight_line_status(
    first: int, n: int, k: int, data: st.DataObject
) -> None:
    span = _years(first, n)
    goal = span.days * k  # k a day: every year end has a whole straight-line value
    steps = tuple(
        InterimTarget(period=year, value=k * ((year.end - span.start).days + 1))
        for year in span.split_by_year()
    )
    straight = Target(id="t", indicator="trained", value=goal, period=span, countries=("LAO",))
    paced = attrs.evolve(straight, timeline=steps)
    days = st.dates(min_value=span.start, max_value=span.end)
    items = data.draw(
        st.lists(st.tuples(days, st.integers(0, goal)), max_size=4, unique_by=lambda i: i[0])
    )
    as_of = data.draw(days)
    t = table(*items)
    a = progress(straight, t, as_of=as_of, indicator=TRAINED)
    b = progress(paced, t, as_of=as_of, indicator=TRAINED)
    assert b.status is a.status
    assert b.expected == a.expected
    assert a.basis in (Pace.STRAIGHT_LINE, None)
    if a.status is not Status.NO_DATA:
        assert (a.basis, b.basis) == (Pace.STRAIGHT_LINE, Pace.TIMELINE)
        assert b.expected_value == a.expected_value


@given(
    first=st.integers(2010, 2020),
    n=st.integers(2, 5),
    data=st.data(),
)
def test_a_met_interim_value_is_on_track_whatever_the_straight_line_says(
    first: int, n: int, data: st.DataObject
) -> None:
    span = _years(first, n)
    years = span.split_by_year()
    goal = data.draw(st.integers(10, 10**6))
    cuts = sorted(data.draw(st.lists(st.integers(1, goal), min_size=n - 1, max_size=n - 1)))
    steps = tuple(
        InterimTarget(period=y, value=v) for y, v in zip(years, [*cuts, goal], strict=True)
    )
    k = data.draw(st.integers(0, n - 1))  # the period as_of falls in
    as_of = data.draw(st.dates(min_value=years[k].start, max_value=years[k].end))
    due = steps[k].value
    assume(due < goal)
    assert isinstance(due, Decimal)
    achieved = data.draw(st.integers(int(due), goal - 1))
    day = data.draw(st.dates(min_value=span.start, max_value=as_of))
    target = Target(
        id="t", indicator="trained", value=goal, period=span, countries=("LAO",), timeline=steps
    )
    p = progress(target, table((day, achieved)), as_of=as_of, indicator=TRAINED)
    assert p.basis is Pace.TIMELINE
    assert p.status is Status.ON_TRACK
    assert p.expected_value is not None
    assert p.expected_value <= achieved


def test_carry_over_keeps_the_unreached_part_of_a_timeline() -> None:
    from commit_mef import Progress

    old = Plan(
        code="SPA III",
        title="III",
        period="2011-2014",
        indicators=(TRAINED,),
        areas=(
            Area(
                number=1,
                title="Policy",
                objectives=(
                    Objective(
                        id="1.1",
                        title="Training",
                        targets=(
                            spa4_target(
                                period="2012-2014",
                                timeline=(
                                    InterimTarget(period="2012", value=200),
                                    InterimTarget(period="2013", value=500),
                                    InterimTarget(period="2014", value=800),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    done = Progress(
        target="4.1.a",
        indicator="trained",
        as_of=D(2014, 12, 31),
        status=Status.OFF_TRACK,
        achieved=Decimal(350),
    )
    new = carry_over(old, [done], into=old.successor(code="SPA IV", title="IV", period="2015-2018"))
    moved = new.target("4.1.a")
    assert [(str(s.period), s.value) for s in moved.timeline] == [
        ("2017", Decimal(500)),
        ("2018", Decimal(800)),
    ]
    assert all("SPA III" in s.note for s in moved.timeline)
    assert moved.timeline[-1].value == moved.value
    nothing = carry_over(
        old,
        [attrs.evolve(done, achieved=None, status=Status.NO_DATA)],
        into=old.successor(code="SPA IV", title="IV", period="2015-2016"),
    )
    # a shorter plan cannot hold the old steps moved by years: the final value stays, due at its end
    kept = nothing.target("4.1.a").timeline
    assert kept[-1].due == D(2016, 12, 31)
    assert kept[-1].value == Decimal(800)


@pytest.mark.parametrize("achieved", [Decimal(900)])
def test_carry_over_of_a_reached_timeline_drops_it(achieved: Decimal) -> None:
    from commit_mef import Progress

    plan = Plan(
        code="P",
        title="P",
        period="2016-2018",
        indicators=(TRAINED,),
        areas=(
            Area(
                number=1,
                title="A",
                objectives=(Objective(id="o", title="O", targets=(spa4_target(),)),),
            ),
        ),
    )
    result = Progress(
        target="4.1.a",
        indicator="trained",
        as_of=D(2018, 12, 31),
        status=Status.ON_TRACK,
        achieved=achieved,
    )
    new = carry_over(plan, [result], into=plan.successor(code="Q", title="Q", period="2019-2022"))
    assert new.target("4.1.a").timeline == ()
