"""The documented import paths are true: every name the docs show imports from where they show it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

ROLE = re.compile(r"\{py:(?:class|func|meth|attr|data|obj|exc|mod)\}`~?(commit_mef[\w.]*)`")
IMPORT = re.compile(
    r"^(?:>>> |\.\.\. )?\s*from (commit_mef[\w.]*) import ([\w, ()]+?)\)?\s*$", re.M
)


def _resolve(dotted: str) -> object:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ModuleNotFoundError(dotted)  # pragma: no cover - every path starts at commit_mef


def _references() -> list[tuple[str, str]]:
    found = set()
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        found |= {(page.relative_to(DOCS).as_posix(), m) for m in ROLE.findall(text)}
    return sorted(found)


def _imports() -> list[tuple[str, str, str]]:
    found = set()
    for page in PAGES:
        for module, names in IMPORT.findall(page.read_text(encoding="utf-8")):
            for name in names.replace("(", "").split(","):
                if name.strip():
                    found.add((page.relative_to(DOCS).as_posix(), module, name.split()[0]))
    return sorted(found)


@pytest.mark.parametrize(("page", "dotted"), _references(), ids=lambda x: x)
def test_every_cross_reference_names_a_real_object(page: str, dotted: str) -> None:
    assert _resolve(dotted) is not None, f"{page}: {dotted}"


@pytest.mark.parametrize(("page", "module", "name"), _imports(), ids=lambda x: x)
def test_every_import_the_docs_show_works(page: str, module: str, name: str) -> None:
    assert hasattr(importlib.import_module(module), name), f"{page}: from {module} import {name}"


def test_the_reference_index_lists_the_top_level_names_and_where_they_live() -> None:
    import commit_mef

    text = (DOCS / "reference" / "index.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(\w+)` \|", text, re.M))
    assert listed == set(commit_mef.__all__) - {"__version__"}
    for name, module in re.findall(r"^\| `(\w+)` \| `(commit_mef[\w.]*)` \|", text, re.M):
        assert getattr(importlib.import_module(module), name) is getattr(commit_mef, name), name
