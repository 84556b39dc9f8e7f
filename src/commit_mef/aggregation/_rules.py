"""The aggregation semantics as data: what is added, refused or assumed, per time rule, basis and cell."""

from __future__ import annotations

import enum
import types
from collections.abc import Mapping, Sequence

from commit_mef._validators import reject_unknown
from commit_mef.errors import AggregationError, InvalidTypeError
from commit_mef.indicators import (
    AggregationRule,
    CountryAggregation,
    Indicator,
    MeasureKind,
    TimeAggregation,
)
from commit_mef.observations import Basis, ObservationTable

__all__ = [
    "ACROSS_COUNTRIES",
    "CELL_RULES",
    "OVER_TIME",
    "QUALITY_NOTES",
    "Treatment",
    "check_by",
    "check_rule",
    "time_family",
]


class Treatment(enum.Enum):
    """What the engine does with a figure or a cell.

    Examples:
        >>> Treatment.EXPAND.value
        'counted once per year'
    """

    _missing_ = reject_unknown

    ADD = "added"
    EXPAND = "counted once per year"
    LATEST = "latest value kept"
    REACHED = "reached if reached in any period"
    RESOLVE = "resolved by a documented rule, said in the assumptions"
    ASSUME = "added, said in the assumptions"
    REFUSE = "refused"


_A, _E, _L, _R, _X = (
    Treatment.ADD,
    Treatment.EXPAND,
    Treatment.LATEST,
    Treatment.REACHED,
    Treatment.REFUSE,
)
_RATE = "a rate, not a total, so adding it counts nothing real"

#: Over time, per family of time rule and basis: the treatment and, for a refusal, why.
#: ``flow`` is a rule that sums over time, ``stock`` one that keeps the last or
#: largest value, ``milestone`` a yes/no reached in any, all or the last period.
OVER_TIME: Mapping[tuple[str, Basis], tuple[Treatment, str]] = types.MappingProxyType(
    {
        ("flow", Basis.TOTAL): (_A, "a total over its period is added"),
        ("flow", Basis.PER_YEAR): (
            _E,
            "a per-year figure counts once for each calendar year of its period",
        ),
        ("flow", Basis.POINT): (
            _X,
            (
                "a point value is a state on a day and is never summed over time; record it under "
                "a stock indicator (rule 'last') or give it basis 'total' if it is a flow"
            ),
        ),
        ("flow", Basis.PER_EVENT): (_X, _RATE),
        ("flow", Basis.PER_PERSON): (_X, _RATE),
        ("stock", Basis.TOTAL): (_L, "the state at the end of its period"),
        ("stock", Basis.PER_YEAR): (_L, "the state at the end of its period"),
        ("stock", Basis.POINT): (_L, "the state on the day its period ends"),
        ("stock", Basis.PER_EVENT): (_X, _RATE),
        ("stock", Basis.PER_PERSON): (_X, _RATE),
        ("milestone", Basis.TOTAL): (_R, "reached by the end of its period"),
        ("milestone", Basis.PER_YEAR): (_R, "reached in that year"),
        ("milestone", Basis.POINT): (_R, "reached on that day"),
        ("milestone", Basis.PER_EVENT): (_X, _RATE),
        ("milestone", Basis.PER_PERSON): (_X, _RATE),
    }
)

#: Across countries, per rule: what the engine does, in words.
ACROSS_COUNTRIES: Mapping[CountryAggregation, str] = types.MappingProxyType(
    {
        CountryAggregation.SUM: "each country's value added; a pair's figure counts once",
        CountryAggregation.COUNT_ACHIEVED: (
            "the distinct countries credited by achieved facts: a bilateral fact credits both "
            "partners, and a fact linked with same_as to another counts once"
        ),
        CountryAggregation.WEIGHTED_MEAN: (
            "numerator and denominator paired per country and period (a side missing is left "
            "out and named), then sum of numerators / sum of denominators"
        ),
        CountryAggregation.NONE: "refused when several countries fall into one group",
    }
)

#: One value per cell: the checks made before anything is added, by id.
CELL_RULES: Mapping[str, tuple[Treatment, str]] = types.MappingProxyType(
    {
        "duplicate-id": (Treatment.REFUSE, "two observations share one id"),
        "identical-rows": (Treatment.REFUSE, "two rows are identical in every field"),
        "same-as": (
            Treatment.RESOLVE,
            "a figure linked with same_as to another one present is counted once",
        ),
        "subset-of": (Treatment.REFUSE, "a figure and the figure it is part of are both present"),
        "breakdown-beside-total": (
            Treatment.RESOLVE,
            (
                "an undisaggregated figure beside its own breakdown is the total (SDMX _T): the "
                "total is used and its parts are checked not to exceed it, never both added"
            ),
        ),
        "parts-exceed-total": (Treatment.REFUSE, "a breakdown adds up to more than its total"),
        "two-breakdowns": (
            Treatment.REFUSE,
            "two breakdowns (by sex, by age) of the same people with no total",
        ),
        "stock-twice": (Treatment.REFUSE, "two values of one stock in one cell"),
        "budget-overlap": (
            Treatment.REFUSE,
            "budget periods of one recipient overlap (IATI: periods of one budget line do not)",
        ),
        "flow-overlap": (
            Treatment.ASSUME,
            "distinct flow figures of one country whose periods overlap are added",
        ),
    }
)

