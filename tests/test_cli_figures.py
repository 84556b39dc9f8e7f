"""The command line with a user's own figures: CSV layouts and ``validate --plan PLAN FIGURES``."""

from __future__ import annotations

from pathlib import Path

import pytest

from commit_mef import io
from commit_mef.cli import main
from commit_mef.indicators import SEX, Indicator
from commit_mef.plans import Area, Objective, Plan, Target

PLAN = Plan(
    code="SPA IV",
    title="Plan IV",
    period="2015-2018",
    indicators=(
        Indicator(
            id="trained", name="Officials trained", kind="count", unit="person", dimensions=(SEX,)
        ),
    ),
    areas=(
        Area(
            number=1,
            title="Policy",
            objectives=(
                Objective(
                    id="1.1",
                    title="Trained",
                    targets=(Target(id="t1", indicator="trained", value=100, period="2015-2018"),),
                ),
            ),
        ),
    ),
)
GOOD = 'country,year,indicator,sex,value,note\nCambodia,2016,trained,female,"1,200",\nLao PDR,2016,trained,male,,not collected\n'
BAD = (
    "country,year,indicator,sex,value,note\n"
    "Cambodia,2016,trainde,female,12,\n"
    "Atlantis,2016,trained,female,abc,\n"
    "Thailand,2016,trained,F,3,\n"
    "Malaysia,2016,trained,female,3,\n"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    plan = tmp_path / "plan.json"
    io.dump(PLAN, plan)
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    return {"plan": str(plan), "good": str(good), "bad": str(bad)}


def test_validate_figures_against_a_plan_lists_every_problem_and_exits_1(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--plan", files["plan"], files["bad"]]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert [line.rsplit(" @ ", 1)[-1] for line in lines] == [
        "row 2, column 'indicator'",
        "row 3, column 'country'",
        "row 3, column 'value'",
        "row 4, column 'sex'",
    ]
    assert "[figure-unknown-indicator]" in lines[0]
    assert "did you mean 'trained'" in lines[0]
    assert "[code-not-in-list]" in lines[3]
    assert "4 problem(s)" in err
    assert "Traceback" not in out + err


def test_validate_figures_shows_warnings_once_the_file_loads(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    partner = tmp_path / "partner.csv"
    partner.write_text(GOOD.replace("Lao PDR", "Malaysia"), encoding="utf-8")
    assert main(["validate", "--plan", files["plan"], str(partner), "--thousands", ","]) == 1
    out = capsys.readouterr().out
    assert "warning [figure-partner-country] figures[1].country" in out


def test_validate_clean_figures_exits_0(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--plan", files["plan"], files["good"], "--thousands", ","]) == 0
    assert "ok (ObservationTable, 2 figures checked against SPA IV)" in capsys.readouterr().out


def test_a_thousands_separator_not_declared_is_named_with_its_option(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--plan", files["plan"], files["good"]]) == 1
    assert "'1,200' is not a number" in capsys.readouterr().out


def test_report_reads_a_natural_csv_with_column_options(
    tmp_path: Path, files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    mapped = tmp_path / "mapped.csv"
    mapped.write_text(
        GOOD.replace("year", "Reporting year").replace("value", "Figure"), encoding="utf-8"
    )
    args = ["--columns", "period=Reporting year,value=Figure", "--thousands", ","]
    assert main(["report", "--plan", files["plan"], "--data", str(mapped), *args]) == 0
    out = capsys.readouterr().out
    assert "1,200" in out


def test_report_on_a_bad_csv_names_the_count_lists_each_problem_and_exits_2(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--plan", files["plan"], "--data", files["bad"]]) == 2
    first, *rest = capsys.readouterr().err.splitlines()
    assert first.endswith("bad.csv: 2 problems, nothing read")
    assert len(rest) == 2
    assert any("'abc' is not a number" in line for line in rest)


def test_a_bad_columns_option_is_bad_usage(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--data", files["good"], "--columns", "period"]) == 2
    assert "write it like period=Year" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["in-process", "duckdb"])
def test_a_broken_parquet_file_is_one_line_on_stderr_not_a_traceback(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pyarrow")
    if engine == "duckdb":
        pytest.importorskip("ibis")
    (tmp_path / "obs").mkdir()
    (tmp_path / "obs" / "part-0.parquet").write_text("no")
    assert main(["report", "--data", str(tmp_path / "obs"), "--engine", engine]) == 2
    _out, err = capsys.readouterr()
    assert err.startswith(f"commit-mef: error: {tmp_path / 'obs'}: not a Parquet file: ")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
