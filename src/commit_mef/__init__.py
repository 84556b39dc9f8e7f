"""commit_mef: a typed monitoring and evaluation core for the COMMIT anti-trafficking plans.

Everything a script needs is importable from here; submodules load on first
use, so ``import commit_mef`` is cheap and touches neither pint, pycountry nor
any data file.

Examples:
    >>> import commit_mef
    >>> commit_mef.country("Lao PDR").currency
    'LAK'
    >>> str(commit_mef.fiscal_year("Thailand", 2015))
    '2014-10-01/2015-09-30'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from commit_mef.countries import GMS, Country, country
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
    from commit_mef.money import (
        Budget,
        Conversion,
        Currency,
        ExchangeRate,
        Finding,
        Money,
        RateTable,
        check_stated,
        currency,
    )
    from commit_mef.periods import (
        FiscalCalendar,
        FiscalYear,
        Period,
        fiscal_calendar,
        fiscal_year,
    )
    from commit_mef.sources import QualityFlag, Severity, SourceRef

# Public name -> the module that defines it.  One line per module; keep each block sorted.
_LAZY: dict[str, str] = {
    # errors
    **dict.fromkeys(
        (
            "AggregationError",
            "CommitMefError",
            "CurrencyMismatchError",
            "LoadError",
            "MissingDataError",
            "MissingRateError",
            "ParseError",
            "PeriodError",
            "Problem",
            "RateNotMeaningfulError",
            "UnknownCountryError",
            "UnknownCurrencyError",
            "UnknownFiscalYearError",
            "ValidationError",
        ),
        "errors",
    ),
    # countries
    **dict.fromkeys(("GMS", "Country", "country"), "countries"),
    # money
    **dict.fromkeys(
        (
            "Budget",
            "Conversion",
            "Currency",
            "ExchangeRate",
            "Finding",
            "Money",
            "RateTable",
            "check_stated",
            "currency",
        ),
        "money",
    ),
    # periods
    **dict.fromkeys(
        ("FiscalCalendar", "FiscalYear", "Period", "fiscal_calendar", "fiscal_year"),
        "periods",
    ),
    # sources
    **dict.fromkeys(("QualityFlag", "Severity", "SourceRef"), "sources"),
}

__all__ = [
    "AggregationError",
    "Budget",
    "CommitMefError",
    "Conversion",
    "Country",
    "Currency",
    "CurrencyMismatchError",
    "ExchangeRate",
    "Finding",
    "FiscalCalendar",
    "FiscalYear",
    "GMS",
    "LoadError",
    "MissingDataError",
    "MissingRateError",
    "Money",
    "ParseError",
    "Period",
    "PeriodError",
    "Problem",
    "QualityFlag",
    "RateNotMeaningfulError",
    "RateTable",
    "Severity",
    "SourceRef",
    "UnknownCountryError",
    "UnknownCurrencyError",
    "UnknownFiscalYearError",
    "ValidationError",
    "__version__",
    "check_stated",
    "country",
    "currency",
    "fiscal_calendar",
    "fiscal_year",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from commit_mef._version import __version__

        return __version__
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'commit_mef' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"commit_mef.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