#: What a result says when figures of some quality went into it, by the flag on its rows.
QUALITY_NOTES: Mapping[str, str] = types.MappingProxyType(
    {
        "approximate": "some figures are approximate ('about'); so are the totals they enter",
        "lower-bound": (
            "some figures are lower bounds ('at least', 'over'): the true totals may be higher"
        ),
        "upper-bound": (
            "some figures are upper bounds ('nearly', 'up to'): the true totals may be lower"
        ),
        "possible-double-count": (
            "some figures are flagged as possible double counts: the totals may count the same "
            "people or events twice"
        ),
    }
)

_STOCK = (TimeAggregation.LAST, TimeAggregation.MAX)


def time_family(indicator: Indicator, rule: AggregationRule) -> str:
    """``"flow"``, ``"stock"`` or ``"milestone"``: the row of :data:`OVER_TIME` a rule reads.

    Examples:
        >>> from commit_mef.indicators import Indicator
        >>> time_family(Indicator(id="x", name="x", kind="count", unit="person"),
        ...             AggregationRule("sum", "sum"))
        'flow'
    """
    if indicator.kind is MeasureKind.MILESTONE:
        return "milestone"
    if rule.over_time is TimeAggregation.SUM:
        return "flow"
    return "stock"


def check_by(by: Sequence[str], indicator: Indicator, table: ObservationTable) -> tuple[str, ...]:
    """The axes of ``by``, checked: known, not repeated, not a bare string."""
    if isinstance(by, str):
        raise InvalidTypeError(
            f"by must be a tuple of axes such as ({by!r},), not the string {by!r}"
        )
    axes = tuple(by)
    known = {"country", "year", "period", "currency"}
    dims = {d.id for d in indicator.dimensions} | set(table.dimensions)
    for axis in axes:
        if not isinstance(axis, str):
            raise InvalidTypeError(f"each axis in by must be a string, got {axis!r}")
        if axis not in known and axis not in dims and len(table):
            raise AggregationError(
                f"cannot group by {axis!r}: it is neither 'country', 'year', 'period', "
                f"'currency' nor a disaggregation dimension of the data "
                f"({', '.join(sorted(dims)) or 'none'}); check the spelling",
                indicator=indicator.id,
            )
    if len(set(axes)) != len(axes):
        raise AggregationError(f"by names an axis twice: {axes!r}", indicator=indicator.id)
    return axes


def check_rule(indicator: Indicator, rule: AggregationRule | None) -> AggregationRule:
    """The rule to apply: the indicator's own, or ``rule`` if it suits the indicator's kind."""
    kind = indicator.kind
    if kind is MeasureKind.QUALITATIVE:
        raise AggregationError(
            "is qualitative: its values are texts, which are never aggregated; list them, or "
            "count them with a milestone indicator",
            indicator=indicator.id,
            hint="list them with table.filter(indicator=...)",
        )
    if rule is None:
        return indicator.rule
    if not isinstance(rule, AggregationRule):
        raise InvalidTypeError(f"rule must be an AggregationRule, got {type(rule).__name__}")
    over_time, across = AggregationRule.allowed_for(kind)
    own = indicator.rule.over_time
    if rule.over_time is TimeAggregation.SUM and own in _STOCK:
        raise AggregationError(
            f"is a stock (its rule keeps the {own.value} value over time): summing it over "
            "years counts the same offices, people or cases again each year; keep its rule, or "
            "group by 'year' to see each year's value",
            indicator=indicator.id,
        )
    if rule.over_time not in over_time:
        raise AggregationError(
            f"is a {kind.value}, which cannot be aggregated over time by "
            f"{rule.over_time.value!r}; use one of {', '.join(repr(a.value) for a in over_time)}",
            indicator=indicator.id,
        )
    if rule.across_countries not in across:
        what = (
            "summing percentages or ratios across countries is meaningless; use a weighted mean "
            "recomputed from numerator and denominator ('weighted_mean')"
            if kind in (MeasureKind.PERCENTAGE, MeasureKind.RATIO)
            else f"use one of {', '.join(repr(a.value) for a in across)}"
        )
        raise AggregationError(
            f"is a {kind.value}, which cannot be aggregated across countries by "
            f"{rule.across_countries.value!r}: {what}",
            indicator=indicator.id,
        )
    if rule.across_countries is CountryAggregation.WEIGHTED_MEAN and (
        indicator.numerator is None or indicator.denominator is None
    ):
        raise AggregationError(
            "a weighted mean is recomputed from numerator and denominator, and this indicator "
            "names neither; define it with numerator=... and denominator=...",
            indicator=indicator.id,
        )
    return rule
