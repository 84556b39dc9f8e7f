"""The ``commit-mef`` command line.

Commands: ``report`` (a progress report as text, Markdown, HTML or JSON),
``validate FILE``, ``convert AMOUNT CURRENCY``, ``check`` (stated-equivalent
findings), ``datasets`` (the shipped data and their provenance) and
``countries``.  Run ``commit-mef COMMAND --help`` for every option.

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
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from commit_mef.errors import CommitMefError

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator
    from commit_mef.observations import ObservationTable
    from commit_mef.plans import Plan

__all__ = ["main"]

#: Exit codes of every command.
OK, PROBLEMS, USAGE = 0, 1, 2


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


class _CommandError(Exception):
    """A command failed for a reason the user can fix; ``code`` is the exit code."""

    def __init__(self, message: str, code: int = USAGE) -> None:
        super().__init__(message)
        self.code = code


@contextmanager
def _progress(label: str, stream: TextIO | None = None) -> Iterator[None]:
    """Show a spinner on stderr while the block runs.

    Only on a terminal and only once the block has taken more than a second; nothing
    when stderr is piped or redirected.
    """
    out = sys.stderr if stream is None else stream
    if not (hasattr(out, "isatty") and out.isatty()):
        yield
        return
    done = threading.Event()

    def spin() -> None:
        if done.wait(1.0):
            return
        start = time.monotonic() - 1.0
        frames = "|/-\\"
        k = 0
        while not done.wait(0.2):
            out.write(f"\r{frames[k % 4]} {label} ({time.monotonic() - start:.0f} s)")
            out.flush()
            k += 1
        out.write("\r" + " " * (len(label) + 16) + "\r")
        out.flush()

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def _read_file(path: str, label: str) -> Any:
    from commit_mef import io

    if not Path(path).is_file():
        raise _CommandError(f"cannot read {path}: no such file")
    try:
        with _progress(f"reading {label} {path}"):
            return io.load(path)
    except OSError as exc:
        raise _CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _load_error_lines(exc: Exception) -> list[str]:
    problems = getattr(exc, "problems", ())
    return [str(p) for p in problems] or [str(exc)]


def _shipped_report() -> Any:
    from commit_mef import datasets

    return datasets.spa3_report()


def _plan(code_or_file: str | None) -> Plan:
    from commit_mef.plans import Plan

    if code_or_file is None:
        return _shipped_report().plan  # type: ignore[no-any-return]
    if code_or_file.endswith(".json") or os.sep in code_or_file:
        from commit_mef.errors import LoadError

        try:
            plan = _read_file(code_or_file, "plan")
        except LoadError as exc:
            raise _CommandError(f"{code_or_file}: {_load_error_lines(exc)[0]}") from exc
        if not isinstance(plan, Plan):
            raise _CommandError(f"{code_or_file} holds a {type(plan).__name__}, not a Plan")
        return plan
    from commit_mef import datasets

    return datasets.plan(code_or_file)


def _parquet(pattern: str, engine: str) -> tuple[ObservationTable, tuple[Indicator, ...], str]:
    """Observations from Parquet files (a file, a folder or a glob), read in process or by DuckDB."""
    import glob

    from commit_mef import io
    from commit_mef.errors import LoadError

    base = Path(pattern)
    files = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
    if base.is_dir():
        files = sorted(str(p) for p in base.rglob("*.parquet"))
    if not files or not all(Path(f).is_file() for f in files):
        raise _CommandError(f"cannot read {pattern}: no such Parquet file")
    try:
        with _progress(f"reading figures {pattern}" + (" on DuckDB" if engine == "duckdb" else "")):
            if engine == "duckdb":
                from commit_mef import engines

                table = engines.duckdb(pattern).to_table()
            else:
                import pyarrow as pa
                import pyarrow.parquet as pq

                parts = [pq.read_table(f) for f in files]  # one table: the rows in written order
                table = io.from_arrow(pa.concat_tables(parts, promote_options="permissive"))
            import pyarrow.parquet as pq

            indicators = io.arrow_indicators(pq.read_schema(files[0]))
    except ImportError as exc:
        extra = "duckdb" if engine == "duckdb" else "arrow"
        raise _CommandError(f"{exc}; pip install 'commit-mef[{extra}]'") from exc
    except LoadError as exc:
        raise _CommandError(f"{pattern}: {_load_error_lines(exc)[0]}") from exc
    return table, indicators, pattern


def _observations(
    path: str | None, engine: str = "in-process"
) -> tuple[ObservationTable, tuple[Indicator, ...], str]:
    if path is None:
        data = _shipped_report()
        return data.observations, tuple(data.indicators), data.title
    if engine != "in-process" or path.endswith(".parquet") or Path(path).is_dir():
        return _parquet(path, engine)
    from commit_mef.errors import LoadError
    from commit_mef.observations import ObservationTable

    try:
        table = _read_file(path, "figures")
    except LoadError as exc:
        raise _CommandError(f"{path}: {_load_error_lines(exc)[0]}") from exc
    if not isinstance(table, ObservationTable):
        raise _CommandError(
            f"{path} holds a {type(table).__name__}; --data needs an ObservationTable document"
        )
    return table, (), path


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _CommandError(f"cannot write {output}: {exc.strerror or exc}") from exc


def _report(args: argparse.Namespace) -> int:
    from commit_mef.reports import render
    from commit_mef.reports._build import progress_report

    plan = _plan(args.plan)
    if args.engine != "in-process" and args.data is None:
        raise _CommandError(
            "--engine duckdb reads --data: give the Parquet files ('obs/*/*/*.parquet')"
        )
    table, indicators, source = _observations(args.data, args.engine)
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
        text = render(report, args.format)
    _write(text, args.output)
    if args.charts:
        from commit_mef.reports import write_charts

        try:
            write_charts(report, args.charts)
        except ImportError as exc:
            raise _CommandError("charts need matplotlib: pip install 'commit-mef[plot]'") from exc
    return OK


def _validate(args: argparse.Namespace) -> int:
    from commit_mef.errors import LoadError
    from commit_mef.plans import Plan

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
        for issue in report:
            print(
                f"{args.file}: {issue.severity.value} [{issue.rule}] {issue.path}: {issue.message}"
            )
        if len(report):
            print(f"{args.file}: {len(report)} problem(s)", file=sys.stderr)
            return PROBLEMS
    print(f"{args.file}: ok ({type(obj).__name__})")
    return OK


def _convert(args: argparse.Namespace) -> int:
    from commit_mef.money import Money, RateTable
    from commit_mef.reports import RateUsed

    money = Money(args.amount, args.currency)
    rates = RateTable.wdi()
    conversion = rates.conversion(
        money, args.to, args.over, allow_not_meaningful=args.allow_not_meaningful
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


def _check(args: argparse.Namespace) -> int:
    from commit_mef.money import RateTable
    from commit_mef.reports._build import budget_lines

    table, _indicators, _source = _observations(args.data)
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commit-mef",
        description="Monitoring and evaluation of the COMMIT Sub-regional Plans of Action.",
        epilog="Exit codes: 0 success, 1 problems found, 2 bad usage or unreadable input.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
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
        help="an ObservationTable JSON file, or Parquet files (a file, folder or quoted glob "
        "written by io.write_parquet) (default: shipped figures)",
    )
    report.add_argument(
        "--engine",
        choices=("in-process", "duckdb"),
        default="in-process",
        help="read the Parquet files of --data with DuckDB, out of core (the duckdb extra)",
    )
    report.add_argument(
        "--format",
        choices=("text", "markdown", "html", "json"),
        default="text",
        help="output format (default: text)",
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
    report.set_defaults(run=_report)

    validate = sub.add_parser(
        "validate",
        help="check a JSON file (a plan is also checked against the validation rules)",
        description="Read a commit-mef JSON document and report every problem with its rule "
        "id and path.",
        epilog="Exit codes: 0 clean, 1 problems found (listed on stdout), 2 unreadable.",
    )
    validate.add_argument("file", metavar="FILE")
    validate.set_defaults(run=_validate)

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
        "--over", required=True, metavar="PERIOD", help="a year or period: 2014, 2011-2014"
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
    check.add_argument("--data", metavar="FILE", help="an ObservationTable JSON file")
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

    countries = sub.add_parser(
        "countries", help="list the six COMMIT countries with currencies and fiscal calendars"
    )
    countries.set_defaults(run=_countries)
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
        return getattr(exc, "code", USAGE)
    except BrokenPipeError:  # pragma: no cover - `commit-mef report | head`
        return OK
    return code
