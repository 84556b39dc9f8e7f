"""The one cattrs converter, built on first use, and the translation of its errors.

Encodings (the contract of every ``commit-mef`` JSON file):

* ``datetime.date`` -> ISO 8601 ``"2014-10-01"``;
* ``decimal.Decimal`` -> its exact string ``"1234.50"`` (JSON integers are read too,
  JSON numbers with a fraction are refused: they are binary floats);
* :class:`~commit_mef.Period` -> its ``str`` form (``"2011-2014"``);
* :class:`~commit_mef.Country` -> ISO 3166 alpha-3 (``"KHM"``);
* enums -> their value; tuples and frozensets -> JSON arrays (frozensets sorted);
* ``Money`` -> ``{"amount": "...", "currency": "..."}``;
* a union holding both ``Decimal`` and ``str`` (a value that is a number or a
  text, as ``Progress.achieved``) writes each JSON kind for one thing: a number as
  its string ``"440"``, a text as ``{"text": "..."}``, ``int`` and ``bool`` as
  JSON integers and booleans, ``None`` as ``null``;
* attrs classes -> JSON objects keyed by field name, unknown keys refused;
* the ``key`` of an :class:`~commit_mef.AggregateRow` -> an array with one item per
  axis, each saying what it is: a year or a code as itself (``2014``, ``"USD"``,
  ``null``), a place as ``{"country": "KHM"}`` (or ``"KHM+VNM"``), a period as
  ``{"period": "2011-2014"}``, so that keys read back as the types they were.

Reading is strict about JSON types: a string where a number is expected, or a
number where a string is expected, is a problem, never silently converted.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import enum
import json
import re
import sys
import types
import typing
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from commit_mef._caches import built_once
from commit_mef.countries import Country, country
from commit_mef.errors import (
    CommitMefError,
    InvalidTypeError,
    ParseError,
)
from commit_mef.io._located import Expected, Located, describe, problems_from
from commit_mef.money._parse import MAX_DECIMAL_DIGITS, MAX_DECIMAL_EXPONENT, bounded_decimal
from commit_mef.periods import Period

__all__ = [
    "LIMITS",
    "Expected",
    "Located",
    "check_writable",
    "converter",
    "describe",
    "problems_from",
]


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


_WITHIN = (
    f"a decimal number of at most {MAX_DECIMAL_DIGITS} significant digits and an exponent "
    f"between -{MAX_DECIMAL_EXPONENT} and {MAX_DECIMAL_EXPONENT} (the readers' limit)"
)
#: The form of a number, whatever its size: "1e999999999" is one (refused by the limit).
_NUMERIC = re.compile(r"[+-]?(?=[\d_.]*\d)[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?")


def _decimal(value: object, _: type) -> Decimal:
    if type(value) is not int and type(value) is not str:
        raise Expected('a decimal number written as a string ("1234.5")', value)
    if type(value) is str and _NUMERIC.fullmatch(value.strip()) is None:
        raise Expected('a finite decimal number written as a string ("1234.5")', value)
    try:
        return bounded_decimal(value, "value")
    except ParseError:
        refused = Expected(_WITHIN, value)
        refused.code = "limit"
        raise refused from None


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


def _field_overrides(conv: cattrs.Converter, cls: type, *, out: bool) -> dict[str, Any]:
    from commit_mef.io._results import overrides

    return overrides(conv, cls, out=out)


def _attrs_hook(conv: cattrs.Converter, cls: type) -> Callable[[object, type], object]:
    check_writable(cls)
    inner: Callable[[Any, Any], object] = cattrs.gen.make_dict_structure_fn(
        cls, conv, **_field_overrides(conv, cls, out=False)
    )
    name = cls.__name__

    def structure(value: object, _: type) -> object:
        if type(value) is not dict:
            raise Expected(f"an object (a {name})", value)
        return inner(value, cls)

    return structure


def _json_kind(t: Any) -> str:  # noqa: PLR0911 - one return per JSON kind
    """The JSON kind a type is written as (for dispatching unions on what was read)."""
    if t is type(None):
        return "null"
    if t is bool:
        return "boolean"
    if t is int:
        return "integer"
    if typing.get_origin(t) in (tuple, list, frozenset, set):
        return "array"
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return "string"
    if t in (str, Decimal, dt.date, Period, Country) or t.__name__ in ("Currency", "CountryPair"):
        return "string"
    return "object"


_KIND_OF_VALUE = {str: "string", bool: "boolean", int: "integer", list: "array", dict: "object"}


def _is_union(t: object) -> bool:
    return typing.get_origin(t) in (typing.Union, types.UnionType) and not (
        len(typing.get_args(t)) == 2 and type(None) in typing.get_args(t)
    )


def _union_hook(conv: cattrs.Converter, t: Any) -> Callable[[object, type], object]:
    """Unions whose members are written as different JSON kinds dispatch on what was read."""
    members = typing.get_args(t)
    by_kind: dict[str, Any] = {}
    for member in members:
        by_kind.setdefault(_json_kind(member), []).append(member)
    ambiguous = [kind for kind, found in by_kind.items() if len(found) > 1]
    names = " or ".join(getattr(m, "__name__", "null") for m in members)

    def structure(value: object, _: type) -> object:
        if ambiguous:
            raise Expected(f"{names} (this union has no unambiguous JSON form)", value)
        if value is None and type(None) in members:
            return None
        kind = "null" if value is None else _KIND_OF_VALUE.get(type(value), "other")
        member = by_kind.get(kind)
        if member is None:
            raise Expected(names, value)
        return conv.structure(value, member[0])

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
    """Currencies as codes and Money as ``{"amount", "currency"}`` (from :mod:`commit_mef.money`)."""
    try:
        from commit_mef import money
    except ImportError:  # pragma: no cover - the money module lands separately
        return
    from commit_mef.errors import UnknownCurrencyError

    def structure_currency(value: object, _: type) -> Any:
        if type(value) is not str:
            raise Expected("an ISO 4217 code", value)
        try:
            return money.currency(value)
        except UnknownCurrencyError as exc:
            hint = f" (did you mean {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
            raise Expected("an ISO 4217 code", value, hint) from None

    def unstructure_money(value: Any) -> dict[str, str]:
        return {"amount": str(value.amount), "currency": value.currency.code}

    def structure_money(value: object, _: type) -> object:
        if type(value) is not dict:
            raise Expected('an object {"amount": "...", "currency": "..."}', value)
        errors: list[Exception] = []
        parts: dict[str, Any] = {}
        for key, hook in (("amount", _decimal), ("currency", structure_currency)):
            try:
                parts[key] = hook(value[key], object)
            except Exception as exc:  # collected, reported at the key
                exc.__notes__ = [AttributeValidationNote(f"Structuring {key}", key, object)]
                errors.append(exc)
        extra = set(value) - {"amount", "currency"}
        if extra:
            errors.append(ForbiddenExtraKeysError("", money.Money, extra))
        if errors:
            raise ClassValidationError("While structuring Money", errors, money.Money)
        return money.Money(parts["amount"], parts["currency"])

    conv.register_unstructure_hook(money.Currency, lambda c: c.code)
    conv.register_structure_hook(money.Currency, structure_currency)
    conv.register_unstructure_hook(money.Money, unstructure_money)
    conv.register_structure_hook(money.Money, structure_money)


def _register_observations(conv: cattrs.Converter) -> None:
    """Places as ``"KHM"`` or ``"KHM+VNM"``; observation values with an unambiguous encoding.

    A value is ``null`` (unknown), ``true``/``false`` (yes/no), a string (an exact
    number, ``"440"``), ``{"amount", "currency"}`` (money) or ``{"text": "..."}`` (a
    qualitative value): every JSON kind means one thing.
    """
    try:
        from commit_mef import observations as obs
    except ImportError:  # pragma: no cover - the observations module lands separately
        return
    from commit_mef.money import Money

    pair_type = obs.CountryPair
    place = Country | pair_type
    value_types = (Decimal | Money | bool | str | None, Decimal | Money | bool | str)

    def structure_place(value: object, _: type) -> object:
        if type(value) is str and "+" in value:
            first, second = value.split("+", 1)
            a, b = _country(first, Country), _country(second, Country)
            try:
                return pair_type(a, b)
            except CommitMefError as exc:
                raise Expected(f"two different countries ({exc})", value) from None
        return _country(value, Country)

    def unstructure_place(value: Any) -> str:
        return str(value.code) if isinstance(value, pair_type) else str(value.alpha_3)

    def unstructure_value(value: Any) -> Any:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, str):
            return {"text": value}
        return conv.unstructure(value, Money)

    def structure_value(value: object, _: type) -> object:
        if value is None or type(value) is bool:
            return value
        if type(value) is str:
            return _decimal(value, Decimal)
        if type(value) is dict and set(value) == {"text"}:
            return _str(value["text"], str)
        if type(value) is dict and "amount" in value:
            return conv.structure(value, Money)
        raise Expected(
            'a value: null, true/false, a number as a string ("440"), '
            '{"amount": "...", "currency": "..."} or {"text": "..."}',
            value,
        )

    conv.register_structure_hook_factory(lambda t: t == place, lambda _: structure_place)
    conv.register_unstructure_hook_factory(lambda t: t == place, lambda _: unstructure_place)
    conv.register_structure_hook(pair_type, structure_place)
    conv.register_unstructure_hook(pair_type, unstructure_place)
    conv.register_structure_hook_factory(lambda t: t in value_types, lambda _: structure_value)
    conv.register_unstructure_hook_factory(lambda t: t in value_types, lambda _: unstructure_value)


def _resolve(cls: type) -> None:
    """Resolve the annotations of an attrs class before cattrs reads them.

    A module may name a union through a string type alias (``TargetValue:
    TypeAlias = "Decimal | Money | bool | str"``) and import the types it names
    for type checking only; ``typing.get_type_hints`` can then neither combine the
    alias with ``| None`` nor find the names.  Such aliases are resolved here, with
    missing names taken from the package's public types.
    """
    import commit_mef

    module = _defining_namespace(cls)
    namespace: dict[str, Any] = dict(module)
    for _ in range(20):
        try:
            aliases = {
                key: typing.ForwardRef(value)._evaluate(namespace, None, frozenset())
                for key, value in module.items()
                if type(value) is str and key[:1].isupper() and "|" in value
            }
            attrs.resolve_types(cls, globalns={**namespace, **aliases})
        except NameError as exc:
            name = exc.name or ""
            missing = getattr(commit_mef, name, None) if name in commit_mef.__all__ else None
            if missing is None or name in namespace:
                return  # cattrs reports the type it cannot handle
            namespace[name] = missing
        except TypeError:
            return
        else:
            return


def _defining_namespace(cls: type) -> dict[str, Any]:
    """The globals ``cls``'s annotations were written in.

    Those of ``cls.__module__``, overlaid with those of the module that defined the
    class when that differs: a facade may re-export a class from a private module and
    set its ``__module__`` to the public one.  attrs names the defining module on the
    methods it generates (``__init__``), so that is where the names are looked up.
    """
    namespace: dict[str, Any] = {}
    init = cls.__dict__.get("__init__")
    for name in (cls.__module__, getattr(init, "__module__", None)):
        module = sys.modules.get(name) if isinstance(name, str) else None
        if module is not None:
            namespace.update(vars(module))
    return namespace


def check_writable(cls: type) -> None:
    """Resolve ``cls``'s annotations, or raise a TypeError saying it has no file format."""
    _resolve(cls)
    unresolved = [f.name for f in attrs.fields(cls) if isinstance(f.type, str)]
    if unresolved:
        raise InvalidTypeError(
            f"{cls.__name__} has no file format: the types of its fields "
            f"{', '.join(unresolved)} cannot be resolved; write the objects it is computed "
            "from instead"
        )


def _attrs_unstructure_hook(conv: cattrs.Converter, cls: type) -> Callable[[Any], Any]:
    check_writable(cls)
    return cattrs.gen.make_dict_unstructure_fn(cls, conv, **_field_overrides(conv, cls, out=True))


@built_once
def converter() -> cattrs.Converter:
    """The package's converter, built once (importing cattrs only then)."""
    from commit_mef.io import _results

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
    conv.register_structure_hook_factory(_is_union, lambda t: _union_hook(conv, t))
    _results.register_text_unions(conv)
    conv.register_structure_hook_factory(_is_commit_attrs, lambda t: _attrs_hook(conv, t))
    conv.register_unstructure_hook_factory(
        _is_commit_attrs, lambda t: _attrs_unstructure_hook(conv, t)
    )
    _register_money(conv)
    _register_observations(conv)
    _results.register_codecs(conv)
    return conv


#: The limits of the document being read, for tables nested inside it (a Dataset's).
LIMITS: contextvars.ContextVar[Any] = contextvars.ContextVar("commit_mef_io_limits")
