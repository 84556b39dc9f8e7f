"""Shared validators: an unknown enum value is the package's own error, naming field and choices."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import commit_mef as cm
from commit_mef.datasets import Meeting
from commit_mef.validation import Issue

CASES: list[tuple[str, Callable[[], object], str]] = [
    ("Indicator.kind", lambda: cm.Indicator(id="i", name="n", kind="weird"), "'count'"),
    (
        "Indicator.direction",
        lambda: cm.Indicator(id="i", name="n", kind="count", unit="person", direction="up"),
        "'increase'",
    ),
    ("AggregationRule.over_time", lambda: cm.AggregationRule("total", "sum"), "'sum'"),
    ("AggregationRule.across_countries", lambda: cm.AggregationRule("sum", "all"), "'sum'"),
    (
        "Observation.basis",
        lambda: cm.Observation(indicator="x", country="KHM", basis="yearly"),
        "'per-year'",
    ),
    ("Target.level", lambda: cm.Target(id="t", indicator="i", level="global"), "'regional'"),
    ("Objective.level", lambda: cm.Objective(id="o", title="t", level="impact"), "'goal'"),
    ("QualityFlag.severity", lambda: cm.QualityFlag(code="c", severity="fatal"), "'warning'"),
    ("Issue.severity", lambda: Issue(rule="r", severity="fatal", path="p", message="m"), "'error'"),
]


@pytest.mark.parametrize(("path", "build", "choice"), CASES, ids=[c[0] for c in CASES])
def test_an_unknown_enum_value_names_the_field_and_the_values_it_takes(
    path: str, build: Callable[[], object], choice: str
) -> None:
    with pytest.raises(cm.ValidationError, match="is not a") as info:
        build()
    assert info.value.path == path
    assert choice in str(info.value)


def test_members_and_their_values_are_both_accepted() -> None:
    assert cm.Indicator(id="i", name="n", kind=cm.MeasureKind.COUNT, unit="person").kind is (
        cm.Indicator(id="i", name="n", kind="count", unit="person").kind
    )


def test_a_meeting_kind_must_be_som_or_imm() -> None:
    with pytest.raises(cm.ValidationError, match="'SOM', 'IMM'"):
        Meeting(kind="AGM", number=1, period=cm.Period.year(2014), place="x", country="KHM")
