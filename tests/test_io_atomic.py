"""Writers replace files atomically (#15 point 1): a failure leaves the old file or package.

Before, ``io.dump``, ``io.write_csv``, ``io.write_datapackage`` and ``commit-mef report -o``
truncated the target and wrote into it: a ValidationError on row 4 left the new header
and three new rows (which ``read_csv`` accepted), a failed Data Package left an old
descriptor over a partial CSV, and a lone surrogate left a 0-byte file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from commit_mef import Observation, ObservationTable, SourceRef, io
from commit_mef.errors import ExportError, ValidationError

SRC = str(Path(__file__).resolve().parents[1] / "src")
LONE = "\udc80"  # what a file decoded with errors="surrogateescape" holds for byte 0x80


def _old_and_new(bad_row: Observation) -> tuple[ObservationTable, ObservationTable]:
    old = ObservationTable.from_columns(indicator="old", country="LAO", magnitude=[1, 2])
    good = [
        Observation(indicator="new", country=c, period=2014, value=i)
        for i, c in enumerate(("KHM", "THA", "VNM"))
    ]
    return old, ObservationTable.from_rows([*good, bad_row])


def _empty_code() -> Observation:
    return Observation(indicator="new", country="MMR", value=4, disaggregation={"sex": ""})


def _surrogate_text() -> Observation:
    return Observation(indicator="new", country="MMR", value=f"caf{LONE}")


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("bad_row", "error", "where"),
    [
        (_empty_code, ValidationError, None),
        (_surrogate_text, ExportError, "/rows/5/text"),
    ],  # a text in its typed column
)
def test_a_failed_csv_write_leaves_the_old_file(
    tmp_path: Path, bad_row: object, error: type[Exception], where: str | None
) -> None:
    old, new = _old_and_new(bad_row())  # type: ignore[operator]
    target = tmp_path / "figures.csv"
    io.write_csv(old, target)
    before = target.read_bytes()
    with pytest.raises(error) as caught:
        io.write_csv(new, target)
    assert target.read_bytes() == before
    assert io.read_csv(target) == old
    assert _listing(tmp_path) == ["figures.csv"]  # no stray temporary file
    if where is not None:
        assert caught.value.problems[0].path == where  # type: ignore[attr-defined]
        assert "lone surrogate (U+DC80)" in str(caught.value)


@pytest.mark.parametrize("bad_row", [_empty_code, _surrogate_text])
def test_a_failed_data_package_write_leaves_the_old_package(
    tmp_path: Path, bad_row: object
) -> None:
    old, new = _old_and_new(bad_row())  # type: ignore[operator]
    io.write_datapackage(old, tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in _listing(tmp_path)}
    with pytest.raises((ValidationError, ExportError)):
        io.write_datapackage(new, tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in _listing(tmp_path)} == before
    assert io.read_datapackage(tmp_path) == old


def test_a_data_package_write_replaces_both_files(tmp_path: Path) -> None:
    old = ObservationTable.from_columns(indicator="old", country="LAO", magnitude=[1, 2])
    new = ObservationTable.from_columns(
        indicator="new", country="KHM", magnitude=[3], disaggregation={"sex": "female"}
    )
    io.write_datapackage(old, tmp_path)
    io.write_datapackage(new, tmp_path)
    assert io.read_datapackage(tmp_path) == new
    assert _listing(tmp_path) == ["datapackage.json", "observations.csv"]


def test_dump_of_a_lone_surrogate_names_the_field_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "source.json"
    io.dump(SourceRef(document="spa3-final-report"), target)
    before = target.read_bytes()
    with pytest.raises(ExportError) as caught:
        io.dump(SourceRef(document="spa3", section=f"2.{LONE}"), target)
    assert caught.value.problems[0].path == "/data/section"
    assert target.read_bytes() == before
    assert _listing(tmp_path) == ["source.json"]
    with pytest.raises(ExportError):
        io.dumps(SourceRef(document="spa3", section=f"2.{LONE}"))


def test_a_failure_while_writing_a_file_leaves_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.json"
    io.dump(SourceRef(document="old"), target)
    before = target.read_bytes()

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        io.dump(SourceRef(document="new"), target)
    with pytest.raises(OSError, match="No space"):
        io.write_csv(
            ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[1]), target
        )
    assert target.read_bytes() == before
    assert _listing(tmp_path) == ["plan.json"]


def test_a_written_file_keeps_the_old_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "figures.csv"
    table = ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[1])
    io.write_csv(table, target)
    target.chmod(0o600)
    io.write_csv(table, target)
    assert target.stat().st_mode & 0o777 == 0o600


_FAILING_DISK = """
import os, sys
from commit_mef.cli import main

def full_disk(_fd):
    raise OSError(28, "No space left on device")

os.fsync = full_disk
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "command",
    [
        ["report", "--format", "markdown", "-o"],
        ["report", "--format", "html", "-o"],
        ["timeline", "--format", "svg", "-o"],
    ],
)
def test_cli_output_is_replaced_atomically(tmp_path: Path, command: list[str]) -> None:
    """``commit-mef ... -o FILE`` on a full disk exits 2 and leaves the old FILE whole."""
    target = tmp_path / "out.txt"
    target.write_text("the old report\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", _FAILING_DISK, *command, str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "No space left on device" in done.stderr
    assert target.read_text(encoding="utf-8") == "the old report\n"
    assert _listing(tmp_path) == ["out.txt"]
    done = subprocess.run(
        [sys.executable, "-m", "commit_mef", *command, str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") != "the old report\n"
    assert _listing(tmp_path) == ["out.txt"]
