"""Every code example in the docs and the README runs as it stands, imports included.

An example is read as a reader copies it.  On every page but the tutorials, each Python
example (a ``{doctest}`` block, a ````` ```python ````` block, a ``>>>`` session) runs on its
own: in a fresh namespace, in an empty temporary folder, with no hidden set-up (no
``from commit_mef import *`` the block does not show) and nothing left by the blocks before it;
each block is a test of its own, named ``page:line``.  The package's registries (count units,
fiscal calendars, validation rules, report formats) belong to the process, not to a namespace, so
an example unregisters what it registers: one that leaves them changed fails.  A tutorial (``docs/tutorial/``) is a
session: its examples run top to bottom in one namespace, and the page says so near the top,
before its first example, in the sentence :data:`SESSION`.

An example that imports an optional dependency that is not installed is skipped (on a
tutorial page, from that example on), naming the extra to install; nothing else skips.  An
example that needs more than it shows says so in a comment just before it:

``<!-- example: needs=polars -->``
    a library that is not one of the package's extras (skipped, saying so, when missing);
``<!-- example: files=tests/data/iati-2.03/iati-activities-schema.xsd -->``
    files a reader has beside them (copied from the repository into the folder first).
"""

from __future__ import annotations

import contextlib
import doctest
import importlib.util
import io
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]

#: The optional dependencies, by the module a page imports, with the extra that installs them.
EXTRAS = {
    "openpyxl": "excel",
    "pandas": "pandas",
    "pyarrow": "arrow",
    "duckdb": "duckdb",
    "ibis": "duckdb",
    "pyspark": "spark",
    "matplotlib": "plot",
    "sdmx": "sdmx",
    "lxml": "iati",
    "jsonschema": "test",
    "hypothesis": "test",
}
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")
_MARK = re.compile(r"^<!--\s*example:(?P<spec>.*?)-->\s*$")
_PYTHON = ("{doctest}", "python", "pycon", "python3")
TUTORIALS = ROOT / "docs" / "tutorial"
#: What a tutorial page says before its first example, so a reader knows its blocks build on
#: one another.
SESSION = "The examples on this page continue one another: run them in order from the top."


@attrs.frozen
class Example:
    """One runnable example: where it is, its source, and what it needs."""

    page: Path
    line: int
    source: str
    needs: tuple[str, ...] = ()
    files: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def examples(page: Path) -> Iterator[Example]:
    """The Python examples of a page, in order, with the marks written before them."""
    lines = page.read_text(encoding="utf-8").splitlines()
    mark: dict[str, tuple[str, ...]] = {}
    i = 0
    while i < len(lines):
        found = _MARK.match(lines[i].strip())
        if found:
            for item in found["spec"].split():
                key, _, value = item.partition("=")
                mark[key] = tuple(v for v in value.split(",") if v)
        fence = _FENCE.match(lines[i].strip())
        if not fence:
            i += 1
            continue
        close = re.compile(rf"^{re.escape(fence['fence'][0])}{{{len(fence['fence'])},}}\s*$")
        end = next(
            (j for j in range(i + 1, len(lines)) if close.match(lines[j].strip())), len(lines)
        )
        info = fence["info"].split()
        kind = info[0] if info else ""
        if kind in _PYTHON or (kind == "{code-block}" and info[1:2] == ["python"]):
            body = "\n".join(lines[i + 1 : end])
            yield Example(page, i + 1, body, mark.get("needs", ()), mark.get("files", ()))
        mark = {}
        i = end + 1


def _is_tutorial(page: Path) -> bool:
    return page.is_relative_to(TUTORIALS)


def _pages() -> list[Path]:
    return [p for p in PAGES if any(True for _ in examples(p))]


def _blocks() -> list[Example]:
    return [e for p in _pages() if not _is_tutorial(p) for e in examples(p)]


def _run(example: Example, namespace: dict[str, Any]) -> None:
    """Run one example in ``namespace`` (updated with what it defines); fail with its output."""
    if ">>>" in example.source:
        test = doctest.DocTestParser().get_doctest(
            example.source, namespace, example.where, str(example.page), example.line
        )
        out = io.StringIO()
        runner = doctest.DocTestRunner(optionflags=FLAGS)
        runner.run(test, out=out.write, clear_globs=False)
        namespace.update(test.globs)
        _skip_for_missing_extra(out.getvalue())
        assert not runner.failures, f"{example.where}:\n{out.getvalue()}"
        return
    argv = sys.argv
    sys.argv = [f"{example.page.stem}.py"]
    try:
        exec(compile(example.source, example.where, "exec"), namespace)  # noqa: S102
    except ModuleNotFoundError as exc:
        _skip_for_missing_extra(f"ModuleNotFoundError: No module named '{exc.name}'")
        raise
    finally:
        sys.argv = argv


