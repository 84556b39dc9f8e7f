"""Exchange rates as values: a dated rate, one currency's rates in time order, a conversion's result."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from decimal import Decimal

import attrs

from commit_mef._validators import exact_decimal, non_empty_str
from commit_mef.errors import MissingRateError, ValidationError
from commit_mef.money import Currency, Money, currency
from commit_mef.periods import Period

__all__ = ["Conversion", "ExchangeRate", "covering", "describe_span", "index_entry"]


def _rate_value(value: object) -> Decimal:
    return exact_decimal(value, field="ExchangeRate.per_usd")


def _check_positive(_inst: object, _attr: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value <= 0:
        raise ValidationError(
            f"must be above zero (local currency units per US$), got {value}; "
            "a missing rate is left out of the table, not written as 0",
            path="ExchangeRate.per_usd",
        )


def _to_period(value: Period | int | dt.date | str) -> Period:
    """Coerce what users pass as ``over`` into a Period."""
    return Period.coerce(value, field="over")


@attrs.frozen(kw_only=True)
class ExchangeRate:
    """A rate: how many units of a currency one US$ bought over a period.

    Attributes:
        currency: The local currency.
        per_usd: Local currency units per US$ (above zero).
        period: The period the rate applies to (an annual average covers a year).
        source: Who published it.
        vintage: Which release (rates get revised; keep the vintage with every use).
        meaningful: ``False`` when the rate must not be used for conversion
            without an explicit override (Myanmar's fixed official rate before 2012).
        note: Why, or anything else worth knowing.

    Raises:
        ValidationError: ``per_usd`` is zero or below, NaN or infinite.
        TypeError: ``per_usd`` is a float.

    Examples:
        >>> from commit_mef import Period
        >>> r = ExchangeRate(currency="LAK", per_usd="8049", period=Period.year(2014),
        ...                  source="example", vintage="2026-07")
        >>> r.per_usd, r.currency.code
        (Decimal('8049'), 'LAK')
        >>> ExchangeRate(currency="LAK", per_usd=0, period=Period.year(2014), source="x", vintage="y")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: ExchangeRate.per_usd: must be above zero (local currency units per US$), got 0; a missing rate is left out of the table, not written as 0
    """

    currency: Currency = attrs.field(converter=currency)
    per_usd: Decimal = attrs.field(converter=_rate_value, validator=_check_positive)
    period: Period = attrs.field(converter=_to_period)
    source: str = attrs.field(validator=non_empty_str)
    vintage: str = attrs.field(validator=non_empty_str)
    meaningful: bool = True
    note: str = ""

    def __str__(self) -> str:
        flag = "" if self.meaningful else " (not meaningful)"
        return f"{self.per_usd} {self.currency.code} per US$ over {self.period}{flag}, {self.source} ({self.vintage})"


@attrs.frozen(kw_only=True)
class Conversion:
    """A converted amount with what made it: the rates, their weights, the method.

    Attributes:
        source: The amount converted.
        result: The converted amount: the exact value rounded once, half to even, to the
            context's precision (28 significant digits by default); round with
            :meth:`Money.rounded <commit_mef.Money.rounded>` to show it.
        over: The period the rates were taken over.
        rates: Every rate used with its weight (its share of the period's days).
        from_rate: Units of the source currency per US$ used (1 for US$).
        to_rate: Units of the target currency per US$ used (1 for US$).
        method: How the rates were combined, in words.

    Examples:
        >>> from commit_mef.rates import RateTable
        >>> c = RateTable.wdi().conversion(Money.parse("149 million KHR"), "USD", over="2011-2014")
        >>> c.method
        'KHR to USD via US$; KHR: day-weighted mean of 4 rates over 2011-2014'
        >>> [(str(r.period), w) for r, w in c.rates]
        [('2011', Decimal('0.2498288843258042436687200548')), ...]
    """

    source: Money
    result: Money
    over: Period
    rates: tuple[tuple[ExchangeRate, Decimal], ...]
    from_rate: Decimal
    to_rate: Decimal
    method: str

    @property
    def sources(self) -> tuple[str, ...]:
        """Each distinct source and vintage of the rates used, as ``"source, vintage"``.

        Examples:
            >>> from commit_mef.rates import RateTable
            >>> c = RateTable.wdi().conversion(Money(1, "THB"), "USD", over=2014)
            >>> c.sources
            ('World Bank WDI PA.NUS.FCRF, WDI 2026-07-01 (mirror commit 4ebec5a)',)
        """
        return tuple(dict.fromkeys(f"{r.source}, {r.vintage}" for r, _ in self.rates))


# -- one currency's rates, in time order -------------------------------------------------


def describe_span(rates: Sequence[ExchangeRate]) -> str:
    """The stretches a currency's rates cover, as text ("1960-1998, 2000-2020")."""
    spans: list[Period] = []
    for rate in rates:
        if spans and (spans[-1].end + dt.timedelta(days=1)) >= rate.period.start:
            spans[-1] = spans[-1].span(rate.period)
        else:
            spans.append(rate.period)
    return ", ".join(map(str, spans))


def index_entry(
    code: str, group: list[ExchangeRate]
) -> tuple[tuple[dt.date, ...], tuple[ExchangeRate, ...]]:
    """One currency's rates sorted by period, with their start dates; overlaps refused."""
    group.sort(key=lambda r: (r.period.start, r.period.end))
    for before, after in itertools.pairwise(group):
        if after.period.start <= before.period.end:
            raise ValidationError(
                f"two {code} rates overlap: {before} and {after}; keep one rate per "
                "currency and day (drop or shorten one)",
                path="RateTable.rates",
                rule="rates-overlap",
            )
    return tuple(r.period.start for r in group), tuple(group)


def covering(
    code: str, entry: tuple[tuple[dt.date, ...], tuple[ExchangeRate, ...]], period: Period
) -> list[tuple[ExchangeRate, int]]:
    """The rates that cover ``period``, each with its days in it; a gap is a missing rate."""
    import bisect

    starts, group = entry
    i = max(bisect.bisect_right(starts, period.start) - 1, 0)
    used: list[tuple[ExchangeRate, int]] = []
    cursor = period.start
    while i < len(group) and group[i].period.start <= period.end:
        rate = group[i]
        i += 1
        piece = rate.period.intersection(period)
        if piece is None:
            continue
        if piece.start > cursor:
            break
        used.append((rate, piece.days))
        cursor = piece.end + dt.timedelta(days=1)
    if not used or cursor <= period.end:
        raise MissingRateError(code, str(period), available=describe_span(group))
    return used
