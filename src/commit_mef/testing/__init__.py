"""Hypothesis strategies for every public domain type.

Use them to property-test code built on :mod:`commit_mef`.  This module needs
`Hypothesis <https://hypothesis.readthedocs.io/>`_ (``pip install
'commit-mef[test]'``); nothing in the package imports it.

Examples:
    >>> from hypothesis import given
    >>> from commit_mef.testing import periods
    >>> @given(periods())
    ... def test_a_period_has_days(p):
    ...     assert p.days >= 1
    >>> test_a_period_has_days()
"""

from __future__ import annotations

# One import line per private module; each module keeps its own __all__.
from commit_mef.testing._base import countries, dates, gms_countries, periods, year_periods
from commit_mef.testing._drafts import continues, decisions, drafted_plans, plan_diffs
from commit_mef.testing._interchange import dhis2_mappings, dhis2_uids, iati_organisations
from commit_mef.testing._logframe import assumptions, logframe_plans, target_parts
from commit_mef.testing._money import currencies, exchange_rates, gms_currencies, money
from commit_mef.testing._observations import (
    country_pairs,
    csv_layouts,
    observation_tables,
    observations,
)
from commit_mef.testing._plans import (
    activities,
    aggregation_rules,
    areas,
    baselines,
    commitments,
    dimensions,
    indicators,
    mous,
    objectives,
    plans,
    sections,
    target_values,
    targets,
    timelines,
)
from commit_mef.testing._reports import (
    progress_reports,
    report_figures,
    target_rows,
    timeline_charts,
)
from commit_mef.testing._results import (
    aggregate_results,
    datasets,
    progress_results,
    validation_reports,
)

__all__ = [
    "activities",
    "aggregate_results",
    "aggregation_rules",
    "areas",
    "assumptions",
    "baselines",
    "commitments",
    "continues",
    "countries",
    "country_pairs",
    "csv_layouts",
    "currencies",
    "datasets",
    "dates",
    "decisions",
    "dhis2_mappings",
    "dhis2_uids",
    "dimensions",
    "drafted_plans",
    "exchange_rates",
    "gms_countries",
    "gms_currencies",
    "iati_organisations",
    "indicators",
    "logframe_plans",
    "money",
    "mous",
    "objectives",
    "observation_tables",
    "observations",
    "periods",
    "plan_diffs",
    "plans",
    "progress_reports",
    "progress_results",
    "report_figures",
    "sections",
    "target_parts",
    "target_rows",
    "target_values",
    "targets",
    "timeline_charts",
    "timelines",
    "validation_reports",
    "year_periods",
]
