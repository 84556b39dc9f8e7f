"""progress() for every measure kind and direction, and carry_over() into the next plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from commit_mef import (
    AggregationError,
    Observation,
    ObservationTable,
    Progress,
    Status,
    carry_over,
)
from commit_mef.indicators import Indicator
from commit_mef.money import Money
from commit_mef.plans import Area, Baseline, Objective, Plan, Target
from commit_mef.progress import progress

# Every test of the module runs twice: small tables in Python lists, then all in numpy.
pytestmark = pytest.mark.usefixtures("table_backend")


D = dt.date
TRAINED = Indicator(id="trained", name="Trained", kind="count", unit="person")
OFFICES = Indicator(id="offices", name="Offices", kind="count", unit="office", rule=("last", "sum"))
CASES = Indicator(
    id="cases",
    name="Open cases",
    kind="count",
    unit="case",
    direction="decrease",
    rule=("last", "sum"),
)
NPA = Indicator(id="npa", name="NPA adopted", kind="milestone")
SHARE = Indicator(id="share", name="Share assisted", kind="percentage")
LEVEL = Indicator(id="level", name="Level", kind="ordinal", scale=("none", "drafted", "adopted"))
KEEP = Indicator(
    id="keep",
    name="Hotlines",
    kind="count",
    unit="office",
    direction="maintain",
    rule=("last", "sum"),
)
NOTE = Indicator(id="note", name="Narrative", kind="qualitative")
BUDGET = Indicator(id="budget", name="Budget", kind="money", unit="currency")


def rows(
    indicator: str, *items: tuple[str, object, object], unit: str | None = None
) -> ObservationTable:
    return ObservationTable.from_rows(
        [
            Observation(
                indicator=indicator,
                country=c,
                period=p,
                value=v,
                unit=unit,
                # flows are totals over their period; stocks and milestones are states
                basis="total" if indicator in ("trained", "budget") else "point",
            )
            for c, p, v in items
        ]
    )


def test_a_flow_counts_inside_its_period_up_to_as_of() -> None:
    t = rows(
        "trained",
        ("LAO", 2014, 999),
        ("LAO", 2015, 150),
        ("LAO", 2016, 110),
        ("LAO", 2017, 5),
        unit="person",
    )
    target = Target(id="t", indicator="trained", value=500, period="2015-2018", countries=("LAO",))
    p = progress(target, t, as_of=D(2016, 12, 31), indicator=TRAINED)
    assert (p.achieved, p.goal, p.ratio, p.status, p.rows) == (
        Decimal(260),
        Decimal(500),
        Decimal("0.52"),
        Status.ON_TRACK,
        2,
    )
    assert p.expected == Decimal(731) / Decimal(1461)
    late = progress(target, t, as_of=D(2018, 12, 31), indicator=TRAINED)
    assert (late.achieved, late.status) == (Decimal(265), Status.OFF_TRACK)
    behind = progress(attrs_value(target, 2000), t, as_of=D(2016, 12, 31), indicator=TRAINED)
    assert behind.status is Status.OFF_TRACK


def attrs_value(target: Target, value: int) -> Target:
    import attrs

    return attrs.evolve(target, value=value)


def test_achieved_when_the_ratio_reaches_one() -> None:
    t = rows("trained", ("LAO", 2015, 600), unit="person")
    target = Target(id="t", indicator="trained", value=500, period="2015-2018", countries=("LAO",))
    assert progress(target, t, as_of=D(2015, 12, 31), indicator=TRAINED).status is Status.ACHIEVED


def test_no_data_and_not_started() -> None:
    target = Target(id="t", indicator="trained", value=500, period="2015-2018", countries=("LAO",))
    empty = rows("trained", unit="person")
    assert progress(target, empty, as_of=D(2016, 1, 1), indicator=TRAINED).status is Status.NO_DATA
    t = rows("trained", ("LAO", 2015, 5), unit="person")
    assert progress(target, t, as_of=D(2014, 6, 1), indicator=TRAINED).status is Status.NOT_STARTED
    zero = rows("trained", ("LAO", 2015, 0), unit="person")
    assert (
        progress(target, zero, as_of=D(2015, 12, 31), indicator=TRAINED).status
        is Status.NOT_STARTED
    )


def test_a_stock_counts_from_its_baseline() -> None:
    t = rows("offices", ("CHN", 2012, 5), ("CHN", 2014, 8), unit="office")
    target = Target(
        id="blo",
        indicator="offices",
        value=10,
        deadline=D(2015, 12, 31),
        baseline=Baseline(value=4, date=D(2010, 12, 31)),
        countries=("CHN",),
    )
    p = progress(target, t, as_of=D(2014, 12, 31), indicator=OFFICES)
    assert (p.achieved, p.baseline, p.ratio) == (Decimal(8), Decimal(4), Decimal(4) / Decimal(6))
    assert p.status is Status.OFF_TRACK  # 2/3 of the way after 4/5 of the time
    assert p.expected is not None


def test_a_target_that_should_go_down() -> None:
    t = rows("cases", ("THA", 2013, 80), ("THA", 2014, 40), unit="case")
    target = Target(
        id="c",
        indicator="cases",
        value=20,
        deadline=D(2014, 12, 31),
        baseline=Baseline(value=100, date=D(2010, 12, 31)),
        countries=("THA",),
    )
    p = progress(target, t, as_of=D(2014, 12, 31), indicator=CASES)
    assert (p.achieved, p.ratio, p.status) == (Decimal(40), Decimal("0.75"), Status.OFF_TRACK)
    done = progress(attrs_value(target, 40), t, as_of=D(2014, 12, 31), indicator=CASES)
    assert done.status is Status.ACHIEVED


def test_maintain_is_achieved_when_the_level_holds() -> None:
    t = rows("keep", ("VNM", 2014, 3), unit="office")
    target = Target(id="k", indicator="keep", value=3, deadline=D(2014, 12, 31), countries=("VNM",))
    p = progress(target, t, as_of=D(2014, 12, 31), indicator=KEEP)
    assert (p.status, p.ratio) == (Status.ACHIEVED, None)
    low = rows("keep", ("VNM", 2014, 2), unit="office")
    assert progress(target, low, as_of=D(2014, 12, 31), indicator=KEEP).status is Status.OFF_TRACK


def test_a_regional_milestone_counts_countries() -> None:
    t = rows("npa", ("KHM", 2012, True), ("LAO", 2013, False), ("VNM", 2014, True))
    target = Target(
        id="npa",
        indicator="npa",
        value=True,
        deadline=D(2015, 12, 31),
        level="regional",
        countries=("KHM", "LAO", "VNM"),
    )
    p = progress(target, t, as_of=D(2014, 12, 31), indicator=NPA)
    assert (p.achieved, p.goal, p.status) == (2, 3, Status.ON_TRACK)
    assert progress(target, t, as_of=D(2015, 12, 31), indicator=NPA).status is Status.OFF_TRACK
    assert progress(target, t, as_of=D(2012, 12, 31), indicator=NPA).achieved == 1


def test_a_bilateral_milestone_uses_the_pair() -> None:
    t = ObservationTable.from_rows(
        [
            Observation(
                indicator="npa", country=("KHM", "THA"), period=2014, value=True, basis="point"
            )
        ]
    )
    target = Target(
        id="mou",
        indicator="npa",
        value=True,
        deadline=D(2015, 1, 1),
        level="bilateral",
        countries=("THA", "KHM"),
    )
    assert progress(target, t, as_of=D(2015, 1, 1), indicator=NPA).status is Status.ACHIEVED


def test_a_national_target_over_several_countries_reports_each_and_the_worst() -> None:
    t = rows("trained", ("KHM", 2015, 600), ("LAO", 2015, 10), unit="person")
    target = Target(
        id="t", indicator="trained", value=500, period="2015-2016", countries=("KHM", "LAO")
    )
    p = progress(target, t, as_of=D(2016, 12, 31), indicator=TRAINED)
    assert [(q.status, q.achieved) for q in p.parts] == [
        (Status.ACHIEVED, Decimal(600)),
        (Status.OFF_TRACK, Decimal(10)),
    ]
    assert p.status is Status.OFF_TRACK


def test_an_ordinal_level() -> None:
    t = rows("level", ("MMR", 2014, Decimal(1)))
    target = Target(
        id="l", indicator="level", value="adopted", deadline=D(2016, 12, 31), countries=("MMR",)
    )
    p = progress(target, t, as_of=D(2014, 12, 31), indicator=LEVEL)
    assert (p.achieved, p.goal, p.ratio) == (Decimal(1), Decimal(2), Decimal("0.5"))
    with pytest.raises(AggregationError, match="not on the scale"):
        progress(attrs_value_str(target, "enacted"), t, as_of=D(2014, 12, 31), indicator=LEVEL)


def attrs_value_str(target: Target, value: str) -> Target:
    import attrs

    return attrs.evolve(target, value=value)


def test_a_percentage_keeps_its_last_value() -> None:
    t = rows("share", ("KHM", 2013, Decimal(40)), ("KHM", 2014, Decimal(70)))
    target = Target(
        id="s",
        indicator="share",
        value=80,
        deadline=D(2014, 12, 31),
        baseline=Baseline(value=20),
        countries=("KHM",),
    )
    p = progress(target, t, as_of=D(2014, 12, 31), indicator=SHARE)
    assert (p.achieved, p.ratio, p.status) == (
        Decimal(70),
        Decimal(50) / Decimal(60),
        Status.OFF_TRACK,
    )


def test_money_is_measured_in_the_targets_currency() -> None:
    from commit_mef import Period
    from commit_mef.rates import ExchangeRate, RateTable

    rates = RateTable(
        [
            ExchangeRate(
                currency="THB", per_usd="32", period=Period.year(2014), source="t", vintage="v"
            )
        ]
    )
    t = rows("budget", ("THA", 2014, Money("3200000", "THB")))
    target = Target(
        id="b", indicator="budget", value=Money("100000", "USD"), period="2014", countries=("THA",)
    )
    p = progress(target, t, as_of=D(2014, 12, 31), indicator=BUDGET, rates=rates)
    assert (p.achieved, p.ratio, p.status) == (Decimal(100000), Decimal(1), Status.ACHIEVED)


def test_qualitative_and_valueless_targets_are_not_assessed() -> None:
    t = rows("note", ("KHM", 2014, "done well"))
    target = Target(
        id="n", indicator="note", value="a narrative", deadline=D(2014, 12, 31), countries=("KHM",)
    )
    p = progress(target, t, as_of=D(2014, 12, 31), indicator=NOTE)
    assert (p.status, p.achieved) == (Status.NOT_ASSESSED, "done well")
    t2 = rows("trained", ("LAO", 2015, 5), unit="person")
    open_target = Target(id="o", indicator="trained", period="2015", countries=("LAO",))
    assert (
        progress(open_target, t2, as_of=D(2015, 12, 31), indicator=TRAINED).status
        is Status.NOT_ASSESSED
    )


def test_the_indicator_comes_from_the_plan_or_is_inferred_with_a_note() -> None:
    t = rows("npa", ("KHM", 2012, True))
    target = Target(
        id="npa", indicator="npa", value=True, deadline=D(2014, 12, 31), countries=("KHM",)
    )
    plan = Plan(code="P", title="P", period="2011-2014", indicators=(NPA,))
    assert progress(target, t, as_of=D(2014, 12, 31), plan=plan).notes == ()
    inferred = progress(target, t, as_of=D(2014, 12, 31))
    assert inferred.status is Status.ACHIEVED
    assert "not defined here" in inferred.notes[0]
    assert progress(target, t).as_of == D(2014, 12, 31)  # defaults to the due date


def test_the_wrong_indicator_is_refused() -> None:
    target = Target(id="t", indicator="trained", value=5, period="2015")
    with pytest.raises(AggregationError, match="is measured by 'trained', not by 'npa'"):
        progress(target, rows("npa"), indicator=NPA)
    with pytest.raises(TypeError, match=r"as_of must be a datetime\.date"):
        progress(target, rows("trained"), as_of="2015-01-01", indicator=TRAINED)  # type: ignore[arg-type]


def _old_plan() -> Plan:
    return Plan(
        code="SPA III",
        title="III",
        period="2011-2014",
        indicators=(TRAINED, NPA),
        areas=(
            Area(
                number=1,
                title="Policy",
                objectives=(
                    Objective(
                        id="1.1",
                        title="Laws",
                        targets=(
                            Target(id="t1", indicator="trained", value=500, period="2011-2014"),
                            Target(id="t2", indicator="npa", value=True, deadline=D(2014, 12, 31)),
                            Target(id="t3", indicator="trained", value=5, period="2011-2014"),
                        ),
                    ),
                ),
            ),
        ),
    )


def test_carry_over_moves_unmet_targets_into_the_next_plan() -> None:
    old = _old_plan()
    results = [
        Progress(
            target="t1",
            indicator="trained",
            as_of=D(2014, 12, 31),
            status=Status.OFF_TRACK,
            achieved=Decimal(300),
        ),
        Progress(
            target="t2", indicator="npa", as_of=D(2014, 12, 31), status=Status.OFF_TRACK, achieved=0
        ),
        Progress(target="t3", indicator="trained", as_of=D(2014, 12, 31), status=Status.ACHIEVED),
    ]
    new = carry_over(old, results, into=Plan(code="SPA IV", title="IV", period="2015-2018"))
    moved = {t.id: t for t in new.targets()}
    assert sorted(moved) == ["t1", "t2"]
    assert moved["t1"].period == new.period
    assert moved["t2"].deadline == D(2018, 12, 31)
    assert moved["t1"].baseline is not None
    assert moved["t1"].baseline.value == Decimal(300)
    assert moved["t1"].baseline.date == D(2014, 12, 31)
    assert [a.number for a in new.areas] == [1]
    assert [i.id for i in new.indicators] == ["trained", "npa"]


def test_carry_over_keeps_targets_the_new_plan_already_has_and_takes_a_mapping() -> None:
    old = _old_plan()
    into = old.successor(code="SPA IV", title="IV", period="2015-2018", keep="all")
    new = carry_over(old, {}, into=into)
    assert [t.id for t in new.targets()] == ["t1", "t2", "t3"]
    assert new.target("t1").period == old.target("t1").period  # left as they are


# -- direction-aware progress (issue #13) --------------------------------------------------
def test_a_decrease_target_is_achieved_only_at_or_below_its_ceiling() -> None:
    t = rows("cases", ("KHM", 2014, 90), unit="case")
    ceiling = Target(
        id="c", indicator="cases", value=60, deadline=D(2014, 12, 31), countries=("KHM",)
    )
    assert progress(ceiling, t, indicator=CASES).status is Status.OFF_TRACK  # 90 > 60
    low = rows("cases", ("KHM", 2014, 55), unit="case")
    assert progress(ceiling, low, indicator=CASES).status is Status.ACHIEVED


def _offices_from_8(value: int) -> Target:
    """China's border offices: from 8 at the end of 2014 to ``value`` by 2018."""
    return Target(
        id=f"offices-{value}",
        indicator="offices",
        value=value,
        baseline=Baseline(value=8, date=D(2014, 12, 31)),
        deadline=D(2018, 12, 31),
        countries=("CHN",),
    )


