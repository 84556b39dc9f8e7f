"""Before anything is added: the figures checked on entry, and one value per cell."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from commit_mef.aggregation._breakdowns import resolve_breakdowns
from commit_mef.aggregation._naming import fail, name_row, rows_where
from commit_mef.aggregation._naming import used as used_codes
from commit_mef.aggregation._values import sort_key
from commit_mef.indicators import Indicator, MeasureKind, code_problems
from commit_mef.observations import ObservationTable
from commit_mef.observations import _columns as cols_

__all__ = ["QUALITY", "prepare", "quality_codes"]

#: Quality markers carried into result rows, one bit each.
QUALITY: tuple[str, ...] = ("approximate", "lower-bound", "upper-bound", "possible-double-count")
_DOUBLE = frozenset({"possible-double-count"})
_BOUND_BITS = {"lower": 2, "upper": 4}
_DIM = "dim:"


def prepare(
    table: ObservationTable, indicator: Indicator, by: tuple[str, ...], family: str
) -> tuple[ObservationTable, list[str]]:
    """The rows to add, after the entry checks and the one-value-per-cell rules.

    Returns the table to aggregate (linked duplicates dropped, totals used instead
    of their breakdowns) and the assumptions made, in words.

    Raises:
        AggregationError: a figure fails an entry check or a cell holds what
            cannot be one value (named, with the fix).
    """
    notes: list[str] = []
    if not len(table):
        return table, notes
    _check_entry(table, indicator)
    _check_duplicate_ids(table, indicator)
    table = _drop_same_as(table, notes)
    if family == "milestone" or (family == "flow" and indicator.kind is not MeasureKind.MONEY):
        # a budget line given twice and a stock given twice are refused below, by their own rules
        _check_identical(table, indicator)
    _check_subsets(table, indicator)
    table = resolve_breakdowns(table, indicator, by, notes)
    if family == "stock":
        _check_stock_twice(table, indicator)
    elif family == "flow" and indicator.kind is MeasureKind.MONEY:
        _check_budget_lines(table, indicator)
    elif family == "flow":
        _note_flow_overlaps(table, notes)
    return table, notes


# -- entry checks -----------------------------------------------------------------------
def _check_entry(table: ObservationTable, ind: Indicator) -> None:
    cols = table._storage()
    if ind.kind is MeasureKind.COUNT:
        ucodes, ucats = cols["unit"]
        missing = [i for i, u in enumerate(ucats) if u is None]
        rows = rows_where(ucodes, missing) if missing else []
        if rows:
            raise fail(
                ind,
                f"{name_row(table, rows[0])} and {len(rows) - 1} other(s) are counts with no unit; "
                f"give each its unit ({ind.unit or 'person'!r}), so that persons and offices "
                "never add up",
            )
    if ind.kind in (MeasureKind.COUNT, MeasureKind.PERCENTAGE, MeasureKind.ORDINAL):
        _check_numbers(table, ind, cols["magnitude"], cols["exponent"])
    _check_codes(table, ind)


def _first_bad(mags: Any, bad: Any) -> int | None:
    """The first row for which ``bad(magnitudes)`` holds, vectorised when the column allows."""
    if not cols_.is_python(mags) and mags.dtype != object:
        import numpy as np

        hits = np.flatnonzero(bad(mags))
        return int(hits[0]) if hits.size else None
    flags = [bool(bad(m)) for m in cols_.tolist(mags)]
    return flags.index(True) if any(flags) else None


def _check_numbers(table: ObservationTable, ind: Indicator, mags: Any, exponent: int) -> None:
    one = 10 ** (-exponent) if exponent < 0 else 1
    scale = 10**exponent if exponent > 0 else 1
    if ind.kind is MeasureKind.COUNT:
        bad = _first_bad(mags, lambda m: (m < 0) | (m % one != 0))
        if bad is not None:
            raise fail(
                ind,
                f"{name_row(table, bad)} is not a whole number of {ind.unit or 'units'} at or above "
                "0; a count is never negative or fractional: correct the figure, or record a "
                "share under a percentage indicator",
            )
    elif ind.kind is MeasureKind.PERCENTAGE:
        top = 100 * one
        bad = _first_bad(mags, lambda m: (m * scale < 0) | (m * scale > top))
        if bad is not None:
            raise fail(
                ind,
                f"{name_row(table, bad)} is outside 0-100 percent; give percentages as 0 to 100 "
                "(not shares of 1), or record the count under a count indicator",
            )
    elif ind.scale is not None:
        top = (len(ind.scale) - 1) * one
        bad = _first_bad(mags, lambda m: (m % one != 0) | (m * scale < 0) | (m * scale > top))
        if bad is not None:
            levels = ", ".join(f"{n} = {name}" for n, name in enumerate(ind.scale))
            raise fail(
                ind,
                f"{name_row(table, bad)} is off the scale: an ordinal value is the position of a "
                f"level ({levels})",
            )


def _check_codes(table: ObservationTable, ind: Indicator) -> None:
    """Refuse a dimension the indicator does not declare and a code outside its code list."""
    used = {}
    for dim in table.dimensions:
        codes, cats = table._key_column(dim)
        used[dim] = (codes, cats, used_codes(codes, cats))
    problems = code_problems(ind, {dim: coded for dim, (_c, _k, coded) in used.items()})
    if problems:
        first = problems[0]
        codes, cats, coded = used[first.dimension]
        wanted = first.code if first.code is not None else next(c for c in coded if c is not None)
        rows = rows_where(codes, [cats.index(wanted)])
        more = f" ({len(problems) - 1} more like it)" if len(problems) > 1 else ""
        raise fail(ind, f"{name_row(table, rows[0])}: {first.message}{more}")


# -- duplicates and links --------------------------------------------------------------
def _check_duplicate_ids(table: ObservationTable, ind: Indicator) -> None:
    cols = table._storage()
    if "id" not in cols:
        return
    codes, cats = cols["id"]
    counts = cols_.bincount(codes, len(cats))
    twice = [cats[c] for c, n in enumerate(counts) if n > 1 and cats[c] is not None]
    if twice:
        raise fail(
            ind,
            f"{counts[cats.index(twice[0])]} observations share the id {twice[0]!r}; an id "
            "names one figure: give the others their own ids, or drop the repeated rows",
        )


def _drop_same_as(table: ObservationTable, notes: list[str]) -> ObservationTable:
    """Keep one figure of each group of reports linked with ``same_as``.

    Links are followed through the rows present (B same as A, C same as B), so a fact
    reported three times counts once even when the first report is filtered out; the
    figure kept is the one the links lead to, or, where it is absent, the present report
    nearest to it along the links.  A link through a row that is absent cannot be
    followed, so link every report of a fact to the first one.
    """
    drop = same_as_drops(table)
    if not drop:
        return table
    keep = [i for i in range(len(table)) if i not in drop]
    notes.append(same_as_note(len(drop)))
    s_codes = table._storage()["same_as"][0]
    return table._take(cols_.magnitude_array(keep, python=cols_.is_python(s_codes)))


def same_as_note(dropped: int) -> str:
    """The assumption :func:`_drop_same_as` states when it drops ``dropped`` rows."""
    return (
        f"{dropped} figure(s) reported again (linked with same_as to a figure also present) "
        "were counted once"
    )


def same_as_drops(table: ObservationTable) -> set[int]:
    """The rows :func:`_drop_same_as` drops: reports linked to a figure kept in their place.

    Only rows with a link, and rows a link names, take part: the same rows are dropped
    from a table of those rows alone, in the same order (the engines fetch only them).
    """
    cols = table._storage()
    if "same_as" not in cols or "id" not in cols:
        return set()
    s_codes, s_cats = cols["same_as"]
    if not any(c is not None for c in s_cats):
        return set()
    ids = [cols["id"][1][c] for c in cols_.tolist(cols["id"][0])]
    links = [s_cats[c] for c in cols_.tolist(s_codes)]
    target = {i: t for i, t in zip(ids, links, strict=True) if i is not None and t is not None}
    best: dict[str, tuple[int, int]] = {}  # root -> (distance from the root, row)
    for row, ident in enumerate(ids):
        if ident is None:
            continue
        chain = [ident]
        while chain[-1] in target and target[chain[-1]] not in chain:
            chain.append(target[chain[-1]])
        if len(chain) == 1:
            continue  # not linked to anything: a root, seen below if others link to it
        root = min(chain) if chain[-1] in target else chain[-1]  # a circle: one name for it
        candidate = (len(chain) - 1, row)
        best[root] = min(best.get(root, candidate), candidate)
    for row, ident in enumerate(ids):
        if ident is not None and ident in best and target.get(ident) is None:
            best[ident] = (0, row)  # the root itself is present: it stays
    keep_rows = {row for _, row in best.values()}
    return {
        row
        for row, ident in enumerate(ids)
        if ident is not None and ident in target and row not in keep_rows
    }


def _check_identical(table: ObservationTable, ind: Indicator) -> None:
    cols = table._storage()
    n = len(table)
    keys = [(cols[name][0], len(cols[name][1])) for name in cols if _is_codes(name)]
    if cols_.all_distinct(keys, n):
        return
    groups, first, k = cols_.group_codes(keys, n)
    mag_codes, mag_cats = cols_.encode(
        cols["magnitude"] if not cols_.is_python(groups) else list(cols["magnitude"]),
        python=cols_.is_python(groups),
    )
    groups, first, k = cols_.group_codes([(groups, k), (mag_codes, len(mag_cats))], n)
    if k == n:
        return
    counts = cols_.bincount(groups, k)
    g = next(g for g, c in enumerate(counts) if c > 1)
    row = int(cols_.tolist(first)[g])
    raise fail(
        ind,
        f"{counts[g]} rows are identical ({name_row(table, row)}): a line repeated in a file "
        "doubles the figure; drop the repeated rows, or give distinct figures their own ids",
    )


def _is_codes(name: str) -> bool:
    return name not in ("magnitude", "exponent")


def _check_subsets(table: ObservationTable, ind: Indicator) -> None:
    cols = table._storage()
    if "subset_of" not in cols or "id" not in cols:
        return
    sub_codes, sub_cats = cols["subset_of"]
    id_codes, id_cats = cols["id"]
    present = set(used_codes(id_codes, id_cats)) - {None}
    if not present & (set(sub_cats) - {None}):
        return
    subs, idents = cols_.tolist(sub_codes), cols_.tolist(id_codes)
    for row in cols_.nonzero(sub_codes):
        parent = sub_cats[int(subs[row])]
        if parent in present:
            child = id_cats[int(idents[row])]
            raise fail(
                ind,
                f"observation {child!r} is flagged as a subset of {parent!r} and both are "
                f"included, so adding them double counts; leave one of them out",
                hint=f"table.filter(predicate=lambda o: o.id != {child!r})",
            )


# -- stocks, budget lines, overlapping flows --------------------------------------------
def _line_groups(table: ObservationTable, names: Sequence[str]) -> tuple[Any, Any, int]:
    cols = [table._key_column(n) for n in names]
    dims = [table._key_column(d) for d in table.dimensions]
    return cols_.group_codes(((c, len(cats)) for c, cats in (*cols, *dims)), len(table))


def _check_stock_twice(table: ObservationTable, ind: Indicator) -> None:
    groups, _first, k = _line_groups(table, ("country", "period"))
    if k == len(table):
        return
    counts = cols_.bincount(groups, k)
    g = next(g for g, c in enumerate(counts) if c > 1)
    rows = [r for r, x in enumerate(cols_.tolist(groups)) if x == g][:2]
    raise fail(
        ind,
        f"{name_row(table, rows[0])} and {name_row(table, rows[1])} are two values of one stock for "
        "the same country and period; a stock has one value at a time: keep one, or link a "
        "repeated report with same_as",
    )


def _first_overlap(table: ObservationTable, names: Sequence[str]) -> tuple[int, int] | None:
    """Two rows of one line (the keys ``names`` and the dimensions) whose periods overlap.

    A period held twice counts as an overlap.  Sorted by start within each line, some
    overlap exists exactly when one period starts before the previous one ends, so one
    pass over the distinct (line, period) combinations finds it: the combinations come
    out of :func:`group_codes` in the order of their codes, and the period codes are
    ranked by start first, so they are already sorted.
    """
    line_cols = [table._key_column(n) for n in names]
    line_cols += [table._key_column(d) for d in table.dimensions]
    pcodes, pcats = table._key_column("period")
    dated = sorted((p for p in pcats if p is not None), key=lambda p: (p.start, p.end))
    if all(b.start > a.end for a, b in itertools.pairwise(dated)):
        return _period_twice(table, line_cols, pcodes, pcats)  # disjoint periods: only repeats
    order: list[Any] = [None, *dated]
    rank_of = {p: r for r, p in enumerate(order)}
    ranks, _ = cols_.remap(pcodes, [rank_of[p] for p in pcats], len(order))
    keys = [(c, len(cats)) for c, cats in line_cols] + [(ranks, len(order))]
    combos, first, k = cols_.group_codes(keys, len(table))
    if not cols_.is_python(combos):
        return _scan_numpy(combos, first, k, keys, ranks=ranks, dated=dated)
    counts = cols_.bincount(combos, k)
    firsts = cols_.tolist(first)
    if counts and max(counts) > 1:
        g = counts.index(max(counts))
        if order[ranks[firsts[g]]] is not None:
            row = int(firsts[g])
            return row, next(r for r, x in enumerate(combos) if x == g and r != row)
    line_of = list(zip(*(cols_.tolist(cols_.take(c, first)) for c, _n in keys[:-1]), strict=True))
    period_of = [order[r] for r in cols_.tolist(cols_.take(ranks, first))]
    for g in range(1, k):
        a, b = period_of[g - 1], period_of[g]
        if line_of[g] == line_of[g - 1] and a is not None and b is not None and b.start <= a.end:
            return int(firsts[g - 1]), int(firsts[g])
    return None


def _period_twice(
    table: ObservationTable,
    line_cols: list[tuple[Any, tuple[Any, ...]]],
    pcodes: Any,
    pcats: tuple[Any, ...],
) -> tuple[int, int] | None:
    """Two rows of one line over the same period, when no two distinct periods overlap."""
    keys = [(c, len(cats)) for c, cats in line_cols] + [(pcodes, len(pcats))]
    if cols_.all_distinct(keys, len(table)):
        return None
    combos, first, k = cols_.group_codes(keys, len(table))
    counts = cols_.bincount(combos, k)
    cols_.tolist(first)
    period_of = cols_.tolist(cols_.take(pcodes, first))
    for g, count in enumerate(counts):
        if count > 1 and pcats[period_of[g]] is not None:
            rows = [r for r, x in enumerate(cols_.tolist(combos)) if x == g]
            return rows[0], rows[1]
    return None


def _scan_numpy(
    combos: Any, first: Any, k: int, keys: list[tuple[Any, int]], *, ranks: Any, dated: list[Any]
) -> tuple[int, int] | None:
    """:func:`_first_overlap`'s scan over the sorted combinations, vectorised."""
    import numpy as np

    counts = np.bincount(combos, minlength=k)
    rank_a = np.asarray(ranks)[first].astype(np.int64)
    twice = np.flatnonzero((counts > 1) & (rank_a > 0))
    if twice.size:
        g = int(twice[0])
        rows = np.flatnonzero(combos == g)
        return int(rows[0]), int(rows[1])
    starts = np.asarray([-1] + [p.start.toordinal() for p in dated], dtype=np.int64)
    ends = np.asarray([-1] + [p.end.toordinal() for p in dated], dtype=np.int64)
    same = np.ones(max(k - 1, 0), dtype=bool)
    for codes, _card in keys[:-1]:
        at = np.asarray(codes)[first]
        same &= at[1:] == at[:-1]
    hit = same & (rank_a[:-1] > 0) & (starts[rank_a[1:]] <= ends[rank_a[:-1]])
    found = np.flatnonzero(hit)
    return (int(first[found[0]]), int(first[found[0] + 1])) if found.size else None


