"""diff(): two drafts compared part by part; status and decision log; the ``commit-mef diff`` command."""

from __future__ import annotations

import collections
import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import commit_mef as cm
from commit_mef import io
from commit_mef.cli import main
from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.plans import (
    ChangeKind,
    Decision,
    Objective,
    Plan,
    PlanDiff,
    PlanStatus,
    Target,
    diff,
)
from commit_mef.testing import drafted_plans, plan_diffs


def _draft() -> Plan:
    targets = tuple(
        Target(id=f"5.4.1.{c.lower()}", indicator="trained", value=v, countries=c)
        for c, v in (("KHM", 500), ("LAO", 300), ("THA", 200))
    )
    return Plan(
        code="SPA V",
        title="SPA V",
        period="2019-2023",
        status="draft",
        areas=(
            cm.Area(
                number=4,
                title="Protection",
                objectives=(Objective(id="5.4.1", title="Victims identified", targets=targets),),
            ),
        ),
    )


def _second(first: Plan) -> Plan:
    """The issue's case: one target raised, one country's target dropped, one output added."""
    raised = first.update_target("5.4.1.khm", value=600)
    area = raised.areas[0]
    kept = tuple(t for t in area.objectives[0].targets if t.id != "5.4.1.lao")
    output = Objective(
        id="5.4.1.1", title="Referral guidelines agreed", level="output", parent="5.4.1"
    )
    objectives = (attrs.evolve(area.objectives[0], targets=kept), output)
    return attrs.evolve(raised, areas=(attrs.evolve(area, objectives=objectives),))


def test_the_issue_case_gives_three_clear_lines_not_an_id_swap() -> None:
    changes = diff(_draft(), _second(_draft()))
    assert [c.line() for c in changes] == [
        "objective 5.4.1.1 added: Referral guidelines agreed",
        "target 5.4.1.khm changed: value 500 -> 600",
        "target 5.4.1.lao removed: trained, LAO",
    ]
    assert [c.kind for c in changes] == [ChangeKind.ADDED, ChangeKind.CHANGED, ChangeKind.REMOVED]
    assert changes.of("removed")[0].path == "/areas/0/objectives/0/targets/1"
    assert changes.of("added")[0].location == "plan.areas[0].objectives[1]"


def test_a_renumbered_target_is_matched_by_indicator_and_country() -> None:
    first = _draft()
    area = first.areas[0]
    renumbered = tuple(
        attrs.evolve(t, id="5.4.1.lao") if t.id == "5.4.1.tha" else t
        for t in area.objectives[0].targets
        if t.id != "5.4.1.lao"
    )
    second = attrs.evolve(
        first,
        areas=(
            attrs.evolve(area, objectives=(attrs.evolve(area.objectives[0], targets=renumbered),)),
        ),
    )
    lines = [c.line() for c in diff(first, second)]
    assert lines == [
        "target 5.4.1.tha (now 5.4.1.lao) changed: id 5.4.1.tha -> 5.4.1.lao",
        "target 5.4.1.lao removed: trained, LAO",
    ]


def test_identical_drafts_have_no_changes_and_order_of_parts_follows_the_draft() -> None:
    assert len(diff(_draft(), _draft())) == 0
    assert diff(_draft(), _draft()).render() == "SPA V (draft) -> SPA V (draft): no changes"


def test_fields_of_areas_indicators_and_the_plan_are_compared() -> None:
    first = attrs.evolve(
        _draft(),
        indicators=(cm.Indicator(id="trained", name="Trained", kind="count", unit="person"),),
    )
    second = attrs.evolve(
        first,
        title="SPA V, second draft",
        areas=(attrs.evolve(first.areas[0], title="Protection and assistance"),),
        indicators=(attrs.evolve(first.indicators[0], version="2019"),),
    )
    assert [c.line() for c in diff(first, second)] == [
        "plan SPA V changed: title SPA V -> SPA V, second draft",
        "area 4 changed: title Protection -> Protection and assistance",
        "indicator trained changed: version not set -> 2019",
    ]


def test_a_change_carries_who_proposed_it_and_why() -> None:
    second = _second(_draft()).decide(
        Decision(
            subject="5.4.1.khm", proposed_by="Cambodia", reason="more trainers", meeting="SOM15"
        )
    )
    [raised] = diff(_draft(), second).of("changed")
    assert raised.decisions[0].proposed_by == "Cambodia"
    assert raised.line().endswith("[5.4.1.khm: proposed by Cambodia: more trainers at SOM15]")


