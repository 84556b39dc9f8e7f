"""Shared attrs validators and converters (one place, as the house style asks)."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import attrs

from commit_mef.errors import ValidationError


def non_empty_str(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """Require a non-blank string."""
    owner = type(inst).__name__
    if not isinstance(value, str):
        raise TypeError(f"{owner}.{attr.name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValidationError("must not be empty", path=f"{owner}.{attr.name}")


def exact_decimal(value: object, *, field: str = "value") -> Decimal:
    """Turn an exact number (``int``, ``str`` or ``Decimal``) into a finite :class:`Decimal`.

    Floats are refused: a binary float cannot hold most decimal amounts
    exactly, so the caller is told to pass a ``str`` or ``Decimal``.
    """
    if isinstance(value, bool):
        raise TypeError(f"{field} must be a number, got bool {value!r}")
    if isinstance(value, float):
        raise TypeError(
            f"{field} got the float {value!r}; floats are inexact: pass a str or a Decimal "
            f"such as Decimal({str(value)!r})"
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace("_", ""))
        except decimal.InvalidOperation:
            raise ValidationError(
                f"{value!r} is not a decimal number; write it as '1234.5'", path=field
            ) from None
    else:
        raise TypeError(
            f"{field} must be an int, str or Decimal, got {type(value).__name__} {value!r}"
        )
    if not result.is_finite():
        raise ValidationError(f"must be a finite number, got {result}", path=field)
    return result
