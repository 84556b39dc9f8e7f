"""Kinds of measure, directions of progress, and the aggregation rules each kind allows."""

from __future__ import annotations

import enum
from typing import Any, cast

import attrs

from commit_mef._validators import reject_unknown, to_enum
from commit_mef.errors import InvalidTypeError, ValidationError

__all__ = [
    "AggregationRule",
    "CountryAggregation",
    "Direction",
    "MeasureKind",
    "TimeAggregation",
]


class MeasureKind(enum.Enum):
    """What kind of quantity an indicator measures.

    * ``COUNT``: a number of persons, events, offices... (unit: a count unit).
    * ``MONEY``: an amount of money (unit: an ISO 4217 code, or ``"currency"``).
    * ``PERCENTAGE``: a share between 0 and 100.
    * ``RATIO``: a rate with a factor, such as victims per 100,000 population.
    * ``MILESTONE``: yes/no, reached by a date (a law enacted, an MoU signed).
    * ``ORDINAL``: a level on a named, ordered scale.
    * ``QUALITATIVE``: a narrative; never aggregated.

    Examples:
        >>> MeasureKind("percentage")
        <MeasureKind.PERCENTAGE: 'percentage'>
    """

    _missing_ = reject_unknown

    COUNT = "count"
    MONEY = "money"
    PERCENTAGE = "percentage"
    RATIO = "ratio"
    MILESTONE = "milestone"
    ORDINAL = "ordinal"
    QUALITATIVE = "qualitative"


class Direction(enum.Enum):
    """Which way is progress (IATI's ``ascending`` flag, with a third value).

    Examples:
        >>> Direction("decrease")
        <Direction.DECREASE: 'decrease'>
    """

    _missing_ = reject_unknown

    INCREASE = "increase"
    DECREASE = "decrease"
    MAINTAIN = "maintain"


class TimeAggregation(enum.Enum):
    """How the values of successive periods combine into one.

    * ``SUM``: flows (people trained per year add up).
    * ``LAST``: stocks (offices in operation: the latest value counts).
    * ``MAX``: the highest value reached (stocks, ordinal levels).
    * ``ANY`` / ``ALL``: milestones (reached in any period / in every period).
    * ``NONE``: values of different periods must not be combined.

    Examples:
        >>> TimeAggregation("last")
        <TimeAggregation.LAST: 'last'>
    """

    _missing_ = reject_unknown

    SUM = "sum"
    LAST = "last"
    MAX = "max"
    ANY = "any"
    ALL = "all"
    NONE = "none"


class CountryAggregation(enum.Enum):
    """How the values of several countries combine into a regional one.

    * ``SUM``: counts and money (money after conversion to one currency).
    * ``COUNT_ACHIEVED``: the number of countries that reached their target.
    * ``WEIGHTED_MEAN``: percentages and ratios, recomputed from the sums of
      their numerator and denominator indicators (never a mean of means).
    * ``NONE``: not aggregatable across countries.

    Examples:
        >>> CountryAggregation("count_achieved")
        <CountryAggregation.COUNT_ACHIEVED: 'count_achieved'>
    """

    _missing_ = reject_unknown

    SUM = "sum"
    COUNT_ACHIEVED = "count_achieved"
    WEIGHTED_MEAN = "weighted_mean"
    NONE = "none"


_T, _C = TimeAggregation, CountryAggregation
_K = MeasureKind

#: Which aggregations over time each kind allows (the first is the default).
_TIME_ALLOWED: dict[MeasureKind, tuple[TimeAggregation, ...]] = {
    _K.COUNT: (_T.SUM, _T.LAST, _T.MAX, _T.NONE),
    _K.MONEY: (_T.SUM, _T.LAST, _T.MAX, _T.NONE),
    _K.PERCENTAGE: (_T.LAST, _T.MAX, _T.NONE),
    _K.RATIO: (_T.LAST, _T.MAX, _T.NONE),
    _K.MILESTONE: (_T.ANY, _T.ALL, _T.LAST, _T.NONE),
    _K.ORDINAL: (_T.LAST, _T.MAX, _T.NONE),
    _K.QUALITATIVE: (_T.NONE,),
}

