"""The ``commit-mef`` command line.

Exit codes: 0 success, 1 problems found, 2 bad usage or unreadable input.

Examples:
    >>> main(["countries"])  # doctest: +NORMALIZE_WHITESPACE
    country   alpha-3  currency  fiscal year
    Cambodia  KHM      KHR       calendar year
    ...
    0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from commit_mef.countries import GMS
from commit_mef.errors import CommitMefError
from commit_mef.periods import fiscal_calendar

__all__ = ["main"]


def _describe_calendar(alpha_3: str) -> str:
    cal = fiscal_calendar(alpha_3)
    parts = []
    for rule in cal.rules:
        if rule.month == 1:
            text = "calendar year"
        else:
            end_month = (rule.month - 2) % 12 + 1
            text = f"{_MONTHS[rule.month - 1]}-{_MONTHS[end_month - 1]}"
            if rule.style == "end-year":
                text += " (named by end year)"
        if rule.first is not None and rule.last is not None:
            text += f" (years starting {rule.first}-{rule.last})"
        elif rule.first is not None:
            text += f" (from {rule.first})"
        elif rule.last is not None:
            text += f" (years starting up to {rule.last})"
        parts.append(text)
    parts.extend(f"interim {i.period}" for i in cal.interims)
    return "; ".join(parts)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _countries(_args: argparse.Namespace) -> int:
    rows = [("country", "alpha-3", "currency", "fiscal year")]
    rows += [(c.name, c.alpha_3, c.currency or "", _describe_calendar(c.alpha_3)) for c in GMS]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)]
        print("  ".join([*cells, row[3]]))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commit-mef",
        description="Monitoring and evaluation of the COMMIT Sub-regional Plans of Action.",
        epilog="Exit codes: 0 success, 1 problems found, 2 bad usage or unreadable input.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    countries = sub.add_parser(
        "countries", help="list the six COMMIT countries with currencies and fiscal calendars"
    )
    countries.set_defaults(run=_countries)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` when ``None``.

    Returns:
        The exit code (0 success, 1 problems found, 2 bad usage or unreadable input).

    Examples:
        >>> main(["countries"]) == 0  # doctest: +ELLIPSIS
        country...
        True
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        code: int = args.run(args)
    except CommitMefError as exc:
        if args.debug:
            raise
        print(f"commit-mef: error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    return code
