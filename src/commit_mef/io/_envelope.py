"""The document envelope: format name and version, the public type names, older versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from commit_mef.errors import InvalidTypeError, Problem

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "check", "public_type", "type_name"]

#: The version of the JSON document format this package writes.
FORMAT_VERSION: Final = 1

#: The ``"format"`` value of every document.
FORMAT_NAME: Final = "commit-mef"

# Version dispatch: for each version this package can read, a function turning that
# version's ``data`` for a type into the current version's.  Version 1 is current.
UPGRADES: dict[int, Callable[[str, Any], Any]] = {1: lambda _type, data: data}


#: Public types written to files that live in a public submodule, not the top level.
ELSEWHERE: Final = {"Dataset": "commit_mef.datasets"}


def public_type(name: str) -> type | None:
    """The public class ``commit_mef.<name>`` (or one of :data:`ELSEWHERE`), if there is one."""
    import importlib

    import commit_mef

    if not name[:1].isupper():
        return None
    if name in ELSEWHERE:
        value = getattr(importlib.import_module(ELSEWHERE[name]), name, None)
    elif name in commit_mef.__all__:
        value = getattr(commit_mef, name, None)
    else:
        return None
    return value if isinstance(value, type) else None


def type_name(obj: object) -> str:
    """The ``"type"`` of the document holding ``obj``; only public types are written."""
    cls = type(obj)
    if public_type(cls.__name__) is not cls:
        raise InvalidTypeError(
            f"dumps() writes the public types of commit_mef (Plan, Period, ...), got "
            f"{cls.__module__}.{cls.__qualname__}"
        )
    return cls.__name__


def check(value: Any, want: type | None) -> tuple[type, Any, list[Problem]]:
    """Check the envelope; return the type, the data upgraded to this version, and problems."""
    if type(value) is not dict:
        return (
            object,
            None,
            [
                Problem(
                    "$",
                    "expected a commit-mef document (a JSON object)",
                    code="type",
                    expected="a JSON object",
                    got=_show(value),
                )
            ],
        )
    problems: list[Problem] = []
    extra = sorted(set(value) - {"format", "version", "type", "data"})
    if extra:
        names = ", ".join(repr(k) for k in extra)
        problems.append(
            Problem(
                "$",
                f"unexpected keys {names} in the envelope; remove them",
                code="unknown",
                got=names,
            )
        )
    if value.get("format") != FORMAT_NAME:
        problems.append(
            Problem(
                "$.format",
                f'expected "{FORMAT_NAME}", got {_show(value.get("format"))}',
                expected=f'"{FORMAT_NAME}"',
                got=_show(value.get("format")),
            )
        )
    version = value.get("version")
    if type(version) is not int or version < 1:
        problems.append(
            Problem(
                "$.version",
                f"expected a version number, got {_show(version)}",
                expected="a version number",
                got=_show(version),
            )
        )
    elif version not in UPGRADES:
        problems.append(
            Problem(
                "$.version",
                f"format version {version} was written by a newer commit-mef; this one reads "
                f"versions 1 to {FORMAT_VERSION}: upgrade commit-mef to read it",
                expected=f"a version from 1 to {FORMAT_VERSION}",
                got=str(version),
                hint="pip install -U commit-mef",
            )
        )
    name = value.get("type")
    cls = public_type(name) if type(name) is str else None
    if cls is None:
        problems.append(
            Problem(
                "$.type",
                f"expected a commit_mef type name, got {_show(name)}",
                expected="a commit_mef type name",
                got=_show(name),
            )
        )
    elif want is not None and cls is not want:
        problems.append(
            Problem(
                "$.type",
                f"expected a {want.__name__} document, got {_show(name)}",
                expected=f'"{want.__name__}"',
                got=_show(name),
            )
        )
    if "data" not in value:
        problems.append(Problem("$.data", "required key missing; add it", code="missing"))
    if problems or cls is None or type(version) is not int:
        return object, None, problems
    return cls, UPGRADES[version](cls.__name__, value["data"]), []


def _show(value: object) -> str:
    from commit_mef.io._converter import describe

    return "nothing" if value is None else describe(value)
