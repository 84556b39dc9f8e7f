"""Detected victims per 100,000 population (SDG 16.2.2 style), per country and for the region.

The victim counts are MADE UP: the SPA III report gives no counts of victims identified, and the
package ships none. The population is the World Bank table shipped with commit_mef.

Run it with ``python examples/victims_per_100k.py``; it needs no network and writes no files.
"""

from __future__ import annotations

from decimal import Decimal

import commit_mef as cm
from commit_mef import datasets

YEAR = 2015
#: Made-up counts of detected victims, by country, for the example.
COUNTS = {"KHM": 100, "CHN": 1000, "LAO": 50, "MMR": 200, "THA": 300, "VNM": 400}

DETECTED = cm.Indicator(id="victims.detected", name="Victims detected", kind="count", unit="person")
POPULATION = cm.Indicator(
    id="population", name="Mid-year population", kind="count", unit="person", rule=("last", "sum")
)
RATE = cm.Indicator(
    id="victims.per_100k",
    name="Detected victims per 100,000 population",
    kind="ratio",
    unit="person",
    factor=100_000,
    numerator="victims.detected",
    denominator="population",
    references=("SDG 16.2.2",),
)


def main() -> None:
    """Print national and regional rates per 100,000 population."""
    population = datasets.population()
    codes = list(COUNTS)
    table = cm.ObservationTable.concat(
        [
            cm.ObservationTable.from_columns(
                indicator="victims.detected",
                country=codes,
                period=YEAR,
                magnitude=list(COUNTS.values()),
                unit="person",
            ),
            cm.ObservationTable.from_columns(
                indicator="population",
                country=codes,
                period=YEAR,
                basis="point",
                magnitude=[population.of(c, YEAR) for c in codes],
                unit="person",
            ),
        ]
    )
    print(f"{RATE.name}, {YEAR} (MADE-UP counts; population: {population.source})")
    national = cm.aggregate(table, RATE, by=("country",), indicators=[DETECTED, POPULATION])
    for row in national:
        print(
            f"  {row.key[0].name:9} {row.value:6.3f}   "
            f"({row.numerator:>5} victims / {row.denominator:>13,} people)"
        )
    region = cm.aggregate(table, RATE, by=(), indicators=[DETECTED, POPULATION])
    print(f"  {'region':9} {region.value():6.3f}   ({region.assumptions[0]})")
    rates = [row.value for row in national if isinstance(row.value, Decimal)]
    mean = sum(rates) / len(rates)
    print(f"  (the unweighted mean of the national rates, {mean:.3f}, is not the regional rate)")
    print(f"\nOne figure by hand: Cambodia {population.rate(COUNTS['KHM'], 'KHM', YEAR):.3f}")


if __name__ == "__main__":
    main()
