"""Bounded caches: a small thread-safe LRU, builders run once, and :func:`clear_caches`.

The package caches what is costly to work out again and cannot change (a rate
table's day-weighted rate over a period, an exact conversion factor).  Every such
cache is an :class:`LRU` with a fixed bound, so a long-running service that
converts over ever new periods holds at most that many entries per table, and
:func:`clear_caches` empties them all (tests, memory pressure, after a fork).

What is built once and shared (the pint registry, the WDI rate table, the shipped
data sets, the currency objects) is built by a function decorated with
:func:`built_once`: under concurrent first use one thread builds and the others
wait for its result, so every thread gets the identical object.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, NamedTuple, ParamSpec, Protocol, TypeVar, cast

__all__ = ["LRU", "BuiltOnce", "CacheInfo", "built_once", "clear_caches"]

_K = TypeVar("_K")
_V = TypeVar("_V")
_P = ParamSpec("_P")
_R = TypeVar("_R")

#: One lock for every build: a builder may call other builders (the rate table reads
#: the currencies) without two threads ever waiting for each other in a circle.
_BUILD_LOCK = threading.RLock()


class CacheInfo(NamedTuple):
    """What :meth:`BuiltOnce.cache_info` reports, as :func:`functools.lru_cache` does."""

    hits: int
    misses: int
    maxsize: int | None
    currsize: int


class BuiltOnce(Protocol[_P, _R]):
    """A function whose result per arguments is built once, even under concurrent first use.

    Made by :func:`built_once`: a plain function at run time (so ``inspect`` and
    Sphinx see the builder it wraps), with two helpers as :func:`functools.cache` has.
    """

    __wrapped__: Callable[_P, _R]

    def __call__(self, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        """The result, built on the first call with these arguments."""
        ...

    def cache_info(self) -> CacheInfo:
        """Hits, misses and how many results are kept (``maxsize`` is ``None``: unbounded)."""
        ...

    def cache_clear(self) -> None:
        """Forget every result: the next call builds again (tests only)."""
        ...


def built_once(func: Callable[_P, _R]) -> BuiltOnce[_P, _R]:
    """Decorate a builder so that each result is built once and shared by every thread.

    A drop-in for :func:`functools.cache` on builders whose result must be one shared
    object: concurrent first calls do not each build their own.  The check is
    double: a built result is returned without taking the lock; a missing one is
    built under the lock after looking again.  A builder that raises caches nothing.

    Examples:
        >>> calls = []
        >>> @built_once
        ... def table() -> list[int]:
        ...     calls.append(1)
        ...     return [1, 2]
        >>> table() is table(), len(calls)
        (True, 1)
    """
    results: dict[Hashable, _R] = {}
    counts = [0, 0]  # hits, misses (for cache_info; not exact under concurrency)

    @functools.wraps(func)
    def once(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        key: Hashable = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        try:
            found = results[key]  # the common case: built already, no lock taken
        except KeyError:
            pass
        else:
            counts[0] += 1
            return found
        with _BUILD_LOCK:
            try:  # checked again: another thread may have built it while this one waited
                return results[key]
            except KeyError:
                counts[1] += 1
                value = func(*args, **kwargs)
                results[key] = value
                return value

    def cache_info() -> CacheInfo:
        return CacheInfo(counts[0], counts[1], None, len(results))

    def cache_clear() -> None:
        with _BUILD_LOCK:
            results.clear()
            counts[:] = [0, 0]

    wrapper = cast("BuiltOnce[_P, _R]", once)
    wrapper.cache_info = cache_info  # type: ignore[method-assign]
    wrapper.cache_clear = cache_clear  # type: ignore[method-assign]
    return wrapper


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
