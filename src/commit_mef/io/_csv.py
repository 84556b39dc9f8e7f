"""Observation tables as CSV: one row per observation, read back with every problem located.

The writer writes the typed format (version 2, :mod:`commit_mef.io._csv_typed`), read
column by column (:mod:`commit_mef.io._csv_columns`).  This module reads the older
format (version 1) row by row: ``indicator``, ``country``, ``period``, ``kind``,
``value`` (the decimal, the amount, ``true``/``false`` or the text), ``currency``,
``unit``, ``basis``, ``id``, ``subset_of``, ``same_as``, ``recipient``, ``as_written``,
``approximate``, ``bound``, ``stated``, ``source``, ``flags``, ``details`` (JSON) and
``dim.<dimension>``; the same rows, as records, are what pandas and web clients get.
"""

from __future__ import annotations

import csv
import io as stdio
import json
import os
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, cast

from commit_mef._problems import pointer_token
from commit_mef.errors import CommitMefError, InvalidTypeError, LoadError, Problem, ValidationError
from commit_mef.io._csv_typed import first_row, header_problems, is_typed
from commit_mef.io._json import Limits, decoded, parse_json
from commit_mef.io._streams import Readable, read_input, text_writer

if TYPE_CHECKING:
    from commit_mef.io._layout import CsvLayout
    from commit_mef.observations import Observation, ObservationTable
    from commit_mef.plans import Plan

__all__ = [
    "COLUMNS",
    "DIM",
    "JSON_FIELDS",
    "KINDS",
    "RowReader",
    "check_table",
    "read_csv",
    "first_row",
    "read_rows",
    "record_of",
    "text_cell",
    "to_records",
    "CsvWriter",
    "write_csv",
    "write_rows",
]

COLUMNS = (
    "indicator",
    "country",
    "period",
    "kind",
    "value",
    "currency",
    "unit",
    "basis",
    "id",
    "subset_of",
    "same_as",
    "recipient",
    "as_written",
    "approximate",
    "bound",
    "stated",
    "source",
    "flags",
    "details",
)
_TEXT_FIELDS = ("unit", "id", "subset_of", "same_as", "recipient", "as_written")
JSON_FIELDS = ("stated", "source", "flags", "details")
DIM = "dim."
KINDS = ("none", "number", "money", "bool", "text")


# -- writing ------------------------------------------------------------------------------------
def check_table(table: object) -> ObservationTable:
    """``table`` itself, if it is an observation table; else a TypeError."""
    from commit_mef.observations import ObservationTable

    if not isinstance(table, ObservationTable):
        raise InvalidTypeError(f"expected an ObservationTable, got {type(table).__name__}")
    return table


def record_of(obs: Observation, dims: tuple[str, ...]) -> dict[str, Any]:
    """One observation as typed cells (the pandas form); ``text_cell`` makes CSV text of them."""
    from commit_mef.io._converter import converter
    from commit_mef.money import Money

    conv = converter()
    value: Any = obs.value
    cell: Any
    if value is None:
        kind, cell, currency = "none", None, None
    elif isinstance(value, bool):
        kind, cell, currency = "bool", value, None
    elif isinstance(value, Money):
        kind, cell, currency = "money", value.amount, value.currency.code
    elif isinstance(value, Decimal):
        kind, cell, currency = "number", value, None
    else:
        kind, cell, currency = "text", value, None
    place = obs.country
    record: dict[str, Any] = {
        "indicator": obs.indicator,
        "country": getattr(place, "code", None) or place.alpha_3,  # type: ignore[union-attr]
        "period": None if obs.period is None else str(obs.period),
        "kind": kind,
        "value": cell,
        "currency": currency,
        "unit": obs.unit,
        "basis": obs.basis.value,
        "id": obs.id,
        "subset_of": obs.subset_of,
        "same_as": obs.same_as,
        "recipient": obs.recipient,
        "as_written": obs.as_written,
        "approximate": obs.approximate,
        "bound": None if obs.bound is None else obs.bound.value,
        "stated": _json_cell(conv.unstructure(obs.stated), obs.stated is None),
        "source": _json_cell(conv.unstructure(obs.source), obs.source is None),
        "flags": _json_cell(conv.unstructure(obs.flags), not obs.flags),
        "details": _json_cell([list(p) for p in obs.details], not obs.details),
    }
    given = dict(obs.disaggregation)
    for dim in dims:
        code = given.get(dim)
        if code == "":
            raise ValidationError(
                f"dimension {dim!r} has an empty code, which a CSV cell cannot tell from "
                "'not broken down'; give the code a name",
                path=f"disaggregation[{dim!r}]",
            )
        record[DIM + dim] = code
    return record


