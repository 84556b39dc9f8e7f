"""commit_mef.io JSON documents: envelope, round trips, located errors, hostile input."""

from __future__ import annotations

import codecs
import io as stdio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import (
    Country,
    FiscalYear,
    LoadError,
    Period,
    Problem,
    QualityFlag,
    Severity,
    SourceRef,
    country,
    io,
)
from commit_mef.errors import PROBLEM_CODES, pointer_of
from commit_mef.io._json import parse_json
from commit_mef.testing import countries, periods

source_refs = st.builds(
    SourceRef,
    document=st.text(min_size=1).filter(str.strip),
    section=st.none() | st.text(),
    block=st.none() | st.text(),
    line=st.none() | st.integers(1, 10**6),
    area=st.none() | st.integers(-5, 50),
)
quality_flags = st.builds(
    QualityFlag,
    code=st.text(min_size=1).filter(str.strip),
    severity=st.sampled_from(Severity),
    note=st.text(),
    related=st.lists(st.text(), max_size=3).map(tuple),
)
fiscal_years = st.builds(FiscalYear, st.text(), periods(), st.booleans())
LANDED = st.one_of(periods(), countries(), source_refs, quality_flags, fiscal_years)


def doc(type_name: str, data: Any, **envelope: Any) -> str:
    value = {"format": "commit-mef", "version": 1, "type": type_name, "data": data, **envelope}
    return json.dumps(value, ensure_ascii=False)


# -- round trips ------------------------------------------------------------------------------
@given(LANDED)
def test_loads_of_dumps_is_the_same_value(value: object) -> None:
    assert value == io.loads(io.dumps(value))
    assert value == io.loads(io.dumps(value, indent=2).encode(), type(value))


@given(LANDED)
def test_dumped_documents_validate_against_their_json_schema(value: object) -> None:
    schema = io.json_schema(type(value))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(io.dumps(value)), schema, cls=jsonschema.Draft202012Validator)


def test_encodings_are_the_documented_ones() -> None:
    assert json.loads(io.dumps(country("Laos")))["data"] == "LAO"
    assert json.loads(io.dumps(Period.years(2011, 2014)))["data"] == "2011-2014"
    flag = QualityFlag(code="x", severity=Severity.ERROR, related=("a",))
    assert json.loads(io.dumps(flag))["data"] == {
        "code": "x",
        "severity": "error",
        "note": "",
        "related": ["a"],
    }


def test_dump_and_load_through_a_file(tmp_path: Path) -> None:
    ref = SourceRef(document="spa3-final-report", section="2.2", line=87)
    path = tmp_path / "ref.json"
    io.dump(ref, path)
    assert path.read_text(encoding="utf-8").endswith("}\n")
    assert ref == io.load(path, SourceRef)
    assert ref == io.load(stdio.BytesIO(path.read_bytes()))


def test_load_names_the_file_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "commit-mef"', encoding="utf-8")
    with pytest.raises(LoadError, match=r"broken\.json: 1 problem") as info:
        io.load(path)
    assert info.value.source == str(path)


def test_dumps_refuses_what_is_not_a_public_type() -> None:
    with pytest.raises(TypeError, match=r"public types of commit_mef.*dict"):
        io.dumps({"a": 1})


def test_country_aliases_are_read_but_alpha_3_is_written() -> None:
    assert country("VNM") == io.loads(doc("Country", "Vietnam"), Country)


# -- the envelope ------------------------------------------------------------------------------
def test_an_unknown_future_version_is_refused_saying_to_upgrade() -> None:
    with pytest.raises(
        LoadError, match=r"version 2 was written by a newer.*upgrade commit-mef"
    ) as info:
        io.loads(doc("Period", "2014", version=2))
    assert [p.path for p in info.value.problems] == ["/version"]
    (problem,) = info.value.problems
    assert (problem.expected, problem.got, problem.hint) == (
        "a version from 1 to 1",
        "2",
        "pip install -U commit-mef",
    )


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ('{"data": "2014"}', "$.format", 'expected "commit-mef", got nothing'),
        (doc("Period", "2014", format="other"), "$.format", "got 'other'"),
        (doc("Period", "2014", version="1"), "$.version", "expected a version number, got '1'"),
        (doc("Period", "2014", version=0), "$.version", "expected a version number"),
        (doc("Nonsense", "2014"), "$.type", "expected a commit_mef type name, got 'Nonsense'"),
        (doc("country", "KHM"), "$.type", "got 'country'"),
        (doc("Period", "2014", extra=1), "$", "unexpected keys 'extra' in the envelope"),
        ("[1, 2]", "$", "expected a commit-mef document"),
        ('{"format": "commit-mef", "version": 1, "type": "Period"}', "$.data", "missing"),
    ],
)
def test_a_bad_envelope_is_located(text: str, path: str, message: str) -> None:
    with pytest.raises(LoadError) as info:
        io.loads(text)
    assert any(p.location == path and message in p.message for p in info.value.problems), str(
        info.value
    )
    assert all(p.path == pointer_of(p.location) for p in info.value.problems)


