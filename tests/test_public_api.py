"""The public surface: every ``__all__`` name resolves, star-import works, ``__all__`` is sorted."""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path

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


# -- the public surface is documented and typed (docs/explanation/stability.md) --------------
FACADES = [
    "commit_mef",
    "commit_mef.aggregation",
    "commit_mef.commitments",
    "commit_mef.countries",
    "commit_mef.datasets",
    "commit_mef.errors",
    "commit_mef.indicators",
    "commit_mef.io",
    "commit_mef.money",
    "commit_mef.observations",
    "commit_mef.periods",
    "commit_mef.plans",
    "commit_mef.progress",
    "commit_mef.rates",
    "commit_mef.reports",
    "commit_mef.sources",
    "commit_mef.testing",
    "commit_mef.units",
    "commit_mef.validation",
]
DOCS = Path(__file__).resolve().parents[1] / "docs"
_ANY = re.compile(r"\bAny\b")


def _public_objects() -> list[tuple[str, object]]:
    seen: set[int] = set()
    out: list[tuple[str, object]] = []
    for facade in FACADES:
        module = importlib.import_module(facade)
        for name in module.__all__:
            obj = getattr(module, name)
            if id(obj) not in seen and (inspect.isclass(obj) or inspect.isfunction(obj)):
                seen.add(id(obj))
                out.append((f"{facade}.{name}", obj))
    return out


def _signatures() -> Iterator[tuple[str, Callable[..., object]]]:
    for qual, obj in _public_objects():
        if inspect.isfunction(obj):
            yield qual, obj
            continue
        assert isinstance(obj, type)
        if not obj.__module__.startswith("commit_mef"):
            continue  # pragma: no cover - every public class is the package's own
        for attr, value in vars(obj).items():
            if attr.startswith("_") and attr != "__init__":
                continue
            func = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
            func = func.fget if isinstance(func, property) else func
            if inspect.isfunction(func):
                yield f"{qual}.{attr}", func


def test_every_public_class_and_function_has_a_docstring_with_an_example() -> None:
    missing = [q for q, obj in _public_objects() if ">>>" not in (obj.__doc__ or "")]
    assert missing == []


@pytest.mark.parametrize("facade", FACADES[1:])
def test_every_public_submodule_has_its_reference_page(facade: str) -> None:
    page = DOCS / "reference" / f"{facade.rsplit('.', 1)[1]}.md"
    text = page.read_text(encoding="utf-8")
    assert f".. automodule:: {facade}" in text
    assert ":exclude-members:" not in text, "a public name left out of the reference"


def test_every_public_signature_is_typed_with_any_only_where_documented() -> None:
    untyped: list[str] = []
    with_any: set[str] = set()
    for qual, func in _signatures():
        annotations = func.__annotations__
        untyped.extend(
            f"{qual}({p.name})"
            for p in inspect.signature(func).parameters.values()
            if p.name not in ("self", "cls") and p.name not in annotations
        )
        if "return" not in annotations and not qual.endswith("__init__"):
            untyped.append(f"{qual} -> ?")
        if any(_ANY.search(str(a)) for a in annotations.values()):
            with_any.add(qual.split(".", 1)[1] if qual.startswith("commit_mef.") else qual)
    assert untyped == []
    text = (DOCS / "explanation" / "stability.md").read_text(encoding="utf-8")
    table = text.split("<!-- any-allowed: start -->")[1].split("<!-- any-allowed: end -->")[0]
    allowed = set(re.findall(r"^\| `([\w.]+)` \|", table, re.M))
    assert with_any == allowed
