"""Several indicators in one call: exact factors and rates shared by the runs.

``aggregate(table, [a, b, c], ...)`` gives what ``aggregate`` gives for each
indicator alone, by the same run; what does not depend on the indicator is done
once for the call: the exact factors (scale x share x rate over a window), the
rate lookups and their provenance are worked out once per (currency, window,
share) and shared by every indicator's run.  Each result still lists the
conversions and assumptions of its own rows.  On a numpy table the rows are
checked and grouped for every indicator in one pass
(:mod:`~commit_mef.aggregation._one_pass`); where that pass steps aside, the
table is split by indicator with one stable sort (kept with the immutable table,
so each indicator's rows are a slice of it) and the runs go one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from commit_mef.aggregation._kernel import Aggregation
from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.indicators import Indicator

if TYPE_CHECKING:
    from commit_mef.periods import Period
    from commit_mef.rates import Conversion

__all__ = ["SharedFactors", "SharedRun", "check_indicators"]

_Slice = tuple[str, "Period"]


class SharedFactors:
    """The exact factors and rates of one call, shared by its indicators' runs."""

    def __init__(self) -> None:
        self.factor_list: list[Fraction] = []
        self.factors: dict[tuple[Any, ...], int] = {}
        self.not_meaningful: set[int] = set()
        self.nm_slices: set[tuple[str, Period | None]] = set()
        #: per (currency, window): the exact rate factor, its provenance and assumptions
        self.slices: dict[_Slice, tuple[tuple[Fraction, Conversion | None], list[str]]] = {}
        self.scale: Fraction | None = None


class SharedRun(Aggregation):
    """One indicator's run of a many-indicator call, reading and filling the shared factors."""

    def __init__(self, *args: Any, shared: SharedFactors, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shared = shared
        self.factor_list = shared.factor_list
        self.not_meaningful = shared.not_meaningful
        self.__dict__["_nm"] = shared.nm_slices

    def scaled(self) -> None:
        """Read and fill the call's factor table (one table, one exponent: always so in a call)."""
        shared = self.shared
        if shared.scale is None:
            shared.scale = self.scale
        if shared.scale == self.scale:
            self._factors = shared.factors

    def factor(self, cur: str | None, window: Period | None, share: Fraction) -> int:
        """The shared factor index, recording this run's conversion of the slice it uses."""
        converts = cur is not None and self.target is not None and cur != self.target
        if converts and window is not None:
            self.rate_factor(cur, window)  # type: ignore[arg-type]
        return super().factor(cur, window, share)

    def rate_factor(self, cur: str, period: Period | None) -> Fraction:
        """The exact factor of a slice, looked up once per call, recorded in every run using it."""
        if period is None or self.target is None or cur == self.target:
            return super().rate_factor(cur, period)
        known = self.conversions.get((cur, period))
        if known is not None:
            return known[0]
        found = self.shared.slices.get((cur, period))
        if found is None:
            before = len(self.assumptions)
            factor = super().rate_factor(cur, period)
            self.shared.slices[(cur, period)] = (
                self.conversions[(cur, period)],
                self.assumptions[before:],
            )
            return factor
        entry, notes = found
        self.conversions[(cur, period)] = entry
        self.assumptions.extend(notes)
        return entry[0]


def check_indicators(indicators: Sequence[Indicator]) -> list[Indicator]:
    """The indicators of a many-indicator call: Indicators, each id once."""
    out = list(indicators)
    seen: set[str] = set()
    for i, ind in enumerate(out):
        if not isinstance(ind, Indicator):
            raise InvalidTypeError(
                f"aggregate() takes an Indicator or a sequence of Indicators; item {i} is "
                f"{type(ind).__name__}"
            )
        if ind.id in seen:
            raise ValidationError(
                f"indicator {ind.id!r} is given twice; give each indicator once",
                path=f"indicator[{i}]",
            )
        seen.add(ind.id)
    return out
