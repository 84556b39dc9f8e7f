"""Breakdowns beside their totals: an undisaggregated figure is the total of its parts (SDMX _T)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from commit_mef.aggregation._naming import fail, name_row
from commit_mef.errors import AggregationError
from commit_mef.indicators import Indicator, MeasureKind
from commit_mef.observations import Observation, ObservationTable
from commit_mef.observations import _columns as cols_

__all__ = ["CELL", "breakdown_changes", "resolve_breakdowns"]

# the key of a cell, before its breakdown: what must be equal for two rows to be one figure
CELL = ("country", "period", "basis", "unit", "currency", "recipient")


@attrs.frozen
class _Row:
    index: int
    dims: frozenset[tuple[str, str]]
    magnitude: int

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(d for d, _ in self.dims)

    def covers(self, other: _Row) -> bool:
        """Whether ``other`` is part of this row's breakdown (finer, agreeing codes)."""
        return self.dims < other.dims


def resolve_breakdowns(
    table: ObservationTable, ind: Indicator, by: tuple[str, ...], notes: list[str]
) -> ObservationTable:
    """The table with each breakdown beside its total resolved (:func:`breakdown_changes`)."""
    drop, extra = breakdown_changes(table, ind, by, notes)
    if not drop:
        return table
    cols = table._storage()
    keep = [i for i in range(len(table)) if i not in drop]
    kept = table._take(cols_.magnitude_array(keep, python=cols_.is_python(cols["magnitude"])))
    if not extra:
        return kept
    return ObservationTable.concat([kept, ObservationTable.from_rows([o for _, o in extra])])


def breakdown_changes(
    table: ObservationTable,
    ind: Indicator,
    by: tuple[str, ...],
    notes: list[str],
    *,
    dimensions: tuple[str, ...] | None = None,
) -> tuple[set[int], list[tuple[int, Observation]]]:
    """The rows to drop, and the remainders of totals to add after the rest, cell by cell.

    ``dimensions`` are those of the whole table when ``table`` holds only some of its
    rows (a dimension none of them is coded for still asks for a breakdown when
    grouped by); by default ``table``'s own.

    Each remainder comes with the row of its total (one of the rows dropped): the
    total's observation with the part of its value its breakdown leaves.

    A cell (:data:`CELL`) is resolved on its own rows alone, and the cells are taken
    in the order of their first row: a table of only the cells holding two kinds of
    row, in the same order, gives the same changes, notes and errors (the engines
    fetch only those).
    """
    dims = table.dimensions
    if not dims:
        return set(), []
    cols = table._storage()
    n = len(table)
    dim_cols = [table._key_column(d) for d in dims]
    if all(_uniform(codes, cats) for codes, cats in dim_cols):
        return set(), []  # every dimension coded in every row, or in none: no totals beside parts
    signature = _signatures(dim_cols, n)
    if len(set(signature)) <= 1:
        return set(), []
    cell_cols = [table._key_column(c) for c in CELL]
    groups, _first, _k = cols_.group_codes(((c, len(cats)) for c, cats in cell_cols), n)
    members: dict[int, list[int]] = defaultdict(list)
    for row, g in enumerate(cols_.tolist(groups)):
        members[g].append(row)
    decoded = [[cats[c] for c in cols_.tolist(codes)] for codes, cats in dim_cols]
    mags = cols_.tolist(cols["magnitude"])
    needed = frozenset(a for a in by if a in (dims if dimensions is None else dimensions))
    drop: set[int] = set()
    extra: list[tuple[int, Observation]] = []
    for rows in members.values():
        if len({signature[r] for r in rows}) < 2:
            continue
        cell = [
            _Row(
                r,
                frozenset(
                    (d, v[r]) for d, v in zip(dims, decoded, strict=True) if v[r] is not None
                ),
                mags[r],
            )
            for r in rows
        ]
        gone, remainders = _resolve_cell(table, ind, cell, needed, notes)
        drop |= gone
        extra.extend(remainders)
    return drop, extra


def _uniform(codes: Any, cats: tuple[Any, ...]) -> bool:
    """Whether a dimension column is coded in every row or in none."""
    counts = cols_.bincount(codes, len(cats))
    empty = sum(c for c, cat in zip(counts, cats, strict=True) if cat is None)
    return empty in (0, sum(counts))


