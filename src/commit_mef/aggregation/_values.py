"""Small exact helpers of the engine: sums of fractions, rate factors cached, order of keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef._caches import LRU
from commit_mef.countries import GMS, Country
from commit_mef.observations import CountryPair
from commit_mef.observations import _columns as cols_
from commit_mef.periods import Period

if TYPE_CHECKING:
    from commit_mef.rates import Conversion, RateTable

__all__ = [
    "Cell",
    "Combinations",
    "credit",
    "finish",
    "fsum",
    "ids_per_group",
    "present",
    "rate_cache",
    "reached_in",
    "scaled_sum",
    "sort_key",
    "time_key",
]


def present(codes: Any, cats: tuple[Any, ...]) -> list[Any]:
    """The categories some row uses."""
    if not len(codes):
        return []
    used = cols_.bincount(codes, len(cats))
    return [c for c, u in zip(cats, used, strict=True) if u]


def fsum(values: Iterable[Fraction]) -> Fraction:
    """The exact sum of fractions, normalised once (not after every addition)."""
    num, den = 0, 1
    count = 0
    last = Fraction(0)
    for value in values:
        last = value
        count += 1
        p, q = value.numerator, value.denominator
        if q == den:
            num += p
        else:
            num, den = num * q + p * den, den * q
    if count == 1:
        return last
    return Fraction(num, den)


def scaled_sum(terms: Iterable[tuple[Fraction, int]]) -> Fraction:
    """The exact sum of ``factor * count`` terms, in integers, normalised once.

    Examples:
        >>> scaled_sum([(Fraction(1, 3), 2), (Fraction(1, 6), 1)])
        Fraction(5, 6)
    """
    num, den = 0, 1
    for factor, count in terms:
        p, q = factor.numerator * count, factor.denominator
        if q == den:
            num += p
        else:
            num, den = num * q + p * den, den * q
    return Fraction(num, den)


_RATE_CACHES: dict[int, tuple[Any, LRU[Any, tuple[Fraction, Conversion]]]] = {}

#: The most conversion factors kept per rate table (an LRU; see ``clear_caches()``).
FACTOR_CACHE_SIZE = 1024


def rate_cache(rates: RateTable) -> LRU[Any, tuple[Fraction, Conversion]]:
    """Exact conversion factors already worked out for a rate table (dropped with the table).

    A :class:`~commit_mef.rates.RateTable` is immutable, so a factor once computed
    stays right; keyed by the table's identity, removed when the table is collected,
    and bounded to the :data:`FACTOR_CACHE_SIZE` factors used last.
    """
    import weakref

    key = id(rates)
    entry = _RATE_CACHES.get(key)
    if entry is not None and entry[0]() is rates:
        return entry[1]

    def forget(_ref: object, key: int = key, caches: dict[int, Any] = _RATE_CACHES) -> None:
        caches.pop(key, None)  # the dict bound here: at exit the module's names may be gone

    ref = weakref.ref(rates, forget)
    cache: LRU[Any, tuple[Fraction, Conversion]] = LRU(FACTOR_CACHE_SIZE)
    _RATE_CACHES[key] = (ref, cache)
    return cache


def time_key(slot: object) -> tuple[Any, ...]:
    if isinstance(slot, Period):
        return (slot.end, slot.start)
    if isinstance(slot, int):
        return (dt.date(slot, 12, 31), dt.date(slot, 1, 1))
    return (dt.date.min, dt.date.min)


def finish(value: Any) -> Decimal | bool | int | None:
    if isinstance(value, Fraction):
        return cols_.fraction_to_decimal(value)
    return value  # type: ignore[no-any-return]


_GMS_ORDER = {c.alpha_3: i for i, c in enumerate(GMS)}


def sort_key(value: object) -> tuple[Any, ...]:
    """Sort countries in report order (then by code), pairs after them, None last."""
    if value is None:
        return (9, "")
    if isinstance(value, Country):
        return (0, _GMS_ORDER.get(value.alpha_3, 99), value.alpha_3)
    if isinstance(value, CountryPair):
        return (1, value.code)
    if isinstance(value, Period):
        return (2, value.start, value.end)
    if isinstance(value, bool | int):
        return (3, int(value))
    return (4, str(value))


def credit(per_place: dict[Any, Any], places: dict[Any, dict[Any, Any]]) -> dict[str, Any]:
    """Who a count of achieved milestones credits: distinct countries, facts and pairs."""
    achieved = [place for place, reached in per_place.items() if reached]
    credited: set[Country] = set()
    for place in achieved:
        credited.update(place.countries if isinstance(place, CountryPair) else (place,))
    facts = sum(
        int(cell.value / cell.factors[next(iter(cell.parts))]) if cell.parts else 0
        for place in achieved
        for cell in places[place].values()
    )
    return {
        "credited": tuple(sorted(credited, key=sort_key)),
        "facts": facts,
        "pairs": sum(1 for place in achieved if isinstance(place, CountryPair)),
    }


@attrs.frozen(kw_only=True)
class Combinations:
    """The rows of a run reduced to their distinct key combinations: what any engine computes.

    ``columns`` holds, per combination, the decoded ``"country"``, ``"period"``,
    ``"basis"`` (and ``"currency"`` for money, ``"quality"`` bits where some row is
    marked); ``dims`` the code of each dimension grouped by; ``counts`` the rows and
    ``sums`` the exact integer sum of their magnitudes scaled by ``10**exponent``;
    ``ids`` the ids of the rows that have one.
    """

    columns: dict[str, list[Any]]
    dims: dict[str, list[Any]]
    counts: list[int]
    sums: list[int]
    ids: list[list[str]]
    exponent: int


@attrs.define
class Cell:
    """What accumulates in one (group, place, time slot).

    ``parts`` maps the index of an exact factor in ``factors`` (scale x share x
    rate factor) to the integer sum of the magnitudes it applies to, so that
    rational arithmetic happens once per distinct factor, not once per combination.
    """

    factors: list[Fraction]
    parts: dict[int, int] = attrs.Factory(dict)
    rows: int = 0
    ids: list[str] = attrs.Factory(list)
    quality: int = 0
    start: dt.date | None = None
    end: dt.date | None = None
    _value: Fraction | None = None

    @property
    def value(self) -> Fraction:
        if self._value is None:
            if len(self.parts) == 1:  # one factor: its product, normalised once
                ((f, m),) = self.parts.items()
                factor = self.factors[f]
                self._value = Fraction(factor.numerator * m, factor.denominator)
            else:
                self._value = scaled_sum((self.factors[f], m) for f, m in self.parts.items())
        return self._value

    def cover(self, window: Period | None) -> None:
        if window is None:
            return
        self.start = window.start if self.start is None else min(self.start, window.start)
        self.end = window.end if self.end is None else max(self.end, window.end)


def reached_in(cell: Cell, *, every: bool) -> bool:
    """Whether a milestone is reached in a slot: its value is the number of yes rows."""
    return cell.value == cell.rows if every else cell.value > 0


def ids_per_group(cols: dict[str, Any], groups: Any, k: int) -> list[list[str]]:
    """The observation ids of each group ``0..k-1`` (rows without an id left out)."""
    ids: list[list[str]] = [[] for _ in range(k)]
    if "id" not in cols:
        return ids
    id_codes, id_cats = cols["id"]
    if cols_.is_python(groups) or cols_.is_python(id_codes):
        for g, c in zip(cols_.tolist(groups), cols_.tolist(id_codes), strict=True):
            if c:
                ids[g].append(id_cats[c])
        return ids
    import numpy as np

    rows = np.flatnonzero(id_codes)  # code 0 is "no id"
    if not rows.size:
        return ids
    of_row = groups[rows]
    order = np.argsort(of_row, kind="stable")  # each group's ids in row order
    names = np.asarray(id_cats, dtype=object)[np.asarray(id_codes)[rows[order]]].tolist()
    bounds = np.searchsorted(of_row[order], np.arange(k + 1)).tolist()
    return [names[bounds[g] : bounds[g + 1]] for g in range(k)]
