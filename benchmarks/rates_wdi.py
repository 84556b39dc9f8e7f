"""First use of the shipped WDI rates: one currency's rate vs building every rate.

``RateTable.wdi()`` splits the shipped file into lines per currency and builds a currency's
``ExchangeRate`` objects on its first use.  Timed in fresh interpreters (the table is
cached in-process), with ``commit_mef.rates`` already imported, median of several runs:

* first use: ``RateTable.wdi().rate("THB", 2014)`` — what a typical caller pays;
* every rate: ``RateTable.wdi().rates`` — all 8,554 rates of 146 currencies (and
  pycountry's currency database for the codes not built in), what every first call cost
  before the table became lazy.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

RUNS = 11

SNIPPET = """
import sys
import time
from commit_mef.rates import RateTable
t = time.perf_counter()
{work}
print(time.perf_counter() - t, "pycountry" in sys.modules)
"""


def _time(work: str) -> tuple[float, bool]:
    runs = []
    pycountry = False
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", SNIPPET.format(work=work)],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, loaded = out.stdout.split()
        runs.append(float(seconds))
        pycountry = pycountry or loaded == "True"
    return statistics.median(runs), pycountry


def main() -> None:
    first, first_pycountry = _time('RateTable.wdi().rate("THB", 2014)')
    every, _ = _time("RateTable.wdi().rates")
    print(f"first use (THB 2014): {first * 1e3:.1f} ms (pycountry loaded: {first_pycountry})")
    print(f"every rate:           {every * 1e3:.1f} ms")
    print(f"ratio: {first / every:.2f}x")


if __name__ == "__main__":
    main()
