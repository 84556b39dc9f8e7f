"""Strategies for the ground floor: dates, periods, countries."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from commit_mef.countries import GMS, Country
from commit_mef.periods import Period

__all__ = [
    "countries",
    "dates",
    "gms_countries",
    "periods",
    "year_periods",
]

_MIN = dt.date(1990, 1, 1)
_MAX = dt.date(2040, 12, 31)


def dates(min_value: dt.date = _MIN, max_value: dt.date = _MAX) -> st.SearchStrategy[dt.date]:
    """Dates between ``min_value`` and ``max_value`` (1990-2040 by default).

    Examples:
        >>> from hypothesis import find
        >>> find(dates(), lambda d: d.year == 2014)
        datetime.date(2014, 1, 1)
    """
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def periods(draw: st.DrawFn, min_value: dt.date = _MIN, max_value: dt.date = _MAX) -> Period:
    """Arbitrary periods inside ``min_value``..``max_value``.

    Examples:
        >>> from hypothesis import find
        >>> find(periods(), lambda p: p.days > 400).days > 400
        True
    """
    a = draw(dates(min_value, max_value))
    b = draw(dates(min_value, max_value))
    return Period(min(a, b), max(a, b))


@st.composite
def year_periods(draw: st.DrawFn, first: int = 1990, last: int = 2040) -> Period:
    """Periods of whole calendar years between ``first`` and ``last``.

    Examples:
        >>> from hypothesis import find
        >>> find(year_periods(), lambda p: p.days > 400).is_whole_years
        True
    """
    a = draw(st.integers(first, last))
    b = draw(st.integers(first, last))
    return Period.years(min(a, b), max(a, b))


def gms_countries() -> st.SearchStrategy[Country]:
    """One of the six COMMIT countries.

    Examples:
        >>> from hypothesis import find
        >>> find(gms_countries(), lambda c: c.currency == "THB").name
        'Thailand'
    """
    return st.sampled_from(GMS)


def countries() -> st.SearchStrategy[Country]:
    """A COMMIT country or one of the partner countries the SPA III report names.

    Examples:
        >>> from hypothesis import find
        >>> find(countries(), lambda c: c not in GMS).name
        'Saudi Arabia'
    """
    from commit_mef.countries import country

    partners = tuple(country(code) for code in ("SAU", "MYS", "RUS", "GBR", "AUS", "USA"))
    return st.sampled_from(GMS + partners)
