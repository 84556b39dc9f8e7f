"""Small-cell protection for exports of person counts: primary and secondary suppression.

A count of persons below a threshold ``k`` (the Counter-Trafficking Data Collaborative
publishes case data only with k = 11) could identify the victims it counts.  Such a cell is
suppressed (its value withheld) or flagged; then, wherever a total is published beside its
breakdown, a second cell is suppressed too, so that the first cannot be recovered by
subtraction (secondary suppression).  Suppressed cells carry a quality flag that the SDMX
export writes as the confidentiality status ``C`` (primary) or ``D`` (secondary).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

import attrs

from commit_mef._validators import check_type
from commit_mef.errors import ValidationError
from commit_mef.io._sdmx import CONFIDENTIAL, SECONDARY
from commit_mef.observations import Observation, ObservationTable
from commit_mef.sources import QualityFlag

__all__ = ["protect_small_cells"]

_Key = tuple[tuple[str, str], ...]
_Group = tuple[object, ...]


def _group(obs: Observation) -> _Group:
    return (obs.indicator, obs.country, obs.period, obs.unit, obs.basis)


def _relations(rows: dict[int, Observation]) -> list[list[int]]:
    """Each total beside its parts, as row indexes ``[total, part, part, ...]``."""
    by_cell: dict[tuple[_Group, _Key], int] = {}
    for i, obs in rows.items():
        by_cell.setdefault((_group(obs), obs.disaggregation), i)
    parts: dict[tuple[_Group, _Key, str], list[int]] = defaultdict(list)
    for (group, key), i in by_cell.items():
        for name, _ in key:
            rest = tuple(pair for pair in key if pair[0] != name)
            parts[(group, rest, name)].append(i)
    found: list[list[int]] = []
    for (group, rest, _), members in sorted(parts.items(), key=lambda item: repr(item[0])):
        total = by_cell.get((group, rest))
        if total is not None:
            found.append([total, *sorted(members)])
    return found


def _is_count(obs: Observation, units: frozenset[str]) -> bool:
    return obs.unit in units and isinstance(obs.value, Decimal) and not isinstance(obs.value, bool)


def _secondary(
    relations: list[list[int]], values: dict[int, Decimal], suppressed: dict[int, str]
) -> None:
    """Suppress, in each relation with one suppressed cell, its smallest other cell; repeat."""
    changed = True
    while changed:
        changed = False
        for members in relations:
            hidden = [i for i in members if i in suppressed]
            if len(hidden) != 1:
                continue
            # prefer a part to the total; among them the smallest value, then the first row
            shown = sorted(
                (i for i in members if i not in suppressed),
                key=lambda i: (i == members[0], values[i], i),
            )
            if shown:
                suppressed[shown[0]] = SECONDARY
                changed = True


def protect_small_cells(
    table: ObservationTable,
    *,
    k: int = 11,
    mode: Literal["suppress", "flag"] = "suppress",
    units: Iterable[str] = ("person",),
    protect_zero: bool = False,
) -> ObservationTable:
    """Suppress or flag counts of persons below ``k``, and the cells that would reveal them.

    A *cell* is a count of persons (a figure whose unit is in ``units``) for one indicator,
    place, period and breakdown.  Primary cells are those below ``k`` (zero only when
    ``protect_zero``).  Wherever a total (``sex`` not broken down) stands beside its parts
    (``sex=female``, ``sex=male``), a relation holds; any relation with exactly one hidden
    cell gets a second one hidden -- its smallest other part, else the total -- until no
    hidden cell can be recovered by subtraction.  Other figures pass unchanged.

    Args:
        table: The figures.
        k: The threshold: counts below it are protected.
        mode: ``"suppress"`` withholds the value (``None``) and flags the cell; ``"flag"``
            keeps the value and only flags it (for internal use: SDMX marks it
            not for publication).
        units: The count units protected.
        protect_zero: Protect zero counts too.

    Returns:
        A new table; protected cells carry the flag ``small-cell-suppressed`` (primary) or
        ``small-cell-secondary`` (secondary).

    Raises:
        InvalidTypeError: ``table`` is not an ObservationTable.
        ValidationError: ``k`` is below 2, or ``mode`` is not one of the two.

    Examples:
        >>> from commit_mef import ObservationTable
        >>> t = ObservationTable.from_columns(indicator="victims.detected", country="KHM",
        ...     period=2015, unit="person", magnitude=[40, 4, 36],
        ...     disaggregation={"sex": [None, "female", "male"]})  # made-up counts
        >>> [(dict(o.disaggregation).get("sex"), o.value, [f.code for f in o.flags])
        ...  for o in protect_small_cells(t)]
        [(None, Decimal('40'), []), ('female', None, ['small-cell-suppressed']), ('male', None, ['small-cell-secondary'])]
    """
    check_type(table, ObservationTable, "protect_small_cells()")
    if not isinstance(k, int) or isinstance(k, bool) or k < 2:
        raise ValidationError(f"k must be an integer of at least 2 (11 is usual), got {k!r}")
    if mode not in ("suppress", "flag"):
        raise ValidationError(f"mode must be 'suppress' or 'flag', got {mode!r}")
    counted = frozenset(units)
    rows = list(table)
    counts = {i: obs for i, obs in enumerate(rows) if _is_count(obs, counted)}
    values = {i: obs.value for i, obs in counts.items() if isinstance(obs.value, Decimal)}
    floor = Decimal(0) if protect_zero else Decimal(1)
    suppressed = {i: CONFIDENTIAL for i, v in values.items() if floor <= v < k}
    _secondary(_relations(counts), values, suppressed)
    for i, code in suppressed.items():
        note = (
            f"a count below {k}, withheld"
            if code == CONFIDENTIAL
            else f"withheld so that a count below {k} cannot be recovered from a total"
        )
        flag = QualityFlag(code=code, severity="info", note=note)
        obs = rows[i]
        value = None if mode == "suppress" else obs.value
        rows[i] = attrs.evolve(obs, value=value, flags=(*obs.flags, flag))
    return ObservationTable.from_rows(rows)
