"""Deprecation shims: old import paths keep working for one release, each with a warning."""

from __future__ import annotations

import importlib
import sys

import pytest

from commit_mef._deprecation import MOVED_MODULES, REMOVAL

#: One name each old module held, to show it still resolves to the same object.
SAMPLE_NAME = {
    "commit_mef._charts": "draw",
    "commit_mef._columns": "group_codes",
    "commit_mef._currencies": None,
    "commit_mef._moneyparse": None,
    "commit_mef._rates": None,
    "commit_mef._render_html": "render",
    "commit_mef._render_json": "REPORT_SCHEMA",
    "commit_mef._render_markdown": "render",
    "commit_mef._render_text": "render",
    "commit_mef._report_build": "progress_report",
    "commit_mef._report_model": "ProgressReport",
    "commit_mef.io._tabular": "read_csv",
}


def test_every_moved_module_has_a_sample() -> None:
    assert set(SAMPLE_NAME) == set(MOVED_MODULES)


@pytest.mark.parametrize("old", sorted(MOVED_MODULES))
def test_an_old_module_path_imports_with_a_deprecation_warning(old: str) -> None:
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=rf"{old} is deprecated .* {REMOVAL}: use "):
        module = importlib.import_module(old)
    name = SAMPLE_NAME[old] or next(
        n for n in vars(importlib.import_module(MOVED_MODULES[old][0])) if not n.startswith("__")
    )
    new = next(
        getattr(m, name)
        for m in map(importlib.import_module, MOVED_MODULES[old])
        if hasattr(m, name)
    )
    assert getattr(module, name) is new
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        module.nope  # noqa: B018
    sys.modules.pop(old, None)


def test_a_name_that_never_existed_is_still_a_plain_import_error() -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("commit_mef._no_such_module")


def test_the_warning_points_at_the_importing_line() -> None:
    sys.modules.pop("commit_mef._columns", None)
    with pytest.warns(DeprecationWarning, match="commit_mef._columns is deprecated") as caught:
        import commit_mef._columns as old  # type: ignore[import-not-found]

    assert caught[0].filename == __file__
    assert (
        old.group_codes is importlib.import_module("commit_mef.observations._columns").group_codes
    )
    sys.modules.pop("commit_mef._columns", None)
