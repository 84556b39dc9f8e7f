"""The one cattrs converter, built on first use, and the translation of its errors.

Encodings (the contract of every ``commit-mef`` JSON file):

* ``datetime.date`` -> ISO 8601 ``"2014-10-01"``;
* ``decimal.Decimal`` -> its exact string ``"1234.50"`` (JSON integers are read too,
  JSON numbers with a fraction are refused: they are binary floats);
* :class:`~commit_mef.Period` -> its ``str`` form (``"2011-2014"``);
* :class:`~commit_mef.Country` -> ISO 3166 alpha-3 (``"KHM"``);
* enums -> their value; tuples and frozensets -> JSON arrays (frozensets sorted);
* ``Money`` -> ``{"amount": "...", "currency": "..."}``;
* attrs classes -> JSON objects keyed by field name, unknown keys refused.

Reading is strict about JSON types: a string where a number is expected, or a
number where a string is expected, is a problem, never silently converted.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
import typing
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from commit_mef._validators import exact_decimal
from commit_mef.countries import Country, country
from commit_mef.errors import CommitMefError, Problem, ValidationError
from commit_mef.periods import Period

__all__ = ["Expected", "converter", "describe", "problems_from"]


class Expected(ValueError):  # noqa: N818 - private: reads "raise Expected('an ISO date', got)"
    """A value of the wrong kind; the message says what was expected and what came."""

    def __init__(self, what: str, got: object) -> None:
        super().__init__(f"expected {what}, got {describe(got)}")


def describe(value: object) -> str:  # noqa: PLR0911 - one return per JSON kind
    """A short description of a parsed JSON value for error messages.

    Examples:
        >>> describe("KIP"), describe(3), describe([1]), describe(None)
        ("'KIP'", 'the number 3', 'an array', 'null')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# -- leaf hooks ---------------------------------------------------------------------------
def _str(value: object, _: type) -> str:
    if type(value) is not str:
        raise Expected("a string", value)
    return value


def _int(value: object, _: type) -> int:
    if type(value) is not int:
        raise Expected("an integer", value)
    return value


def _bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise Expected("true or false", value)
    return value


def _decimal(value: object, _: type) -> Decimal:
    if type(value) is int:
        return Decimal(value)
    if type(value) is not str:
        raise Expected('a decimal number written as a string ("1234.5")', value)
    try:
        return exact_decimal(value)
    except CommitMefError:
        raise Expected('a finite decimal number written as a string ("1234.5")', value) from None


def _date(value: object, _: type) -> dt.date:
    if type(value) is str and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Expected('an ISO 8601 date ("2014-10-01")', value)


def _period(value: object, _: type) -> Period:
    if type(value) is not str:
        raise Expected('a period ("2014", "2011-2014" or "2014-10-01/2015-09-30")', value)
    try:
        return Period.parse(value)
    except CommitMefError as exc:
        raise Expected(f"a period ({exc})", value) from None


def _country(value: object, _: type) -> Country:
    if type(value) is not str:
        raise Expected('an ISO 3166 alpha-3 country code ("KHM")', value)
    try:
        return country(value)
    except CommitMefError as exc:
        raise Expected(f"an ISO 3166 alpha-3 country code ({exc})", value) from None


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    values = {member.value: member for member in cls}
    allowed = ", ".join(repr(v) for v in values)

    def structure(value: object, _: type) -> enum.Enum:
        if type(value) in (str, int):
            member = values.get(value)
            if member is not None:
                return member
        raise Expected(f"one of {allowed}", value)

    return structure


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _is_collection(t: object) -> bool:
    return typing.get_origin(t) in (tuple, list, frozenset, set)


def _collection_hook(conv: cattrs.Converter, t: Any) -> Callable[[object, type], Iterable[object]]:
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        fixed: tuple[Any, ...] | None = args
        item: Any = None
    else:
        fixed = None
        item = args[0] if args else Any
    build: Callable[[list[object]], Iterable[object]] = (
        origin if origin in (tuple, list, frozenset, set) else tuple
    )

    def structure(value: object, _: type) -> Iterable[object]:
        if type(value) is not list:
            raise Expected("an array", value)
        if fixed is not None and len(value) != len(fixed):
            raise Expected(f"an array of {len(fixed)} items", f"{len(value)} items")
        out: list[object] = []
        errors: list[Exception] = []
        for i, element in enumerate(value):
            want = fixed[i] if fixed is not None else item
            try:
                out.append(conv.structure(element, want))
            except Exception as exc:  # collected, reported with its index
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"Structuring {t!r} @ index {i}", i, want),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return build(out)

    return structure


