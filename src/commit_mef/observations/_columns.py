"""Column helpers for the observation table: dictionary encoding and exact scaled integers.

numpy is imported inside the functions, never at module level, so that
``import commit_mef`` stays cheap; this module itself is only loaded with
:mod:`commit_mef.observations`.

Magnitudes are kept exactly as integers scaled by a power of ten (like Arrow's
``decimal128``): the number ``m * 10**exponent``.  They are ``int64`` while every
value fits, else a numpy ``object`` array of Python ints; sums are taken on
integers only (never on floats) and checked against overflow.

Small tables (fewer than :data:`SMALL_ROWS` rows, built from rows) keep the same
columns as Python lists instead: codes as a ``list[int]``, magnitudes as a
``list[int]`` of Python ints (exact at any size).  That spares a short-lived
process such as ``commit-mef report`` the import of numpy; every helper here
accepts both kinds and gives the same results, and the table's public accessors
hand out numpy arrays either way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy.typing as npt

    Array = npt.NDArray[Any]

INT64_MAX = 2**63 - 1

#: Tables built from fewer rows than this keep their columns in Python lists (no numpy).
SMALL_ROWS = 5000


def is_python(column: object) -> bool:
    """Whether a column is kept as a Python list (the small-table backend)."""
    return isinstance(column, list)


def tolist(column: Any) -> list[Any]:
    """The column's items as a new Python list."""
    return list(column) if isinstance(column, list) else column.tolist()


def take(column: Any, index: Any) -> Any:
    """``column[index]`` for a sequence of row indices, in the column's own backend."""
    if isinstance(column, list):
        return [column[i] for i in tolist(index)]
    if isinstance(index, list):
        import numpy as np

        return column[np.asarray(index, dtype=np.int64)]
    return column[index]


def fill(code: int, n: int, *, like: Any) -> Any:
    """A column of ``n`` rows all holding ``code``, in the backend and type of ``like``."""
    if isinstance(like, list):
        return [code] * n
    import numpy as np

    return np.full(n, code, dtype=like.dtype)


def zeros(n: int, *, python: bool) -> Any:
    """A column of ``n`` zero codes."""
    if python:
        return [0] * n
    import numpy as np

    return np.zeros(n, dtype=np.uint8)


def bincount(codes: Any, minlength: int) -> list[int]:
    """How many rows use each code ``0..minlength-1`` (codes are below ``minlength``)."""
    if isinstance(codes, list):
        counts = [0] * minlength
        for c in codes:
            counts[c] += 1
        return counts
    import numpy as np

    if len(codes) and not (codes != codes[0]).any():  # one code in every row: common, and cheap
        counts = [0] * max(minlength, int(codes[0]) + 1)
        counts[int(codes[0])] = len(codes)
        return counts
    return np.bincount(codes, minlength=minlength).tolist()  # type: ignore[no-any-return]


def nonzero(codes: Any) -> list[int]:
    """The rows whose code is not 0."""
    if isinstance(codes, list):
        return [i for i, c in enumerate(codes) if c]
    import numpy as np

    rows: list[int] = np.flatnonzero(codes).tolist()
    return rows


def numpy_codes(codes: Any, n_categories: int) -> Any:
    """A code column as the read-only numpy array the numpy backend would hold."""
    if not isinstance(codes, list):
        return codes
    import numpy as np

    out = np.asarray(codes, dtype=code_dtype(n_categories)).reshape(-1)
    out.flags.writeable = False
    return out


def numpy_magnitudes(mags: Any) -> Any:
    """A magnitude column as the read-only numpy array the numpy backend would hold."""
    if not isinstance(mags, list):
        return mags
    out = magnitude_array(mags)
    out.flags.writeable = False
    return out


def code_dtype(n: int) -> Any:
    """The smallest unsigned integer dtype that holds codes ``0..n-1``."""
    import numpy as np

    if n <= 2**8:
        return np.uint8
    if n <= 2**16:
        return np.uint16
    if n <= 2**32:
        return np.uint32
    return np.uint64


