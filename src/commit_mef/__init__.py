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
from typing import TYPE_CHECKING

from commit_mef import _deprecation

# The names below are listed for type checkers: they see exactly these (and the
# public submodules), so ``commit_mef.NotAThing`` is a type error.  At run time
# each loads on first use through ``__getattr__``, which type checkers never see.
if TYPE_CHECKING:
    from commit_mef import (
        aggregation as aggregation,
    )
    from commit_mef import (
        datasets as datasets,
    )
    from commit_mef import (
        errors as errors,
    )
    from commit_mef import (
        io as io,
    )
    from commit_mef import (
        progress as progress,
    )
    from commit_mef import (
        rates as rates,
    )
    from commit_mef import (
        reports as reports,
    )
    from commit_mef import (
        testing as testing,
    )
    from commit_mef import (
        units as units,
    )
    from commit_mef import (
        validation as validation,
    )
    from commit_mef._version import __version__ as __version__
    from commit_mef.aggregation import AggregateResult, AggregateRow, aggregate
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
        RegistrationError,
        TimelineError,
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
    from commit_mef.money import Budget, Currency, Money, currency
    from commit_mef.observations import Basis, Bound, CountryPair, Observation, ObservationTable
    from commit_mef.periods import (
        FiscalCalendar,
        FiscalYear,
        FiscalYearRule,
        Period,
        fiscal_calendar,
        fiscal_year,
        register_fiscal_calendar,
    )
    from commit_mef.plans import (
        Activity,
        ActivityStatus,
        Area,
        Baseline,
        Continues,
        Decision,
        InterimTarget,
        Level,
        Objective,
        Plan,
        PlanComparison,
        PlanDiff,
        PlanStatus,
        ResultLevel,
        Target,
        compare,
        diff,
    )
    from commit_mef.progress import (
        IndicatorTrace,
        Pace,
        PeriodResult,
        Progress,
        Status,
        carry_over,
        trace,
    )
    from commit_mef.rates import (
        Conversion,
        ExchangeRate,
        Finding,
        RateTable,
        check_stated,
        clear_caches,
    )
    from commit_mef.reports import PlanDocument, ProgressReport, plan_document, progress_report
    from commit_mef.sources import QualityFlag, Severity, SourceRef
    from commit_mef.validation import (
        Issue,
        Rule,
        ValidationReport,
        check_figures,
        register_rule,
        validate,
    )

# Public name -> the module that defines it.  One line per module; keep each block sorted.
_LAZY: dict[str, str] = {
    # errors
    **dict.fromkeys(
        (
            "AggregationError",
            "CommitMefError",
            "CurrencyMismatchError",
            "Decision",
            "LoadError",
            "MissingDataError",
            "MissingRateError",
            "ParseError",
            "PeriodError",
            "Problem",
            "RateNotMeaningfulError",
            "RegistrationError",
            "TimelineError",
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
    **dict.fromkeys(("Budget", "Currency", "Money", "currency"), "money"),
    # rates
    **dict.fromkeys(
        ("Conversion", "ExchangeRate", "Finding", "RateTable", "check_stated", "clear_caches"),
        "rates",
    ),
    # periods
    **dict.fromkeys(
        (
            "FiscalCalendar",
            "FiscalYear",
            "FiscalYearRule",
            "Period",
            "fiscal_calendar",
            "fiscal_year",
            "register_fiscal_calendar",
        ),
        "periods",
    ),
    # observations
    **dict.fromkeys(
        ("Basis", "Bound", "CountryPair", "Observation", "ObservationTable"), "observations"
    ),
    # aggregation
    **dict.fromkeys(("AggregateResult", "AggregateRow", "aggregate"), "aggregation"),
    # progress (``progress`` itself is the submodule; its function is progress.progress)
    **dict.fromkeys(
        ("IndicatorTrace", "Pace", "PeriodResult", "Progress", "Status", "carry_over", "trace"),
        "progress",
    ),
    # reports
    **dict.fromkeys(
        ("PlanDocument", "ProgressReport", "plan_document", "progress_report"), "reports"
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
            "ActivityStatus",
            "Area",
            "Assumption",
            "AssumptionKind",
            "Baseline",
            "Continues",
            "Decision",
            "InterimTarget",
            "Level",
            "Objective",
            "Plan",
            "PlanComparison",
            "PlanDiff",
            "PlanStatus",
            "ResultLevel",
            "Target",
            "compare",
            "diff",
            "TargetPart",
        ),
        "plans",
    ),
    # validation
    **dict.fromkeys(
        ("Issue", "Rule", "ValidationReport", "check_figures", "register_rule", "validate"),
        "validation",
    ),
    # sources
    **dict.fromkeys(("QualityFlag", "Severity", "SourceRef"), "sources"),
}

__all__ = [
    "Activity",
    "ActivityStatus",
    "AggregateResult",
    "AggregateRow",
    "AggregationError",
    "AggregationRule",
    "Area",
    "Assumption",
    "AssumptionKind",
    "Baseline",
    "Basis",
    "Bound",
    "Budget",
    "CommitMefError",
    "Commitment",
    "Continues",
    "Conversion",
    "Country",
    "CountryAggregation",
    "CountryPair",
    "Currency",
    "CurrencyMismatchError",
    "Decision",
    "Dimension",
    "Direction",
    "ExchangeRate",
    "Finding",
    "FiscalCalendar",
    "FiscalYear",
    "FiscalYearRule",
    "GMS",
    "Indicator",
    "IndicatorTrace",
    "InterimTarget",
    "Issue",
    "Level",
    "LoadError",
    "MeasureKind",
    "MissingDataError",
    "MissingRateError",
    "MoU",
    "Money",
    "Objective",
    "Observation",
    "ObservationTable",
    "Pace",
    "ParseError",
    "Period",
    "PeriodError",
    "PeriodResult",
    "Plan",
    "PlanComparison",
    "PlanDiff",
    "PlanDocument",
    "PlanStatus",
    "Problem",
    "Progress",
    "ProgressReport",
    "QualityFlag",
    "RateNotMeaningfulError",
    "RateTable",
    "RegistrationError",
    "ResultLevel",
    "Rule",
    "Section",
    "Severity",
    "SourceRef",
    "Status",
    "Target",
    "TargetPart",
    "TimeAggregation",
    "TimelineError",
    "UnknownCountryError",
    "UnknownCurrencyError",
    "UnknownFiscalYearError",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "aggregate",
    "carry_over",
    "check_figures",
    "check_stated",
    "clear_caches",
    "compare",
    "country",
    "currency",
    "diff",
    "fiscal_calendar",
    "fiscal_year",
    "plan_document",
    "progress",
    "progress_report",
    "register_fiscal_calendar",
    "register_rule",
    "trace",
    "validate",
]


# Public submodules reachable as attributes after a bare ``import commit_mef``.
_SUBMODULES = frozenset(
    {
        "aggregation",
        "datasets",
        "errors",
        "io",
        "progress",
        "rates",
        "reports",
        "testing",
        "units",
        "validation",
    }
)

_deprecation.install()  # old private module paths import with a DeprecationWarning

if not TYPE_CHECKING:  # type checkers see the imports above instead

    def __getattr__(name: str) -> object:
        if name == "__version__":
            from commit_mef._version import __version__ as __version__

            return __version__
        if name in _SUBMODULES:
            return importlib.import_module(f"commit_mef.{name}")
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'commit_mef' has no attribute {name!r}")
        value = getattr(importlib.import_module(f"commit_mef.{module}"), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
