"""The package's types as a type checker sees them: unknown names fail, results are precise.

One mypy run over a small script of the package's users; each line the script marks
``# E: <text>`` must give an error containing the text there, and no other line may.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

SNIPPET = """\
import commit_mef as cm
import commit_mef.progress as progress_module
from commit_mef import io
from commit_mef.aggregation import AggregateRow
from commit_mef.money import Money

cm.NotAThing  # E: Module has no attribute "NotAThing"
cm.money.NotAThing  # E: Module has no attribute "NotAThing"
reveal_type(io.load("plan.json", cm.Plan))  # E: Revealed type is "commit_mef.plans._tree.Plan"
reveal_type(io.loads("{}", cm.Period))  # E: Revealed type is "commit_mef.periods._period.Period"
reveal_type(progress_module.progress)  # E: def (target: commit_mef.plans._leaves.Target
reveal_type(cm.progress.Status.ACHIEVED)  # E: Literal[commit_mef.progress._result.Status.ACHIEVED]
row = AggregateRow(key=(2014,), value=1, rows=1, by=("year",))
reveal_type(row.year)  # E: Revealed type is "int | None"
reveal_type(row.country)  # E: Revealed type is "commit_mef.countries.Country | commit_mef.observations._observation.CountryPair | None"
reveal_type(cm.reports.render_json)  # E: -> dict[str, Any]
cm.ObservationTable.from_rows([]).columns()["magnitude"]
cm.ObservationTable.from_rows([]).columns()["colour"]  # E: has no key "colour"
reveal_type(cm.periods.FiscalCalendar.rules)  # E: tuple[commit_mef.periods._fiscal.FiscalYearRule, ...]
reveal_type(cm.__version__)  # E: Revealed type is "str"
Money("1", "USD")
"""


def test_the_public_types_as_mypy_sees_them(tmp_path: Path) -> None:
    script = tmp_path / "user.py"
    script.write_text(SNIPPET, encoding="utf-8")
    src = Path(__file__).resolve().parents[1] / "src"
    env_path = os.environ.get("MYPYPATH")
    os.environ["MYPYPATH"] = str(src)
    try:
        out, err, _status = mypy_api.run(
            [
                "--strict",
                "--warn-return-any",
                "--no-error-summary",
                "--show-absolute-path",
                "--cache-dir",
                str(tmp_path / "cache"),
                "--python-version",
                f"{sys.version_info.major}.{sys.version_info.minor}",
                str(script),
            ]
        )
    finally:
        if env_path is None:
            os.environ.pop("MYPYPATH", None)
        else:
            os.environ["MYPYPATH"] = env_path
    assert err == ""
    found: dict[int, list[str]] = {}
    for line in out.splitlines():
        match = re.match(rf"{re.escape(str(script))}:(\d+): (?:error|note): (.*)", line)
        if match:
            found.setdefault(int(match.group(1)), []).append(match.group(2))
    expected = {
        n: text.split("# E: ", 1)[1]
        for n, text in enumerate(SNIPPET.splitlines(), start=1)
        if "# E: " in text
    }
    for n, want in expected.items():
        assert any(want in message for message in found.get(n, [])), (n, want, found.get(n))
    assert set(found) <= set(expected), {n: found[n] for n in set(found) - set(expected)}