def encode(
    values: Sequence[Any] | Array,
    convert: Callable[[Any], Hashable] | None = None,
    *,
    python: bool = False,
) -> tuple[Any, tuple[Any, ...]]:
    """Dictionary-encode a column: ``(codes, categories)`` with ``categories[codes[i]] == values[i]``.

    Each distinct raw value is converted once by ``convert``; raw values that
    convert to the same category share its code.  Categories keep their order
    of first appearance.  With ``python`` (a sequence only) the codes are a list.
    """
    if python:
        found: dict[Any, int] = {value: i for i, value in enumerate(dict.fromkeys(values))}
        return canonical(list(map(found.__getitem__, values)), list(found), convert)
    import numpy as np

    if isinstance(values, np.ndarray):
        if values.dtype.kind in "iub" and values.size:
            return canonical(*_encode_integers(values.reshape(-1)), convert)
        if values.dtype.kind in "US" and values.size:
            uniq, inverse = np.unique(values, return_inverse=True)
            codes = inverse.astype(code_dtype(len(uniq)), copy=False).reshape(-1)
            return canonical(codes, uniq.tolist(), convert)
        values = values.tolist()
    index: dict[Any, int] = {value: i for i, value in enumerate(dict.fromkeys(values))}
    dtype = code_dtype(len(index))
    codes = np.fromiter(map(index.__getitem__, values), dtype=dtype, count=len(values))
    return canonical(codes, list(index), convert)


def _encode_integers(values: Any) -> tuple[Any, list[Any]]:
    """Codes of an integer array, its distinct values ascending: linear when their range is small."""
    import numpy as np

    low, high = int(values.min()), int(values.max())
    if high - low > max(4 * values.size, 1024):  # wide-ranging: sort instead
        uniq, inverse = np.unique(values, return_inverse=True)
        return inverse.astype(code_dtype(len(uniq)), copy=False).reshape(-1), uniq.tolist()
    span = high - low + 1
    # each value's offset from the smallest, in the narrowest code type (no overflow: the
    # subtraction stays within the column's own range)
    offset = (values - values.dtype.type(low)).astype(code_dtype(span), copy=False)
    present = counts(offset, span) > 0
    (found,) = np.nonzero(present)
    if len(found) == span:  # every value of the range is used: the offsets are the codes
        return offset, (found + low).tolist()
    rank = (np.cumsum(present, dtype=np.int64) - 1).astype(code_dtype(len(found)))
    return rank[offset], (found + low).tolist()


def counts(codes: Any, minlength: int) -> Any:
    """``np.bincount`` of small codes, a block at a time (each block's widening stays in cache)."""
    import numpy as np

    if len(codes) <= 1 << 16 or codes.dtype.itemsize >= 8:
        return np.bincount(codes, minlength=minlength)
    total = np.zeros(minlength, dtype=np.int64)
    for start in range(0, len(codes), 1 << 16):
        block = np.bincount(codes[start : start + (1 << 16)], minlength=minlength)
        if len(block) > minlength:  # a code past minlength: counted as np.bincount would
            total = np.concatenate([total, np.zeros(len(block) - minlength, np.int64)])
            minlength = len(block)
        total[: len(block)] += block
    return total


def constant_codes(n: int) -> Any:
    """The codes of a column holding one category in every row: one stored byte, read-only."""
    import numpy as np

    return np.broadcast_to(np.zeros(1, dtype=np.uint8), (n,))


def pre_encoded(value: object, *, path: str = "codes") -> tuple[Any, list[Any]] | None:
    """``(codes, raw categories)`` of a column handed over dictionary-encoded, else ``None``.

    Takes a ``(codes, categories)`` pair whose codes are a numpy integer array, a
    pandas ``Categorical`` (or a categorical ``Series``), or an Arrow dictionary
    array (chunked or not); other Arrow arrays are dictionary-encoded by pyarrow.
    Missing values (code -1 in pandas, nulls in Arrow) become the category ``None``.
    No row is touched in Python.

    Raises:
        ValidationError: a code outside the categories.

    Examples:
        >>> import numpy as np
        >>> codes, cats = pre_encoded((np.array([1, 0, 1]), ["KHM", "LAO"]))
        >>> codes.tolist(), cats
        ([1, 0, 1], ['KHM', 'LAO'])
        >>> pre_encoded(["KHM", "LAO"]) is None
        True
    """
    import numpy as np

    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], np.ndarray):
        codes, cats = value
        return _checked_codes(np.asarray(codes), list(cats), path=path)
    module = type(value).__module__
    if module.startswith("pandas"):
        cat = getattr(value, "cat", None)
        source = value if cat is None else cat
        if hasattr(source, "codes") and hasattr(source, "categories"):
            return _checked_codes(
                np.asarray(source.codes), list(source.categories), path=path, nulls=-1
            )
        return None
    if module.startswith("pyarrow"):
        return _arrow_codes(value, path)
    return None


