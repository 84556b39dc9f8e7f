"""Read 100,000 observations from the package's typed CSV against polars and pandas reading the same file.

Goal (issue #18): ``commit_mef.io.read_csv`` (split, every cell of every column checked,
the table built) takes at most 2x ``polars.read_csv`` of the same bytes.  pandas'
``read_csv`` is printed beside it.  All three read the file from memory (the bytes
are read once, outside the timing); best of 5 each, in one process.  The data are
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


def best(fn: Callable[[], Any], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


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
    polars = best(lambda: pl.read_csv(stdio.BytesIO(data)), args.repeat)
    pandas = best(lambda: pd.read_csv(stdio.BytesIO(data)), args.repeat)
    ours = best(lambda: io.read_csv(stdio.BytesIO(data)), args.repeat)
    print(f"{len(table):,} observations, {len(data) / 1e6:.1f} MB of CSV; best of {args.repeat}")
    print(f"polars.read_csv      {polars * 1e3:8.1f} ms")
    print(f"pandas.read_csv      {pandas * 1e3:8.1f} ms  {pandas / polars:5.2f}x polars")
    print(f"commit_mef read_csv  {ours * 1e3:8.1f} ms  {ours / polars:5.2f}x polars  (goal <= 2x)")


if __name__ == "__main__":
    main()
