"""Located problems: turning (nested) cattrs and package errors into :class:`~commit_mef.errors.Problem` s."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from commit_mef.errors import (
    CommitMefError,
    Problem,
    TimelineError,
    ValidationError,
    pointer_of,
)

__all__ = ["Expected", "Located", "describe", "problems_from"]


class Expected(ValueError):  # noqa: N818 - private: reads "raise Expected('an ISO date', got)"
    """A value of the wrong kind; the message says what was expected and what came."""

    def __init__(self, what: str, got: object, hint: str = "") -> None:
        super().__init__(f"expected {what}, got {describe(got)}{hint}")
        self.what = what
        self.got = describe(got)
        self.code = "type" if what in _KINDS or what.startswith("an object") else "invalid"


_KINDS = frozenset({"a string", "an integer", "true or false", "an array"})


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
class Located(Exception):  # noqa: N818 - private: carries problems found deeper down
    """Problems a table codec found, to be placed under the field that holds the table."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        super().__init__("problems in a nested table")
        self.problems = tuple(problems)


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
    if isinstance(exc, Located):  # "/data/exponent" -> /data/observations/exponent
        return [_below(path, p, p.path.removeprefix("/data")) for p in exc.problems]
    if isinstance(exc, BaseExceptionGroup):
        return [p for sub in exc.exceptions for p in problems_from(sub, path)]
    if isinstance(exc, TimelineError):
        # "/timeline/1/value" -> /data/targets/0/timeline/1/value, one per breach
        return [_below(path, p, p.path) for p in exc.problems]
    if isinstance(exc, ValidationError) and exc.path and _OWNER_FIELD.match(exc.path):
        # "QualityFlag.code: must not be empty" -> "must not be empty" @ $.data.code
        field = exc.path.split(".", 1)[1]
        message = str(exc).removeprefix(f"{exc.path}: ")
        return [Problem(_field_path(path, field), message, exc.rule, hint=exc.hint)]
    return [Problem(path, _message(exc), getattr(exc, "rule", None), **_fields(exc))]


def _fields(exc: BaseException) -> dict[str, Any]:
    """The typed fields of a problem that an error tells: its code, expected, got and hint."""
    if isinstance(exc, Expected):
        return {"code": exc.code, "expected": exc.what, "got": exc.got}
    if isinstance(exc, ForbiddenExtraKeysError):
        return {"code": "unknown", "got": ", ".join(sorted(exc.extra_fields))}
    if isinstance(exc, KeyError):
        return {"code": "missing"}
    if isinstance(exc, RecursionError):
        return {"code": "limit"}
    if isinstance(exc, CommitMefError):
        return {"hint": exc.hint}
    return {}


_OWNER_FIELD = re.compile(r"^[A-Z]\w*\.[a-z_]\w*$")


def _below(path: str, problem: Problem, pointer: str) -> Problem:
    """``problem``, found at ``pointer`` inside the value at ``path``, placed below ``path``."""
    fields = {name: getattr(problem, name) for name in ("code", "expected", "got", "hint")}
    return Problem(pointer_of(path) + pointer, problem.message, problem.rule, **fields)
