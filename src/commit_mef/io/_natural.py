"""Reading a user's own CSV layout: columns mapped, cells read honestly, every problem listed.

The reader behind :func:`commit_mef.io.read_csv` for files that are not in the
package's own layout (no ``kind`` column).  Each cell is read in the file's
terms (see :class:`~commit_mef.io.CsvLayout`); every problem in the file is
collected, located by row and column as the file names them, and raised at
once in one :class:`~commit_mef.errors.LoadError`.  With a plan, the figures
are then checked against it (:func:`~commit_mef.check_figures`) and its errors
are problems of the file too.
"""

from __future__ import annotations

import csv
import io as stdio
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.errors import CommitMefError, InvalidTypeError, LoadError, Problem
from commit_mef.io._json import Limits
from commit_mef.io._layout import FIELDS, CsvLayout

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator
    from commit_mef.observations import Observation, ObservationTable
    from commit_mef.plans import Plan

__all__ = ["check_against", "read_natural"]

_MAX_PROBLEMS = 100
_BASES = ("total", "per-year", "point", "per-event", "per-person")


class _TooManyProblemsError(Exception):
    """Too many problems to go on."""


class _Reader:
    """One file's header mapped to fields, and the rows read against it."""

    def __init__(self, layout: CsvLayout, plan: Plan | None, header: list[str]) -> None:
        from commit_mef.indicators import STANDARD_DIMENSIONS

        self.layout = layout
        self.plan = plan
        self.header = header
        self.problems: list[Problem] = []
        self.indicators: dict[str, Indicator] = {}
        known = {d.id for d in STANDARD_DIMENSIONS}
        if plan is not None:
            for ind in plan.indicators:
                self.indicators.setdefault(ind.id, ind)
                known.update(d.id for d in ind.dimensions)
        self.fields: list[str | None] = [layout.field_of(h, known) for h in header]
        self.column_of: dict[str, str] = {}  # field -> header, to locate plan problems

    def problem(
        self, path: str, message: str, rule: str | None = None, *, location: str | None = None
    ) -> None:
        self.problems.append(Problem(path, message, rule, location=location))
        if len(self.problems) >= _MAX_PROBLEMS:
            raise _TooManyProblemsError

    # -- the header ---------------------------------------------------------------------
    def check_header(self) -> None:
        known = ", ".join(FIELDS)
        for header, field in zip(self.header, self.fields, strict=True):
            if field is None:
                self.problem(
                    _header_pointer(header),
                    f"the column {header!r} holds nothing the loader knows; map it to one of "
                    f"{known}, or declare it a dimension, a note (detail) or a column to ignore",
                    location=f"column {header!r}",
                )
            elif field:
                if field in self.column_of:
                    self.problem(
                        _header_pointer(header),
                        f"the columns {self.column_of[field]!r} and {header!r} both hold "
                        f"{_field_name(field)}; keep one",
                        location=f"column {header!r}",
                    )
                self.column_of.setdefault(field, header)
        for field, header in self.layout.columns.items():
            if header not in self.header:
                self.problem(
                    "header",
                    f"the layout reads {field} from a column {header!r}, which the file does "
                    f"not have (it has {', '.join(map(repr, self.header))})",
                )
        for field in ("indicator", "country", "value"):
            if field not in self.column_of:
                self.problem("header", f"no column holds the {field}; add one or map it")

    # -- one row ------------------------------------------------------------------------
    def row(self, line: int, cells: list[str]) -> Observation | None:
        from commit_mef.observations import Observation

        before = len(self.problems)
        if len(cells) != len(self.header):
            self.problem(f"row {line}", f"expected {len(self.header)} cells, got {len(cells)}")
            return None
        by_field: dict[str, str] = {}
        dims: dict[str, str] = {}
        details: list[tuple[str, str]] = []
        for field, cell in zip(self.fields, cells, strict=True):
            if not field:
                continue
            text = cell.strip()
            if field.startswith("dim."):
                if text:
                    dims[field[4:]] = text
            elif field.startswith("detail."):
                if text:
                    details.append((field[7:], text))
            else:
                by_field[field] = text
        fields = _Cells(self, line, by_field).fields()
        if len(self.problems) > before:
            return None
        try:
            return Observation(disaggregation=dims, details=details, **fields)
        except (CommitMefError, TypeError, ValueError) as exc:
            self.problem(f"row {line}", str(exc))
            return None


