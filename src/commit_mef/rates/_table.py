"""Rate tables: dated rates per currency, day-weighted means, and exact conversion via US$."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import IO, Any, NamedTuple

import attrs

from commit_mef._caches import LRU, built_once
from commit_mef._validators import check_type
from commit_mef.errors import InvalidTypeError, MissingRateError, RateNotMeaningfulError
from commit_mef.money import Currency, Money
from commit_mef.money import currency as lookup
from commit_mef.periods import Period
from commit_mef.rates._load import LazyRates, read_csv, wdi_rates
from commit_mef.rates._rate import (
    Conversion,
    ExchangeRate,
    _to_period,
    covering,
    describe_span,
    index_entry,
)

__all__ = ["RateTable"]


_USD_RATE = Decimal(1)

#: The most (currency, period) rates a table keeps worked out (an LRU; see :func:`clear_caches`).
CACHE_SIZE = 1024


def _code(value: str | Currency) -> str:
    """The ISO code of a currency given as a code, a name or a :class:`Currency`."""
    return value.code if type(value) is Currency else lookup(value).code


def _rate_tuple(rates: Iterable[ExchangeRate]) -> tuple[ExchangeRate, ...]:
    check_type(rates, Iterable, "RateTable()")
    return tuple(rates)


class _Weighted(NamedTuple):
    """One currency's rate over a period, as :meth:`RateTable.rate` gives it and exactly."""

    value: Decimal  # the day-weighted mean in Decimal (rounded to the context): rate()
    weights: tuple[tuple[ExchangeRate, Decimal], ...]  # each rate used, with its share of days
    exact: Fraction  # the same mean, nothing rounded: what conversions multiply by


_USD = _Weighted(_USD_RATE, (), Fraction(1))

