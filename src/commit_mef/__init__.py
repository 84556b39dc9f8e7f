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
    from commit_mef.commitments import Commitment, MoU, Section
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
    from commit_mef.indicators import (
        AggregationRule,
        CountryAggregation,
        Dimension,
        Direction,
        Indicator,
        MeasureKind,
        TimeAggregation,
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
    from commit_mef.plans import (
        Activity,
        Area,
        Baseline,
        Level,
        Objective,
        Plan,
        ResultLevel,
        Target,
    )
    from commit_mef.sources import QualityFlag, Severity, SourceRef
    from commit_mef.validation import Issue, Rule, ValidationReport, validate

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
    # commitments
    **dict.fromkeys(("Commitment", "MoU", "Section"), "commitments"),
    # indicators
    **dict.fromkeys(
        (
            "AggregationRule",
            "CountryAggregation",
            "Dimension",
            "Direction",
            "Indicator",
            "MeasureKind",
            "TimeAggregation",
        ),
        "indicators",
    ),
    # plans
    **dict.fromkeys(
        (
            "Activity",
            "Area",
            "Baseline",
            "Level",
            "Objective",
            "Plan",
            "ResultLevel",
            "Target",
        ),
        "plans",
    ),
    # validation
    **dict.fromkeys(("Issue", "Rule", "ValidationReport", "validate"), "validation"),
    # sources
    **dict.fromkeys(("QualityFlag", "Severity", "SourceRef"), "sources"),
}

__all__ = [
    "Activity",
    "AggregationError",
    "AggregationRule",
    "Area",
    "Baseline",
    "Budget",
    "CommitMefError",
    "Commitment",
    "Conversion",
    "Country",
    "CountryAggregation",
    "Currency",
    "CurrencyMismatchError",
    "Dimension",
    "Direction",
    "ExchangeRate",
    "Finding",
    "FiscalCalendar",
    "FiscalYear",
    "GMS",
    "Indicator",
    "Issue",
    "Level",
    "LoadError",
    "MeasureKind",
    "MissingDataError",
    "MissingRateError",
    "MoU",
    "Money",
    "Objective",
    "ParseError",
    "Period",
    "PeriodError",
    "Plan",
    "Problem",
    "QualityFlag",
    "RateNotMeaningfulError",
    "RateTable",
    "ResultLevel",
    "Rule",
    "Section",
    "Severity",
    "SourceRef",
    "Target",
    "TimeAggregation",
    "UnknownCountryError",
    "UnknownCurrencyError",
    "UnknownFiscalYearError",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "check_stated",
    "country",
    "currency",
    "fiscal_calendar",
    "fiscal_year",
    "validate",
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