def _arrow_codes(value: Any, path: str) -> tuple[Any, list[Any]] | None:
    import numpy as np

    if hasattr(value, "combine_chunks") and not hasattr(value, "indices"):  # a ChunkedArray
        if not str(value.type).startswith("dictionary"):
            value = value.combine_chunks()
        else:
            value = value.unify_dictionaries().combine_chunks()
    if not hasattr(value, "indices"):
        if not hasattr(value, "dictionary_encode"):
            return None
        value = value.dictionary_encode()
    cats = value.dictionary.to_pylist()
    indices = value.indices
    if indices.null_count:
        codes = np.asarray(indices.fill_null(len(cats)))
        cats.append(None)
    else:
        codes = np.asarray(indices)
    return _checked_codes(codes, cats, path=path)


def _checked_codes(
    codes: Any, cats: list[Any], *, path: str, nulls: int | None = None
) -> tuple[Any, list[Any]]:
    import numpy as np

    from commit_mef.errors import ValidationError

    codes = codes.reshape(-1)
    if codes.dtype.kind not in "iu":
        raise ValidationError(
            f"the codes of a dictionary-encoded column must be integers, got {codes.dtype}",
            path=path,
        )
    if nulls is not None and codes.size and (codes == nulls).any():
        codes = np.where(codes == nulls, len(cats), codes)
        cats = [*cats, None]
    if codes.size and _out_of_range(codes, len(cats)):
        raise ValidationError(
            f"holds codes from {int(codes.min())} to {int(codes.max())} but only {len(cats)} "
            f"categories; each code must index the categories (0 to {len(cats) - 1})",
            path=path,
        )
    # a copy: the table is immutable, whatever the caller does to its array later
    return codes.astype(code_dtype(max(len(cats), 1)), copy=True), cats


def _out_of_range(codes: Any, n: int) -> bool:
    """Whether some code is below 0 or at least ``n``: one pass (negatives read unsigned are huge)."""
    import numpy as np

    if codes.dtype.kind == "i":
        codes = codes.view(np.dtype(f"u{codes.dtype.itemsize}"))
    return int(codes.max()) >= n


def canonical(
    codes: Any, raw: list[Any], convert: Callable[[Any], Hashable] | None
) -> tuple[Any, tuple[Any, ...]]:
    """Codes into converted categories: each raw category converted once, equal results merged."""
    if convert is None:
        return codes, tuple(raw)
    converted = [convert(value) for value in raw]
    index: dict[Any, int] = {}
    remap = [index.setdefault(value, len(index)) for value in converted]
    if len(index) == len(raw):
        return codes, tuple(converted)
    if isinstance(codes, list):
        return [remap[c] for c in codes], tuple(index)
    import numpy as np

    table = np.asarray(remap, dtype=code_dtype(len(index)))
    return table[codes], tuple(index)


def remap(codes: Any, new_codes: Sequence[int], n_categories: int) -> tuple[Any, int]:
    """Codes translated through ``new_codes`` (old code -> new code), in the column's backend."""
    if isinstance(codes, list):
        return [new_codes[c] for c in codes], n_categories
    import numpy as np

    table = np.asarray(new_codes, dtype=code_dtype(max(n_categories, 1)))
    return (table[codes] if len(new_codes) else codes), n_categories


def merge_categories(
    parts: Sequence[tuple[Any, tuple[Any, ...]]],
) -> tuple[Any, tuple[Any, ...]]:
    """Concatenate dictionary-encoded pieces into one column over the union of their categories.

    The result is a list when every piece is one, else a numpy array.
    """
    index: dict[Any, int] = {}
    for _codes, cats in parts:
        for cat in cats:
            index.setdefault(cat, len(index))
    if parts and all(isinstance(codes, list) for codes, _cats in parts):
        merged: list[int] = []
        for codes, cats in parts:
            positions = [index[c] for c in cats]
            merged.extend(positions[c] for c in codes)
        return merged, tuple(index)
    import numpy as np

    dtype = code_dtype(len(index))
    pieces = []
    for codes, cats in parts:
        remap = np.asarray([index[c] for c in cats], dtype=dtype)
        pieces.append(remap[codes] if len(cats) else np.zeros(len(codes), dtype=dtype))
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=dtype), tuple(index)


# -- exact magnitudes ----------------------------------------------------------------------


