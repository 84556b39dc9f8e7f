"""Money: an exact Decimal amount in one currency, with arithmetic that never mixes currencies."""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef._validators import exact_decimal
from commit_mef.errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    ParseError,
    UnknownCurrencyError,
    ValidationError,
)
from commit_mef.money._currency import (
    Currency,
    _currency_suggestions,
    _lookup_currency,
    _to_currency,
)
from commit_mef.money._parse import EXACT

_PLAIN_DIGITS = 1000
"""Amounts of 10**1000 or more print in scientific notation (exactly), not in plain digits."""

if TYPE_CHECKING:
    import pint

__all__ = ["Money"]


def _money_amount(value: object) -> Decimal:
    if type(value) is Decimal and value.is_finite():
        return value.copy_abs() if not value and value.is_signed() else value
    amount = exact_decimal(value, field="Money.amount")
    return amount.copy_abs() if not amount and amount.is_signed() else amount


def _scalar(value: object, operation: str) -> Decimal:
    if isinstance(value, Money):
        raise InvalidTypeError(
            f"cannot {operation} money by money; {operation} by a number, or divide two "
            "amounts of one currency to get their ratio"
        )
    if type(value) is int:
        return Decimal(value)
    if type(value) is Decimal and value.is_finite():
        return value
    return exact_decimal(value, field=f"the factor to {operation} by")


def _not_money(other: object, operation: str) -> InvalidTypeError | None:
    """The error for ``money + 5`` (or ``-``): numbers have no currency; ``None`` for other types."""
    if isinstance(other, bool) or not isinstance(other, (int, float, Decimal, Fraction)):
        return None
    if isinstance(other, Decimal) and not other.is_finite():
        return InvalidTypeError(
            f"cannot apply {operation!r} to money and {other}: NaN and infinities are not "
            "amounts; pass a finite Money of the same currency"
        )
    return InvalidTypeError(
        f"cannot apply {operation!r} to money and the {type(other).__name__} {other!r}: a "
        "number has no currency; wrap it as Money(amount, currency) in the same currency"
    )