class _Cells:
    """The cells of one row, read field by field; each problem located by its column."""

    def __init__(self, reader: _Reader, line: int, cells: dict[str, str]) -> None:
        self.reader = reader
        self.layout = reader.layout
        self.line = line
        self.cells = cells

    def bad(self, field: str, message: str) -> None:
        column = self.reader.column_of.get(field, field)
        self.reader.problem(f"row {self.line}, column {column!r}", message)

    def fields(self) -> dict[str, Any]:
        from commit_mef.observations._observation import to_place
        from commit_mef.sources import SourceRef

        get = self.cells.get
        out: dict[str, Any] = {}
        indicator = get("indicator", "")
        if not indicator:
            self.bad("indicator", "the indicator is missing; give the indicator's id")
        out["indicator"] = indicator or "?"
        place: Any = None
        try:
            place = to_place(get("country", ""))
        except (CommitMefError, TypeError, ValueError) as exc:
            self.bad("country", _plain(exc) if get("country") else "the country is missing")
        out["country"] = place
        out["period"] = self.period(place)
        ind = self.reader.indicators.get(indicator)
        out["value"] = self.value(ind)
        out["unit"] = get("unit") or (
            ind.unit if ind is not None and ind.kind.value == "count" else None
        )
        basis = get("basis") or "total"
        if basis not in _BASES:
            self.bad("basis", f"the basis {basis!r} is not one of {', '.join(_BASES)}")
        out["basis"] = basis
        for name in ("id", "subset_of", "same_as", "recipient", "as_written"):
            out[name] = get(name) or None
        approximate = get("approximate", "")
        answer = self.layout.answer(approximate) if approximate else False
        if answer is None:
            self.bad("approximate", f"expected yes or no, got {approximate!r}")
        out["approximate"] = bool(answer)
        bound = get("bound", "").lower()
        if bound not in ("", "lower", "upper"):
            self.bad("bound", f"expected lower, upper or nothing, got {bound!r}")
        out["bound"] = bound or None
        if get("source"):
            out["source"] = SourceRef(document=get("source", ""))
        return out

    def period(self, place: Any) -> Any:
        from commit_mef.periods import Period

        text = self.cells.get("period", "")
        if not text:
            return None
        where = getattr(place, "first", place)  # a pair's fiscal year: its first country's
        try:
            return Period.parse(text, country=where)
        except CommitMefError as exc:
            self.bad("period", _plain(exc))
            return None

    def value(self, ind: Indicator | None) -> Any:  # noqa: PLR0911 - one return per kind of value
        from commit_mef.indicators import MeasureKind

        text = self.cells.get("value", "")
        currency = self.cells.get("currency", "")
        if not text:
            if currency:
                self.bad("currency", "a currency is given but the value is blank; give both")
            return None  # not reported: kept, never zero
        kind = None if ind is None else ind.kind
        answer = self.layout.answer(text)
        if kind is MeasureKind.MILESTONE or (kind is None and answer is not None):
            if answer is None:
                self.bad("value", f"expected yes or no, got {text!r}")
            return answer
        if kind is MeasureKind.QUALITATIVE:
            return text
        if kind is MeasureKind.ORDINAL and ind is not None and ind.scale and text in ind.scale:
            return Decimal(ind.scale.index(text))
        try:
            number = self.layout.number(text)
        except ValueError as exc:
            expected = "a number" if kind is not None else "a number or yes/no"
            self.bad("value", f"expected {expected}: {exc}")
            return None
        if kind is MeasureKind.MONEY and not currency and ind is not None:
            currency = "" if ind.unit == "currency" else (ind.unit or "")
            if not currency:
                self.bad("currency", f"the amount {text} needs its currency (KHR, THB, USD...)")
                return None
        if not currency:
            return number
        return self.money(number, currency)

    def money(self, number: Decimal, code: str) -> Any:
        from commit_mef.money import Money

        try:
            return Money(number, code)
        except (CommitMefError, TypeError, ValueError) as exc:
            self.bad("currency", _plain(exc))
            return None


def _plain(exc: BaseException) -> str:
    """An error's message without the field path the value objects put first."""
    text = str(exc)
    path = getattr(exc, "path", None)
    return text.split(": ", 1)[1] if path and text.startswith(f"{path}: ") else text


def _field_name(field: str) -> str:
    if field.startswith("dim."):
        return f"the dimension {field[4:]!r}"
    return f"the {field}"


def _rows(text: str) -> Iterator[list[str]]:
    yield from csv.reader(stdio.StringIO(text, newline=""), strict=True)


