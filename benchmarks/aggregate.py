"""Aggregation at scale: ``aggregate()`` against pandas on the same synthetic data.

Synthetic observations: 6 countries x 20 years x 4 sexes x 12 money indicators x repeated
records, each row in its country's currency or in US$ (mixed currencies), amounts with
cents.  Both sides receive the same input columns (Python lists of keys, a numpy int64
array of amounts in cents); the pandas side gets float64 amounts and category columns,
which is how a careful pandas user would hold them.

Measured, as ratios against pandas in the same run:

* build: ``ObservationTable.from_columns`` vs building the DataFrame (goal <= 1.5x);
* memory: tracemalloc peak of building the table vs ``DataFrame.memory_usage(deep=True)``
  (goal <= 1.5x);
* aggregate: for each of the 12 indicators, ``aggregate(by=("country", "year"),
  currency="USD")`` vs filter + groupby-sum + convert + groupby-sum in pandas on a
  DataFrame built beforehand (goal <= 1.0x); the results are checked to EQUAL an exact
  Decimal reference (local sums exact, each converted as an exact fraction, rounded once);
* growth: times for 10^4, 10^5 and 10^6 rows.

Run: ``python benchmarks/aggregate.py`` (``--rows N`` for a single size).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from commit_mef import GMS, ObservationTable, aggregate
from commit_mef.indicators import Dimension, Indicator
from commit_mef.observations._columns import fraction_to_decimal
from commit_mef.rates import RateTable

YEARS = list(range(2000, 2020))
SEXES = ["female", "male", "other", "unknown"]
#: The indicators are broken down by sex (each declares the dimension and its codes).
SEX = Dimension(id="sex", name="Sex", codes=SEXES)
INDICATORS = [f"budget.line{i:02d}" for i in range(12)]
COUNTRIES = [c.alpha_3 for c in GMS]
CURRENCY = {c.alpha_3: c.currency for c in GMS}


def synthetic(n: int, seed: int = 7) -> dict[str, Any]:
    """Columns of ``n`` rows: Python lists of keys and an int64 array of cents."""
    rng = np.random.default_rng(seed)
    ci = rng.integers(0, len(COUNTRIES), n)
    country = [COUNTRIES[i] for i in ci.tolist()]
    year = rng.integers(YEARS[0], YEARS[-1] + 1, n).tolist()
    sex = [SEXES[i] for i in rng.integers(0, len(SEXES), n).tolist()]
    indicator = [INDICATORS[i] for i in rng.integers(0, len(INDICATORS), n).tolist()]
    usd = rng.random(n) < 0.3
    currency = ["USD" if u else CURRENCY[c] for u, c in zip(usd.tolist(), country, strict=True)]
    cents = rng.integers(1, 10**11, n, dtype=np.int64)  # up to a billion in local units
    return {
        "recipient": _recipients(indicator, country, year, sex),
        "indicator": indicator,
        "country": country,
        "year": year,
        "sex": sex,
        "currency": currency,
        "cents": cents,
    }


def _recipients(*keys: list[Any]) -> list[str]:
    """One recipient per repeated record of a budget line: the periods of one line never overlap.

    The engine refuses two budget figures of one recipient over one period (IATI's rule), so
    the repeated records of a (indicator, country, year, sex) cell are distinct lines, as a
    ministry's offices would be.
    """
    seen: dict[tuple[Any, ...], int] = defaultdict(int)
    out = []
    for key in zip(*keys, strict=True):
        out.append(f"office {seen[key]}")
        seen[key] += 1
    return out


def build_table(cols: dict[str, Any]) -> ObservationTable:
    return ObservationTable.from_columns(
        indicator=cols["indicator"],
        country=cols["country"],
        period=cols["year"],
        magnitude=cols["cents"],
        exponent=-2,
        currency=cols["currency"],
        recipient=cols["recipient"],
        disaggregation={"sex": cols["sex"]},
    )


def build_frame(cols: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": pd.Categorical(cols["indicator"]),
            "country": pd.Categorical(cols["country"]),
            "year": np.asarray(cols["year"], dtype=np.int64),
            "sex": pd.Categorical(cols["sex"]),
            "currency": pd.Categorical(cols["currency"]),
            "recipient": pd.Categorical(cols["recipient"]),
            "amount": cols["cents"] / 100.0,
        }
    )


def rate_frame(rates: RateTable) -> pd.Series:
    index = pd.MultiIndex.from_tuples(
        [(CURRENCY[c], y) for c in COUNTRIES for y in YEARS] + [("USD", y) for y in YEARS],
        names=["currency", "year"],
    )
    values = [float(rates.rate(cur, over=y, allow_not_meaningful=True)) for cur, y in index]
    return pd.Series(values, index=index, name="rate")


def pandas_aggregate(df: pd.DataFrame, rates: pd.Series, indicator: str) -> pd.Series:
    sub = df[df["indicator"] == indicator]
    local = sub.groupby(["country", "year", "currency"], observed=True)["amount"].sum()
    frame = local.reset_index()
    frame = frame.join(rates, on=["currency", "year"])
    frame["usd"] = frame["amount"] / frame["rate"]
    return frame.groupby(["country", "year"], observed=True)["usd"].sum()


def ours(table: ObservationTable, indicators: list[Indicator], rates: RateTable) -> list[Any]:
    return [
        aggregate(
            table,
            ind,
            by=("country", "year"),
            currency="USD",
            rates=rates,
            allow_not_meaningful=True,
        )
        for ind in indicators
    ]


def reference(cols: dict[str, Any], rates: RateTable) -> dict[tuple[str, str, int], Decimal]:
    """Exact: local sums per (indicator, country, year, currency) in integers, then fractions."""
    local: dict[tuple[str, str, int, str], int] = defaultdict(int)
    for key in zip(
        cols["indicator"],
        cols["country"],
        cols["year"],
        cols["currency"],
        cols["cents"].tolist(),
        strict=True,
    ):
        local[key[:4]] += key[4]
    totals: dict[tuple[str, str, int], Fraction] = defaultdict(Fraction)
    for (ind, cty, year, cur), cents in local.items():
        rate = rates.rate(cur, over=year, allow_not_meaningful=True)
        totals[(ind, cty, year)] += Fraction(cents, 100) / Fraction(rate)
    return {k: fraction_to_decimal(v) for k, v in totals.items()}


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_bytes(fn: Callable[[], Any]) -> tuple[int, Any]:
    gc.collect()
    tracemalloc.start()
    result = fn()
    _current, peak = tracemalloc.get_traced_memory()
    current = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del peak
    return current, result


def run(n: int, *, check: bool, repeat: int) -> dict[str, float]:
    cols = synthetic(n)
    rates = RateTable.wdi()
    indicators = [
        Indicator(id=i, name=f"Budget line {i}", kind="money", unit="currency", dimensions=[SEX])
        for i in INDICATORS
    ]
    t_build = best(lambda: build_table(cols), repeat)
    t_frame = best(lambda: build_frame(cols), repeat)
    table_bytes, table = peak_bytes(lambda: build_table(cols))
    df = build_frame(cols)
    frame_bytes = int(df.memory_usage(deep=True).sum())
    rate_series = rate_frame(rates)
    ours(table, indicators, rates)  # warm the rate cache, as pandas gets its rates prebuilt
    t_ours = best(lambda: ours(table, indicators, rates), repeat)
    t_pandas = best(lambda: [pandas_aggregate(df, rate_series, i.id) for i in indicators], repeat)
    if check:
        expected = reference(cols, rates)
        got = {
            (res.indicator, row.key[0].alpha_3, row.key[1]): row.value
            for res in ours(table, indicators, rates)
            for row in res
        }
        if got != expected:
            raise SystemExit("aggregate() differs from the exact Decimal reference")
    print(
        f"{n:>9,} rows | build {t_build * 1e3:7.1f} ms vs pandas {t_frame * 1e3:7.1f} ms "
        f"= {t_build / t_frame:4.2f}x | memory {table_bytes / 1e6:6.1f} MB vs "
        f"{frame_bytes / 1e6:6.1f} MB = {table_bytes / frame_bytes:4.2f}x | aggregate x12 "
        f"{t_ours * 1e3:7.1f} ms vs pandas {t_pandas * 1e3:7.1f} ms = {t_ours / t_pandas:4.2f}x"
        + (" | equal to exact reference" if check else "")
    )
    return {"build": t_build, "aggregate": t_ours}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [args.rows] if args.rows else [10**4, 10**5, 10**6]
    results = {n: run(n, check=True, repeat=args.repeat) for n in sizes}
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        for what in ("build", "aggregate"):
            growth = results[big][what] / results[small][what]
            print(
                f"growth of {what} from {small:,} to {big:,} rows: {growth:.0f}x "
                f"for {big // small}x the rows"
            )
    _ = statistics  # keep the import for median-based variants


if __name__ == "__main__":
    main()
