"""The typed CSV format's columns checked in bulk and built into an observation table.

Each function here reads one column (or the few that belong together: a value and
its kind, a period's label and its dates) of a :class:`~commit_mef.io._csv_columns._Columns`,
reports every bad cell at its row, and returns what
:meth:`~commit_mef.ObservationTable.from_columns` takes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.errors import CommitMefError, ValidationError
from commit_mef.io._csv_columns import _OWNER, _TEXTS, parse_number
from commit_mef.io._csv_typed import restored

if TYPE_CHECKING:
    from commit_mef.io._csv_columns import _Columns
    from commit_mef.observations import ObservationTable

__all__ = ["build"]

_KINDS = ("none", "number", "money", "bool", "text")


def _indicator(raw: str) -> str:
    text = restored(raw)
    if not text.strip():
        raise ValidationError("must not be empty")
    return text


def _optional_text(raw: str) -> str | None:
    return restored(raw) or None


def _word(allowed: tuple[str, ...], default: str) -> Any:
    words = " or ".join(a or "nothing" for a in allowed)

    def convert(raw: str) -> str:
        value = raw or default
        if value not in allowed:
            raise ValidationError(f"expected {words}, got {value!r}")
        return value

    return convert


def _periods(cols: _Columns) -> Any:
    """The period column, its label checked against ``period_start`` and ``period_end``."""
    from commit_mef.observations._observation import to_period
    from commit_mef.periods import Period

    labels, starts, ends = (
        cols.column("period"),
        cols.column("period_start"),
        cols.column("period_end"),
    )
    triples = list(zip(labels, starts, ends, strict=True)) if cols.n else []
    keys = [f"{a}\x00{b}\x00{c}" for a, b, c in triples]
    mismatched: dict[str, tuple[str, str]] = {}

    def convert(key: str) -> Period | None:
        label, start, end = key.split("\x00")
        if not label:
            if start or end:
                mismatched[key] = (
                    "period",
                    "the period's dates are given without its label; add the label (2014, 2011-2014 or start/end)",
                )
            return None
        period = to_period(label)
        assert period is not None  # noqa: S101 - a label gives a period
        for column, cell, day in (
            ("period_start", start, period.start),
            ("period_end", end, period.end),
        ):
            if cell and cell != day.isoformat():
                mismatched[key] = (
                    column,
                    f"{cell} does not match the period {label} ({day.isoformat()}); correct one of them",
                )
        return period

    codes, cats = cols.encode("period", convert, keys)
    found = {k: _mismatch(cols, column, message) for k, (column, message) in mismatched.items()}
    cols.bad_values("period", keys, found)
    return codes, cats


def _mismatch(cols: _Columns, column: str, message: str) -> Any:
    return lambda i: cols.bad(i, column, message, code="mismatch")


def _values(cols: _Columns, kinds: tuple[str, ...]) -> dict[str, Any]:
    """The ``value`` column: each row's value read from the column its kind names."""
    from commit_mef.money import Money

    number, amount, currency = cols.column("number"), cols.column("amount"), cols.column("currency")
    boolean, text = cols.column("boolean"), cols.column("text")
    by_column = {"number": number, "amount": amount, "boolean": boolean, "text": text}
    for name, cells in by_column.items():
        owner = _OWNER[name]
        if cells.count("") != cols.n:
            for i, (kind, cell) in enumerate(zip(kinds, cells, strict=True)):
                if cell and kind != owner and kind in _KINDS:
                    cols.bad(
                        i,
                        name,
                        f"a row of kind {kind!r} has no {name}, got {cell!r}; leave it empty or set kind to {owner!r}",
                        expected="nothing",
                        got=repr(cell),
                    )
    values: list[Any] = [None] * cols.n
    for i, kind in enumerate(kinds):
        try:
            if kind == "number":
                values[i] = _needed(number[i], "number", "a number")
            elif kind == "money":
                values[i] = _money(Money, _needed(amount[i], "amount", "an amount"), currency[i])
            elif kind == "bool":
                if boolean[i] not in ("true", "false"):
                    raise _CellError(
                        "boolean",
                        f"expected true or false, got {boolean[i]!r}",
                        "true or false",
                        repr(boolean[i]),
                    )
                values[i] = boolean[i] == "true"
            elif kind == "text":
                values[i] = restored(text[i])
        except _CellError as exc:
            cols.bad(i, exc.column, exc.message, expected=exc.expected, got=exc.got)
        if kind != "money" and currency[i]:
            cols.bad(
                i,
                "currency",
                f"a row of kind {kind!r} has no currency, got {currency[i]!r}; leave it empty",
                expected="nothing",
                got=repr(currency[i]),
            )
    return {"value": values}


class _CellError(Exception):
    def __init__(self, column: str, message: str, expected: str, got: str) -> None:
        super().__init__(message)
        self.column, self.message, self.expected, self.got = column, message, expected, got