def read_natural(
    text: str, source: str, limits: Limits, layout: CsvLayout, plan: Plan | None
) -> ObservationTable:
    """Read a user's CSV layout, or raise one LoadError listing every problem."""
    from commit_mef.observations import ObservationTable

    rows = _rows(text)
    out: list[Observation] = []
    lines: list[int] = []
    try:
        header = next(rows, None)
        if header is None:
            raise LoadError(
                [Problem("header", "the file is empty; expected a header row")], source=source
            )
        reader = _Reader(layout, plan, [h.strip() for h in header])
        try:
            reader.check_header()
            if reader.problems:
                raise LoadError(reader.problems, source=source)
            for line, cells in enumerate(rows, start=2):
                if not any(c.strip() for c in cells):
                    continue  # a blank line between blocks
                if len(out) >= limits.max_rows:
                    reader.problem(
                        f"row {line}",
                        f"more than {limits.max_rows:,} rows; split the file, or raise the row "
                        "limit if you trust it",
                    )
                    break
                obs = reader.row(line, cells)
                if obs is not None:
                    out.append(obs)
                    lines.append(line)
        except _TooManyProblemsError:
            reader.problems.append(
                Problem("file", f"stopped after {_MAX_PROBLEMS} problems; fix these and retry")
            )
    except csv.Error as exc:
        raise LoadError([Problem("file", f"not valid CSV: {exc}")], source=source) from None
    table = ObservationTable.from_rows(out)
    problems = list(reader.problems)
    if plan is not None and len(problems) < _MAX_PROBLEMS:
        # the rows that did read are checked against the plan too: every problem at once
        problems += check_against(plan, table, reader.column_of, lines)
        problems.sort(key=_row_number)
    if problems:
        raise LoadError(problems, source=source)
    return table


def _header_pointer(column: str) -> str:
    """The pointer of a column of the header: ``/header/colour``."""
    return "/header/" + column.replace("~", "~0").replace("/", "~1")


def _row_number(problem: Problem) -> int:
    """Problems in row order: the header's first, the file's last."""
    match = re.match(r"/rows/(\d+)", problem.path)
    if match:
        return int(match.group(1))
    return 0 if problem.path != "" else 1 << 62  # "" is the whole file


_ISSUE_PATH = re.compile(r"figures\[(\d+)\](?:\.(.+))?")


def check_against(
    plan: Plan,
    table: ObservationTable,
    column_of: dict[str, str],
    lines: list[int],
) -> list[Problem]:
    """The plan's errors about these figures, as problems of the file's rows and columns.

    ``column_of`` maps a field (``dim.<id>`` for a dimension) to the file's header;
    ``lines`` gives each figure's row in the file.
    """
    from commit_mef.sources import Severity
    from commit_mef.validation import check_figures

    problems = []
    for issue in check_figures(plan, table):
        if issue.severity is not Severity.ERROR:
            continue  # warnings (a partner country) load; `validate` shows them
        match = _ISSUE_PATH.fullmatch(issue.path)
        if match is None:  # pragma: no cover - a rule added from outside with its own paths
            problems.append(Problem(issue.path, issue.message, issue.rule))
            continue
        where = f"row {lines[int(match.group(1))]}"
        field = (match.group(2) or "").replace("disaggregation.", "dim.")
        if field:
            where += f", column {column_of.get(field, field.removeprefix('dim.'))!r}"
        problems.append(Problem(where, issue.message, issue.rule))
    return problems


def read_text(
    text: str,
    source: str,
    limits: Limits,
    *,
    layout: CsvLayout | Mapping[str, str] | None = None,
    plan: Plan | None = None,
) -> ObservationTable:
    """Read CSV text in the package's layout or a user's own; check it against ``plan``."""
    from commit_mef.io._csv import first_row, read_rows

    if layout is not None and not isinstance(layout, CsvLayout):
        if not isinstance(layout, Mapping):
            raise InvalidTypeError(
                f"layout must be a CsvLayout or a mapping of fields to columns, got "
                f"{type(layout).__name__}"
            )
        layout = CsvLayout(columns=layout)
    first = first_row(text)
    if layout is not None or "kind" not in first:
        return read_natural(text, source, limits, layout or CsvLayout(), plan)
    table = read_rows(text, source, limits)
    if plan is not None:
        columns = {name: name for name in first}
        problems = check_against(plan, table, columns, list(range(2, len(table) + 2)))
        if problems:
            raise LoadError(problems, source=source)
    return table
