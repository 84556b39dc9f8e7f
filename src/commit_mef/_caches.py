"""Bounded caches: a small thread-safe LRU, and :func:`clear_caches` to empty every one of them.

The package caches what is costly to work out again and cannot change (a rate
table's day-weighted rate over a period, an exact conversion factor).  Every such
cache is an :class:`LRU` with a fixed bound, so a long-running service that
converts over ever new periods holds at most that many entries per table, and
:func:`clear_caches` empties them all (tests, memory pressure, after a fork).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Generic, TypeVar

__all__ = ["LRU", "clear_caches"]

_K = TypeVar("_K")
_V = TypeVar("_V")

_LIVE: weakref.WeakSet[LRU[object, object]] = weakref.WeakSet()


class LRU(Generic[_K, _V]):
    """A mapping that keeps the ``maxsize`` entries used last; safe to use from several threads.

    Args:
        maxsize: The most entries kept; the least recently used goes first.

    Examples:
        >>> cache: LRU[str, int] = LRU(2)
        >>> cache.put("a", 1); cache.put("b", 2); cache.get("a")
        1
        >>> cache.put("c", 3)  # "b" was used least recently
        >>> cache.get("b") is None, len(cache)
        (True, 2)
    """

    __slots__ = ("__weakref__", "_data", "_lock", "maxsize")

    def __init__(self, maxsize: int) -> None:
        if maxsize < 1:
            from commit_mef.errors import ValidationError

            raise ValidationError(
                f"an LRU keeps at least one entry, got maxsize={maxsize}", path="maxsize"
            )
        self.maxsize = maxsize
        self._data: OrderedDict[_K, _V] = OrderedDict()
        self._lock = threading.Lock()
        _LIVE.add(self)  # type: ignore[arg-type]

    def get(self, key: _K) -> _V | None:
        """The entry under ``key`` (now the most recently used), or ``None``."""
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: _K, value: _V) -> None:
        """Store ``value`` under ``key``, dropping the least recently used entry when full."""
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        """Drop every entry."""
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


def clear_caches() -> None:
    """Empty every cache the package keeps (rates over periods, conversion factors).

    Nothing changes but speed: the next conversion works its rate out again.
    The shipped data (the WDI rate table, plans, the SPA III figures) stays
    loaded; only what was computed from it is dropped.

    Examples:
        >>> from commit_mef import Money, RateTable, clear_caches
        >>> usd = RateTable.wdi().convert(Money("1000", "THB"), "USD", over=2014)
        >>> clear_caches()
        >>> RateTable.wdi().convert(Money("1000", "THB"), "USD", over=2014) == usd
        True
    """
    for cache in list(_LIVE):
        cache.clear()
