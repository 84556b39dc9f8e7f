"""Runs that share their row checks: one caller aggregating the same rows under several windows.

:func:`~commit_mef.progress.progress_all` aggregates a target's rows over its
whole window, over each interim period of its timeline and by country, and
other targets bound to the same countries ask for the same rows again.  The
checks on the rows (their kinds and bases, the entry checks and the
one-value-per-cell rules of ``_prepare``) depend on the rows, the indicator,
its rule and the grouping, never on the window, the currency or the rates: a
:class:`CheckedRun` runs them once per (rows, indicator, rule, grouping) of a
:class:`RowChecks` and reads them back after, so each result is the one
:func:`~commit_mef.aggregate` gives.  A check that fails is not kept: the next
run raises the same error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from commit_mef.aggregation._kernel import Aggregation

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from commit_mef.aggregation._result import AggregateResult
    from commit_mef.indicators import Indicator
    from commit_mef.observations import ObservationTable
    from commit_mef.periods import Period
    from commit_mef.rates import RateTable

__all__ = ["CheckedRun", "RowChecks", "aggregate_checked"]


class RowChecks:
    """The checked rows and the notes of each (rows, indicator, rule, grouping) of one caller."""

    def __init__(self) -> None:
        #: key -> (the rows checked, kept so their id is never reused; the rows to add; notes)
        self.done: dict[tuple[Any, ...], tuple[ObservationTable, ObservationTable, list[str]]] = {}


class CheckedRun(Aggregation):
    """One run of :func:`~commit_mef.aggregate` reading its row checks from a :class:`RowChecks`."""

    def __init__(self, *args: Any, checks: RowChecks, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checks = checks

    def check_rows(self) -> ObservationTable:
        """:meth:`Aggregation.check_rows`, its window-free part done once per key."""
        key = (id(self.table), self.indicator, self.rule, self.by, self.family)
        found = self.checks.done.get(key)
        if found is None:
            before = len(self.assumptions)
            table = self.rows_to_add()
            found = self.checks.done[key] = (self.table, table, self.assumptions[before:])
        else:
            self.assumptions.extend(found[2])
        self.check_units(found[1]._storage())  # sets the run's currency and unit: every run
        return found[1]


def aggregate_checked(
    table: ObservationTable,
    indicator: Indicator,
    by: Sequence[str],
    *,
    checks: RowChecks,
    over: Period | None = None,
    currency: str | None = None,
    rates: RateTable | None = None,
    prorate: bool = False,
    indicators: Mapping[str, Indicator] | None = None,
    allow_not_meaningful: bool = False,
) -> AggregateResult:
    """:func:`~commit_mef.aggregate` of one indicator, its row checks kept in ``checks``."""
    from commit_mef.aggregation._aggregate import _one

    return _one(
        table,
        indicator,
        by,
        over=over,
        currency=currency,
        rates=rates,
        prorate=prorate,
        rule=None,
        indicators=indicators,
        allow_not_meaningful=allow_not_meaningful,
        shared=None,
        checks=checks,
    )