@attrs.frozen(eq=False, repr=False)
class Money:
    """An exact amount of money in one ISO 4217 currency.

    Arithmetic keeps the currency: ``+``, ``-``, unary ``-``, ``abs()``,
    ``*`` and ``/`` by a number, ``sum()`` (``0 + money`` is ``money``),
    and the orderings ``<``, ``<=``, ``>``, ``>=``.  Combining two currencies
    raises :class:`~commit_mef.errors.CurrencyMismatchError`; ``==`` between
    two currencies is simply ``False`` (so amounts can sit in sets and lists).
    Dividing two amounts of one currency gives their ratio as a
    :class:`~decimal.Decimal`.  The amount is never rounded: ``+``, ``-`` and
    ``*`` are exact whatever the size (division keeps the context's precision);
    use :meth:`rounded` or ``str()`` for display.  Any finite amount prints, in
    plain digits up to 10**1000 and exactly in scientific notation beyond.
    NaN and infinities are refused in every operation, a bare number added to
    money is an :class:`~commit_mef.errors.InvalidTypeError`, dividing by zero a
    :class:`~commit_mef.errors.ValidationError`, and a negative zero
    (``Money("-0")``, ``-0.001`` rounded) is zero.

    Args:
        amount: An ``int``, ``str`` or :class:`~decimal.Decimal`; floats are
            refused (pass ``"0.1"`` or ``Decimal("0.1")``), as are NaN and
            infinities.  Negative amounts are allowed (refunds exist).
        currency: An ISO 4217 code or a :class:`Currency`.

    Raises:
        TypeError: ``amount`` is a float or not a number.
        ValidationError: ``amount`` is NaN, infinite or not a decimal number.
        UnknownCurrencyError: ``currency`` is not an ISO 4217 code.

    Examples:
        >>> budget = Money("496820000", "THB")
        >>> str(budget), budget.code
        ('THB 496,820,000.00', 'THB')
        >>> str(sum([Money(1, "USD"), Money("2.50", "USD")]))
        'USD 3.50'
        >>> Money(1, "KHR") + Money(1, "USD")
        Traceback (most recent call last):
        ...
        commit_mef.errors.CurrencyMismatchError: cannot apply '+' to KHR and USD: convert one side to the other's currency first
        >>> Money(0.1, "USD")
        Traceback (most recent call last):
        ...
        commit_mef.errors.InvalidTypeError: Money.amount got the float 0.1; floats are inexact: pass a str or a Decimal such as Decimal('0.1')
        >>> f"{Money('1234.5', 'USD'):,.0f}"
        'USD 1,234'
        >>> str(Money("1e30", "USD") + Money("0.01", "USD")), str(Money("-0", "USD"))
        ('USD 1,000,000,000,000,000,000,000,000,000,000.01', 'USD 0.00')
    """

    amount: Decimal = attrs.field(converter=_money_amount)
    currency: Currency = attrs.field(converter=_to_currency)

    # -- construction ---------------------------------------------------------------
    @classmethod
    def parse(cls, text: str, *, reading: str | int | None = None) -> Money:
        """Read an amount written as reports write it.

        The currency stands before or after the number, as an ISO code
        (any case), ``US$``, ``RMB`` (read as CNY) or an ISO name (``"Saudi
        Riyal"``).  Numbers may group thousands with commas, dots, spaces or
        apostrophes, and take a scale word (``thousand``, ``million``/``mn``,
        ``billion``/``bn`` — 10⁹ —, ``trillion``).  A leading ``nearly``,
        ``about``, ``approx.``, ``around``... is dropped: the amount is the
        figure as written, exactly, for any number of at most 100 significant
        digits (the limit every reader shares; see :doc:`/reference/formats`).

        A single dot is a decimal point ("496.82") and a single comma
        followed by exactly three digits groups thousands ("37,000"); other
        single commas are decimal commas ("1,5 million").  A number with two
        or more dots and no comma ("12.042.358") has two readings and raises
        :class:`~commit_mef.errors.ParseError` listing them in ``err.readings``:

        * ``"dot-grouping"`` — every dot groups thousands: 12042358;
        * ``"last-dot-decimal"`` — the last dot is a decimal point: 12042.358.

        Args:
            text: The text, such as ``"THB 496.82 million"`` or ``"149 million KHR"``.
            reading: Which reading to take when the number is ambiguous: a
                reading name above, an index into ``err.readings``, or one of
                the ``err.readings`` strings itself.  Ignored when the number
                has one reading.

        Raises:
            TypeError: ``text`` is not a string.
            ParseError: no amount can be read, the number has more than 100
                significant digits, or it is ambiguous and ``reading`` is not
                given (or does not apply).
            UnknownCurrencyError: the currency is not recognised.

        Examples:
            >>> Money.parse("THB 496.82 million")
            Money('496820000', 'THB')
            >>> Money.parse("50 million RMB"), Money.parse("US$ 37,000")
            (Money('50000000', 'CNY'), Money('37000', 'USD'))
            >>> Money.parse("nearly USD 20 million")
            Money('20000000', 'USD')
            >>> Money.parse("MMK 12.042.358 million")
            Traceback (most recent call last):
            ...
            commit_mef.errors.ParseError: the amount 'MMK 12.042.358 million' is ambiguous; it reads as dot-grouping: MMK 12,042,358,000,000 or as last-dot-decimal: MMK 12,042,358,000; pick one with reading='<name>' (or an index into err.readings)
            >>> Money.parse("MMK 12.042.358 million", reading="last-dot-decimal")
            Money('12042358000', 'MMK')
        """
        from commit_mef.money._parse import parse_amount_text

        if not isinstance(text, str):
            raise InvalidTypeError(
                f"Money.parse() takes a string, got {type(text).__name__} {text!r}"
            )
        amount, currency_text, _ = parse_amount_text(text, reading=reading)
        found = _lookup_currency(currency_text)
        if found is None:
            if len(currency_text.split()) > 3:
                raise ParseError(
                    f"cannot read an amount from {text!r}: {currency_text!r} is not a currency; "
                    "write it as 'THB 496.82 million' or '149 million KHR'",
                    text=text,
                )
            raise UnknownCurrencyError(
                currency_text, suggestions=_currency_suggestions(currency_text)
            )
        return _make(amount, found)

    @classmethod
    def from_pint(cls, quantity: pint.Quantity[Decimal]) -> Money:
        """Turn a pint quantity in one currency of the package registry into money.

        Raises:
            ValidationError: the quantity's unit is not a single currency.
            TypeError: its magnitude is a float.

        Examples:
            >>> q = Money("37000", "USD").to_pint()
            >>> Money.from_pint(q * 2)
            Money('74000', 'USD')
        """
        from commit_mef.units import is_currency_unit

        units = getattr(quantity, "units", None)
        unit_items = list(getattr(units, "_units", {}).items())
        if len(unit_items) != 1 or unit_items[0][1] != 1 or not is_currency_unit(unit_items[0][0]):
            raise ValidationError(
                f"expected a quantity in one ISO 4217 currency, got units {str(units)!r}; "
                "build it as registry().Quantity(Decimal('1.5'), 'USD')",
                path="Money.from_pint.quantity",
            )
        return cls(quantity.magnitude, unit_items[0][0])

    # -- queries ----------------------------------------------------------------------
    @property
    def code(self) -> str:
        """The ISO 4217 code of the currency.

        Examples:
            >>> Money(5, "khr").code
            'KHR'
        """
        return self.currency.code

    def rounded(self) -> Money:
        """The amount rounded half-up to the currency's minor units, for display.

        Examples:
            >>> Money("246660.4", "VND").rounded(), Money("0.125", "USD").rounded()
            (Money('246660', 'VND'), Money('0.13', 'USD'))
        """
        minor = self.currency.minor_units
        if minor is None or self.amount.as_tuple().exponent >= -minor:  # type: ignore[operator]
            return self
        # precision enough for every digit kept, whatever the size of the amount
        context = decimal.Context(
            prec=max(28, self.amount.adjusted() + minor + 2),
            rounding=ROUND_HALF_UP,
            Emax=decimal.MAX_EMAX,
            Emin=decimal.MIN_EMIN,
        )
        return _make(context.quantize(self.amount, Decimal(1).scaleb(-minor)), self.currency)

    def to_pint(self) -> pint.Quantity[Decimal]:
        """This amount as a pint quantity of the package registry (Decimal magnitude).

        Examples:
            >>> q = Money("149000000", "KHR").to_pint()
            >>> str(q), str(q.dimensionality)
            ('149000000 KHR', '[currency_KHR]')
        """
        from commit_mef.units import registry

        return registry().Quantity(self.amount, self.currency.code)

    # -- arithmetic -------------------------------------------------------------------
    def _mismatch(self, other: Money, operation: str) -> CurrencyMismatchError:
        return CurrencyMismatchError(self.currency.code, other.currency.code, operation)

    def __add__(self, other: object) -> Money:
        if other.__class__ is Money or isinstance(other, Money):
            cur = self.currency
            if other.currency is cur or other.currency == cur:
                return _make(_add(self.amount, other.amount), cur)
            raise self._mismatch(other, "+")
        refused = _not_money(other, "+")
        if refused is not None:
            raise refused
        return NotImplemented

    def __radd__(self, other: object) -> Money:
        if type(other) is int and other == 0:  # builtin sum() starts from 0
            return self
        refused = _not_money(other, "+")
        if refused is not None:
            raise refused
        return NotImplemented

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            if other.currency is self.currency or other.currency == self.currency:
                return _make(_subtract(self.amount, other.amount), self.currency)
            raise self._mismatch(other, "-")
        refused = _not_money(other, "-")
        if refused is not None:
            raise refused
        return NotImplemented

    def __rsub__(self, other: object) -> Money:
        refused = _not_money(other, "-")
        if refused is not None:
            raise refused
        return NotImplemented

    def __neg__(self) -> Money:
        return _make(-self.amount, self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return _make(abs(self.amount), self.currency)

    def __mul__(self, factor: object) -> Money:
        return _make(_multiply(self.amount, _scalar(factor, "multiply")), self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: object) -> Any:
        if isinstance(divisor, Money):
            if divisor.currency != self.currency:
                raise self._mismatch(divisor, "/")
            if not divisor.amount:
                raise ValidationError(
                    f"cannot divide {self} by a zero amount; check the divisor first",
                    path="divisor",
                )
            return self.amount / divisor.amount
        by = _scalar(divisor, "divide")
        if not by:
            raise ValidationError(
                f"cannot divide {self} by zero; check the divisor first", path="divisor"
            )
        return _make(self.amount / by, self.currency)

    def __bool__(self) -> bool:
        return bool(self.amount)

    # -- comparison -------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if isinstance(other, Money):
            return self.currency == other.currency and self.amount == other.amount
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.amount, self.currency.code))

    def _ordered(self, other: object, operation: str) -> tuple[Decimal, Decimal] | None:
        if not isinstance(other, Money):
            return None
        if other.currency != self.currency:
            raise self._mismatch(other, operation)
        return self.amount, other.amount

    def __lt__(self, other: object) -> bool:
        pair = self._ordered(other, "<")
        return NotImplemented if pair is None else pair[0] < pair[1]

    def __le__(self, other: object) -> bool:
        pair = self._ordered(other, "<=")
        return NotImplemented if pair is None else pair[0] <= pair[1]

    def __gt__(self, other: object) -> bool:
        pair = self._ordered(other, ">")
        return NotImplemented if pair is None else pair[0] > pair[1]

    def __ge__(self, other: object) -> bool:
        pair = self._ordered(other, ">=")
        return NotImplemented if pair is None else pair[0] >= pair[1]

    # -- display ----------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency.code!r})"

    def __str__(self) -> str:
        if self.amount.adjusted() >= _PLAIN_DIGITS:  # a thousand digits help no reader
            return f"{self.currency.code} {self.amount:E}"
        minor = self.currency.minor_units
        if minor is None:
            return f"{self.currency.code} {self.amount:,f}"
        amount = self.rounded().amount
        return f"{self.currency.code} {amount:,.{minor}f}"

    def __format__(self, spec: str) -> str:
        if not spec or (self.amount.adjusted() >= _PLAIN_DIGITS and spec[-1:] not in "eE"):
            return str(self)
        return f"{self.currency.code} {format(self.amount, spec)}"


_new = object.__new__
_set_amount = Money.__dict__["amount"].__set__
_set_currency = Money.__dict__["currency"].__set__


_add = EXACT.add
_subtract = EXACT.subtract
_multiply = EXACT.multiply


def _make(amount: Decimal, cur: Currency) -> Money:
    """Build a Money from a known-good finite Decimal and Currency, skipping validation.

    A negative zero (``-0``, or ``-0.001`` rounded) becomes zero: it is not an amount.
    """
    if not amount and amount.is_signed():
        amount = amount.copy_abs()
    new: Money = _new(Money)
    _set_amount(new, amount)
    _set_currency(new, cur)
    return new
