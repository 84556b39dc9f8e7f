"""Registries: named extension points that are explicit, thread-safe and never overwrite silently.

A :class:`Registry` maps names to entries (fiscal calendars by country, count
units, report renderers).  The package's own entries are loaded on first use;
users add theirs with ``register`` and list them all with ``names``.  Adding a
name that is taken raises :class:`~commit_mef.errors.RegistrationError` unless
``replace=True``: two libraries that register the same name learn of it at
once instead of one silently winning.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from commit_mef.errors import RegistrationError

__all__ = ["Registry"]

_V = TypeVar("_V")


class Registry(Generic[_V]):
    """Entries by name, with the package's own ones loaded lazily on first use.

    Args:
        kind: What an entry is, in words (``"count unit"``); used in messages.
        builtins: Returns the package's own entries; called once, on first use.

    Examples:
        >>> reg = Registry("colour", lambda: {"red": 1})
        >>> reg.register("blue", 2)
        >>> reg.names(), reg.get("blue")
        (('blue', 'red'), 2)
        >>> reg.register("red", 3)
        Traceback (most recent call last):
        ...
        commit_mef.errors.RegistrationError: colour 'red' is already registered; pass replace=True to replace it, or choose another name
    """

    def __init__(self, kind: str, builtins: Callable[[], dict[str, _V]]) -> None:
        self.kind = kind
        self._builtins = builtins
        self._entries: dict[str, _V] | None = None
        self._lock = threading.RLock()

    def _loaded(self) -> dict[str, _V]:
        entries = self._entries
        if entries is None:
            with self._lock:
                if self._entries is None:
                    self._entries = dict(self._builtins())
                entries = self._entries
        return entries

    def register(self, name: str, entry: _V, *, replace: bool = False) -> None:
        """Add ``entry`` under ``name``; a taken name is refused unless ``replace``.

        Raises:
            RegistrationError: ``name`` is taken and ``replace`` is false.
        """
        with self._lock:
            entries = self._loaded()
            if name in entries and not replace:
                raise RegistrationError(
                    f"{self.kind} {name!r} is already registered; pass replace=True to "
                    "replace it, or choose another name",
                    registry=self.kind,
                    name=name,
                )
            # Copy on write: readers holding the old dict see a consistent snapshot.
            self._entries = {**entries, name: entry}

    def unregister(self, name: str) -> _V:
        """Remove ``name`` and return its entry.

        Raises:
            RegistrationError: ``name`` is not registered.
        """
        with self._lock:
            entries = dict(self._loaded())
            if name not in entries:
                raise RegistrationError(
                    f"{self.kind} {name!r} is not registered; registered: "
                    f"{', '.join(sorted(entries))}",
                    registry=self.kind,
                    name=name,
                )
            entry = entries.pop(name)
            self._entries = entries
            return entry

    def get(self, name: str) -> _V | None:
        """The entry under ``name``, or ``None``."""
        return self._loaded().get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._loaded()

    def names(self) -> tuple[str, ...]:
        """Every registered name, sorted."""
        return tuple(sorted(self._loaded()))

    def entries(self) -> dict[str, _V]:
        """A copy of every entry by name."""
        return dict(self._loaded())
