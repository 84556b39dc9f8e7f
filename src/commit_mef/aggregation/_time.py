"""Where a figure goes in time: its time slots, the share of it in each, the days each covers."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from commit_mef.indicators import TimeAggregation
from commit_mef.observations import Basis
from commit_mef.periods import Period

if TYPE_CHECKING:
    from collections.abc import Callable

    from commit_mef.errors import AggregationError
    from commit_mef.indicators import AggregationRule

__all__ = ["Piece", "Placing"]

#: A time slot's share of a figure, and the window of days it covers (for its rate).
Piece = tuple[Any, Fraction, "Period | None"]


class Placing:
    """The time rules of a run (:class:`~commit_mef.aggregation._kernel.Aggregation`)."""

    rule: AggregationRule
    by: tuple[str, ...]
    over: Period | None
    prorate: bool
    assumptions: list[str]

    fail: Callable[..., AggregationError]  # the run's: an AggregationError naming the indicator

    def attribute(self, period: Period | None, basis: Basis) -> list[Piece]:
        """The time slots a combination's amount goes to, each with its share and window."""
        if self.rule.over_time is TimeAggregation.SUM:
            return self.attribute_flow(period, basis)
        return [(slot, share, period) for slot, share in self.attribute_state(period)]

    def need_period(self, why: str) -> AggregationError:
        return self.fail(
            f"some observations have no period, so {why}; give them a period or leave them out",
            hint="leave them out with table.filter(predicate=lambda o: o.period is not None)",
        )

    def window(self, period: Period, basis: Basis) -> Period | None:
        """The part of ``period`` inside ``over`` (refusing a straddle unless prorating)."""
        if self.over is None:
            return period
        inter = period.intersection(self.over)
        if inter is None:
            return None
        if inter != period and basis is not Basis.PER_YEAR:
            if not self.prorate:
                raise self.fail(
                    f"a figure over {period} straddles the period asked for ({self.over}); "
                    "count the share of its days that falls inside (day-weighted), or choose "
                    "a period that covers it",
                    hint="pass prorate=True, or an over= period that covers the figure",
                )
            self.assumptions.append(
                f"figures straddling {self.over} were prorated by days (day-weighted)"
            )
        return inter

    def attribute_flow(self, period: Period | None, basis: Basis) -> list[Piece]:
        if period is None:
            if self.over is not None or "year" in self.by or basis is Basis.PER_YEAR:
                raise self.need_period("they cannot be placed in time")
            return [(None, Fraction(1), None)]
        window = self.window(period, basis)
        if window is None:
            return []
        if basis is Basis.PER_YEAR:
            return self.per_year(period, window)
        if "year" in self.by and window.start.year != window.end.year:
            if not self.prorate:
                raise self.fail(
                    f"a figure for {period} covers several years and cannot be put into one "
                    "year; split it by days (day-weighted), or total it without a breakdown "
                    "by year",
                    hint="pass prorate=True, or aggregate without 'year' (by=('country',) "
                    "with over=...)",
                )
            self.assumptions.append(
                "multi-year figures were split into calendar years by days (day-weighted)"
            )
            return [
                (piece.start.year, Fraction(piece.days, period.days), piece)
                for piece in window.split_by_year()
            ]
        return [(self.slot(window, period), Fraction(window.days, period.days), window)]

    def slot(self, piece: Period, period: Period) -> Any:
        if "year" in self.by:
            return piece.start.year
        return period if "period" in self.by else None

    def per_year(self, period: Period, window: Period) -> list[Piece]:
        """A per-year figure: one share per calendar year of ``window``, each at its own rate."""
        out: list[Piece] = []
        for piece in window.split_by_year():
            if piece.is_whole_years:
                share = Fraction(1)
            elif self.prorate:
                share = Fraction(piece.days, Period.year(piece.start.year).days)
                self.assumptions.append(
                    "per-year figures over part of a year were prorated by days "
                    "(value x days / days in that year)"
                )
            else:
                raise self.fail(
                    f"a per-year figure over {period} covers part of a calendar year "
                    f"({piece}); count the share of the year's days (prorate), "
                    "or give the figure over whole years",
                    hint="pass prorate=True to count the share of the year's days",
                )
            out.append((self.slot(piece, period), share, piece))
        years = len(out)
        if years > 1 and "year" not in self.by:
            self.assumptions.append(
                f"per-year figures over {window} were counted once for each of its {years} "
                f"calendar years (x{years})"
            )
        return out

    def attribute_state(self, period: Period | None) -> list[tuple[Any, Fraction]]:
        if period is None:
            if self.over is not None or "year" in self.by or "period" in self.by:
                raise self.need_period("they cannot be placed in time")
            return [(None, Fraction(1))]
        if self.over is not None and not self.over.contains(period.end):
            return []
        if "year" in self.by:
            if period.start.year != period.end.year:
                self.assumptions.append(
                    "a state reported over several years is taken as the state at the end of "
                    "its period (counted in the year it ends)"
                )
            return [(period.end.year, Fraction(1))]
        return [(period, Fraction(1))]