def _attrs_hook(conv: cattrs.Converter, cls: type) -> Callable[[object, type], object]:
    inner: Callable[[Any, Any], object] = cattrs.gen.make_dict_structure_fn(cls, conv)
    name = cls.__name__

    def structure(value: object, _: type) -> object:
        if type(value) is not dict:
            raise Expected(f"an object (a {name})", value)
        return inner(value, cls)

    return structure


def _sorted_list(values: Iterable[object]) -> list[object]:
    return sorted(values, key=_canonical)


def _is_commit_attrs(t: object) -> bool:
    return (
        isinstance(t, type)
        and attrs.has(t)
        and t.__module__.startswith("commit_mef.")
        and t not in (Period, Country)
    )


def _register_money(conv: cattrs.Converter) -> None:
    """Money as ``{"amount": "...", "currency": "..."}`` once :mod:`commit_mef.money` exists."""
    try:
        from commit_mef import money
    except ImportError:  # pragma: no cover - the money module lands separately
        return
    money_type: Any = getattr(money, "Money", None)
    if money_type is None:  # pragma: no cover
        return

    def unstructure(value: Any) -> dict[str, str]:
        return {"amount": str(value.amount), "currency": str(value.currency)}

    def structure(value: object, _: type) -> object:
        if type(value) is not dict:
            raise Expected('an object {"amount": "...", "currency": "..."}', value)
        extra = sorted(set(value) - {"amount", "currency"})
        if extra:
            raise Expected('only the keys "amount" and "currency"', ", ".join(extra))
        if "amount" not in value or "currency" not in value:
            raise Expected('both "amount" and "currency"', "an object without them")
        amount = _decimal(value["amount"], Decimal)
        currency = _str(value["currency"], str)
        try:
            return money_type(amount, currency)
        except CommitMefError as exc:
            raise Expected(f"a valid amount of money ({exc})", value) from None

    conv.register_unstructure_hook(money_type, unstructure)
    conv.register_structure_hook(money_type, structure)


@functools.cache
def converter() -> cattrs.Converter:
    """The package's converter, built once (importing cattrs only then)."""
    conv = cattrs.Converter(
        detailed_validation=True,
        forbid_extra_keys=True,
        unstruct_collection_overrides={tuple: list, frozenset: _sorted_list, set: _sorted_list},
    )
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(dt.date, _date)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(Period, _period)
    conv.register_unstructure_hook(Period, str)
    conv.register_structure_hook(Country, _country)
    conv.register_unstructure_hook(Country, lambda c: c.alpha_3)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda _: lambda e: e.value
    )
    conv.register_structure_hook_factory(_is_collection, lambda t: _collection_hook(conv, t))
    conv.register_structure_hook_factory(_is_commit_attrs, lambda t: _attrs_hook(conv, t))
    _register_money(conv)
    return conv


# -- errors -------------------------------------------------------------------------------
def _message(exc: BaseException) -> str:  # noqa: PLR0911 - one per kind of error
    if isinstance(exc, Expected):
        return str(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        extra = sorted(exc.extra_fields)
        names = ", ".join(repr(k) for k in extra)
        allowed = ""
        if exc.cl is not None and attrs.has(exc.cl):
            fields = ", ".join(a.name for a in attrs.fields(exc.cl) if a.init)
            allowed = f" ({exc.cl.__name__} has {fields})"
        if len(extra) == 1:
            return f"unexpected key {names}; remove it{allowed}"
        return f"unexpected keys {names}; remove them{allowed}"
    if isinstance(exc, KeyError):
        return "required key missing; add it"
    if isinstance(exc, CommitMefError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return f"invalid value ({exc})"


def _field_path(path: str, name: str) -> str:
    return f"{path}.{name}" if name.isidentifier() else f"{path}[{json.dumps(name)}]"


def problems_from(exc: BaseException, path: str = "$") -> list[Problem]:
    """Flatten a (possibly nested) cattrs error into :class:`~commit_mef.errors.Problem` s."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        problems: list[Problem] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(exc, ClassValidationError):
                sub_path = _field_path(path, str(note.name))  # type: ignore[union-attr]
            else:
                sub_path = f"{path}[{note.index!r}]"
            problems.extend(problems_from(sub, sub_path))
        for sub in without:
            problems.extend(problems_from(sub, path))
        return problems
    if isinstance(exc, BaseExceptionGroup):
        return [p for sub in exc.exceptions for p in problems_from(sub, path)]
    if isinstance(exc, ValidationError) and exc.path and _OWNER_FIELD.match(exc.path):
        # "QualityFlag.code: must not be empty" -> "must not be empty" @ $.data.code
        field = exc.path.split(".", 1)[1]
        message = str(exc).removeprefix(f"{exc.path}: ")
        return [Problem(_field_path(path, field), message, exc.rule)]
    return [Problem(path, _message(exc))]


_OWNER_FIELD = re.compile(r"^[A-Z]\w*\.[a-z_]\w*$")
