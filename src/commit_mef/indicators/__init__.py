"""Indicators: what is measured, in which unit, and how it may be aggregated.

An :class:`Indicator` says what kind of measure it is (:class:`MeasureKind`),
in which unit, which way is better (:class:`Direction`), and how its values
combine (:class:`AggregationRule`) over time (:class:`TimeAggregation`) and
across countries (:class:`CountryAggregation`).  Construction refuses every
combination that cannot make sense: a milestone summed over years, a
percentage summed across countries, a ratio without its factor, a
qualitative indicator aggregated at all.

Disaggregation dimensions (:class:`Dimension`) carry their code lists; the
standard ones are :data:`SEX`, :data:`AGE_BAND`, :data:`FORM_OF_EXPLOITATION`
and :data:`NATIONALITY`.  The code lists are enforced: :func:`code_problems`
refuses a dimension an indicator does not declare and a code outside its list,
wherever figures meet their indicator (loading with a plan, checking figures,
aggregating).

Examples:
    >>> from commit_mef.indicators import Indicator, MeasureKind, SEX
    >>> trained = Indicator(
    ...     id="officials-trained",
    ...     name="Law-enforcement officials trained",
    ...     kind=MeasureKind.COUNT,
    ...     unit="person",
    ...     dimensions=(SEX,),
    ... )
    >>> trained.rule
    AggregationRule(over_time=<TimeAggregation.SUM: 'sum'>, across_countries=<CountryAggregation.SUM: 'sum'>, cumulative=False)
    >>> Indicator(id="npa", name="NPA adopted", kind="milestone", rule=("sum", "none"))
    Traceback (most recent call last):
    ...
    commit_mef.errors.ValidationError: Indicator.rule: milestone indicator 'npa' cannot be aggregated over time by 'sum'; use one of 'any', 'all', 'last', 'none'
"""

from __future__ import annotations

from commit_mef.indicators import _dimensions
from commit_mef.indicators._codes import CodeProblem, code_problems
from commit_mef.indicators._dimensions import Dimension
from commit_mef.indicators._indicator import Indicator
from commit_mef.indicators._rules import (
    AggregationRule,
    CountryAggregation,
    Direction,
    MeasureKind,
    TimeAggregation,
)
from commit_mef.units import COUNT_UNITS

__all__ = [
    "AGE_BAND",
    "COUNT_UNITS",
    "FORM_OF_EXPLOITATION",
    "NATIONALITY",
    "SEX",
    "STANDARD_DIMENSIONS",
    "AggregationRule",
    "CodeProblem",
    "CountryAggregation",
    "Dimension",
    "Direction",
    "Indicator",
    "MeasureKind",
    "TimeAggregation",
    "code_problems",
]

# The standard dimensions are defined in _dimensions and documented here, where they are public.
SEX = _dimensions.SEX
"""Sex of the persons counted."""

AGE_BAND = _dimensions.AGE_BAND
"""Child (under 18) or adult, the distinction trafficking law turns on."""

FORM_OF_EXPLOITATION = _dimensions.FORM_OF_EXPLOITATION
"""Forms of exploitation (after UNODC's Global Report on Trafficking in Persons)."""

NATIONALITY = _dimensions.NATIONALITY
"""Nationality, as ISO 3166-1 alpha-3 codes (``"KHM"``, ``"MMR"``...)."""

STANDARD_DIMENSIONS: tuple[Dimension, ...] = _dimensions.STANDARD_DIMENSIONS
"""The standard dimensions, in the order above."""
