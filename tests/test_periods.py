"""Periods and fiscal calendars: construction, parsing, set operations, calendars."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import (
    GMS,
    Country,
    Period,
    PeriodError,
    UnknownFiscalYearError,
    fiscal_calendar,
    fiscal_year,
)
from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.periods import FiscalYearRule
from commit_mef.testing import dates, periods

D = dt.date


# -- construction and parsing ---------------------------------------------------------------
def test_end_before_start_is_a_period_error_naming_the_fix() -> None:
    with pytest.raises(PeriodError, match=r"before start.*swap") as info:
        Period(D(2015, 1, 1), D(2014, 12, 31))
    assert info.value.path == "Period.end"


@pytest.mark.parametrize("bad", ["2014", dt.datetime(2014, 1, 1, tzinfo=dt.UTC), 2014, None])
def test_start_and_end_must_be_dates(bad: object) -> None:
    with pytest.raises(TypeError, match=r"datetime\.date"):
        Period(bad, D(2015, 1, 1))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014", Period(D(2014, 1, 1), D(2014, 12, 31))),
        ("2011-2014", Period(D(2011, 1, 1), D(2014, 12, 31))),
        ("2011 – 2014", Period(D(2011, 1, 1), D(2014, 12, 31))),
        ("2013-05", Period(D(2013, 5, 1), D(2013, 5, 31))),
        ("2012-02", Period(D(2012, 2, 1), D(2012, 2, 29))),
        ("2014-10-01", Period(D(2014, 10, 1), D(2014, 10, 1))),
        ("2014-10-01/2015-09-30", Period(D(2014, 10, 1), D(2015, 9, 30))),
        ("2014-10-01..2015-09-30", Period(D(2014, 10, 1), D(2015, 9, 30))),
    ],
)
def test_parse_reads_every_documented_form(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected '2014'"),
        ("FY2015", "THA:FY2015"),
        ("2014-13", "month 13"),
        ("2014-02-30", "day is out of range"),
        ("2014-2011", "is before first year"),
        ("2015-10-01/2014-09-30", "before start"),
        ("14", "expected"),
        ("2014/2015", "expected"),
        ("0000", "year 0"),
    ],
)
def test_parse_rejects_malformed_and_impossible_text_with_a_period_error(
    text: str, message: str
) -> None:
    with pytest.raises(PeriodError, match=message):
        Period.parse(text)


def test_parse_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="takes a string"):
        Period.parse(2014)  # type: ignore[arg-type]


def test_years_rejects_reversed_years_and_bools() -> None:
    with pytest.raises(PeriodError, match="swap"):
        Period.years(2014, 2011)
    with pytest.raises(TypeError):
        Period.year(True)


# -- properties -----------------------------------------------------------------------------
@given(periods())
def test_str_round_trips_through_parse(p: Period) -> None:
    assert Period.parse(str(p)) == p


@given(periods(), periods())
def test_intersection_is_contained_in_both_and_symmetric(a: Period, b: Period) -> None:
    both = a.intersection(b)
    assert both == b.intersection(a)
    if both is None:
        assert not a.overlaps(b)
    else:
        assert a.contains(both)
        assert b.contains(both)
        assert a.overlaps(b)
        assert both.days <= min(a.days, b.days)


@given(periods())
def test_split_by_year_tiles_the_period_exactly(p: Period) -> None:
    pieces = p.split_by_year()
    assert pieces[0].start == p.start
    assert pieces[-1].end == p.end
    for left, right in itertools.pairwise(pieces):
        assert right.start == left.end + dt.timedelta(days=1)
        assert left.end.year + 1 == right.start.year
    assert sum(piece.days for piece in pieces) == p.days
    assert all(piece.start.year == piece.end.year for piece in pieces)


@given(periods(), dates())
def test_contains_a_date_agrees_with_comparison(p: Period, day: dt.date) -> None:
    assert p.contains(day) == (p.start <= day <= p.end) == (day in p)


@given(periods(), periods())
def test_span_contains_both(a: Period, b: Period) -> None:
    s = a.span(b)
    assert s.contains(a)
    assert s.contains(b)


# -- fiscal calendars -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "year", "expected"),
    [
        ("THA", 2015, "2014-10-01/2015-09-30"),
        ("THA", 2014, "2013-10-01/2014-09-30"),
        ("KHM", 2014, "2014"),
        ("CHN", 2011, "2011"),
        ("VNM", 2015, "2015"),
        ("LAO", 2015, "2015-10-01/2016-09-30"),
        ("LAO", 2017, "2017"),
        ("MMR", 2017, "2017-04-01/2018-03-31"),
        ("MMR", 2018, "2018-10-01/2019-09-30"),
        ("MMR", 2020, "2020-10-01/2021-09-30"),
        ("MMR", 2022, "2022-04-01/2023-03-31"),
        ("MMR", "2018 interim", "2018-04-01/2018-09-30"),
        ("MMR", "2021-22 interim", "2021-10-01/2022-03-31"),
        ("MMR", "2017-18", "2017-04-01/2018-03-31"),
        ("MMR", "FY2019/20", "2019-10-01/2020-09-30"),
        ("MMR", "2019-2020", "2019-10-01/2020-09-30"),
        ("LAO", "2015/16", "2015-10-01/2016-09-30"),
    ],
)
def test_fiscal_years_follow_the_dated_calendars(code: str, year: int | str, expected: str) -> None:
    assert str(fiscal_year(code, year)) == expected


@pytest.mark.parametrize(
    ("code", "year", "calendar"),
    [
        ("MMR", 2021, "Myanmar fiscal calendar"),
        ("LAO", 2016, "Lao PDR fiscal calendar"),
        ("MMR", "2018-20", "Myanmar fiscal calendar"),
        ("THA", "2015-17", "Thailand fiscal calendar"),
        ("KHM", "interim", "Cambodia fiscal calendar"),
    ],
)
def test_a_fiscal_year_a_calendar_does_not_define_names_the_calendar(
    code: str, year: int | str, calendar: str
) -> None:
    with pytest.raises(UnknownFiscalYearError) as info:
        fiscal_year(code, year)
    assert info.value.calendar == calendar
    assert calendar in str(info.value)


def test_the_myanmar_gap_year_points_to_the_interim_year() -> None:
    with pytest.raises(UnknownFiscalYearError, match="interim year '2021-22 interim'"):
        fiscal_year("MMR", 2021)


def test_a_country_without_a_calendar_is_refused_clearly() -> None:
    with pytest.raises(UnknownFiscalYearError, match="no fiscal calendar is recorded for Malaysia"):
        fiscal_year("MYS", 2015)


@pytest.mark.parametrize("bad", [2015.0, None, True])
def test_fiscal_year_labels_must_be_int_or_str(bad: object) -> None:
    with pytest.raises(TypeError, match="fiscal year"):
        fiscal_year("THA", bad)  # type: ignore[arg-type]


@given(st.sampled_from(GMS), st.integers(1995, 2035))
def test_fiscal_years_of_one_country_never_overlap_and_gaps_are_documented(
    member: Country, first: int
) -> None:
    cal = fiscal_calendar(member)
    years = cal.all_years(first, first + 5)
    for left, right in itertools.pairwise(years):
        assert left.period.end < right.period.start, (left, right)
        if right.period.start != left.period.end + dt.timedelta(days=1):
            hole = Period(
                left.period.end + dt.timedelta(days=1), right.period.start - dt.timedelta(days=1)
            )
            assert any(gap == hole for gap, _note in cal.gaps), hole


@given(st.sampled_from(GMS), dates(D(1995, 1, 1), D(2035, 12, 31)))
def test_every_day_is_in_exactly_one_fiscal_year_or_a_documented_gap(
    member: Country, day: dt.date
) -> None:
    cal = fiscal_calendar(member)
    found = cal.containing(day)
    if found is None:
        assert any(gap.contains(day) for gap, _note in cal.gaps)
    else:
        assert found.period.contains(day)
        assert len(cal.fiscal_years(Period.day(day))) == 1


@given(st.sampled_from(GMS), st.integers(1995, 2035))
def test_an_integer_label_round_trips_through_its_fiscal_year(member: Country, year: int) -> None:
    cal = fiscal_calendar(member)
    try:
        fy = cal.lookup(year)
    except UnknownFiscalYearError:
        return
    assert cal.lookup(fy.label) == fy
    assert 365 <= fy.period.days <= 366


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2014, "2014"),
        ("2011-2014", "2011-2014"),
        (D(2014, 10, 1), "2014-10-01"),
        (dt.datetime(2014, 10, 1, 12, tzinfo=dt.UTC), "2014-10-01"),
        (Period.years(2011, 2013), "2011-2013"),
    ],
)
def test_coerce_reads_every_form_a_period_argument_takes(value: object, expected: str) -> None:
    assert str(Period.coerce(value)) == expected


@pytest.mark.parametrize("bad", [2014.0, True, None, [2014]])
def test_coerce_refuses_other_types_naming_the_field(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^Target\.period must be a Period"):
        Period.coerce(bad, field="Target.period")


def test_coerce_passes_parse_errors_through() -> None:
    with pytest.raises(PeriodError, match="swap"):
        Period.coerce("2014-2011")


def test_an_undefined_fiscal_year_explains_the_calendar_in_words() -> None:
    with pytest.raises(UnknownFiscalYearError) as info:
        fiscal_year("LAO", 2016)
    message = str(info.value)
    assert "split years starting in 2015 or earlier" in message
    assert "calendar years starting in 2017 or later" in message
    assert "..." not in message


def test_fiscal_year_rule_is_public_and_checked() -> None:
    rule = FiscalYearRule(month=7, style="end-year", first=2000)
    assert fiscal_calendar("THA").rules[0] == FiscalYearRule(month=10, style="end-year")
    assert str(rule.year_starting(2014).period) == "2014-07-01/2015-06-30"
    with pytest.raises(ValidationError, match=r"FiscalYearRule\.style"):
        FiscalYearRule(month=7, style="weekly")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="swap them"):
        FiscalYearRule(month=7, style="split", first=2010, last=2000)
    with pytest.raises(InvalidTypeError):
        FiscalYearRule(month="7", style="split")  # type: ignore[arg-type]