def test_a_target_met_at_its_baseline_is_achieved_and_not_carried() -> None:
    t = rows("offices", ("CHN", 2015, 8), unit="office")
    held = _offices_from_8(8)
    p = progress(held, t, indicator=OFFICES, as_of=D(2016, 1, 1))
    assert p.status is Status.ACHIEVED


def test_a_worsening_since_the_baseline_is_off_track() -> None:
    t = rows("offices", ("CHN", 2015, 5), unit="office")
    more = _offices_from_8(12)
    p = progress(more, t, indicator=OFFICES, as_of=D(2015, 12, 31))
    assert p.status is Status.OFF_TRACK
    assert p.ratio is not None
    assert p.ratio < 0


def test_values_dated_before_the_baseline_do_not_count() -> None:
    t = rows("offices", ("CHN", 2013, 20), unit="office")
    more = _offices_from_8(12)
    p = progress(more, t, indicator=OFFICES, as_of=D(2016, 1, 1))
    assert p.status is Status.NO_DATA
    assert any("before the baseline" in n for n in p.notes)


def test_a_regional_target_with_no_countries_binds_every_member() -> None:
    t = rows("npa", ("KHM", 2013, True), ("LAO", 2014, True))
    everyone = Target(
        id="r", indicator="npa", value=True, level="regional", deadline=D(2014, 12, 31)
    )
    p = progress(everyone, t, indicator=NPA)
    assert (p.achieved, p.goal, p.status) == (2, 6, Status.OFF_TRACK)


