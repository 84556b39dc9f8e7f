"""Building the package's pint registry vs pint's default UnitRegistry() (goal <= 10 %).

Each build runs in a fresh interpreter (both registries are cached in-process), with pint
already imported, so only the build is timed; the median of several runs is reported.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

RUNS = 7

SNIPPET = """
import time
import pint
import commit_mef.units as units
t = time.perf_counter()
{build}
print(time.perf_counter() - t)
"""


def _time(build: str) -> float:
    runs = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", SNIPPET.format(build=build)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(float(out.stdout))
    return statistics.median(runs)


def main() -> None:
    ours = _time("units.registry()")
    default = _time("pint.UnitRegistry()")
    print(f"commit_mef.units.registry(): {ours * 1e3:.1f} ms (median of {RUNS})")
    print(f"pint.UnitRegistry():         {default * 1e3:.1f} ms (median of {RUNS})")
    print(f"ratio: {ours / default:.1%} (goal <= 10%)")


if __name__ == "__main__":
    main()
