"""carry_over() as a planning tool: units kept, figures cited, rules, new ids and wording, no data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import commit_mef as cm
from commit_mef.errors import ValidationError
from commit_mef.indicators import Indicator
from commit_mef.money import Money
from commit_mef.plans import Area, InterimTarget, Objective, Plan, Target
from commit_mef.progress import Progress, Status, carry_over, progress

D = dt.date
END = D(2018, 12, 31)
BUDGET = Indicator(id="budget", name="Budget allocated", kind="money", unit="currency")
TRAINED = Indicator(id="trained", name="Officials trained", kind="count", unit="person")
NPA = Indicator(id="npa", name="NPA adopted", kind="milestone")
OFFICES = Indicator(id="offices", name="Offices", kind="count", unit="office", rule=("last", "sum"))
NUM = Indicator(id="assisted", name="Victims assisted", kind="count", unit="person")
DEN = Indicator(id="identified", name="Victims identified", kind="count", unit="person")
SHARE = Indicator(
    id="share-assisted",
    name="Share of identified victims assisted",
    kind="percentage",
    numerator="assisted",
    denominator="identified",
)


def _spa4(*targets: Target, indicators: tuple[Indicator, ...] = ()) -> Plan:
    return Plan(
        code="SPA IV",
        title="SPA IV",
        period="2015-2018",
        indicators=indicators or (BUDGET, TRAINED, NPA, OFFICES, NUM, DEN, SHARE),
        areas=(
            Area(
                number=4,
                title="Protection",
                objectives=(Objective(id="4.1", title="Victims identified", targets=targets),),
            ),
        ),
    )


def _next(old: Plan) -> Plan:
    return old.successor(code="SPA V", title="SPA V", period="2019-2023")


def _progress(old: Plan, table: cm.ObservationTable) -> list[Progress]:
    return [progress(t, table, plan=old, as_of=END) for t in old.targets()]


def test_a_money_baseline_keeps_its_currency_and_the_new_plan_validates() -> None:
    """KHR 3.65 billion stays Money in KHR (the issue's bare 3650000000 failed validation)."""
    budget = Target(
        id="b",
        indicator="budget",
        value=Money("5000000000", "KHR"),
        period="2015-2018",
        countries=("KHM",),
    )
    old = _spa4(budget)
    table = cm.ObservationTable.from_rows(
        [
            cm.Observation(
                id=f"KHM.budget.{year}",
                indicator="budget",
                country="KHM",
                period=year,
                value=Money(amount, "KHR"),
            )
            for year, amount in ((2016, "1650000000"), (2017, "2000000000"))
        ]
    )
    new = carry_over(old, _progress(old, table), into=_next(old))
    carried = new.target("b")
    assert carried.baseline is not None
    assert carried.baseline.value == Money("3650000000", "KHR")
    assert carried.baseline.observations == ("KHM.budget.2016", "KHM.budget.2017")
    assert cm.validate(new).errors == ()


def test_a_percentage_carries_from_its_numerator_and_denominator() -> None:
    """30 of 100 and 10 of 50 assisted: 26.67 %, as aggregate() computes it (was "no data")."""
    share = Target(
        id="s",
        indicator="share-assisted",
        value=50,
        deadline=END,
        level="regional",
        countries=("KHM", "LAO"),
    )
    old = _spa4(share)
    table = cm.ObservationTable.from_columns(
        id=["n1", "d1", "n2", "d2"],
        indicator=["assisted", "identified", "assisted", "identified"],
        country=["KHM", "KHM", "LAO", "LAO"],
        period=2018,
        magnitude=[30, 100, 10, 50],
        unit="person",
    )
    expected = cm.aggregate(table, SHARE, by=(), indicators=(NUM, DEN)).rows[0].value
    [measured] = _progress(old, table)
    assert measured.status is Status.OFF_TRACK
    assert measured.achieved == expected
    carried = carry_over(old, [measured], into=_next(old)).target("s")
    assert carried.baseline is not None
    assert carried.baseline.value == expected
    assert carried.baseline.observations == ("d1", "d2", "n1", "n2")
    assert carried.deadline == D(2023, 12, 31)


def test_the_baseline_cites_the_progress_it_came_from() -> None:
    old = _spa4(Target(id="t", indicator="trained", value=500, period="2015-2018"))
    done = Progress(
        target="t",
        indicator="trained",
        as_of=END,
        status=Status.OFF_TRACK,
        achieved=Decimal(300),
        ids=("LAO.1", "LAO.2", "LAO.1"),
    )
    carried = carry_over(old, [done], into=_next(old)).target("t")
    assert carried.baseline is not None
    assert carried.baseline.date == END
    assert carried.baseline.observations == ("LAO.1", "LAO.2")
    assert carried.baseline.source == "SPA IV progress of target t, measured 2018-12-31"
    [link] = carried.continues
    assert (link.plan, link.ref, link.as_of, link.status) == ("SPA IV", "t", END, "off track")
    assert "300 achieved" in link.note


@pytest.mark.parametrize(
    ("status", "ids"),
    [(Status.NO_DATA, ()), (None, ())],
    ids=["no figures", "no progress measured"],
)
def test_a_target_with_no_data_is_carried_with_that_reason_not_as_missed(
    status: Status | None, ids: tuple[str, ...]
) -> None:
    old = _spa4(Target(id="t", indicator="trained", value=500, period="2015-2018"))
    results = (
        []
        if status is None
        else [Progress(target="t", indicator="trained", as_of=END, status=status)]
    )
    carried = carry_over(old, results, into=_next(old)).target("t")
    assert carried.baseline is None
    assert "not as missed" in carried.no_baseline
    [link] = carried.continues
    assert link.status == "no data"
    assert "not as missed" in link.note
    assert "off track" not in link.note


def test_a_met_target_is_not_carried_and_an_unmet_one_is() -> None:
    old = _spa4(
        Target(id="met", indicator="trained", value=5, period="2015-2018"),
        Target(id="unmet", indicator="trained", value=500, period="2015-2018"),
    )
    table = cm.ObservationTable.from_columns(
        indicator="trained", country="LAO", period=2016, magnitude=[120], unit="person"
    )
    new = carry_over(old, _progress(old, table), into=_next(old))
    assert [t.id for t in new.targets()] == ["unmet"]


def test_remainder_carries_what_is_left_of_a_flow_and_its_timeline() -> None:
    paced = Target(
        id="t",
        indicator="trained",
        value=800,
        period="2015-2018",
        timeline=(
            InterimTarget(period="2016", value=200),
            InterimTarget(period="2017", value=500),
            InterimTarget(period="2018", value=800),
        ),
    )
    old = _spa4(paced)
    done = Progress(
        target="t", indicator="trained", as_of=END, status=Status.OFF_TRACK, achieved=Decimal(300)
    )
    repeat = carry_over(old, [done], into=_next(old)).target("t")
    left_plan = carry_over(old, [done], into=_next(old), rule="remainder")
    left = left_plan.target("t")
    assert repeat.value == Decimal(800)
    assert repeat.baseline is not None
    assert repeat.baseline.value == Decimal(300)
    assert left.value == Decimal(500)
    assert left.baseline is not None
    assert left.baseline.value == Decimal(0)  # the remainder counts afresh
    assert "300 were achieved towards 800" in left.baseline.note
    assert cm.validate(left_plan).errors == ()
    assert [s.value for s in left.timeline] == [Decimal(200), Decimal(500)]
    assert "the remainder: 800 less 300 achieved" in left.continues[0].note


def test_remainder_of_a_money_flow_stays_money() -> None:
    old = _spa4(Target(id="b", indicator="budget", value=Money("5000", "THB"), period="2015-2018"))
    done = Progress(
        target="b", indicator="budget", as_of=END, status=Status.OFF_TRACK, achieved=Decimal(1200)
    )
    left = carry_over(old, [done], into=_next(old), rule="remainder").target("b")
    assert left.value == Money("3800", "THB")


def test_remainder_of_a_milestone_keeps_only_the_countries_that_did_not_reach_it() -> None:
    old = _spa4(
        Target(
            id="npa",
            indicator="npa",
            value=True,
            deadline=END,
            level="regional",
            countries=("KHM", "LAO", "MMR"),
        )
    )
    table = cm.ObservationTable.from_rows(
        [cm.Observation(indicator="npa", country="KHM", period=2016, value=True, basis="point")]
    )
    measured = _progress(old, table)
    left_plan = carry_over(old, measured, into=_next(old), rule="remainder")
    left = left_plan.target("npa")
    assert [c.alpha_3 for c in left.countries] == ["LAO", "MMR"]
    assert left.level is cm.plans.Level.NATIONAL  # two countries cannot make a regional target
    assert left.baseline is not None
    assert (left.baseline.value, left.baseline.observations) == (False, ())
    assert cm.validate(left_plan).errors == ()  # not the number 1 as a milestone's baseline
    repeat = carry_over(old, measured, into=_next(old)).target("npa")
    assert [c.alpha_3 for c in repeat.countries] == ["KHM", "LAO", "MMR"]
    assert repeat.baseline is None  # Cambodia had reached it: no yes/no holds for all three
    assert "1 achieved" in repeat.continues[0].note


def test_remainder_of_a_state_keeps_the_level_counted_from_the_new_baseline() -> None:
    old = _spa4(Target(id="o", indicator="offices", value=12, deadline=END, countries=("CHN",)))
    table = cm.ObservationTable.from_columns(
        indicator="offices", country="CHN", period=2018, magnitude=[9], unit="office"
    )
    left = carry_over(old, _progress(old, table), into=_next(old), rule="remainder").target("o")
    assert left.value == Decimal(12)
    assert left.baseline is not None
    assert left.baseline.value == Decimal(9)


def test_default_ids_and_wording_do_not_keep_the_old_period() -> None:
    old = _spa4(
        Target(
            id="trained-2015-2018",
            indicator="trained",
            value=500,
            period="2015-2018",
            description="500 officials trained in 2015-2018, half by 2017 and all by 2018",
        )
    )
    carried = next(carry_over(old, [], into=_next(old)).targets())
    assert carried.id == "trained-2019-2023"
    assert carried.description == "500 officials trained in 2019-2023, half by 2017 and all by 2023"
    assert carried.continues[0].ref == "trained-2015-2018"


def test_ids_and_wording_by_mapping_or_function() -> None:
    old = _spa4(
        Target(id="a", indicator="trained", value=5, period="2015-2018", description="A"),
        Target(id="b", indicator="trained", value=6, period="2015-2018", description="B"),
    )
    new = carry_over(
        old,
        [],
        into=_next(old),
        ids={"a": "5.1.a"},
        wording=lambda t: f"{t.description} (carried from SPA IV)",
    )
    assert [(t.id, t.description) for t in new.targets()] == [
        ("5.1.a", "A (carried from SPA IV)"),
        ("b", "B (carried from SPA IV)"),
    ]


def test_a_target_the_new_plan_has_under_its_new_id_is_left_alone() -> None:
    old = _spa4(Target(id="a", indicator="trained", value=5, period="2015-2018"))
    into = _next(old).add_target("4.1", Target(id="5.1.a", indicator="trained", value=9))
    new = carry_over(old, [], into=into, ids={"a": "5.1.a"})
    assert [(t.id, t.value) for t in new.targets()] == [("5.1.a", Decimal(9))]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rule": "half"}, "carry_over.rule"),
        ({"ids": {"a": ""}}, "carry_over.ids"),
        ({"ids": lambda t: 7}, "carry_over.ids"),
        ({"wording": {"a": None}}, "carry_over.wording"),
    ],
)
def test_bad_choices_raise_validation_errors_naming_the_argument(
    kwargs: dict[str, object], match: str
) -> None:
    old = _spa4(Target(id="a", indicator="trained", value=5, period="2015-2018"))
    with pytest.raises(ValidationError, match=match):
        carry_over(old, [], into=_next(old), **kwargs)  # type: ignore[arg-type]


