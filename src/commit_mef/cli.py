"""The ``commit-mef`` command line.

Commands: ``report`` (a progress report as text, Markdown, HTML or JSON),
``template`` (the xlsx reporting workbook of a plan), ``timeline``, ``validate FILE``,
``convert AMOUNT CURRENCY``, ``check`` (stated-equivalent findings), ``datasets``
(the shipped data and their provenance) and ``countries``.  Run ``commit-mef COMMAND --help``
for every option.

Exit codes: 0 success, 1 problems found, 2 bad usage or unreadable input.
Errors go to stderr as one line, ``commit-mef: error: ...``; ``--debug`` shows
the traceback instead.

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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commit_mef import _cli_diff, _cli_plan, _cli_schema
from commit_mef._cli_io import (
    OK,
    PROBLEMS,
    USAGE,
    _CommandError,
    _csv_options,
    _load_error_lines,
    _observations,
    _plan,
    _print_issues,
    _progress,
    _read_figures,
    _read_file,
    _with_shipped_indicators,
    _write,
)
from commit_mef._version import __version__
from commit_mef.errors import CommitMefError

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator

__all__ = ["main"]


def _describe_calendar(alpha_3: str) -> str:
    from commit_mef.periods import fiscal_calendar

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
    from commit_mef.countries import GMS

    rows = [("country", "alpha-3", "currency", "fiscal year")]
    rows += [(c.name, c.alpha_3, c.currency or "", _describe_calendar(c.alpha_3)) for c in GMS]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)]
        print("  ".join([*cells, row[3]]))
    return 0


def _report(args: argparse.Namespace) -> int:
    from commit_mef.reports import formats, render
    from commit_mef.reports._build import progress_report

    if args.format not in formats():
        raise _CommandError(
            f"unknown format {args.format!r}; use one of {', '.join(formats())}, or add one "
            "with commit_mef.reports.register_format()"
        )
    plan = _plan(args.plan)
    if args.engine != "in-process" and args.data is None:
        raise _CommandError(
            "--engine duckdb reads --data: give the Parquet files ('obs/*/*/*.parquet')"
        )
    table, indicators, source = _observations(args.data, args, plan)
    with _progress("building the report"):
        report = progress_report(
            plan,
            table,
            indicators=indicators,
            currency=args.currency,
            countries=args.country or None,
            areas=args.area or None,
            source=source,
        )
        if args.lang:
            from commit_mef.reports import label_countries

            report = label_countries(report, args.lang)
        text = render(report, args.format)
    _write(text, args.output)
    for warning in report.warnings:
        print(f"commit-mef: warning: {warning}", file=sys.stderr)
    if args.charts:
        from commit_mef.reports import write_charts

        try:
            write_charts(report, args.charts)
        except ImportError as exc:
            raise _CommandError("charts need matplotlib: pip install 'commit-mef[plot]'") from exc
    return OK


def _validate_figures(args: argparse.Namespace) -> int:
    """``validate [--plan PLAN] FIGURES``: the plan's own issues, then every figure's."""
    from commit_mef.errors import LoadError
    from commit_mef.validation import FRAMEWORK_RULES, check_figures, validate

    plan = None if args.plan is None else _with_shipped_indicators(_plan(args.plan))
    # the plan's consistency matters to its figures; its completeness is `validate PLAN`'s
    found = 0 if plan is None else _print_issues(args.plan, validate(plan, skip=FRAMEWORK_RULES))
    try:
        table = _read_figures(args.file, args, plan=plan, check=plan is not None)
    except LoadError as exc:
        lines = _load_error_lines(exc)
        for line in lines:
            print(f"{args.file}: {line}")
        found += len(lines)
    else:
        if plan is not None:
            found += _print_issues(args.file, check_figures(plan, table))
    if found:
        print(f"{args.file}: {found} problem(s)", file=sys.stderr)
        return PROBLEMS
    against = "" if plan is None else f" checked against {plan.code}"
    print(f"{args.file}: ok (ObservationTable, {len(table)} figures{against})")
    return OK


def _timeline(args: argparse.Namespace) -> int:
    import datetime as dt

    from commit_mef.reports import draw_timeline, plan_timeline, process_timeline

    fmt = args.format or ("png" if (args.output or "").lower().endswith(".png") else "svg")
    if fmt == "png" and args.output in (None, "-"):
        raise _CommandError("a PNG timeline needs a file: add -o timeline.png")
    as_of = None
    if args.as_of is not None:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError as exc:
            raise _CommandError(f"--as-of {args.as_of!r} is not a date; write 2016-12-31") from exc
    with _progress("drawing the timeline"):
        if args.plan is None:
            if args.data is not None:
                raise _CommandError("--data needs --plan: figures are measured against a plan")
            chart = process_timeline()
        else:
            plan = _plan(args.plan)
            table = None
            indicators: tuple[Indicator, ...] = ()
            if args.data is not None:
                table, indicators, _ = _observations(args.data, args, plan)
            chart = plan_timeline(plan, table, as_of=as_of, indicators=indicators)
        try:
            data = draw_timeline(chart, fmt=fmt)
        except ImportError as exc:
            raise _CommandError("a PNG needs matplotlib: pip install 'commit-mef[plot]'") from exc
    if args.output is None or args.output == "-":
        _write(data.decode("utf-8"), None)
        return OK
    from commit_mef.io._exports import write_atomic

    try:
        write_atomic(args.output, data)  # replaced whole: a failure leaves the old file
    except OSError as exc:
        raise _CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    return OK


def _validate(args: argparse.Namespace) -> int:
    from commit_mef.errors import LoadError
    from commit_mef.plans import Plan

    if args.plan is not None or Path(args.file).suffix.lower() in (".csv", ".xlsx", ".xlsm"):
        return _validate_figures(args)
    try:
        obj = _read_file(args.file, "file")
    except LoadError as exc:
        lines = _load_error_lines(exc)
        if all(getattr(p, "path", "$") in ("$", "", None) for p in exc.problems):
            raise _CommandError(f"{args.file}: {lines[0]}") from exc
        for line in lines:
            print(f"{args.file}: {line}")
        print(f"{args.file}: {len(lines)} problem(s)", file=sys.stderr)
        return PROBLEMS
    if isinstance(obj, Plan):
        from commit_mef.validation import validate

        report = validate(obj)
        _print_issues(args.file, report)
        if report.errors:
            print(f"{args.file}: {len(report)} problem(s)", file=sys.stderr)
            return PROBLEMS
        if len(report):  # warnings and notes: an incomplete framework, not a wrong one
            print(f"{args.file}: ok (Plan, {len(report)} warning(s) or note(s), no errors)")
            return OK
    print(f"{args.file}: ok ({type(obj).__name__})")
    return OK


def _template(args: argparse.Namespace) -> int:
    from commit_mef import io

    plan = _plan(args.plan)
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise _CommandError(
            f"the template is an Excel workbook: name it FILE.xlsx, not {output.name}"
        )
    try:
        io.write_template(plan, output, countries=args.country or None, periods=args.period or None)
    except ImportError as exc:
        raise _CommandError(str(exc)) from exc
    except OSError as exc:
        raise _CommandError(f"cannot write {output}: {exc.strerror or exc}") from exc
    print(f"wrote {output}: the {plan.code} reporting template")
    return OK


def _convert(args: argparse.Namespace) -> int:
    from commit_mef.money import Money
    from commit_mef.money._parse import bounded_decimal
    from commit_mef.rates import RateTable
    from commit_mef.reports import RateUsed

    money = Money(bounded_decimal(args.amount, "AMOUNT"), args.currency)
    rates = RateTable.wdi()
    conversion = rates.conversion(
        money,
        args.to,
        _over(args.over, money.currency.code),
        allow_not_meaningful=args.allow_not_meaningful,
    )
    print(f"{money} = {conversion.result.rounded()} over {conversion.over}")
    print(f"method: {conversion.method}")
    for rate, weight in conversion.rates:
        used = RateUsed(
            currency=rate.currency.code,
            rate=rate.per_usd,
            period=str(rate.period),
            source=rate.source,
            vintage=rate.vintage,
        )
        share = "" if weight == 1 else f", weight {weight:.4f}"
        note = "" if rate.meaningful else " (marked not meaningful; used on request)"
        print(f"rate: {used}{share}{note}")
    return OK


def _over(text: str, currency: str) -> Any:
    """The period an ``--over`` option names; a fiscal year without ``CODE:`` is the currency's."""
    from commit_mef.countries import GMS
    from commit_mef.periods import Period

    owners = [c for c in GMS if c.currency == currency]
    return Period.parse(text, country=owners[0] if len(owners) == 1 else None)


