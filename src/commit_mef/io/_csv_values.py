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
from commit_mef.io._csv_columns import (
    _OWNER,
    _TEXTS,
    BeyondLimitError,
    parse_number,
    parse_numbers,
)
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
    import numpy as np

    from commit_mef.observations import _columns as cols_
    from commit_mef.observations._observation import to_period

    fast = _periods_as_labelled(cols)
    if fast is not None:
        return fast
    parts = [cols.codes(name) for name in ("period", "period_start", "period_end")]
    groups, first, _k = cols_.group_codes(
        [(codes, len(distinct)) for codes, distinct in parts], cols.n
    )
    categories: list[Any] = []
    reporters: dict[int, Any] = {}
    for code, row in enumerate(first.tolist()):
        label, start, end = (distinct[int(codes[row])] for codes, distinct in parts)
        try:
            categories.append(_period(to_period, label, start, end))
        except _CellError as exc:
            categories.append(None)
            reporters[code] = _mismatch(cols, exc.column, exc.message, exc.got)
        except (CommitMefError, TypeError, ValueError) as exc:
            categories.append(None)
            reporters[code] = cols._reporter("period", label, exc)
    codes = np.asarray(groups).astype(np.int32)
    cols.bad_codes(codes, reporters)
    return codes, categories


def _periods_as_labelled(cols: _Columns) -> tuple[Any, list[Any]] | None:
    """The period column when every start and end cell is its label's (or empty): no triples.

    Each distinct label is read once; the start and end columns are compared with the
    dates their labels give, in Arrow, all rows at once.  ``None`` when a cell differs,
    a label is bad or the columns are not Arrow's: the triples then find and report it.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from commit_mef.observations._observation import to_period

    codes, labels = cols.codes("period")
    dates = [cols.cells.get(name) for name in ("period_start", "period_end")]
    if any(d is None or isinstance(d, tuple) for d in dates) or "" in labels:
        return None
    try:
        periods = [to_period(label) for label in labels]
    except (CommitMefError, TypeError, ValueError):
        return None
    index = pa.array(codes)
    for column, day in zip(dates, ("start", "end"), strict=True):
        expected = pa.array([getattr(p, day).isoformat() for p in periods]).take(index)
        same = pc.or_(pc.equal(column, expected), pc.equal(column, ""))
        if not pc.all(same).as_py():
            return None
    return codes.astype("int32", copy=False), periods


def _period(to_period: Any, label: str, start: str, end: str) -> Any:
    if not label:
        if start or end:
            raise _CellError(
                "period",
                "the period's dates are given without its label; add the label "
                "(2014, 2011-2014 or start/end)",
                "a period label",
                "nothing",
            )
        return None
    period = to_period(label)
    for column, cell, day in (
        ("period_start", start, period.start),
        ("period_end", end, period.end),
    ):
        if cell and cell != day.isoformat():
            raise _CellError(
                column,
                f"{cell} does not match the period {label} ({day.isoformat()}); correct one of them",
                day.isoformat(),
                repr(cell),
            )
    return period


def _mismatch(cols: _Columns, column: str, message: str, got: str) -> Any:
    return lambda i: cols.bad(i, column, message, code="invalid", got=got)


def _misplaced(cols: _Columns, kinds: Any, kind_names: list[str]) -> None:
    """A value in the column of another kind (a number beside a text, a currency on a count)."""
    import numpy as np

    known = np.isin(kinds, [i for i, k in enumerate(kind_names) if k in _KINDS])
    for name, owner in (*_OWNER.items(), ("currency", "money")):
        owned = np.isin(kinds, [i for i, k in enumerate(kind_names) if k == owner])
        wrong = cols.filled(name) & ~owned & known
        for i in np.flatnonzero(wrong).tolist():
            kind, cell = kind_names[int(kinds[i])], cols.column(name)[i]
            cols.bad(
                i,
                name,
                f"a row of kind {kind!r} has no {name}, got {cell!r}; leave it empty or set kind "
                f"to {owner!r}",
                expected="nothing",
                got=repr(cell),
            )


def _values(cols: _Columns, kinds: Any, kind_names: list[str]) -> dict[str, Any]:
    """The value columns: ``magnitude`` (with ``currency``) when every row is a number or money, else ``value``."""
    import numpy as np

    _misplaced(cols, kinds, kind_names)
    present = {
        kind_names[c] for c, n in enumerate(np.bincount(kinds, minlength=len(kind_names))) if n
    }
    if not present <= {"number", "money"}:
        return {"value": _each_value(cols, [kind_names[int(c)] for c in kinds.tolist()])}
    is_money = np.isin(kinds, [i for i, k in enumerate(kind_names) if k == "money"])
    for name, rows, what in (("number", ~is_money, "a number"), ("amount", is_money, "an amount")):
        for i in np.flatnonzero(rows & ~cols.filled(name)).tolist():
            cols.bad(i, name, f"missing {what}; give the value", expected=what, got="nothing")
    numbers, number_exp = parse_numbers(cols, "number", ~is_money)
    amounts, amount_exp = parse_numbers(cols, "amount", is_money)
    exponent = min(number_exp, amount_exp)
    mags = _joined(numbers, number_exp - exponent, amounts, amount_exp - exponent, is_money)
    codes, distinct = cols.codes("currency")
    categories: list[str | None] = []
    reporters: dict[int, Any] = {}
    for code, raw in enumerate(distinct):
        try:
            categories.append(_currency(raw) if raw else None)
        except _CellError as exc:
            categories.append(None)
            reporters[code] = _mismatch(cols, "currency", exc.message, exc.got)
    if "" in distinct:
        empty = distinct.index("")
        for i in np.flatnonzero(is_money & (codes == empty)).tolist():
            cols.bad(i, "currency", "missing currency; give its ISO 4217 code", got="nothing")
    cols.bad_codes(np.where(is_money, codes, -1), reporters)
    return {"magnitude": mags, "exponent": exponent, "currency": (codes, categories)}


def _joined(numbers: Any, shift_n: int, amounts: Any, shift_a: int, is_money: Any) -> Any:
    """One magnitude column from the numbers' and the amounts', at one exponent."""
    import numpy as np

    from commit_mef.observations import _columns as cols_

    parts = [cols_.rescale(m, shift) for m, shift in ((numbers, shift_n), (amounts, shift_a))]
    if any(isinstance(p, list) or p.dtype.kind == "O" for p in parts):
        out = np.empty(len(is_money), dtype=object)
        out[:] = [
            int(a) if m else int(b)
            for m, a, b in zip(is_money.tolist(), parts[1], parts[0], strict=True)
        ]
        return out
    return np.where(is_money, parts[1], parts[0])


def _currency(raw: str) -> str:
    from commit_mef.money import currency

    try:
        return currency(raw).code
    except (CommitMefError, TypeError, ValueError) as exc:
        path = getattr(exc, "path", None)
        message = str(exc).removeprefix(f"{path}: ") if path else str(exc)
        raise _CellError("currency", message, "an ISO 4217 code", repr(raw)) from None


def _each_value(cols: _Columns, kinds: list[str]) -> list[Any]:
    """Each row's value, read from the column its kind names (tables of mixed kinds)."""
    from commit_mef.money import Money

    number, amount, currency = cols.column("number"), cols.column("amount"), cols.column("currency")
    boolean, text = cols.column("boolean"), cols.column("text")
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
            cols.bad(i, exc.column, exc.message, expected=exc.expected, got=exc.got, code=exc.code)
    return values


