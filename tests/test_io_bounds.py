"""Readers bound what they parse (#15 point 2).

Before: a two-line CSV holding ``1e999999999`` never finished loading (the table builder
expanded a billion digits), through ``read_csv``, ``read_datapackage`` and JSON alike; a
header of 100,000 ``dim.*`` columns took minutes (a quadratic check); a FIFO named as a
Data Package resource blocked forever; a resource symlinked outside its folder was read
and its first line quoted; a directory was "no such file"; a NUL byte in a path was a
bare ``ValueError``; ``io.loads`` accepted lone surrogates.
"""

from __future__ import annotations

import io as stdio
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import Money, ObservationTable, io
from commit_mef.errors import LoadError
from commit_mef.io._xlsx_cells import _CellError, read_number
from commit_mef.money._parse import MAX_DECIMAL_DIGITS, MAX_DECIMAL_EXPONENT

SRC = str(Path(__file__).resolve().parents[1] / "src")
CSV_HEAD = "indicator,country,kind,value,currency\n"


def _run(script: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a script on a fresh interpreter; a hang is a TimeoutExpired, not a stuck suite."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
        timeout=timeout,
        check=False,
    )


def _package(folder: Path, value: str = "5") -> Path:
    io.write_datapackage(
        ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[5]), folder
    )
    resource = folder / "observations.csv"
    header, row = resource.read_text(encoding="utf-8").splitlines()
    cells = row.split(",")
    cells[header.split(",").index("number")] = value
    resource.write_text(f"{header}\n{','.join(cells)}\n", encoding="utf-8")
    return resource


# -- numbers -----------------------------------------------------------------------------------
_HUGE = """
import io as stdio, json, sys, pathlib
from commit_mef import io
from commit_mef.errors import LoadError

def refused(read):
    try:
        read()
    except LoadError as exc:
        return [(p.path, p.code) for p in exc.problems]
    return "read"

folder = pathlib.Path(sys.argv[1])
doc = {"format": "commit-mef", "version": 1, "type": "Money",
       "data": {"amount": "1e999999999", "currency": "USD"}}
print(json.dumps({
    "csv": refused(lambda: io.read_csv(stdio.StringIO(
        "indicator,country,kind,value\\nx,KHM,number,1e999999999\\n"))),
    "money-csv": refused(lambda: io.read_csv(stdio.StringIO(
        "indicator,country,kind,value,currency\\nx,KHM,money,1e999999999,USD\\n"))),
    "datapackage": refused(lambda: io.read_datapackage(folder)),
    "json": refused(lambda: io.loads(json.dumps(doc))),
}))
"""


def test_an_unbounded_exponent_fails_fast_in_csv_data_package_and_json(tmp_path: Path) -> None:
    _package(tmp_path, "1e999999999")
    done = _run(_HUGE, str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "csv": [["/rows/2/value", "limit"]],
        "money-csv": [["/rows/2/value", "limit"]],
        "datapackage": [["/rows/2/number", "limit"]],
        "json": [["/data/amount", "limit"]],
    }


@pytest.mark.parametrize(
    "value",
    [
        "1e999999999",
        "-1E-999999999",
        f"1e{MAX_DECIMAL_EXPONENT + 1}",
        "9" * (MAX_DECIMAL_DIGITS + 1),
        "1" * 100_000,  # under the csv module's own 131,072-character field limit
    ],
)
def test_every_reader_names_the_cell_beyond_the_limit(value: str) -> None:
    with pytest.raises(LoadError) as caught:
        io.read_csv(stdio.StringIO(f"{CSV_HEAD}x,KHM,number,{value},\n"))
    problem = caught.value.problems[0]
    assert (problem.path, problem.code) == ("/rows/2/value", "limit")
    assert "at most 100 significant digits" in problem.message
    assert len(problem.message) < 400  # the cell is never quoted whole
    with pytest.raises(LoadError, match="the readers' limit"):
        io.loads(json.dumps({"format": "commit-mef", "version": 1, "type": "Money",
                             "data": {"amount": value, "currency": "USD"}}))  # fmt: skip
    limit = "100 significant digits" if "e" not in value.lower() else "not a number"
    with pytest.raises(LoadError, match=limit):  # a user's own layout writes no exponents
        io.read_csv(stdio.StringIO(f"indicator,country,value\nx,KHM,{value}\n"))
    with pytest.raises(_CellError, match=limit if "e" not in value.lower() else "type digits"):
        read_number(value)  # a cell of a filled xlsx template


def _within(number: Decimal) -> bool:
    _, digits, exponent = number.as_tuple()
    return (
        len(digits) <= MAX_DECIMAL_DIGITS
        and -MAX_DECIMAL_EXPONENT <= int(exponent) <= MAX_DECIMAL_EXPONENT
    )


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(_within))
def test_any_number_within_the_limit_reads_back_exactly(number: Decimal) -> None:
    money = Money(number, "USD")
    assert io.loads(io.dumps(money)) == money
    table = io.read_csv(stdio.StringIO(f"{CSV_HEAD}x,KHM,money,{number},USD\n"))
    assert [o.value for o in table] == [money]


def test_a_columnar_table_with_a_far_exponent_is_refused() -> None:
    text = io.dumps(ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[5]))
    document = json.loads(text)
    document["data"]["exponent"] = MAX_DECIMAL_EXPONENT + 1
    with pytest.raises(LoadError, match="readers' limit"):
        io.loads(json.dumps(document))


