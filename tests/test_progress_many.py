"""progress_all(): many targets in one pass give exactly what each gives alone."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import ObservationTable, datasets
from commit_mef.errors import CommitMefError, InvalidTypeError, ValidationError
from commit_mef.indicators import Indicator
from commit_mef.periods import Period
from commit_mef.plans import Area, Objective, Plan, Target
from commit_mef.progress import Progress, progress, progress_all
from commit_mef.progress._many import measure_each
from commit_mef.testing import indicators, observations, targets

# Every test of the module runs twice: small tables in Python lists, then all in numpy.
pytestmark = pytest.mark.usefixtures("table_backend")

WITHIN = Period.years(2010, 2020)
KINDS = {"count": "number", "money": "money", "milestone": "bool", "qualitative": "text"}


def _alone(target: Target, table: ObservationTable, **options: Any) -> Progress | str:
    try:
        return progress(target, table, **options)
    except CommitMefError as exc:
        return f"{type(exc).__name__}: {exc}"


def _together(
    items: list[Target] | Plan, table: ObservationTable, **options: Any
) -> list[Progress | str]:
    return [
        r if isinstance(r, Progress) else f"{type(r).__name__}: {r}"
        for r in measure_each(items, table, **options)
    ]


@st.composite
def _cases(draw: st.DrawFn) -> tuple[list[Indicator], list[Target], ObservationTable]:
    """Two or three indicators, a few targets on each, and a table of their observations."""
    inds = [
        draw(indicators(id_=f"ind{i}")) for i in range(draw(st.integers(min_value=1, max_value=3)))
    ]
    items = [
        draw(targets(ind, WITHIN, id_=f"t{i}.{k}"))
        for i, ind in enumerate(inds)
        for k in range(draw(st.integers(min_value=1, max_value=3)))
    ]
    rows = [
        draw(observations(ind.id, KINDS.get(ind.kind.value, "number")))
        for ind in inds
        for _ in range(draw(st.integers(min_value=0, max_value=8)))
    ]
    return (
        inds,
        draw(st.permutations(items)),
        ObservationTable.from_rows(draw(st.permutations(rows))),
    )


@given(_cases(), st.sampled_from([None, dt.date(2014, 6, 30), dt.date(2021, 1, 1)]))
def test_one_pass_equals_each_target_alone(
    case: tuple[list[Indicator], list[Target], ObservationTable], as_of: dt.date | None
) -> None:
    """The same Progress, or the same error, target by target, in the targets' order."""
    inds, items, table = case
    by_id = {i.id: i for i in inds}
    alone = [
        _alone(t, table, as_of=as_of, indicator=by_id[t.indicator], indicators=inds) for t in items
    ]
    assert _together(items, table, as_of=as_of, indicators=inds) == alone
    if all(isinstance(r, Progress) for r in alone):
        assert list(progress_all(items, table, as_of=as_of, indicators=inds)) == alone


@given(_cases())
def test_a_plan_of_the_targets_equals_each_alone(
    case: tuple[list[Indicator], list[Target], ObservationTable],
) -> None:
    """Given a plan, its targets are measured in plan order with its indicators."""
    inds, items, table = case
    objective = Objective(id="1.1", title="Objective", targets=tuple(items))
    area = Area(number=1, title="Area", objectives=(objective,))
    plan = Plan(code="P", title="P", period=WITHIN, indicators=tuple(inds), areas=(area,))
    expected = [_alone(t, table, plan=plan, as_of=WITHIN.end) for t in plan.targets()]
    assert _together(plan, table, as_of=WITHIN.end) == expected


def _example(name: str) -> ModuleType:
    path = Path(__file__).parents[1] / "examples" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_example_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_tutorials_spa4_plan_and_its_figures() -> None:
    """The tutorial's SPA IV plan, on its illustrative 2015 figures and on SPA III's report."""
    example = _example("build_spa4")
    spa4 = example.build_spa4()
    for table in (example.year_one(), datasets.spa3_report().observations):
        for as_of in (dt.date(2015, 12, 31), None):
            expected = [_alone(t, table, plan=spa4, as_of=as_of) for t in spa4.targets()]
            assert all(isinstance(r, Progress) for r in expected)
            assert list(progress_all(spa4, table, as_of=as_of)) == expected


def test_the_spa3_reports_targets() -> None:
    """The tutorial's SPA III targets on every figure of the SPA III final report."""
    example = _example("build_spa4")
    spa3 = example.my_spa3()
    table = datasets.spa3_report().observations
    end = dt.date(2014, 12, 31)
    expected = [_alone(t, table, plan=spa3, as_of=end) for t in spa3.targets()]
    assert [p.status for p in progress_all(spa3, table, as_of=end)] == [
        p.status for p in expected if isinstance(p, Progress)
    ]
    assert list(progress_all(list(spa3.targets()), table, plan=spa3, as_of=end)) == expected


def test_bad_arguments_raise_the_packages_errors() -> None:
    """Something not a target, not a table, or two plans: each named, with the fix."""
    table = ObservationTable.empty()
    spa3 = datasets.plan("SPA III")
    with pytest.raises(InvalidTypeError, match=r"targets\[1\]"):
        progress_all([Target(id="t", indicator="x", value=1), "t2"], table)  # type: ignore[list-item]
    with pytest.raises(InvalidTypeError, match="table"):
        progress_all([], [])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="targets"):
        progress_all(3, table)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="pass the plan once"):
        progress_all(spa3, table, plan=datasets.plan("SPA II"))
    assert progress_all([], table) == ()
