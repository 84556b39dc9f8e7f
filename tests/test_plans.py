"""Plans: the immutable tree, structural refusals, queries, building a plan from an old one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

from commit_mef import (
    Activity,
    Area,
    Baseline,
    Indicator,
    Level,
    Objective,
    Period,
    PeriodError,
    Plan,
    ResultLevel,
    Target,
    ValidationError,
)
from commit_mef.money import Money
from commit_mef.testing import plans

D = dt.date
LAW = Indicator(id="law", name="Trafficking law enacted", kind="milestone")
TRAINED = Indicator(id="trained", name="Officials trained", kind="count", unit="person")


def spa() -> Plan:
    return Plan(
        code="SPA X",
        title="A plan",
        period="2015-2018",
        indicators=(LAW, TRAINED),
        areas=(
            Area(
                number=4,
                title="Protection",
                objectives=(
                    Objective(id="4.1", title="Victims are identified"),
                    Objective(
                        id="4.1.1",
                        title="Identification procedures agreed",
                        level="output",
                        parent="4.1",
                        targets=(
                            Target(id="t1", indicator="trained", value=500, period="2016"),
                            Target(id="t2", indicator="law", value=True, deadline=D(2017, 6, 30)),
                        ),
                    ),
                ),
            ),
        ),
    )


def test_spa3_extension_makes_the_effective_period() -> None:
    plan = Plan(code="SPA III", title="Plan III", period="2011-2013", extension="2014")
    assert plan.effective_period == Period.years(2011, 2014)
    assert plan.period == Period.years(2011, 2013)


def test_extension_must_follow_the_period() -> None:
    with pytest.raises(PeriodError, match="only the added time") as info:
        Plan(code="P", title="T", period="2011-2013", extension="2011-2014")
    assert info.value.path == "Plan.extension"


def test_period_end_before_start_is_refused() -> None:
    with pytest.raises(PeriodError, match="swap"):
        Plan(code="P", title="T", period="2014-2011")


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [
        (lambda: Target(id="t", indicator="i", value=1.5), TypeError, "floats are inexact"),
        (lambda: Target(id="t", indicator="i", value=[1]), TypeError, "a target value must be"),
        (
            lambda: Target(id="t", indicator="i", deadline=D(2015, 1, 1), period="2015"),
            ValidationError,
            "give one",
        ),
        (
            lambda: Target(id="t", indicator="i", level="bilateral", countries=("KHM",)),
            ValidationError,
            "exactly two countries",
        ),
        (
            lambda: Target(id="t", indicator="i", countries=("KHM", "Cambodia")),
            ValidationError,
            "lists a country twice",
        ),
        (lambda: Target(id="t", indicator="i", deadline="2015"), TypeError, "datetime.date"),  # type: ignore[arg-type]
        (lambda: Target(id="", indicator="i"), ValidationError, "must not be empty"),
        (lambda: Objective(id="o", title="O", targets=("t",)), TypeError, "must be a Target"),
        (lambda: Area(number="1", title="A"), TypeError, "must be an int"),  # type: ignore[arg-type]
        (lambda: Plan(code="P", title="T", period="2015", areas=(1,)), TypeError, "an Area"),
        (lambda: Objective(id="o", title="O", level="impact"), ValueError, "ResultLevel"),
    ],
)
def test_structurally_impossible_trees_are_refused(
    build: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        build()  # type: ignore[operator]


def test_values_are_kept_exact() -> None:
    assert Target(id="t", indicator="i", value=3).value == Decimal(3)
    assert Target(id="t", indicator="i", value="adopted").value == "adopted"
    assert Target(id="t", indicator="i", value=True).value is True
    money = Money("496.82", "THB")
    assert Target(id="t", indicator="i", value=money).value == money


def test_target_countries_and_level() -> None:
    t = Target(id="t", indicator="i", level="bilateral", countries=("China", "Viet Nam"))
    assert t.level is Level.BILATERAL
    assert [c.alpha_3 for c in t.countries] == ["CHN", "VNM"]


def test_due_and_baseline_as_of() -> None:
    assert Target(id="t", indicator="i", deadline=D(2016, 3, 1)).due == D(2016, 3, 1)
    assert Target(id="t", indicator="i", period="2016").due == D(2016, 12, 31)
    assert Target(id="t", indicator="i").due is None
    assert Baseline(value=1, date=D(2014, 5, 1)).as_of == D(2014, 5, 1)
    assert Baseline(value=1).as_of is None


def test_queries() -> None:
    plan = spa()
    assert [t.id for t in plan.targets()] == ["t1", "t2"]
    assert [o.id for o in plan.objectives()] == ["4.1", "4.1.1"]
    assert plan.area(4).title == "Protection"
    assert plan.objective("4.1.1").level is ResultLevel.OUTPUT
    assert plan.indicator("law") is LAW
    with pytest.raises(LookupError, match="no indicator 'nope'"):
        plan.indicator("nope")
    with pytest.raises(LookupError, match="no objective 'nope'"):
        plan.objective("nope")
    assert plan.allowed_area_numbers == (1, 2, 3, 4, 5)
    assert attrs.evolve(plan, area_numbers=(1, 2, 3, 4, 5, 6)).allowed_area_numbers[-1] == 6


def test_add_and_update_targets_leave_the_original_unchanged() -> None:
    plan = spa()
    grown = plan.add_target("4.1", Target(id="t3", indicator="law", value=True))
    assert [t.id for t in grown.objective("4.1").targets] == ["t3"]
    changed = grown.update_target("t1", value=800)
    assert changed.target("t1").value == Decimal(800)
    assert plan.target("t1").value == Decimal(500)
    assert [t.id for t in plan.targets()] == ["t1", "t2"]
    with pytest.raises(LookupError):
        plan.add_target("9.9", Target(id="x", indicator="law"))
    with pytest.raises(LookupError):
        plan.update_target("nope", value=1)
    more = plan.add_indicator(Indicator(id="n", name="N", kind="qualitative"))
    assert [i.id for i in more.indicators] == ["law", "trained", "n"]


@pytest.mark.parametrize(
    ("keep", "n_areas", "n_targets"), [("indicators", 0, 0), ("structure", 1, 0), ("all", 1, 2)]
)
def test_successor_keeps_what_was_asked(keep: str, n_areas: int, n_targets: int) -> None:
    new = spa().successor(code="SPA Y", title="Next", period="2019-2022", keep=keep)  # type: ignore[arg-type]
    assert (new.code, new.period, new.extension) == ("SPA Y", Period.years(2019, 2022), None)
    assert new.indicators == (LAW, TRAINED)
    assert (len(new.areas), len(list(new.targets()))) == (n_areas, n_targets)


def test_successor_refuses_an_unknown_keep() -> None:
    with pytest.raises(ValidationError, match="keep must be"):
        spa().successor(code="Y", title="T", period="2019", keep="everything")  # type: ignore[arg-type]


def test_activities_carry_periods_and_countries() -> None:
    act = Activity(id="a", title="Training", period=2016, countries="Thailand")
    assert act.period == Period.year(2016)
    assert act.countries[0].alpha_3 == "THA"


@given(plans(max_areas=2, max_objectives=2))
def test_generated_plans_keep_targets_inside_their_effective_period(plan: Plan) -> None:
    for target in plan.targets():
        due = target.due
        assert due is None or plan.effective_period.contains(due)
    assert attrs.evolve(plan) == plan
