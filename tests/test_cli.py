"""The ``commit-mef`` command, run as a user runs it: in a subprocess."""

from __future__ import annotations

import io as stdio
import json
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from commit_mef import io
from commit_mef._cli_io import _progress
from commit_mef.cli import main
from commit_mef.money import Money
from commit_mef.observations import Observation, ObservationTable
from commit_mef.plans import Area, Objective, Plan, Target
from commit_mef.reports import REPORT_SCHEMA
from commit_mef.sources import SourceRef

COMMANDS = ("report", "validate", "convert", "check", "datasets", "countries")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "commit_mef", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def text_report() -> subprocess.CompletedProcess[str]:
    return run("report")


@pytest.fixture
def clean_table(tmp_path: Path) -> Path:
    table = ObservationTable.from_rows(
        [
            Observation(
                id="LAO.1.budget",
                indicator="budget.allocation",
                country="LAO",
                period=2014,
                basis="per-year",
                value=Money("2000000000", "LAK"),
                stated=Money("246660", "USD"),
                source=SourceRef(document="test", area=1),
            )
        ]
    )
    path = tmp_path / "figures.json"
    io.dump(table, path)
    return path


# -- report ----------------------------------------------------------------------------------


def test_report_default_is_the_shipped_spa3_report_as_text(
    text_report: subprocess.CompletedProcess[str],
) -> None:
    assert text_report.returncode == 0, text_report.stderr
    assert text_report.stderr == ""
    lines = text_report.stdout.splitlines()
    assert lines[0] == "SPA III progress report"
    assert any("This report covers 164 figures" in line for line in lines)
    assert max(len(line) for line in lines) <= 100
    for area in range(1, 6):
        assert any(line.startswith(f"Area {area}: ") for line in lines)