def test_render_markdown_and_json() -> None:
    changes = diff(_draft(), _second(_draft()))
    markdown = changes.render("markdown")
    assert markdown.splitlines()[0] == "## SPA V (draft) -> SPA V (draft): 3 changes"
    assert "- target 5.4.1.lao **removed**: trained, LAO" in markdown
    data = json.loads(json.dumps(changes.to_dict()))
    assert data["changes"][1]["fields"] == [{"field": "value", "before": "500", "after": "600"}]
    with pytest.raises(ValidationError, match=r"PlanDiff.render.format"):
        changes.render("html")  # type: ignore[arg-type]


def test_diff_refuses_what_is_not_a_plan() -> None:
    with pytest.raises(InvalidTypeError, match="diff"):
        diff(_draft(), "SPA V")  # type: ignore[arg-type]


def test_status_moves_forward_with_the_meeting_that_moved_it() -> None:
    from commit_mef import datasets

    imm4 = next(m for m in datasets.meetings() if m.code == "IMM4")
    agreed = _draft().decide(Decision(status="agreed", meeting="SOM15", date=dt.date(2018, 11, 20)))
    adopted = agreed.decide(Decision.at(imm4, status="adopted"))
    assert adopted.status is PlanStatus.ADOPTED
    assert adopted.adopted == dt.date(2015, 4, 30)
    assert [d.meeting for d in adopted.decisions] == ["SOM15", "IMM4"]
    with pytest.raises(ValidationError, match=r"Plan.status"):
        adopted.decide(Decision(status="draft"))
    with pytest.raises(ValidationError, match="already agreed"):
        agreed.decide(Decision(status="agreed"))
    assert agreed.decide(Decision(status="draft")).status is PlanStatus.DRAFT  # reopened
    with pytest.raises(InvalidTypeError, match=r"Decision.at"):
        Decision.at("IMM4", status="adopted")
    with pytest.raises(ValidationError, match=r"Plan.status"):
        Plan(code="P", title="P", period="2019", status="final")


def test_status_and_log_round_trip_through_json() -> None:
    plan = _second(_draft()).decide(Decision(subject="5.4.1.1", proposed_by="Lao PDR"))
    assert io.loads(io.dumps(plan), Plan) == plan


def test_the_command_prints_the_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    io.dump(_draft(), tmp_path / "a.json")
    io.dump(_second(_draft()), tmp_path / "b.json")
    assert main(["diff", str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "- objective 5.4.1.1 added: Referral guidelines agreed",
        "- target 5.4.1.khm changed: value 500 -> 600",
        "- target 5.4.1.lao removed: trained, LAO",
    ]
    out = tmp_path / "d.json"
    args = ["diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--format", "json"]
    assert main([*args, "-o", str(out)]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["changes"]) == 3
    assert main(["diff", str(tmp_path / "a.json"), str(tmp_path / "none.json")]) == 2


def test_a_status_move_is_a_change_of_the_plan_with_its_decision_and_old_entries_stay_out() -> None:
    first = _draft().decide(Decision(subject="5.4.1.tha", proposed_by="Thailand"))
    agreed = first.decide(Decision(status="agreed", meeting="SOM15"))
    [change] = diff(first, agreed)
    assert change.line() == "plan SPA V changed: status draft -> agreed [agreed at SOM15]"
    raised = agreed.update_target("5.4.1.tha", value=250)
    [change] = diff(agreed, raised)
    assert change.decisions == ()  # Thailand's proposal was logged before this draft


@settings(max_examples=20, deadline=None)
@given(drafted_plans())
def test_a_plan_compared_with_itself_has_no_changes(plan: Plan) -> None:
    assert diff(plan, plan).changes == ()


@settings(max_examples=20, deadline=None)
@given(drafted_plans(), drafted_plans())
def test_diff_backwards_swaps_added_and_removed(a: Plan, b: Plan) -> None:
    forth, back = diff(a, b), diff(b, a)
    count = collections.Counter
    assert count((c.what, c.id) for c in forth.of("added")) == count(
        (c.what, c.id) for c in back.of("removed")
    )
    assert len(forth.of("changed")) == len(back.of("changed"))


@settings(max_examples=20, deadline=None)
@given(drafted_plans())
def test_drafted_plans_round_trip_through_json(plan: Plan) -> None:
    assert io.loads(io.dumps(plan), Plan) == plan


@settings(max_examples=20, deadline=None)
@given(plan_diffs())
def test_every_diff_is_json_ready(changes: PlanDiff) -> None:
    data = changes.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert len(data["changes"]) == len(changes)  # type: ignore[arg-type]


def test_commitments_added_and_changed_are_listed() -> None:
    first = attrs.evolve(_draft(), commitments=(cm.Commitment(article=1, section="III"),))
    second = attrs.evolve(
        first,
        commitments=(
            cm.Commitment(article=1, section="III", summary="victims identified"),
            cm.Commitment(article=2),
        ),
    )
    assert [c.line() for c in diff(first, second)] == [
        "commitment article-1 changed: summary not set -> victims identified",
        "commitment article-2 added: article 2",
    ]
