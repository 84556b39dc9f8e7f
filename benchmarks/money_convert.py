"""Converting 1,000,000 amounts in six currencies over 20 years to US$ in bulk (goal <= 2x pandas).

``RateTable.convert_columns`` (exact Decimal) against pandas doing the same float
computation: look up each row's rate by (currency, year) with a merge, then divide.
pandas is a benchmark-only dependency.
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

import pandas as pd

from commit_mef import Period
from commit_mef.money import RateTable

N = 1_000_000
CURRENCIES = ["KHR", "CNY", "LAK", "MMK", "THB", "VND"]
YEARS = list(range(2001, 2021))  # MMK has no WDI rate after 2020


def main() -> None:
    rng = random.Random(11)
    wdi = RateTable.wdi()
    periods = {year: Period.year(year) for year in YEARS}
    codes = [rng.choice(CURRENCIES) for _ in range(N)]
    years = [rng.choice(YEARS) for _ in range(N)]
    cents = [rng.randrange(1, 10**12) for _ in range(N)]
    amounts = [Decimal(c) / 100 for c in cents]
    period_column = [periods[y] for y in years]

    frame = pd.DataFrame({"amount": [c / 100 for c in cents], "currency": codes, "year": years})
    rate_frame = pd.DataFrame(
        [
            {"currency": c, "year": y, "per_usd": float(wdi.rate(c, y, allow_not_meaningful=True))}
            for c in CURRENCIES
            for y in YEARS
        ]
    )

    def with_pandas() -> pd.Series:
        merged = frame.merge(rate_frame, on=["currency", "year"], how="left")
        return merged["amount"] / merged["per_usd"]

    def with_commit_mef() -> list[Decimal]:
        return wdi.convert_columns(amounts, codes, period_column, allow_not_meaningful=True)

    timings = {}
    for name, run in (("pandas", with_pandas), ("convert_columns", with_commit_mef)):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
        timings[name] = best
    exact = with_commit_mef()
    approx = with_pandas()
    if abs(float(exact[0]) - approx.iloc[0]) > 1e-6 * abs(approx.iloc[0]):
        raise SystemExit("the two computations disagree")
    print(f"pandas float merge + divide: {timings['pandas'] * 1e3:.0f} ms")
    print(f"RateTable.convert_columns:   {timings['convert_columns'] * 1e3:.0f} ms (exact Decimal)")
    print(f"ratio: {timings['convert_columns'] / timings['pandas']:.2f}x (goal <= 2x)")


if __name__ == "__main__":
    main()