@given(
    goal=st.integers(min_value=1, max_value=10**9),
    share=st.fractions(min_value=0, max_value=1).filter(lambda f: f < 1),
)
def test_remainder_and_achieved_add_up_to_the_old_value(goal: int, share: object) -> None:
    achieved = Decimal(int(goal * share))  # type: ignore[operator]
    old = _spa4(Target(id="t", indicator="trained", value=goal, period="2015-2018"))
    done = Progress(
        target="t", indicator="trained", as_of=END, status=Status.OFF_TRACK, achieved=achieved
    )
    left = carry_over(old, [done], into=_next(old), rule="remainder").target("t")
    assert isinstance(left.value, Decimal)
    assert left.value + achieved == Decimal(goal)


def test_carried_areas_and_objectives_continue_the_old_ones_and_compare_lines_them_up() -> None:
    old = _spa4(Target(id="t", indicator="trained", value=5, period="2015-2018"))
    new = carry_over(old, [], into=Plan(code="SPA V", title="V", period="2019-2023"))
    assert [str(c) for c in new.areas[0].continues] == ["SPA IV 4"]
    assert [str(c) for c in new.objectives().__next__().continues] == ["SPA IV 4.1"]
    [line] = cm.compare(old, new).lines
    assert line.matched == ("first", "continues SPA IV 4")
    kept = old.successor(code="SPA V", title="V", period="2019-2023")
    assert kept.areas[0].continues == new.areas[0].continues


def test_a_remainder_is_worded_as_one_unless_the_planner_words_it() -> None:
    old = _spa4(
        Target(
            id="t",
            indicator="trained",
            value=600,
            period="2015-2018",
            description="600 trained in 2015-2018",
        )
    )
    done = Progress(
        target="t", indicator="trained", as_of=END, status=Status.OFF_TRACK, achieved=Decimal(420)
    )
    left = carry_over(old, [done], into=_next(old), rule="remainder").target("t")
    assert left.description == "the remainder (180) of SPA IV's target: 600 trained in 2015-2018"
    mine = carry_over(old, [done], into=_next(old), rule="remainder", wording={"t": "180 more"})
    assert mine.target("t").description == "180 more"
