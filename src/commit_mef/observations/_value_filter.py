"""Filters on values: exact bounds and sets compared on the scaled integer magnitudes, vectorised.

A table stores every number and money amount as an integer ``m`` meaning
``m * 10**e`` (one exponent ``e`` per table).  A bound ``b`` is turned once into
the integer it means at that scale (``m >= ceil(b / 10**e)`` for a lower bound,
``m <= floor(b / 10**e)`` for an upper one), exactly, so that comparing a million
rows is one numpy comparison and no row becomes a :class:`~decimal.Decimal`.

The semantics (documented on :meth:`ObservationTable.filter`): a plain number
compares the rows that hold a plain number; a :class:`~commit_mef.Money` compares
the money rows in its currency; every other row is left out.  ``values=`` keeps
the rows whose value equals one of those given, exactly (``Decimal("1.50")``
equals ``1.5``), by the same rule: numbers match numbers, money matches money of
its currency, yes/no match yes/no, texts match texts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from commit_mef._validators import exact_decimal
from commit_mef.errors import CurrencyMismatchError, InvalidTypeError, ValidationError
from commit_mef.money import Money
from commit_mef.observations import _columns as cols_
from commit_mef.observations._encoding import BOOL, MONEY, NUMBER, TEXT
from commit_mef.observations._observation import to_value

if TYPE_CHECKING:
    from commit_mef.observations._table import ObservationTable

__all__ = ["value_mask"]

#: A bound beyond every magnitude of the table: every row passes it, or none does.
_ALL, _NONE = "all", "none"


def _bound(value: object, name: str) -> tuple[Decimal, str | None]:
    """The exact number of a bound and its currency (``None`` for a plain number)."""
    if isinstance(value, Money):
        return value.amount, value.currency.code
    if isinstance(value, bool) or not isinstance(value, (int, str, Decimal, float)):
        raise InvalidTypeError(
            f"filter({name}=...) takes a number (int, Decimal or str) or Money, got "
            f"{type(value).__name__} {value!r}"
        )
    return exact_decimal(value, field=f"filter({name}=...)"), None


def _scaled(value: Decimal, exponent: int, digits: int, *, up: bool) -> int | str:
    """``ceil`` (``up``) or ``floor`` of ``value / 10**exponent``, or a sentinel beyond ``digits``.

    ``digits`` is the number of decimal digits of the largest magnitude: a bound
    whose leading digit lies above it is beyond every row, and one far below 1 is
    0 or +-1, so that no huge power of ten is ever built (``Decimal('1e999999999')``
    costs nothing).
    """
    if value == 0:
        return 0
    lead = value.adjusted() - exponent  # the power of ten of the bound's leading digit
    if lead > digits:
        return _ALL if (value < 0) == up else _NONE
    if lead < -2:  # 0 < |value / 10**exponent| < 0.01
        positive = value > 0
        if up:
            return 1 if positive else 0
        return 0 if positive else -1
    ratio = Fraction(value) / Fraction(10) ** exponent
    return math.ceil(ratio) if up else math.floor(ratio)


def _exact(value: Decimal, exponent: int, digits: int) -> int | None:
    """``value / 10**exponent`` when it is an integer a magnitude can hold, else ``None``."""
    if value == 0:
        return 0
    lead = value.adjusted() - exponent
    if lead > digits or lead < 0:
        return None
    ratio = Fraction(value) / Fraction(10) ** exponent
    return ratio.numerator if ratio.denominator == 1 else None


def _digits(mags: Any) -> int:
    """Decimal digits of the largest magnitude (at least 19, an int64's)."""
    if cols_.is_python(mags) or mags.dtype == object:
        biggest = max((abs(int(m)) for m in mags), default=0)
        return max(19, len(str(biggest)))
    return 19


class _Rows:
    """The columns a value filter reads, in the table's own backend."""

    def __init__(self, table: ObservationTable) -> None:
        self.python = cols_.is_python(table._mags)
        self.n = table._n
        self.kinds = table._cols["kind"][0]
        self.mags = table._mags
        self.exponent = table._exponent
        self.currency = table._cols["currency"]
        self.text = table._cols.get("text")
        self.digits = _digits(self.mags)

    def none(self) -> Any:
        if self.python:
            return [False] * self.n
        import numpy as np

        return np.zeros(self.n, dtype=bool)

    def of_kind(self, kind: int, currency: str | None = None) -> Any:
        """The rows of one value kind (money rows of one currency, if given)."""
        if kind == MONEY:
            codes, cats = self.currency
            wanted = [c == currency for c in cats]
            if self.python:
                return [k == MONEY and wanted[c] for k, c in zip(self.kinds, codes, strict=True)]
            import numpy as np

            if not any(wanted):
                return self.none()
            return (np.asarray(self.kinds) == MONEY) & np.asarray(wanted, dtype=bool)[codes]
        if self.python:
            return [k == kind for k in self.kinds]
        import numpy as np

        return np.asarray(self.kinds) == kind

    def compare(self, rows: Any, bound: int | str, *, lower: bool) -> Any:
        """``rows`` whose magnitude is at least (``lower``) or at most ``bound``."""
        if bound == _ALL:
            return rows
        if bound == _NONE:
            return self.none()
        if self.python:
            if lower:
                return [r and m >= bound for r, m in zip(rows, self.mags, strict=True)]
            return [r and m <= bound for r, m in zip(rows, self.mags, strict=True)]
        mags = self.mags
        if mags.dtype != object and abs(int(bound)) > cols_.INT64_MAX:  # beyond int64: all or none
            return rows if (int(bound) < 0) == lower else self.none()
        return rows & ((mags >= bound) if lower else (mags <= bound))

    def among(self, rows: Any, wanted: set[int]) -> Any:
        """``rows`` whose magnitude is one of ``wanted``."""
        if not wanted:
            return self.none()
        if self.python:
            return [r and m in wanted for r, m in zip(rows, self.mags, strict=True)]
        import numpy as np

        mags = self.mags
        if mags.dtype == object:
            hit = np.fromiter((int(m) in wanted for m in mags), dtype=bool, count=len(mags))
        else:
            fit = [w for w in wanted if abs(w) <= cols_.INT64_MAX]
            hit = np.isin(mags, np.asarray(fit, dtype=np.int64))
        return rows & hit

    def both(self, a: Any, b: Any) -> Any:
        if self.python:
            return [x and y for x, y in zip(a, b, strict=True)]
        return a & b

    def union(self, a: Any, b: Any) -> Any:
        if self.python:
            return [x or y for x, y in zip(a, b, strict=True)]
        return a | b


def _check_pair(low: tuple[Decimal, str | None], high: tuple[Decimal, str | None]) -> None:
    if low[1] == high[1]:
        return
    if low[1] is None or high[1] is None:
        raise ValidationError(
            "value_min and value_max must both be numbers or both be Money; give both as "
            "Money to compare money amounts",
            path="filter(value_min=..., value_max=...)",
        )
    raise CurrencyMismatchError(low[1], high[1], "filter(value_min=..., value_max=...)")


def value_mask(
    table: ObservationTable,
    *,
    value_min: object = None,
    value_max: object = None,
    values: object = None,
) -> Any:
    """Per row, whether its value passes the bounds and is among ``values`` (those given)."""
    rows = _Rows(table)
    mask = None
    low = None if value_min is None else _bound(value_min, "value_min")
    high = None if value_max is None else _bound(value_max, "value_max")
    if low is not None and high is not None:
        _check_pair(low, high)
    if low is not None or high is not None:
        currency = (low or high)[1]  # type: ignore[index]
        mask = rows.of_kind(MONEY if currency else NUMBER, currency)
        if low is not None:
            mask = rows.compare(
                mask, _scaled(low[0], rows.exponent, rows.digits, up=True), lower=True
            )
        if high is not None:
            mask = rows.compare(
                mask, _scaled(high[0], rows.exponent, rows.digits, up=False), lower=False
            )
    if values is not None:
        hit = _among(table, rows, values)
        mask = hit if mask is None else rows.both(mask, hit)
    return mask


def _among(table: ObservationTable, rows: _Rows, values: object) -> Any:
    """The rows whose value is one of ``values``."""
    if isinstance(values, (str, Money, Decimal, int, float)) or not isinstance(values, Iterable):
        values = [values]
    numbers: dict[str | None, set[int]] = {}
    flags: set[bool] = set()
    texts: set[str] = set()
    for i, raw in enumerate(values):
        try:
            value = to_value(raw)
        except (InvalidTypeError, ValidationError) as exc:
            raise type(exc)(f"filter(values=...)[{i}]: {exc}") from None
        if isinstance(value, bool):
            flags.add(value)
        elif isinstance(value, str):
            texts.add(value)
        elif isinstance(value, (Money, Decimal)):
            number, cur = _bound(value, "values")
            scaled = _exact(number, rows.exponent, rows.digits)
            wanted = numbers.setdefault(cur, set())
            if scaled is not None:
                wanted.add(scaled)
    mask = rows.none()
    for cur, wanted in numbers.items():
        mask = rows.union(mask, rows.among(rows.of_kind(MONEY if cur else NUMBER, cur), wanted))
    for flag in flags:
        mask = rows.union(mask, _flag_rows(rows, flag))
    if texts:
        mask = rows.union(mask, _text_rows(table, rows, texts))
    return mask


def _flag_rows(rows: _Rows, flag: bool) -> Any:
    """The yes/no rows holding ``flag`` (a yes is stored as a non-zero magnitude)."""
    kind = rows.of_kind(BOOL)
    if rows.python:
        return [k and (m != 0) == flag for k, m in zip(kind, rows.mags, strict=True)]
    return kind & ((rows.mags != 0) == flag)


def _text_rows(table: ObservationTable, rows: _Rows, texts: set[str]) -> Any:
    """The text rows whose text is one of ``texts``."""
    if rows.text is None:
        return rows.none()
    codes, cats = rows.text
    wanted = [c in texts for c in cats]
    kind = rows.of_kind(TEXT)
    if rows.python:
        return [k and wanted[c] for k, c in zip(kind, codes, strict=True)]
    import numpy as np

    return kind & np.asarray(wanted, dtype=bool)[codes]
