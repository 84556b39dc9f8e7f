"""The ``commit-mef diff`` command: what changed between two drafts of a plan, as meeting notes or JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from commit_mef._cli_io import OK, _plan, _write

__all__ = ["add_parser"]


def _diff(args: argparse.Namespace) -> int:
    from commit_mef.plans import diff

    changes = diff(_plan(args.before), _plan(args.after))
    if args.format == "json":
        text = json.dumps(changes.to_dict(), indent=2, ensure_ascii=False)
    else:
        text = changes.render(args.format)
    _write(text + "\n", args.output)
    return OK


def add_parser(sub: Any) -> None:
    """Register ``commit-mef diff BEFORE AFTER [--format text|markdown|json] [-o FILE]``.

    Args:
        sub: The sub-parsers of the ``commit-mef`` parser.

    Examples:
        >>> parser = argparse.ArgumentParser(prog="commit-mef")
        >>> add_parser(parser.add_subparsers(dest="command"))
        >>> args = parser.parse_args(["diff", "a.json", "b.json", "--format", "json"])
        >>> args.before, args.after, args.format
        ('a.json', 'b.json', 'json')
    """
    command = sub.add_parser(
        "diff",
        help="what changed between two drafts of a plan (added, removed, changed, field by field)",
        description="Compare two plan files (or shipped plan codes such as 'SPA IV'): areas, "
        "objectives, targets and indicators added, removed or changed, with who proposed each "
        "change and why where the later draft's decision log says so.",
    )
    command.add_argument("before", help="the earlier draft: a plan JSON file or a shipped code")
    command.add_argument("after", help="the later draft")
    command.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="meeting notes as text (default) or Markdown, or the structured diff as JSON",
    )
    command.add_argument("-o", "--output", help="write to FILE instead of standard output")
    command.set_defaults(run=_diff)
