"""Every script in examples/ runs as a user would run it, and prints what it promises.

The scripts are found by listing the folder, so a new example is run without touching this file;
each runs in a subprocess from an empty working directory with its own temporary folder, and
must leave both empty (examples write only to temporary folders they remove).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

# Lines (or parts of lines) each script must print; a script not listed must run and print.
EXPECTED: dict[str, tuple[str, ...]] = {
    "spa3_summary.py": (
        "SPA III: COMMIT Sub-Regional Plan of Action III (2011-2014)",
        "164 figures on 23 indicators",
        "Countries that adopted a national plan of action: 6 of 6",
        "  Lao PDR    USD        248,681",
        "  Viet Nam   USD     12,842,930",
        "  possible-double-count             11",
        "  ambiguous-thousands-separator      1",
    ),
    "build_spa4.py": (
        "SPA III target my.npa: achieved (6 of 6)",
        "SPA III target my.hotline: off track (5 of 7)",
        "carried over: my.hotline, baseline 5",
        "validation: ok, 1 note(s), 10 framework warning(s)",
        "  4.1.1.b    on track (25% of the way, paced by the timeline)",
        "  4.2.2.a    on track (18% of the way, paced by the timeline)",
        "  my.hotline on track (50% of the way, paced by the straight line)",
        "saved the plan: spa4.json",
        "wrote the progress report: spa4-2015.html",
        "drew the timeline: spa4-timeline.svg (10 lanes)",
    ),
    "report_from_workbook.py": (
        (
            "$ commit-mef report --plan my_spa4_plan.json --data spa4-figures-2015.xlsx "
            "--format html -o report.html"
        ),
        "wrote report.html (",
        "11 figures from spa4-figures-2015.xlsx (ILLUSTRATIVE), SPA IV:",
        "Area 4: Protection",
        "  4.1.1.a  KHM           achieved   1200 of 1000",
        "  4.1.1.a  LAO           off track  150 of 1000",
        "  4.2.1.a  VNM           no data",
        "  4.2.2.a  KHM, LAO, VNM off track  405 of 2000",
        "  4.2.2.b  KHM           off track  98334.46 of 400000",
    ),
    "budgets_in_usd.py": (
        "  Cambodia  USD      147,560",
        "  region    USD   69,558,225",
        "  2015      USD   13,337,582",
        "  VND to USD via US$; VND: day-weighted mean of 5 rates over 2011-2015",
        "  Myanmar   USD   14,280,825",
        "With your own table (ILLUSTRATIVE 2011 kyat rate of 815 per US$):",
    ),
    "custom_rates.py": (
        "  THB 496,820,000.00 over budget year 2015 -> USD 14,830,447.76",
        "  KHR 8,110,000.00 over 2014-2015 -> USD 2,000.00",
        "  LAK 2,000,000,000.00 in 2014 -> USD 250,000.00",
        "  refused: the MMK rate over 2011 is marked not meaningful",
        "  LAK per US$ in 2015: 8150",
    ),
    "victims_per_100k.py": (
        "(MADE-UP counts; population: World Bank, World Development Indicators, SP.POP.TOTL)",
        "  Cambodia   0.640   (  100 victims /    15,623,251 people)",
        "  region     0.127   (weighted mean recomputed as victims.detected / population x 100000,",
        "One figure by hand: Cambodia 0.640",
    ),
    "web_service.py": (
        "GET /fiscal-year MYS 2020 -> 200: 2020",
        "POST /aggregate referrals -> 200: Cambodia 40 referrals",
        "POST /progress 1.1.a (records) -> 200: on track, 65 of 100",
        "  1.1.b: not measured: budget: is a money indicator",
        "POST /report json -> 200: a ProgressReport of 4 figures, read back",
        "POST /aggregate (bad CSV) -> 400 unreadable-document: 2 problems",
        "GET /fiscal-year IDN -> 404 unknown-fiscal-year",
    ),
}


def _run(script: Path, cwd: Path, tmp: Path, *args: str) -> str:
    env = {**os.environ, "TMPDIR": str(tmp), "TEMP": str(tmp), "TMP": str(tmp)}
    # the package of this tree, whatever else the environment has installed
    env["PYTHONPATH"] = str(EXAMPLES.parent / "src")
    done = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{script.name} failed:\n{done.stderr}"
    assert done.stderr == "", f"{script.name} wrote to stderr:\n{done.stderr}"
    return done.stdout


def test_the_required_examples_exist() -> None:
    assert {p.name for p in SCRIPTS} >= set(EXPECTED)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_runs_prints_its_key_lines_and_leaves_no_files(
    script: Path, tmp_path: Path
) -> None:
    cwd, tmp = tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    tmp.mkdir()
    out = _run(script, cwd, tmp)
    assert out.strip(), f"{script.name} printed nothing"
    lines = out.splitlines()
    missing = [
        want
        for want in EXPECTED.get(script.name, ())
        if not any(line.startswith(want) or want in line for line in lines)
    ]
    assert missing == []
    assert list(cwd.iterdir()) == []
    assert list(tmp.iterdir()) == []


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_has_a_docstring_and_a_main(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{script.name} needs a module docstring saying what it does"
    mains = [
        node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "main"
    ]
    assert len(mains) == 1, f"{script.name} needs one `def main() -> None`"
    assert ast.unparse(mains[0].returns) == "None" if mains[0].returns else False
    assert not mains[0].args.args
    last = tree.body[-1]
    assert isinstance(last, ast.If)
    assert ast.unparse(last.test) == "__name__ == '__main__'"


def test_build_spa4_keeps_its_files_in_the_folder_it_is_given(tmp_path: Path) -> None:
    cwd, tmp, out = tmp_path / "cwd", tmp_path / "tmp", tmp_path / "out"
    cwd.mkdir()
    tmp.mkdir()
    printed = _run(EXAMPLES / "build_spa4.py", cwd, tmp, str(out))
    assert sorted(p.name for p in out.iterdir()) == [
        "spa4-2015.html",
        "spa4-timeline.svg",
        "spa4.json",
    ]
    assert f"files are in {out}" in printed
    assert (out / "spa4-2015.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
