"""From the columns a Parquet file hands over to the exact US$ result: beside polars and DuckDB.

Synthetic observations, as issue #18 measured them: 4 money indicators, 6 countries, 20 years,
each row in its country's currency or in US$ (30 %), amounts in cents, each repeated record of a
cell a budget line of its own (a recipient column).  The columns are an Arrow
table as ``pyarrow.parquet.read_table(..., read_dictionary=[...])`` hands it over (keys
dictionary-encoded, year int16, cents int64), built once and given to every engine.

Each engine computes the exact local-currency sums per (indicator, country, year, currency);
each then finishes the same small part exactly (each sum converted at its year's WDI rate as a
fraction, added per (indicator, country, year), rounded once), so the results are compared to
the last digit:

* polars: ``pl.from_arrow`` + ``group_by(...).agg(sum)`` on int64 cents (exact);
* DuckDB: ``SUM(cents)`` (HUGEINT, exact) grouped in SQL over the Arrow table;
* numpy floor: one combined integer key from the dictionary indices and ``np.add.at``;
* commit_mef: ``ObservationTable.from_columns`` on the dictionary arrays (no row touched in
  Python) and one ``aggregate(table, indicators, by=("country", "year"), currency="USD")`` call
  for the four indicators, which also runs every entry check and one-value-per-cell rule.

Ratios are medians of repeats in one run, the engines taken in turn within each repeat (so a\nchange in the machine's load falls on all of them alike).  The fixed per-call cost is the time of the same
aggregate call on 1,000 rows (every group present); growth is printed from the smallest size to
the largest.  ``--memory`` measures peak memory in separate processes, one per engine and size:
each child reads the same Parquet file, resets its peak resident size, runs one engine, and
reports its peak less its resident size before the engine ran, set against the input columns'
bytes (the process's whole peak, ``os.wait4``'s ``ru_maxrss``, beside it).
Benchmark-only dependencies: polars, duckdb, pyarrow.

Run: ``python benchmarks/columnar.py`` (``--rows N`` for one size; ``--rows 10000000`` works;
``--memory`` for the peaks).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

from commit_mef import GMS, ObservationTable, aggregate
from commit_mef.indicators import Indicator
from commit_mef.observations._columns import fraction_to_decimal
from commit_mef.rates import RateTable

YEARS = list(range(2000, 2020))
INDICATORS = [f"budget.line{i}" for i in range(4)]
COUNTRIES = [c.alpha_3 for c in GMS]
CURRENCY = {c.alpha_3: c.currency for c in GMS}
CURRENCIES = sorted({*CURRENCY.values(), "USD"})

Sums = dict[tuple[str, str, int, str], int]
Result = dict[tuple[str, str, int], Decimal]


def synthetic(n: int, seed: int = 7) -> pa.Table:
    """The Arrow table of ``n`` rows (dictionary-encoded keys, int16 years, int64 cents)."""
    rng = np.random.default_rng(seed)
    ci = rng.integers(0, len(COUNTRIES), n)
    usd = rng.random(n) < 0.3
    local = np.asarray([CURRENCIES.index(CURRENCY[c]) for c in COUNTRIES])[ci]
    cur = np.where(usd, CURRENCIES.index("USD"), local)

    ii = rng.integers(0, len(INDICATORS), n)
    year = rng.integers(YEARS[0], YEARS[-1] + 1, n)
    # the repeated records of an (indicator, country, year) are distinct budget lines, one
    # recipient each: the engine refuses two figures of one line over one period (IATI's rule)
    cell = (ii * len(COUNTRIES) + ci) * len(YEARS) + (year - YEARS[0])
    order = np.argsort(cell, kind="stable")
    starts = np.searchsorted(cell[order], cell[order], side="left")
    line = np.empty(n, dtype=np.int64)
    line[order] = np.arange(n) - starts
    offices = [f"office {k}" for k in range(int(line.max()) + 1 if n else 0)]

    def dictionary(codes: Any, values: list[str]) -> pa.DictionaryArray:
        return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(values))

    return pa.table(
        {
            "indicator": dictionary(ii, INDICATORS),
            "country": dictionary(ci, COUNTRIES),
            "year": pa.array(year.astype(np.int16)),
            "currency": dictionary(cur, CURRENCIES),
            "recipient": dictionary(line, offices),
            "cents": pa.array(rng.integers(1, 10**11, n, dtype=np.int64)),
        }
    )


def finish(sums: Sums, rates: RateTable) -> Result:
    """The exact small part every engine shares: convert each sum, add, round once."""
    totals: dict[tuple[str, str, int], Fraction] = defaultdict(Fraction)
    factor: dict[tuple[str, int], Fraction] = {}
    for (ind, cty, year, cur), cents in sums.items():
        f = factor.get((cur, year))
        if f is None:
            f = factor[(cur, year)] = Fraction(1, 100) / Fraction(
                rates.rate(cur, over=year, allow_not_meaningful=True)
            )
        totals[(ind, cty, year)] += cents * f
    return {k: fraction_to_decimal(v) for k, v in totals.items()}


def with_polars(table: pa.Table, rates: RateTable) -> Result:
    frame = pl.DataFrame(pl.from_arrow(table))
    keys = ["indicator", "country", "year", "currency"]
    grouped = frame.group_by(keys).agg(pl.col("cents").sum())
    sums = dict(zip(grouped.select(keys).iter_rows(), grouped["cents"].to_list(), strict=True))
    return finish(sums, rates)


def with_duckdb(table: pa.Table, rates: RateTable, con: Any) -> Result:
    con.register("obs", table)
    rows = con.execute(
        "SELECT indicator, country, year, currency, SUM(cents)::HUGEINT FROM obs GROUP BY ALL"
    ).fetchall()
    return finish({(i, c, int(y), k): int(s) for i, c, y, k, s in rows}, rates)


def with_numpy(table: pa.Table, rates: RateTable) -> Result:
    cols = [np.asarray(table[k].combine_chunks().indices) for k in ("indicator", "country")]
    year = np.asarray(table["year"]).astype(np.int64) - YEARS[0]
    cur = np.asarray(table["currency"].combine_chunks().indices)
    key = ((cols[0] * len(COUNTRIES) + cols[1]) * len(YEARS) + year) * len(CURRENCIES) + cur
    out = np.zeros(len(INDICATORS) * len(COUNTRIES) * len(YEARS) * len(CURRENCIES), np.int64)
    np.add.at(out, key, np.asarray(table["cents"]))
    sums: Sums = {}
    for k in np.flatnonzero(out).tolist():
        rest, c = divmod(k, len(CURRENCIES))
        rest, y = divmod(rest, len(YEARS))
        i, cty = divmod(rest, len(COUNTRIES))
        sums[(INDICATORS[i], COUNTRIES[cty], YEARS[0] + y, CURRENCIES[c])] = int(out[k])
    return finish(sums, rates)


def build(table: pa.Table) -> ObservationTable:
    return ObservationTable.from_columns(
        indicator=table["indicator"],
        country=table["country"],
        period=np.asarray(table["year"]),
        magnitude=np.asarray(table["cents"]),
        exponent=-2,
        currency=table["currency"],
        recipient=table["recipient"],
    )


def aggregate_all(obs: ObservationTable, rates: RateTable, indicators: list[Indicator]) -> Any:
    """The four indicators in one call, converted to US$ (every rule and check included)."""
    return aggregate(
        obs,
        indicators,
        by=("country", "year"),
        currency="USD",
        rates=rates,
        allow_not_meaningful=True,
    )


def with_commit_mef(table: pa.Table, rates: RateTable, indicators: list[Indicator]) -> Result:
    obs = build(table)
    out: Result = {}
    for ind_id, result in aggregate_all(obs, rates, indicators).items():
        for row in result:
            out[(ind_id, row.key[0].alpha_3, row.key[1])] = Decimal(str(row.value))
    return out


def interleaved(runs: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """The median time of each run, the runs taken in turn in each repeat (load hits all alike)."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            gc.collect()
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def run(n: int, repeat: int) -> dict[str, float]:
    table = synthetic(n)
    rates = RateTable.wdi()
    indicators = [Indicator(id=i, name=i, kind="money", unit="currency") for i in INDICATORS]
    con = duckdb.connect()
    expected = with_polars(table, rates)
    for name, got in (
        ("duckdb", with_duckdb(table, rates, con)),
        ("numpy", with_numpy(table, rates)),
        ("commit_mef", with_commit_mef(table, rates, indicators)),
    ):
        if got != expected:
            raise SystemExit(f"{name} differs from polars' exact result")
    obs = build(table)
    small = build(synthetic(1000))
    times = interleaved(
        {
            "polars": lambda: with_polars(table, rates),
            "duckdb": lambda: with_duckdb(table, rates, con),
            "numpy": lambda: with_numpy(table, rates),
            "build": lambda: build(table),
            "ours": lambda: with_commit_mef(table, rates, indicators),
            "aggregate": lambda: aggregate_all(obs, rates, indicators),
            "fixed": lambda: aggregate_all(small, rates, indicators),
        },
        repeat,
    )
    p = times["polars"]
    print(
        f"{n:>10,} rows | polars {p * 1e3:7.1f} ms | duckdb {times['duckdb'] / p:5.2f}x | "
        f"numpy np.add.at {times['numpy'] / p:5.2f}x | commit_mef build+aggregate "
        f"{times['ours'] * 1e3:7.1f} ms = {times['ours'] / p:5.2f}x polars (build "
        f"{times['build'] * 1e3:.1f} ms, aggregate {times['aggregate'] * 1e3:.1f} ms = "
        f"{times['aggregate'] / times['numpy']:.2f}x the numpy floor; fixed per-call cost "
        f"{times['fixed'] * 1e3:.1f} ms) | all equal"
    )
    return times


