"""The error family: builtin bases, typed fields, pickling."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import errors
from commit_mef.errors import (
    AggregationError,
    CommitMefError,
    CurrencyMismatchError,
    LoadError,
    MissingDataError,
    MissingRateError,
    ParseError,
    PeriodError,
    Problem,
    RateNotMeaningfulError,
    UnknownCountryError,
    UnknownCurrencyError,
    UnknownFiscalYearError,
    ValidationError,
)

SAMPLES: list[CommitMefError] = [
    CommitMefError("plain"),
    errors.GroupNotFoundError("trained", (2014,), available=3),
    ValidationError("must not be empty", path="plan.code", rule="required"),
    PeriodError("end before start", path="Period.end"),
    UnknownFiscalYearError("none", calendar="Myanmar fiscal calendar", label="2021"),
    UnknownCountryError("Laoss", suggestions=("Lao PDR",)),
    UnknownCurrencyError("KIP", suggestions=("LAK",)),
    CurrencyMismatchError("KHR", "USD", "+"),
    MissingRateError("MMK", "2022", available="1960-2020"),
    MissingDataError("no population", dataset="population", key="ATL 2014"),
    RateNotMeaningfulError("MMK", "2011", reason="fixed official rate"),
    ParseError("ambiguous", text="MMK 12.042.358 million", readings=("a", "b")),
    AggregationError("cannot sum a stock", indicator="offices.blo"),
    LoadError([Problem("$.a", "expected a string", rule="type")], source="f.json"),
    errors.RegistrationError("taken", registry="count unit", name="referral"),
    errors.TimelineError([Problem("Target.timeline[0].period", "outside; move it")]),
    errors.UnknownLanguageError("thai", suggestions=("th",)),
    errors.ExportError([Problem("table[3]", "a multi-year total")], target="DHIS2 dataValueSets"),
    errors.InvalidTypeError("Money.amount must be exact", hint="pass a str"),
    errors.NotFoundError("no indicator 'x'", what="indicator", key="x", available=("a", "b")),
    errors.OutOfRangeError("row 7 is out of range", what="row", key=7),
]

BUILTIN: dict[type[CommitMefError], type[Exception]] = {
    ValidationError: ValueError,
    PeriodError: ValueError,
    UnknownFiscalYearError: ValueError,
    UnknownCountryError: LookupError,
    UnknownCurrencyError: LookupError,
    CurrencyMismatchError: TypeError,
    MissingRateError: LookupError,
    MissingDataError: LookupError,
    RateNotMeaningfulError: ValueError,
    ParseError: ValueError,
    AggregationError: ValueError,
    errors.GroupNotFoundError: KeyError,
    LoadError: ValueError,
    errors.RegistrationError: ValueError,
    errors.TimelineError: ValueError,
    errors.UnknownLanguageError: LookupError,
    errors.ExportError: ValueError,
    errors.InvalidTypeError: TypeError,
    errors.NotFoundError: LookupError,
    errors.OutOfRangeError: IndexError,
}


@pytest.mark.parametrize("err", SAMPLES, ids=lambda e: type(e).__name__)
def test_errors_survive_pickle_and_copy_with_their_fields(err: CommitMefError) -> None:
    for clone in (pickle.loads(pickle.dumps(err)), copy.copy(err), copy.deepcopy(err)):
        assert type(clone) is type(err)
        assert str(clone) == str(err)
        assert clone.__dict__ == err.__dict__
        assert clone == err


@pytest.mark.parametrize(("cls", "builtin"), BUILTIN.items(), ids=lambda x: x.__name__)
def test_each_error_is_also_the_builtin_a_caller_would_catch(
    cls: type[CommitMefError], builtin: type[Exception]
) -> None:
    assert issubclass(cls, CommitMefError)
    assert issubclass(cls, builtin)


def test_every_error_in_all_has_a_sample() -> None:
    exported = {obj for n in errors.__all__ if isinstance(obj := getattr(errors, n), type)} - {
        Problem
    }
    assert exported == {type(e) for e in SAMPLES}


def test_load_error_lists_every_problem_with_its_path() -> None:
    err = LoadError(
        [
            Problem("$.observations[41].value.currency", "expected an ISO 4217 code, got 'KIP'"),
            Problem("$.plan.period", "expected a period such as '2011-2014'", rule="period"),
        ],
        source="report.json",
    )
    assert str(err).splitlines() == [
        "report.json: 2 problems",
        "  expected an ISO 4217 code, got 'KIP' @ $.observations[41].value.currency",
        "  [period] expected a period such as '2011-2014' @ $.plan.period",
    ]
    assert [p.path for p in err.problems] == ["/observations/41/value/currency", "/plan/period"]
    assert [p.location for p in err.problems] == [
        "$.observations[41].value.currency",
        "$.plan.period",
    ]


def test_lookup_errors_print_their_message_not_a_repr() -> None:
    assert str(UnknownCountryError("x")) == "unknown country 'x'"
    assert "'unknown" not in str(MissingRateError("MMK", "2022"))


ERROR_CLASSES: list[type[CommitMefError]] = [
    obj
    for n in errors.__all__
    if isinstance(obj := getattr(errors, n), type) and issubclass(obj, CommitMefError)
]


def test_every_error_class_has_its_own_stable_code_and_an_http_status() -> None:
    codes = [cls.code for cls in ERROR_CLASSES]
    assert len(codes) == len(set(codes)), "two classes share a code"
    for cls in ERROR_CLASSES:
        assert "code" in vars(cls), f"{cls.__name__} inherits its code"
        assert cls.code == cls.code.lower()
        assert " " not in cls.code
        assert cls.http_status in (400, 404, 409, 422)


@pytest.mark.parametrize("err", SAMPLES, ids=lambda e: type(e).__name__)
def test_to_dict_gives_code_status_message_and_hint(err: CommitMefError) -> None:
    data = err.to_dict()
    assert data["code"] == type(err).code
    assert data["status"] == type(err).http_status
    assert data["message"] == str(err)
    assert data["hint"] == err.hint
    carries = isinstance(err, (LoadError, errors.TimelineError, errors.ExportError))
    assert ("problems" in data) == carries
    if carries:
        assert data["problems"] == [p.to_dict() for p in err.problems]  # type: ignore[attr-defined]


def test_programmer_hints_stay_out_of_the_message() -> None:
    for err in (
        RateNotMeaningfulError("MMK", "2011", reason="fixed official rate"),
        CurrencyMismatchError("KHR", "USD", "+"),
        MissingRateError("MMK", "2022"),
        errors.GroupNotFoundError("trained", (2014,), available=0),
        errors.GroupNotFoundError("trained", (2014,), available=3),
    ):
        assert err.hint
        assert "=" not in str(err)
        assert "()" not in str(err)
        assert "RateTable." not in str(err)


def test_problem_keeps_the_old_constructor_and_adds_fields() -> None:
    old = Problem("$.a[0]", "expected a string", "type")
    assert (old.path, old.location, old.rule, old.code) == ("/a/0", "$.a[0]", "type", "rule")
    new = Problem(
        "/rows/2/value",
        "expected a number, got 'ten'",
        code="type",
        expected="a number",
        got="'ten'",
        hint="write numbers with a dot",
    )
    assert new.location == "row 2, column 'value'"
    assert str(new) == "expected a number, got 'ten' @ row 2, column 'value'"
    assert new.to_dict() == {
        "code": "type",
        "expected": "a number",
        "got": "'ten'",
        "hint": "write numbers with a dot",
        "location": "row 2, column 'value'",
        "message": "expected a number, got 'ten'",
        "path": "/rows/2/value",
        "rule": None,
    }
    for clone in (pickle.loads(pickle.dumps(new)), copy.copy(new), copy.deepcopy(new)):
        assert clone == new
        assert clone.to_dict() == new.to_dict()
        assert hash(clone) == hash(new)
    assert new != Problem("/rows/2/value", "expected a number, got 'ten'", code="type")


@pytest.mark.parametrize(
    ("location", "pointer"),
    [
        ("$", ""),
        ("$.data", "/data"),
        ("$.data.areas[2].targets[0].deadline", "/data/areas/2/targets/0/deadline"),
        ('$.data["not an identifier"]', "/data/not an identifier"),
        ("$[0]", "/0"),
        ("$['article']", "/article"),
        ("header", "/header"),
        ("row 2", "/rows/2"),
        ("row 2, column 'value'", "/rows/2/value"),
        ("line 2, per_usd", "/rows/2/per_usd"),
        ("plan.areas[2].title", "/areas/2/title"),
        ("Period.end", "/end"),
        ("/already/a/pointer", "/already/a/pointer"),
    ],
)
def test_every_human_form_has_one_pointer(location: str, pointer: str) -> None:
    assert errors.pointer_of(location) == pointer


@given(st.lists(st.one_of(st.text(min_size=1), st.integers(0, 999).map(str)), max_size=6))
def test_pointer_and_location_round_trip(tokens: list[str]) -> None:
    pointer = "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens)
    location = errors.location_of(pointer)
    assert errors.pointer_of(location) == pointer
    assert Problem(pointer, "m").location == location
    assert Problem(location, "m").path == pointer


@given(st.text(max_size=30))
def test_any_location_text_gives_a_pointer(text: str) -> None:
    pointer = errors.pointer_of(text)
    assert pointer == "" or pointer.startswith("/")
    assert Problem(text, "m").location == text or text.startswith("/") or text == ""


@given(
    st.integers(0, 10**6),
    st.one_of(st.none(), st.text(min_size=1, max_size=12)),
)
def test_row_pointers_round_trip_through_their_human_form(row: int, column: str | None) -> None:
    pointer = f"/rows/{row}" + (
        "" if column is None else "/" + column.replace("~", "~0").replace("/", "~1")
    )
    assert errors.pointer_of(errors.location_of(pointer)) == pointer
