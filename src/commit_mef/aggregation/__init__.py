"""Aggregation: turning observations into regional results, by the indicator's own rules.

:func:`aggregate` combines the observations of one indicator in an
:class:`~commit_mef.ObservationTable` along the axes asked for (``by``), and
collapses the others following the indicator's :class:`~commit_mef.indicators.AggregationRule`:
over time (a flow is summed, a stock keeps its last or largest value, a
milestone is reached if reached in any period) and across countries (summed,
the countries that achieved it counted, or a weighted mean recomputed from
numerator and denominator).

It refuses, with an :class:`~commit_mef.AggregationError` that says why and
what to do instead, whatever would give a wrong number silently: summing a
stock over time, summing or averaging percentages without their weights,
aggregating qualitative values, mixing count units or currencies, putting a
multi-year figure into one year without asking for day-weighted proration,
and adding an observation to another it is part of.

The sums are exact: integer sums of the table's scaled magnitudes, computed
vectorised with numpy over the rows and then, once per distinct
(country, period, currency...) combination, in exact rational arithmetic.
Money is converted per the observation's own period; a converted total is
the exact sum of ``amount x rate(to) / rate(from)`` over its rows, rounded
once, half-even, to 28 significant digits when its decimal expansion does
not end.

Examples:
    >>> from decimal import Decimal
    >>> from commit_mef import ObservationTable, aggregate
    >>> from commit_mef.indicators import Indicator
    >>> trained = Indicator(id="trained", name="People trained", kind="count", unit="person")
    >>> table = ObservationTable.from_columns(
    ...     indicator="trained",
    ...     country=["LAO", "LAO", "KHM"],
    ...     period=[2013, 2014, 2014],
    ...     magnitude=[78, 440, 401],
    ...     unit="person",
    ... )
    >>> result = aggregate(table, trained, by=("country",))
    >>> {str(row.key[0]): row.value for row in result}
    {'Cambodia': Decimal('401'), 'Lao PDR': Decimal('518')}
    >>> aggregate(table, trained, by=()).value()
    Decimal('919')
"""

from commit_mef.aggregation import _rules
from commit_mef.aggregation._aggregate import aggregate
from commit_mef.aggregation._result import AggregateResult, AggregateRow, KeyItem
from commit_mef.aggregation._rules import Treatment

__all__ = [
    "ACROSS_COUNTRIES",
    "CELL_RULES",
    "OVER_TIME",
    "QUALITY_NOTES",
    "AggregateResult",
    "AggregateRow",
    "KeyItem",
    "Treatment",
    "aggregate",
]

#: The :class:`Treatment` of a figure over time, and why for a refusal, per family of time
#: rule (``"flow"``, ``"stock"``, ``"milestone"``) and :class:`~commit_mef.Basis`.
OVER_TIME = _rules.OVER_TIME
#: What is done across countries, in words, per :class:`~commit_mef.CountryAggregation`.
ACROSS_COUNTRIES = _rules.ACROSS_COUNTRIES
#: The one-value-per-cell checks made before anything is added, by id, with their treatment.
CELL_RULES = _rules.CELL_RULES
#: The sentence a result adds when flagged figures went into it, by the flag on its rows.
QUALITY_NOTES = _rules.QUALITY_NOTES
