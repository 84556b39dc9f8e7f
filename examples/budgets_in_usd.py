"""Total the SPA III budgets in US$, per country, per year and for the region.

Uses the World Bank rates shipped with commit_mef, then a table of your own in which Myanmar's
2011 kyat rate (the fixed pre-float official rate, marked not meaningful) is replaced by a
market rate. That market rate (815 kyat per US$) is ILLUSTRATIVE, not a sourced figure.

Run it with ``python examples/budgets_in_usd.py``; it needs no network and writes no files.
"""

from __future__ import annotations

import commit_mef as cm
from commit_mef import datasets


def main() -> None:
    """Print US$ totals of the SPA III budgets."""
    report = datasets.spa3_report()
    budget = report.indicator("budget.allocation")
    # Viet Nam's yearly average is part of its five-year total: keep the total only.
    budgets = report.observations_of("budget.allocation").filter(
        predicate=lambda o: o.subset_of is None
    )
    wdi = datasets.rates()
    no_mmr = budgets.filter(predicate=lambda o: o.country != cm.country("Myanmar"))

    print("SPA III budgets in US$, World Bank rates (Myanmar left out):")
    by_country = cm.aggregate(
        no_mmr, budget, by=("country",), currency="USD", rates=wdi, prorate=True
    )
    for row in by_country:
        print(f"  {row.key[0].name:9} USD {row.value:>12,.0f}")
    region = cm.aggregate(no_mmr, budget, by=(), currency="USD", rates=wdi, prorate=True)
    print(f"  {'region':9} USD {region.value():>12,.0f}")

    print("\nPer calendar year (multi-year and fiscal-year budgets split by days):")
    by_year = cm.aggregate(no_mmr, budget, by=("year",), currency="USD", rates=wdi, prorate=True)
    for row in by_year:
        print(f"  {row.key[0]}      USD {row.value:>12,.0f}")

    print("\nRates used:")
    for conversion in by_country.conversions:
        print(f"  {conversion.method}")
    print(f"  source: {'; '.join(by_country.conversions[0].sources)}")

    market = cm.ExchangeRate(
        currency="MMK",
        per_usd="815",
        period=cm.Period.year(2011),
        source="illustrative market rate (not a sourced figure)",
        vintage="example",
    )
    mine = cm.RateTable(
        r for r in wdi if not (r.currency.code == "MMK" and r.period.start.year == 2011)
    ).with_rates(market)
    with_mmr = cm.aggregate(budgets, budget, by=(), currency="USD", rates=mine, prorate=True)
    mmr = cm.aggregate(
        budgets.filter(country="MMR"), budget, by=(), currency="USD", rates=mine, prorate=True
    )
    print("\nWith your own table (ILLUSTRATIVE 2011 kyat rate of 815 per US$):")
    print(f"  Myanmar   USD {mmr.value():>12,.0f}")
    print(f"  region    USD {with_mmr.value():>12,.0f}")


if __name__ == "__main__":
    main()
