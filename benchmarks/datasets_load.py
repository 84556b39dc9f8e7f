"""Loading the shipped SPA III report: ``spa3_report()`` as a ratio to ``json.load`` of its file.

Each measurement runs in a fresh interpreter so that the loader's cache is cold.  Two
figures are printed:

* warm dependencies: ``import commit_mef`` and the libraries it uses on first call
  (numpy for the columnar table, pycountry for partner countries) are already
  imported; only the data file is read and turned into typed values.  Goal: at most
  50 ms.
* fully cold: the same call in a process that has imported nothing but commit_mef
  (what a script pays once: the package's own modules and attrs classes).

The baseline, ``json.load`` of the same file, is timed in the same process.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

RUNS = 9

WARM = """
import json, time
from importlib.resources import files
import commit_mef, numpy, pycountry
from commit_mef import datasets, observations, plans
from commit_mef.money._currency import _currency_index
pycountry.countries.get(alpha_3="SAU"); _currency_index()
path = files("commit_mef").joinpath("data", "spa3_report.json")
t0 = time.perf_counter(); json.loads(path.read_bytes()); t1 = time.perf_counter()
datasets.spa3_report(); t2 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1]))
"""

COLD = """
import json, time
import commit_mef
t0 = time.perf_counter(); commit_mef.datasets.spa3_report(); t1 = time.perf_counter()
print(json.dumps(t1 - t0))
"""


def run(code: str) -> object:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    warm = [run(WARM) for _ in range(RUNS)]
    baseline = statistics.median(float(w[0]) for w in warm)  # type: ignore[index]
    ours = statistics.median(float(w[1]) for w in warm)  # type: ignore[index]
    cold = statistics.median(float(run(COLD)) for _ in range(RUNS))  # type: ignore[arg-type]
    print(f"json.load of spa3_report.json      {baseline * 1000:7.2f} ms")
    print(
        f"spa3_report(), warm dependencies   {ours * 1000:7.2f} ms  "
        f"ratio {ours / baseline:5.1f}x  (goal <= 50 ms)"
    )
    print(
        f"spa3_report(), fully cold          {cold * 1000:7.2f} ms  (first use imports the modules)"
    )


if __name__ == "__main__":
    main()