def test_the_shipped_text_report_imports_neither_numpy_nor_pycountry_nor_pint() -> None:
    # the shipped data is small: its tables keep Python lists, sparing a cold start numpy's
    # import; its countries and currencies are built in, sparing pycountry's
    code = (
        "import contextlib, io, sys\n"
        "from commit_mef.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['report'])\n"
        "print(code, *(m in sys.modules for m in ('numpy', 'pycountry', 'pint')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert (done.stdout.split(), done.stderr) == (["0", "False", "False", "False"], "")


def test_report_explains_the_myanmar_rate_refusal(
    text_report: subprocess.CompletedProcess[str],
) -> None:
    out = text_report.stdout
    assert "12,042,358,000 MMK" in out
    assert "not converted: MMK rates over 2011-2014 are not meaningful" in out


def test_report_lists_stated_equivalent_findings(
    text_report: subprocess.CompletedProcess[str],
) -> None:
    assert "finding: stated USD 20,000,000.00 for VND 270,000,000,000" in text_report.stdout


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_report_formats(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    result = run("report", "--format", fmt, "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    if fmt == "markdown":
        assert text.startswith("# SPA III progress report")
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
        assert "<table" in text
    else:
        data = json.loads(text)
        jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(data)
        assert sum(len(a["figures"]) for a in data["data"]["areas"]) == 164


def test_report_json_to_stdout_carries_the_same_totals_as_text(
    text_report: subprocess.CompletedProcess[str],
) -> None:
    result = run("report", "--format", "json")
    data = json.loads(result.stdout)["data"]
    for area in data["areas"]:
        for total in area["totals"]:
            if total["value"] is not None:
                shown = f"{int(total['value']):,}" if "." not in total["value"] else None
                assert shown is None or f"Regional total: {shown}" in text_report.stdout


def test_report_filters_country_and_area() -> None:
    result = run("report", "--format", "json", "--country", "Lao PDR", "--area", "2")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)["data"]
    assert [a["number"] for a in data["areas"]] == [2]
    assert {f["country"] for f in data["areas"][0]["figures"]} == {"LAO"}


def test_report_in_another_currency() -> None:
    result = run("report", "--format", "json", "--currency", "thb")
    data = json.loads(result.stdout)["data"]
    assert data["currency"] == "THB"
    assert {line["to"] for b in data["budgets"] for line in b["lines"]} == {"THB"}


def test_report_on_a_data_file(clean_table: Path) -> None:
    result = run("report", "--data", str(clean_table), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)["data"]
    assert [f["id"] for a in data["areas"] for f in a["figures"]] == ["LAO.1.budget"]


def test_report_writes_charts(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    result = run("report", "--output", str(tmp_path / "r.txt"), "--charts", str(tmp_path))
    assert result.returncode == 0, result.stderr
    # SPA III sets no targets: no target chart (an empty frame helps nobody)
    assert {p.name for p in tmp_path.glob("*.svg")} == {"budget.svg", "trained.svg"}
    assert {p.name for p in tmp_path.glob("*.png")} == {"budget.png", "trained.png"}


def test_report_on_a_missing_data_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("report", "--data", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert result.stderr.startswith("commit-mef: error: cannot read ")
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_report_on_garbage_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run("report", "--data", str(bad))
    assert result.returncode == 2
    assert result.stderr.startswith(f"commit-mef: error: {bad}: malformed JSON")


def test_report_data_file_of_the_wrong_type(tmp_path: Path) -> None:
    path = tmp_path / "period.json"
    path.write_text(
        '{"format": "commit-mef", "version": 1, "type": "Period", "data": "2014"}',
        encoding="utf-8",
    )
    result = run("report", "--data", str(path))
    assert result.returncode == 2
    assert "holds a Period, not figures; figures are an ObservationTable document" in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run("--debug", "report", "--country", "Atlantis")
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    plain = run("report", "--country", "Atlantis")
    assert plain.returncode == 2
    assert plain.stderr.startswith("commit-mef: error: ")
    assert "Traceback" not in plain.stderr


def test_bad_format_is_usage_error() -> None:
    result = run("report", "--format", "pdf")
    assert result.returncode == 2
    assert "unknown format 'pdf'; use one of text, markdown, html, json" in result.stderr
    assert "register_format()" in result.stderr


def test_report_learns_a_registered_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A format registered through the public API is one --format accepts (in-process)."""
    from commit_mef.cli import main
    from commit_mef.reports import ProgressReport, register_format, unregister_format

    def area_count(report: ProgressReport) -> str:
        return f"{report.plan}: {len(report.areas)} areas\n"

    register_format("area-count", area_count)
    try:
        assert main(["report", "--format", "area-count"]) == 0
    finally:
        unregister_format("area-count")
    from commit_mef import datasets, progress_report

    data = datasets.spa3_report()
    expected = progress_report(data.plan, data.observations, indicators=data.indicators)
    assert capsys.readouterr().out == f"SPA III: {len(expected.areas)} areas\n"
    assert main(["report", "--format", "area-count"]) == 2


# -- validate --------------------------------------------------------------------------------


def test_validate_clean_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    io.dump(Plan(code="SPA IV", title="Plan IV", period="2015-2018"), path)
    result = run("validate", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{path}: ok (Plan)\n"


def test_validate_plan_with_problems_lists_rule_and_path(tmp_path: Path) -> None:
    plan = Plan(
        code="SPA IV",
        title="Plan IV",
        period="2015-2018",
        areas=[
            Area(
                number=1,
                title="Policy",
                objectives=[
                    Objective(
                        id="1.1",
                        title="o",
                        targets=[Target(id="t1", indicator="undefined.indicator", value=5)],
                    )
                ],
            )
        ],
    )
    path = tmp_path / "plan.json"
    io.dump(plan, path)
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "[" in result.stdout
    assert "plan.areas[0].objectives[0].targets[0]" in result.stdout


def test_validate_structural_problems_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "ref.json"
    path.write_text(
        '{"format": "commit-mef", "version": 1, "type": "SourceRef", "data": {"line": "7"}}',
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "@ $.data.document" in result.stdout
    assert "@ $.data.line" in result.stdout


def test_validate_unreadable_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"\x00\x01garbage")
    assert run("validate", str(path)).returncode == 2
    assert run("validate", str(tmp_path / "missing.json")).returncode == 2


def test_validate_an_observation_file(clean_table: Path) -> None:
    result = run("validate", str(clean_table))
    assert result.returncode == 0
    assert "ok (ObservationTable)" in result.stdout


# -- convert ---------------------------------------------------------------------------------


def test_convert_prints_result_and_rates() -> None:
    result = run("convert", "2000000000", "LAK", "--to", "USD", "--over", "2014")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "LAK 2,000,000,000.00 = USD 248,681.32 over 2014"
    assert lines[1].startswith("method: ")
    assert lines[2].startswith("rate: LAK 8,042.42157002354 per US$ (2014; World Bank WDI")


def test_convert_over_several_years_weights_the_rates() -> None:
    result = run("convert", "149000000", "KHR", "--over", "2011-2014")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("rate: KHR") == 4
    assert "weight" in result.stdout


def test_convert_refuses_myanmar_before_2012_unless_asked() -> None:
    refused = run("convert", "1000000", "MMK", "--over", "2011")
    assert refused.returncode == 2
    assert refused.stderr.startswith("commit-mef: error: the MMK rate over 2011")
    allowed = run("convert", "1000000", "MMK", "--over", "2011", "--allow-not-meaningful")
    assert allowed.returncode == 0, allowed.stderr
    assert "marked not meaningful; used on request" in allowed.stdout


def test_convert_bad_amount_and_currency() -> None:
    assert run("convert", "1.5.5", "KHR", "--over", "2014").returncode == 2
    unknown = run("convert", "1", "KIP", "--over", "2014")
    assert unknown.returncode == 2
    assert "KIP" in unknown.stderr
    assert len(unknown.stderr.splitlines()) == 1


def test_convert_needs_over() -> None:
    result = run("convert", "1", "KHR")
    assert result.returncode == 2
    assert "--over" in result.stderr


# -- check, datasets, countries --------------------------------------------------------------


def test_check_shipped_data_finds_the_stated_equivalents_that_disagree() -> None:
    result = run("check")
    assert result.returncode == 1
    assert "VNM.1.budget.total (Viet Nam): stated USD 20,000,000.00" in result.stdout
    assert "finding(s)" in result.stderr


def test_check_clean_file(clean_table: Path) -> None:
    result = run("check", "--data", str(clean_table))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 stated equivalent(s) checked, 0 finding(s)\n"


def test_datasets_lists_provenance() -> None:
    result = run("datasets")
    assert result.returncode == 0
    assert "spa3_report  (spa3_report.json)" in result.stdout
    assert "licence:" in result.stdout
    assert "sha256:" in result.stdout


def test_countries_still_works() -> None:
    result = run("countries")
    assert result.returncode == 0
    assert result.stdout.splitlines()[1].startswith("Cambodia")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_each_command(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: commit-mef {command}")


def test_no_command_prints_help_and_exits_2() -> None:
    result = run()
    assert result.returncode == 2
    assert "report" in result.stderr


def test_main_in_process_returns_codes() -> None:
    assert main(["convert", "1", "USD", "--over", "2014"]) == 0
    assert main(["convert", "1", "MMK", "--over", "2011"]) == 2
    assert main(["nonsense"]) == 2


# -- the progress indicator ------------------------------------------------------------------


class _Terminal(stdio.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_once_work_takes_over_a_second() -> None:
    stream = _Terminal()
    with _progress("loading", stream):
        time.sleep(1.5)
    assert "loading" in stream.getvalue()
    assert stream.getvalue().endswith("\r")


def test_progress_is_silent_for_short_work_and_when_piped() -> None:
    short = _Terminal()
    with _progress("loading", short):
        pass
    assert short.getvalue() == ""
    piped = stdio.StringIO()
    with _progress("loading", piped):
        time.sleep(1.2)
    assert piped.getvalue() == ""


def test_no_progress_on_piped_stderr(text_report: subprocess.CompletedProcess[str]) -> None:
    assert text_report.stderr == ""


def test_report_refuses_an_area_the_plan_does_not_have() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "commit_mef", "report", "--area", "9"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "commit-mef: error: areas: SPA III has no area 9; choose among 1, 2, 3, 4, 5\n"
    )
