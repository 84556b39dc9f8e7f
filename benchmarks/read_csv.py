"""Read 100,000 observations from the package's typed CSV against polars and pandas reading the same file.

Goal (issue #18): ``commit_mef.io.read_csv`` (split, every cell of every column checked,
the table built) takes at most 2x ``polars.read_csv`` of the same bytes.  pandas'
``read_csv`` is printed beside it.  All three read the file from memory (the bytes
are read once, outside the timing); the three interleaved, best of 5 each, wall
time and CPU time (every thread's) in one process.  The data are
those of ``io_observations.py`` (three indicators, six countries, 21 years, amounts
with two decimals, a ``sex`` dimension); ``--rows N`` for another size.
"""

from __future__ import annotations

import argparse
import io as stdio
import time
from collections.abc import Callable
from typing import Any

from io_observations import make_table  # the benchmark's own data (run as a script)

from commit_mef import ObservationTable, io


def timed(fns: dict[str, Callable[[], Any]], repeat: int) -> dict[str, tuple[float, float]]:
    """Best wall and best CPU time (all threads) of each function, the functions interleaved."""
    wall: dict[str, list[float]] = {name: [] for name in fns}
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    return {name: (min(wall[name]), min(cpu[name])) for name in fns}


def main() -> None:
    import pandas as pd
    import polars as pl

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import io_observations

    io_observations.N = args.rows
    table: ObservationTable = make_table()
    buffer = stdio.BytesIO()
    io.write_csv(table, buffer)
    data = buffer.getvalue()
    assert io.read_csv(stdio.BytesIO(data)) == table  # noqa: S101 - exact, before timing
    results = timed(
        {
            "polars.read_csv": lambda: pl.read_csv(stdio.BytesIO(data)),
            "pandas.read_csv": lambda: pd.read_csv(stdio.BytesIO(data)),
            "commit_mef read_csv": lambda: io.read_csv(stdio.BytesIO(data)),
        },
        args.repeat,
    )
    polars_wall, polars_cpu = results["polars.read_csv"]
    print(
        f"{len(table):,} observations, {len(data) / 1e6:.1f} MB of CSV; best of {args.repeat}, interleaved"
    )
    print(f"{'':22}{'wall':>9}{'ratio':>8}{'CPU':>10}{'ratio':>8}")
    for name, (wall, cpu) in results.items():
        print(
            f"{name:22}{wall * 1e3:7.1f}ms{wall / polars_wall:7.2f}x"
            f"{cpu * 1e3:8.1f}ms{cpu / polars_cpu:7.2f}x"
        )
    print("goal: commit_mef read_csv at most 2x polars.read_csv")


if __name__ == "__main__":
    main()
