"""Readers and writers take open files as well as paths; records; Limits presets (issue #23, 5).

A service reads uploads from request bodies (binary streams that cannot seek) and writes
responses to streams, so no reader or writer may insist on a path.
"""

from __future__ import annotations

import io as stdio
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from commit_mef import LoadError, ObservationTable, Period, ValidationError, datasets, io
from commit_mef.io import Limits
from commit_mef.testing import observation_tables


class _Upload(stdio.RawIOBase):
    """A request body: readable once, not seekable (as wsgi.input is)."""

    def __init__(self, data: bytes) -> None:
        self._data = stdio.BytesIO(data)
        self.asked: list[int] = []

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        self.asked.append(-1 if size is None else size)
        return self._data.read(size)


@pytest.fixture(scope="module")
def table() -> ObservationTable:
    return datasets.spa3_report().observations


def test_csv_through_binary_and_text_streams(table: ObservationTable) -> None:
    binary = stdio.BytesIO()
    io.write_csv(table, binary)
    assert not binary.closed  # the writer leaves the caller's stream open
    assert io.read_csv(_Upload(binary.getvalue())) == table
    text = stdio.StringIO()
    io.write_csv(table, text)
    assert text.getvalue() == binary.getvalue().decode("utf-8")
    assert io.read_csv(stdio.StringIO(text.getvalue())) == table


def test_csv_stream_matches_the_file(table: ObservationTable, tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    io.write_csv(table, path)
    stream = stdio.BytesIO()
    io.write_csv(table, stream)
    assert path.read_bytes() == stream.getvalue()


def test_json_through_binary_streams(table: ObservationTable) -> None:
    out = stdio.BytesIO()
    io.dump(table, out)
    assert io.load(_Upload(out.getvalue()), ObservationTable) == table


def test_a_stream_is_read_only_as_far_as_the_limit(table: ObservationTable) -> None:
    body = stdio.BytesIO()
    io.write_csv(table, body)
    upload = _Upload(body.getvalue())
    limits = Limits(max_bytes=1000)
    with pytest.raises(LoadError, match="exceeds the limit of 1,000"):
        io.read_csv(upload, limits=limits)
    assert upload.asked == [1001]


def test_a_non_stream_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="a path or a file object"):
        io.read_csv(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a path or a file object"):
        io.dump(Period.year(2014), 42)  # type: ignore[arg-type]


def test_a_zipped_datapackage_through_streams(table: ObservationTable) -> None:
    archive = stdio.BytesIO()
    io.write_datapackage(table, archive)
    with zipfile.ZipFile(stdio.BytesIO(archive.getvalue())) as z:
        assert sorted(z.namelist()) == ["datapackage.json", "observations.csv"]
    assert io.read_datapackage(_Upload(archive.getvalue())) == table


def test_a_zip_bomb_member_is_refused_unread(table: ObservationTable, tmp_path: Path) -> None:
    genuine = stdio.BytesIO()
    io.write_datapackage(table, genuine)
    with zipfile.ZipFile(stdio.BytesIO(genuine.getvalue())) as z:
        descriptor = z.read("datapackage.json")
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("datapackage.json", descriptor)
        z.writestr("observations.csv", "x" * 5_000_000)
    assert path.stat().st_size < 100_000
    with pytest.raises(LoadError, match=r"observations\.csv unpacks to 5,000,000 bytes"):
        io.read_datapackage(path, limits=Limits(max_bytes=1_000_000))


def test_not_a_zip_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="not a zip archive"):
        io.read_datapackage(stdio.BytesIO(b"indicator,country\n"))


# -- records --------------------------------------------------------------------------------
@settings(max_examples=60)
@given(observation_tables())
def test_records_round_trip(table: ObservationTable) -> None:
    records = io.to_records(table)
    assert all(type(r) is dict for r in records)
    assert all(
        not isinstance(v, dict | list) or k in _NESTED for r in records for k, v in r.items()
    )
    text = json.dumps(records)
    assert io.from_records(text) == table
    assert io.from_records(json.loads(text)) == table


_NESTED = ("stated", "source", "flags", "details")


def test_shipped_records_round_trip(table: ObservationTable) -> None:
    records = io.to_records(table)
    assert len(records) == len(table)
    assert io.from_records(json.dumps(records).encode("utf-8")) == table


def test_bad_records_report_every_problem_with_its_path() -> None:
    bad: list[Any] = [
        {"indicator": "x", "country": "KHM", "kind": "number", "value": 1.5},
        {"country": "KHM", "kind": "bool", "value": "yes", "colour": "red"},
        "row",
        {"indicator": "x", "country": "Atlantis", "kind": "number", "value": "1"},
    ]
    with pytest.raises(LoadError) as caught:
        io.from_records(bad)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["/0/value", "/1/value", "/1/colour", "/1/indicator", "/2", "/3/country"]


def test_records_are_bounded_by_max_rows() -> None:
    one = {"indicator": "x", "country": "KHM", "kind": "none"}
    with pytest.raises(LoadError, match="3 records exceed the limit of 2"):
        io.from_records([one, one, one], limits=Limits(max_rows=2))
    with pytest.raises(LoadError, match="expected an array of records"):
        io.from_records('{"indicator": "x"}')


# -- limits presets -------------------------------------------------------------------------
def test_presets_are_ordered_small_default_trusted() -> None:
    small, default, large = Limits.service(), Limits(), Limits.trusted()
    for field in ("max_bytes", "max_string", "max_depth", "max_rows"):
        assert getattr(small, field) < getattr(default, field) < getattr(large, field), field
    assert (small.max_bytes, small.max_rows) == (8 * 1024 * 1024, 100_000)


@pytest.mark.parametrize(
    "reader",
    [
        lambda body, limits: io.read_csv(stdio.BytesIO(body), limits=limits),
        lambda body, limits: io.from_records(body, limits=limits),
    ],
)
def test_service_limits_refuse_a_large_upload(
    reader: Callable[[bytes, Limits], ObservationTable],
) -> None:
    body = b"[" + b" " * (9 * 1024 * 1024) + b"]"
    with pytest.raises(LoadError, match="exceeds the limit of 8,388,608"):
        reader(body, Limits.service())


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValidationError, match=r"Limits\.max_bytes"):
        Limits(max_bytes=0)


class _Sink:
    """A response body that only has write(bytes), as some frameworks hand out."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        assert isinstance(data, bytes)
        self.chunks.append(data)
        return len(data)


def test_writers_take_a_bare_binary_sink(table: ObservationTable) -> None:
    sink = _Sink()
    io.write_csv(table, sink)  # type: ignore[arg-type]
    assert io.read_csv(stdio.BytesIO(b"".join(sink.chunks))) == table
    sink = _Sink()
    io.dump(Period.year(2014), sink)  # type: ignore[arg-type]
    assert io.loads(b"".join(sink.chunks), Period) == Period.year(2014)
