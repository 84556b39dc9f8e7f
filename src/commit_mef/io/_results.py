"""Hooks for results and containers: number-or-text unions, typed aggregate keys, nested tables.

The encodings are listed in :mod:`commit_mef.io._converter`'s docstring; the hooks
live here so that module keeps to the converter and its errors.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote

from commit_mef.countries import Country
from commit_mef.errors import InvalidTypeError, LoadError
from commit_mef.io._converter import LIMITS, Expected, Located, _decimal, _period, _str
from commit_mef.periods import Period

__all__ = [
    "overrides",
    "register_codecs",
    "register_text_unions",
]


def is_text_union(t: object) -> bool:
    """A union of a number and a text: the string is the number, a text is ``{"text": ...}``."""
    if typing.get_origin(t) not in (typing.Union, types.UnionType):
        return False
    members = typing.get_args(t)
    return Decimal in members and str in members


def text_union_structure(conv: cattrs.Converter, t: Any) -> Callable[[object, type], object]:
    members = typing.get_args(t)
    money = next((m for m in members if getattr(m, "__name__", "") == "Money"), None)
    forms = ['a number as a string ("440")', '{"text": "..."}']
    forms += [f for m, f in ((int, "an integer"), (bool, "true/false")) if m in members]
    if money is not None:
        forms.append('{"amount": "...", "currency": "..."}')
    if type(None) in members:
        forms.append("null")

    def structure(value: object, _: type) -> object:
        if value is None and type(None) in members:
            return None
        if type(value) is bool and bool in members:
            return value
        if type(value) is int and int in members:
            return value
        if type(value) is str:
            return _decimal(value, Decimal)
        if type(value) is dict and set(value) == {"text"}:
            return _str(value["text"], str)
        if money is not None and type(value) is dict and "amount" in value:
            return conv.structure(value, money)
        raise Expected(f"a value: {', '.join(forms)}", value)

    return structure


def text_union_unstructure(conv: cattrs.Converter) -> Callable[[Any], Any]:
    def unstructure(value: Any) -> Any:
        if value is None or isinstance(value, (bool, int)):
            return value
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, str):
            return {"text": value}
        return conv.unstructure(value)

    return unstructure


def register_text_unions(conv: cattrs.Converter) -> None:
    """Unions of ``Decimal`` and ``str`` (and others): each JSON kind means one thing."""
    conv.register_structure_hook_factory(is_text_union, lambda t: text_union_structure(conv, t))
    conv.register_unstructure_hook_factory(is_text_union, lambda _: text_union_unstructure(conv))


_KEY_TAGS = ("country", "period")


def _key_item_out(conv: cattrs.Converter, item: object) -> object:
    if item is None or isinstance(item, (bool, int, str)):
        return item
    if isinstance(item, Period):
        return {"period": str(item)}
    if isinstance(item, Country) or type(item).__name__ == "CountryPair":
        place: object = conv.unstructure(item, Country | _pair_type())
        return {"country": place}
    raise InvalidTypeError(f"an aggregate key holds years, codes, places and periods, not {item!r}")


def _key_item_in(conv: cattrs.Converter, item: object) -> object:
    if item is None or type(item) in (int, str):
        return item
    if type(item) is dict and len(item) == 1:
        ((tag, value),) = item.items()
        if tag == "country":
            return conv.structure(value, Country | _pair_type())
        if tag == "period":
            return _period(value, Period)
    raise Expected(
        'a key item: a year (2014), a code ("USD" or null), {"country": "KHM"} or '
        '{"period": "2011-2014"}',
        item,
    )


def _key_structure(conv: cattrs.Converter) -> Callable[[object, type], tuple[object, ...]]:
    def structure(value: object, _: type) -> tuple[object, ...]:
        if type(value) is not list:
            raise Expected("an array (one item per axis grouped by)", value)
        out: list[object] = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                out.append(_key_item_in(conv, item))
            except Exception as exc:  # collected, reported with its index
                exc.__notes__ = [IterableValidationNote(f"key @ index {i}", i, object)]
                errors.append(exc)
        if errors:
            raise IterableValidationError("While structuring a key", errors, tuple)
        return tuple(out)

    return structure


def _pair_type() -> Any:
    from commit_mef.observations import CountryPair

    return CountryPair


def overrides(conv: cattrs.Converter, cls: type, *, out: bool) -> dict[str, Any]:
    """Per-field hooks: the typed key of an aggregate row (see the module docstring)."""
    if cls.__name__ != "AggregateRow" or not cls.__module__.startswith("commit_mef."):
        return {}
    key = attrs.fields_dict(cls).get("key")
    if key is None or typing.get_origin(key.type) is not tuple:
        return {}
    if out:
        return {
            "key": cattrs.gen.override(
                unstruct_hook=lambda items: [_key_item_out(conv, i) for i in items]
            )
        }
    return {"key": cattrs.gen.override(struct_hook=_key_structure(conv))}


def register_codecs(conv: cattrs.Converter) -> None:
    """Rate and observation tables inside other objects (a Dataset's figures) use their codecs."""
    from commit_mef.io._json import Limits
    from commit_mef.io._tables import codec_for

    def has_codec(t: object) -> bool:
        return isinstance(t, type) and codec_for(t) is not None

    def structure_factory(t: Any) -> Callable[[object, type], object]:
        codec = codec_for(t)
        assert codec is not None  # noqa: S101 - has_codec() said so

        def structure(value: object, _: type) -> object:
            try:
                return codec.structure(value, LIMITS.get(Limits()))
            except LoadError as exc:
                raise Located(exc.problems) from None

        return structure

    def unstructure_factory(t: Any) -> Callable[[Any], Any]:
        codec = codec_for(t)
        assert codec is not None  # noqa: S101 - has_codec() said so
        return codec.unstructure

    conv.register_structure_hook_factory(has_codec, structure_factory)
    conv.register_unstructure_hook_factory(has_codec, unstructure_factory)
