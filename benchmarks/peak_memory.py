"""Peak memory per byte of input while loading JSON and CSV observation files.

For each size (10,000 and 100,000 observations, money and counts, a disaggregation)
the file is written once, then read in a fresh interpreter that holds the file's
bytes before measuring: the peak is what loading adds (tracemalloc, which sees
Python objects and numpy arrays alike), divided by the file's size in bytes.
Also ``ru_maxrss`` of the whole process, for the honest outside view.
Run: ``python benchmarks/peak_memory.py``.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from commit_mef import GMS, ObservationTable, io

_MEASURE = """
import resource, sys, tracemalloc
from commit_mef import io
import commit_mef.io._converter as c; c.converter()  # built before, as in a service
path, kind = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
table = io.loads(data) if kind == "json" else io.read_csv(__import__("io").BytesIO(data))
current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(data), peak, current, (rss - base) * 1024, len(table))
"""


def make_table(n: int) -> ObservationTable:
    rng = random.Random(7)
    codes = [c.alpha_3 for c in GMS]
    return ObservationTable.from_columns(
        indicator=[rng.choice(("victims.identified", "budget.allocation")) for _ in range(n)],
        country=[rng.choice(codes) for _ in range(n)],
        period=[rng.randint(2004, 2024) for _ in range(n)],
        magnitude=[rng.randint(0, 10**9) for _ in range(n)],
        exponent=-2,
        currency=[rng.choice(("USD", "THB", "KHR")) for _ in range(n)],
        disaggregation={"sex": [rng.choice(("female", "male", None)) for _ in range(n)]},
    )


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    print("format   rows      bytes   peak/byte  kept/byte  rss/byte")
    for n in (10_000, 100_000):
        table = make_table(n)
        for kind in ("json", "csv"):
            path = folder / f"t{n}.{kind}"
            if kind == "json":
                io.dump(table, path, indent=None)
            else:
                io.write_csv(table, path)
            out = subprocess.run(
                [sys.executable, "-c", _MEASURE, str(path), kind],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            ).stdout.split()
            size, peak, kept, rss, rows = map(int, out)
            if rows != n:
                raise SystemExit(f"read {rows} rows of {n}")
            print(
                f"{kind:6} {n:>7,} {size:>11,} {peak / size:>10.1f} {kept / size:>10.1f}"
                f" {rss / size:>9.1f}"
            )
    print(json.dumps({"python": sys.version.split()[0]}))


if __name__ == "__main__":
    main()
