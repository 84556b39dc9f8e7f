"""Bulk conversion over dictionary-encoded columns, for :mod:`commit_mef.money`.

Rows are grouped by (currency, period) as integer codes, so that each distinct pair costs
one exact conversion factor (:meth:`RateTable._factor`, the very factor
:meth:`RateTable.convert` multiplies by) and the per-row work is one C-level pass of
:class:`~decimal.Decimal` multiplications over a factor column.  numpy is imported inside
the functions, and only for columns of :data:`SMALL_ROWS` rows or more.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.errors import ValidationError

if TYPE_CHECKING:
    from commit_mef.money import RateTable

__all__ = ["SMALL_ROWS", "convert_coded", "encode"]

#: Columns shorter than this are converted with Python lists (no numpy import).
SMALL_ROWS = 5000


class _Codes(dict[Any, int]):
    """Value -> code, a new code for each value on first sight."""

    def __missing__(self, key: Any) -> int:
        code = self[key] = len(self)
        return code


def encode(values: Sequence[Any], *, by_identity: bool = False) -> tuple[list[int], list[Any]]:
    """Dictionary-encode a column: ``(codes, categories)``, categories in order of first use.

    With ``by_identity``, values are told apart by identity (``id()``), which is cheap to
    hash; equal objects then may get two codes, which costs one more factor, nothing else.
    The caller keeps ``values`` alive, so no id is reused meanwhile.
    """
    codes = _Codes()
    if by_identity:
        column = list(map(codes.__getitem__, map(id, values)))
        # codes are numbered in order of first use, so each first use lies after the last
        categories, start = [], 0
        for code in range(len(codes)):
            start = column.index(code, start)
            categories.append(values[start])
        return column, categories
    column = list(map(codes.__getitem__, values))
    return column, list(codes)


def _check_codes(codes: Any, size: int, n: int, field: str, *, numpy: bool) -> Any:
    """The codes as an integer array (or list), each checked to be below ``size``."""
    where = f"RateTable.convert_encoded.{field}"
    if numpy or hasattr(codes, "dtype"):  # a numpy array (or anything like one)
        import numpy as np

        array = np.asarray(codes)
        if array.ndim != 1 or (array.size and array.dtype.kind not in "iu"):
            raise ValidationError(
                f"codes must be a one-dimensional integer array, got {array.dtype} with shape "
                f"{array.shape}; pass (codes, categories) as ObservationTable.key_column() gives",
                path=where,
            )
        column: Any = array.astype(np.intp, copy=False)
        low, high = (int(column.min()), int(column.max())) if len(column) else (0, -1)
        if not numpy:
            column = column.tolist()
    else:
        column = list(codes)
        if not all(type(c) is int for c in column):
            raise ValidationError(
                "codes must be integers; pass (codes, categories) as "
                "ObservationTable.key_column() gives",
                path=where,
            )
        low, high = (min(column), max(column)) if column else (0, -1)
    if len(column) != n:
        raise ValidationError(
            f"the columns differ in length: {n} amounts, {len(column)} {field} codes; "
            "pass one code per amount",
            path=where,
        )
    if low < 0 or high >= size:
        bad = low if low < 0 else high
        raise ValidationError(
            f"code {bad} is outside the {size} categories; each code must index the categories",
            path=where,
        )
    return column


def convert_coded(
    table: RateTable,
    amounts: Sequence[Decimal | int],
    *,
    currencies: tuple[Any, Sequence[Any]],
    periods: tuple[Any, Sequence[Any]],
    target: str,
    allow_not_meaningful: bool,
) -> list[Decimal]:
    """Convert ``amounts`` whose currencies and periods are given as ``(codes, categories)``."""
    from commit_mef.money import _money_amount, _to_currency, _to_period

    n = len(amounts)
    cur_codes, cur_cats = currencies
    per_codes, per_cats = periods
    numpy = n >= SMALL_ROWS
    cc = _check_codes(cur_codes, len(cur_cats), n, "currencies", numpy=numpy)
    pc = _check_codes(per_codes, len(per_cats), n, "periods", numpy=numpy)
    width = len(per_cats)
    if numpy:
        import numpy as np

        keys: Any = cc * width + pc
        used = np.flatnonzero(np.bincount(keys, minlength=len(cur_cats) * width)).tolist()
    else:
        keys = [c * width + p for c, p in zip(cc, pc, strict=True)]
        used = sorted(set(keys))
    factors: dict[int, Decimal] = {}
    unchanged: list[int] = []  # keys already in the target currency: kept as given
    for key in used:
        c, p = divmod(key, width)
        code = _category(cur_cats[c], _to_currency, "currencies", c).code
        period = _category(per_cats[p], _to_period, "periods", p)
        if code == target:
            unchanged.append(key)
        factors[key] = table._factor(code, target, period, allow_not_meaningful)
    if numpy:
        column = np.empty(len(cur_cats) * width, dtype=object)
        column[used] = [factors[k] for k in used]
        out = list(map(operator.mul, amounts, column[keys]))
        rows = np.flatnonzero(np.isin(keys, unchanged)).tolist() if unchanged else []
    else:
        out = list(map(operator.mul, amounts, map(factors.__getitem__, keys)))
        same = set(unchanged)
        rows = [i for i, k in enumerate(keys) if k in same] if same else []
    for i in rows:
        out[i] = _money_amount(amounts[i])
    return out


def _category(value: Any, read: Any, field: str, index: int) -> Any:
    if value is None:
        raise ValidationError(
            f"category {index} is None and some row uses it; convert only the rows that "
            "have a currency and a period (filter the others out first)",
            path=f"RateTable.convert_encoded.{field}",
        )
    return read(value)
