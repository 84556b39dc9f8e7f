"""The aggregation rules on DuckDB at scale (issue #20): N budget lines as partitioned Parquet,
aggregated by country and year with conversion to US$, against the same DuckDB query without
the rules.

    python benchmarks/engines_duckdb.py --rows 100000000 --dir /tmp/engines-bench
    python benchmarks/engines_duckdb.py --rows 1000000 --check   # also equal to in-process

Each step runs in its own process, so its peak memory (ru_maxrss) is its own: ``generate``
writes ``rows`` budget lines (six countries, ten years, a recipient each, every country in its
own currency) as ``dir/<country>/<year>/part-0.parquet`` in the layout of
:func:`commit_mef.io.write_parquet` (built column by column with Arrow and written by the
writer ``io.write_parquet`` calls for each file, which seals a file holding each budget line
once; the layout checked by ``--check``, which reads the folder back with
:func:`commit_mef.io.read_parquet`); ``rules`` runs :func:`commit_mef.engines.aggregate`
(every check of the rules on the engine, the seals read as the proof that no line repeats,
conversion per country, currency and year in Python with Fraction); ``every-row`` the same with
the seals set aside (``seals=False``), so that the check reads every row; ``seals`` reads the
seals alone (each footer, and the SHA-256 of the bytes it seals); ``plain`` runs the same
grouping as one DuckDB query (``SUM(value) GROUP BY country, period, currency``), which adds
currencies and checks nothing; ``pass`` is the rules' first query alone (the census of empty
columns, then the grouped counts and sums) and ``hashes`` the budget-line check's one query
alone (rows against distinct hashes of country, recipient and period). The folder is deleted at
the end unless ``--keep``; ``--reuse`` times a kept folder again without writing it.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

COUNTRIES = (
    ("KHM", "KHR"),
    ("CHN", "CNY"),
    ("LAO", "LAK"),
    ("MMR", "MMK"),
    ("THA", "THB"),
    ("VNM", "VND"),
)
YEARS = range(2011, 2021)  # the years the shipped WDI rates cover


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _layout() -> object:
    """The Arrow schema of io.to_arrow (with its metadata), from a one-row table."""
    from commit_mef import ObservationTable, io

    one = ObservationTable.from_columns(
        indicator="budget",
        country="KHM",
        period=2011,
        magnitude=[1],
        exponent=-2,
        currency="KHR",
        recipient="office 0",
    )
    return io.to_arrow(one).schema


def _partition(
    schema: object, code: str, cur: str, year: int, *, mags: object, first: int
) -> object:
    """One partition in the layout, built column by column by Arrow (not row by row)."""
    import datetime as dt

    import numpy as np
    import pyarrow as pa

    from commit_mef.io._arrow import _decimals

    n = len(mags)  # type: ignore[arg-type]
    zeros = pa.array(np.zeros(n, dtype=np.int32))

    def constant(text: str) -> pa.Array:
        return pa.DictionaryArray.from_arrays(zeros, pa.array([text]))

    recipients = pa.array(np.char.add("office ", np.arange(n).astype(str)))
    columns = {
        "indicator": constant("budget"),
        "country": constant(code),
        "period": constant(str(year)),
        "period_start": pa.array([dt.date(year, 1, 1)] * 1, pa.date32()).take(zeros),
        "period_end": pa.array([dt.date(year, 12, 31)] * 1, pa.date32()).take(zeros),
        "kind": constant("money"),
        "value": _decimals(pa, mags, -2, np.ones(n, dtype=bool)),
        "currency": constant(cur),
        "basis": constant("total"),
        "recipient": pa.DictionaryArray.from_arrays(
            pa.array(np.arange(n, dtype=np.int32)), recipients
        ),
        "approximate": pa.array(np.zeros(n, dtype=bool)),
        "row": pa.array(np.arange(first, first + n, dtype=np.int64)),
    }
    arrays = [
        columns[f.name] if f.name in columns else pa.nulls(n, f.type)
        for f in schema  # type: ignore[attr-defined]
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def generate(rows: int, folder: Path) -> dict[str, float]:
    import numpy as np

    from commit_mef.io._parquet import _write_one  # what io.write_parquet does for each file

    schema = _layout()
    per = rows // (len(COUNTRIES) * len(YEARS))
    rng = np.random.default_rng(20)
    start = time.perf_counter()
    first = 0
    for code, cur in COUNTRIES:
        for year in YEARS:
            part = _partition(
                schema, code, cur, year, mags=rng.integers(1, 10**9, per), first=first
            )
            first += per
            (folder / code / str(year)).mkdir(parents=True, exist_ok=True)
            _write_one(part, folder / code / str(year) / "part-0.parquet")
    size = sum(p.stat().st_size for p in folder.rglob("*.parquet"))
    return {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb(), "bytes": size}


def _connection() -> object:
    import ibis

    return ibis.duckdb.connect(threads=2, memory_limit="12GB")


def _warm() -> None:
    """One small aggregation, so that no step times the imports, DuckDB's start or Ibis' first compile."""
    import ibis
    import pyarrow as pa

    from commit_mef import engines
    from commit_mef.indicators import Indicator
    from commit_mef.rates import RateTable

    one = pa.table(
        {
            "indicator": ["budget"],
            "country": ["KHM"],
            "period": ["2011"],
            "value": pa.array([1], pa.decimal128(38, 2)),
            "currency": ["KHR"],
            "recipient": ["office 0"],
        }
    )
    budget = Indicator(id="budget", name="Budget", kind="money", unit="currency")
    source = engines.from_ibis(ibis.memtable(one))
    engines.aggregate(source, budget, ("country", "year"), currency="USD", rates=RateTable.wdi())


def rules(folder: Path, rows: int, *, seals: bool = True) -> dict[str, float]:
    from commit_mef import engines
    from commit_mef.indicators import Indicator
    from commit_mef.rates import RateTable

    budget = Indicator(id="budget", name="Budget", kind="money", unit="currency")
    rates = RateTable.wdi()
    start = time.perf_counter()
    source = engines.duckdb(folder, connection=_connection(), seals=seals)
    result = engines.aggregate(
        source, budget, ("country", "year"), currency="USD", rates=rates, allow_not_meaningful=True
    )
    seconds = time.perf_counter() - start
    rows = sum(r.rows for r in result)
    return {"seconds": seconds, "peak_mb": _peak_mb(), "rows": rows, "groups": len(result)}


def every_row(folder: Path, rows: int) -> dict[str, float]:
    """The rules with the files' seals set aside: every row checked (``seals=False``)."""
    return rules(folder, rows, seals=False)


