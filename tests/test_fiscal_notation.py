"""The one fiscal-year notation (``THA:FY2015``) in Period.parse, labels and ``--over``."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import GMS, Period, PeriodError, UnknownFiscalYearError, fiscal_calendar
from commit_mef.cli import main
from commit_mef.errors import UnknownCountryError

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("THA:FY2015", D(2014, 10, 1), D(2015, 9, 30)),
        ("THA:FY2014/15", D(2014, 10, 1), D(2015, 9, 30)),
        ("tha : fy 2015", D(2014, 10, 1), D(2015, 9, 30)),
        ("MMR:FY2017/18", D(2017, 4, 1), D(2018, 3, 31)),
        ("MMR:FY2017-18", D(2017, 4, 1), D(2018, 3, 31)),
        ("MMR:FY2018 interim", D(2018, 4, 1), D(2018, 9, 30)),
        ("MMR:FY2021/22 interim", D(2021, 10, 1), D(2022, 3, 31)),
        ("LAO:FY2015-16", D(2015, 10, 1), D(2016, 9, 30)),
        ("LAO:FY2015-2016", D(2015, 10, 1), D(2016, 9, 30)),
        ("LA:FY2017", D(2017, 1, 1), D(2017, 12, 31)),
        ("KHM:FY2014", D(2014, 1, 1), D(2014, 12, 31)),
    ],
)
def test_the_fiscal_notation_names_the_calendars_years(text: str, start: D, end: D) -> None:
    assert Period.parse(text) == Period(start, end)


def test_a_fiscal_year_without_its_country_takes_the_country_given() -> None:
    assert Period.parse("FY2015", country="THA") == Period(D(2014, 10, 1), D(2015, 9, 30))
    assert Period.parse("FY2015", country="LAO") == Period(D(2015, 10, 1), D(2016, 9, 30))
    # a prefix in the text wins over the row's country
    assert Period.parse("KHM:FY2015", country="THA") == Period.year(2015)


def test_a_fiscal_year_with_no_country_at_all_says_how_to_name_it() -> None:
    with pytest.raises(PeriodError, match=r"differ by country.*'THA:FY2015/16'"):
        Period.parse("FY2015/16")


def test_a_split_year_without_fy_is_refused_with_the_notation_in_the_message() -> None:
    with pytest.raises(PeriodError, match=r"'MMR:FY2017/18'") as info:
        Period.parse("2017/18")
    assert "fiscal_year(" not in str(info.value)  # no Python in the message


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("THA:FY2016/18", UnknownFiscalYearError),
        ("LAO:FY2016", UnknownFiscalYearError),
        ("XXX:FY2015", UnknownCountryError),
        ("MYS:FY2015", UnknownFiscalYearError),
    ],
)
def test_a_fiscal_year_the_calendar_lacks_is_the_packages_error(
    text: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        Period.parse(text)


def test_year_named_by_says_which_year_an_integer_names() -> None:
    named = {c.alpha_3: fiscal_calendar(c).year_named_by for c in GMS}
    assert named == {
        "KHM": "start",
        "CHN": "start",
        "LAO": "start",
        "MMR": "start",
        "THA": "end",
        "VNM": "start",
    }
    for code, by in named.items():
        cal = fiscal_calendar(code)
        fy = cal.lookup(2015 if code != "LAO" else 2014)
        year = fy.period.end.year if by == "end" else fy.period.start.year
        assert year == (2015 if code != "LAO" else 2014)


@given(code=st.sampled_from([c.alpha_3 for c in GMS]), first=st.integers(1990, 2030))
def test_every_label_of_every_calendar_reads_back_in_every_spelling(code: str, first: int) -> None:
    cal = fiscal_calendar(code)
    for fy in cal.all_years(first, first):
        spellings = {fy.label, f"FY{fy.label}", fy.label.replace("-", "/")}
        if fy.period.start.year != fy.period.end.year and not fy.interim:
            spellings.add(f"{fy.period.start.year}/{fy.period.end.year % 100:02d}")
            spellings.add(f"{fy.period.start.year}-{fy.period.end.year}")
        for label in spellings:
            assert cal.lookup(label) == fy
            assert Period.parse(f"{code}:FY{label.removeprefix('FY')}") == fy.period
            assert Period.parse(f"FY{label.removeprefix('FY')}", country=code) == fy.period


def test_convert_over_takes_the_fiscal_notation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "1000", "THB", "--over", "THA:FY2015"]) == 0
    qualified = capsys.readouterr().out
    assert "over 2014-10-01/2015-09-30" in qualified
    # without the prefix, the currency's country names the calendar
    assert main(["convert", "1000", "THB", "--over", "FY2015"]) == 0
    assert capsys.readouterr().out == qualified


def test_convert_over_a_fiscal_year_of_no_known_country_is_bad_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["convert", "1000", "USD", "--over", "FY2015"]) == 2
    assert "THA:FY2015" in capsys.readouterr().err