def _skip_for_missing_extra(output: str) -> None:
    for name in re.findall(r"ModuleNotFoundError: No module named '([\w.]+)'", output):
        extra = EXTRAS.get(name.split(".")[0])
        if extra is not None:
            pytest.skip(f"needs the {extra} extra: pip install 'commit-mef[{extra}]' ({name})")


def _registries() -> dict[str, dict[str, Any]]:
    """What the package's registries hold: count units, fiscal calendars, rules, report formats."""
    from commit_mef.periods import fiscal_calendars
    from commit_mef.reports import formats
    from commit_mef.units import count_units
    from commit_mef.validation import RULES

    return {
        "count unit": count_units(),
        "fiscal calendar": fiscal_calendars(),
        "validation rule": dict(RULES),
        "report format": dict.fromkeys(formats()),
    }


def _unregister(kind: str, name: str) -> None:
    from commit_mef.periods import unregister_fiscal_calendar
    from commit_mef.reports import unregister_format
    from commit_mef.units import unregister_unit
    from commit_mef.validation import unregister_rule

    remove = {
        "count unit": unregister_unit,
        "fiscal calendar": unregister_fiscal_calendar,
        "validation rule": unregister_rule,
        "report format": unregister_format,
    }
    remove[kind](name)


@contextlib.contextmanager
def _leaves_the_registries_as_found(where: str) -> Iterator[None]:
    """Fail an example that leaves something registered (or replaced, or removed).

    Registries are the process's, not the namespace's: an example that registered a unit and
    kept it would make the next one pass only after it, and fail run alone.  What it added is
    removed even when it fails, so one such example does not break the others.
    """
    before = _registries()
    changed: list[str] = []
    try:
        yield
    finally:
        for kind, entries in _registries().items():
            for name in sorted(set(entries) - set(before[kind])):
                _unregister(kind, name)
                changed.append(f"{kind} {name!r} left registered")
            changed.extend(
                f"{kind} {name!r} replaced or removed"
                for name, entry in before[kind].items()
                if name not in entries or entries[name] is not entry
            )
    assert not changed, f"{where}: unregister what the example registers ({'; '.join(changed)})"


def _run_alone(example: Example, namespace: dict[str, Any], folder: Path) -> None:
    """Run one example in ``namespace``, from ``folder``, with the files and libraries it needs."""
    for name in example.needs:
        if importlib.util.find_spec(name) is None:
            pytest.skip(f"{example.where} needs {name}, which is not a dependency of the package")
    for file in example.files:
        shutil.copy(ROOT / file, folder / Path(file).name)
    with (
        _leaves_the_registries_as_found(example.where),
        contextlib.redirect_stdout(io.StringIO())
        if ">>>" not in example.source
        else contextlib.nullcontext(),
    ):
        _run(example, namespace)
    assert os.getcwd() == str(folder)


def _says_it_is_a_session(page: Path) -> bool:
    """Whether :data:`SESSION` is on the page before its first example (lines may wrap)."""
    first = next(examples(page)).line
    before = " ".join(page.read_text(encoding="utf-8").splitlines()[:first])
    return SESSION in " ".join(before.split())


