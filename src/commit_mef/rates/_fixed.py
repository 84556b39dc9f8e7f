"""The exact fixed-point kernel: columns of scaled integers converted, each row rounded once.

Amounts come as integer magnitudes, currencies and periods as ``(codes, categories)``;
rows are grouped by (currency, period) as integer codes, so that each distinct pair costs
one exact conversion factor (a :class:`~fractions.Fraction`, given by the caller: the rate
table's) and no rule is decided here.  Each row's exact value is rounded once (half-even)
to a chosen number of places, integers out.  Most rows are decided in float64 with a
proven error bound, the few the bound cannot decide with Python integers; see the
comments there.  numpy is imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from commit_mef.errors import ValidationError
from commit_mef.money import currency
from commit_mef.periods import Period

__all__ = ["convert_fixed_coded"]

_WHERE = "RateTable.convert_fixed"


def _check_codes(codes: Any, size: int, n: int, field: str) -> Any:
    """The codes as an integer array, each checked to be below ``size``."""
    import numpy as np

    where = f"{_WHERE}.{field}"
    array = np.asarray(codes)
    if array.ndim != 1 or (array.size and array.dtype.kind not in "iu"):
        raise ValidationError(
            f"codes must be a one-dimensional integer array, got {array.dtype} with shape "
            f"{array.shape}; pass (codes, categories) as ObservationTable.key_column() gives",
            path=where,
        )
    column = array.astype(np.intp, copy=False)
    if len(column) != n:
        raise ValidationError(
            f"the columns differ in length: {n} amounts, {len(column)} {field} codes; "
            "pass one code per amount",
            path=where,
        )
    low, high = (int(column.min()), int(column.max())) if n else (0, -1)
    if low < 0 or high >= size:
        bad = low if low < 0 else high
        raise ValidationError(
            f"code {bad} is outside the {size} categories; each code must index the categories",
            path=where,
        )
    return column


def _category(value: Any, read: Callable[[Any], Any], field: str, index: int) -> Any:
    if value is None:
        raise ValidationError(
            f"category {index} is None and some row uses it; convert only the rows that "
            "have a currency and a period (filter the others out first)",
            path=f"{_WHERE}.{field}",
        )
    return read(value)


def _period(value: Any) -> Period:
    return Period.coerce(value, field="over")


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
    magnitudes: Any,
    exponent: int,
    *,
    currencies: tuple[Any, Sequence[Any]],
    periods: tuple[Any, Sequence[Any]],
    factor: Callable[[str, Period], Fraction],
    places: int,
) -> tuple[Any, int]:
    """Each row's ``m * 10**exponent * factor(currency, period)`` rounded once, half-even.

    Returns ``(integers, -places)``.  With ``G = factor * 10**(places + exponent)`` (an
    exact fraction per (currency, period) group), row ``i`` is ``round_half_even(m[i] * G)``.
    ``factor`` is asked once per group some row uses, and raises what it raises.
    """
    import numpy as np

    for name, value in (("exponent", exponent), ("places", places)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ValidationError(
                f"must be an int, got {type(value).__name__} {value!r}; pass a power of ten "
                "such as -2",
                path=f"{_WHERE}.{name}",
            )
    mags = _magnitudes(magnitudes)
    shift = Fraction(10) ** (int(places) + int(exponent))
    keys, groups, used = _grouped(len(mags), currencies, periods, factor, shift)
    return _round_rows(mags, keys, groups, used), -int(places)


def _grouped(
    n: int,
    currencies: tuple[Any, Sequence[Any]],
    periods: tuple[Any, Sequence[Any]],
    factor: Callable[[str, Period], Fraction],
    shift: Fraction,
) -> tuple[Any, _Groups, list[int]]:
    """Each row's group key, the groups' scaled factors, and the keys some row uses."""
    import numpy as np

    cur_codes, cur_cats = currencies
    per_codes, per_cats = periods
    cc = _check_codes(cur_codes, len(cur_cats), n, "currencies")
    pc = _check_codes(per_codes, len(per_cats), n, "periods")
    width = len(per_cats)
    keys = cc * width + pc
    size = len(cur_cats) * width
    used: list[int] = np.flatnonzero(np.bincount(keys, minlength=size)).tolist() if n else []
    groups = _Groups(size)
    for key in used:
        c, p = divmod(key, width)
        code = _category(cur_cats[c], currency, "currencies", c).code
        over = _category(per_cats[p], _period, "periods", p)
        groups.add(key, factor(code, over) * shift)
    return keys, groups, used


def _round_rows(mags: Any, keys: Any, groups: _Groups, used: list[int]) -> Any:
    """Every row rounded: float64 first, double-double for the doubtful, integers for the rest."""
    import numpy as np

    n = len(mags)
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
    return out


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
