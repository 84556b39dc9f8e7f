"""Report on your own SPA IV plan from a filled reporting workbook, as the command line does it.

Runs exactly::

    commit-mef report --plan my_spa4_plan.json --data spa4-figures-2015.xlsx --format html -o report.html

on the plan and the filled workbook in ``examples/data/``, then reads the same workbook in
Python and prints each target's status per country. The plan's targets and the 2015 figures
are ILLUSTRATIVE (COMMIT's own SPA IV targets are not in the public record); both files are
made by ``scripts/make_example_workbook.py``.

Run it with ``python examples/report_from_workbook.py [DIRECTORY]``: the report goes to
DIRECTORY if given, else to a temporary folder that is removed at the end. No network.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import commit_mef as cm
from commit_mef import cli, io, reports

DATA = Path(__file__).resolve().parent / "data"
PLAN = DATA / "my_spa4_plan.json"
WORKBOOK = DATA / "spa4-figures-2015.xlsx"


def run_the_command(folder: Path) -> None:
    """``commit-mef report ... --format html -o report.html``, in this process."""
    output = folder / "report.html"
    args = ["report", "--plan", str(PLAN), "--data", str(WORKBOOK), "--format", "html"]
    args += ["-o", str(output)]
    shown = [a if not a.startswith("/") else Path(a).name for a in args]
    print("$ commit-mef " + " ".join(shown))
    code = cli.main(args)
    if code != 0:
        raise SystemExit(code)
    print(f"wrote {output.name} ({output.stat().st_size:,} bytes)")


def main() -> None:
    """Write the HTML report with the command line, then print the targets' statuses."""
    if len(sys.argv) > 1:
        folder = Path(sys.argv[1])
        folder.mkdir(parents=True, exist_ok=True)
        run_the_command(folder)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run_the_command(Path(tmp))

    plan = io.load(PLAN, cm.Plan)
    figures = io.read_template(WORKBOOK, plan=plan)
    print(f"\n{len(figures)} figures from {WORKBOOK.name} (ILLUSTRATIVE), {plan.code}:")
    report = reports.progress_report(plan, figures)
    for area in report.areas:
        print(area.heading)
        for row in area.targets:
            reached = f"{row.achieved} of {row.target_value}" if row.achieved else ""
            print(f"  {row.target:8} {row.country:13} {row.status:10} {reached}".rstrip())


if __name__ == "__main__":
    main()