def _check_budget_lines(table: ObservationTable, ind: Indicator) -> None:
    found = _first_overlap(table, ("country", "recipient"))
    if found is None:
        return
    a, b = found
    first = table[a]
    whom = f"recipient {first.recipient!r}" if first.recipient else "no named recipient"
    raise fail(
        ind,
        f"two budget figures of {first.country} for {whom}: {name_row(table, a)} and "
        f"{name_row(table, b)} overlap in time; the periods of one budget line do not overlap "
        "(IATI's rule): keep one, mark a revision with subset_of or same_as, or name the "
        "recipients apart",
    )


def _note_flow_overlaps(table: ObservationTable, notes: list[str]) -> None:
    """Note that overlapping flows were added, naming the first such country in report order.

    The country named does not depend on the order of the rows, so an engine, which
    finds the overlaps in its own order, names the same one.
    """
    found = _first_overlap(table, ("country",))
    if found is None:
        return
    named = table[found[0]].country
    codes, cats = table._key_column("country")
    for earlier in sorted(used_codes(codes, cats), key=sort_key):
        if sort_key(earlier) >= sort_key(named):
            break
        rows = rows_where(codes, [cats.index(earlier)])
        place = table._take(cols_.magnitude_array(rows, python=cols_.is_python(codes)))
        if _first_overlap(place, ("country",)) is not None:
            named = earlier
            break
    notes.append(
        f"distinct figures of one country whose periods overlap (e.g. {named}) "
        "were added as distinct facts"
    )


# -- quality ----------------------------------------------------------------------------
def quality_codes(table: ObservationTable) -> tuple[Any, int]:
    """Per row, a bit mask of :data:`QUALITY` markers; and the number of masks (16)."""
    n = len(table)
    python = cols_.is_python(table._storage()["magnitude"])
    markers: tuple[tuple[str, Callable[[Any], int]], ...] = (
        ("approximate", lambda v: 1 if v else 0),
        ("bound", lambda v: _BOUND_BITS.get(str(getattr(v, "value", v)), 0)),
        ("flags", lambda v: 8 if any(f.code in _DOUBLE for f in v or ()) else 0),
    )
    out: Any = None
    for name, bits in markers:
        codes, cats = table._key_column(name)
        table_bits = [bits(c) for c in cats]
        if not any(table_bits):
            continue
        if python:
            coded: Any = [table_bits[c] for c in codes]
            out = coded if out is None else [o | b for o, b in zip(out, coded, strict=True)]
        else:
            import numpy as np

            coded = np.asarray(table_bits, dtype=np.uint8)[codes]  # one lookup per row, in C
            out = coded if out is None else out | coded
    if out is None:
        return cols_.zeros(n, python=python), 1
    return out, 16