def _check(args: argparse.Namespace) -> int:
    from commit_mef.rates import RateTable
    from commit_mef.reports._build import budget_lines

    table, _indicators, _source = _observations(args.data, args)
    with _progress("checking stated equivalents"):
        budgets = budget_lines(table, RateTable.wdi(), to=args.currency)
    checked = findings = unchecked = 0
    for budget in budgets:
        for line in budget.lines:
            if line.stated is None:
                continue
            if line.converted is None:
                unchecked += 1
                print(f"{line.figure} ({budget.country_name}): not checked: {line.note}")
                continue
            checked += 1
            if line.finding:
                findings += 1
                print(f"{line.figure} ({budget.country_name}): {line.finding}")
    summary = f"{checked} stated equivalent(s) checked, {findings} finding(s)"
    if unchecked:
        summary += f", {unchecked} not checked"
    print(summary, file=sys.stderr if findings else sys.stdout)
    return PROBLEMS if findings else OK


def _datasets(_args: argparse.Namespace) -> int:
    from commit_mef.datasets import list_datasets

    for info in list_datasets():
        print(f"{info.name}  ({info.file})")
        print(f"  {info.title}")
        print(f"  source:  {info.source}")
        print(f"  vintage: {info.vintage}")
        print(f"  licence: {info.licence}")
        print(f"  sha256:  {info.sha256}")
    return OK


