"""The ``commit-mef plan`` command: a plan's results framework as a document."""

from __future__ import annotations

import argparse
from typing import Any

from commit_mef._cli_io import OK, _plan, _write

__all__ = ["add_parser"]


def _run(args: argparse.Namespace) -> int:
    from commit_mef.reports import plan_document, render_plan

    fmt = args.format or _format_of(args.output)
    doc = plan_document(_plan(args.plan))
    _write(render_plan(doc, fmt), args.output)
    return OK


def _format_of(output: str | None) -> str:
    """The format an output file's extension names (text when it names none)."""
    if output is None or output == "-":
        return "text"
    suffix = output.lower().rsplit(".", 1)[-1] if "." in output else ""
    known = {"md": "markdown", "markdown": "markdown", "html": "html", "htm": "html"}
    if suffix == "json":
        return "json"
    return known.get(suffix, "text")


def add_parser(sub: Any) -> None:
    """Register ``plan``: ``commit-mef plan --plan PLAN --format text|markdown|html|json -o FILE``."""
    from commit_mef.reports import PLAN_FORMATS

    plan = sub.add_parser(
        "plan",
        help="a plan as a document: its results framework per area and its MoU coverage",
        description="Render a plan's results framework: per area, each outcome and output "
        "with its indicator (unit, disaggregation), baseline (value, date, source), target "
        "(value, due date or period, interim values), means of verification, responsible, "
        "assumptions, budget and MoU commitments; then MoU sections against targets. What "
        "the plan leaves empty says 'not set'.",
        epilog="Exit codes: 0 written, 2 bad usage or an unreadable plan.",
    )
    plan.add_argument(
        "--plan",
        metavar="CODE|FILE",
        required=True,
        help="a shipped plan code ('SPA IV') or a plan JSON file",
    )
    plan.add_argument(
        "--format",
        choices=PLAN_FORMATS,
        help="text, markdown, html or json (default: from -o's extension, else text)",
    )
    plan.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    plan.set_defaults(run=_run)