def test_pairs_do_not_stand_in_for_an_absent_country() -> None:
    t = ObservationTable.from_rows(
        [
            Observation(indicator="npa", country=pair, period=2014, value=True, basis="point")
            for pair in (("KHM", "THA"), ("KHM", "VNM"))
        ]
    )
    both = Target(
        id="b",
        indicator="npa",
        value=True,
        level="regional",
        countries=("KHM", "LAO"),
        deadline=D(2014, 12, 31),
    )
    p = progress(both, t, indicator=NPA)
    assert (p.achieved, p.goal, p.status) == (1, 2, Status.OFF_TRACK)
    assert [(part.target, part.status) for part in p.parts] == [
        ("b:KHM", Status.ACHIEVED),
        ("b:LAO", Status.OFF_TRACK),
    ]


def test_progress_takes_allow_not_meaningful_like_aggregate() -> None:
    from commit_mef.rates import RateTable

    t = ObservationTable.from_rows(
        [Observation(indicator="budget", country="MMR", period=2011, value=Money("1000000", "MMK"))]
    )
    goal = Target(
        id="b",
        indicator="budget",
        value=Money("1000", "USD"),
        period="2011-2014",
        countries=("MMR",),
    )
    with pytest.raises(Exception, match="not meaningful"):
        progress(goal, t, indicator=BUDGET, rates=RateTable.wdi())
    p = progress(goal, t, indicator=BUDGET, rates=RateTable.wdi(), allow_not_meaningful=True)
    assert p.achieved is not None
    assert any("not meaningful" in n for n in p.notes)