def test_a_document_of_another_type_is_refused_when_a_type_is_asked_for() -> None:
    with pytest.raises(LoadError, match=r"expected a SourceRef document, got 'Period' @ \$\.type"):
        io.loads(io.dumps(Period.year(2014)), SourceRef)


# -- every problem at once, located ------------------------------------------------------------
def test_every_problem_in_a_document_is_reported_at_once_with_its_path() -> None:
    text = doc(
        "QualityFlag",
        {"code": "", "severity": "fatal", "related": ["a", 3, None], "colour": "red"},
    )
    with pytest.raises(LoadError) as info:
        io.loads(text)
    by_path = {p.path: p for p in info.value.problems}
    assert by_path["/data/related/1"].code == "type"
    assert (by_path["/data/related/1"].expected, by_path["/data/related/1"].got) == (
        "a string",
        "the number 3",
    )
    assert (by_path["/data"].code, by_path["/data"].got) == ("unknown", "colour")
    assert {(p.location, p.message) for p in info.value.problems} == {
        ("$.data.severity", "expected one of 'info', 'warning', 'error', got 'fatal'"),
        ("$.data.related[1]", "expected a string, got the number 3"),
        ("$.data.related[2]", "expected a string, got null"),
        (
            "$.data",
            "unexpected key 'colour'; remove it (QualityFlag has code, severity, note, related)",
        ),
    }


def test_a_validator_failure_is_located_at_its_field() -> None:
    with pytest.raises(LoadError, match=r"must not be empty @ \$\.data\.code") as info:
        io.loads(doc("QualityFlag", {"code": "  "}))
    assert [(p.path, p.code) for p in info.value.problems] == [("/data/code", "invalid")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"label": "x", "period": 2014, "interim": False},
            r"expected a period.*got the number 2014",
        ),
        ({"label": "x", "period": "2014-02-30", "interim": False}, r"day is out of range"),
        ({"label": "x", "period": "2014", "interim": "no"}, r"expected true or false, got 'no'"),
        ({"label": 1, "period": "2014", "interim": False}, r"expected a string, got the number 1"),
        ({"period": "2014"}, r"required key missing; add it @ \$\.data\.label"),
    ],
)
def test_wrong_json_types_are_never_coerced(data: object, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        io.loads(doc("FiscalYear", data))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("Atlantis", r"expected an ISO 3166 alpha-3 country code \(unknown country 'Atlantis'"),
        (["KHM"], "expected an ISO 3166 alpha-3 country code.*got an array"),
    ],
)
def test_an_unknown_country_is_located(data: object, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        io.loads(doc("Country", data))


# -- hostile and broken files ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": NaN}', r"NaN is not valid JSON.*line 1, column 7"),
        ('{"a": -Infinity}', r"-Infinity is not valid JSON"),
        ('{"a": 1e400}', r"1e400 is not valid JSON"),
        ('{"a": 1, "a": 2}', r"duplicate key 'a'; each key may appear once"),
        ('{"format": "commit-mef", "version": 1', r"truncated document"),
        ('{"a": 1} x', r"malformed JSON: Extra data \(line 1, column 10\)"),
        ("", r"truncated document"),
        ('{"a": ' + "9" * 5000 + "}", r"write very long numbers as strings"),
    ],
)
def test_invalid_json_is_a_load_error_with_a_position(text: str, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        io.loads(text)


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks_are_honoured(bom: bytes, encoding: str) -> None:
    text = io.dumps(SourceRef(document="Lao PDR – ພາສາລາວ"))
    assert SourceRef(document="Lao PDR – ພາສາລາວ") == io.loads(bom + text.encode(encoding))
    assert Period.year(2014) == io.loads("\ufeff" + io.dumps(Period.year(2014)))


def test_a_wrong_encoding_is_a_load_error_saying_to_save_as_utf_8() -> None:
    data = doc("SourceRef", {"document": "Région"}).encode("latin-1")
    with pytest.raises(LoadError, match=r"not valid UTF-8 text: byte \d+ .*save the file as UTF-8"):
        io.loads(data)


def test_a_100_mb_string_is_refused_with_the_limit_named() -> None:
    data = doc("SourceRef", {"document": "x" * 100_000_000})
    with pytest.raises(LoadError, match=r"string of 100,000,000 characters exceeds the limit") as e:
        io.loads(data)
    assert [p.path for p in e.value.problems] == ["/data/document"]
    assert e.value.problems[0].code == "limit"
    assert e.value.problems[0].hint == "raise Limits.max_string if you trust the file"


def test_ten_thousand_deep_nesting_is_refused() -> None:
    with pytest.raises(LoadError, match=r"nested deeper than 64 levels"):
        io.loads("[" * 10_000 + "]" * 10_000)
    with pytest.raises(LoadError, match=r"nested deeper than 64 levels"):
        io.loads('{"a": ' * 10_000 + "1" + "}" * 10_000)


def test_nesting_inside_the_limit_is_located() -> None:
    with pytest.raises(LoadError, match=r"nested deeper than 3 levels.* @ \$\.a\[0\]\[0\]"):
        parse_json('{"a": [[[1]]]}', limits=io.Limits(max_depth=3))


def test_limits_are_configurable() -> None:
    big = doc("SourceRef", {"document": "x" * 50})
    with pytest.raises(LoadError, match=r"exceeds the limit of 40; send a smaller") as info:
        io.loads(big, limits=io.Limits(max_bytes=40))
    assert "Limits" not in str(info.value)
    assert info.value.problems[0].hint == "raise Limits.max_bytes if you trust the file"
    with pytest.raises(LoadError, match=r"string of 50 characters exceeds the limit of 10"):
        io.loads(big, limits=io.Limits(max_string=10))
    assert io.loads(big, limits=io.Limits(max_string=50)).document == "x" * 50
    with pytest.raises(LoadError, match=r"string of 11 characters.* @ \$\[1\]"):
        parse_json('["a", "bbbbbbbbbbb", 1]', limits=io.Limits(max_string=10))


def test_a_key_over_the_string_limit_is_refused() -> None:
    with pytest.raises(LoadError, match=r"an object key"):
        parse_json('{"' + "k" * 20 + '": 1}', limits=io.Limits(max_string=10))


def test_load_reads_no_more_than_the_byte_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 1000 + io.dumps(Period.year(2014)).encode())
    with pytest.raises(LoadError, match=r"document of 101 bytes exceeds the limit of 100"):
        io.load(path, limits=io.Limits(max_bytes=100))


