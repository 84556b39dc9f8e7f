"""Reading report-style amounts ("THB 496.82 million", "USD 246 660") into numbers.

Private: :meth:`commit_mef.money.Money.parse` is the public entry point.
"""

from __future__ import annotations

import re
from decimal import Decimal

from commit_mef.errors import InvalidTypeError, ParseError

__all__ = ["READINGS", "parse_amount_text"]

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


def _scaled(plain: str, exponent: int, negative: bool) -> Decimal:
    value = Decimal(plain).scaleb(exponent)
    if value.as_tuple().exponent > 0:  # type: ignore[operator]  # finite here
        value = value.quantize(Decimal(1))
    return -value if negative else value


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
        return _scaled(plain, exponent, negative), currency_text, ()
    described = tuple(
        f"{name}: {currency_text} {_scaled(plain, exponent, negative):,f}" for name, plain in found
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
    return _scaled(chosen, exponent, negative), currency_text, described


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
