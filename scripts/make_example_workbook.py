"""Generate examples/data/my_spa4_plan.json and the filled workbook examples/data/spa4-figures-2015.xlsx.

The plan is a user's own SPA IV plan: the protection area as shipped (its outcomes and outputs
come from the public record) with indicators and targets that are ILLUSTRATIVE, as are the
2015 figures typed into the template. The workbook is the plan's reporting template, filled
through openpyxl the way a task-force officer fills it in Excel: looking up each row by its
indicator, country and period, typing "1,200" as text, "Yes" for a milestone, a date reached,
and leaving unknown figures blank.

Run it with ``python scripts/make_example_workbook.py`` after changing the template layout,
and commit both files.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import attrs
import openpyxl

import commit_mef as cm
from commit_mef import datasets, io

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "data"
PLAN = DATA / "my_spa4_plan.json"
WORKBOOK = DATA / "spa4-figures-2015.xlsx"
NOTE = "illustrative figure for the example, not a reported one"
YEARS = "2015-2018"


def my_plan() -> cm.Plan:
    """SPA IV's protection area (as shipped) with illustrative indicators and targets."""
    shipped = datasets.plan("SPA IV")
    plan = attrs.evolve(shipped, areas=(shipped.area(4),))
    for indicator in (
        cm.Indicator(
            id="vid.trained",
            name="Front-line officials trained in victim identification",
            kind="count",
            unit="person",
            dimensions=(cm.indicators.SEX,),
        ),
        cm.Indicator(
            id="nrm.operational", name="National referral mechanism operational", kind="milestone"
        ),
        cm.Indicator(
            id="shelter.budget", name="Budget for shelters", kind="money", unit="currency"
        ),
        cm.Indicator(id="victims.assisted", name="Victims assisted", kind="count", unit="person"),
    ):
        plan = plan.add_indicator(indicator)
    targets = {
        "spa4.4.1.1": cm.Target(
            id="4.1.1.a",
            indicator="vid.trained",
            value=1000,
            period=YEARS,
            countries=("KHM", "LAO", "VNM"),
            description="1,000 officials trained in each country (illustrative)",
        ),
        "spa4.4.2.1": cm.Target(
            id="4.2.1.a",
            indicator="nrm.operational",
            value=True,
            deadline=dt.date(2018, 12, 31),
            countries=("KHM", "LAO", "VNM"),
            description="A referral mechanism in each country (illustrative)",
        ),
        "spa4.4.2.2": cm.Target(
            id="4.2.2.a",
            indicator="victims.assisted",
            value=2000,
            period=YEARS,
            level="regional",
            countries=("KHM", "LAO", "VNM"),
            description="2,000 victims assisted in the three countries (illustrative)",
        ),
    }
    for objective, target in targets.items():
        plan = plan.add_target(objective, target)
    return plan.add_target(
        "spa4.4.2.2",
        cm.Target(
            id="4.2.2.b",
            indicator="shelter.budget",
            value=cm.Money("400000", "USD"),
            period=YEARS,
            countries=("KHM", "LAO", "VNM"),
            description="US$ 400,000 for shelters in each country (illustrative)",
        ),
    )


# What a Cambodian, a Lao and a Vietnamese officer typed for 2015 (ILLUSTRATIVE):
# (indicator, country as the sheet names it, period, breakdown, column, value)
TYPED: list[tuple[str, str, str, str, str, Any]] = [
    ("vid.trained", "Cambodia", "2015", "total", "H", "1,200"),  # typed as text, with a comma
    ("vid.trained", "Cambodia", "2015", "sex: female", "H", 700),
    ("vid.trained", "Cambodia", "2015", "sex: male", "H", 500),
    ("vid.trained", "Lao PDR", "2015", "total", "H", 150),
    ("vid.trained", "Viet Nam", "2015", "total", "H", 420),
    ("nrm.operational", "Cambodia", "2015", "total", "H", "Yes"),
    ("nrm.operational", "Cambodia", "2015", "total", "I", dt.date(2015, 9, 30)),
    ("nrm.operational", "Lao PDR", "2015", "total", "H", "No"),
    ("shelter.budget", "Cambodia", "2015", "total", "H", 400_000_000),
    ("shelter.budget", "Viet Nam", "2015", "total", "H", 2_500_000_000),
    ("victims.assisted", "Cambodia", "2015", "total", "H", 310),
    ("victims.assisted", "Lao PDR", "2015", "total", "H", 95),
    # Viet Nam's victims assisted in 2015 are not known yet: left blank
]


def fill(path: Path) -> None:
    """Type the 2015 figures into the template, finding each row as a person would."""
    book = openpyxl.load_workbook(path)
    sheet = book["Area 4"]
    rows = {
        (str(r[2].value).rsplit("(", 1)[-1].rstrip(")"), r[3].value, r[4].value, r[5].value): r[
            0
        ].row
        for r in sheet.iter_rows(min_row=5)
    }
    for indicator, country, period, breakdown, letter, value in TYPED:
        row = rows[(indicator, country, period, breakdown)]
        sheet[f"{letter}{row}"] = value
        if letter == "H":
            sheet[f"J{row}"] = NOTE
    book.save(path)


def main() -> None:
    """Write the plan and the filled workbook into examples/data/."""
    DATA.mkdir(parents=True, exist_ok=True)
    plan = my_plan()
    report = cm.validate(plan)
    if not report.ok:
        sys.exit(f"the example plan does not validate:\n{report}")
    io.dump(plan, PLAN)
    io.write_template(plan, WORKBOOK, countries=("KHM", "LAO", "VNM"))
    fill(WORKBOOK)
    figures = io.read_template(WORKBOOK, plan=plan)
    print(
        f"wrote {PLAN.relative_to(ROOT)} and {WORKBOOK.relative_to(ROOT)} ({len(figures)} figures)"
    )


if __name__ == "__main__":
    main()
