"""Bulk conversion over dictionary-encoded columns, for :mod:`commit_mef.money`.

Rows are grouped by (currency, period) as integer codes, so that each distinct pair costs
one exact conversion factor (:meth:`RateTable._factor`, the very factor
:meth:`RateTable.convert` multiplies by) and the per-row work is one C-level pass of
:class:`~decimal.Decimal` multiplications over a factor column.  numpy is imported inside
the functions, and only for columns of :data:`SMALL_ROWS` rows or more.

:func:`convert_fixed_coded` is the exact fixed-point path: integer magnitudes in, each
row's exact value rounded once (half-even) to a chosen number of places, integers out.
Most rows are decided in float64 with a proven error bound, the few the bound cannot
decide with Python integers; see the comments there.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from commit_mef.errors import ValidationError

if TYPE_CHECKING:
    from commit_mef.money import RateTable
    from commit_mef.periods import Period

__all__ = ["SMALL_ROWS", "convert_coded", "convert_fixed_coded", "encode", "exact_factor"]

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


def _check_codes(
    codes: Any, size: int, n: int, field: str, *, numpy: bool, method: str = "convert_encoded"
) -> Any:
    """The codes as an integer array (or list), each checked to be below ``size``."""
    where = f"RateTable.{method}.{field}"
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


def _category(
    value: Any, read: Any, field: str, index: int, method: str = "convert_encoded"
) -> Any:
    if value is None:
        raise ValidationError(
            f"category {index} is None and some row uses it; convert only the rows that "
            "have a currency and a period (filter the others out first)",
            path=f"RateTable.{method}.{field}",
        )
    return read(value)


# -- exact fixed point ---------------------------------------------------------------------


def exact_factor(
    table: RateTable, code: str, target: str, period: Period, allow_not_meaningful: bool
) -> Fraction:
    """``rate(target) / rate(code)`` as an exact fraction: one unit of ``code`` in ``target``.

    :meth:`RateTable._factor` is the same quotient rounded to the context's 28 digits (and a
    day-weighted mean is rounded too); here nothing is rounded.  The rates, the checks
    (missing, not meaningful) and the errors are those of :meth:`RateTable._weighted`.
    """
    if code == target:
        return Fraction(1)
    return _exact_rate(table, target, period, allow_not_meaningful) / _exact_rate(
        table, code, period, allow_not_meaningful
    )


def _exact_rate(table: RateTable, code: str, period: Period, allow: bool) -> Fraction:
    value, weights = table._weighted(code, period, allow)
    if len(weights) <= 1:  # US$ without rates (1), or one rate: its value as given
        return Fraction(value)
    total = Fraction(0)
    for rate, _ in weights:
        piece = rate.period.intersection(period)
        assert piece is not None  # noqa: S101 - _weighted used only rates that overlap
        total += Fraction(rate.per_usd) * piece.days
    return total / period.days


def _magnitudes(magnitudes: Any) -> Any:
    """The magnitudes as an ``int64`` array, or an ``object`` array of Python ints."""
    import numpy as np

    where = "RateTable.convert_fixed.magnitudes"
    array = np.asarray(magnitudes)
    if array.ndim != 1:
        raise ValidationError(
            f"must be one-dimensional, got shape {array.shape}; pass one integer per row, "
            "as ObservationTable.columns()['magnitude'] gives",
            path=where,
        )
    if array.dtype.kind in "iu" and np.can_cast(array.dtype, np.int64):
        return array.astype(np.int64, copy=False)
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    values = array.tolist()
    if array.dtype.kind not in "iuO" or not all(type(v) is int for v in values):
        raise ValidationError(
            f"must be integers (scaled magnitudes), got {array.dtype}; pass the integers "
            "m of m * 10**exponent, as ObservationTable.columns()['magnitude'] gives",
            path=where,
        )
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _half_even(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` (``denominator > 0``) rounded half to even, exactly."""
    q, r = divmod(numerator, denominator)  # q = floor, 0 <= r < denominator
    twice = 2 * r
    if twice > denominator or (twice == denominator and q & 1):
        q += 1
    return q


# Float groups whose scaled factor lies outside [2**-400, 2**400] go to the exact path, so
# that no product below over- or underflows.
_FLOAT_SAFE = (2.0**-400, 2.0**400)
_SPLIT = 134217729.0  # 2**27 + 1: Veltkamp's splitter for float64


