"""Import time of ``commit_mef`` as a ratio to ``import attrs``, in fresh interpreters.

Each import runs in a new interpreter (``python -X importtime`` is not needed: the wall
time of ``python -c 'import X'`` minus that of ``python -c 'pass'`` is what a user waits).
Prints the medians and the ratio; the goal is at most 1.5x.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 15


def wall(code: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    empty = wall("pass")
    attrs_t = wall("import attrs") - empty
    ours = wall("import commit_mef") - empty
    first_use = wall("import commit_mef; commit_mef.country('KHM'); commit_mef.Period") - empty
    print(f"python startup           {empty * 1000:7.1f} ms")
    print(f"import attrs             {attrs_t * 1000:7.1f} ms")
    print(
        f"import commit_mef        {ours * 1000:7.1f} ms  ratio {ours / attrs_t:.2f}x (goal <= 1.5x)"
    )
    print(f"  + countries and periods {first_use * 1000:6.1f} ms  ratio {first_use / attrs_t:.2f}x")


if __name__ == "__main__":
    main()
