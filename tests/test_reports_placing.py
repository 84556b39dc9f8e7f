"""Areas through the plan: a figure reaches its area by indicator -> target -> objective -> area.

The source's area is only a fallback for report-only figures; figures that match nothing in
the plan (another plan's data, an unknown indicator) are counted and warned about, on stderr
and in the report; an area heading never repeats itself ("Area 1: Area 1").
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import datasets
from commit_mef.indicators import Indicator
from commit_mef.observations import Observation, ObservationTable
from commit_mef.plans import Area, Objective, Plan, Target
from commit_mef.reports import REPORT_SCHEMA, AreaSection, progress_report, render, render_json
from commit_mef.reports._placing import place, target_areas
from commit_mef.sources import SourceRef

TRAINED = Indicator(id="vid.trained", name="Officials trained", kind="count", unit="person")
HOTLINE = Indicator(id="hotline.open", name="Hotline open", kind="milestone")


def plan() -> Plan:
    return Plan(
        code="MY SPA IV",
        title="My plan",
        period="2015-2018",
        indicators=(TRAINED, HOTLINE),
        areas=(
            Area(number=1, title="Policy"),
            Area(
                number=4,
                title="Protection",
                objectives=(
                    Objective(
                        id="4.1",
                        title="Victims identified",
                        targets=(
                            Target(
                                id="4.1.a",
                                indicator="vid.trained",
                                value=100,
                                period="2015-2018",
                                countries=("KHM", "LAO"),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


def figure(
    indicator: str, period: int | None, area: int | None, document: str = "mine"
) -> Observation:
    value: Decimal | bool = True if indicator == "hotline.open" else Decimal(60)
    return Observation(
        indicator=indicator,
        country="KHM",
        period=period,
        value=value,
        unit="person" if value is not True else None,
        basis="total" if value is not True else "point",
        source=SourceRef(document=document, area=area),
    )


def test_a_figure_reaches_its_area_through_the_plans_target_not_its_source() -> None:
    table = ObservationTable.from_rows([figure("vid.trained", 2016, area=1)])
    report = progress_report(plan(), table, as_of=dt.date(2016, 12, 31))
    by_number = {a.number: a for a in report.areas}
    assert [f.indicator for f in by_number[4].figures] == ["vid.trained"]
    assert by_number[1].figures == ()
    assert [(t.country, t.status) for t in by_number[4].targets] == [
        ("KHM", "on track"),
        ("LAO", "no data"),
    ]
    assert report.warnings == ()


def test_a_figure_without_any_source_area_still_reaches_its_target() -> None:
    obs = Observation(
        indicator="vid.trained", country="LAO", period=2015, value=Decimal(5), unit="person"
    )
    report = progress_report(plan(), ObservationTable.from_rows([obs]))
    assert [a.number for a in report.areas if a.figures] == [4]


def test_a_report_only_figure_falls_back_on_its_source_area() -> None:
    table = ObservationTable.from_rows([figure("hotline.open", 2016, area=1)])
    report = progress_report(plan(), table)
    assert [a.number for a in report.areas if a.figures] == [1]
    assert report.warnings == ()


def test_another_plans_figures_are_not_matched_by_area_number_and_are_warned_about() -> None:
    spa3 = datasets.spa3_report()
    report = progress_report(datasets.plan("SPA IV"), spa3.observations, indicators=spa3.indicators)
    (area4, outside) = report.areas
    assert area4.heading == "Area 4: Protection"
    assert area4.figures == ()
    assert outside.number is None
    assert len(outside.figures) == len(spa3.observations)
    (warning,) = report.warnings
    assert warning.startswith(f"{len(spa3.observations)} of {len(spa3.observations)} figures")
    assert "spa3-final-report" in warning
    assert "outside the plan period 2015-2018" in warning
    assert "Warning: " in render(report, "text")
    assert '<p class="warning">' in render(report, "html")
    assert "**Warning:**" in render(report, "markdown")
    data = render_json(report)
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(data)
    assert data["data"]["warnings"] == [warning]


def test_the_shipped_report_on_its_own_plan_matches_every_figure() -> None:
    spa3 = datasets.spa3_report()
    report = progress_report(spa3.plan, spa3.observations, indicators=spa3.indicators)
    assert report.warnings == ()
    assert report.figure_count == len(spa3.observations)


def test_a_few_stray_figures_are_counted_apart() -> None:
    rows = [
        figure("vid.trained", 2016, area=4),
        figure("vid.trained", 2012, area=4, document="old-report"),
        figure("unknown.indicator", 2016, area=4),
    ]
    placed = place(plan(), rows, known=())
    assert (placed.elsewhere, placed.unknown, placed.documents) == (1, 1, ("old-report",))
    assert [len(placed.areas[n]) for n in (4, None)] == [1, 2]
    (warning,) = placed.warnings(plan(), len(rows))
    assert warning.startswith("2 of 3 figures matched nothing in MY SPA IV: 1 come from old-report")
    assert "1 are of indicators that no target or indicator of the plan defines" in warning


def test_a_stock_from_before_the_plan_in_the_plans_own_report_still_counts() -> None:
    """One old figure (an office opened in 2007) among a report's figures is not 'another plan'."""
    rows = [figure("hotline.open", year, area=1) for year in (2007, 2015, 2016)]
    placed = place(plan(), rows, known=())
    assert placed.warnings(plan(), 3) == ()
    assert len(placed.areas[1]) == 3


def test_target_areas_take_the_first_area_that_measures_an_indicator() -> None:
    assert target_areas(plan()) == {"vid.trained": 4}


def test_an_area_the_plan_lacks_is_named_so_not_area_n_area_n() -> None:
    table = ObservationTable.from_rows([figure("hotline.open", 2016, area=5)])
    report = progress_report(plan(), table)
    assert [a.heading for a in report.areas if a.figures] == ["Area 5: not an area of MY SPA IV"]


@given(st.integers(min_value=0, max_value=99), st.sampled_from(["", " ", "Area {n}", "AREA {n} "]))
def test_a_heading_never_repeats_the_area_number(number: int, title: str) -> None:
    heading = AreaSection(number=number, title=title.format(n=number)).heading
    assert heading == f"Area {number}"


def test_national_targets_get_a_row_per_country() -> None:
    table = ObservationTable.from_rows([figure("vid.trained", 2016, area=None)])
    report = progress_report(plan(), table, as_of=dt.date(2018, 12, 31))
    rows = [(t.target, t.country, t.status) for a in report.areas for t in a.targets]
    assert rows == [("4.1.a", "KHM", "off track"), ("4.1.a", "LAO", "no data")]


def test_the_cli_warns_on_stderr_when_figures_match_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "commit_mef", "report", "--plan", "SPA IV"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr.startswith(
        "commit-mef: warning: 164 of 164 figures matched nothing in SPA IV"
    )
    assert "Warning: 164 of 164 figures" in result.stdout
