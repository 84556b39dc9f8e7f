"""Exports and value filters at 10^6 rows: each beside what a user would write from the columns.

* ``io.to_pandas(table)`` vs building the same DataFrame (the same columns, dtypes and values)
  by hand from ``table.columns()``: ``pd.Categorical.from_codes`` per key column (categories as
  text), the amounts as ``pd.ArrowDtype(pa.decimal128)`` from the scaled integers, the dates
  from the periods; goal at most 2x.
* ``io.from_pandas(frame)`` vs ``ObservationTable.from_columns`` handed the frame's categorical
  columns and the integer magnitudes directly (what from_pandas must also check and decode).
* ``ObservationTable.filter(value_min=..., value_max=...)`` vs the same rows kept with a pandas
  boolean mask on a float64 column of the amounts (inexact, the usual pandas way).
* ``ObservationTable.to_columns()`` (plain lists, one Decimal per amount) vs
  ``[unscale(m) for m in magnitudes]`` alone, the least any list of Decimals costs.

Medians of repeats, in one run.  Benchmark-only dependencies: pandas, pyarrow.

Run: ``python benchmarks/exports.py`` (``--rows N``).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from commit_mef import GMS, ObservationTable, io
from commit_mef.io._arrow import ARROW_COLUMNS
from commit_mef.money import Money

CURRENCIES = ["KHR", "CNY", "LAK", "MMK", "THB", "VND", "USD"]


def synthetic(n: int) -> ObservationTable:
    rng = np.random.default_rng(3)
    return ObservationTable.from_columns(
        indicator=(rng.integers(0, 4, n), [f"budget.line{i}" for i in range(4)]),
        country=(rng.integers(0, 6, n), [c.alpha_3 for c in GMS]),
        period=rng.integers(2000, 2020, n),
        magnitude=rng.integers(1, 10**11, n),
        exponent=-2,
        currency=(rng.integers(0, 7, n), CURRENCIES),
    )


def by_hand(table: ObservationTable) -> pd.DataFrame:
    """The same DataFrame as io.to_pandas, built from table.columns() with pandas' own calls."""
    cols = table.columns()
    n = len(table)
    data: dict[str, Any] = {}
    texts = {
        "indicator": str,
        "country": lambda c: c.alpha_3,
        "period": str,
        "currency": lambda c: c,
        "unit": str,
        "basis": lambda b: b.value,
    }
    for name in ARROW_COLUMNS:
        if name == "row":
            continue
        if name in ("period_start", "period_end"):
            codes, cats = cols["period"]
            days = np.asarray(
                [(p.end if name == "period_end" else p.start).toordinal() - 719163 for p in cats],
                dtype=np.int32,
            )
            array = pa.array(days[codes], type=pa.int32()).cast(pa.date32())
            data[name] = pd.array(array, dtype=pd.ArrowDtype(pa.date32()))
        elif name == "value":
            mags = cols["magnitude"]
            words = np.stack([mags, mags >> 63], axis=1)
            array = pa.Array.from_buffers(pa.decimal128(38, 2), n, [None, pa.py_buffer(words)])
            data[name] = pd.array(array, dtype=pd.ArrowDtype(array.type))
        elif name == "kind":
            data[name] = pd.Categorical.from_codes(
                cols["kind"][0].astype(np.int8), ["none", "number", "money", "bool", "text"]
            )
        elif name == "approximate":
            data[name] = np.zeros(n, dtype=bool)
        elif name in texts and name in cols:
            codes, cats = cols[name]  # type: ignore[literal-required]
            labels = [None if c is None else texts[name](c) for c in cats]
            keep = [i for i, c in enumerate(labels) if c is not None]
            remap = np.full(len(labels), -1, dtype=np.int8)
            remap[keep] = np.arange(len(keep))
            data[name] = pd.Categorical.from_codes(remap[codes], [labels[i] for i in keep])
        else:
            data[name] = pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8), [])
    return pd.DataFrame(data)


def median(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10**6)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n, repeat = args.rows, args.repeat
    print(f"{n:,} rows; load average at start {os.getloadavg()[0]:.2f} (2 cores)")
    table = synthetic(n)
    ours = io.to_pandas(table)
    plain = by_hand(table)
    if list(ours.columns) != list(plain.columns):
        raise SystemExit("the frames have different columns")
    for name in plain.columns:
        if not ours[name].astype(object).equals(plain[name].astype(object)):
            raise SystemExit(f"column {name} differs")
    a, b = median(lambda: io.to_pandas(table), repeat), median(lambda: by_hand(table), repeat)
    print(f"to_pandas {a * 1e3:.0f} ms vs the same frame by hand {b * 1e3:.0f} ms: {a / b:.2f}x")

    def direct() -> ObservationTable:
        return ObservationTable.from_columns(
            indicator=ours["indicator"],
            country=ours["country"],
            period=ours["period"],
            magnitude=table.columns()["magnitude"],
            exponent=-2,
            currency=ours["currency"],
        )

    read, expected = io.from_pandas(ours), direct()
    sample = np.random.default_rng(0).integers(0, n, 1000).tolist()
    if len(read) != n or any(read[i] != expected[i] for i in sample):
        raise SystemExit("from_pandas differs from from_columns")
    a, b = median(lambda: io.from_pandas(ours), repeat), median(direct, repeat)
    print(
        f"from_pandas {a * 1e3:.0f} ms vs from_columns on the same columns {b * 1e3:.0f} ms: "
        f"{a / b:.2f}x"
    )

    low, high = Money("100000", "THB"), Money("500000000", "THB")
    floats = pd.DataFrame(
        {"currency": ours["currency"], "amount": table.columns()["magnitude"] / 100}
    )
    kept = table.filter(value_min=low, value_max=high)
    mask = (floats["currency"] == "THB") & floats["amount"].between(100000, 500000000)
    if len(kept) != int(mask.sum()):
        raise SystemExit("the filters keep different rows")
    a = median(lambda: table.filter(value_min=low, value_max=high), repeat)
    b = median(
        lambda: floats[(floats["currency"] == "THB") & floats["amount"].between(1e5, 5e8)],
        repeat,
    )
    print(
        f"filter(value_min, value_max) {a * 1e3:.1f} ms vs a pandas float mask {b * 1e3:.1f} ms: "
        f"{a / b:.2f}x"
    )

    from commit_mef.observations._columns import unscale

    mags = table.columns()["magnitude"]
    a = median(table.to_columns, 3)
    b = median(lambda: [unscale(m, -2) for m in mags.tolist()], 3)
    print(
        f"to_columns {a * 1e3:.0f} ms vs one Decimal per amount alone {b * 1e3:.0f} ms: "
        f"{a / b:.2f}x"
    )


if __name__ == "__main__":
    main()
