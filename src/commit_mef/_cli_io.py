"""The command line's inputs and outputs: reading plans and figures, writing results, errors as messages.

Shared by the commands of :mod:`commit_mef.cli`, kept apart to keep that module small.
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

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator
    from commit_mef.observations import ObservationTable
    from commit_mef.plans import Plan

__all__ = [
    "_CommandError",
    "_progress",
    "_read_file",
    "_load_error_lines",
    "_shipped_report",
    "_plan",
    "_layout",
    "_read_figures",
    "_observations",
    "_write",
    "_print_issues",
    "_with_shipped_indicators",
    "_csv_options",
]

#: Exit codes of every command.
OK, PROBLEMS, USAGE = 0, 1, 2


class _CommandError(Exception):
    """A command failed for a reason the user can fix; ``code`` is the exit code.

    ``details`` are further lines printed below the message (every problem of a file).
    """

    def __init__(self, message: str, code: int = USAGE, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.details = tuple(details)


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


def _check_file(path: str) -> None:
    """Say "is a directory" for a directory, "no such file" only when there is none (exit 2)."""
    if Path(path).is_dir():
        raise _CommandError(f"cannot read {path}: it is a directory; name a file inside it")
    if not Path(path).exists():
        raise _CommandError(f"cannot read {path}: no such file")
    if not Path(path).is_file():  # a FIFO, device or socket: never opened (it could block)
        raise _CommandError(
            f"cannot read {path}: it is not a regular file (a FIFO, device or socket); name a file"
        )


def _read_file(path: str, label: str) -> Any:
    from commit_mef import io

    _check_file(path)
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


def _layout(args: argparse.Namespace) -> Any:
    """The CSV layout the ``--columns``, ``--dimension``, ``--decimal``, ``--thousands`` options give."""
    from commit_mef.io import CsvLayout

    return CsvLayout.from_options(
        getattr(args, "columns", None),
        dimensions=getattr(args, "dimension", None) or (),
        decimal=getattr(args, "decimal", None),
        thousands=getattr(args, "thousands", None),
    )


def _read_figures(
    path: str, args: argparse.Namespace, plan: Plan | None = None, *, check: bool = False
) -> ObservationTable:
    """A figures file: ``.json``, ``.csv`` (the package's layout or the user's) or ``.xlsx``."""
    from commit_mef import io

    _check_file(path)
    try:
        with _progress(f"reading figures {path}"):
            return io.read_figures(path, plan=plan, layout=_layout(args), check=check)
    except ImportError as exc:
        raise _CommandError(str(exc)) from exc
    except OSError as exc:
        raise _CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc


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
                from commit_mef.io._parquet import read_parquet_files

                table = read_parquet_files(files, source=pattern)
            import pyarrow.parquet as pq

            indicators = io.arrow_indicators(pq.read_schema(files[0]))  # read above: it opens
    except ImportError as exc:
        extra = "duckdb" if engine == "duckdb" else "arrow"
        raise _CommandError(f"{exc}; pip install 'commit-mef[{extra}]'") from exc
    except LoadError as exc:
        raise _CommandError(f"{pattern}: {_load_error_lines(exc)[0]}") from exc
    return table, indicators, pattern


def _observations(
    path: str | None, args: argparse.Namespace, plan: Plan | None = None
) -> tuple[ObservationTable, tuple[Indicator, ...], str]:
    """The figures of ``--data`` (JSON, CSV or a filled xlsx template), or the shipped ones."""
    if path is None:
        data = _shipped_report()
        return data.observations, tuple(data.indicators), data.title
    engine = getattr(args, "engine", "in-process")
    if engine != "in-process" or path.endswith(".parquet") or Path(path).is_dir():
        return _parquet(path, engine)
    from commit_mef.errors import LoadError

    try:
        table = _read_figures(path, args, plan)
    except LoadError as exc:
        lines = _load_error_lines(exc)
        if len(lines) == 1:
            raise _CommandError(f"{path}: {lines[0]}") from exc
        raise _CommandError(f"{path}: {len(lines)} problems, nothing read", details=lines) from exc
    return table, (), path


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    from commit_mef.errors import ExportError
    from commit_mef.io._streams import text_writer

    try:
        with text_writer(output, format_name=Path(output).suffix.lstrip(".") or "text") as out:
            out.write(text)  # replaced atomically: a failed write leaves the old file
    except ExportError as exc:
        raise _CommandError(f"cannot write {output}: {exc.problems[0].message}") from exc
    except OSError as exc:
        raise _CommandError(f"cannot write {output}: {exc.strerror or exc}") from exc


def _print_issues(label: str, report: Any) -> int:
    for issue in report:
        print(f"{label}: {issue.severity.value} [{issue.rule}] {issue.path}: {issue.message}")
    return len(report)


def _with_shipped_indicators(plan: Plan) -> Plan:
    """The plan, with the indicators the shipped data set defines for it (SPA III's)."""
    import attrs

    shipped = _shipped_report()
    if plan.indicators or plan.code != shipped.plan.code:
        return plan
    return attrs.evolve(plan, indicators=tuple(shipped.indicators))


def _csv_options(command: argparse.ArgumentParser) -> None:
    """The options that say how a CSV file of figures is laid out (see ``io.CsvLayout``)."""
    group = command.add_argument_group(
        "CSV figures",
        "how a CSV file in your own layout is read; a column named like its field "
        "(indicator, country, period or year, value, currency, unit...) needs no option",
    )
    group.add_argument(
        "--columns",
        metavar="FIELD=COLUMN,...",
        help="which column holds which field, e.g. 'period=Reporting year,value=Figure'",
    )
    group.add_argument(
        "--dimension",
        action="append",
        metavar="COLUMN",
        help="a column that is a disaggregation dimension (sex, age_band... are known)",
    )
    group.add_argument(
        "--decimal", choices=(".", ","), help="the file's decimal separator (default: .)"
    )
    group.add_argument(
        "--thousands",
        metavar="SEP",
        help="the file's thousands separator: ',', '.', space or \"'\" (default: none)",
    )
