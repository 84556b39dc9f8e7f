"""The benchmarks still run: each script, on a few rows, checks its engines agree and exits 0.

Speed is never asserted here (the scripts print ratios for a person to read); what is
checked is that a change to the package has not broken a script, as the code-list rule
once broke ``aggregate.py`` without a test noticing.  A script whose benchmark-only
dependency (polars) is missing is skipped, saying so.  Marked ``slow``: CI runs them in
its engine step.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

#: script, its arguments for a few rows, the modules it needs beyond the test extra
SCRIPTS = [
    ("aggregate.py", ["--rows", "3000", "--repeat", "1"], ()),
    ("exports.py", ["--rows", "3000", "--repeat", "1"], ()),
    ("progress.py", ["--rows", "3000", "--repeat", "1"], ()),
    ("money_convert.py", ["--rows", "3000", "--runs", "1"], ()),
    ("read_csv.py", ["--rows", "3000", "--repeat", "1"], ("polars",)),
    ("columnar.py", ["--rows", "3000", "--repeat", "1"], ("polars", "duckdb")),
    ("engines_duckdb.py", ["--rows", "3000", "--check"], ("duckdb", "ibis")),
]


@pytest.mark.parametrize(("script", "args", "needs"), SCRIPTS, ids=[s for s, _, _ in SCRIPTS])
def test_the_benchmark_runs(script: str, args: list[str], needs: tuple[str, ...]) -> None:
    missing = [name for name in needs if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"{script} needs {', '.join(missing)} (benchmark-only: pip install them)")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip(), "the script printed nothing"