def _json_cell(value: Any, absent: bool) -> str | None:
    return None if absent else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def text_cell(value: Any) -> str:
    """The CSV text of a typed cell (empty for ``None``, ``true``/``false`` for bools)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def to_records(table: ObservationTable) -> tuple[tuple[str, ...], Iterator[dict[str, Any]]]:
    """The header, and one record of typed cells per observation."""
    dims = tuple(table.dimensions)
    header = (*COLUMNS, *(DIM + d for d in dims))
    return header, (record_of(obs, dims) for obs in table)


def write_rows(table: ObservationTable, handle: Any, neutralise: bool = True) -> tuple[str, ...]:
    """Write the table in the typed CSV format to an open text file; return the header written."""
    from commit_mef.io._csv_typed import typed_rows

    header, rows = typed_rows(table, neutralise)
    writer = CsvWriter(handle)
    writer.writerow(header)
    for cells in rows:
        writer.writerow(cells)
    return header


class CsvWriter:
    r"""A CSV writer (``\n`` line ends) that quotes every cell of a row holding a bare CR.

    The standard writer quotes cells with the line terminator's characters only, so a
    lone ``\r`` in a text would be written bare and split the row on reading.

    Examples:
        >>> out = stdio.StringIO()
        >>> CsvWriter(out).writerow(["a\rb", "c"])
        >>> out.getvalue()
        '"a\rb","c"\n'
    """

    def __init__(self, handle: Any) -> None:
        self._plain = csv.writer(handle, lineterminator="\n")
        self._quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, cells: list[str] | tuple[str, ...]) -> None:
        """Write one row."""
        if any("\r" in c for c in cells):
            self._quoted.writerow(cells)
        else:
            self._plain.writerow(cells)


def write_csv(
    table: ObservationTable,
    path_or_file: str | os.PathLike[str] | IO[Any],
    *,
    neutralise: bool = True,
) -> None:
    """Write an observation table as CSV (UTF-8, one row per observation, typed columns).

    The file is in the typed format (version 2, see :doc:`/reference/formats`): money
    in ``amount`` beside its ``currency``, plain numbers in ``number``, yes/no in
    ``boolean``, texts in ``text``, the period's label beside its ISO
    ``period_start`` and ``period_end``.  Text cells that a spreadsheet would run
    as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return) are written with a ``'`` before them; :func:`read_csv` takes it off
    again.

    Args:
        table: The table.
        path_or_file: A path (the file is replaced), or a file object opened for
            writing, text or binary (a response body); it is left open.
        neutralise: ``False`` writes text cells unchanged, for programs rather than
            spreadsheets (the file reads back the same either way).

    Raises:
        TypeError: ``table`` is not an :class:`~commit_mef.ObservationTable`, or
            ``neutralise`` is not a bool.
        ValidationError: a disaggregation code is the empty string (a CSV cell
            cannot tell it from "not broken down").

    Examples:
        >>> import tempfile, pathlib
        >>> from commit_mef import ObservationTable, io
        >>> table = ObservationTable.from_columns(indicator="x", country=["KHM", "LAO"], period=2014, magnitude=[5, 7])
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "obs.csv"
        >>> io.write_csv(table, path)
        >>> path.read_text(encoding="utf-8").splitlines()[1]
        '1,x,KHM,2014,2014-01-01,2014-12-31,number,5,,,,,,total,,,,,,false,,,,,'
        >>> io.read_csv(path) == table
        True
        >>> import io as stdio
        >>> body = stdio.BytesIO()
        >>> io.write_csv(table, body)
        >>> io.read_csv(stdio.BytesIO(body.getvalue())) == table
        True
    """
    table = check_table(table)
    if not isinstance(neutralise, bool):
        raise InvalidTypeError(f"neutralise must be True or False, got {neutralise!r}")
    with text_writer(path_or_file, format_name="CSV", rows=True) as handle:
        write_rows(table, handle, neutralise)


# -- reading ------------------------------------------------------------------------------------
def _csv_place(line: int, column: str | None) -> str:
    """The pointer of a row or cell (``/rows/2/value``; its human form ``row 2, column 'value'``)."""
    return f"/rows/{line}" if column is None else f"/rows/{line}/{pointer_token(column)}"


class RowReader:
    """Turns records of CSV text into observations, collecting located problems.

    ``place(line, column)`` names where a problem is (``/rows/2/value`` for CSV;
    the records reader passes its own).
    """

    def __init__(
        self, source: str, header: list[str], place: Callable[[int, str | None], str] = _csv_place
    ) -> None:
        self.source = source
        self.place = place
        self.header = header
        self.problems: list[Problem] = []
        self.dims = tuple(name[len(DIM) :] for name in header if name.startswith(DIM))

    def check_header(self) -> bool:
        required = ("indicator", "country", "kind", "value")
        self.problems += header_problems(self.header, required, COLUMNS)
        return not self.problems

    def observation(self, line: int, cells: dict[str, str]) -> Observation | None:
        from commit_mef.io._converter import converter, problems_from
        from commit_mef.money import Money
        from commit_mef.observations import Observation

        where = self.place(line, None)
        before = len(self.problems)

        def bad(column: str, message: str, **fields: str | None) -> None:
            self.problems.append(Problem(self.place(line, column), message, **fields))

        def failed(column: str, exc: BaseException) -> None:
            for p in problems_from(exc):
                bad(column, p.message, code=p.code, expected=p.expected, got=p.got, hint=p.hint)

        kind = cells.get("kind", "")
        raw = cells.get("value", "")
        value: Any = None
        if kind not in KINDS:
            bad(
                "kind",
                f"expected one of {', '.join(KINDS)}, got {kind!r}",
                expected=f"one of {', '.join(KINDS)}",
                got=repr(kind),
            )
        elif kind in ("number", "money"):
            try:
                value = converter().structure(raw, Decimal)
            except Exception as exc:  # a located problem
                failed("value", exc)
            if kind == "money" and value is not None:
                try:
                    value = converter().structure(
                        {"amount": raw, "currency": cells.get("currency", "")}, Money
                    )
                except Exception as exc:  # a located problem
                    failed("currency", exc)
        elif kind == "bool":
            if raw not in ("true", "false"):
                bad(
                    "value",
                    f"expected true or false, got {raw!r}",
                    expected="true or false",
                    got=repr(raw),
                )
            value = raw == "true"
        elif kind == "text":
            value = raw
        elif raw:
            bad(
                "value",
                f"a row of kind 'none' has no value, got {raw!r}",
                expected="nothing",
                got=repr(raw),
            )
        fields: dict[str, Any] = {}
        for name in _TEXT_FIELDS:
            fields[name] = cells.get(name) or None
        approximate = _choice(cells, "approximate", ("true", "false"), "false", bad)
        bound = _choice(cells, "bound", ("lower", "upper", ""), "", bad) or None
        fields.update(self.json_fields(cells, bad))
        self.check_fields(cells, bad)
        if len(self.problems) > before:
            return None
        try:
            return Observation(
                indicator=cells.get("indicator", ""),
                country=cells.get("country", ""),
                period=cells.get("period") or None,
                value=value,
                basis=cells.get("basis") or "total",
                approximate=approximate == "true",
                bound=bound,
                disaggregation={d: cells[DIM + d] for d in self.dims if cells.get(DIM + d)},
                **fields,
            )
        except (CommitMefError, TypeError, ValueError) as exc:
            self.problems.append(Problem(where, str(exc), hint=getattr(exc, "hint", None)))
            return None

    @staticmethod
    def json_fields(cells: dict[str, str], bad: Any) -> dict[str, Any]:
        """The cells that hold JSON (stated, source, flags, details), read and located."""
        from commit_mef.io._converter import converter, problems_from

        fields: dict[str, Any] = {}
        for name in JSON_FIELDS:
            text = cells.get(name, "")
            if not text:
                continue
            try:
                parsed = parse_json(text)
                fields[name] = converter().structure(parsed, _FIELD_TYPES()[name])
            except LoadError as exc:
                for p in exc.problems:
                    bad(name, p.message, code=p.code, expected=p.expected, got=p.got)
            except Exception as exc:  # a located problem
                for p in problems_from(exc, "$"):
                    bad(name, f"{p.message} @ {p.location}", code=p.code, expected=p.expected)
        return fields

    @staticmethod
    def check_fields(cells: dict[str, str], bad: Any) -> None:
        """Check each key cell on its own, so that a row reports every bad cell, not the first."""
        import attrs

        from commit_mef.observations import Observation

        if not cells.get("indicator", "").strip():
            bad("indicator", "must not be empty", code="missing", expected="an indicator id")
        fields = attrs.fields(Observation)
        for column, field, raw in (
            ("country", fields.country, cells.get("country", "")),
            ("period", fields.period, cells.get("period") or None),
            ("basis", fields.basis, cells.get("basis") or "total"),
        ):
            convert = cast("Callable[[object], object]", field.converter)  # all three convert
            try:
                convert(raw)
            except (CommitMefError, TypeError, ValueError) as exc:
                path = getattr(exc, "path", None)
                message = str(exc).removeprefix(f"{path}: ") if path else str(exc)
                bad(column, message, got=repr(raw), hint=getattr(exc, "hint", None))


def _choice(
    cells: dict[str, str], name: str, allowed: tuple[str, ...], default: str, bad: Any
) -> str:
    """A cell that takes one of a few words; an empty cell is ``default``."""
    value = cells.get(name, "") or default
    if value not in allowed:
        words = " or ".join(a or "nothing" for a in allowed)
        bad(name, f"expected {words}, got {value!r}", expected=words, got=repr(value))
    return value


def _FIELD_TYPES() -> dict[str, Any]:  # noqa: N802 - a lazily built constant
    from commit_mef.money import Money
    from commit_mef.sources import QualityFlag, SourceRef

    return {
        "stated": Money,
        "source": SourceRef,
        "flags": tuple[QualityFlag, ...],
        "details": tuple[tuple[str, str], ...],
    }


def read_rows(text: str, source: str, limits: Limits) -> ObservationTable:
    """Read an observation table from CSV text, or raise a LoadError listing every problem."""
    from commit_mef.observations import ObservationTable

    first = first_row(text)
    if first and is_typed(first):
        from commit_mef.io._csv_columns import read_columns

        return read_columns(text, first, source, limits)
    reader = csv.reader(stdio.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise LoadError(
                [
                    Problem(
                        "/header",
                        "the file is empty; expected a header row",
                        code="missing",
                        expected="a header row",
                    )
                ],
                source=source,
            )
        rows = RowReader(source, header)
        if not rows.check_header():
            raise LoadError(rows.problems, source=source)
        out: list[Observation] = []
        for line, cells in enumerate(reader, start=2):
            if len(out) >= limits.max_rows:
                rows.problems.append(
                    Problem(
                        f"/rows/{line}",
                        f"more than {limits.max_rows:,} rows",
                        code="limit",
                        expected=f"at most {limits.max_rows:,} rows",
                        hint="raise Limits.max_rows if you trust the file",
                    )
                )
                break
            if len(cells) != len(header):
                rows.problems.append(
                    Problem(
                        f"/rows/{line}",
                        f"expected {len(header)} cells, got {len(cells)}",
                        rule="cell-count",
                        expected=f"{len(header)} cells",
                        got=f"{len(cells)} cells",
                    )
                )
            else:
                obs = rows.observation(line, dict(zip(header, cells, strict=True)))
                if obs is not None:
                    out.append(obs)
            if len(rows.problems) >= 100:
                break
    except csv.Error as exc:
        raise LoadError(
            [Problem(f"/rows/{reader.line_num}", f"not valid CSV: {exc}", code="syntax")],
            source=source,
        ) from None
    if rows.problems:
        raise LoadError(rows.problems, source=source)
    return ObservationTable.from_rows(out)


def read_csv(
    path_or_file: str | os.PathLike[str] | Readable,
    *,
    layout: CsvLayout | Mapping[str, str] | None = None,
    plan: Plan | None = None,
    limits: Limits | None = None,
) -> ObservationTable:
    r"""Read an observation table from a CSV file: the package's own layout, or a user's.

    A file with a ``kind`` column is in the layout :func:`write_csv` writes.  Any
    other file is read as a user's own layout (``country,year,indicator,sex,value,
    currency,note``...) by :class:`CsvLayout`'s rules: columns named like their
    field, ``year`` for the period, dimensions and notes by name; a blank value is
    *not reported* (kept, never zero); ``yes``/``no`` answers; numbers with the
    declared decimal and thousands separators; fiscal years as ``FY2015`` in the
    row's country's calendar.  Pass a layout for anything else.

    Args:
        path_or_file: A path, or a file object opened for reading, text or binary
            (an upload's body); at most ``limits.max_bytes`` are read.
        layout: How the file is laid out: a :class:`CsvLayout`, or a mapping of
            fields to the columns that hold them (``{"period": "Reporting year"}``).
        plan: The plan the figures report on: units and currencies the file leaves
            blank are taken from the plan's indicators, and every error
            :func:`~commit_mef.check_figures` finds (unknown indicator, unit or
            currency not the indicator's, period outside the plan, codes outside a
            code list, figures twice) is a problem of the file.
        limits: Size limits for untrusted input; :class:`Limits` defaults when ``None``.

    Returns:
        The table, whole and valid.

    Raises:
        LoadError: Every problem found, each located by row and column as the file
            names them; nothing is returned.
        ValidationError: ``layout`` is not a valid layout.
        OSError: The file cannot be read.

    Examples:
        >>> import tempfile, pathlib
        >>> from commit_mef import io
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "obs.csv"
        >>> _ = path.write_text("indicator,country,kind,value\nx,KHM,number,12.5\ny,Atlantis,number,1\n")
        >>> io.read_csv(path)
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: ...obs.csv: 1 problem
          unknown country 'Atlantis'... @ row 3, column 'country'

        A task force's own layout, with thousands separators, a blank and a fiscal year:

        >>> _ = path.write_text(
        ...     "country,year,indicator,sex,value,note\n"
        ...     'Thailand,FY2016,victims-identified,female,"1,200",\n'
        ...     "Lao PDR,2016,victims-identified,male,,not collected\n")
        >>> table = io.read_csv(path, layout=io.CsvLayout(thousands=","))
        >>> [(str(o.country), str(o.period), o.value) for o in table]
        [('Thailand', '2015-10-01/2016-09-30', Decimal('1200')), ('Lao PDR', '2016', None)]
        >>> import io as stdio
        >>> len(io.read_csv(stdio.StringIO("indicator,country,kind,value\nx,KHM,number,12.5\n")))
        1
    """
    limits = limits or Limits()
    data, name = read_input(path_or_file, limits.max_bytes)
    from commit_mef.io._natural import read_text

    with decoded(data, name, limits) as text:
        return read_text(text, name, limits, layout=layout, plan=plan)
