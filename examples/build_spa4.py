"""Build SPA IV on SPA III: the tutorial "Build SPA IV on SPA III" as one script.

Loads SPA III and its final report, measures two targets of your own against the report,
carries the unmet one into SPA IV (2015-2018), adds SPA IV's protection area with indicators,
baselines from SPA III's figures and targets, validates the plan, saves it as JSON, records a
year of figures and writes the progress report as HTML.

The targets, their values and deadlines, and the 2015 figures are ILLUSTRATIVE: COMMIT's own
targets for SPA III and SPA IV are not in the public record.

Run it with ``python examples/build_spa4.py [DIRECTORY]``: the plan and the report go to
DIRECTORY if given, else to a temporary folder that is removed at the end. No network.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import attrs

import commit_mef as cm
from commit_mef import datasets, io, reports
from commit_mef.progress import progress
from commit_mef.validation import FRAMEWORK_RULES

ILLUSTRATIVE = cm.QualityFlag(
    code="illustrative", severity="info", note="made up for the example; not a reported figure"
)


def my_spa3() -> cm.Plan:
    """SPA III as shipped, with two targets of your own (illustrative)."""
    report = datasets.spa3_report()
    end_2014 = dt.date(2014, 12, 31)
    plan = attrs.evolve(
        report.plan,
        indicators=(report.indicator("npa.adopted"), report.indicator("hotline.languages")),
    )
    plan = plan.add_target(
        "spa3.1.1",
        cm.Target(
            id="my.npa",
            indicator="npa.adopted",
            value=True,
            deadline=end_2014,
            level="regional",
            countries=cm.GMS,
            description="Every member adopts an NPA (illustrative)",
        ),
    )
    return plan.add_target(
        "spa3.3.3",
        cm.Target(
            id="my.hotline",
            indicator="hotline.languages",
            value=7,
            deadline=end_2014,
            countries="THA",
            description="Thailand's hotline serves 7 languages (illustrative)",
        ),
    )


def build_spa4() -> cm.Plan:
    """SPA IV: the unmet SPA III target, the protection area, indicators and targets."""
    report = datasets.spa3_report()
    by_id = {obs.id: obs for obs in report}
    spa3 = my_spa3()
    results = [
        progress(t, report.observations, plan=spa3, as_of=dt.date(2014, 12, 31))
        for t in spa3.targets()
    ]
    for p in results:
        print(f"SPA III target {p.target}: {p.status.value} ({p.achieved} of {p.goal})")

    start = spa3.successor(
        code="SPA IV",
        title="COMMIT Sub-Regional Plan of Action IV",
        period="2015-2018",
        keep="indicators",
    )
    carried = cm.carry_over(spa3, results, into=start)
    hotline = carried.target("my.hotline")
    if hotline.baseline is not None:
        # carry_over set the baseline to what was achieved; record where that figure comes from.
        source = by_id["THA.3.hotline.languages"].source
        moved = attrs.evolve(hotline.baseline, source=source)
        hotline = attrs.evolve(hotline, baseline=moved)
        print(f"carried over: {hotline.id}, baseline {moved.value}")

    spa4 = attrs.evolve(carried, areas=(datasets.plan("SPA IV").area(4),))
    for indicator in (
        cm.Indicator(
            id="vid.trained",
            name="Front-line officials trained in victim identification",
            kind="count",
            unit="person",
            means_of_verification=("national COMMIT task force annual report",),
        ),
        cm.Indicator(
            id="vsp.trained", name="Victim service providers trained", kind="count", unit="person"
        ),
        cm.Indicator(
            id="id-procedures.agreed",
            name="Regional identification procedures agreed",
            kind="milestone",
        ),
        cm.Indicator(
            id="nrm.operational", name="National referral mechanism operational", kind="milestone"
        ),
        cm.Indicator(
            id="victims.identified", name="Victims identified", kind="count", unit="person"
        ),
    ):
        spa4 = spa4.add_indicator(indicator)

    def baseline(obs_id: str) -> cm.Baseline:
        obs = by_id[obs_id]
        return cm.Baseline(value=obs.value, period=obs.period, source=obs.source)

    plan_years = "2015-2018"
    targets = {
        "spa4.4.1": [
            cm.Target(
                id="4.1.a",
                indicator="victims.identified",
                period=plan_years,
                level="regional",
                countries=cm.GMS,
                description="Victims identified in the region (value to be set)",
            )
        ],
        "spa4.4.1.1": [
            cm.Target(
                id="4.1.1.a",
                indicator="id-procedures.agreed",
                value=True,
                deadline=dt.date(2016, 12, 31),
                level="regional",
                countries=cm.GMS,
                description="Regional procedures agreed (illustrative)",
            ),
            cm.Target(
                id="4.1.1.b",
                indicator="vid.trained",
                value=600,
                period=plan_years,
                countries="LAO",
                baseline=baseline("LAO.1.training.victim_identification"),
                description="600 more officials trained in Lao PDR (illustrative)",
            ),
        ],
        "spa4.4.2.1": [
            cm.Target(
                id="4.2.1.a",
                indicator="nrm.operational",
                value=True,
                deadline=dt.date(2018, 12, 31),
                countries=cm.GMS,
                description="A referral mechanism in every member (illustrative)",
            )
        ],
        "spa4.4.2.2": [
            cm.Target(
                id="4.2.2.a",
                indicator="vsp.trained",
                value=500,
                period=plan_years,
                countries="KHM",
                baseline=baseline("KHM.3.training.victim_service_providers"),
                description="500 more service providers trained in Cambodia (illustrative)",
            ),
            hotline,
        ],
    }
    for objective_id, objective_targets in targets.items():
        for target in objective_targets:
            spa4 = spa4.add_target(objective_id, target)
    return schedule(spa4)


def schedule(spa4: cm.Plan) -> cm.Plan:
    """Interim targets for the two training targets, and the activities that serve them."""

    def by_year(*values: int) -> tuple[cm.InterimTarget, ...]:
        return tuple(cm.InterimTarget(period=str(2015 + i), value=v) for i, v in enumerate(values))

    spa4 = spa4.update_target("4.1.1.b", timeline=by_year(100, 250, 450, 600))
    spa4 = spa4.update_target("4.2.2.a", timeline=by_year(75, 200, 350, 500))
    activities = {
        "spa4.4.1.1": [
            cm.Activity(
                id="w1",
                title="Training of trainers on victim identification, Lao PDR",
                period="2015-03-01/2015-06-30",
                started=dt.date(2015, 4, 6),
                finished=dt.date(2015, 5, 29),
                countries="LAO",
                targets=("4.1.1.b",),
            ),
            cm.Activity(
                id="w2",
                title="Regional workshop on identification procedures",
                period="2016-07-01/2016-09-30",
                targets=("4.1.1.a",),
            ),
        ],
        "spa4.4.2.2": [
            cm.Activity(
                id="w3",
                title="Service-provider training, Cambodia",
                period="2015-07-01/2015-12-31",
                started=dt.date(2015, 10, 5),
                countries="KHM",
                targets=("4.2.2.a",),
            )
        ],
    }
    for objective_id, objective_activities in activities.items():
        for activity in objective_activities:
            spa4 = spa4.add_activity(objective_id, activity)
    return spa4


def year_one() -> cm.ObservationTable:
    """Made-up 2015 figures, each flagged as illustrative."""
    source = cm.SourceRef(document="example: illustrative 2015 figures", area=4)

    def figure(
        indicator: str,
        country: str,
        value: Decimal | bool,
        unit: str | None = None,
        basis: str = "total",
    ) -> cm.Observation:
        return cm.Observation(
            indicator=indicator,
            country=country,
            period=2015,
            value=value,
            unit=unit,
            basis=basis,
            source=source,
            flags=(ILLUSTRATIVE,),
        )

    return cm.ObservationTable.from_rows(
        [
            figure("vid.trained", "LAO", Decimal(150), unit="person"),
            figure("vsp.trained", "KHM", Decimal(90), unit="person"),
            figure("hotline.languages", "THA", Decimal(6), unit="language", basis="point"),
            figure("nrm.operational", "KHM", True, basis="point"),
        ]
    )


def write(spa4: cm.Plan, figures: cm.ObservationTable, folder: Path) -> None:
    """Save the plan and the progress report into ``folder``."""
    plan_file = folder / "spa4.json"
    io.dump(spa4, plan_file)
    if io.load(plan_file, cm.Plan) != spa4:
        raise RuntimeError("the plan did not read back as it was written")
    print(f"saved the plan: {plan_file.name} ({plan_file.stat().st_size:,} bytes)")

    report = reports.progress_report(
        spa4,
        figures,
        as_of=dt.date(2015, 12, 31),
        title="SPA IV progress report, 2015 (illustrative figures)",
    )
    page = folder / "spa4-2015.html"
    page.write_text(reports.render_html(report, charts=False), encoding="utf-8")
    print(f"wrote the progress report: {page.name} ({page.stat().st_size:,} bytes)")
    chart = reports.plan_timeline(spa4, figures, as_of=dt.date(2015, 12, 31))
    drawing = folder / "spa4-timeline.svg"
    drawing.write_bytes(reports.draw_timeline(chart))
    print(f"drew the timeline: {drawing.name} ({len(chart.lanes)} lanes)")


def main() -> None:
    """Build, validate, save and report on SPA IV."""
    spa4 = build_spa4()
    checked = cm.validate(spa4)
    # the framework-completeness warnings say what the framework still lacks (baselines,
    # commitments); the rest are the plan's own notes
    missing = [issue for issue in checked if issue.rule in FRAMEWORK_RULES]
    print(
        f"validation: {'ok' if checked.ok else 'ERRORS'}, {len(checked) - len(missing)} note(s), "
        f"{len(missing)} framework warning(s)"
    )
    for issue in checked:
        if issue.rule not in FRAMEWORK_RULES:
            print(f"  {issue}")

    figures = year_one()
    print("\nProgress at the end of 2015 (illustrative figures):")
    for target in spa4.targets():
        p = progress(target, figures, plan=spa4, as_of=dt.date(2015, 12, 31))
        ratio = "" if p.ratio is None else f" ({p.ratio:.0%} of the way"
        if ratio and p.basis is not None:
            ratio += f", paced by the {p.basis.value}"
        print(f"  {target.id:10} {p.status.value}{ratio}{')' if ratio else ''}")

    print()
    if len(sys.argv) > 1:
        folder = Path(sys.argv[1])
        folder.mkdir(parents=True, exist_ok=True)
        write(spa4, figures, folder)
        print(f"files are in {folder}")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            write(spa4, figures, Path(tmp))
        print("(written to a temporary folder, now removed; pass a directory to keep them)")


if __name__ == "__main__":
    main()
