"""Validation rules added from outside: register_rule(), listed in RULES, applied by validate()."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from commit_mef import Observation, ObservationTable, ValidationError
from commit_mef.observations import ObservationTable as Table
from commit_mef.plans import Area, Plan
from commit_mef.validation import (
    RULES,
    Rule,
    check_figures,
    register_rule,
    unregister_rule,
    validate,
)

PLAN = Plan(code="P", title="T", period="2015-2018", areas=(Area(number=1, title="Area 1"),))


def untitled(plan: Plan, _figures: Table | None) -> Iterator[tuple[str, str]]:
    for i, area in enumerate(plan.areas):
        if area.title == f"Area {area.number}":
            yield f"plan.areas[{i}].title", f"area {area.number} has no title of its own"


def no_source(_plan: Plan, figures: Table | None) -> Iterator[tuple[str, str]]:
    assert figures is not None
    for i, obs in enumerate(figures):
        if obs.source is None:
            yield f"figures[{i}].source", "the figure names no source"


@pytest.fixture
def registered() -> Iterator[None]:
    register_rule(Rule("area-has-title", "warning", "Areas have titles of their own."), untitled)
    register_rule(
        Rule("figure-has-source", "info", "Figures name their source.", "figures"), no_source
    )
    yield
    unregister_rule("area-has-title")
    unregister_rule("figure-has-source")


@pytest.mark.usefixtures("registered")
def test_a_rule_added_from_outside_is_listed_and_applied() -> None:
    assert RULES["area-has-title"].summary == "Areas have titles of their own."
    report = validate(PLAN)
    assert [(i.rule, i.path, i.severity.value) for i in report] == [
        ("area-has-title", "plan.areas[0].title", "warning")
    ]
    assert report.by_rule("area-has-title") == report.issues
    figures = ObservationTable.from_rows([Observation(indicator="x", country="KHM", value=1)])
    assert [i.rule for i in check_figures(PLAN, figures, skip=["figure-unknown-indicator"])] == [
        "figure-has-source"
    ]
    assert [i.rule for i in validate(PLAN, skip=["area-has-title"])] == []


def test_after_unregistering_the_rule_is_gone() -> None:
    register_rule(Rule("area-has-title", "warning", "x"), untitled)
    unregister_rule("area-has-title")
    assert "area-has-title" not in RULES
    assert len(validate(PLAN)) == 0
    with pytest.raises(LookupError, match="no validation rule"):
        unregister_rule("area-has-title")


@pytest.mark.usefixtures("registered")
def test_no_silent_overwrite_and_built_ins_stay() -> None:
    with pytest.raises(ValidationError, match="registered already"):
        register_rule(Rule("area-has-title", "error", "other"), untitled)
    assert RULES["area-has-title"].severity.value == "warning"
    register_rule(Rule("area-has-title", "error", "other"), untitled, replace=True)
    assert RULES["area-has-title"].severity.value == "error"
    with pytest.raises(ValidationError, match="built-in"):
        register_rule(Rule("duplicate-id", "info", "mine"), untitled, replace=True)
    with pytest.raises(ValidationError, match="built-in"):
        unregister_rule("duplicate-id")


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: Rule("Not Kebab", "error", "x"), ValidationError, "kebab-case"),
        (lambda: Rule("ok-id", "fatal", "x"), ValidationError, "severity"),
        (lambda: Rule("ok-id", "error", "x", "table"), ValidationError, "'plan' nor 'figures'"),
        (lambda: register_rule("ok-id", untitled), TypeError, "takes a Rule"),  # type: ignore[arg-type]
        (lambda: register_rule(Rule("ok-id", "error", "x"), "f"), TypeError, "callable"),  # type: ignore[arg-type]
    ],
)
def test_bad_rules_are_refused(make: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        make()  # type: ignore[operator]


def test_concurrent_registration_keeps_every_rule_once() -> None:
    ids = [f"thread-rule-{n}" for n in range(40)]
    errors: list[Exception] = []

    def add(rule_id: str) -> None:
        for _ in range(2):  # the second attempt must be refused, never overwrite
            try:
                register_rule(Rule(rule_id, "info", rule_id), untitled)
            except ValidationError as exc:
                errors.append(exc)

    threads = [threading.Thread(target=add, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert [i for i in RULES if i.startswith("thread-rule-")] == ids or set(RULES) >= set(ids)
        assert len(errors) == len(ids)
    finally:
        for rule_id in ids:
            unregister_rule(rule_id)
