"""Converting 1,000,000 amounts in six currencies over 20 years to US$ in bulk (goal <= 2x pandas).

Exact fixed point, ``RateTable.convert_fixed(cents, -2, (currency codes, categories),
(period codes, categories), places=6)`` — ``int64`` magnitudes in, each row's exact value
rounded once to 6 decimal places, ``int64`` out — against pandas doing the float
computation (look up each row's rate by (currency, year) with a merge on
``pandas.Categorical`` columns built from the very same codes and categories, then
divide), each side given the same information in the same shape, built outside the timed
part.  Everything the conversion does is timed: the result is the complete ``int64``
column.  The fixed-point results are checked against exact ``Fraction`` arithmetic on a
sample of rows, and against ``RateTable.convert`` (the same exact factor, rounded to 28
digits) on a smaller one.  pandas is a benchmark-only dependency.

Run ``python benchmarks/money_convert.py [--rows N] [--runs N]`` (defaults: 1,000,000
rows, best of 5).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from commit_mef import Money, Period
from commit_mef.rates import RateTable

CURRENCIES = ["KHR", "CNY", "LAK", "MMK", "THB", "VND"]
YEARS = list(range(2001, 2021))  # MMK has no WDI rate after 2020


def _best(run: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _divide(frame: pd.DataFrame, rate_frame: pd.DataFrame) -> Any:
    merged = frame.merge(rate_frame, on=["currency", "year"], how="left")
    return merged["amount"] / merged["per_usd"]


def _check(
    wdi: RateTable,
    result: tuple[Any, int],
    rows: tuple[Any, Any, list[int]],
    approx: Any,
    rng: random.Random,
) -> None:
    """Exit unless the fixed-point results are the exactly rounded values (on samples)."""
    fixed, exponent = result
    currency_codes, period_codes, cents = rows
    n = len(cents)
    per_usd = {
        (c, y): Fraction(wdi.rate(code, YEARS[y], allow_not_meaningful=True))
        for c, code in enumerate(CURRENCIES)
        for y in range(len(YEARS))
    }
    for i in rng.sample(range(n), min(n, 20_000)):
        key = (int(currency_codes[i]), int(period_codes[i]))
        if int(fixed[i]) != round(Fraction(cents[i], 100) / per_usd[key] * 10**6):
            raise SystemExit(f"row {i}: convert_fixed is not the exactly rounded value")
    for i in rng.sample(range(n), min(n, 2_000)):
        money = Money(Decimal(cents[i]).scaleb(-2), CURRENCIES[int(currency_codes[i])])
        one = wdi.convert(money, "USD", YEARS[int(period_codes[i])], allow_not_meaningful=True)
        if int(one.amount.scaleb(6).to_integral_value(ROUND_HALF_EVEN)) != int(fixed[i]):
            raise SystemExit(f"row {i}: convert_fixed and convert disagree")
    if exponent != -6 or not np.allclose(fixed * 1e-6, approx, rtol=1e-12, atol=1e-6):
        raise SystemExit("the fixed-point and float computations disagree")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to convert")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (the best is kept)")
    args = parser.parse_args()
    n, runs = args.rows, args.runs

    rng = random.Random(11)
    wdi = RateTable.wdi()
    periods = [Period.year(year) for year in YEARS]
    currency_codes = np.array([rng.randrange(len(CURRENCIES)) for _ in range(n)], dtype=np.uint8)
    period_codes = np.array([rng.randrange(len(YEARS)) for _ in range(n)], dtype=np.uint8)
    cents = [rng.randrange(1, 10**12) for _ in range(n)]
    magnitudes = np.array(cents, dtype=np.int64)
    rate_rows = [
        (c, y, float(wdi.rate(c, y, allow_not_meaningful=True))) for c in CURRENCIES for y in YEARS
    ]
    # dictionary-encoded columns: the same codes and categories on both sides
    coded_frame = pd.DataFrame(
        {
            "amount": np.array([c / 100 for c in cents]),
            "currency": pd.Categorical.from_codes(currency_codes, CURRENCIES),
            "year": pd.Categorical.from_codes(period_codes, YEARS),
        }
    )
    rate_frame = pd.DataFrame(rate_rows, columns=["currency", "year", "per_usd"])
    coded_rates = rate_frame.assign(
        currency=pd.Categorical(rate_frame["currency"], categories=CURRENCIES),
        year=pd.Categorical(rate_frame["year"], categories=YEARS),
    )

    def fixed_run() -> tuple[Any, int]:
        return wdi.convert_fixed(
            magnitudes,
            -2,
            (currency_codes, CURRENCIES),
            (period_codes, periods),
            places=6,
            allow_not_meaningful=True,
        )

    timings = {
        "pandas, categorical columns": _best(lambda: _divide(coded_frame, coded_rates), runs),
        "convert_fixed (int64, 6 places)": _best(fixed_run, runs),
    }
    approx = _divide(coded_frame, coded_rates).to_numpy()
    _check(wdi, fixed_run(), (currency_codes, period_codes, cents), approx, rng)

    print(f"{n:,} rows, best of {runs}")
    for name, seconds in timings.items():
        print(f"{name:<40} {seconds * 1e3:6.0f} ms")
    fixed_ratio = (
        timings["convert_fixed (int64, 6 places)"] / timings["pandas, categorical columns"]
    )
    print(f"exact fixed: convert_fixed / pandas = {fixed_ratio:.2f}x (goal <= 2x)")


if __name__ == "__main__":
    main()
