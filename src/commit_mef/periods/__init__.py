"""Periods of time and the fiscal calendars of the COMMIT countries.

A :class:`Period` is an inclusive range of dates.  Budgets are reported over
calendar years, multi-year totals, or a country's fiscal year, and fiscal
years differ by country and have changed over time (Myanmar twice, Lao PDR
once): :func:`fiscal_year` answers from dated calendar data, never from a
fixed rule.

Examples:
    >>> from commit_mef import Period, fiscal_year
    >>> Period.parse("2011-2014").days
    1461
    >>> fiscal_year("THA", 2015)
    Period(start=datetime.date(2014, 10, 1), end=datetime.date(2015, 9, 30))
"""

from commit_mef.periods._fiscal import (
    FiscalCalendar,
    FiscalYear,
    FiscalYearRule,
    LabelStyle,
    fiscal_calendar,
    fiscal_calendars,
    fiscal_year,
    register_fiscal_calendar,
    unregister_fiscal_calendar,
)
from commit_mef.periods._period import Period

__all__ = [
    "FiscalCalendar",
    "FiscalYear",
    "FiscalYearRule",
    "LabelStyle",
    "Period",
    "fiscal_calendar",
    "fiscal_calendars",
    "fiscal_year",
    "register_fiscal_calendar",
    "unregister_fiscal_calendar",
]