# Products are exact (no precision is too small for them); only the one division rounds.
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _times(amount: Decimal, factor: Fraction) -> Decimal:
    """``amount × factor``, the exact value rounded once, half to even, to the context's digits.

    With the exponent of ``amount`` as the ideal one: an exact result keeps its places
    (``1.50 × 32`` is ``48.00``), as a multiplication does.
    """
    rounding = decimal.Context(prec=decimal.getcontext().prec, rounding=decimal.ROUND_HALF_EVEN)
    product = _EXACT.multiply(amount, Decimal(factor.numerator))
    return rounding.divide(product, Decimal(factor.denominator))


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
        commit_mef.errors.MissingRateError: no exchange rate for KHR over 2015 (the table covers 2013-2014); add a rate for that period or choose a period the table covers
    """

    # ``None`` until asked for in a lazy table (the shipped WDI rates): see ``rates``.
    _rates: tuple[ExchangeRate, ...] | None = attrs.field(converter=_rate_tuple)
    _index: dict[str, tuple[tuple[dt.date, ...], tuple[ExchangeRate, ...]]] = attrs.field(
        init=False
    )
    _cache: LRU[tuple[str, Period, bool], _Weighted] = attrs.field(
        init=False, factory=lambda: LRU(CACHE_SIZE)
    )
    _lazy: LazyRates | None = attrs.field(init=False, default=None)

    def __attrs_post_init__(self) -> None:
        groups: dict[str, list[ExchangeRate]] = {}
        for i, rate in enumerate(self._rates or ()):
            if not isinstance(rate, ExchangeRate):
                raise InvalidTypeError(
                    f"RateTable.rates[{i}] must be an ExchangeRate, got {type(rate).__name__}"
                )
            groups.setdefault(rate.currency.code, []).append(rate)
        object.__setattr__(
            self, "_index", {code: index_entry(code, group) for code, group in groups.items()}
        )

    @classmethod
    def _from_lazy(cls, lazy: LazyRates) -> RateTable:
        """A table whose rates are built per currency on first use of that currency."""
        table = cls(())
        object.__setattr__(table, "_rates", None)
        object.__setattr__(table, "_lazy", lazy)
        return table

    def _entry(self, code: str) -> tuple[tuple[dt.date, ...], tuple[ExchangeRate, ...]] | None:
        """The rates of one currency, sorted, with their start dates; built on first use."""
        entry = self._index.get(code)
        if entry is None and self._lazy is not None and code in self._lazy.lines:
            built = index_entry(code, self._lazy.build(code, self._lazy.lines[code]))
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

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the shipped table by reference, any other by its rates (never its caches).

        A task sent to a process pool with ``RateTable.wdi()`` carries a few dozen
        bytes, and the worker uses its own copy of the same shipped table.
        """
        if self._lazy is not None and _wdi_table.cache_info().currsize and self is _wdi_table():
            return (_wdi_table, ())
        return (RateTable, (self.rates,))

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
            commit_mef.errors.RateNotMeaningfulError: the MMK rate over 2011 is marked not meaningful (...); supply a market rate, or allow not-meaningful rates explicitly to use it anyway
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
              unknown currency 'KIP': expected an ISO 4217 code; did you mean: LAK (Lao Kip)? @ row 2, column 'currency'
              [rate-positive] must be above zero (local currency units per US$), got -1; a missing rate is left out of the table, not written as 0 @ row 2, column 'per_usd'
        """
        return read_csv(source, name, cls)

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
        entry = self._entry(_code(currency))
        return None if entry is None else describe_span(entry[1])

    def _weighted(self, code: str, period: Period, allow_not_meaningful: bool) -> _Weighted:
        """One currency's rate over ``period`` (cached): checked, day-weighted, and exact."""
        key = (code, period, allow_not_meaningful)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        entry = self._entry(code)
        if code == "USD" and entry is None:
            self._cache.put(key, _USD)
            return _USD
        if entry is None:
            raise MissingRateError(code, str(period))
        used = covering(code, entry, period)
        if not allow_not_meaningful:
            for rate, _ in used:
                if not rate.meaningful:
                    raise RateNotMeaningfulError(
                        code, str(period), reason=rate.note or f"the {rate.period} rate"
                    )
        if len(used) == 1:
            rate = used[0][0]
            result = _Weighted(rate.per_usd, ((rate, Decimal(1)),), Fraction(rate.per_usd))
        else:
            total = Decimal(period.days)
            result = _Weighted(
                sum((r.per_usd * days for r, days in used), Decimal(0)) / total,
                tuple((r, Decimal(days) / total) for r, days in used),
                sum((Fraction(r.per_usd) * days for r, days in used), Fraction(0)) / period.days,
            )
        self._cache.put(key, result)
        return result

    def _exact_factor(
        self, code: str, target: str, period: Period, allow_not_meaningful: bool
    ) -> Fraction:
        """``rate(target) / rate(code)``, nothing rounded: one unit of ``code`` in ``target``.

        The one factor every conversion multiplies by: :meth:`conversion` (and so
        :meth:`convert`) and :meth:`convert_fixed`.  The source's rate is looked up
        (and its errors raised) first.
        """
        if code == target:
            return Fraction(1)
        source = self._weighted(code, period, allow_not_meaningful).exact
        return self._weighted(target, period, allow_not_meaningful).exact / source

    def rate(
        self,
        currency: str | Currency,
        over: Period | int | dt.date | str,
        *,
        allow_not_meaningful: bool = False,
    ) -> Decimal:
        """Units of ``currency`` per US$ over a period.

        Over a period several rates cover, the day-weighted mean of them (a
        :class:`~decimal.Decimal`, rounded to the context's precision; conversions
        use the mean exactly).  US$ is 1 unless the table holds US$ rates.

        Args:
            currency: An ISO code or :class:`~commit_mef.money.Currency`.
            over: A :class:`~commit_mef.periods.Period`, a year (``2014``), a date,
                or a period string (``"2011-2014"``).
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
        return self._weighted(_code(currency), _to_period(over), allow_not_meaningful).value

    def conversion(
        self,
        money: Money,
        to: str | Currency,
        over: Period | int | dt.date | str,
        *,
        allow_not_meaningful: bool = False,
    ) -> Conversion:
        """Convert ``money`` into ``to`` via US$, and say which rates made the result.

        The result is the exact value ``amount × rate(to) ÷ rate(from)`` — the
        rates as the table holds them, a day-weighted mean over several rates
        computed exactly — rounded once, half to even, to the context's precision
        (28 significant digits by default).  It is the value :meth:`convert_fixed`
        rounds to fixed places: rounded half to even to ``places``, the two agree.

        Raises:
            TypeError: ``money`` is not :class:`~commit_mef.money.Money`.
            MissingRateError: a rate is missing over ``over``.
            RateNotMeaningfulError: a rate needed is marked not meaningful.

        Examples:
            >>> c = RateTable.wdi().conversion(Money.parse("THB 210 million"), "USD", over=2014)
            >>> str(c.result.rounded()), c.method
            ('USD 6,465,550.42', 'THB to USD via US$; THB: the 2014 rate')
        """
        if not isinstance(money, Money):
            raise InvalidTypeError(
                f"conversion() converts Money, got {type(money).__name__} {money!r}; "
                "build it as Money('149000000', 'KHR')"
            )
        target = lookup(to)
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
        source = self._weighted(source_code, period, allow_not_meaningful)
        result = self._weighted(target.code, period, allow_not_meaningful)
        factor = self._exact_factor(source_code, target.code, period, allow_not_meaningful)
        parts = [f"{source_code} to {target.code} via US$"]
        for code, used in ((source_code, source.weights), (target.code, result.weights)):
            if len(used) == 1:
                parts.append(f"{code}: the {used[0][0].period} rate")
            elif used:
                parts.append(f"{code}: day-weighted mean of {len(used)} rates over {period}")
        return Conversion(
            source=money,
            result=Money(_times(money.amount, factor), target),
            over=period,
            rates=source.weights + result.weights,
            from_rate=source.value,
            to_rate=result.value,
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

        Same as ``conversion(...).result``; see :meth:`conversion`.  For many
        amounts at once, use :meth:`convert_fixed`.

        Examples:
            >>> wdi = RateTable.wdi()
            >>> str(wdi.convert(Money.parse("2 billion LAK"), "USD", over=2014).rounded())
            'USD 248,681.32'
            >>> wdi.convert(Money.parse("MMK 12.042.358 million", reading=1), "USD", over="2011-2014")
            Traceback (most recent call last):
            ...
            commit_mef.errors.RateNotMeaningfulError: the MMK rate over 2011-2014 is marked not meaningful (...); supply a market rate, or allow not-meaningful rates explicitly to use it anyway
        """
        return self.conversion(money, to, over, allow_not_meaningful=allow_not_meaningful).result

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
        """Convert columns of amounts to exact fixed point: each row rounded once, to ``places``.

        The bulk path, for columns of up to millions of rows.  Amounts come as
        integer magnitudes ``m`` standing for ``m * 10**exponent`` (as
        :meth:`ObservationTable.columns <commit_mef.ObservationTable.columns>`
        gives them), currencies and periods dictionary-encoded as ``(codes,
        categories)`` pairs (as :meth:`ObservationTable.key_column
        <commit_mef.ObservationTable.key_column>` gives them, or
        ``pandas.Categorical`` ``.codes`` and ``.categories``); each distinct
        (currency, period) some row uses costs one exact factor, and a category no
        row uses is never looked at.  Each result is the exact value ``m *
        10**exponent * rate(to) / rate(currency)`` — the rates as the table
        holds them, a day-weighted mean computed exactly, no division rounded —
        rounded once, half to even, to ``places`` decimal places: correctly
        rounded fixed point, like Arrow ``decimal128`` with scale ``places``.
        Results come back as integers with their exponent, ``-places``.
        :meth:`convert` rounds the same exact value once to 28 significant
        digits, so rounding its result half to even to ``places`` gives the
        same integer wherever those digits reach ``places``.

        Most rows are decided in float64 arithmetic whose error is bounded; the
        rows it cannot decide (near a half, or too large) are recomputed with
        Python integers, so every row is exact.

        Args:
            magnitudes: Integer magnitudes, one per row (a numpy integer array, an
                ``object`` array or a list of Python ints).
            exponent: The power of ten they are scaled by (``-2`` for cents).
            currencies: ``(codes, categories)``: an integer code per row and the
                ISO codes (or :class:`~commit_mef.money.Currency`) they index.
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
        from commit_mef.rates._fixed import convert_fixed_coded

        target = _code(to)

        def factor(code: str, period: Period) -> Fraction:
            return self._exact_factor(code, target, period, allow_not_meaningful)

        return convert_fixed_coded(
            magnitudes,
            exponent,
            currencies=currencies,
            periods=periods,
            factor=factor,
            places=places,
        )


@built_once
def _wdi_table() -> RateTable:
    """The shipped WDI table, built once; its currencies' rates are built on first use."""
    return RateTable._from_lazy(wdi_rates())
