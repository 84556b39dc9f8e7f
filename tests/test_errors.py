"""The error family: builtin bases, typed fields, pickling."""

from __future__ import annotations

import copy
import pickle

import pytest

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
    exported = {getattr(errors, n) for n in errors.__all__} - {Problem}
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
    assert [p.path for p in err.problems] == ["$.observations[41].value.currency", "$.plan.period"]


def test_lookup_errors_print_their_message_not_a_repr() -> None:
    assert str(UnknownCountryError("x")) == "unknown country 'x'"
    assert "'unknown" not in str(MissingRateError("MMK", "2022"))