# -- the header --------------------------------------------------------------------------------
_WIDE = """
import io as stdio, sys
from commit_mef import io
from commit_mef.errors import LoadError

n = 100_000
dims = [f"dim.d{i}" for i in range(n)]
header = ",".join(["indicator", "country", "kind", "value", *dims])
row = ",".join(["x", "KHM", "number", "1", *["a"] * n])
table = io.read_csv(stdio.StringIO(header + "\\n" + row + "\\n"))
print(len(table), len(table.dimensions))
try:
    io.read_csv(stdio.StringIO(header + ",dim.d7,dim.d9\\n" + row + ",a,a\\n"))
except LoadError as exc:
    print(exc.problems[0].message)
"""


def test_a_header_of_100000_dimension_columns_is_read_in_linear_time() -> None:
    done = _run(_WIDE, timeout=240)  # before: minutes of header.count() per column
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["1 100000", "columns given twice: dim.d7, dim.d9"]


# -- paths -------------------------------------------------------------------------------------
_FIFO = """
import os, sys, pathlib
from commit_mef import io
from commit_mef.errors import LoadError

folder = pathlib.Path(sys.argv[1])
for read in (lambda: io.read_datapackage(folder), lambda: io.read_csv(folder / "observations.csv"),
             lambda: io.load(folder / "observations.csv"),
             lambda: io.read_figures(folder / "observations.csv")):
    try:
        read()
    except LoadError as exc:
        print(exc.problems[0].message.split(os.sep)[-1])
"""


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    resource = _package(tmp_path)
    resource.unlink()
    os.mkfifo(resource)
    done = _run(_FIFO, str(tmp_path), timeout=60)  # before: blocked for ever
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 4
    assert all("is a named pipe (FIFO), not a regular file" in line for line in lines)


def test_a_resource_linked_outside_the_package_is_refused_unread(tmp_path: Path) -> None:
    package, outside = tmp_path / "package", tmp_path / "secret.csv"
    package.mkdir()
    resource = _package(package)
    outside.write_text("indicator,TOP-SECRET-LINE\n", encoding="utf-8")
    resource.unlink()
    resource.symlink_to(outside)
    with pytest.raises(LoadError) as caught:
        io.read_datapackage(package)
    message = str(caught.value)
    assert "leads outside the package folder" in message
    assert "TOP-SECRET-LINE" not in message
    assert "secret.csv" not in message
    (package / "datapackage.json").rename(tmp_path / "descriptor.json")
    (package / "datapackage.json").symlink_to(tmp_path / "descriptor.json")
    with pytest.raises(LoadError, match="leads outside the package folder"):
        io.read_datapackage(package)


def test_a_link_inside_the_package_is_read(tmp_path: Path) -> None:
    resource = _package(tmp_path)
    resource.rename(tmp_path / "real.csv")
    resource.symlink_to(tmp_path / "real.csv")
    assert len(io.read_datapackage(tmp_path)) == 1


def test_a_directory_is_a_directory_not_a_missing_file(tmp_path: Path) -> None:
    for read in (io.read_csv, io.load, io.read_figures, io.read_template):
        with pytest.raises(LoadError, match="is a directory, not a file"):
            read(tmp_path)
    done = _run("import sys; from commit_mef.cli import main; sys.exit(main(sys.argv[1:]))",
                "validate", str(tmp_path))  # fmt: skip
    assert done.returncode == 2
    assert "is a directory" in done.stderr
    assert "no such file" not in done.stderr


def test_a_nul_in_a_path_is_a_load_error(tmp_path: Path) -> None:
    bad = f"{tmp_path}/obs\x00.csv"
    for read in (io.read_csv, io.load, io.read_datapackage, io.read_figures):
        with pytest.raises(LoadError, match="NUL character"):
            read(bad)


def test_a_missing_file_is_still_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        io.read_csv(tmp_path / "missing.csv")


# -- text --------------------------------------------------------------------------------------
@pytest.mark.parametrize("written", ["\\udc80", "\\ud83d", "\udc80"])
def test_loads_refuses_lone_surrogates_naming_the_field(written: str) -> None:
    text = (
        '{"format": "commit-mef", "version": 1, "type": "SourceRef", '
        f'"data": {{"document": "spa3{written}"}}}}'
    )
    with pytest.raises(LoadError) as caught:
        io.loads(text)
    assert caught.value.problems[0].path == "/data/document"
    assert "lone surrogate" in caught.value.problems[0].message


def test_loads_accepts_a_surrogate_pair_as_one_character() -> None:
    text = (
        '{"format": "commit-mef", "version": 1, "type": "SourceRef", '
        '"data": {"document": "spa3 \\ud83d\\ude00"}}'
    )
    assert io.loads(text).document == "spa3 \U0001f600"


@pytest.mark.parametrize("command", [["validate"], ["report", "--data"]])
def test_the_command_line_refuses_a_fifo_with_exit_2_without_blocking(
    tmp_path: Path, command: list[str]
) -> None:
    """A FIFO named as an input is unreadable (exit 2), not a file of problems (exit 1)."""
    fifo = tmp_path / "figures.json"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "commit_mef", *command, str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "not a regular file" in done.stderr
