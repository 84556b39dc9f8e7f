"""The tutorial's SPA IV plan and its illustrative 2015 figures, from examples/build_spa4.py."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
from pathlib import Path
from types import ModuleType

import commit_mef as cm

_SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "build_spa4.py"


@functools.cache
def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_spa4_example", _SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def spa4_plan() -> cm.Plan:
    """The SPA IV plan the tutorial builds (its targets are illustrative)."""
    with contextlib.redirect_stdout(io.StringIO()):
        plan: cm.Plan = _module().build_spa4()
    return plan


@functools.cache
def spa4_figures() -> cm.ObservationTable:
    """The tutorial's made-up 2015 figures."""
    table: cm.ObservationTable = _module().year_one()
    return table