def convert_fixed_coded(
    table: RateTable,
    magnitudes: Any,
    exponent: int,
    *,
    currencies: tuple[Any, Sequence[Any]],
    periods: tuple[Any, Sequence[Any]],
    target: str,
    places: int,
    allow_not_meaningful: bool,
) -> tuple[Any, int]:
    """Each row's ``m * 10**exponent * factor`` rounded once, half-even, to ``places``.

    Returns ``(integers, -places)``.  With ``G = factor * 10**(places + exponent)`` (an
    exact fraction per (currency, period) group), row ``i`` is ``round_half_even(m[i] * G)``.
    """
    import numpy as np

    from commit_mef.money import _to_currency, _to_period

    for name, value in (("exponent", exponent), ("places", places)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ValidationError(
                f"must be an int, got {type(value).__name__} {value!r}; pass a power of ten "
                "such as -2",
                path=f"RateTable.convert_fixed.{name}",
            )
    mags = _magnitudes(magnitudes)
    n = len(mags)
    cur_codes, cur_cats = currencies
    per_codes, per_cats = periods
    cc = _check_codes(cur_codes, len(cur_cats), n, "currencies", numpy=True, method="convert_fixed")
    pc = _check_codes(per_codes, len(per_cats), n, "periods", numpy=True, method="convert_fixed")
    width = len(per_cats)
    keys = cc * width + pc
    size = len(cur_cats) * width
    used = np.flatnonzero(np.bincount(keys, minlength=size)).tolist() if n else []
    groups = _Groups(size)
    shift = Fraction(10) ** (int(places) + int(exponent))
    for key in used:
        c, p = divmod(key, width)
        code = _category(cur_cats[c], _to_currency, "currencies", c, "convert_fixed").code
        over = _category(per_cats[p], _to_period, "periods", p, "convert_fixed")
        groups.add(key, exact_factor(table, code, target, over, allow_not_meaningful) * shift)

    if mags.dtype == object:
        small = np.fromiter((-(2**53) < v < 2**53 for v in mags.tolist()), dtype=bool, count=n)
        m64 = np.where(small, mags, 0).astype(np.int64)
    else:
        m64 = mags
        small = None
        if n and not -(2**53) < int(m64.min()) <= int(m64.max()) < 2**53:
            small = (m64 > -(2**53)) & (m64 < 2**53)
    todo = None  # rows only the exact path can take: |m| >= 2**53, or a group not floatable
    if small is not None or not groups.floatable[used].all():
        todo = ~groups.floatable[keys]
        if small is not None:
            todo |= ~small
    a = m64.astype(np.float64)
    out, doubt = _stage_float(a, groups.hi[keys])
    if todo is not None:
        doubt &= ~todo
    undecided = _stage_double(a, keys, groups, np.flatnonzero(doubt), out)
    if len(undecided):
        if todo is None:
            todo = np.zeros(n, dtype=bool)
        todo[undecided] = True
    if todo is not None:
        out = _stage_exact(mags, keys, groups.exact, np.flatnonzero(todo).tolist(), out)
    return out, -int(places)


class _Groups:
    """Per (currency, period) group: the exact scaled factor ``G = N / D`` and ``hi + lo``."""

    def __init__(self, size: int) -> None:
        import numpy as np

        self.exact: dict[int, tuple[int, int]] = {}
        self.hi = np.zeros(size)
        self.lo = np.zeros(size)
        self.floatable = np.zeros(size, dtype=bool)

    def add(self, key: int, scaled: Fraction) -> None:
        """Group ``key``'s exact scaled factor ``G``, and its float pair if it is safe."""
        self.exact[key] = (scaled.numerator, scaled.denominator)
        hi = float(scaled)  # correctly rounded: |G - hi| <= |G| * 2**-53
        if _FLOAT_SAFE[0] <= hi <= _FLOAT_SAFE[1]:
            self.hi[key] = hi
            self.lo[key] = float(scaled - Fraction(hi))  # |G - hi - lo| <= |G| * 2**-106
            self.floatable[key] = True


def _stage_float(a: Any, q: Any) -> tuple[Any, Any]:
    """Stage 1, every row (``q``: each row's ``hi``, overwritten): results, rows in doubt."""
    import numpy as np

    # For |m| < 2**53, a = float(m) is exact, and
    # q = fl(a * hi) = m*G * (1 + d1) * (1 + d2) with |d1|, |d2| <= 2**-53 (no under- or
    # overflow: hi is within _FLOAT_SAFE), so |q - m*G| <= |q| * 2**-51, call it b.
    # Half-even rounding of x = m*G changes value only at half-integers.  Let near =
    # rint(q) and d = |q - near| <= 1/2, q's distance to the nearest integer (q - near is
    # exact: an integer and a float within 1/2 of it, Sterbenz; and 2b = |q| * 2**-50 is
    # exact, a power-of-two scaling).  If d + 2b < 1/2 (twice the bound: the margin; the
    # float sum rounds monotonically, and 1/2 is a float, so fl(d + 2b) < 1/2 implies it),
    # then x lies within b < 1/4 of q and both lie strictly inside the same interval
    # (near - 1/2, near + 1/2): round_half_even(x) = near.  Exact ties x = k + 1/2 have
    # d >= 1/2 - b and fail the test, as do all rows with |q| >= 2**49 (2b >= 1/2; beyond
    # 2**52 q is an integer, d = 0, and 2b >= 4).  Rows failing it go to stage 2.
    q *= a
    near = np.rint(q)  # numpy's rint rounds half to even
    with np.errstate(invalid="ignore"):  # huge values are cast in vain; stage 2 redoes them
        out = near.astype(np.int64)
    dist = q - near
    np.abs(dist, out=dist)
    np.abs(q, out=q)
    q *= 2.0**-50
    dist += q
    doubt = dist >= 0.5
    return out, doubt


def _stage_double(a: Any, keys: Any, groups: _Groups, rows: Any, out: Any) -> Any:
    """Stage 2, the doubtful ``rows``: fills ``out`` where it can, returns the others."""
    import numpy as np

    # Double-double arithmetic.  Dekker's TwoProduct (Veltkamp splits)
    # gives p + e = a * hi exactly (|a| < 2**53 and hi within _FLOAT_SAFE: no over- or
    # underflow).  With t = fl(e + fl(a * lo)), x - (p + t) = a*(G - hi - lo)
    # + (a*lo - fl(a*lo)) + (rounding of the sum), each below |x| * 2**-103, so
    # |x - (p + t)| <= |p| * 2**-100 (|x| <= 2|p|).  For |p| < 2**53: n = rint(p) is an
    # integer with |p - n| <= 1/2, p - n is exact (Sterbenz), |e| <= ulp(p)/2 <= 1/2,
    # and r = fl((p - n) + t) is within 2**-53 of (p - n) + t (|r| <= 1 + tiny).  So
    # |(x - n) - r| <= |p| * 2**-100 + 2**-53 < c := |p| * 2**-99 + 2**-52, and
    # |x - n| < 3/2.  Then: r > 1/2 + c means 1/2 < x - n < 3/2, round(x) = n + 1;
    # r < -1/2 - c means round(x) = n - 1; |r| < 1/2 - c means round(x) = n.  Rows within
    # c of +-1/2 (among them every exact tie), or with |p| >= 2**53, go to stage 3.
    if not len(rows):
        return rows
    k = keys[rows]
    ad = a[rows]
    hi = groups.hi[k]
    p = ad * hi
    split = ad * _SPLIT
    a_hi = split - (split - ad)
    a_lo = ad - a_hi
    split = hi * _SPLIT
    h_hi = split - (split - hi)
    h_lo = hi - h_hi
    e = ((a_hi * h_hi - p) + a_hi * h_lo + a_lo * h_hi) + a_lo * h_lo
    t = e + ad * groups.lo[k]
    near = np.rint(p)
    r = (p - near) + t
    c = np.abs(p) * 2.0**-99 + 2.0**-52
    undecided = (np.abs(np.abs(r) - 0.5) <= c) | (np.abs(p) >= 2.0**53)
    step = (r > 0.5).astype(np.int64) - (r < -0.5)
    decided = ~undecided
    out[rows[decided]] = near[decided].astype(np.int64) + step[decided]
    return rows[undecided]


def _stage_exact(
    mags: Any, keys: Any, exact: dict[int, tuple[int, int]], slow: list[int], out: Any
) -> Any:
    """Stage 3, exact: Python integers, for the rows neither float stage could decide."""
    import numpy as np

    if slow:
        key_list = keys[slow].tolist()
        mag_list = mags[slow].tolist()
        results = [
            _half_even(m * exact[key][0], exact[key][1])
            for m, key in zip(mag_list, key_list, strict=True)
        ]
        if all(-(2**63) <= v < 2**63 for v in results):
            out[slow] = results
        else:
            wide = np.empty(len(out), dtype=object)
            wide[:] = out.tolist()
            for i, v in zip(slow, results, strict=True):
                wide[i] = v
            out = wide
    return out
