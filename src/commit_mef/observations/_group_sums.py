"""Group counts and exact sums in one pass over the rows: the engine's group-by on numpy.

:func:`group_sums` combines code columns into one integer key per row, as
:func:`~commit_mef.observations._columns.group_codes` does, and when the key's range is
small (at most four slots per row) it counts and sums straight into the key's slots
(``np.bincount`` and ``np.add.at``): no dense group numbers and no first-row scatter.
Each group's codes are read back from its slot number (the key is a mixed-radix
number), so no row is looked at again.

Sums stay exact.  They are added in int64 when no slot can overflow (the largest
magnitude times the most rows in one slot fits); else the magnitudes are cut into
chunks of ``53 - ceil(log2(r + 1))`` bits (``r`` the most rows in one slot), each
chunk added as float64 weights by ``np.bincount``, which is exact while every partial
sum stays below ``2**53``, and the chunks are put back together in Python integers.
Wider keys, lists and ``object`` magnitudes take the general path (:func:`group_codes`
and :func:`grouped_sums`), which gives the same groups in the same order.
"""

from __future__ import annotations

from typing import Any

from commit_mef.observations import _columns as cols_

__all__ = ["GroupSums", "group_sums"]

#: (codes per key column, one list per column; counts; exact sums; the group of each row or
#: ``None`` when not asked for), groups in the order of their combined codes.
GroupSums = tuple[list[list[int]], list[int], list[int], Any]


def group_sums(
    columns: list[tuple[Any, int]], n: int, mags: Any, *, rows: bool = False, consume: bool = False
) -> GroupSums:
    """The distinct combinations of ``columns`` with their row counts and exact sums of ``mags``.

    Args:
        columns: ``(codes, cardinality)`` pairs, one per key column.
        n: The number of rows.
        mags: The magnitudes to sum (int64, ``object`` or a list).
        rows: Also give each row's group number (for per-group lists such as ids).
        consume: The first column is a key the caller is done with (an int64 array):
            the key is built in its place.

    Returns:
        Per group, in the order of the combined codes (the order :func:`group_codes`
        numbers them): each key column's code, the number of rows and the exact sum.

    Examples:
        >>> import numpy as np
        >>> codes, counts, sums, _ = group_sums(
        ...     [(np.array([1, 0, 1]), 2), (np.array([0, 0, 0]), 1)], 3, np.array([5, 7, 2**62])
        ... )
        >>> codes, counts, sums == [7, 5 + 2**62]
        ([[0, 1], [0, 0]], [1, 2], True)
    """
    if not n:
        return [[] for _ in columns], [], [], ([] if rows else None)
    plain = not cols_.is_python(mags) and mags.dtype != object
    if plain and not any(cols_.is_python(c) for c, _card in columns):
        import numpy as np

        fixed = [_constant(c) if card > 1 else 0 for c, card in columns]
        wide = [(c, card) for (c, card), f in zip(columns, fixed, strict=True) if f is None]
        radix = 1
        for _c, card in wide:
            radix *= card
        if radix <= max(4 * n, 1024):
            key, radix = cols_.mixed_key(wide, n, consume=consume and fixed[0] is None)
            counts = np.bincount(key, minlength=radix)
            slots = np.flatnonzero(counts)
            sums = _exact_sums(key, radix, slots, mags, int(counts.max()))
            decoded = _digits(slots, columns, fixed)
            groups = None
            if rows:
                rank = np.zeros(radix, dtype=np.int64)
                rank[slots] = np.arange(len(slots), dtype=np.int64)
                groups = rank[key]
            return (
                decoded,
                counts[slots].tolist(),
                sums,
                groups,
            )
    groups, first, k = cols_.group_codes(columns, n)
    codes = [cols_.tolist(cols_.take(c, first)) if k else [] for c, _card in columns]
    return (
        [[int(c) for c in col] for col in codes],
        cols_.bincount(groups, k),
        cols_.grouped_sums(groups, k, mags),
        groups if rows else None,
    )


def _constant(codes: Any) -> int | None:
    """The code of a column holding one code in every row (a cheap test on small codes), or None."""
    if not len(codes) or codes.dtype.itemsize > 2:
        return None
    first = int(codes[0])
    if codes.strides == (0,) or not (codes != first).any():
        return first
    return None


def _digits(slots: Any, columns: list[tuple[Any, int]], fixed: list[int | None]) -> list[list[int]]:
    """Each column's code in each slot of the mixed-radix key (a constant column its one code)."""
    out: list[list[int]] = []
    rest = slots
    for (_codes, card), code in zip(reversed(columns), reversed(fixed), strict=True):
        if code is None:
            out.append((rest % card).tolist())
            rest = rest // card
        else:
            out.append([code] * len(slots))
    out.reverse()
    return out


def _exact_sums(key: Any, radix: int, slots: Any, mags: Any, most: int) -> list[int]:
    """The exact integer sum in each of ``slots``: in int64 where none can overflow, else in chunks.

    ``most`` is the largest number of rows in one slot: a slot's sum of ``most`` chunk
    values below ``2**bits`` stays below ``2**53``, so float64 adds them exactly.
    """
    import numpy as np

    biggest = max(int(mags.max()), -int(mags.min()))  # |m| at most, without a temporary
    if biggest * most <= cols_.INT64_MAX:  # no slot's sum can overflow: add in int64
        out = np.zeros(radix, dtype=np.int64)
        np.add.at(out, key, mags)
        return [int(v) for v in out[slots].tolist()]
    bits = max(53 - most.bit_length(), 1)
    chunks = max(-(-(biggest.bit_length() + 1) // bits), 1)
    total = [0] * len(slots)
    rest = mags
    mask = np.int64((1 << bits) - 1)
    for i in range(chunks):
        last = i == chunks - 1
        part = rest if last else rest & mask  # the last chunk keeps the sign
        summed = np.bincount(key, weights=part.astype(np.float64), minlength=radix)[slots]
        shift = bits * i
        total = [t + (int(v) << shift) for t, v in zip(total, summed.tolist(), strict=True)]
        if not last:
            rest = rest >> np.int64(bits)
    return total