class _CellError(Exception):
    def __init__(
        self, column: str, message: str, expected: str, got: str, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.column, self.message, self.expected, self.got = column, message, expected, got
        self.code = code


def _needed(cell: str, column: str, what: str) -> Decimal:
    if not cell:
        raise _CellError(column, f"missing {what}; give the value", what, "nothing")
    try:
        return parse_number(cell)
    except ValidationError as exc:
        limit = "limit" if isinstance(exc, BeyondLimitError) else None
        raise _CellError(column, str(exc), "a decimal number", repr(cell), limit) from None


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
    """The ``row`` column: each cell a row number (the Data Package's primary key)."""
    if "row" not in cols.cells or cols.all_digits("row"):
        return
    _codes, distinct = cols.codes("row")
    if all(map(str.isdigit, distinct)):
        return
    cols.encode("row", _row_number)


def _row_number(raw: str) -> int:
    if not raw.isdigit():
        raise ValidationError(f"expected the row's number (1, 2, ...), got {raw!r}")
    return int(raw)


def build(cols: _Columns) -> ObservationTable | None:
    """The table of the columns, or ``None`` when a cell is bad (the problems are in ``cols``)."""
    from commit_mef.io._csv import DIM
    from commit_mef.observations import Basis, ObservationTable
    from commit_mef.observations._observation import to_place

    _rows(cols)
    kind_codes, kind_cats = cols.encode("kind", _word(_KINDS, "\x00"))
    kind_names = [c or "" for c in kind_cats]
    columns: dict[str, Any] = {
        "indicator": cols.encode("indicator", _indicator),
        "country": cols.encode("country", lambda raw: to_place(restored(raw))),
        "period": _periods(cols),
        "unit": cols.encode("unit", _optional_text),
        "basis": cols.encode("basis", lambda raw: Basis(raw or "total")),
    }
    columns.update(_values(cols, kind_codes, kind_names))
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


def _value_at(columns: dict[str, Any], i: int) -> Any:
    """Row ``i``'s value, from the ``value`` list or the magnitudes."""
    from commit_mef.money import Money

    if "value" in columns:
        return columns["value"][i]
    amount = Decimal(int(columns["magnitude"][i])).scaleb(columns["exponent"])
    codes, categories = columns["currency"]
    code = categories[int(codes[i])]
    return amount if code is None else Money(amount, code)


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
                value=_value_at(columns, i),
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
