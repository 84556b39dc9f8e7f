"""Reading report-style amounts ("THB 496.82 million", "USD 246 660") into numbers.

Private: :meth:`commit_mef.money.Money.parse` is the public entry point.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

from commit_mef.errors import InvalidTypeError, ParseError

__all__ = [
    "EXACT",
    "MAX_DECIMAL_DIGITS",
    "MAX_DECIMAL_EXPONENT",
    "READINGS",
    "bounded_decimal",
    "parse_amount_text",
]

MAX_DECIMAL_DIGITS = 100
"""The most significant digits a number read from a file or from text may have."""

MAX_DECIMAL_EXPONENT = 100
"""The largest exponent (of the last digit, either sign) a number read from a file may have.

Together with :data:`MAX_DECIMAL_DIGITS`: every number a reader accepts lies between
``10**-100`` and ``10**200`` in size and is exact; ``1e999999999`` is refused in a
microsecond instead of being expanded into a billion digits.
"""

_MAX_TEXT = 4 * MAX_DECIMAL_DIGITS + 32  # longer text cannot hold a number within the limits

#: Exact arithmetic: ``+``, ``-``, ``*``, ``scaleb`` and ``quantize`` never round in it
#: (only division would; it is never used to divide).
EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def _limit_message(field: str, what: str) -> str:
    return (
        f"{field}: {what}; numbers are read with at most {MAX_DECIMAL_DIGITS} significant "
        f"digits and an exponent between -{MAX_DECIMAL_EXPONENT} and {MAX_DECIMAL_EXPONENT}"
        " (write the figure in plain digits, such as '1234.5')"
    )


def bounded_decimal(value: str | int | Decimal, field: str) -> Decimal:
    """A finite :class:`~decimal.Decimal` within the readers' shared limit on digits and exponent.

    Every reader (JSON, CSV, Data Package, xlsx, :meth:`~commit_mef.money.Money.parse`,
    the command line's amounts) reads numbers through this one function, so one
    limit holds everywhere: at most :data:`MAX_DECIMAL_DIGITS` significant digits
    and an exponent between ``-MAX_DECIMAL_EXPONENT`` and ``MAX_DECIMAL_EXPONENT``.
    Text is checked for length before it is parsed, so a megabyte of digits is
    refused without being read as a number.

    Args:
        value: The text (``"1234.5"``, ``"1.2E+6"``), an ``int`` or a ``Decimal``.
        field: Where the number stands, as the message names it (``row 2, column 'value'``).

    Returns:
        The number, exactly as written.

    Raises:
        ParseError: not a finite decimal number, or outside the limit.

    Examples:
        >>> bounded_decimal("1.2E+6", "value")
        Decimal('1.2E+6')
        >>> bounded_decimal("1e999999999", "row 2, column 'value'")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ParseError: row 2, column 'value': the exponent 999999999 is out of range; numbers are read with at most 100 significant digits and an exponent between -100 and 100 (write the figure in plain digits, such as '1234.5')
    """
    if isinstance(value, Decimal):
        number = value
        shown = str(value) if value.is_finite() else repr(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > 4 * MAX_DECIMAL_DIGITS:  # cheaper than counting digits
            raise ParseError(_limit_message(field, "the integer is too long"), text="<integer>")
        number, shown = Decimal(value), "<integer>"
    elif isinstance(value, str):
        text = value.strip()
        shown = text if len(text) <= 60 else text[:57] + "..."
        if len(text) > _MAX_TEXT:
            raise ParseError(
                _limit_message(field, f"the number is {len(text):,} characters long"), text=shown
            )
        try:
            number = Decimal(text.replace("_", ""))
        except decimal.InvalidOperation:
            raise ParseError(
                f"{field}: {shown!r} is not a decimal number; write it as '1234.5'", text=shown
            ) from None
    else:
        raise InvalidTypeError(f"{field} must be a str, int or Decimal, got {type(value).__name__}")
    if not number.is_finite():
        raise ParseError(f"{field}: must be a finite number, got {shown}", text=shown)
    _, digits, exponent = number.as_tuple()
    if len(digits) > MAX_DECIMAL_DIGITS:
        raise ParseError(
            _limit_message(field, f"the number has {len(digits):,} significant digits"),
            text=shown,
        )
    if not -MAX_DECIMAL_EXPONENT <= exponent <= MAX_DECIMAL_EXPONENT:  # type: ignore[operator]
        raise ParseError(
            _limit_message(field, f"the exponent {exponent} is out of range"), text=shown
        )
    return number


READINGS: dict[str, str] = {
    "dot-grouping": "every dot groups thousands (the decimal-comma convention): 12.042.358 = 12042358",
    "last-dot-decimal": "the last dot is the decimal point, earlier dots group thousands: 12.042.358 = 12042.358",
}
"""The named readings of an ambiguous number, with what each means."""

_SCALES: dict[str, int] = {
    "thousand": 3,
    "million": 6,
    "mn": 6,
    "billion": 9,
    "bn": 9,
    "trillion": 12,
}

_QUALIFIER = re.compile(
    r"^(?:nearly|almost|about|approx\.?|approximately|around|roughly|some|circa|c\.|~)\s*",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?P<sign>[-+−]?)(?P<num>\d(?:[\d.,'\u00a0\u202f ]*\d)?)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|mn|bn)\b)?",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[\u00a0\u202f ']")


def _grouped(text: str, sep: str) -> str | None:
    """Digits of ``text`` grouped by ``sep`` in threes, or ``None`` if the groups are wrong."""
    groups = text.split(sep)
    if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    return "".join(groups)


def _readings(num: str) -> list[tuple[str, str]]:  # noqa: PLR0911 - one return per separator pattern
    """Every plausible reading of a number, as ``(reading name, plain decimal text)``."""
    if _SPACES.search(num):
        # Spaces, no-break spaces and apostrophes only ever group thousands.
        parts = _SPACES.split(num)
        head, tail = parts[0], parts[-1]
        # the decimal part, if any, hangs off the last group ("1 234,56")
        tail_int = re.split(r"[.,]", tail)[0]
        rest = tail[len(tail_int) :]
        joined = _grouped(" ".join([*parts[:-1], tail_int]), " ") if head else None
        if joined is None or "." in "".join(parts[:-1]) or "," in "".join(parts[:-1]):
            return []
        if not rest:
            return [("plain", joined)]
        if len(rest) < 2 or rest[1:].isdigit() is False:
            return []
        return [("plain", f"{joined}.{rest[1:]}")]
    dots, commas = num.count("."), num.count(",")
    if not dots and not commas:
        return [("plain", num)]
    if dots and commas:
        last = "." if num.rfind(".") > num.rfind(",") else ","
        other = "," if last == "." else "."
        if num.count(last) != 1:
            return []
        whole, frac = num.split(last)
        digits = _grouped(whole, other)
        return [] if digits is None else [("plain", f"{digits}.{frac}")]
    if commas:
        whole, _, frac = num.rpartition(",")
        if commas == 1 and len(frac) != 3:
            return [("plain", f"{whole}.{frac}")]  # a decimal comma: "1,5 million"
        digits = _grouped(num, ",")
        return [] if digits is None else [("plain", digits)]
    if dots == 1:
        return [("plain", num)]
    found = []
    grouping = _grouped(num, ".")
    if grouping is not None:
        found.append(("dot-grouping", grouping))
    whole, _, frac = num.rpartition(".")
    decimal_last = _grouped(whole, ".")
    if decimal_last is not None:
        found.append(("last-dot-decimal", f"{decimal_last}.{frac}"))
    return found


def _scaled(plain: str, exponent: int, negative: bool, text: str) -> Decimal:
    shown = text if len(text) <= 60 else text[:57] + "..."
    value = EXACT.scaleb(bounded_decimal(plain, f"the number in {shown!r}"), exponent)
    if value.as_tuple().exponent > 0:  # type: ignore[operator]  # finite here
        value = EXACT.quantize(value, Decimal(1))
    return EXACT.minus(value) if negative and value else value


def parse_amount_text(
    text: str, *, reading: str | int | None
) -> tuple[Decimal, str, tuple[str, ...]]:
    """Split report text into an amount and a currency text; resolve ambiguous numbers.

    Returns:
        ``(amount, currency text, readings)``: ``readings`` lists the reading
        names when the number was ambiguous and ``reading`` chose one.
    """
    stripped = text.strip().replace("\\$", "$")
    stripped = _QUALIFIER.sub("", stripped)
    match = _NUMBER.search(stripped)
    if match is None:
        raise ParseError(
            f"cannot read an amount from {text!r}: no number found; write it as 'THB 496.82 "
            "million' or '149 million KHR'",
            text=text,
        )
    before = stripped[: match.start()].strip()
    after = stripped[match.end() :].strip()
    if bool(before) == bool(after):
        where = "on both sides" if before else "on neither side"
        raise ParseError(
            f"cannot read an amount from {text!r}: expected one currency next to the number, "
            f"found text {where}; write it as 'THB 496.82 million' or '149 million KHR'",
            text=text,
        )
    currency_text = before or after
    scale = match.group("scale")
    exponent = _SCALES[scale.lower()] if scale else 0
    negative = match.group("sign") in ("-", "−")
    found = _readings(match.group("num"))
    if not found:
        raise ParseError(
            f"cannot read the number {match.group('num')!r} in {text!r}: its separators do "
            "not group digits in threes; write it as '12,042.358' or '12042.358'",
            text=text,
        )
    if len(found) == 1:
        plain = found[0][1]
        return _scaled(plain, exponent, negative, text), currency_text, ()
    described = tuple(
        f"{name}: {currency_text} {_scaled(plain, exponent, negative, text):,f}"
        for name, plain in found
    )
    if reading is None:
        raise ParseError(
            f"the amount {text!r} is ambiguous; it reads as "
            + " or as ".join(described)
            + "; pick one with reading='<name>' (or an index into err.readings)",
            text=text,
            readings=described,
        )
    chosen = _choose(reading, found, described, text)
    return _scaled(chosen, exponent, negative, text), currency_text, described


def _choose(
    reading: str | int, found: list[tuple[str, str]], described: tuple[str, ...], text: str
) -> str:
    if isinstance(reading, bool) or not isinstance(reading, (str, int)):
        raise InvalidTypeError(
            f"reading must be a reading name such as 'last-dot-decimal', an index, or one of "
            f"err.readings; got {type(reading).__name__} {reading!r}"
        )
    if isinstance(reading, int):
        if 0 <= reading < len(found):
            return found[reading][1]
    else:
        for (name, plain), full in zip(found, described, strict=True):
            if reading in (name, full):
                return plain
    raise ParseError(
        f"reading={reading!r} does not apply to {text!r}; choose one of "
        + ", ".join(repr(name) for name, _ in found)
        + f" or an index below {len(found)}",
        text=text,
        readings=described,
    )