def _signatures(dim_cols: Sequence[tuple[Any, tuple[Any, ...]]], n: int) -> list[int]:
    """Per row, a bit mask of the dimensions it has a code for."""
    if dim_cols and not cols_.is_python(dim_cols[0][0]):
        import numpy as np

        sig = np.zeros(n, dtype=np.int64)
        for bit, (codes, cats) in enumerate(dim_cols):
            has = np.asarray([c is not None for c in cats], dtype=bool)
            if len(cats):
                sig |= has[codes].astype(np.int64) << bit
        out: list[int] = sig.tolist()
        return out
    sig_l = [0] * n
    for bit, (codes, cats) in enumerate(dim_cols):
        has_l = [c is not None for c in cats]
        for row, c in enumerate(codes):
            if has_l[c]:
                sig_l[row] |= 1 << bit
    return sig_l


def _resolve_cell(
    table: ObservationTable,
    ind: Indicator,
    cell: list[_Row],
    needed: frozenset[str],
    notes: list[str],
) -> tuple[set[int], list[tuple[int, Observation]]]:
    """Which rows of one cell to drop, and the remainders of totals to add in their place."""
    # a total is only replaced by its parts when it lacks a dimension grouped by
    fine = [r for r in cell if needed <= r.keys]
    coarse = [r for r in cell if not needed <= r.keys]
    drop: set[int] = set()
    for level in (fine, coarse):
        drop |= _drop_parts(table, ind, level, notes)
    _check_two_breakdowns(table, ind, [r for r in cell if r.index not in drop])
    remainders: list[tuple[int, Observation]] = []
    for total in (r for r in coarse if r.index not in drop):
        parts = [p for p in fine if p.index not in drop and total.covers(p)]
        if not parts:
            continue
        rest = total.magnitude - sum(p.magnitude for p in parts)
        if rest < 0:
            raise _exceeds(table, ind, total, parts)
        drop.add(total.index)
        missing = ", ".join(sorted(needed - total.keys))
        if rest:
            obs = table[total.index]
            remainders.append(
                (total.index, attrs.evolve(obs, value=_with_magnitude(obs, rest, table)))
            )
            notes.append(
                f"the part of a total not broken down by {missing} is shown with no {missing} "
                "code (the total less its parts)"
            )
        else:
            notes.append(f"a total equal to its breakdown by {missing} was not added again")
    return drop, remainders


def _drop_parts(
    table: ObservationTable, ind: Indicator, rows: list[_Row], notes: list[str]
) -> set[int]:
    """Drop the rows that are parts of another row of the same level, after checking them."""
    tops = [t for t in rows if not any(o.covers(t) for o in rows)]
    drop: set[int] = set()
    for dims in dict.fromkeys(t.dims for t in tops):
        totals = [t for t in tops if t.dims == dims]
        parts = [p for p in rows if totals[0].covers(p)]
        if not parts:
            continue
        total = sum(t.magnitude for t in totals)
        for keys in dict.fromkeys(p.keys for p in parts):
            level = [p for p in parts if p.keys == keys]
            if sum(p.magnitude for p in level) > total and ind.kind is not MeasureKind.MILESTONE:
                raise _exceeds(table, ind, totals[0], level)
        drop |= {p.index for p in parts}
        notes.append(
            "an undisaggregated figure beside its own breakdown was taken as the total (SDMX "
            "_T); its parts were not added to it"
        )
    return drop


def _check_two_breakdowns(table: ObservationTable, ind: Indicator, rows: list[_Row]) -> None:
    for a in rows:
        for b in rows:
            shared = a.keys & b.keys
            if (
                a.index < b.index
                and not (a.keys <= b.keys or b.keys <= a.keys)
                and {d for d in a.dims if d[0] in shared} == {d for d in b.dims if d[0] in shared}
            ):
                raise fail(
                    ind,
                    f"{name_row(table, a.index)} is broken down by "
                    f"{', '.join(sorted(a.keys - shared))} and {name_row(table, b.index)} by "
                    f"{', '.join(sorted(b.keys - shared))}: two breakdowns of the same people "
                    "cannot be added; keep one breakdown (filter on a dimension) or give their "
                    "total",
                )


def _exceeds(
    table: ObservationTable, ind: Indicator, total: _Row, parts: list[_Row]
) -> AggregationError:
    keys = ", ".join(sorted({k for p in parts for k in p.keys} - total.keys))
    return fail(
        ind,
        f"the breakdown by {keys} of {name_row(table, total.index)} adds up to more than it "
        f"({len(parts)} parts); a total and its parts must agree: correct one of them, or give "
        "the parts a code of their own if they are not its breakdown",
    )


def _with_magnitude(obs: Observation, magnitude: int, table: ObservationTable) -> Any:
    number = cols_.unscale(magnitude, table.exponent)
    if obs.currency is not None:
        from commit_mef.money import Money

        return Money(number, obs.currency)
    return Decimal(number)
