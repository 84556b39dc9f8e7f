"""Stated equivalents: test a document's converted figure against reference rates."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

import attrs

from commit_mef._validators import exact_decimal
from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.money import Money
from commit_mef.periods import Period
from commit_mef.rates._rate import Conversion

if TYPE_CHECKING:
    from commit_mef.rates._table import RateTable

__all__ = ["Finding", "check_stated"]


@attrs.frozen(kw_only=True)
class Finding:
    """A stated equivalent that disagrees with reference rates beyond a tolerance.

    Attributes:
        local: The amount in the document's currency.
        stated: The equivalent the document states.
        expected: What the reference rates give for ``local``, in ``stated``'s currency.
        deviation: ``stated / expected - 1`` (``0.558`` is 55.8 % too high).
        tolerance: The tolerance the check used.
        over: The period of the rates.
        conversion: The conversion that gave ``expected`` (rates, sources, method).

    Examples:
        >>> from commit_mef.rates import RateTable
        >>> f = check_stated(Money.parse("VND 270 billion"), Money.parse("USD 20 million"),
        ...                  RateTable.wdi(), over="2011-2015")
        >>> round(f.deviation, 3), str(f.expected.rounded())
        (Decimal('0.557'), 'USD 12,842,930.10')
    """

    local: Money
    stated: Money
    expected: Money
    deviation: Decimal
    tolerance: Decimal
    over: Period
    conversion: Conversion

    @property
    def message(self) -> str:
        """The finding in one sentence.

        Examples:
            >>> from commit_mef.rates import RateTable
            >>> f = check_stated(Money.parse("VND 270 billion"), Money.parse("USD 20 million"),
            ...                  RateTable.wdi(), over="2011-2015")
            >>> f.message
            'stated USD 20,000,000.00 for VND 270,000,000,000 over 2011-2015 is 55.7% above the USD 12,842,930.10 the reference rates give (VND to USD via US$; ...); tolerance 10%'
        """
        direction = "above" if self.deviation > 0 else "below"
        share = abs(self.deviation * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        tolerance = (self.tolerance * 100).normalize()
        sources = "; ".join(self.conversion.sources)
        return (
            f"stated {self.stated} for {self.local} over {self.over} is {share}% {direction} "
            f"the {self.expected.rounded()} the reference rates give "
            f"({self.conversion.method}; {sources}); "
            f"tolerance {tolerance:f}%"
        )

    def __str__(self) -> str:
        return self.message


def check_stated(
    local: Money,
    stated: Money,
    rates: RateTable,
    *,
    over: Period | int | dt.date | str,
    tolerance: Decimal | str | int = Decimal("0.1"),
    allow_not_meaningful: bool = False,
) -> Finding | None:
    """Test a document's stated equivalent against reference rates.

    Converts ``local`` into ``stated``'s currency with ``rates`` over ``over``
    and compares: ``None`` when ``|stated / expected - 1| <= tolerance``,
    else a :class:`Finding` saying by how much and with which rates.

    Args:
        local: The amount in the document's currency (``VND 270 billion``).
        stated: The equivalent the document gives (``USD 20 million``).
        rates: The reference table, usually :meth:`RateTable.wdi`.
        over: The period the amount covers (a per-year amount over several
            years takes the mean rate of those years).
        tolerance: The relative difference accepted (0.1 is 10 %); documents
            round their equivalents and use other rates, so small differences
            are not findings.
        allow_not_meaningful: Use rates marked not meaningful anyway.

    Raises:
        MissingRateError: a rate is missing over ``over``.
        RateNotMeaningfulError: a rate needed is marked not meaningful.
        ValidationError: ``tolerance`` is negative.

    Examples:
        >>> from commit_mef.rates import RateTable
        >>> wdi = RateTable.wdi()
        >>> check_stated(Money.parse("2 billion LAK"), Money.parse("USD 246 660"), wdi, over=2014) is None
        True
        >>> check_stated(Money.parse("VND 270 billion"), Money.parse("nearly USD 20 million"),
        ...              wdi, over="2011-2015") is not None
        True
    """
    limit = exact_decimal(tolerance, field="tolerance")
    if limit < 0:
        raise ValidationError(
            f"must be zero or above, got {limit}; 0.1 accepts a 10% difference",
            path="check_stated.tolerance",
        )
    if not isinstance(stated, Money):
        raise InvalidTypeError(f"stated must be Money, got {type(stated).__name__} {stated!r}")
    conversion = rates.conversion(
        local, stated.currency, over, allow_not_meaningful=allow_not_meaningful
    )
    expected = conversion.result
    if not expected.amount:
        deviation = Decimal(0) if not stated.amount else Decimal("Infinity")
    else:
        deviation = stated.amount / expected.amount - 1
    if abs(deviation) <= limit:
        return None
    return Finding(
        local=local,
        stated=stated,
        expected=expected,
        deviation=deviation,
        tolerance=limit,
        over=conversion.over,
        conversion=conversion,
    )
