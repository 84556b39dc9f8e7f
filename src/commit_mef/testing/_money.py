"""Strategies for money: currencies, amounts, exchange rates."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from commit_mef.money import Currency, Money, currency
from commit_mef.periods import Period
from commit_mef.rates import ExchangeRate

__all__ = [
    "currencies",
    "exchange_rates",
    "gms_currencies",
    "money",
]

_GMS_CODES = ("KHR", "CNY", "LAK", "MMK", "THB", "VND", "USD")


def gms_currencies() -> st.SearchStrategy[Currency]:
    """The currencies of the six COMMIT countries, and the US dollar.

    Examples:
        >>> from hypothesis import find
        >>> find(gms_currencies(), lambda c: c.minor_units == 0).code
        'VND'
    """
    return st.sampled_from(_GMS_CODES).map(currency)


def currencies() -> st.SearchStrategy[Currency]:
    """Any ISO 4217 currency pycountry knows.

    Examples:
        >>> from hypothesis import find
        >>> find(currencies(), lambda c: c.code == "EUR").numeric
        '978'
    """
    from commit_mef.units import currency_codes

    return st.sampled_from(sorted(currency_codes())).map(currency)


def money(
    currency: st.SearchStrategy[Currency] | None = None,
    *,
    min_value: Decimal = Decimal("-1e15"),
    max_value: Decimal = Decimal("1e15"),
    places: int = 2,
) -> st.SearchStrategy[Money]:
    """Exact amounts with ``places`` decimals between ``min_value`` and ``max_value``.

    Examples:
        >>> from hypothesis import find
        >>> find(money(), lambda m: m.amount > 1000).amount > 1000
        True
    """
    amounts = st.decimals(min_value=min_value, max_value=max_value, places=places)
    return st.builds(Money, amounts, currency if currency is not None else gms_currencies())


@st.composite
def exchange_rates(
    draw: st.DrawFn,
    currency: SearchStrategy[Currency] | None = None,
    first: int = 2000,
    last: int = 2030,
) -> ExchangeRate:
    """Annual rates (local units per US$) above zero, in a year between ``first`` and ``last``.

    Examples:
        >>> from hypothesis import find
        >>> find(exchange_rates(), lambda r: r.per_usd > 100).per_usd > 100
        True
    """
    year = draw(st.integers(first, last))
    per_usd = draw(st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("100000"), places=4))
    return ExchangeRate(
        currency=draw(currency if currency is not None else gms_currencies()),
        per_usd=per_usd,
        period=Period.year(year),
        source="hypothesis",
        vintage="generated",
    )
