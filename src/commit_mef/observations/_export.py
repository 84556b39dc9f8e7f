"""Exporting an observation table from its columns: each category converted once, no row built.

:meth:`ObservationTable.to_columns` and the pandas and Arrow exports read the
dictionary-encoded storage directly: a key column's categories are turned into
their exported form once each and gathered by the codes; the exact amounts are
made from the scaled integers in one pass.  No :class:`Observation` is built.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.observations import _columns as cols_
from commit_mef.observations._encoding import BOOL, DEFAULTS, DIM, KINDS, MONEY, NUMBER, TEXT

if TYPE_CHECKING:
    from commit_mef.observations._table import ObservationTable

__all__ = ["amounts", "category_text", "to_columns"]


def _place(place: Any) -> str:
    return str(getattr(place, "code", None) or place.alpha_3)


def _optional(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda v: None if v is None else fn(v)


#: How each exported column is made from its category (``None`` stays ``None``).
_CONVERT: dict[str, Callable[[Any], Any]] = {
    "country": _place,
    "basis": lambda b: b.value,
    "bound": _optional(lambda b: b.value),
    "source": _optional(str),
    "flags": lambda flags: ";".join(f.code for f in flags),
}


def category_text(name: str) -> Callable[[Any], Any]:
    """How the categories of column ``name`` are exported (the identity for plain texts)."""
    return _CONVERT.get(name, lambda v: v)


def _gather(table: ObservationTable, name: str, convert: Callable[[Any], Any]) -> list[Any]:
    """Column ``name`` with each category converted once, one item a row."""
    col = table._cols.get(name)
    if col is None:
        return [convert(DEFAULTS.get(name))] * table._n
    codes, cats = col
    out = [convert(c) for c in cats]
    if cols_.is_python(codes):
        return [out[c] for c in codes]
    import numpy as np

    if not len(cats):
        return []
    lookup = np.empty(len(out), dtype=object)
    lookup[:] = out
    gathered: list[Any] = lookup[codes].tolist()
    return gathered


def _where(table: ObservationTable, keep: Callable[[int], bool]) -> Any:
    """Per row, whether its value kind passes ``keep``."""
    codes = table._cols["kind"][0]
    wanted = [keep(k) for k in range(len(KINDS))]
    if cols_.is_python(codes):
        return [wanted[k] for k in codes]
    import numpy as np

    return np.asarray(wanted, dtype=bool)[np.asarray(codes, dtype=np.intp)]


def amounts(table: ObservationTable, present: Any) -> list[Decimal | None]:
    """The exact Decimal of each row where ``present``, else ``None`` (trailing zeros dropped).

    A value comes back as :func:`~commit_mef.observations._columns.unscale` gives it
    (``Decimal('1.5')`` for ``150 * 10**-2``), the form a row read one at a time has.
    """
    exponent = table._exponent
    mags = table._mags
    if cols_.is_python(mags) or mags.dtype == object:
        flags = present if isinstance(present, list) else present.tolist()
        return [
            cols_.unscale(int(m), exponent) if keep else None
            for m, keep in zip(cols_.tolist(mags), flags, strict=True)
        ]
    import numpy as np

    digits = mags.copy()
    exps = np.full(len(mags), exponent, dtype=np.int64)
    exps[digits == 0] = 0
    for _ in range(max(0, -exponent)):  # drop trailing zeros after the point, as unscale does
        drop = (exps < 0) & (digits % 10 == 0) & (digits != 0)
        if not drop.any():
            break
        digits[drop] //= 10
        exps[drop] += 1
    out: list[Decimal | None] = [None] * len(mags)
    rows = np.flatnonzero(present)
    # an int64 has at most 19 digits: scaleb is exact within the default 28-digit context
    for row, m, e in zip(rows.tolist(), digits[rows].tolist(), exps[rows].tolist(), strict=True):
        out[row] = Decimal(m).scaleb(e) if e else Decimal(m)
    return out


def to_columns(table: ObservationTable) -> dict[str, list[Any]]:
    """:meth:`ObservationTable.to_columns`: the table as plain Python lists, one per column."""
    kinds = [int(k) for k in cols_.tolist(table._cols["kind"][0])]
    out: dict[str, list[Any]] = {
        "id": _gather(table, "id", category_text("id")),
        "indicator": _gather(table, "indicator", category_text("indicator")),
        "country": _gather(table, "country", _place),
        "period_start": _gather(table, "period", lambda p: None if p is None else p.start),
        "period_end": _gather(table, "period", lambda p: None if p is None else p.end),
        "kind": [KINDS[k] for k in kinds],
        "amount": amounts(table, _where(table, lambda k: k in (NUMBER, MONEY))),
    }
    currencies = _gather(table, "currency", category_text("currency"))
    out["currency"] = [c if k == MONEY else None for c, k in zip(currencies, kinds, strict=True)]
    magnitudes = cols_.tolist(table._mags)
    out["flag"] = [(m != 0) if k == BOOL else None for m, k in zip(magnitudes, kinds, strict=True)]
    texts = _gather(table, "text", category_text("text"))
    out["text"] = [t if k == TEXT else None for t, k in zip(texts, kinds, strict=True)]
    for name in ("unit", "basis", "subset_of", "same_as", "recipient", "as_written"):
        out[name] = _gather(table, name, category_text(name))
    out["approximate"] = _gather(table, "approximate", bool)
    for name in ("bound", "source", "flags"):
        out[name] = _gather(table, name, category_text(name))
    for dim in table.dimensions:
        out[f"dim.{dim}"] = _gather(table, DIM + dim, lambda v: v)
    return out
