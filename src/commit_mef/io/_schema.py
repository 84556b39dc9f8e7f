"""JSON Schema (draft 2020-12) of the documents :func:`commit_mef.io.dumps` writes.

The schema describes the canonical form the package writes (countries as alpha-3,
decimals as strings); the loaders are a little more lenient (country aliases, JSON
integers for decimals) but never accept a document the schema would call malformed
in a way that changes its meaning.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from commit_mef.countries import Country
from commit_mef.io._envelope import public_type
from commit_mef.io._tables import codec_for
from commit_mef.periods import Period

__all__ = [
    "ID_FIELDS",
    "SCHEMA_BASE",
    "document_schema",
    "document_types",
    "ordered",
    "schema_of",
    "schema_path",
    "shared_defs",
]

#: Where the schemas are published: the documentation ships them at ``schema/v<version>/``.
SCHEMA_BASE = "https://commit-mef.readthedocs.io/en/stable/"

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_MONTH = "(0[1-9]|1[0-2])"
#: A month and a day that exist in some year (29 February is left to ``format: date``).
_MONTH_DAY = (
    "((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
    "|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
    "|02-(0[1-9]|1[0-9]|2[0-9]))"
)
_DATE = "[0-9]{4}-" + _MONTH_DAY


def ordered(template: str, separator: str) -> str:
    """A pattern for ``A<separator>B`` where ``A <= B``, both shaped like ``template``.

    ``template`` writes a digit as ``9`` (``"9999"`` for a year, ``"9999-99-99"`` for
    a date); strings of one shape compare as their text does, so ``A <= B`` is:
    equal, or equal up to some digit that is smaller in ``A``.  Each alternative
    checks the common prefix with a back-reference (ECMA 262 and Python alike).

    Examples:
        >>> import re
        >>> pattern = re.compile(ordered("9999", "-"))
        >>> [bool(pattern.match(t)) for t in ("2011-2014", "2014-2014", "2014-2011")]
        [True, True, False]
    """
    width = len(template)
    cell = "[0-9-]" if "-" in template else "[0-9]"
    alternatives = [f"({cell}{{{width}}}){separator}\\1"]
    group = 1
    for k, char in enumerate(template):
        if char != "9":
            continue
        rest = width - k - 1
        for digit in range(9):
            group += 1
            alternatives.append(
                f"({cell}{{{k}}}){digit}{cell}{{{rest}}}{separator}\\{group}[{digit + 1}-9]{cell}{{{rest}}}"
            )
    return "^(?:" + "|".join(alternatives) + ")$"


@functools.cache
def _codes() -> tuple[list[str], list[str]]:
    """Every ISO 3166-1 alpha-3 country code and every ISO 4217 currency code, sorted."""
    from commit_mef.countries import _pycountry_index
    from commit_mef.units import currency_codes

    index, _names = _pycountry_index()
    return sorted({r.alpha_3 for r in index.values()}), sorted(currency_codes())


def shared_defs() -> dict[str, dict[str, Any]]:
    """Shared definitions referenced as ``#/$defs/<name>`` (code lists loaded on first use)."""
    countries, currencies = _codes()
    any_country = "(?:" + "|".join(countries) + ")"
    return {
        "decimal": {
            "description": "An exact decimal number written as a string (or a JSON integer).",
            "anyOf": [
                {"type": "string", "pattern": r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"},
                {"type": "integer"},
            ],
        },
        "date": {
            "description": "An ISO 8601 calendar date.",
            "type": "string",
            "pattern": f"^{_DATE}$",
            "format": "date",
        },
        "period": {
            "description": (
                "A period: 2014, 2011-2014, 2013-05, 2014-10-01 or 2014-10-01/2015-09-30 "
                "(a range never ends before it starts)."
            ),
            "type": "string",
            "anyOf": [
                {"pattern": "^[0-9]{4}$"},
                {"pattern": f"^[0-9]{{4}}-{_MONTH}$"},
                {"pattern": f"^{_DATE}$", "format": "date"},
                {
                    "allOf": [
                        {"pattern": "^[0-9]{4}[-–][0-9]{4}$"},
                        {"pattern": ordered("9999", "[-–]")},
                    ]
                },
                {
                    "allOf": [
                        {"pattern": f"^{_DATE}(/|\\.\\.){_DATE}$"},
                        {"pattern": ordered("9999-99-99", "(?:/|\\.\\.)")},
                    ]
                },
            ],
        },
        "country": {
            "description": "An ISO 3166-1 alpha-3 country code.",
            "type": "string",
            "enum": countries,
        },
        "pair": {
            "description": "Two ISO 3166-1 alpha-3 country codes joined by + (a bilateral fact).",
            "type": "string",
            "pattern": f"^{any_country}\\+{any_country}$",
        },
        "place": {"anyOf": [{"$ref": "#/$defs/country"}, {"$ref": "#/$defs/pair"}]},
        "currency": {
            "description": "An ISO 4217 currency code.",
            "type": "string",
            "enum": currencies,
        },
        "id": {
            "description": "An identifier: a non-empty string.",
            "type": "string",
            "minLength": 1,
            "pattern": "\\S",
        },
        "money": {
            "description": "An amount of money: an exact decimal and an ISO 4217 code.",
            "type": "object",
            "properties": {
                "amount": {"$ref": "#/$defs/decimal"},
                "currency": {"$ref": "#/$defs/currency"},
            },
            "required": ["amount", "currency"],
            "additionalProperties": False,
        },
    }


#: The names of string fields that hold identifiers, which the loaders refuse empty (unless the
#: field defaults to the empty string).
ID_FIELDS = frozenset(("id", "code", "indicator", "document"))


def _money_type() -> type | None:
    try:
        from commit_mef import money
    except ImportError:  # pragma: no cover - lands separately
        return None
    found = getattr(money, "Money", None)
    return found if isinstance(found, type) else None


def _is_public(t: Any, name: str) -> bool:
    """Whether ``t`` is the public class ``commit_mef.<name>``, wherever it is defined."""
    return isinstance(t, type) and t.__name__ == name and public_type(name) is t


def schema_of(t: Any, defs: dict[str, Any]) -> dict[str, Any]:  # noqa: PLR0911, PLR0912 - one per kind
    """The schema of the JSON form of ``t``, adding class definitions to ``defs``."""
    if t is str:
        return {"type": "string"}
    if t is bool:
        return {"type": "boolean"}
    if t is int:
        return {"type": "integer"}
    if t is type(None):
        return {"type": "null"}
    if t is Decimal:
        return {"$ref": "#/$defs/decimal"}
    if t is dt.date:
        return {"$ref": "#/$defs/date"}
    if t is Period:
        return {"$ref": "#/$defs/period"}
    if t is Country:
        return {"$ref": "#/$defs/country"}
    if _is_public(t, "Currency"):
        return {"$ref": "#/$defs/currency"}
    if _is_public(t, "CountryPair"):
        return {"$ref": "#/$defs/pair"}
    if t is not None and t is _money_type():
        return {"$ref": "#/$defs/money"}
    origin = typing.get_origin(t)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(t)
        if {Decimal, bool, str, _money_type()} <= set(args):
            return _value(type(None) in args)
        if Decimal in args and str in args:
            return {"anyOf": [_TEXT if a is str else schema_of(a, defs) for a in args]}
        return {"anyOf": [schema_of(a, defs) for a in args]}
    if origin in (tuple, list, frozenset, set):
        return _array(t, defs)
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return {"enum": [member.value for member in t]}
    codec = codec_for(t) if isinstance(t, type) else None
    if codec is not None:
        return codec.schema(defs, schema_of)
    if isinstance(t, type) and attrs.has(t):
        return _object(t, defs)
    return {}


_TEXT: dict[str, Any] = {
    "type": "object",
    "properties": {"text": {"type": "string"}},
    "required": ["text"],
    "additionalProperties": False,
}


#: An aggregate row's key: one item per axis, each saying what it is.
_AGGREGATE_KEY: dict[str, Any] = {
    "type": "array",
    "items": {
        "anyOf": [
            {"type": ["integer", "string", "null"]},
            {
                "type": "object",
                "properties": {"country": {"$ref": "#/$defs/place"}},
                "required": ["country"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"period": {"$ref": "#/$defs/period"}},
                "required": ["period"],
                "additionalProperties": False,
            },
        ]
    },
}


def _value(optional: bool) -> dict[str, Any]:
    """An observation or target value: each JSON kind means one thing."""
    options: list[dict[str, Any]] = [
        {"$ref": "#/$defs/decimal"},
        {"$ref": "#/$defs/money"},
        {"type": "boolean"},
        _TEXT,
    ]
    if optional:
        options.append({"type": "null"})
    return {"anyOf": options}


def _array(t: Any, defs: dict[str, Any]) -> dict[str, Any]:
    args = typing.get_args(t)
    if typing.get_origin(t) is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
        return {
            "type": "array",
            "prefixItems": [schema_of(a, defs) for a in args],
            "items": False,
            "minItems": len(args),
        }
    return {"type": "array", "items": schema_of(args[0], defs) if args else {}}


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # placeholder: recursive types refer to themselves
        from commit_mef.io._converter import check_writable

        check_writable(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            key = field.name
            if key == "key" and _is_public(cls, "AggregateRow"):
                properties[key] = _AGGREGATE_KEY
            elif key in ID_FIELDS and field.type in (str, "str") and field.default != "":
                # an identifier the class requires (a field that defaults to "" may be empty:
                # a plan document's row with no indicator set)
                properties[key] = {"$ref": "#/$defs/id"}
            else:
                properties[key] = schema_of(field.type, defs)
            if field.default is attrs.NOTHING:
                required.append(key)
        definition: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            definition["required"] = required
        doc = (cls.__doc__ or "").strip().splitlines()
        if doc:
            definition = {"description": doc[0], **definition}
        defs[name] = definition
    return {"$ref": f"#/$defs/{name}"}


def document_schema(cls: type, format_name: str, version: int) -> dict[str, Any]:
    """The schema of a whole document (envelope and data) holding a ``cls``."""
    defs: dict[str, Any] = shared_defs()
    data = schema_of(cls, defs)
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_BASE + schema_path(cls.__name__, version),
        "title": f"commit-mef {cls.__name__} document, format version {version}",
        "type": "object",
        "properties": {
            "format": {"const": format_name},
            "version": {"const": version},
            "type": {"const": cls.__name__},
            "data": data,
        },
        "required": ["format", "version", "type", "data"],
        "additionalProperties": False,
        "$defs": _used(data, defs),
    }


def _used(data: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The definitions ``data`` refers to, directly or through each other, in ``defs``'s order."""
    seen: set[str] = set()
    todo = [data]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if name not in seen:
                    seen.add(name)
                    todo.append(defs[name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return {name: value for name, value in defs.items() if name in seen}


def schema_path(name: str, version: int) -> str:
    """The path of a type's schema below :data:`SCHEMA_BASE` (``schema/v1/Plan.json``)."""
    return f"schema/v{version}/{name}.json"


def document_types() -> list[type]:
    """Every public type a document can hold (the classes, not the errors), sorted by name."""
    import commit_mef
    from commit_mef.io._envelope import ELSEWHERE

    names = [n for n in commit_mef.__all__ if n[:1].isupper()] + list(ELSEWHERE)
    found = [public_type(n) for n in names]
    return sorted(
        (t for t in found if t is not None and not issubclass(t, BaseException)),
        key=lambda t: t.__name__,
    )
