"""Target timelines and activity schedules: what they accept, and every breach refused with its path."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections.abc import Iterable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import io
from commit_mef.errors import LoadError, Problem, TimelineError, ValidationError
from commit_mef.indicators import Indicator, MeasureKind
from commit_mef.money import Money
from commit_mef.periods import Period
from commit_mef.plans import Activity, ActivityStatus, Area, InterimTarget, Objective, Plan, Target
from commit_mef.testing import activities, indicators, targets, timelines
from commit_mef.validation import FRAMEWORK_RULES
from commit_mef.validation import validate as _validate


def validate(plan: Plan, figures: Any = None, *, skip: Iterable[str] = ()) -> Any:
    """validate() with the framework-completeness rules skipped: these tests pin the
    consistency rules; tests/test_validation_framework.py pins the completeness ones."""
    return _validate(plan, figures, skip=(*FRAMEWORK_RULES, *skip))


D = dt.date
TRAINED = Indicator(id="trained", name="Officials trained", kind="count", unit="person")


def steps(*pairs: tuple[str, object]) -> tuple[InterimTarget, ...]:
    return tuple(InterimTarget(period=p, value=v) for p, v in pairs)


def target(*pairs: tuple[str, object], value: object = 800, **kw: Any) -> Target:
    kw.setdefault("period", "2016-2018")
    return Target(id="t", indicator="trained", value=value, timeline=steps(*pairs), **kw)


def plan_with(*ts: Target, acts: tuple[Activity, ...] = ()) -> Plan:
    return Plan(
        code="SPA IV",
        title="IV",
        period="2015-2018",
        indicators=(TRAINED,),
        areas=(
            Area(
                number=1,
                title="Policy",
                objectives=(Objective(id="1.1", title="O", targets=ts, activities=acts),),
            ),
        ),
    )


def test_a_valid_timeline_is_kept_in_order() -> None:
    t = target(("2016", 200), ("2017", 500), ("2018", 800))
    assert [s.value for s in t.timeline] == [200, 500, 800]
    assert t.interim_due(D(2017, 12, 31)) == t.timeline[1]


@pytest.mark.parametrize(
    ("pairs", "value", "path", "fix"),
    [
        ((("2015", 200), ("2018", 800)), 800, "/timeline/0/period", "move it inside"),
        (
            (("2016", Money("200", "USD")), ("2018", 800)),
            800,
            "/timeline/0/value",
            "own terms",
        ),
        ((("2016", 200), ("2016", 800)), 800, "/timeline/1/period", "one value per period"),
        (
            (("2016-06-01/2016-12-31", 200), ("2016-09-01/2017-08-31", 800)),
            800,
            "/timeline/1/period",
            "one value per period",
        ),
        ((("2018", 800), ("2017", 500)), 500, "/timeline/1/period", "time order"),
        ((("2016", 200), ("2018", 700)), 800, "/timeline/1/value", "make the two equal"),
    ],
)
def test_each_bad_timeline_is_a_validation_error_naming_the_path_and_the_fix(
    pairs: tuple[tuple[str, object], ...], value: object, path: str, fix: str
) -> None:
    with pytest.raises(TimelineError) as info:
        target(*pairs, value=value)
    assert isinstance(info.value, ValidationError)
    assert info.value.path == path
    assert fix in str(info.value)


def test_an_interim_amount_in_another_currency_is_refused() -> None:
    with pytest.raises(TimelineError, match=r"amount in THB, but target 't' is an amount in USD"):
        target(("2016", Money("5", "THB")), ("2018", Money("9", "USD")), value=Money("9", "USD"))


def test_an_interim_period_longer_than_a_year_is_refused() -> None:
    with pytest.raises(ValidationError, match="longer than a year") as info:
        InterimTarget(period="2016-01-01/2017-01-01", value=1)
    assert info.value.path == "InterimTarget.period"
    assert InterimTarget(period="2016-07-01/2017-06-30", value=1).period.days == 365


def test_timelines_need_a_number_to_reach_and_a_total() -> None:
    with pytest.raises(TimelineError, match=r"set Target\.value"):
        target(("2016", 1), value=True)
    with pytest.raises(TimelineError, match="drop per_year"):
        target(("2016", 1), value=1, per_year=True)


def test_a_falling_running_total_is_refused_by_the_plan_with_its_full_path() -> None:
    falling = target(("2016", 500), ("2017", 200), ("2018", 800))
    with pytest.raises(TimelineError, match="never falls") as info:
        plan_with(falling)
    assert info.value.path == "/areas/0/objectives/0/targets/0/timeline/1/value"
    # a stock may go down and up again
    stock = attrs.evolve(TRAINED, id="offices", rule=("last", "sum"))
    plan = attrs.evolve(plan_with(), indicators=(stock,))
    assert plan.add_target("1.1", attrs.evolve(falling, indicator="offices"))


def test_every_breach_of_one_target_is_listed_and_the_error_pickles() -> None:
    with pytest.raises(TimelineError) as info:
        target(("2016", 200), ("2016", 300), ("2019", 700))
    paths = [p.path for p in info.value.problems]
    assert paths == [
        "/timeline/1/period",
        "/timeline/2/period",
        "/timeline/2/value",
    ]
    again = pickle.loads(pickle.dumps(info.value))
    assert again == info.value
    assert again.problems == info.value.problems


def test_a_loaded_plan_reports_every_timeline_and_schedule_problem_with_its_path() -> None:
    good = target(("2016", 200), ("2017", 500), ("2018", 800))
    act = Activity(id="a", title="Training", period="2016", started=D(2016, 3, 1))
    data = json.loads(io.dumps(plan_with(good, attrs.evolve(good, id="u"), acts=(act,))))
    objective = data["data"]["areas"][0]["objectives"][0]
    objective["targets"][0]["timeline"][0]["period"] = "2019"  # out of the span, out of order
    objective["targets"][1]["timeline"][2]["value"] = "900"  # last differs from the target
    objective["activities"][0]["finished"] = "2016-01-01"  # done before it started
    with pytest.raises(LoadError) as info:
        io.loads(json.dumps(data), Plan)
    where = "/data/areas/0/objectives/0"
    assert [p.path for p in info.value.problems] == [
        f"{where}/targets/0/timeline/0/period",
        f"{where}/targets/0/timeline/1/period",
        f"{where}/targets/1/timeline/2/value",
        f"{where}/activities/0/finished",
        f"{where}/activities/0/status",
    ]
    assert (
        info.value.problems[0].location
        == "$.data.areas[0].objectives[0].targets[0].timeline[0].period"
    )


def test_a_loaded_plan_with_a_falling_running_total_is_a_load_error() -> None:
    good = target(("2016", 200), ("2017", 500), ("2018", 800))
    data = json.loads(io.dumps(plan_with(good)))
    data["data"]["areas"][0]["objectives"][0]["targets"][0]["timeline"][1]["value"] = "100"
    with pytest.raises(LoadError) as info:
        io.loads(json.dumps(data), Plan)
    assert [p.path for p in info.value.problems] == [
        "/data/areas/0/objectives/0/targets/0/timeline/1/value"
    ]


def test_activity_schedule_status_follows_the_dates_unless_given() -> None:
    assert Activity(id="a", title="T").status is ActivityStatus.PLANNED
    assert Activity(id="a", title="T", started=D(2016, 9, 1)).status is ActivityStatus.UNDER_WAY
    done = Activity(id="a", title="T", started=D(2016, 9, 1), finished=D(2017, 1, 15))
    assert done.status is ActivityStatus.DONE
    dropped = Activity(id="a", title="T", started=D(2016, 9, 1), status="dropped")
    assert dropped.status is ActivityStatus.DROPPED


@pytest.mark.parametrize(
    ("kw", "path", "fix"),
    [
        ({"started": D(2017, 1, 2), "finished": D(2016, 1, 2)}, "/finished", "swap"),
        ({"started": D(2016, 1, 2), "status": "planned"}, "/status", "under way"),
        ({"finished": D(2016, 1, 2), "status": "under way"}, "/status", "status='done'"),
    ],
)
def test_each_bad_schedule_is_a_validation_error(
    kw: dict[str, object], path: str, fix: str
) -> None:
    with pytest.raises(TimelineError) as info:
        Activity(id="a", title="T", **kw)  # type: ignore[arg-type]
    assert (info.value.path, fix in str(info.value)) == (path, True)


def test_a_reversed_planned_period_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="swap"):
        Activity(id="a", title="T", period="2017-2016")


def test_validate_flags_activities_outside_the_plan_and_serving_unknown_targets() -> None:
    good = target(("2016", 200), ("2017", 500), ("2018", 800))
    acts = (
        Activity(id="a", title="T", period="2016", started=D(2016, 2, 1), targets=("t",)),
        Activity(id="b", title="T", started=D(2014, 2, 1), finished=D(2019, 1, 1), targets=("x",)),
    )
    report = validate(plan_with(good, acts=acts))
    where = "plan.areas[0].objectives[0].activities[1]"
    assert [(i.rule, i.path) for i in report] == [
        ("activity-outside-period", f"{where}.started"),
        ("activity-outside-period", f"{where}.finished"),
        ("dangling-target", f"{where}.targets[0]"),
    ]


@given(st.data())
def test_generated_timelines_are_valid_and_round_trip(data: st.DataObject) -> None:
    ind = data.draw(indicators())
    t = data.draw(targets(ind, Period.years(2015, 2018)))
    t = attrs.evolve(t, timeline=data.draw(timelines(t, ind)))
    assert io.loads(io.dumps(t), Target) == t
    if t.timeline:
        assert t.timeline[-1].value == t.value
        assert all(
            a.period.end < b.period.start for a, b in zip(t.timeline, t.timeline[1:], strict=False)
        )


@given(st.data())
def test_any_interim_value_moved_past_the_due_date_is_refused(data: st.DataObject) -> None:
    ind = data.draw(indicators(MeasureKind.COUNT))
    t = data.draw(targets(ind, Period.years(2015, 2018)))
    steps_ = data.draw(timelines(t, ind))
    if not steps_ or t.due is None:
        return
    i = data.draw(st.integers(0, len(steps_) - 1))
    late = attrs.evolve(steps_[i], period=t.due + dt.timedelta(days=1))
    with pytest.raises(TimelineError) as info:
        attrs.evolve(t, timeline=(*steps_[:i], late, *steps_[i + 1 :]))
    assert f"/timeline/{i}/period" in [p.path for p in info.value.problems]


@given(activities(Period.years(2015, 2018), target_ids=("t",)))
def test_generated_activities_round_trip(act: Activity) -> None:
    assert io.loads(io.dumps(act), Activity) == act


def test_timeline_error_lists_problems_as_problem_values() -> None:
    err = TimelineError([Problem("A.b", "x; fix"), Problem("A.c", "y; fix")])
    assert err.path == "/b"
    assert "also: y; fix @ A.c" in str(err)
    with pytest.raises(ValueError, match="at least one"):
        TimelineError([])