def seals(folder: Path, rows: int) -> dict[str, float]:
    """The files' seals read alone: each file's footer, and the SHA-256 of the bytes it seals."""
    from commit_mef.io._seal import distinct_columns

    start = time.perf_counter()
    proven = distinct_columns(sorted(folder.rglob("*.parquet")))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), "rows": rows, "groups": float(bool(proven))}


def _budget_rows(folder: Path) -> Any:
    """The folder's budget rows as one Ibis table on a new DuckDB connection (no rules)."""
    t = _connection().read_parquet(str(folder / "**" / "*.parquet"), union_by_name=True)  # type: ignore[attr-defined]
    return t.filter(t.indicator == "budget")


def plain(folder: Path, rows: int) -> dict[str, float]:
    start = time.perf_counter()
    t = _budget_rows(folder)
    out = t.group_by(["country", "period", "currency"]).aggregate(n=t.count(), total=t.value.sum())
    groups = out.to_pyarrow()
    seconds = time.perf_counter() - start
    rows = sum(groups.column("n").to_pylist())
    return {"seconds": seconds, "peak_mb": _peak_mb(), "rows": rows, "groups": groups.num_rows}


def one_pass(folder: Path, rows: int) -> dict[str, float]:
    """The rules' first query alone: the grouped counts and sums every check then reads (no seal read)."""
    from commit_mef import engines
    from commit_mef.engines._profile import footers, profile

    start = time.perf_counter()
    source = engines.duckdb(folder, connection=_connection())
    budget = source.table.filter(source.table.indicator == "budget")
    found = profile(budget, known=footers(budget, str(source.parquet), seals=False))
    seconds = time.perf_counter() - start
    rows = sum(g.rows for g in found.groups)
    return {"seconds": seconds, "peak_mb": _peak_mb(), "rows": rows, "groups": len(found.groups)}


def hashes(folder: Path, rows: int) -> dict[str, float]:
    """The budget-line check's one query alone: rows against distinct hashes of (line, period)."""
    from commit_mef import engines
    from commit_mef.engines._checks import all_distinct

    start = time.perf_counter()
    t = engines.duckdb(folder, connection=_connection()).table
    t = t.filter((t.indicator == "budget") & (t.kind != "none") & t.period.notnull())
    distinct = all_distinct(t, ["country", "recipient", "period"], rows)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), "rows": rows, "groups": float(distinct)}


