"""JSON Schema (draft 2020-12) of the documents :func:`commit_mef.io.dumps` writes.

The schema describes the canonical form the package writes (countries as alpha-3,
decimals as strings); the loaders are a little more lenient (country aliases, JSON
integers for decimals) but never accept a document the schema would call malformed
in a way that changes its meaning.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from commit_mef.countries import Country
from commit_mef.io._envelope import public_type
from commit_mef.io._tables import codec_for
from commit_mef.periods import Period

__all__ = ["DEFS", "document_schema", "schema_of"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: Shared definitions referenced as ``#/$defs/<name>``.
DEFS: dict[str, dict[str, Any]] = {
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
        "pattern": r"^\d{4}-\d{2}-\d{2}$",
    },
    "period": {
        "description": "A period: 2014, 2011-2014, 2013-05, 2014-10-01 or 2014-10-01/2015-09-30.",
        "type": "string",
        "pattern": (r"^\d{4}([-–]\d{4}|-\d{2})?$|^\d{4}-\d{2}-\d{2}((/|\.\.)\d{4}-\d{2}-\d{2})?$"),
    },
    "country": {
        "description": "An ISO 3166-1 alpha-3 country code.",
        "type": "string",
        "pattern": "^[A-Z]{3}$",
    },
    "currency": {
        "description": "An ISO 4217 currency code.",
        "type": "string",
        "pattern": "^[A-Z]{3}$",
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
        return {"type": "string", "pattern": "^[A-Z]{3}\\+[A-Z]{3}$"}
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
                "properties": {
                    "country": {"type": "string", "pattern": "^[A-Z]{3}(\\+[A-Z]{3})?$"}
                },
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
            properties[key] = (
                _AGGREGATE_KEY
                if key == "key" and _is_public(cls, "AggregateRow")
                else schema_of(field.type, defs)
            )
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
    defs: dict[str, Any] = dict(DEFS)
    data = schema_of(cls, defs)
    return {
        "$schema": DRAFT,
        "$id": f"https://commit-mef.readthedocs.io/schema/v{version}/{cls.__name__}.json",
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
        "$defs": defs,
    }