def decimal_exponent(value: Decimal) -> int:
    """The exponent of a finite Decimal's last digit (``Decimal('12.50')`` -> -2)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - finite by construction
    return exponent


def scale(value: Decimal, exponent: int) -> int:
    """``value`` as an integer count of ``10**exponent`` (exact; the exponent is small enough)."""
    num, den = value.as_integer_ratio()
    if exponent <= 0:
        q, r = divmod(num * 10**-exponent, den)
    else:
        q, r = divmod(num, den * 10**exponent)
    if r:
        raise ArithmeticError(f"{value} is not a multiple of 1E{exponent}")  # pragma: no cover
    return int(q)


def unscale(magnitude: int, exponent: int) -> Decimal:
    """The Decimal ``magnitude * 10**exponent``, with trailing zeros dropped down to exponent 0.

    Exact at any size (built from its digits, never through a rounding context).
    """
    if magnitude == 0:
        return Decimal(0)
    while exponent < 0 and magnitude % 10 == 0:
        magnitude //= 10
        exponent += 1
    sign = 1 if magnitude < 0 else 0
    digits = tuple(int(d) for d in str(abs(magnitude)))
    return Decimal((sign, digits, exponent))


def magnitude_array(ints: Sequence[int], *, python: bool = False) -> Any:
    """An ``int64`` array when every value fits, else an ``object`` array of Python ints.

    With ``python``, a list of the ints.
    """
    if python:
        return list(ints)
    import numpy as np

    if all(-INT64_MAX <= i <= INT64_MAX for i in ints):
        return np.asarray(ints, dtype=np.int64).reshape(-1)
    out = np.empty(len(ints), dtype=object)
    out[:] = list(ints)
    return out


def rescale(mags: Any, by: int) -> Any:
    """Multiply magnitudes by ``10**by`` (``by >= 0``), moving to Python ints on overflow."""
    if by == 0:
        return mags
    factor = 10**by
    if isinstance(mags, list):
        return [m * factor for m in mags]
    import numpy as np

    if mags.dtype != object and mags.size:
        biggest = max(int(mags.max()), -int(mags.min()))  # no temporary
        if biggest * factor <= INT64_MAX:
            return mags * np.int64(factor)
    out = np.empty(len(mags), dtype=object)
    out[:] = [int(m) * factor for m in mags.tolist()]
    return out


def grouped_sums(keys: Any, n_groups: int, mags: Any) -> list[int]:
    """Exact sums of ``mags`` per group code ``keys`` (``0..n_groups-1``), as Python ints.

    ``int64`` magnitudes are summed with ``np.add.at`` on integers when the sum
    cannot overflow (``max|m| * n <= 2**63 - 1``), else split into 32-bit
    halves that cannot overflow and recombined exactly.  ``object`` arrays are
    summed in Python, as are lists.
    """
    if isinstance(mags, list) or mags.dtype == object:
        sums = [0] * n_groups
        for k, m in zip(tolist(keys), tolist(mags), strict=True):
            sums[k] += m
        return sums
    import numpy as np

    if not mags.size:
        return [0] * n_groups
    biggest = max(int(mags.max()), -int(mags.min()))  # no temporary
    if biggest * len(mags) <= INT64_MAX:
        out = np.zeros(n_groups, dtype=np.int64)
        np.add.at(out, keys, mags)
        return [int(v) for v in out.tolist()]
    low = mags & np.int64(0xFFFFFFFF)  # 0 <= low < 2**32
    high = mags >> np.int64(32)  # |high| < 2**31
    lo_sum = np.zeros(n_groups, dtype=np.int64)
    hi_sum = np.zeros(n_groups, dtype=np.int64)
    if len(mags) >= 2**31:  # pragma: no cover - beyond any table we build
        raise OverflowError("more than 2**31 rows in one sum")
    np.add.at(lo_sum, keys, low)
    np.add.at(hi_sum, keys, high)
    return [
        (int(h) << 32) + int(lo) for h, lo in zip(hi_sum.tolist(), lo_sum.tolist(), strict=True)
    ]


def group_codes(columns: Iterable[tuple[Any, int]], n: int) -> tuple[Any, Any, int]:
    """Combine several code columns into one group code per row.

    Args:
        columns: ``(codes, cardinality)`` pairs.
        n: The number of rows.

    Returns:
        ``(group_of_row, first_row_of_group, number_of_groups)``: group codes are
        dense ``0..k-1``; ``first_row_of_group`` gives one row index per group, from
        which the group's codes can be read back.  Groups are numbered in the
        order of their combined codes, whichever backend; lists when the columns
        are lists.
    """
    cols = list(columns)
    if cols and all(isinstance(codes, list) for codes, _card in cols):
        return _group_codes_python(cols, n)
    import numpy as np

    cols = [(codes, card) for codes, card in cols if card > 1]  # one category adds nothing

    key, radix = mixed_key(cols, n)
    if radix <= max(4 * n, 1024):
        present = np.zeros(radix, dtype=np.int64)
        present[key] = 1
        dense = np.cumsum(present) - 1
        groups = dense[key]
        k = int(present.sum())
        first = np.full(k, -1, dtype=np.int64)
        # the first row of each group: scatter indices in reverse so the smallest wins
        idx = np.arange(n, dtype=np.int64)
        first[groups[::-1]] = idx[::-1]
        return groups, first, k
    groups, first = _dense(key)
    return groups, first, len(first)


def all_distinct(columns: Iterable[tuple[Any, int]], n: int) -> bool:
    """Whether no two rows share their codes in every one of ``columns`` (cheaper than grouping).

    Examples:
        >>> all_distinct([([0, 1, 0], 2), ([0, 0, 1], 2)], 3), all_distinct([([0, 0], 1)], 2)
        (True, False)
    """
    cols = list(columns)
    if cols and all(isinstance(codes, list) for codes, _card in cols):
        return len(set(zip(*(codes for codes, _card in cols), strict=True))) == n
    import numpy as np

    cols = [(codes, card) for codes, card in cols if card > 1]  # one category adds nothing

    key, radix = mixed_key(cols, n)
    if radix <= max(4 * n, 1024):
        # mark each key's slot: the rows are distinct when they mark n slots
        present = np.zeros(radix, dtype=np.bool_)
        present[key] = True
        return int(np.count_nonzero(present)) == n
    return len(np.unique(key)) == n


def mixed_key(cols: list[tuple[Any, int]], n: int, *, consume: bool = False) -> tuple[Any, int]:
    """One int64 key per row from code columns (a mixed-radix number), and its range.

    Keys past ``2**62`` are renumbered densely on the way (they keep their order).
    With ``consume``, a first column that is already a writeable int64 array (a key
    the caller is done with) is updated in place instead of copied.
    """
    import numpy as np

    if not cols:
        return np.zeros(n, dtype=np.int64), 1
    first, radix = cols[0]
    reuse = (
        consume
        and isinstance(first, np.ndarray)
        and first.dtype == np.int64
        and first.flags.writeable
        and first.flags.c_contiguous
    )
    key = first if reuse else np.asarray(first).astype(np.int64)  # updated in place below
    for codes, card in cols[1:]:
        if radix * card >= 2**62:  # pragma: no cover - would need billions of categories
            key, _ = _dense(key)
            radix = int(key.max()) + 1 if n else 1
        key *= card  # in place: one pass per column, no temporaries
        key += codes
        radix *= card
    return key, max(radix, 1)


def _group_codes_python(cols: list[tuple[Any, int]], n: int) -> tuple[Any, Any, int]:
    keys = [0] * n
    for codes, cardinality in cols:
        card = max(cardinality, 1)
        keys = [k * card + c for k, c in zip(keys, codes, strict=True)]
    rank = {key: g for g, key in enumerate(sorted(set(keys)))}
    groups = [rank[key] for key in keys]
    first = [-1] * len(rank)
    for row, g in enumerate(groups):
        if first[g] < 0:
            first[g] = row
    return groups, first, len(rank)


def _dense(key: Array) -> tuple[Array, Array]:
    import numpy as np

    _uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64, copy=False), first.astype(np.int64, copy=False)


def fraction_to_decimal(value: Fraction, *, digits: int = 28) -> Decimal:
    """A Fraction as a Decimal: exact when its decimal expansion ends, else rounded once.

    Non-terminating values are rounded half-even to ``digits`` significant digits.
    """
    import decimal

    num, den = value.numerator, value.denominator
    twos = fives = 0
    d = den
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d == 1:
        k = max(twos, fives)
        return unscale(num * (10**k // den), -k)
    ctx = decimal.Context(prec=digits, rounding=decimal.ROUND_HALF_EVEN)
    return ctx.divide(Decimal(num), Decimal(den))
