"""The observations a progress call reads: alone, or split once and shared by many targets.

:func:`~commit_mef.progress.progress` measures one target and reads the table
directly.  :func:`~commit_mef.progress.progress_all` measures many: the table's
rows are split by indicator with one stable sort, each target's rows (its
indicators, then its countries) are taken from those slices, an aggregation
asked twice with the same arguments (two targets on the same rows and window)
is run once, and the checks on a target's rows, which do not depend on the
window, run once for all its windows (``aggregation/_checked.py``).  Every
table handed on holds the same rows in the same order as the one a lone call
builds, and :func:`~commit_mef.aggregate` is a pure
function of its arguments, so each target's result is the one it gets alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from commit_mef.observations import ObservationTable
from commit_mef.observations import _columns as cols_

if TYPE_CHECKING:
    from collections.abc import Callable

    from commit_mef.aggregation import AggregateResult
    from commit_mef.indicators import Indicator
    from commit_mef.periods import Period

__all__ = ["Source"]


class Source:
    """The table of one call; with ``shared``, split once and memoised for many targets."""

    def __init__(self, table: ObservationTable, *, shared: bool = False) -> None:
        self.table = table
        self.shared = shared
        self._split: tuple[Any, list[int], tuple[Any, ...]] | None = None
        self._rows: dict[tuple[str, ...] | str, ObservationTable] = {}
        self._derived: dict[tuple[Any, ...], ObservationTable] = {}
        self._checks: Any = None  # the row checks shared by this call's aggregations
        self._results: dict[tuple[Any, ...], tuple[Any, AggregateResult]] = {}

    def release(self) -> None:
        """Let go of the rows, results and checks kept so far (the split by indicator stays)."""
        self._rows.clear()
        self._derived.clear()
        self._results.clear()
        self._checks = None

    def rows(self, ids: str | list[str]) -> ObservationTable:
        """The rows of one indicator (``str``) or several (``list``), as ``filter(indicator=)``."""
        if not self.shared:
            return self.table.filter(indicator=ids)
        key = ids if isinstance(ids, str) else tuple(ids)
        if key not in self._rows:
            self._rows[key] = self._take(ids)
        return self._rows[key]

    def _take(self, ids: str | list[str]) -> ObservationTable:
        table = self.table
        if isinstance(ids, str) or cols_.is_python(table._mags):
            return table.filter(indicator=ids)  # one indicator: the table's own cached sort
        import numpy as np

        if self._split is None:  # one stable sort of the indicator codes for the whole call
            codes, cats = table.key_column("indicator")
            order = np.argsort(codes, kind="stable")
            counts = np.bincount(codes, minlength=len(cats))
            self._split = (order, [0, *np.cumsum(counts).tolist()], cats)
        order, bounds, cats = self._split
        wanted = sorted({cats.index(i) for i in ids if i in cats})
        parts = [order[bounds[c] : bounds[c + 1]] for c in wanted]
        # the rows in table order, as the mask of filter(indicator=[...]) keeps them
        index = np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
        return table._take(index)

    def derived(
        self, key: tuple[Any, ...], make: Callable[[], ObservationTable]
    ) -> ObservationTable:
        """``make()``, once per ``key`` when shared (a target's rows scoped to its countries)."""
        if not self.shared:
            return make()
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]

    def aggregate(
        self,
        rows: ObservationTable,
        ind: Indicator,
        *,
        by: tuple[str, ...],
        over: Period,
        options: dict[str, Any],
    ) -> AggregateResult:
        """``aggregate(rows, ind, by=by, over=over, prorate=True, **options)``, memoised when shared."""
        from commit_mef.aggregation import aggregate
        from commit_mef.aggregation._checked import RowChecks, aggregate_checked

        if not self.shared:
            return aggregate(rows, ind, by=by, over=over, prorate=True, **options)
        if self._checks is None:
            self._checks = RowChecks()
        key = (
            id(rows),
            ind,
            by,
            over,
            tuple((name, _identity(value)) for name, value in sorted(options.items())),
        )
        found = self._results.get(key)
        if found is None:
            result = aggregate_checked(
                rows, ind, by, checks=self._checks, over=over, prorate=True, **options
            )
            # the rows and options are kept with the result, so no id in a key is reused
            found = self._results[key] = ((rows, options), result)
        return found[1]


def _identity(value: object) -> object:
    """A plain value as itself; a table of rates or indicators by identity (one per call)."""
    return value if value is None or isinstance(value, (str, bool, int)) else id(value)