@pytest.mark.parametrize("example", _blocks(), ids=lambda e: e.where)
def test_each_example_runs_on_its_own(
    example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside the tutorials, a block copied alone into a fresh interpreter runs as shown."""
    monkeypatch.chdir(tmp_path)
    _run_alone(example, {"__name__": "__main__"}, tmp_path)


@pytest.mark.parametrize(
    "page",
    [p for p in _pages() if _is_tutorial(p)],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_a_tutorial_runs_from_the_top(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tutorial's examples run in order in one namespace, and the page says they do."""
    assert _says_it_is_a_session(page), f"{page.name}: say before the first example: {SESSION!r}"
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for example in examples(page):
        _run_alone(example, namespace, tmp_path)


def test_every_page_with_code_is_found() -> None:
    pages = {p.relative_to(ROOT).as_posix() for p in _pages()}
    assert {"README.md", "docs/tutorial/first-steps.md", "docs/howto/export-iati.md"} <= pages
    found = list(examples(ROOT / "docs" / "howto" / "export-iati.md"))
    assert any("XMLSchema" in e.source and e.files for e in found)
    assert sum(1 for p in PAGES for _ in examples(p)) > 150
    tutorials = {p.name for p in _pages() if _is_tutorial(p)}
    assert {"first-steps.md", "build-spa4.md", "draft-spa5.md"} <= tutorials
    alone = {e.where for e in _blocks()}
    assert not any(w.startswith("docs/tutorial/") for w in alone)
    assert len(alone) > 100
    assert any(w.startswith("README.md:") for w in alone)


def test_marks_and_fences_are_read(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Text\n\n<!-- example: needs=polars files=a.xsd,b.xsd -->\n```python\nimport polars\n```\n\n"
        "````{admonition} Note\n```{doctest}\n>>> 1 + 1\n2\n```\n````\n\n"
        "```console\n$ pip install .\n```\n\n```{doctest}\n>>> 2\n2\n```\n",
        encoding="utf-8",
    )
    found = list(examples(page))
    assert [(e.line, e.needs, e.files) for e in found] == [
        (4, ("polars",), ("a.xsd", "b.xsd")),
        (19, (), ()),
    ]
    assert found[0].source == "import polars"


def test_only_a_missing_extra_skips() -> None:
    with pytest.raises(pytest.skip.Exception, match=r"pip install 'commit-mef\[excel\]'"):
        _skip_for_missing_extra("ModuleNotFoundError: No module named 'openpyxl'")
    _skip_for_missing_extra("ModuleNotFoundError: No module named 'commit_mef.nothing'")


def test_a_hidden_import_fails(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```{doctest}\n>>> Plan\n<class 'commit_mef.plans._tree.Plan'>\n```\n")
    (example,) = examples(page)
    with pytest.raises(AssertionError, match="NameError: name 'Plan' is not defined"):
        _run(attrs.evolve(example, page=ROOT / "page.md"), {})


def test_a_tutorial_must_say_it_is_a_session(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    example = "```{doctest}\n>>> 1\n1\n```\n"
    page.write_text(f"# T\n\nStart here.\n\n{example}\n{SESSION}\n", encoding="utf-8")
    assert not _says_it_is_a_session(page)
    wrapped = SESSION.replace(" run ", "\nrun ")
    page.write_text(f"# T\n\nStart here. {wrapped}\n\n{example}", encoding="utf-8")
    assert _says_it_is_a_session(page)


def test_an_example_that_keeps_a_registration_fails() -> None:
    from commit_mef.units import count_units, register_unit, unregister_unit

    with (
        pytest.raises(AssertionError, match="count unit 'leftover' left registered"),
        _leaves_the_registries_as_found("page.md:1"),
    ):
        register_unit("leftover", "registered and kept")
    assert "leftover" not in count_units()
    with _leaves_the_registries_as_found("page.md:1"):
        register_unit("leftover")
        unregister_unit("leftover")


def _conf() -> Any:
    spec = importlib.util.spec_from_file_location("docs_conf", ROOT / "docs" / "conf.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_signatures_show_attrs_defaults_as_values() -> None:
    from commit_mef.commitments import Commitment
    from commit_mef.money import Budget
    from commit_mef.observations import Observation

    hook = _conf()._attrs_defaults
    sig = "(*, amount, period, recipient=attr_dict['recipient'].default, status=attr_dict['status'].default, note=attr_dict['note'].default)"
    assert hook(None, "class", "Budget", Budget, {}, sig, None) == (
        "(*, amount, period, recipient=None, status='original', note='')",
        None,
    )
    sig = "(*, indicator, basis=attr_dict['basis'].default, flags=attr_dict['flags'].default)"
    assert hook(None, "class", "Observation", Observation, {}, sig, None)[0] == (
        "(*, indicator, basis=Basis.TOTAL, flags=())"
    )
    sig = "(*, article, areas=attr_dict['areas'].default, id=NOTHING)"
    assert hook(None, "class", "Commitment", Commitment, {}, sig, None)[0] == (
        "(*, article, areas=(), id=<computed>)"
    )
    assert hook(None, "function", "f", len, {}, "(x=NOTHING)", None) is None
