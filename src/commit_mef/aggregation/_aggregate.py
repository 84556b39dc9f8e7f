"""aggregate(): the public entry point, checking its arguments and choosing the run."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, overload

from commit_mef.aggregation._checked import CheckedRun, RowChecks
from commit_mef.aggregation._kernel import Aggregation
from commit_mef.aggregation._many import SharedFactors, SharedRun, check_indicators
from commit_mef.aggregation._one_pass import one_pass
from commit_mef.aggregation._result import AggregateResult
from commit_mef.aggregation._rules import check_by, check_rule
from commit_mef.aggregation._weighted import weighted_mean
from commit_mef.errors import AggregationError, InvalidTypeError
from commit_mef.indicators import AggregationRule, CountryAggregation, Indicator, MeasureKind
from commit_mef.observations import ObservationTable
from commit_mef.periods import Period

if TYPE_CHECKING:
    from commit_mef.rates import RateTable

__all__ = ["aggregate", "check_call"]


@overload
def aggregate(
    table: ObservationTable,
    indicator: Indicator,
    by: Sequence[str] = ("country", "year"),
    *,
    over: Period | None = None,
    currency: str | None = None,
    rates: RateTable | None = None,
    prorate: bool = False,
    rule: AggregationRule | None = None,
    indicators: Mapping[str, Indicator] | Iterable[Indicator] | None = None,
    allow_not_meaningful: bool = False,
) -> AggregateResult: ...


@overload
def aggregate(
    table: ObservationTable,
    indicator: Sequence[Indicator],
    by: Sequence[str] = ("country", "year"),
    *,
    over: Period | None = None,
    currency: str | None = None,
    rates: RateTable | None = None,
    prorate: bool = False,
    rule: AggregationRule | None = None,
    indicators: Mapping[str, Indicator] | Iterable[Indicator] | None = None,
    allow_not_meaningful: bool = False,
) -> dict[str, AggregateResult]: ...


def aggregate(
    table: ObservationTable,
    indicator: Indicator | Sequence[Indicator],
    by: Sequence[str] = ("country", "year"),
    *,
    over: Period | None = None,
    currency: str | None = None,
    rates: RateTable | None = None,
    prorate: bool = False,
    rule: AggregationRule | None = None,
    indicators: Mapping[str, Indicator] | Iterable[Indicator] | None = None,
    allow_not_meaningful: bool = False,
) -> AggregateResult | dict[str, AggregateResult]:
    """Aggregate one indicator's observations by some axes, following its rules for the others.

    Args:
        table: The observations (rows of other indicators are ignored).
        indicator: The indicator to aggregate; its kind, unit and rule decide how.
            Or a list or tuple of indicators, each id once: then the result is a
            ``dict`` from each indicator's id (in the order given) to what
            ``aggregate(table, that_indicator, ...)`` returns, computed in one
            call that works out each exact factor and exchange rate once for
            all of them and, on a numpy table, checks and groups every
            indicator's rows in one pass over the table (the other arguments
            apply to every indicator).
        by: The axes to keep: ``"country"`` (a bilateral fact is its own
            :class:`~commit_mef.CountryPair` group), ``"year"`` (calendar
            years), ``"period"`` (each observation's own period),
            ``"currency"`` (money kept apart per currency, not converted) or a
            disaggregation dimension (``"sex"``).  ``()`` gives one total.
        over: Only the part of the data that falls in this period: flows
            wholly inside it, stocks and milestones as at an end inside it.
        currency: Convert money into this currency (``"USD"``); needed when
            the observations are in several currencies.
        rates: The :class:`~commit_mef.rates.RateTable` to convert with, rate
            per the observation's own period (``RateTable.wdi()``).
        prorate: Split figures over periods that straddle a year or ``over``
            boundary by days (day-weighted) instead of refusing.
        rule: Apply this rule instead of the indicator's (it must suit the
            indicator's kind).
        indicators: The numerator and denominator indicators of a weighted
            mean, by id or as a list.
        allow_not_meaningful: Convert with rates marked not meaningful
            (Myanmar before 2012) instead of refusing.

    Returns:
        An :class:`AggregateResult` with a row per group and what made it.

    Raises:
        AggregationError: the aggregation would mix what does not mix; the
            message says why and what to do instead.
        MissingRateError: a conversion rate is missing.
        RateNotMeaningfulError: a rate needed is marked not meaningful.

    Examples:
        >>> from commit_mef import Observation
        >>> from commit_mef.money import Money
        >>> from commit_mef.rates import RateTable
        >>> from commit_mef.indicators import Indicator
        >>> budget = Indicator(id="budget", name="Budget", kind="money", unit="currency")
        >>> table = ObservationTable.from_rows([
        ...     Observation(indicator="budget", country="THA", period=2014, value=Money("210000000", "THB")),
        ...     Observation(indicator="budget", country="KHM", period=2014, value=Money("149000000", "KHR")),
        ... ])
        >>> aggregate(table, budget, by=("year",))
        Traceback (most recent call last):
        ...
        commit_mef.errors.AggregationError: budget: the observations are in 2 currencies (KHR, THB); convert them into one currency with exchange rates, or total each currency apart
        >>> usd = aggregate(table, budget, by=("year",), currency="USD", rates=RateTable.wdi())
        >>> round(usd.value(2014), 2), usd.unit
        (Decimal('6502454.44'), 'USD')
        >>> [c.method for c in usd.conversions]
        ['KHR to USD via US$; KHR: the 2014 rate', 'THB to USD via US$; THB: the 2014 rate']
        >>> spent = Indicator(id="spent", name="Spent", kind="money", unit="currency")
        >>> both = aggregate(table, [budget, spent], by=("year",), currency="USD", rates=RateTable.wdi())
        >>> list(both), both["budget"] == usd, len(both["spent"])
        (['budget', 'spent'], True, 0)
    """
    if not isinstance(table, ObservationTable):
        raise InvalidTypeError(
            f"aggregate() takes an ObservationTable, got {type(table).__name__}; "
            "build one with ObservationTable.from_rows(observations)"
        )
    options = {
        "over": over,
        "currency": currency,
        "rates": rates,
        "prorate": prorate,
        "rule": rule,
        "indicators": indicators,
        "allow_not_meaningful": allow_not_meaningful,
    }
    if isinstance(indicator, (list, tuple)):  # a str or an Indicator is one (checked below)
        shared = SharedFactors()
        listed = check_indicators(indicator)
        done = one_pass(table, listed, by, shared=shared, **options)
        if done is not None:
            return done
        return {
            ind.id: _one(table, ind, by, shared=shared, **options)  # type: ignore[arg-type]
            for ind in listed
        }
    return _one(table, indicator, by, shared=None, **options)  # type: ignore[arg-type]


def _one(
    table: ObservationTable,
    indicator: Indicator,
    by: Sequence[str],
    *,
    over: Period | None,
    currency: str | None,
    rates: RateTable | None,
    prorate: bool,
    rule: AggregationRule | None,
    indicators: Mapping[str, Indicator] | Iterable[Indicator] | None,
    allow_not_meaningful: bool,
    shared: SharedFactors | None,
    checks: RowChecks | None = None,
) -> AggregateResult:
    """One indicator's result (its run reading the call's shared factors or row checks, if given)."""
    axes, applied = check_call(table, indicator, by, over=over, currency=currency, rule=rule)
    if applied.across_countries is CountryAggregation.WEIGHTED_MEAN:
        return weighted_mean(
            table,
            indicator,
            axes,
            applied,
            indicators=indicators,
            aggregate=aggregate,
            over=over,
            currency=currency,
            rates=rates,
            prorate=prorate,
            allow_not_meaningful=allow_not_meaningful,
        )
    selected = table.filter(indicator=indicator.id)
    if indicator.kind is MeasureKind.ORDINAL and indicator.scale is not None:
        selected = _positions(selected, indicator.scale)
    run: Callable[..., Aggregation] = (
        Aggregation if shared is None else partial(SharedRun, shared=shared)
    )
    if checks is not None:
        run = partial(CheckedRun, checks=checks)
    return run(
        selected,
        indicator,
        axes,
        applied,
        over=over,
        currency=currency,
        rates=rates,
        prorate=prorate,
        allow_not_meaningful=allow_not_meaningful,
    ).run()


def _positions(table: ObservationTable, scale: tuple[str, ...]) -> ObservationTable:
    """An ordinal indicator's figures with each level name read as its position on the scale."""
    import attrs

    from commit_mef.plans._ordinal import level_position

    if not any(isinstance(o.value, str) for o in table):
        return table
    return ObservationTable.from_rows(
        attrs.evolve(o, value=level_position(o.value, scale)) if isinstance(o.value, str) else o
        for o in table
    )


def check_call(
    table: ObservationTable,
    indicator: Indicator,
    by: Sequence[str],
    *,
    over: Period | None,
    currency: str | None,
    rule: AggregationRule | None,
) -> tuple[tuple[str, ...], AggregationRule]:
    """The checks on aggregate()'s arguments, shared by every engine: the axes and the rule."""
    if not isinstance(indicator, Indicator):
        raise InvalidTypeError(f"aggregate() takes an Indicator, got {type(indicator).__name__}")
    axes = check_by(by, indicator, table)
    applied = check_rule(indicator, rule)
    if over is not None and not isinstance(over, Period):
        raise InvalidTypeError(f"over must be a Period or None, got {type(over).__name__} {over!r}")
    if currency is not None and indicator.kind is not MeasureKind.MONEY:
        raise AggregationError(
            f"a currency ({currency}) converts money, but this indicator is a "
            f"{indicator.kind.value}; ask for no currency",
            indicator=indicator.id,
            hint="drop currency= (and rates=)",
        )
    return axes, applied