def test_a_carried_money_target_keeps_its_currency_and_progress_can_use_it() -> None:
    old = Plan(
        code="A",
        title="A",
        period="2011-2014",
        indicators=(BUDGET,),
        areas=(
            Area(
                number=1,
                title="x",
                objectives=(
                    Objective(
                        id="o",
                        title="o",
                        targets=(
                            Target(
                                id="b",
                                indicator="budget",
                                value=Money("5000000000", "KHR"),
                                period="2011-2014",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    done = Progress(
        target="b",
        indicator="budget",
        as_of=D(2014, 12, 31),
        status=Status.OFF_TRACK,
        achieved=Decimal("3650000000"),
    )
    new = carry_over(old, [done], into=old.successor(code="B", title="B", period="2015-2018"))
    carried = new.target("b")
    assert carried.baseline is not None
    assert carried.baseline.value == Money("3650000000", "KHR")
    later = ObservationTable.from_rows(
        [Observation(indicator="budget", country="KHM", period=2015, value=Money("1", "KHR"))]
    )
    assert progress(carried, later, plan=new, as_of=D(2016, 1, 1)).status is not Status.NO_DATA


def test_a_per_year_target_is_compared_with_the_mean_per_year() -> None:
    t = rows("trained", ("LAO", 2015, 180), ("LAO", 2016, 260), unit="person")
    yearly = Target(
        id="y",
        indicator="trained",
        value=200,
        period="2015-2018",
        countries=("LAO",),
        per_year=True,
    )
    p = progress(yearly, t, indicator=TRAINED, as_of=D(2016, 12, 31))
    assert (p.achieved, p.goal, p.status) == (Decimal(220), Decimal(200), Status.ACHIEVED)
    assert any("a per-year target" in n and "220 a year" in n for n in p.notes)
    # the same 440 against a total of 800 over four years: on track, not achieved
    total = attrs.evolve(yearly, value=800, per_year=False)
    assert progress(total, t, indicator=TRAINED, as_of=D(2016, 12, 31)).status is Status.ON_TRACK
    slow = rows("trained", ("LAO", 2015, 100), ("LAO", 2016, 120), unit="person")
    assert progress(yearly, slow, indicator=TRAINED, as_of=D(2016, 12, 31)).status is (
        Status.OFF_TRACK
    )


def test_a_per_year_target_needs_a_period() -> None:
    from commit_mef import ValidationError

    with pytest.raises(ValidationError, match=r"Target.per_year: .* per year but has no period"):
        Target(id="y", indicator="trained", value=200, deadline=D(2018, 12, 31), per_year=True)


def test_a_regional_total_lists_each_countrys_part_and_the_parts_add_up() -> None:
    t = rows(
        "trained",
        ("KHM", 2015, 120),
        ("KHM", 2016, 30),
        ("THA", 2016, 200),
        ("MMR", 2016, 999),  # not bound by the target: in neither the total nor a part
        unit="person",
    )
    target = Target(
        id="r",
        indicator="trained",
        value=500,
        period="2015-2018",
        level="regional",
        countries=("KHM", "LAO", "THA"),
    )
    p = progress(target, t, as_of=D(2016, 12, 31), indicator=TRAINED)
    assert p.achieved == Decimal(350)
    assert [(q.target, q.status, q.achieved, q.rows) for q in p.parts] == [
        ("r:KHM", Status.NOT_ASSESSED, Decimal(150), 2),
        ("r:LAO", Status.NO_DATA, None, 0),
        ("r:THA", Status.NOT_ASSESSED, Decimal(200), 1),
    ]
    assert sum(q.achieved for q in p.parts if isinstance(q.achieved, Decimal)) == p.achieved
    # a per-year regional target: each part is a mean per year too
    yearly = attrs.evolve(target, value=200, per_year=True)
    y = progress(yearly, t, as_of=D(2016, 12, 31), indicator=TRAINED)
    assert [q.achieved for q in y.parts] == [Decimal(75), None, Decimal(100)]
    # a target over one country has no parts
    alone = attrs.evolve(target, countries=("KHM",))
    assert progress(alone, t, as_of=D(2016, 12, 31), indicator=TRAINED).parts == ()


def test_a_regional_money_total_lists_each_countrys_part_in_the_targets_currency() -> None:
    from commit_mef import Period
    from commit_mef.rates import ExchangeRate, RateTable

    rates = RateTable(
        [
            ExchangeRate(currency=c, per_usd=r, period=Period.year(2015), source="t", vintage="v")
            for c, r in (("THB", "32"), ("KHR", "4000"))
        ]
    )
    budget = rows(
        "budget", ("KHM", 2015, Money("400000", "KHR")), ("THA", 2015, Money("8000", "THB"))
    )
    target = Target(
        id="m",
        indicator="budget",
        value=Money(1000, "USD"),
        period="2015-2016",
        level="regional",
        countries=("KHM", "THA"),
    )
    p = progress(target, budget, as_of=D(2016, 12, 31), indicator=BUDGET, rates=rates)
    assert p.achieved == Decimal(350)
    assert [(q.target, q.achieved) for q in p.parts] == [
        ("m:KHM", Decimal(100)),
        ("m:THA", Decimal(250)),
    ]