# -- peak memory, one process per engine and size ------------------------------------------
ENGINES = ("read", "polars", "duckdb", "numpy", "commit_mef")


def _status(field: str) -> int:
    """A field of /proc/self/status in bytes (``VmRSS``, ``VmHWM``)."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def child(engine: str, path: str) -> None:
    """Read the Parquet file as an engine receives it, then run one engine, its peak apart.

    After reading, the peak resident size is reset (Linux: ``5`` into ``/proc/self/clear_refs``),
    so the peak after the engine less the resident size before it is what the engine needed
    beyond the input it was handed.
    """
    import pyarrow.parquet as pq

    table = pq.read_table(path, read_dictionary=["indicator", "country", "currency", "recipient"])
    rates = RateTable.wdi()
    indicators = [Indicator(id=i, name=i, kind="money", unit="currency") for i in INDICATORS]
    gc.collect()
    with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
        handle.write("5")
    before = _status("VmRSS")
    if engine == "polars":
        with_polars(table, rates)
    elif engine == "duckdb":
        with_duckdb(table, rates, duckdb.connect())
    elif engine == "numpy":
        with_numpy(table, rates)
    elif engine == "commit_mef":
        with_commit_mef(table, rates, indicators)
    print(table.nbytes, max(0, _status("VmHWM") - before))


def peak(engine: str, path: str) -> tuple[int, int, int]:
    """The child's whole peak (``ru_maxrss``), the engine's own peak and the input's bytes."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", engine, "--path", path],
        stdout=subprocess.PIPE,
        text=True,
    )
    out = proc.stdout.read() if proc.stdout is not None else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{engine} failed ({proc.returncode})")
    input_bytes, extra = (int(v) for v in out.split()[-2:])
    return usage.ru_maxrss * 1024, extra, input_bytes


def memory(sizes: list[int]) -> None:
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            path = os.path.join(folder, f"obs{n}.parquet")
            pq.write_table(synthetic(n), path)
            base, _, input_bytes = peak("read", path)
            line = [
                f"{n:>10,} rows | input columns {input_bytes / 2**20:7.1f} MiB",
                f"process peak reading alone {base / 2**20:7.1f} MiB",
            ]
            for engine in ENGINES[1:]:
                total, extra, _ = peak(engine, path)
                line.append(
                    f"{engine} +{extra / 2**20:.1f} MiB = {extra / input_bytes:.2f}x the input "
                    f"(process {total / 2**20:.0f} MiB)"
                )
            print(" | ".join(line))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--memory", action="store_true", help="peak memory, one process each")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--path", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.path)
        return
    sizes = [args.rows] if args.rows else [10**4, 10**5, 10**6]
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)")
    if args.memory:
        memory(sizes)
        return
    results = {n: run(n, args.repeat) for n in sizes}
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        for name in ("ours", "polars", "aggregate"):
            growth = results[big][name] / results[small][name]
            print(
                f"growth of {name} from {small:,} to {big:,} rows ({big // small}x): {growth:.1f}x"
            )


if __name__ == "__main__":
    main()
