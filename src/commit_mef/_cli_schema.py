"""The ``commit-mef schema`` command: the JSON Schemas of the package's documents, printed or written to files."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from commit_mef._cli_io import OK, _CommandError

__all__ = ["add_parser"]


def add_parser(sub: Any) -> None:
    """Register ``commit-mef schema`` on the command line's sub-parsers.

    Examples:
        >>> from commit_mef.cli import main
        >>> main(["schema", "Money"])  # doctest: +ELLIPSIS
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://commit-mef.readthedocs.io/en/stable/schema/v1/Money.json",
        ...
        0
    """
    schema = sub.add_parser(
        "schema",
        help="the JSON Schema (draft 2020-12) of a document type, or of every one",
        description="Print the JSON Schema of the documents io.dumps writes for TYPE, or write "
        "the schema of TYPE (or of every public type) to DIR as <TYPE>.json. Each schema's $id "
        "is where the documentation publishes it. Without TYPE or -o, list the types.",
        epilog="Exit codes: 0 written, 2 bad usage or an unwritable folder.",
    )
    schema.add_argument("type", nargs="?", metavar="TYPE", help="a public type: Plan, Money, ...")
    schema.add_argument("-o", "--output", metavar="DIR", help="write <TYPE>.json files into DIR")
    schema.set_defaults(run=_schema)


def _text(cls: type) -> str:
    from commit_mef import io

    return json.dumps(io.json_schema(cls), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _types(name: str | None) -> list[type]:
    from commit_mef.io._schema import document_types

    types = document_types()
    if name is None:
        return types
    chosen = [t for t in types if t.__name__ == name]
    if not chosen:
        close = [t.__name__ for t in types if t.__name__.casefold() == name.casefold()]
        hint = f"; did you mean {close[0]}?" if close else "; run 'commit-mef schema' for the list"
        raise _CommandError(f"no document type {name!r}{hint}")
    return chosen


def _writer(text: str) -> Callable[[IO[bytes]], None]:
    data = text.encode("utf-8")

    def write(handle: IO[bytes]) -> None:
        handle.write(data)

    return write


def _schema(args: argparse.Namespace) -> int:
    from commit_mef.io._atomic import replace_atomically
    from commit_mef.io._schema import SCHEMA_BASE

    types = _types(args.type)
    if args.output is None:
        if args.type is None:
            from commit_mef.io._envelope import FORMAT_VERSION
            from commit_mef.io._schema import schema_path

            for cls in types:
                url = SCHEMA_BASE + schema_path(cls.__name__, FORMAT_VERSION)
                sys.stdout.write(f"{cls.__name__:<22} {url}\n")
            return OK
        sys.stdout.write(_text(types[0]))
        return OK
    folder = Path(args.output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for cls in types:
            replace_atomically(folder / f"{cls.__name__}.json", _writer(_text(cls)))
    except OSError as exc:
        raise _CommandError(f"cannot write into {folder}: {exc.strerror or exc}") from exc
    sys.stdout.write(f"{len(types)} schema{'s' if len(types) != 1 else ''} written to {folder}\n")
    return OK
