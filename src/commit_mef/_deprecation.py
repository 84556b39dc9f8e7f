"""Deprecations: warnings for names and modules that moved, kept working for one minor release.

The policy is in ``docs/explanation/stability.md``: a public name that moves or is
renamed keeps working, with a :class:`DeprecationWarning` that names the new place,
for at least one minor release, and the changelog lists it under "Deprecated".
The private modules the house work moved (``commit_mef._columns`` and the like)
get the same courtesy, since code did import them.

Examples:
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_moved("commit_mef.money.RateTable", "commit_mef.rates.RateTable")
    >>> print(caught[0].message)
    commit_mef.money.RateTable is deprecated and will be removed in commit-mef 0.2: use commit_mef.rates.RateTable
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
import warnings
from collections.abc import Sequence
from typing import Any

__all__ = ["MOVED_MODULES", "REMOVAL", "install", "warn_moved"]

#: The release that removes what is deprecated now.
REMOVAL = "0.2"

#: Old module -> the modules that now hold its names (looked up in this order).
MOVED_MODULES: dict[str, tuple[str, ...]] = {
    "commit_mef._charts": ("commit_mef.reports._charts",),
    "commit_mef._columns": ("commit_mef.observations._columns",),
    "commit_mef._currencies": ("commit_mef.money._iso4217",),
    "commit_mef._moneyparse": ("commit_mef.money._parse",),
    "commit_mef._rates": ("commit_mef.rates._fixed",),
    "commit_mef._render_html": ("commit_mef.reports._html",),
    "commit_mef._render_json": ("commit_mef.reports",),
    "commit_mef._render_markdown": ("commit_mef.reports._markdown",),
    "commit_mef._render_text": ("commit_mef.reports._text",),
    "commit_mef._report_build": ("commit_mef.reports._build",),
    "commit_mef._report_model": ("commit_mef.reports._model", "commit_mef.reports._rows"),
    "commit_mef.io._tabular": (
        "commit_mef.io._csv",
        "commit_mef.io._datapackage",
        "commit_mef.io._pandas",
    ),
}


def warn_moved(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated in favour of ``new``.

    Args:
        old: The old import path or call, as the user wrote it.
        new: What to use instead.
        stacklevel: How many frames up the warning points (3: the caller's caller).
    """
    warnings.warn(
        f"{old} is deprecated and will be removed in commit-mef {REMOVAL}: use {new}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def _forwarder(targets: Sequence[str], old: str) -> Any:
    def __getattr__(name: str) -> Any:  # noqa: N807 - a module's __getattr__
        for target in targets:
            module = importlib.import_module(target)
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(f"module {old!r} has no attribute {name!r}")

    return __getattr__


class _MovedLoader(importlib.abc.Loader):
    """Builds a stand-in for a moved module: it warns once on import and forwards every name."""

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None  # the default module object

    def exec_module(self, module: types.ModuleType) -> None:
        targets = MOVED_MODULES[module.__name__]
        warn_moved(module.__name__, " or ".join(targets), stacklevel=3)
        module.__doc__ = f"Deprecated: moved to {', '.join(targets)}."
        module.__getattr__ = _forwarder(targets, module.__name__)  # type: ignore[method-assign]


class _MovedFinder(importlib.abc.MetaPathFinder):
    """Finds the old names of moved modules (after every real finder has looked)."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED_MODULES:
            return None
        return importlib.util.spec_from_loader(fullname, _MovedLoader())


def install() -> None:
    """Let the old module paths import, with a warning (idempotent)."""
    if not any(isinstance(finder, _MovedFinder) for finder in sys.meta_path):
        sys.meta_path.append(_MovedFinder())
