"""A cold ``commit-mef report`` (text, shipped data) against building pint's default registry.

Both run in fresh interpreters, interleaved so that load on a shared machine hits both
alike: the report is ``python -m commit_mef report`` with its output discarded, the
baseline ``python -c "import pint; pint.UnitRegistry()"``.  Prints the medians and
their ratio (the goal is at most 0.5x), and the same net of bare interpreter start-up.

Both packages run from compiled bytecode, as installed packages do (pip compiles a
wheel's modules on install; pint's are compiled in site-packages): commit_mef's
modules are byte-compiled first, which matters in an editable install under
``PYTHONDONTWRITEBYTECODE``, where every run would otherwise compile them from source.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 11

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "pint.UnitRegistry()": [sys.executable, "-c", "import pint; pint.UnitRegistry()"],
    "commit-mef report": [sys.executable, "-m", "commit_mef", "report"],
}


def main() -> None:
    import commit_mef

    package = Path(commit_mef.__file__).parent
    compileall.compile_dir(package, quiet=1)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for cmd in COMMANDS.values():  # warm the file-system cache once
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    for _ in range(RUNS):
        for name, cmd in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(t) for name, t in times.items()}
    for name, value in median.items():
        print(f"{name:22s} {value * 1000:7.1f} ms (median of {RUNS})")
    empty = median["python -c pass"]
    pint_t, report_t = median["pint.UnitRegistry()"], median["commit-mef report"]
    print(f"ratio report / pint    {report_t / pint_t:.2f}x (goal <= 0.5x)")
    print(f"  net of start-up      {(report_t - empty) / (pint_t - empty):.2f}x")


if __name__ == "__main__":
    main()
