"""Money: exact amounts in ISO 4217 currencies, exchange-rate tables and stated-equivalent checks.

* :class:`Currency` and :func:`currency` — ISO 4217 codes with their minor units.
* :class:`Money` — an exact :class:`~decimal.Decimal` amount in one currency.
  Amounts in different currencies never mix: adding or ordering them raises
  :class:`~commit_mef.errors.CurrencyMismatchError`.  Floats are refused.
  Rounding to the currency's minor units happens for display only.
* :class:`Budget` — an allocation (never negative) over a period, with the
  equivalent a document states.
* :class:`ExchangeRate`, :class:`RateTable` — dated rates with their source
  and vintage; :meth:`RateTable.wdi` is the World Bank table shipped with the
  package.  :meth:`RateTable.convert` crosses via US$ and
  :meth:`RateTable.conversion` says which rates made the result.
* :func:`check_stated` — a :class:`Finding` when a document's stated
  equivalent disagrees with reference rates beyond a tolerance.

Examples:
    >>> from commit_mef.money import Money, RateTable, check_stated
    >>> budget = Money.parse("2 billion LAK")
    >>> str(budget)
    'LAK 2,000,000,000.00'
    >>> str(RateTable.wdi().convert(budget, "USD", over=2014).rounded())
    'USD 248,681.32'
    >>> check_stated(budget, Money.parse("USD 246 660"), RateTable.wdi(), over=2014) is None
    True
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

import attrs

from commit_mef._validators import exact_decimal, non_empty_str
from commit_mef.errors import (
    CurrencyMismatchError,
    LoadError,
    MissingRateError,
    ParseError,
    Problem,
    RateNotMeaningfulError,
    UnknownCurrencyError,
    ValidationError,
)
from commit_mef.periods import Period

if TYPE_CHECKING:
    import pint

__all__ = [
    "Budget",
    "Conversion",
    "Currency",
    "ExchangeRate",
    "Finding",
    "Money",
    "RateTable",
    "check_stated",
    "currency",
]


# ---------------------------------------------------------------------------------------
# Currencies
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Currency:
    """An ISO 4217 currency.

    Get one with :func:`currency`, which returns one shared instance per code.
    ``str(c)`` is the code.

    Attributes:
        code: The alphabetic code (``"VND"``).
        numeric: The numeric code, three digits (``"704"``).
        name: The ISO name (``"Dong"``).
        minor_units: Decimal places of the minor unit (0 for VND, 2 for most),
            or ``None`` where ISO 4217 gives none (gold, units of account).

    Examples:
        >>> vnd = currency("VND")
        >>> vnd.numeric, vnd.minor_units, str(vnd)
        ('704', 0, 'VND')
        >>> Currency(code="THB", numeric="764", name="Baht", minor_units=2) == currency("thb")
        True
    """

    code: str = attrs.field(validator=non_empty_str)
    numeric: str
    name: str
    minor_units: int | None = 2

    def __str__(self) -> str:
        return self.code


# The currencies of COMMIT reporting (the six members', the US$, and the riyal of the SPA III
# report's case study), built in so that the common case needs no
# pycountry (about 0.1 s to load); the full index reuses these very instances.
_BUILT_IN: dict[str, Currency] = {
    c.code: c
    for c in (
        Currency(code="KHR", numeric="116", name="Riel", minor_units=2),
        Currency(code="CNY", numeric="156", name="Yuan Renminbi", minor_units=2),
        Currency(code="LAK", numeric="418", name="Lao Kip", minor_units=2),
        Currency(code="MMK", numeric="104", name="Kyat", minor_units=2),
        Currency(code="THB", numeric="764", name="Baht", minor_units=2),
        Currency(code="VND", numeric="704", name="Dong", minor_units=0),
        Currency(code="USD", numeric="840", name="US Dollar", minor_units=2),
        # the SPA III report's case study pays a migrant worker in riyal
        Currency(code="SAR", numeric="682", name="Saudi Riyal", minor_units=2),
    )
}


@functools.cache
def _currency_index() -> tuple[dict[str, Currency], dict[str, str]]:
    """Code and numeric code -> Currency; case-folded names and aliases -> code."""
    import pycountry

    from commit_mef._currencies import ALIASES, MINOR_UNITS, NO_MINOR_UNITS

    by_code: dict[str, Currency] = {}
    names: dict[str, str] = dict(ALIASES)
    for record in pycountry.currencies:
        code: str = record.alpha_3
        minor = None if code in NO_MINOR_UNITS else MINOR_UNITS.get(code, 2)
        cur = _BUILT_IN.get(code) or Currency(
            code=code, numeric=record.numeric, name=record.name, minor_units=minor
        )
        by_code[code] = cur
        by_code.setdefault(record.numeric, cur)
        names.setdefault(" ".join(record.name.split()).casefold(), code)
    return by_code, names


def _lookup_currency(text: str) -> Currency | None:
    built_in = _BUILT_IN.get(text)
    if built_in is not None:
        return built_in
    by_code, names = _currency_index()
    key = text.strip()
    found = by_code.get(key.upper()) if len(key) == 3 else None
    if found is not None:
        return found
    folded = " ".join(key.replace("’", "'").split()).casefold()
    code = names.get(folded) or (names.get(folded[:-1]) if folded.endswith("s") else None)
    return None if code is None else by_code[code]


def currency(query: str | Currency) -> Currency:
    """Look up an ISO 4217 currency by code, numeric code, ISO name or a common alias.

    Codes match case-insensitively (``"thb"``); names and aliases too
    (``"Baht"``, ``"Saudi Riyal"``, ``"RMB"`` and ``"yuan"`` for CNY, ``"US$"``).
    A :class:`Currency` is returned unchanged.

    Args:
        query: The code or name to look up, or a :class:`Currency`.

    Returns:
        The shared :class:`Currency` instance for that code.

    Raises:
        TypeError: ``query`` is neither a string nor a :class:`Currency`.
        UnknownCurrencyError: nothing matches; the error lists close matches.

    Examples:
        >>> currency("thb").code, currency("RMB").code, currency("704").code
        ('THB', 'CNY', 'VND')
        >>> currency("KIP")
        Traceback (most recent call last):
        ...
        commit_mef.errors.UnknownCurrencyError: unknown currency 'KIP': expected an ISO 4217 code; did you mean: LAK (Lao Kip)?
        >>> currency(704)
        Traceback (most recent call last):
        ...
        TypeError: currency() takes an ISO 4217 code such as 'THB' or a Currency; got int 704
    """
    if type(query) is Currency:
        return query
    if not isinstance(query, str):
        raise TypeError(
            "currency() takes an ISO 4217 code such as 'THB' or a Currency; "
            f"got {type(query).__name__} {query!r}"
        )
    found = _lookup_currency(query)
    if found is None:
        raise UnknownCurrencyError(query, suggestions=_currency_suggestions(query))
    return found


def _currency_suggestions(query: str) -> tuple[str, ...]:
    by_code, names = _currency_index()
    codes = {c.code: c for c in by_code.values()}
    key = query.strip()
    folded = key.casefold()
    labels: dict[str, str] = {}
    # a word of an ISO name first ("KIP" -> "Lao Kip"), then close codes, then close names
    if len(folded) >= 3:
        for name, code in names.items():
            if folded in name.split():
                labels.setdefault(code, f"{code} ({by_code[code].name})")
    for word in difflib.get_close_matches(key.upper(), list(codes), n=3, cutoff=0.67):
        labels.setdefault(word, f"{word} ({codes[word].name})")
    for name in difflib.get_close_matches(folded, list(names), n=3, cutoff=0.75):
        code = names[name]
        labels.setdefault(code, f"{code} ({by_code[code].name})")
    return tuple(labels.values())[:5]


def _to_currency(value: str | Currency) -> Currency:
    return value if type(value) is Currency else currency(value)


# ---------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------


def _money_amount(value: object) -> Decimal:
    if type(value) is Decimal and value.is_finite():
        return value
    return exact_decimal(value, field="Money.amount")


def _scalar(value: object, operation: str) -> Decimal:
    if isinstance(value, Money):
        raise TypeError(
            f"cannot {operation} money by money; {operation} by a number, or divide two "
            "amounts of one currency to get their ratio"
        )
    if type(value) is int or type(value) is Decimal:
        return Decimal(value) if type(value) is int else value  # type: ignore[return-value]
    return exact_decimal(value, field=f"the factor to {operation} by")


@attrs.frozen(eq=False, repr=False)
class Money:
    """An exact amount of money in one ISO 4217 currency.

    Arithmetic keeps the currency: ``+``, ``-``, unary ``-``, ``abs()``,
    ``*`` and ``/`` by a number, ``sum()`` (``0 + money`` is ``money``),
    and the orderings ``<``, ``<=``, ``>``, ``>=``.  Combining two currencies
    raises :class:`~commit_mef.errors.CurrencyMismatchError`; ``==`` between
    two currencies is simply ``False`` (so amounts can sit in sets and lists).
    Dividing two amounts of one currency gives their ratio as a
    :class:`~decimal.Decimal`.  The amount is never rounded: use
    :meth:`rounded` or ``str()`` for display.

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
        commit_mef.errors.CurrencyMismatchError: cannot apply '+' to KHR and USD: convert one side first with RateTable.convert()
        >>> Money(0.1, "USD")
        Traceback (most recent call last):
        ...
        TypeError: Money.amount got the float 0.1; floats are inexact: pass a str or a Decimal such as Decimal('0.1')
        >>> f"{Money('1234.5', 'USD'):,.0f}"
        'USD 1,234'
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
        figure as written.

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
            ParseError: no amount can be read, or the number is ambiguous and
                ``reading`` is not given (or does not apply).
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
        from commit_mef._moneyparse import parse_amount_text

        if not isinstance(text, str):
            raise TypeError(f"Money.parse() takes a string, got {type(text).__name__} {text!r}")
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
        if minor is None:
            return self
        return _make(self.amount.quantize(Decimal(1).scaleb(-minor), ROUND_HALF_UP), self.currency)

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
                new = _new(Money)
                _set_amount(new, self.amount + other.amount)
                _set_currency(new, cur)
                return new
            raise self._mismatch(other, "+")
        return NotImplemented

    def __radd__(self, other: object) -> Money:
        if type(other) is int and other == 0:  # builtin sum() starts from 0
            return self
        return NotImplemented

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            if other.currency is self.currency or other.currency == self.currency:
                return _make(self.amount - other.amount, self.currency)
            raise self._mismatch(other, "-")
        return NotImplemented

    def __neg__(self) -> Money:
        return _make(-self.amount, self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return _make(abs(self.amount), self.currency)

    def __mul__(self, factor: object) -> Money:
        return _make(self.amount * _scalar(factor, "multiply"), self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: object) -> Any:
        if isinstance(divisor, Money):
            if divisor.currency != self.currency:
                raise self._mismatch(divisor, "/")
            return self.amount / divisor.amount
        return _make(self.amount / _scalar(divisor, "divide"), self.currency)

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
        minor = self.currency.minor_units
        if minor is None:
            return f"{self.currency.code} {self.amount:,f}"
        return f"{self.currency.code} {self.rounded().amount:,.{minor}f}"

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        return f"{self.currency.code} {format(self.amount, spec)}"


_new = object.__new__
_set_amount = Money.__dict__["amount"].__set__
_set_currency = Money.__dict__["currency"].__set__


def _make(amount: Decimal, cur: Currency) -> Money:
    """Build a Money from a known-good finite Decimal and Currency, skipping validation."""
    new: Money = _new(Money)
    _set_amount(new, amount)
    _set_currency(new, cur)
    return new


# ---------------------------------------------------------------------------------------
# Budgets
# ---------------------------------------------------------------------------------------

BudgetStatus = Literal["original", "revised"]
BudgetKind = Literal["indicative", "committed"]


def _check_budget_amount(_inst: object, attr: attrs.Attribute[Money], value: Money) -> None:
    if not isinstance(value, Money):
        raise TypeError(
            f"Budget.{attr.name} must be Money, got {type(value).__name__} {value!r}; "
            "build it as Money('149000000', 'KHR') or Money.parse('149 million KHR')"
        )
    if attr.name == "amount" and value.amount < 0:
        raise ValidationError(
            f"a budget cannot be negative, got {value}; record a cut as a revised budget "
            "(status='revised') with the lower amount",
            path=f"Budget.{attr.name}",
        )


def _check_choice(*choices: str) -> attrs._ValidatorType[str]:
    def check(_inst: object, attr: attrs.Attribute[str], value: str) -> None:
        if value not in choices:
            raise ValidationError(
                f"must be one of {', '.join(map(repr, choices))}, got {value!r}",
                path=f"Budget.{attr.name}",
            )

    return check


def _check_period(_inst: object, attr: attrs.Attribute[Period], value: Period) -> None:
    if not isinstance(value, Period):
        raise TypeError(
            f"{type(_inst).__name__}.{attr.name} must be a Period, got {type(value).__name__} "
            f"{value!r}; use Period.year(2014), Period.parse('2011-2014') or fiscal_year()"
        )


def _check_revises(inst: Budget, _attr: attrs.Attribute[Any], value: Budget | None) -> None:
    if value is not None and inst.status != "revised":
        raise ValidationError(
            "only a revised budget revises another; set status='revised'",
            path="Budget.revises",
        )


@attrs.frozen(kw_only=True)
class Budget:
    """An allocation of money over a period, as a plan or report states it.

    A budget follows IATI's semantics: it is ``original`` or ``revised`` (a
    revision supersedes the original; never count both) and ``indicative`` or
    ``committed``.  Its amount is never negative (a cut is a revision, not a
    negative budget), unlike :class:`Money` itself.

    Attributes:
        amount: The allocation, in the currency the document uses.
        period: What it covers: a year, a fiscal year or a multi-year total.
        recipient: Who receives it (a ministry, a programme), if stated.
        status: ``"original"`` (default) or ``"revised"``.
        kind: ``"committed"`` (default) or ``"indicative"``.
        stated: The equivalent the document states (usually in US$), if any.
        revises: The budget this one revises (``status`` must be ``"revised"``).
        note: Free text.

    Raises:
        ValidationError: the amount is negative, or a choice field has another value.

    Examples:
        >>> from commit_mef import Period
        >>> b = Budget(
        ...     amount=Money.parse("149 million KHR"),
        ...     period=Period.years(2011, 2014),
        ...     recipient="Ministry of Women's Affairs",
        ...     stated=Money.parse("US$ 37,000"),
        ... )
        >>> b.status, b.kind
        ('original', 'committed')
        >>> Budget(amount=Money(-5, "USD"), period=Period.year(2014))
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Budget.amount: a budget cannot be negative, got USD -5.00; record a cut as a revised budget (status='revised') with the lower amount
    """

    amount: Money = attrs.field(validator=_check_budget_amount)
    period: Period = attrs.field(validator=_check_period)
    recipient: str | None = None
    status: BudgetStatus = attrs.field(
        default="original", validator=_check_choice("original", "revised")
    )
    kind: BudgetKind = attrs.field(
        default="committed", validator=_check_choice("indicative", "committed")
    )
    stated: Money | None = attrs.field(
        default=None, validator=attrs.validators.optional(_check_budget_amount)
    )
    revises: Budget | None = attrs.field(default=None, validator=_check_revises)
    note: str = ""

    def check(self, rates: RateTable, **kwargs: Any) -> Finding | None:
        """Check the stated equivalent against ``rates`` over the budget's period.

        Keyword arguments go to :func:`check_stated`.  Returns ``None`` when
        nothing is stated.

        Examples:
            >>> from commit_mef import Period
            >>> b = Budget(amount=Money.parse("VND 270 billion"), period=Period.years(2011, 2015),
            ...            stated=Money.parse("nearly USD 20 million"))
            >>> print(b.check(RateTable.wdi()))
            stated USD 20,000,000.00 for VND 270,000,000,000 over 2011-2015 is 55.7% above the USD 12,842,930.10 the reference rates give (VND to USD via US$; VND: day-weighted mean of 5 rates over 2011-2015; World Bank WDI PA.NUS.FCRF, WDI 2026-07-01 (mirror commit 4ebec5a)); tolerance 10%
        """
        if self.stated is None:
            return None
        return check_stated(self.amount, self.stated, rates, over=self.period, **kwargs)


# ---------------------------------------------------------------------------------------
# Exchange rates
# ---------------------------------------------------------------------------------------


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

    currency: Currency = attrs.field(converter=_to_currency)
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
        result: The converted amount (exact; round with :meth:`Money.rounded` to show).
        over: The period the rates were taken over.
        rates: Every rate used with its weight (its share of the period's days).
        from_rate: Units of the source currency per US$ used (1 for US$).
        to_rate: Units of the target currency per US$ used (1 for US$).
        method: How the rates were combined, in words.

    Examples:
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
            >>> c = RateTable.wdi().conversion(Money(1, "THB"), "USD", over=2014)
            >>> c.sources
            ('World Bank WDI PA.NUS.FCRF, WDI 2026-07-01 (mirror commit 4ebec5a)',)
        """
        return tuple(dict.fromkeys(f"{r.source}, {r.vintage}" for r, _ in self.rates))


def _describe_span(rates: Sequence[ExchangeRate]) -> str:
    """The stretches a currency's rates cover, as text ("1960-1998, 2000-2020")."""
    spans: list[Period] = []
    for rate in rates:
        if spans and (spans[-1].end + dt.timedelta(days=1)) >= rate.period.start:
            spans[-1] = spans[-1].span(rate.period)
        else:
            spans.append(rate.period)
    return ", ".join(map(str, spans))


_USD_RATE = Decimal(1)


def _rate_tuple(rates: Iterable[ExchangeRate]) -> tuple[ExchangeRate, ...]:
    return tuple(rates)


_MeaningfulKey = tuple[str, Period]


def _index_entry(
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


@attrs.frozen
class _LazyRates:
    """Raw rows per currency (in file order) and how to turn them into rates."""

    lines: dict[str, list[str]]
    count: int
    build: Callable[[str, list[str]], list[ExchangeRate]]


@attrs.frozen(repr=False, eq=False)
class RateTable:
    """A table of exchange rates, at most one per currency and day.

    Rates are dated data, not constants: each carries its period, source and
    vintage, and every conversion can say which ones it used.  Conversions
    cross via US$ (every rate is local units per US$).  Over a period that
    several rates cover (say 2011-2014 with annual rates), the rate is the
    day-weighted mean of those rates.  Two tables are equal when their
    :attr:`rates` are.

    Args:
        rates: The rates.  Two rates for one currency whose periods overlap
            are an error; so is a table with a gap inside a period asked for
            (:class:`~commit_mef.errors.MissingRateError` at conversion time).

    Raises:
        ValidationError: two rates for one currency overlap.

    Examples:
        >>> from commit_mef import Period
        >>> table = RateTable([
        ...     ExchangeRate(currency="KHR", per_usd="4000", period=Period.year(2013),
        ...                  source="example", vintage="v1"),
        ...     ExchangeRate(currency="KHR", per_usd="4100", period=Period.year(2014),
        ...                  source="example", vintage="v1"),
        ... ])
        >>> table.rate("KHR", over="2013-2014")
        Decimal('4050')
        >>> table.convert(Money("8100", "KHR"), "USD", over=2014)
        Money('1.975609756097560975609756098', 'USD')
        >>> table.rate("KHR", over=2015)
        Traceback (most recent call last):
        ...
        commit_mef.errors.MissingRateError: no exchange rate for KHR over 2015 (the table covers 2013-2014); add one with RateTable.with_rates() or choose a period the table covers
    """

    # ``None`` until asked for in a lazy table (the shipped WDI rates): see ``rates``.
    _rates: tuple[ExchangeRate, ...] | None = attrs.field(converter=_rate_tuple)
    _index: dict[str, tuple[tuple[dt.date, ...], tuple[ExchangeRate, ...]]] = attrs.field(
        init=False
    )
    _cache: dict[
        tuple[str, Period, bool], tuple[Decimal, tuple[tuple[ExchangeRate, Decimal], ...]]
    ] = attrs.field(init=False, factory=dict)
    _lazy: _LazyRates | None = attrs.field(init=False, default=None)

    def __attrs_post_init__(self) -> None:
        groups: dict[str, list[ExchangeRate]] = {}
        for i, rate in enumerate(self._rates or ()):
            if not isinstance(rate, ExchangeRate):
                raise TypeError(
                    f"RateTable.rates[{i}] must be an ExchangeRate, got {type(rate).__name__}"
                )
            groups.setdefault(rate.currency.code, []).append(rate)
        object.__setattr__(
            self, "_index", {code: _index_entry(code, group) for code, group in groups.items()}
        )

    @classmethod
    def _from_lazy(cls, lazy: _LazyRates) -> RateTable:
        """A table whose rates are built per currency on first use of that currency."""
        table = cls(())
        object.__setattr__(table, "_rates", None)
        object.__setattr__(table, "_lazy", lazy)
        return table

    def _entry(self, code: str) -> tuple[tuple[dt.date, ...], tuple[ExchangeRate, ...]] | None:
        """The rates of one currency, sorted, with their start dates; built on first use."""
        entry = self._index.get(code)
        if entry is None and self._lazy is not None and code in self._lazy.lines:
            built = _index_entry(code, self._lazy.build(code, self._lazy.lines[code]))
            # setdefault: two threads building one currency agree on the first one stored
            entry = self._index.setdefault(code, built)
        return entry

    @property
    def rates(self) -> tuple[ExchangeRate, ...]:
        """Every rate, in the order given (the shipped WDI table by currency, then year).

        Examples:
            >>> wdi = RateTable.wdi()
            >>> first = wdi.rates[0]
            >>> first.currency.code, str(first.period), first.per_usd
            ('AED', '1966', Decimal('4.7619000037619'))
            >>> len(wdi.rates) == len(wdi)
            True
        """
        rates = self._rates
        if rates is None:
            lazy = self._lazy
            assert lazy is not None  # noqa: S101 - only lazy tables leave _rates unset
            rates = tuple(
                rate
                for code in lazy.lines
                for rate in self._entry(code)[1]  # type: ignore[index]
            )
            object.__setattr__(self, "_rates", rates)
        return rates

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self is other or self.rates == other.rates

    def __hash__(self) -> int:
        return hash(self.rates)

    def __repr__(self) -> str:
        return f"<RateTable: {len(self)} rates, {len(self.currencies)} currencies>"

    def __len__(self) -> int:
        return self._lazy.count if self._rates is None and self._lazy else len(self.rates)

    def __iter__(self) -> Iterator[ExchangeRate]:
        return iter(self.rates)

    # -- construction -----------------------------------------------------------------
    @classmethod
    def wdi(cls) -> RateTable:
        """The World Bank's official annual-average rates (``PA.NUS.FCRF``), shipped with the package.

        One series per currency (the euro from the euro-area series, from 1999),
        each rate a calendar-year average in local units per US$.  Myanmar's
        rates before 2012 are marked not meaningful: they are the fixed
        official rate, some 150-200 times below the market rate.  The table is
        cached, and a currency's rates are built on first use of that currency
        (asking for :attr:`rates` builds them all).  See the data provenance page
        for the source, vintage, licence (CC BY 4.0) and checksum.

        Examples:
            >>> wdi = RateTable.wdi()
            >>> wdi.rate("THB", over=2014)
            Decimal('32.4798333333333')
            >>> wdi.rate("MMK", over=2011)
            Traceback (most recent call last):
            ...
            commit_mef.errors.RateNotMeaningfulError: the MMK rate over 2011 is marked not meaningful (...); pass allow_not_meaningful=True to use it anyway, or supply a market rate
        """
        return _wdi_table()

    @classmethod
    def from_csv(cls, source: str | Path | IO[str], *, name: str | None = None) -> RateTable:
        r"""Read a table from CSV.

        Columns: ``currency``, ``per_usd``, ``period`` (as :meth:`Period.parse`
        reads it; or ``year``), ``source``, ``vintage``, and optionally
        ``meaningful`` (``true``/``false``, default ``true``) and ``note``.
        Every bad row is reported at once; nothing is returned unless all are good.

        Args:
            source: A path, or an open text file.
            name: What to call the file in error messages.

        Raises:
            LoadError: a column is missing or rows are invalid (every problem listed
                with ``line N, column``), or two rates overlap.

        Examples:
            >>> import io
            >>> text = '''currency,per_usd,period,source,vintage
            ... KHR,4037.5,2014,Bank statement,2014-12
            ... KHR,4067.75,2015,Bank statement,2015-12
            ... '''
            >>> table = RateTable.from_csv(io.StringIO(text))
            >>> table.rate("KHR", over=2015)
            Decimal('4067.75')
            >>> RateTable.from_csv(io.StringIO("currency,per_usd,period,source,vintage\nKIP,-1,2014,x,y\n"))
            Traceback (most recent call last):
            ...
            commit_mef.errors.LoadError: <csv>: 2 problems
              unknown currency 'KIP': expected an ISO 4217 code; did you mean: LAK (Lao Kip)? @ line 2, currency
              must be above zero (local currency units per US$), got -1; a missing rate is left out of the table, not written as 0 @ line 2, per_usd
        """
        if isinstance(source, (str, Path)):
            label = name or str(source)
            with Path(source).open(encoding="utf-8", newline="") as handle:
                return _rates_from_rows(csv.DictReader(handle), label)
        return _rates_from_rows(csv.DictReader(source), name or "<csv>")

    def with_rates(self, *rates: ExchangeRate) -> RateTable:
        """A new table with ``rates`` added (this one is unchanged).

        Raises:
            ValidationError: an added rate overlaps one already in the table.

        Examples:
            >>> from commit_mef import Period
            >>> market = ExchangeRate(currency="MMK", per_usd="815", period=Period.year(2011),
            ...                       source="market estimate", vintage="example")
            >>> table = RateTable([]).with_rates(market)
            >>> table.rate("MMK", over=2011)
            Decimal('815')
        """
        return RateTable((*self.rates, *rates))

    # -- queries ----------------------------------------------------------------------
    @property
    def currencies(self) -> frozenset[str]:
        """The codes of the currencies the table has rates for (US$ is implicit).

        Examples:
            >>> {"KHR", "CNY", "LAK", "MMK", "THB", "VND", "EUR"} <= RateTable.wdi().currencies
            True
        """
        if self._lazy is not None:
            return frozenset(self._lazy.lines)
        return frozenset(self._index)

    def coverage(self, currency: str | Currency) -> str | None:
        """The stretches of time the table covers for a currency, as text, or ``None``.

        Examples:
            >>> RateTable.wdi().coverage("EUR")
            '1999-2025'
        """
        entry = self._entry(_to_currency(currency).code)
        return None if entry is None else _describe_span(entry[1])

    def _weighted(
        self, code: str, period: Period, allow_not_meaningful: bool
    ) -> tuple[Decimal, tuple[tuple[ExchangeRate, Decimal], ...]]:
        key = (code, period, allow_not_meaningful)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        entry = self._entry(code)
        if code == "USD" and entry is None:
            result: tuple[Decimal, tuple[tuple[ExchangeRate, Decimal], ...]] = (_USD_RATE, ())
            self._cache[key] = result
            return result
        if entry is None:
            raise MissingRateError(code, str(period))
        starts, group = entry
        import bisect

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
            raise MissingRateError(code, str(period), available=_describe_span(group))
        if not allow_not_meaningful:
            for rate, _ in used:
                if not rate.meaningful:
                    raise RateNotMeaningfulError(
                        code, str(period), reason=rate.note or f"the {rate.period} rate"
                    )
        total = Decimal(period.days)
        weights: tuple[tuple[ExchangeRate, Decimal], ...]
        if len(used) == 1:
            value = used[0][0].per_usd
            weights = ((used[0][0], Decimal(1)),)
        else:
            value = sum((r.per_usd * days for r, days in used), Decimal(0)) / total
            weights = tuple((r, Decimal(days) / total) for r, days in used)
        result = (value, weights)
        self._cache[key] = result
        return result

    def rate(
        self,
        currency: str | Currency,
        over: Period | int | dt.date | str,
        *,
        allow_not_meaningful: bool = False,
    ) -> Decimal:
        """Units of ``currency`` per US$ over a period.

        Over a period several rates cover, the day-weighted mean of them.  US$
        is 1 unless the table holds US$ rates.

        Args:
            currency: An ISO code or :class:`Currency`.
            over: A :class:`Period`, a year (``2014``), a date, or a period
                string (``"2011-2014"``).
            allow_not_meaningful: Use rates marked not meaningful anyway.

        Raises:
            MissingRateError: the table does not cover every day of ``over``.
            RateNotMeaningfulError: a rate needed is marked not meaningful.

        Examples:
            >>> wdi = RateTable.wdi()
            >>> wdi.rate("USD", over=2014)
            Decimal('1')
            >>> wdi.rate("VND", over="2011-2015")
            Decimal('21023.23985259219359255202629')
        """
        code = _to_currency(currency).code
        return self._weighted(code, _to_period(over), allow_not_meaningful)[0]

    def conversion(
        self,
        money: Money,
        to: str | Currency,
        over: Period | int | dt.date | str,
        *,
        allow_not_meaningful: bool = False,
    ) -> Conversion:
        """Convert ``money`` into ``to`` via US$, and say which rates made the result.

        The result is ``amount × (rate(to) ÷ rate(from))`` in :class:`~decimal.Decimal`:
        exact but for the one division, rounded to the context's precision (28
        significant digits by default).

        Raises:
            TypeError: ``money`` is not :class:`Money`.
            MissingRateError: a rate is missing over ``over``.
            RateNotMeaningfulError: a rate needed is marked not meaningful.

        Examples:
            >>> c = RateTable.wdi().conversion(Money.parse("THB 210 million"), "USD", over=2014)
            >>> str(c.result.rounded()), c.method
            ('USD 6,465,550.42', 'THB to USD via US$; THB: the 2014 rate')
        """
        if not isinstance(money, Money):
            raise TypeError(
                f"conversion() converts Money, got {type(money).__name__} {money!r}; "
                "build it as Money('149000000', 'KHR')"
            )
        target = _to_currency(to)
        period = _to_period(over)
        source_code = money.currency.code
        if target.code == source_code:
            return Conversion(
                source=money,
                result=money,
                over=period,
                rates=(),
                from_rate=_USD_RATE,
                to_rate=_USD_RATE,
                method=f"none: already in {target.code}",
            )
        from_rate, from_used = self._weighted(source_code, period, allow_not_meaningful)
        to_rate, to_used = self._weighted(target.code, period, allow_not_meaningful)
        amount = money.amount * self._factor(source_code, target.code, period, True)
        parts = [f"{source_code} to {target.code} via US$"]
        for code, used in ((source_code, from_used), (target.code, to_used)):
            if len(used) == 1:
                parts.append(f"{code}: the {used[0][0].period} rate")
            elif used:
                parts.append(f"{code}: day-weighted mean of {len(used)} rates over {period}")
        return Conversion(
            source=money,
            result=_make(amount, target),
            over=period,
            rates=from_used + to_used,
            from_rate=from_rate,
            to_rate=to_rate,
            method="; ".join(parts),
        )

    def convert(
        self,
        money: Money,
        to: str | Currency,
        over: Period | int | dt.date | str,
        *,
        allow_not_meaningful: bool = False,
    ) -> Money:
        """Convert ``money`` into ``to`` via US$ with the rates over ``over``.

        Same as ``conversion(...).result``; see :meth:`conversion`.

        Examples:
            >>> wdi = RateTable.wdi()
            >>> str(wdi.convert(Money.parse("2 billion LAK"), "USD", over=2014).rounded())
            'USD 248,681.32'
            >>> wdi.convert(Money.parse("MMK 12.042.358 million", reading=1), "USD", over="2011-2014")
            Traceback (most recent call last):
            ...
            commit_mef.errors.RateNotMeaningfulError: the MMK rate over 2011-2014 is marked not meaningful (...); pass allow_not_meaningful=True to use it anyway, or supply a market rate
        """
        return self.conversion(money, to, over, allow_not_meaningful=allow_not_meaningful).result

    def convert_columns(
        self,
        amounts: Sequence[Decimal | int],
        currencies: Sequence[str | Currency],
        periods: Sequence[Period | int | dt.date | str],
        to: str | Currency = "USD",
        *,
        allow_not_meaningful: bool = False,
    ) -> list[Decimal]:
        """Convert columns of amounts in bulk; exact, one rate lookup per distinct key.

        Equivalent to ``[convert(Money(a, c), to, p).amount for a, c, p in ...]``
        (same digits), but the rate is worked out once per distinct (currency,
        period) and the arithmetic runs over the columns.

        Args:
            amounts: Exact amounts (:class:`~decimal.Decimal`; ``int`` works too).
            currencies: Their currency codes, one per amount.
            periods: Their periods (or years, dates, period strings), one per amount.
            to: The target currency.
            allow_not_meaningful: Use rates marked not meaningful anyway.

        Returns:
            The converted amounts, in order.

        Raises:
            ValidationError: the columns differ in length.
            MissingRateError: a rate is missing.
            RateNotMeaningfulError: a rate needed is marked not meaningful.

        Examples:
            >>> from decimal import Decimal
            >>> wdi = RateTable.wdi()
            >>> wdi.convert_columns([Decimal("210000000"), Decimal("2000000000")], ["THB", "LAK"], [2014, 2014])
            [Decimal('6465550.418464797608311227444'), Decimal('248681.3185041910258581994904')]
        """
        n = len(amounts)
        if len(currencies) != n or len(periods) != n:
            raise ValidationError(
                f"the columns differ in length: {n} amounts, {len(currencies)} currencies, "
                f"{len(periods)} periods; pass one currency and one period per amount",
                path="RateTable.convert_columns",
            )
        target = _to_currency(to).code
        # Key on the period *objects* (their ids): columns repeat the same few objects, and
        # hashing an id is much cheaper than hashing a Period.  The columns keep every object
        # alive for the whole call, so no id is reused.  Factors are found on first miss.
        factors = _Factors(self, target, periods, allow_not_meaningful)
        keys = zip(currencies, map(id, periods), strict=True)
        out = list(map(operator.mul, amounts, map(factors.__getitem__, keys)))
        if factors.unchanged:  # amounts already in the target currency are kept as given
            for i in [i for i, c in enumerate(currencies) if c in factors.unchanged]:
                out[i] = _money_amount(amounts[i])
        return out

    def convert_encoded(
        self,
        amounts: Sequence[Decimal | int],
        currencies: tuple[Any, Sequence[str | Currency | None]],
        periods: tuple[Any, Sequence[Period | int | dt.date | str | None]],
        to: str | Currency = "USD",
        *,
        allow_not_meaningful: bool = False,
    ) -> list[Decimal]:
        """Convert amounts whose currencies and periods are dictionary-encoded; exact.

        The fast bulk path: currencies and periods come as ``(codes,
        categories)`` pairs, as :meth:`ObservationTable.key_column
        <commit_mef.ObservationTable.key_column>` gives them (or
        ``pandas.Categorical`` ``.codes`` and ``.categories``).  Rows are
        grouped by their integer codes, each distinct (currency, period) that
        some row uses costs one exact factor, and the per-row work is one pass
        of :class:`~decimal.Decimal` multiplications.  The result is the same,
        digit for digit, as ``[convert(Money(a, currencies[1][c]), to,
        periods[1][p]).amount for a, c, p in ...]``.

        Args:
            amounts: Exact amounts (:class:`~decimal.Decimal`; ``int`` works too).
            currencies: ``(codes, categories)``: an integer code per amount (a
                numpy integer array or a list of ints), and the ISO codes (or
                :class:`Currency`) they index.
            periods: ``(codes, categories)``: an integer code per amount, and the
                periods (or years, dates, period strings) they index.
            to: The target currency.
            allow_not_meaningful: Use rates marked not meaningful anyway.

        Returns:
            The converted amounts, in order.

        Raises:
            ValidationError: the columns differ in length, a code does not index
                its categories, or a row's category is ``None``.
            MissingRateError: a rate some row needs is missing.
            RateNotMeaningfulError: a rate some row needs is marked not meaningful.

        Examples:
            >>> from decimal import Decimal
            >>> wdi = RateTable.wdi()
            >>> amounts = [Decimal("210000000"), Decimal("2000000000"), Decimal("5")]
            >>> wdi.convert_encoded(amounts, ([0, 1, 0], ["THB", "LAK"]), ([0, 0, 0], [2014]))
            [Decimal('6465550.418464797608311227444'), Decimal('248681.3185041910258581994904'), Decimal('0.1539416766301142287693149392')]
            >>> wdi.convert_encoded(amounts, ([0, 1, 2], ["THB", "LAK"]), ([0, 0, 0], [2014]))
            Traceback (most recent call last):
            ...
            commit_mef.errors.ValidationError: RateTable.convert_encoded.currencies: code 2 is outside the 2 categories; each code must index the categories
        """
        from commit_mef._rates import convert_coded

        return convert_coded(
            self,
            amounts,
            currencies=currencies,
            periods=periods,
            target=_to_currency(to).code,
            allow_not_meaningful=allow_not_meaningful,
        )

    def convert_fixed(
        self,
        magnitudes: Any,
        exponent: int,
        currencies: tuple[Any, Sequence[str | Currency | None]],
        periods: tuple[Any, Sequence[Period | int | dt.date | str | None]],
        to: str | Currency = "USD",
        *,
        places: int = 6,
        allow_not_meaningful: bool = False,
    ) -> tuple[Any, int]:
        """Convert scaled integers to exact fixed point: each row rounded once, to ``places``.

        The fastest bulk path, for columns of millions of rows.  Amounts come as
        integer magnitudes ``m`` standing for ``m * 10**exponent`` (as
        :meth:`ObservationTable.columns <commit_mef.ObservationTable.columns>`
        gives them), currencies and periods as ``(codes, categories)`` pairs as
        for :meth:`convert_encoded`.  Each result is the exact value ``m *
        10**exponent * rate(to) / rate(currency)`` — the rates as the table
        holds them, a day-weighted mean computed exactly, no division rounded —
        rounded once, half to even, to ``places`` decimal places: correctly
        rounded fixed point, like Arrow ``decimal128`` with scale ``places``.
        Results come back as integers with their exponent, ``-places``.
        (:meth:`convert` rounds the factor and the product to 28 significant
        digits instead, so the two can differ in a last place.)

        Most rows are decided in float64 arithmetic whose error is bounded; the
        rows it cannot decide (near a half, or too large) are recomputed with
        Python integers, so every row is exact.

        Args:
            magnitudes: Integer magnitudes, one per row (a numpy integer array, an
                ``object`` array or a list of Python ints).
            exponent: The power of ten they are scaled by (``-2`` for cents).
            currencies: ``(codes, categories)``: an integer code per row and the
                ISO codes (or :class:`Currency`) they index.
            periods: ``(codes, categories)``: an integer code per row and the
                periods (or years, dates, period strings) they index.
            to: The target currency.
            places: Decimal places of the results (may be negative or zero).
            allow_not_meaningful: Use rates marked not meaningful anyway.

        Returns:
            ``(integers, -places)``: a numpy ``int64`` array (an ``object`` array of
            Python ints when a result exceeds ``int64``), the result of row ``i``
            being ``integers[i] * 10**-places``.

        Raises:
            ValidationError: the magnitudes are not integers, the columns differ in
                length, a code does not index its categories, or a row's category
                is ``None``.
            MissingRateError: a rate some row needs is missing.
            RateNotMeaningfulError: a rate some row needs is marked not meaningful.

        Examples:
            >>> wdi = RateTable.wdi()
            >>> cents = [21_000_000_000, 200_000_000_000, 500]  # THB 210 million, ...
            >>> values, exp = wdi.convert_fixed(cents, -2, ([0, 1, 0], ["THB", "LAK"]), ([0, 0, 0], [2014]))
            >>> values.tolist(), exp
            ([6465550418465, 248681318504, 153942], -6)
            >>> wdi.convert_fixed([1.5], 0, ([0], ["THB"]), ([0], [2014]))
            Traceback (most recent call last):
            ...
            commit_mef.errors.ValidationError: RateTable.convert_fixed.magnitudes: must be integers (scaled magnitudes), got float64; pass the integers m of m * 10**exponent, as ObservationTable.columns()['magnitude'] gives
        """
        from commit_mef._rates import convert_fixed_coded

        return convert_fixed_coded(
            self,
            magnitudes,
            exponent,
            currencies=currencies,
            periods=periods,
            target=_to_currency(to).code,
            places=places,
            allow_not_meaningful=allow_not_meaningful,
        )

    def _factor(
        self, code: str, target: str, period: Period, allow_not_meaningful: bool
    ) -> Decimal:
        """``rate(target) / rate(code)``: what one unit of ``code`` is worth in ``target``."""
        if code == target:
            return _USD_RATE
        from_rate = self._weighted(code, period, allow_not_meaningful)[0]
        to_rate = self._weighted(target, period, allow_not_meaningful)[0]
        return to_rate if from_rate == _USD_RATE else to_rate / from_rate


class _Factors(dict[tuple[object, int], Decimal]):
    """Conversion factors by (currency, id of a period object), computed on first use."""

    def __init__(
        self, table: RateTable, target: str, periods: Sequence[object], allow: bool
    ) -> None:
        super().__init__()
        self.table = table
        self.target = target
        self.periods = periods
        self.allow = allow
        self.by_value: dict[tuple[str, Period], Decimal] = {}
        self.objects: dict[int, object] = {}
        self.cursor = 0
        self.unchanged: set[object] = set()

    def _period_object(self, key: int) -> object:
        """The period object with id ``key``: found by a C-level scan of the column.

        A period object not seen before first appears at the row being converted, after
        every earlier new one, so the scans resume where the last stopped: one pass in all.
        """
        found = self.objects.get(key)
        if found is None:
            ids = map(id, itertools.islice(self.periods, self.cursor, None))
            self.cursor += operator.indexOf(ids, key)
            found = self.objects[key] = self.periods[self.cursor]
        return found

    def __missing__(self, key: tuple[object, int]) -> Decimal:
        code = _to_currency(key[0]).code  # type: ignore[arg-type]
        period = _to_period(self._period_object(key[1]))  # type: ignore[arg-type]
        if code == self.target:
            self.unchanged.add(key[0])
        factor = self.by_value.get((code, period))
        if factor is None:
            factor = self.table._factor(code, self.target, period, self.allow)
            self.by_value[(code, period)] = factor
        self[key] = factor
        return factor


def _parse_bool(text: str) -> bool:
    folded = text.strip().casefold()
    if folded in ("", "true", "yes", "1"):
        return True
    if folded in ("false", "no", "0"):
        return False
    raise ValueError(f"expected true or false, got {text!r}")


def _rates_from_rows(rows: csv.DictReader[str], label: str) -> RateTable:
    fields = set(rows.fieldnames or ())
    required = {"currency", "per_usd", "source", "vintage"}
    missing = sorted(required - fields)
    if "period" not in fields and "year" not in fields:
        missing.append("period (or year)")
    if missing:
        raise LoadError(
            [Problem("header", f"missing column(s): {', '.join(missing)}", rule="columns")],
            source=label,
        )
    problems: list[Problem] = []
    rates: list[ExchangeRate] = []
    for row in rows:
        where = f"line {rows.line_num}"
        values: dict[str, Any] = {}
        for column, read in (
            ("currency", currency),
            ("per_usd", _rate_value),
            ("period", _to_period),
            ("meaningful", _parse_bool),
        ):
            raw = row.get(column)
            if column == "period" and not raw:
                raw = row.get("year")
            if column == "meaningful" and raw is None:
                continue
            try:
                values[column] = read(raw or "")
            except (ValueError, LookupError, TypeError) as exc:
                problems.append(Problem(f"{where}, {column}", _bare_message(exc)))
        if "per_usd" in values and values["per_usd"] <= 0:
            problems.append(
                Problem(
                    f"{where}, per_usd",
                    f"must be above zero (local currency units per US$), got {values['per_usd']}; "
                    "a missing rate is left out of the table, not written as 0",
                )
            )
            continue
        problems.extend(
            Problem(f"{where}, {column}", "must not be empty")
            for column in ("source", "vintage")
            if not (row.get(column) or "").strip()
        )
        if len(values) >= 3 and not any(p.path.startswith(where + ",") for p in problems):
            rates.append(
                ExchangeRate(
                    currency=values["currency"],
                    per_usd=values["per_usd"],
                    period=values["period"],
                    source=row["source"].strip(),
                    vintage=row["vintage"].strip(),
                    meaningful=values.get("meaningful", True),
                    note=(row.get("note") or "").strip(),
                )
            )
    if problems:
        raise LoadError(problems, source=label)
    try:
        return RateTable(rates)
    except ValidationError as exc:
        raise LoadError(
            [Problem("rates", _bare_message(exc), rule=exc.rule)], source=label
        ) from None


def _bare_message(exc: Exception) -> str:
    text = str(exc)
    path = getattr(exc, "path", None)
    return text.split(": ", 1)[1] if path and text.startswith(f"{path}: ") else text


_WDI_SOURCE = "World Bank WDI PA.NUS.FCRF"
_WDI_VINTAGE = (
    "WDI 2026-07-01 (mirror commit 4ebec5a)"  # keep in step with scripts/gen_wdi_rates.py
)
_MMK_NOTE = (
    "fixed official rate before the April 2012 managed float, some 150-200 times below "
    "the market rate"
)


@functools.cache
def _wdi_table() -> RateTable:
    from importlib.resources import files

    text = files("commit_mef").joinpath("data/wdi_rates.csv").read_text("utf-8")
    # Only split the file into lines per currency here (the file is sorted by currency,
    # then year, and quotes nothing); each currency's rates are built on its first use.
    lines = text.splitlines()
    if lines[0] != _WDI_HEADER:  # pragma: no cover - guards edits to the shipped file
        raise LoadError(
            [Problem("header", f"expected {_WDI_HEADER!r}, got {lines[0]!r}", rule="columns")],
            source="commit_mef/data/wdi_rates.csv",
        )
    by_code: dict[str, list[str]] = {}
    for line in itertools.islice(lines, 1, None):
        code = line[: line.index(",")]
        group = by_code.get(code)
        if group is None:
            by_code[code] = [line]
        else:
            group.append(line)
    return RateTable._from_lazy(_LazyRates(lines=by_code, count=len(lines) - 1, build=_wdi_rates))


_WDI_HEADER = "currency,year,per_usd,country,meaningful,note"


def _wdi_rates(code: str, lines: list[str]) -> list[ExchangeRate]:
    """The rates of one currency from its lines of the shipped WDI file."""
    cur = currency(code)
    rates = []
    for _, year, per_usd, _country, meaningful_text, note in csv.reader(lines):
        meaningful = meaningful_text == "true"
        rates.append(
            ExchangeRate(
                currency=cur,
                per_usd=Decimal(per_usd),
                period=Period.year(int(year)),
                source=_WDI_SOURCE,
                vintage=_WDI_VINTAGE,
                meaningful=meaningful,
                note=note or ("" if meaningful else _MMK_NOTE),
            )
        )
    return rates


# ---------------------------------------------------------------------------------------
# Stated equivalents
# ---------------------------------------------------------------------------------------


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
        raise TypeError(f"stated must be Money, got {type(stated).__name__} {stated!r}")
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
