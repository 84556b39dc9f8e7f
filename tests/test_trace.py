"""trace(): one indicator through SPA III, SPA IV and a new plan, with the figures that became baselines."""

from __future__ import annotations

import attrs
import pytest

import commit_mef as cm
from commit_mef import datasets
from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.plans import Area, Objective


def _plans() -> tuple[cm.Plan, cm.Plan, cm.ObservationTable]:
    report = datasets.spa3_report()
    trained = report.indicator("training.people_trained")
    spa3 = attrs.evolve(report.plan, indicators=(trained,))
    lao = [
        o
        for o in report.observations_of("training.people_trained")
        if isinstance(o.country, cm.Country) and o.country.alpha_3 == "LAO"
    ]
    baseline = cm.Baseline(
        value=lao[0].value, period=lao[0].period, observations=tuple(o.id for o in lao[:1] if o.id)
    )
    renamed = attrs.evolve(trained, name="Officials trained", means_of_verification=("NTF report",))
    spa4 = cm.Plan(
        code="SPA IV",
        title="IV",
        period="2015-2018",
        indicators=(renamed,),
        areas=(
            Area(
                number=4,
                title="Protection",
                objectives=(
                    Objective(
                        id="4.1",
                        title="Identified",
                        targets=(
                            cm.Target(
                                id="4.1.a",
                                indicator="training.people_trained",
                                value=600,
                                period="2015-2018",
                                countries="LAO",
                                baseline=baseline,
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    return spa3, spa4, report.observations


def test_which_spa3_results_became_spa4_baselines() -> None:
    spa3, spa4, figures = _plans()
    result = cm.trace("training.people_trained", spa3, spa4, figures=figures)
    first, second = result.steps
    assert first.indicator is not None
    assert first.same_definition is None
    assert len(first.figures) == len(
        [o for o in figures.filter(indicator="training.people_trained") if o.id]
    )
    assert second.same_definition is True  # renamed, same definition
    assert [t.id for t in second.targets] == ["4.1.a"]
    cited = second.baselines_from
    assert len(cited) == 1
    assert result.became_baselines() == (("SPA III", cited[0]),)
    assert "same definition; targets 4.1.a; no figures; baselines from" in result.render()


def test_a_changed_definition_and_an_absent_one_are_said() -> None:
    spa3, spa4, _ = _plans()
    changed = attrs.evolve(spa4, indicators=(attrs.evolve(spa4.indicators[0], version="2015"),))
    spa5 = cm.Plan(code="SPA V", title="V", period="2019-2023")
    steps = cm.trace("training.people_trained", spa3, changed, spa5).steps
    assert [s.same_definition for s in steps] == [None, False, None]
    assert steps[2].line() == "SPA V 2019-2023: not defined; no targets; no figures"
    assert steps[1].figures == ()


def test_bad_arguments_raise_the_package_errors() -> None:
    spa3, _, _ = _plans()
    with pytest.raises(ValidationError, match=r"trace.indicator"):
        cm.trace("", spa3)
    with pytest.raises(InvalidTypeError, match="plan 1"):
        cm.trace("x", "SPA III")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="figures"):
        cm.trace("x", spa3, figures=[])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"render.format"):
        cm.trace("x", spa3).render("html")  # type: ignore[arg-type]
