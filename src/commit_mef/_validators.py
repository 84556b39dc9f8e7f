"""Shared attrs validators and converters (one place, as the house style asks)."""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from commit_mef.errors import InvalidTypeError, ValidationError

E = TypeVar("E", bound=enum.Enum)

if TYPE_CHECKING:
    from commit_mef.countries import Country


def _reject_unknown(cls: type[enum.Enum], value: object) -> enum.Enum:
    """``Enum._missing_``: an unknown value is a ValidationError listing the values it takes."""
    values = ", ".join(repr(m.value) for m in cls)
    raise ValidationError(
        f"{value!r} is not a {cls.__name__}; use one of {values}", path=cls.__name__
    )


def check_type(value: object, cls: type | tuple[type, ...], what: str) -> None:
    """Raise InvalidTypeError unless ``value`` is a ``cls``: "render_text() takes a ProgressReport".

    Args:
        value: What the caller passed.
        cls: The type (or types) it must be.
        what: The function and argument, as a message names them (``"render_text()"``).
    """
    if isinstance(value, cls):
        return
    types = cls if isinstance(cls, tuple) else (cls,)
    names = " or ".join(t.__name__ for t in types)
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    raise InvalidTypeError(f"{what} takes a {names}, got {type(value).__name__} {shown}")


def check_path(value: object, what: str) -> None:
    """Raise InvalidTypeError unless ``value`` is a path (a ``str`` or an ``os.PathLike``)."""
    import os

    check_type(value, (str, os.PathLike), what)


#: Set as ``_missing_`` in each public enum, so that ``Basis("weekly")`` raises the
#: package's ValidationError (still a ValueError) instead of a bare ValueError.
reject_unknown = classmethod(_reject_unknown)


def non_empty_str(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """Require a non-blank string."""
    owner = type(inst).__name__
    if not isinstance(value, str):
        raise InvalidTypeError(f"{owner}.{attr.name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValidationError("must not be empty", path=f"{owner}.{attr.name}")


def str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """A tuple of strings; a single string is one item, not its characters."""
    return (value,) if isinstance(value, str) else tuple(value)


def country_tuple(value: Iterable[str | Country] | str | Country) -> tuple[Country, ...]:
    """A tuple of countries from codes, names or countries; a single one is one item."""
    from commit_mef.countries import Country, country

    if isinstance(value, (str, Country)):
        value = (value,)
    return tuple(country(v) for v in value)


def exact_decimal(value: object, *, field: str = "value") -> Decimal:
    """Turn an exact number (``int``, ``str`` or ``Decimal``) into a finite :class:`Decimal`.

    Floats are refused: a binary float cannot hold most decimal amounts
    exactly, so the caller is told to pass a ``str`` or ``Decimal``.
    """
    if isinstance(value, bool):
        raise InvalidTypeError(f"{field} must be a number, got bool {value!r}")
    if isinstance(value, float):
        raise InvalidTypeError(
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
        raise InvalidTypeError(
            f"{field} must be an int, str or Decimal, got {type(value).__name__} {value!r}"
        )
    if not result.is_finite():
        raise ValidationError(f"must be a finite number, got {result}", path=field)
    return result


def to_enum(enum_type: type[E], value: object, path: str) -> E:
    """Convert ``value`` (a member or its value) to a member of ``enum_type``.

    An unknown value raises :class:`~commit_mef.errors.ValidationError` naming
    the field (``path``) and listing the values it takes, where ``Enum`` itself
    would raise a bare ``ValueError``.  Call it from a small named converter
    per field (the attrs mypy plugin needs named converters).
    """
    if isinstance(value, enum_type):
        return value
    try:
        return enum_type(value)
    except ValueError:
        values = ", ".join(repr(m.value) for m in enum_type)
        raise ValidationError(
            f"{value!r} is not a {enum_type.__name__}; use one of {values}", path=path
        ) from None