#: Which aggregations across countries each kind allows (the first is the default).
_COUNTRY_ALLOWED: dict[MeasureKind, tuple[CountryAggregation, ...]] = {
    _K.COUNT: (_C.SUM, _C.COUNT_ACHIEVED, _C.NONE),
    _K.MONEY: (_C.SUM, _C.COUNT_ACHIEVED, _C.NONE),
    _K.PERCENTAGE: (_C.NONE, _C.WEIGHTED_MEAN, _C.COUNT_ACHIEVED),
    _K.RATIO: (_C.NONE, _C.WEIGHTED_MEAN, _C.COUNT_ACHIEVED),
    _K.MILESTONE: (_C.COUNT_ACHIEVED, _C.NONE),
    _K.ORDINAL: (_C.NONE, _C.COUNT_ACHIEVED),
    _K.QUALITATIVE: (_C.NONE,),
}


def _check_cumulative(inst: AggregationRule, _attr: attrs.Attribute[bool], value: bool) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(
            f"AggregationRule.cumulative must be a bool, got {type(value).__name__} {value!r}"
        )
    if value and inst.over_time is not TimeAggregation.SUM:
        raise ValidationError(
            f"a cumulative target adds up flows since the baseline, so it needs over_time='sum', "
            f"not {inst.over_time.value!r}; drop cumulative=True or aggregate by 'sum'",
            path="AggregationRule.cumulative",
        )


def _to_over_time(value: object) -> TimeAggregation:
    return to_enum(TimeAggregation, value, "AggregationRule.over_time")


def _to_across(value: object) -> CountryAggregation:
    return to_enum(CountryAggregation, value, "AggregationRule.across_countries")


@attrs.frozen
class AggregationRule:
    """How an indicator's values combine, per axis: over time and across countries.

    Args:
        over_time: How values of successive periods combine.
        across_countries: How values of several countries combine.
        cumulative: Whether a target counts the running total since the
            baseline (a flow summed over the whole plan) rather than a value
            per reporting period.  Only with ``over_time=SUM``.

    Raises:
        ValidationError: ``cumulative`` without ``over_time=SUM``.

    Examples:
        >>> AggregationRule("last", "sum").over_time
        <TimeAggregation.LAST: 'last'>
        >>> AggregationRule("last", "sum", cumulative=True)
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: AggregationRule.cumulative: a cumulative target adds up flows since the baseline, so it needs over_time='sum', not 'last'; drop cumulative=True or aggregate by 'sum'
    """

    over_time: TimeAggregation = attrs.field(converter=_to_over_time)
    across_countries: CountryAggregation = attrs.field(converter=_to_across)
    cumulative: bool = attrs.field(default=False, validator=_check_cumulative)

    @classmethod
    def default_for(cls, kind: MeasureKind | str) -> AggregationRule:
        """The usual rule for a kind of measure.

        Counts and money are flows (summed over time and across countries);
        percentages and ratios keep their last value and are not aggregated
        across countries unless numerator and denominator are given;
        milestones are reached if reached in any period and counted across
        countries; ordinal levels keep their last value; qualitative
        values are never aggregated.

        Examples:
            >>> rule = AggregationRule.default_for("milestone")
            >>> rule.over_time.value, rule.across_countries.value
            ('any', 'count_achieved')
        """
        kind = MeasureKind(kind)
        return cls(_TIME_ALLOWED[kind][0], _COUNTRY_ALLOWED[kind][0])

    @staticmethod
    def allowed_for(
        kind: MeasureKind | str,
    ) -> tuple[tuple[TimeAggregation, ...], tuple[CountryAggregation, ...]]:
        """The aggregations over time and across countries a kind of measure allows.

        Examples:
            >>> over_time, across = AggregationRule.allowed_for("percentage")
            >>> [a.value for a in over_time], [a.value for a in across]
            (['last', 'max', 'none'], ['none', 'weighted_mean', 'count_achieved'])
        """
        kind = MeasureKind(kind)
        return _TIME_ALLOWED[kind], _COUNTRY_ALLOWED[kind]


def _to_rule(value: AggregationRule | tuple[Any, ...] | None) -> AggregationRule:
    """Read a tuple as a rule; ``None`` is replaced by the kind's default after init."""
    if isinstance(value, (tuple, list)):
        return AggregationRule(*value)
    return cast("AggregationRule", value)