# -- fuzz: only the package's own errors -------------------------------------------------------
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.sampled_from(["KHM", "2014"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
TYPE_NAMES = st.sampled_from(["Period", "Country", "SourceRef", "QualityFlag", "FiscalYear"])


@given(TYPE_NAMES, JSON)
def test_arbitrary_data_loads_or_raises_load_error(type_name: str, data: object) -> None:
    problems: tuple[Problem, ...] = ()
    try:
        io.loads(doc(type_name, data))
    except LoadError as exc:
        problems = exc.problems
    assert all(p.location.startswith("$") for p in problems)
    assert all(p.path == pointer_of(p.location) for p in problems)
    assert all(p.code in PROBLEM_CODES for p in problems)


@given(JSON)
def test_arbitrary_json_documents_raise_only_load_error(data: object) -> None:
    with pytest.raises(LoadError):
        io.loads(json.dumps(data))


@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes_raise_only_load_error(data: bytes) -> None:
    with pytest.raises(LoadError):
        io.loads(data)


@given(LANDED, st.data())
def test_a_truncated_document_is_always_refused(value: object, data: st.DataObject) -> None:
    text = io.dumps(value)
    cut = data.draw(st.integers(0, len(text) - 1))
    with pytest.raises(LoadError):
        io.loads(text[:cut])


# -- the module itself -------------------------------------------------------------------------
def test_io_all_is_sorted_and_resolves() -> None:
    assert list(io.__all__) == sorted(io.__all__)
    assert all(getattr(io, name) is not None for name in io.__all__)


def test_importing_io_does_not_import_cattrs() -> None:
    code = "import sys, commit_mef.io; print('cattrs' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_optional_union_field_left_empty_round_trips() -> None:
    """A Baseline with no source (as carry_over() makes them) loads back (regression)."""
    from decimal import Decimal

    from commit_mef.plans import Baseline

    for baseline in (
        Baseline(value=Decimal(5)),
        Baseline(value=Decimal(5), source="SPA III final report"),
        Baseline(value=Decimal(5), source=SourceRef(document="spa3-final-report", line=99)),
    ):
        assert io.loads(io.dumps(baseline)) == baseline