def recipients(folder: Path, rows: int) -> dict[str, float]:
    """The recipient column read alone: what the budget-line check must read beyond the plain query."""
    start = time.perf_counter()
    t = _budget_rows(folder)
    found = t.aggregate(n=t.count(), length=t.recipient.length().sum()).to_pyarrow()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), "rows": found.column("n")[0].as_py()}


def check(folder: Path, rows: int) -> dict[str, float]:
    from commit_mef import aggregate, engines, io
    from commit_mef.indicators import Indicator
    from commit_mef.rates import RateTable

    budget = Indicator(id="budget", name="Budget", kind="money", unit="currency")
    options = {"currency": "USD", "rates": RateTable.wdi(), "allow_not_meaningful": True}
    here = aggregate(io.read_parquet(folder), budget, ("country", "year"), **options)
    there = engines.aggregate(engines.duckdb(folder), budget, ("country", "year"), **options)
    return {"equal": float(here == there), "peak_mb": _peak_mb()}


STEPS = {
    "rules": rules,
    "every-row": every_row,
    "plain": plain,
    "seals": seals,
    "pass": one_pass,
    "hashes": hashes,
    "recipients": recipients,
    "check": check,
}


#: The timed steps, in the order they run in each repeat, and their labels.
_TIMED = {
    "rules": "with the rules",
    "every-row": "every row read",
    "plain": "plain DuckDB",
    "seals": "seals read",
    "pass": "first pass",
    "hashes": "budget lines",
    "recipients": "recipients read",
}


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run of median time (its own peak memory and rows with it)."""
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def _step(name: str, folder: Path, rows: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--step", name, "--dir", str(folder), "--rows", str(rows)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()) / "commit-mef-engines-bench"
    )
    parser.add_argument("--keep", action="store_true", help="keep the Parquet folder")
    parser.add_argument("--check", action="store_true", help="also compare with in-process")
    parser.add_argument(
        "--reuse", action="store_true", help="time the folder a run with --keep left (no writing)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="times each step in turn (medians)")
    parser.add_argument("--step", choices=("generate", *STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "generate":
        print(json.dumps(generate(args.rows, args.dir)))
        return
    if args.step:
        if args.step != "check":
            _warm()  # the same small aggregation before every step's clock starts

        print(json.dumps(STEPS[args.step](args.dir, args.rows)))
        return
    if not args.reuse:
        shutil.rmtree(args.dir, ignore_errors=True)
    try:
        if not args.reuse:
            made = _step("generate", args.dir, args.rows)
            print(
                f"wrote {args.rows:,} rows as {made['bytes'] / 2**30:.2f} GiB of Parquet "
                f"in {made['seconds']:.0f} s"
            )
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in _TIMED}
        for _ in range(args.repeat):  # the steps in turn, so that the machine's load meets each
            for name in _TIMED:
                runs[name].append(_step(name, args.dir, args.rows))
        med = {name: _median(found) for name, found in runs.items()}
        for name, label in _TIMED.items():
            r = med[name]
            each = ", ".join(f"{x['seconds']:.1f}" for x in runs[name])
            print(
                f"{label:15} {r['seconds']:8.1f} s  {r['rows'] / r['seconds']:13,.0f} rows/s  "
                f"peak {r['peak_mb']:7,.0f} MB" + (f"  ({each})" if args.repeat > 1 else "")
            )
        plain_s = med["plain"]["seconds"]
        print(f"the rules' cost: {med['rules']['seconds'] / plain_s:.2f}x the plain query")
        print(
            f"with every row checked (seals=False) {med['every-row']['seconds'] / plain_s:.2f}x; "
            f"the seals read {med['seals']['seconds'] / plain_s:.2f}x; "
            f"the first pass (census, counts, sums) {med['pass']['seconds'] / plain_s:.2f}x; "
            f"the budget-line check's hashes, sorted {med['hashes']['seconds'] / plain_s:.2f}x; "
            f"the recipient column read alone {med['recipients']['seconds'] / plain_s:.2f}x"
        )
        if args.check:
            print(
                f"equal to the in-process engine: {bool(_step('check', args.dir, args.rows)['equal'])}"
            )
    finally:
        if not args.keep:
            shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