def _needed(cell: str, column: str, what: str) -> Decimal:
    if not cell:
        raise _CellError(column, f"missing {what}; give the value", what, "nothing")
    try:
        return parse_number(cell)
    except ValidationError as exc:
        raise _CellError(column, str(exc), "a decimal number", repr(cell)) from None


def _money(money: Any, amount: Decimal, code: str) -> Any:
    if not code:
        raise _CellError(
            "currency", "missing currency; give its ISO 4217 code", "an ISO 4217 code", "nothing"
        )
    try:
        return money(amount, code)
    except (CommitMefError, TypeError, ValueError) as exc:
        path = getattr(exc, "path", None)
        message = str(exc).removeprefix(f"{path}: ") if path else str(exc)
        raise _CellError("currency", message, "an ISO 4217 code", repr(code)) from None


def _rows(cols: _Columns) -> None:
    cells = cols.column("row")
    if all(map(str.isdigit, cells)) or "row" not in cols.cells:
        return
    for i, cell in enumerate(cells):
        if not cell.isdigit():
            cols.bad(
                i,
                "row",
                f"expected the row's number (1, 2, ...), got {cell!r}",
                expected="a positive integer",
                got=repr(cell),
            )


def build(cols: _Columns) -> ObservationTable | None:
    """The table of the columns, or ``None`` when a cell is bad (the problems are in ``cols``)."""
    from commit_mef.io._csv import DIM
    from commit_mef.observations import Basis, ObservationTable
    from commit_mef.observations._observation import to_place

    _rows(cols)
    kind_codes, kind_cats = cols.encode("kind", _word(_KINDS, "\x00"))
    kinds = tuple(kind_cats[c] or "" for c in kind_codes.tolist())
    columns: dict[str, Any] = {
        "indicator": cols.encode("indicator", _indicator),
        "country": cols.encode("country", lambda raw: to_place(restored(raw))),
        "period": _periods(cols),
        "unit": cols.encode("unit", _optional_text),
        "basis": cols.encode("basis", lambda raw: Basis(raw or "total")),
    }
    columns.update(_values(cols, kinds))
    extra: dict[str, Any] = {
        name: cols.encode(name, _optional_text)
        for name in _TEXTS
        if name != "unit" and name in cols.cells
    }
    extra["approximate"] = _flag(cols)
    if "bound" in cols.cells:
        extra["bound"] = cols.encode(
            "bound", lambda raw: _word(("lower", "upper", ""), "")(raw) or None
        )
    for name in ("stated", "source", "flags", "details"):
        if name in cols.cells:
            extra[name] = cols.encode(name, _json(name))
    dims: dict[str, Any] = {
        name[len(DIM) :]: cols.encode(name, _optional_text)
        for name in cols.header
        if name.startswith(DIM)
    }
    if cols.problems:
        return None
    if not cols.n:
        return ObservationTable.from_rows([])
    try:
        return ObservationTable.from_columns(**columns, disaggregation=dims, **extra)
    except (CommitMefError, TypeError, ValueError):
        _locate(cols, columns, extra, dims)
        if not cols.problems:  # pragma: no cover - the rows alone were all fine
            raise
        return None


def _flag(cols: _Columns) -> Any:
    codes, cats = cols.encode("approximate", _word(("true", "false"), "false"))
    return codes, [c == "true" for c in cats]


def _json(name: str) -> Any:
    from commit_mef.io._csv import RowReader

    def convert(raw: str) -> Any:
        if not raw:
            return () if name in ("flags", "details") else None
        messages: list[str] = []
        fields = RowReader.json_fields(
            {name: raw}, lambda _c, message, **_k: messages.append(message)
        )
        if messages:
            raise ValidationError("; ".join(messages))
        return fields[name]

    return convert


def _locate(
    cols: _Columns, columns: dict[str, Any], extra: dict[str, Any], dims: dict[str, Any]
) -> None:
    """Find the rows a whole-table check refused, by building each row's observation."""
    from commit_mef.observations import Observation

    def at(pair: Any, i: int) -> Any:
        if isinstance(pair, list):
            return pair[i]
        codes, cats = pair
        return cats[int(codes[i])]

    for i in range(cols.n):
        fields = {name: at(pair, i) for name, pair in extra.items()}
        fields = {k: v for k, v in fields.items() if v is not None}
        try:
            Observation(
                indicator=at(columns["indicator"], i),
                country=at(columns["country"], i),
                period=at(columns["period"], i),
                value=columns["value"][i],
                unit=at(columns["unit"], i),
                basis=at(columns["basis"], i),
                disaggregation={k: v for k, pair in dims.items() if (v := at(pair, i)) is not None},
                **fields,
            )
        except (CommitMefError, TypeError, ValueError) as exc:
            from commit_mef.errors import Problem

            cols.problems.append(
                Problem(f"/rows/{cols.lines[i]}", str(exc), hint=getattr(exc, "hint", None))
            )
