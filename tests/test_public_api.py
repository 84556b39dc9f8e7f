"""The public surface: every ``__all__`` name resolves, star-import works, ``__all__`` is sorted."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import pytest

import commit_mef

PUBLIC_MODULES = ["commit_mef", "commit_mef.errors", "commit_mef.testing"]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_name_in_all_resolves_and_all_is_sorted(name: str) -> None:
    module = importlib.import_module(name)
    assert list(module.__all__) == sorted(module.__all__)
    for attr in module.__all__:
        assert getattr(module, attr) is not None, attr


def test_star_import_works() -> None:
    namespace: dict[str, object] = {}
    exec("from commit_mef import *", namespace)  # noqa: S102 - the point of the test
    assert set(commit_mef.__all__) <= set(namespace)


def test_version_is_a_string() -> None:
    assert isinstance(commit_mef.__version__, str)


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        commit_mef.nope  # type: ignore[attr-defined]  # noqa: B018


def test_python_dash_m_runs_the_command_line() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "commit_mef", "countries"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Viet Nam" in out.stdout


def test_all_matches_the_lazy_map() -> None:
    lazy = commit_mef._LAZY
    assert sorted([*lazy, "__version__", "progress"]) == commit_mef.__all__


def test_public_submodules_are_reachable_after_a_bare_import() -> None:
    code = "import commit_mef; print(commit_mef.datasets.plan('spa3').code)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "SPA III"


def test_import_commit_mef_progress_binds_the_module() -> None:
    import commit_mef.progress as m

    assert isinstance(m, types.ModuleType)
    assert m is commit_mef.progress
    assert m.progress.__name__ == "progress"
    from commit_mef import progress

    assert progress is m


def test_calling_the_progress_module_still_works_with_a_deprecation_warning() -> None:
    from commit_mef.indicators import Indicator
    from commit_mef.plans import Target
    from commit_mef.progress import progress

    indicator = Indicator(id="trained", name="Trained", kind="count", unit="person")
    table = commit_mef.ObservationTable.from_columns(
        indicator="trained", country="LAO", period=[2015], magnitude=[150], unit="person"
    )
    target = Target(id="t", indicator="trained", value=500, period="2015-2018")
    expected = progress(target, table, indicator=indicator)
    with pytest.warns(DeprecationWarning, match=r"commit_mef\.progress\.progress\(\)"):
        old = commit_mef.progress(target, table, indicator=indicator)  # type: ignore[operator]
    assert old == expected
