"""Timelines and trajectories: built from a plan or the shipped process, drawn as SVG or PNG."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from commit_mef import datasets, io
from commit_mef.cli import main
from commit_mef.errors import ValidationError
from commit_mef.indicators import Indicator
from commit_mef.observations import Observation, ObservationTable
from commit_mef.periods import Period
from commit_mef.plans import Activity, Area, InterimTarget, Objective, Plan, Target
from commit_mef.reports import (
    TargetRow,
    TimelineBar,
    TimelineChart,
    TimelineMark,
    draw_timeline,
    draw_trajectory,
    plan_timeline,
    process_timeline,
    progress_report,
    render_html,
    render_json,
)
from commit_mef.testing import plans, target_rows, timeline_charts

D = dt.date
SVG = "{http://www.w3.org/2000/svg}"
TRAINED = Indicator(id="trained", name="Trained", kind="count", unit="person")
NRM = Indicator(id="nrm", name="Referral mechanism", kind="milestone")


def plan() -> Plan:
    trained = Target(
        id="4.1.a",
        indicator="trained",
        value=800,
        period="2016-2018",
        countries=("LAO", "KHM"),
        description="Officials trained",
        timeline=(
            InterimTarget(period="2016", value=200),
            InterimTarget(period="2017", value=500),
            InterimTarget(period="2018", value=800),
        ),
    )
    nrm = Target(
        id="4.2.a", indicator="nrm", value=True, deadline=D(2018, 12, 31), countries=("KHM", "LAO")
    )
    acts = (
        Activity(
            id="w1",
            title="Workshop",
            period="2016-07-01/2016-09-30",
            started=D(2016, 9, 12),
            finished=D(2017, 2, 3),
        ),
        Activity(id="w2", title="Training", period="2017", started=D(2017, 3, 1)),
        Activity(id="w3", title="Study tour", period="2018", status="dropped"),
    )
    return Plan(
        code="SPA X",
        title="A plan",
        period="2015-2017",
        extension="2018",
        indicators=(TRAINED, NRM),
        areas=(
            Area(
                number=4,
                title="Protection",
                objectives=(
                    Objective(id="4.1", title="O", targets=(trained, nrm), activities=acts),
                ),
            ),
        ),
    )


def figures() -> ObservationTable:
    source = __import__("commit_mef").SourceRef(document="test", area=4)
    return ObservationTable.from_rows(
        [
            Observation(
                indicator="trained",
                country="LAO",
                period=2016,
                value=Decimal(250),
                unit="person",
                source=source,
            ),
            Observation(
                indicator="trained",
                country="KHM",
                period=2016,
                value=Decimal(150),
                unit="person",
                source=source,
            ),
            Observation(
                indicator="trained",
                country="LAO",
                period=2017,
                value=Decimal(200),
                unit="person",
                source=source,
            ),
            Observation(
                indicator="nrm",
                country="KHM",
                period="2017-05-01",
                value=True,
                basis="point",
                source=source,
            ),
        ]
    )


def test_a_plan_timeline_has_the_period_extension_targets_and_activities() -> None:
    chart = plan_timeline(plan())
    lanes = {lane.label.split(":")[0]: lane for lane in chart.lanes}
    assert [b.kind for b in lanes["SPA X"].bars] == ["plan", "extension"]
    assert [(m.kind, m.day) for m in lanes["4.1.a"].marks] == [
        ("interim", D(2016, 12, 31)),
        ("interim", D(2017, 12, 31)),
        ("deadline", D(2018, 12, 31)),
        ("interim", D(2018, 12, 31)),
    ]
    assert [(b.kind, b.start, b.end) for b in lanes["w1"].bars] == [
        ("planned", D(2016, 7, 1), D(2016, 9, 30)),
        ("actual", D(2016, 9, 12), D(2017, 2, 3)),
    ]
    # under way runs to its planned end without a day measured, else to that day
    assert [(b.kind, b.end) for b in lanes["w2"].bars][1] == ("under way", D(2017, 12, 31))
    measured = plan_timeline(plan(), as_of=D(2018, 3, 1))
    w2 = next(lane for lane in measured.lanes if lane.label.startswith("w2"))
    assert (w2.bars[1].kind, w2.bars[1].end) == ("under way", D(2018, 3, 1))
    # dropped has no actual bar
    assert [b.kind for b in lanes["w3"].bars] == ["planned"]
    assert chart.span == Period.years(2015, 2018)


def test_with_figures_the_timeline_marks_what_was_reached_and_missed() -> None:
    chart = plan_timeline(plan(), figures(), as_of=D(2017, 12, 31))
    lanes = {lane.label.split(":")[0]: lane for lane in chart.lanes}
    trained = [
        (m.kind, m.day, m.label.split(":")[0])
        for m in lanes["4.1.a"].marks
        if m.kind in ("reached", "missed")
    ]
    # per country: LAO 250 >= 200 by 2016, 450 < 500 by 2017; KHM 150 < 200, 150 < 500
    assert sorted(trained) == [
        ("missed", D(2016, 12, 31), "KHM"),
        ("missed", D(2017, 12, 31), "KHM"),
        ("missed", D(2017, 12, 31), "LAO"),
        ("reached", D(2016, 12, 31), "LAO"),
    ]
    nrm = [(m.kind, m.day) for m in lanes["4.2.a"].marks if m.kind == "reached"]
    assert nrm == [("reached", D(2017, 5, 1))]


def test_the_process_timeline_comes_from_the_shipped_plans_and_meetings() -> None:
    chart = process_timeline()
    plans_ = {lane.label.split(":")[0]: lane for lane in chart.lanes if lane.group == "Plans"}
    for code in ("SPA I", "SPA II", "SPA III", "SPA IV"):
        shipped = datasets.plan(code)
        assert (plans_[code].bars[0].start, plans_[code].bars[0].end) == (
            shipped.period.start,
            shipped.period.end,
        )
    assert [b.kind for b in plans_["SPA III"].bars] == ["plan", "extension"]
    meetings = datasets.meetings()
    marks = [m for lane in chart.lanes if lane.group == "Meetings" for m in lane.marks]
    assert sorted(m.day for m in marks) == sorted(m.period.start for m in meetings)
    assert {m.kind for m in marks} == {"SOM", "IMM"}


def parse(svg: bytes) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_the_svg_is_deterministic_well_formed_and_labels_every_bar_and_mark() -> None:
    chart = plan_timeline(plan(), figures(), as_of=D(2017, 12, 31))
    first, again = draw_timeline(chart), draw_timeline(chart)
    assert first == again
    root = parse(first)
    titles = [t.text for t in root.iter(f"{SVG}title")]
    for lane in chart.lanes:
        for label in [b.label for b in lane.bars] + [m.label for m in lane.marks]:
            assert label in titles
    assert b"http" not in first.replace(b"http://www.w3.org/2000/svg", b"")


def test_bars_and_marks_refuse_unknown_kinds_and_reversed_dates() -> None:
    with pytest.raises(ValidationError, match="use one of") as info:
        TimelineMark(day=D(2016, 1, 1), kind="meeting")
    assert info.value.path == "TimelineMark.kind"
    with pytest.raises(ValidationError, match="swap"):
        TimelineBar(start=D(2017, 1, 1), end=D(2016, 1, 1), kind="plan")
    with pytest.raises(ValidationError, match="'svg' or 'png'"):
        draw_timeline(process_timeline(), fmt="pdf")


def test_png_paints_the_same_layout() -> None:
    pytest.importorskip("matplotlib")
    data = draw_timeline(plan_timeline(plan()), fmt="png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data == draw_timeline(plan_timeline(plan()), fmt="png")


@settings(max_examples=25)
@given(timeline_charts())
def test_any_timeline_draws_as_well_formed_svg_with_one_lane_label_each(
    chart: TimelineChart,
) -> None:
    root = parse(draw_timeline(chart))
    texts = list(root.iter(f"{SVG}text"))
    labels = [t.find(f"{SVG}title") for t in texts]
    assert sum(1 for t in labels if t is not None) == len(chart.lanes)


@settings(max_examples=15)
@given(plans(max_areas=2, max_objectives=2))
def test_any_generated_plan_has_a_lane_per_dated_target_and_activity(p: Plan) -> None:
    chart = plan_timeline(p)
    dated = [t for t in p.targets() if t.due is not None or t.timeline]
    acts = [a for o in p.objectives() for a in o.activities]
    assert len(chart.lanes) == 1 + len(dated) + len(acts)
    parse(draw_timeline(chart))


def test_a_trajectory_draws_interim_targets_and_achieved_per_country() -> None:
    report = progress_report(plan(), figures(), as_of=D(2017, 12, 31))
    # a national target has a row per country, each drawing that country's trajectory
    rows = {r.country: r for r in report.areas[0].targets if r.target == "4.1.a"}
    assert set(rows) == {"LAO", "KHM"}
    row = rows["LAO"]
    assert row.basis == "timeline"
    got = [(p.country, p.period, p.target, p.achieved, p.complete) for p in row.trajectory]
    assert got == [
        ("LAO", "2016", Decimal(200), Decimal(250), True),
        ("LAO", "2017", Decimal(500), Decimal(450), True),
        ("LAO", "2018", Decimal(800), None, False),
    ]
    assert {p.country for p in rows["KHM"].trajectory} == {"KHM"}
    root = parse(draw_trajectory(row))
    assert len(list(root.iter(f"{SVG}circle"))) == 3  # one per interim period
    assert len(list(root.iter(f"{SVG}rect"))) == 2  # LAO 2016, 2017
    with pytest.raises(ValidationError, match=r"Target\.timeline"):
        draw_trajectory(TargetRow(target="x"))


@settings(max_examples=20)
@given(target_rows().filter(lambda r: bool(r.trajectory)))
def test_any_trajectory_draws(row: TargetRow) -> None:
    root = parse(draw_trajectory(row))
    assert len(list(root.iter(f"{SVG}circle"))) == len({p.period for p in row.trajectory})


def test_the_html_report_shows_trajectories_and_the_timeline_without_matplotlib() -> None:
    report = progress_report(plan(), figures(), as_of=D(2017, 12, 31))
    assert report.areas[0].timeline is not None
    html = render_html(report, charts=False)
    assert 'id="trajectory-4.1.a"' in html
    assert 'id="timeline-4"' in html
    assert '<th scope="col">paced by</th>' in html
    data = render_json(report)
    target = data["data"]["areas"][0]["targets"][0]
    assert (target["basis"], target["trajectory"][0]["target"]) == ("timeline", "200")


def test_cli_timeline_of_a_plan_file_with_figures(tmp_path: Path) -> None:
    io.dump(plan(), tmp_path / "plan.json")
    io.dump(figures(), tmp_path / "figures.json")
    out = tmp_path / "timeline.svg"
    code = main(
        [
            "timeline",
            "--plan",
            str(tmp_path / "plan.json"),
            "--data",
            str(tmp_path / "figures.json"),
            "--as-of",
            "2017-12-31",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    expected = draw_timeline(plan_timeline(plan(), figures(), as_of=D(2017, 12, 31)))
    assert out.read_bytes() == expected


def test_cli_timeline_defaults_to_the_commit_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline"]) == 0
    assert capsys.readouterr().out.encode("utf-8") == draw_timeline(process_timeline())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "--data", "x.json"], "--data needs --plan"),
        (["timeline", "--format", "png"], "needs a file"),
        (["timeline", "--plan", "SPA IV", "--as-of", "soon"], "not a date"),
    ],
)
def test_cli_timeline_refuses_bad_usage(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_cli_timeline_png_from_the_extension(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "process.png"
    assert main(["timeline", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_shipped_plans_keep_empty_timelines() -> None:
    for code in ("SPA I", "SPA II", "SPA III", "SPA IV"):
        shipped = datasets.plan(code)
        assert all(t.timeline == () for t in shipped.targets())
        assert all(
            a.started is None and a.finished is None
            for o in shipped.objectives()
            for a in o.activities
        )


def test_text_and_markdown_say_the_pace_and_list_the_trajectory() -> None:
    from commit_mef.reports import render_markdown, render_text

    report = progress_report(plan(), figures(), as_of=D(2017, 12, 31))
    text, markdown = render_text(report), render_markdown(report)
    for rendered in (text, markdown):
        assert "paced by" in rendered
        assert "LAO: by 2016: 200 (achieved 250); by 2017: 500 (achieved 450)" in rendered.replace(
            "\n    ", " "
        )
    assert max(len(line) for line in text.splitlines()) <= 100
