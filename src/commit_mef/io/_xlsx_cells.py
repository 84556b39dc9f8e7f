"""The cells of a filled template read as people type them: numbers, yes/no, dates, currencies.

Each cell is checked against the kind of its row's indicator; whatever cannot be read is
a :class:`~commit_mef.errors.Problem` located by sheet, row and column (``column Value (H)``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef.errors import CommitMefError, ParseError, Problem
from commit_mef.io._xlsx_layout import COLUMNS, column

if TYPE_CHECKING:
    from commit_mef.observations import Observation

__all__ = ["CellReader", "Row", "read_number"]

_COMMAS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_SPACES = re.compile(r"[+-]?\d{1,3}( \d{3})+(\.\d+)?")
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DOTS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YES = frozenset({"yes", "y", "true"})
_NO = frozenset({"no", "n", "false"})
_TITLES = dict(COLUMNS)


class _CellError(Exception):
    """A cell that cannot be read; the message says what to type instead."""


def read_number(value: object) -> Decimal:
    """A number from a cell: an Excel number, or digits typed as text (``"1,200"``, ``"1 200"``).

    A comma separates thousands and a point decimals, as the template's instructions say;
    ``"1.200"`` could mean either and is refused.

    Examples:
        >>> read_number("1,200"), read_number(12.5), read_number(" 3 400 ")
        (Decimal('1200'), Decimal('12.5'), Decimal('3400'))
        >>> read_number("1.200")
        Traceback (most recent call last):
        ...
        commit_mef.io._xlsx_cells._CellError: '1.200' is ambiguous: the template uses a comma for thousands and a point for decimals; type 1200 for a whole number
    """
    if isinstance(value, bool):
        raise _CellError(f"expected a number, got {'TRUE' if value else 'FALSE'}")
    if isinstance(value, int):
        return _bounded(value)
    if isinstance(value, float):
        return _bounded(repr(value))  # the shortest text that reads back as the same double
    if isinstance(value, (dt.date, dt.datetime)):
        day = value.date() if isinstance(value, dt.datetime) else value
        raise _CellError(
            f"the cell holds a date ({day.isoformat()}), not a number; Excel turns entries "
            "such as 3/12 into dates: format the cell as Number and type the figure again"
        )
    text = str(value).replace("\u00a0", " ").replace("\u202f", " ").strip()
    if _DOTS.fullmatch(text):
        raise _CellError(
            f"{text!r} is ambiguous: the template uses a comma for thousands and a point for "
            f"decimals; type {text.replace('.', '')} for a whole number"
        )
    if _COMMAS.fullmatch(text):
        text = text.replace(",", "")
    elif _SPACES.fullmatch(text):
        text = text.replace(" ", "")
    if not _PLAIN.fullmatch(text):
        raise _CellError(
            f"expected a number, got {text!r}; type digits only, such as 1200 or 1,200"
        )
    return _bounded(text)


def _bounded(value: int | str) -> Decimal:
    """A cell's number within the readers' one limit on digits and exponent."""
    from commit_mef.money._parse import bounded_decimal

    try:
        return bounded_decimal(value, "the cell")
    except ParseError as exc:
        raise _CellError(str(exc).removeprefix("the cell: ")) from None


def _read_yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _CellError(f"expected Yes or No, got {value!r}; choose from the drop-down")


def _read_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise _CellError(
        f"a date typed as text ({text!r}) cannot be read for sure (is 03/12 March or "
        "December?); type it as a date such as 2016-12-31, which Excel stores as a date"
    )


def _pair(text: str) -> tuple[str, str]:
    dimension, _, code = text.partition("=")
    return dimension, code


@attrs.frozen(kw_only=True)
class Row:
    """One keyed row of an area sheet: where it is, what it reports, its cells."""

    sheet: str
    row: int
    spec: dict[str, str]
    cells: dict[str, Any]


@attrs.define(kw_only=True)
class CellReader:
    """Reads keyed rows into observations and collects the problems, located."""

    document: str
    problems: list[Problem]
    observations: list[Observation] = attrs.field(factory=list)

    def problem(self, sheet: str, row: int, name: str | None, message: str) -> None:
        """Record a problem at a sheet and row, and a column when ``name`` is given."""
        where = f"sheet {sheet!r}, row {row}"
        if name is not None:
            letter = chr(ord("A") + column(name) - 1)
            where += f", column {_TITLES[name]} ({letter})"
        self.problems.append(Problem(where, message))

    def _value(self, row: Row, name: str) -> Any:
        cell = row.cells[name]
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
            formula = str(getattr(cell.value, "text", cell.value))
            raise _CellError(
                f"the cell holds a formula ({formula[:40]}); type the value itself (copy the "
                "cell, then Paste Special > Values)"
            )
        value = cell.value
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def _cell(self, row: Row, name: str) -> tuple[bool, Any]:
        """``(True, value)`` read from a column, or ``(False, None)`` after recording why not."""
        try:
            return True, self._value(row, name)
        except _CellError as exc:
            self.problem(row.sheet, row.row, name, str(exc))
            return False, None

    def read(self, row: Row) -> None:
        """Read one row: no figure when its value is blank, else one observation."""
        ok_value, raw = self._cell(row, "value")
        ok_date, date = self._cell(row, "date")
        ok_unit, unit = self._cell(row, "unit")
        ok_note, note = self._cell(row, "note")
        if not (ok_value and ok_date and ok_unit and ok_note):
            return
        if raw is None:
            if date is not None:
                self.problem(
                    row.sheet, row.row, "date", "a date reached is given but no value; choose Yes"
                )
            return
        try:
            value = self._typed(row, raw)
        except _CellError as exc:
            self.problem(row.sheet, row.row, "value", str(exc))
            return
        self._add(row, value, date, unit, note)

    def _typed(self, row: Row, raw: Any) -> Any:
        kind = row.spec["kind"]
        if kind == "milestone":
            return _read_yes_no(raw)
        if kind == "qualitative":
            return str(raw)
        if kind == "ordinal":
            levels = {
                level.lower(): level for level in row.spec.get("scale", "").split(";") if level
            }
            text = str(raw).strip()
            if levels and text.lower() not in levels:
                raise _CellError(f"expected one of {', '.join(levels.values())}, got {text!r}")
            return levels.get(text.lower(), text)
        number = read_number(raw)
        if "%" in str(row.cells["value"].number_format) and not isinstance(raw, str):
            number = number * 100  # Excel stores 45% as 0.45
        if number < 0:
            raise _CellError(f"expected 0 or more, got {number}")
        if kind == "count" and number != number.to_integral_value():
            raise _CellError(f"a count is a whole number, got {number}")
        if kind == "percentage" and number > 100:
            raise _CellError(f"a percentage is between 0 and 100, got {number}")
        return number

    def _add(self, row: Row, value: Any, date: Any, unit: Any, note: Any) -> None:
        from commit_mef.money import Money
        from commit_mef.observations import Observation
        from commit_mef.periods import Period
        from commit_mef.sources import SourceRef

        spec = row.spec
        period = Period.parse(spec["period"])
        if date is not None:
            try:
                day = _read_date(date)
            except _CellError as exc:
                self.problem(row.sheet, row.row, "date", str(exc))
                return
            if not period.contains(day):
                self.problem(
                    row.sheet,
                    row.row,
                    "date",
                    f"{day.isoformat()} is outside the row's period {period}; give the figure "
                    "in the row of the period that holds it",
                )
                return
            if value is True:
                period = Period(day, day)
        count_unit: str | None = spec["unit"] or None
        if spec["kind"] == "money":
            code = str(unit or spec["unit"]).strip().upper()
            try:
                value = Money(value, code)
            except CommitMefError as exc:
                self.problem(row.sheet, row.row, "unit", str(exc))
                return
            count_unit = None
        elif spec["kind"] not in ("count", "ratio", "percentage"):
            count_unit = None
        dims = [_pair(p) for p in spec["breakdown"].split(";") if p]
        self.observations.append(
            Observation(
                id=".".join(
                    (spec["indicator"], spec["country"], spec["period"], *(c for _, c in dims))
                ),
                indicator=spec["indicator"],
                country=spec["country"],
                period=period,
                value=value,
                unit=count_unit,
                basis=spec["basis"],
                disaggregation=dict(dims),
                source=SourceRef(
                    document=self.document,
                    section=row.sheet,
                    line=row.row,
                    area=int(spec["area"]),
                ),
                details={"note": str(note)} if note is not None else {},
            )
        )