def _global_options(parser: argparse.ArgumentParser) -> None:
    """The options that come before the command: ``--debug`` and ``--version``."""
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")


def _parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one block per sub-command; new ones register from their _cli_<name> module
    parser = argparse.ArgumentParser(
        prog="commit-mef",
        description="Monitoring and evaluation of the COMMIT Sub-regional Plans of Action.",
        epilog="Exit codes: 0 success, 1 problems found, 2 bad usage or unreadable input.",
    )
    _global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    report = sub.add_parser(
        "report",
        help="a progress report of a plan (default: the shipped SPA III final report)",
        description="Write a progress report: per area the figures reported per country, "
        "regional totals where the indicator allows them, targets with status, and budgets "
        "in local currency and US$ with the rates used and every stated-equivalent finding.",
        epilog="Exit codes: 0 written, 2 bad usage or unreadable input.",
    )
    report.add_argument(
        "--plan", metavar="CODE|FILE", help="a shipped plan code ('SPA III') or a plan JSON file"
    )
    report.add_argument(
        "--data",
        metavar="FILE",
        help="figures: a filled .xlsx template, a .csv (the package's layout or your own, "
        "see --columns), an ObservationTable .json, or Parquet files (a file, folder or quoted "
        "glob written by io.write_parquet) (default: the shipped figures)",
    )
    report.add_argument(
        "--engine",
        choices=("in-process", "duckdb"),
        default="in-process",
        help="read the Parquet files of --data (a file, folder or quoted glob) with DuckDB "
        "(the duckdb extra); the report, which lists every figure, is then built in memory: "
        "for case-level data beyond memory, total them with commit_mef.engines.aggregate",
    )
    _csv_options(report)
    report.add_argument(
        "--format",
        default="text",
        metavar="FORMAT",
        help="output format: text (default), markdown, html, json, or one added with "
        "commit_mef.reports.register_format()",
    )
    report.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    report.add_argument(
        "--currency",
        default="USD",
        type=str.upper,
        help="convert budgets to this ISO 4217 currency (default: USD)",
    )
    report.add_argument(
        "--country",
        action="append",
        metavar="COUNTRY",
        help="only this country's figures (code or name; repeat for several)",
    )
    report.add_argument(
        "--area", action="append", type=int, metavar="N", help="only area N (repeat for several)"
    )
    report.add_argument(
        "--charts", metavar="DIR", help="also write the charts as SVG and PNG into DIR"
    )
    report.add_argument(
        "--lang",
        metavar="CODE",
        help="label countries in this language (km, zh, lo, my, th, vi, ...; default: English)",
    )
    report.set_defaults(run=_report)

    timeline = sub.add_parser(
        "timeline",
        help="draw a plan on a time axis (default: the COMMIT process, SPA I-IV and meetings)",
        description="Draw a timeline as SVG (or PNG with the plot extra). With --plan: the "
        "plan period and extension, targets' spans, interim values and deadlines, activities "
        "planned and actual, and, with --data, the interim values reached or missed and the "
        "days milestones were reached. Without --plan: SPA I-IV with their periods and "
        "extension, and the SOMs and IMMs.",
        epilog="Exit codes: 0 written, 2 bad usage or unreadable input.",
    )
    timeline.add_argument(
        "--plan", metavar="CODE|FILE", help="a shipped plan code ('SPA IV') or a plan JSON file"
    )
    timeline.add_argument("--data", metavar="FILE", help="an ObservationTable JSON file")
    timeline.add_argument(
        "--as-of", metavar="DATE", help="the day figures are measured on (default: plan end)"
    )
    timeline.add_argument(
        "--format", choices=("svg", "png"), help="svg or png (default: from -o, else svg)"
    )
    timeline.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    timeline.set_defaults(run=_timeline)

    validate = sub.add_parser(
        "validate",
        help="check a file: a plan against the validation rules, or figures against a plan",
        description="Read a commit-mef JSON document or a CSV file of figures and report every "
        "problem with its rule id and path. With --plan, FILE holds figures and each is "
        "checked against the plan (indicator, unit, currency, country, period, duplicates, "
        "code lists, basis).",
        epilog="Exit codes: 0 clean (a plan may have warnings: an incomplete framework), 1 "
        "problems found (listed on stdout; for a plan: errors), 2 unreadable.",
    )
    validate.add_argument("file", metavar="FILE")
    validate.add_argument(
        "--plan",
        metavar="CODE|FILE",
        help="check the figures in FILE against this plan (a shipped code or a plan JSON file)",
    )
    _csv_options(validate)
    validate.set_defaults(run=_validate)

    template = sub.add_parser(
        "template",
        help="write the xlsx reporting template of a plan for the task forces to fill in",
        description="Write an Excel workbook with one sheet per plan area and one row per "
        "figure the plan's targets ask for (indicator x country x period x breakdown), with "
        "drop-downs, an instructions sheet and hidden keys; read it back with "
        "'commit-mef report --data FILE.xlsx'.",
        epilog="Exit codes: 0 written, 2 bad usage or unreadable plan. Needs the excel extra: "
        "pip install 'commit-mef[excel]'.",
    )
    template.add_argument(
        "--plan", required=True, metavar="CODE|FILE", help="a shipped plan code or a plan JSON file"
    )
    template.add_argument(
        "--output", "-o", required=True, metavar="FILE.xlsx", help="where to write"
    )
    template.add_argument(
        "--country",
        action="append",
        metavar="COUNTRY",
        help="only this country's rows (code or name; repeat for several)",
    )
    template.add_argument(
        "--period",
        action="append",
        metavar="PERIOD",
        help="a reporting period, such as 2016 (repeat; default: each year of the plan)",
    )
    template.set_defaults(run=_template)

    convert = sub.add_parser(
        "convert",
        help="convert an amount between currencies with the World Bank rates",
        description="Convert AMOUNT CURRENCY into --to over --over and print the rates used.",
        epilog="Exit codes: 0 converted, 2 bad usage or a missing or refused rate.",
    )
    convert.add_argument("amount", metavar="AMOUNT", help="an exact number, such as 149000000")
    convert.add_argument("currency", metavar="CURRENCY", help="ISO 4217 code, such as KHR")
    convert.add_argument("--to", default="USD", type=str.upper, help="target (default: USD)")
    convert.add_argument(
        "--over",
        required=True,
        metavar="PERIOD",
        help="a year, period or fiscal year: 2014, 2011-2014, THA:FY2015, MMR:FY2017/18 "
        "(FY2015 alone is the fiscal year of the currency's country)",
    )
    convert.add_argument(
        "--allow-not-meaningful",
        action="store_true",
        help="use rates marked not meaningful (Myanmar before 2012)",
    )
    convert.set_defaults(run=_convert)

    check = sub.add_parser(
        "check",
        help="stated-equivalent findings of a data set (default: the shipped one)",
        description="Check every equivalent a document states beside a local amount against "
        "the World Bank reference rates.",
        epilog="Exit codes: 0 no findings, 1 findings (listed), 2 unreadable input.",
    )
    check.add_argument(
        "--data", metavar="FILE", help="figures: an .xlsx template, a .csv or a .json file"
    )
    _csv_options(check)
    check.add_argument(
        "--currency", default="USD", type=str.upper, help="currency of the conversions"
    )
    check.set_defaults(run=_check)

    datasets = sub.add_parser(
        "datasets",
        help="list the shipped data with their provenance",
        description="List the shipped data files with source, vintage, licence and checksum.",
    )
    datasets.set_defaults(run=_datasets)

    sub.add_parser(
        "countries", help="list the six COMMIT countries with currencies and fiscal calendars"
    ).set_defaults(run=_countries)
    _cli_diff.add_parser(sub)
    _cli_plan.add_parser(sub)
    _cli_schema.add_parser(sub)
    return parser


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.splitlines()[0].split())


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
        >>> main(["convert", "2000000000", "LAK", "--over", "2014"])  # doctest: +ELLIPSIS
        LAK 2,000,000,000... = USD 248,681.32 over 2014
        ...
        0
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return USAGE
    try:
        code: int = args.run(args)
    except (CommitMefError, _CommandError, OSError) as exc:
        if args.debug:
            raise
        print(f"commit-mef: error: {_one_line(exc)}", file=sys.stderr)
        for line in getattr(exc, "details", ()):
            print(f"  {line}", file=sys.stderr)
        return exc.code if isinstance(exc, _CommandError) else USAGE
    except BrokenPipeError:  # pragma: no cover - `commit-mef report | head`
        return OK
    return code
