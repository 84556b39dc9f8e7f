"""What the SPA III final report says was achieved, from the data shipped with commit_mef.

Prints the plan, how many countries adopted a national plan of action, the people trained per
country (totals only, without figures that are part of others), the budgets per country in US$
at World Bank rates, and the report's data-quality flags.

Run it with ``python examples/spa3_summary.py``; it needs no network and writes no files.
"""

from __future__ import annotations

from collections import Counter

import commit_mef as cm
from commit_mef import datasets


def main() -> None:
    """Print a summary of the SPA III final report."""
    report = datasets.spa3_report()
    plan = report.plan
    print(f"{plan.code}: {plan.title} ({plan.effective_period})")
    print(f"{len(report.observations)} figures on {len(report.indicators)} indicators")

    npa = report.indicator("npa.adopted")
    adopted = cm.aggregate(report.observations_of("npa.adopted"), npa, by=())
    print(f"Countries that adopted a national plan of action: {adopted.value()} of {len(cm.GMS)}")

    print("\nPeople trained, 2011-2014 (totals; figures inside others left out):")
    trained = report.observations_of("training.people_trained").filter(
        predicate=lambda o: o.basis is cm.Basis.TOTAL and o.subset_of is None
    )
    result = cm.aggregate(trained, report.indicator("training.people_trained"), by=("country",))
    for row in result:
        print(f"  {row.key[0]!s:10} {row.value:>7,}")
    print("  (some may overlap: see the figures flagged possible-double-count)")

    print("\nBudgets in US$, over the periods the report gives (World Bank rates):")
    budgets = report.observations_of("budget.allocation").filter(
        predicate=lambda o: o.subset_of is None and o.country != cm.country("MMR")
    )
    usd = cm.aggregate(
        budgets,
        report.indicator("budget.allocation"),
        by=("country",),
        currency="USD",
        rates=datasets.rates(),
        prorate=True,
    )
    for row in usd:
        print(f"  {row.key[0]!s:10} USD {row.value:>14,.0f}")
    print("  (Myanmar left out: its 2011 rate is the pre-float official rate, not meaningful)")

    print("\nData-quality flags on the report's figures:")
    flags = Counter(flag.code for obs in report for flag in obs.flags)
    for code, count in flags.most_common():
        print(f"  {code:32} {count:>3}")


if __name__ == "__main__":
    main()
