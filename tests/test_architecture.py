"""The house: every module on its floor, imports pointing down only, no circles, none too big.

The floors are the ones ``docs/explanation/architecture.md`` draws; this test reads every
module's imports (those inside functions too) with :mod:`ast` and holds them against it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "commit_mef"
DOC = Path(__file__).resolve().parents[1] / "docs" / "explanation" / "architecture.md"

#: The floors, lowest first; a module may import its own floor and those below.
FLOORS: dict[str, int] = {
    "errors": 0,
    "_errors_extra": 0,
    "_problems": 0,
    "_deprecation": 0,
    "_validators": 1,
    "_registry": 1,
    "_caches": 1,
    "_paths": 1,
    "_display": 1,
    "_version": 0,
    "countries": 1,
    "periods": 1,
    "units": 1,
    "money": 1,
    "rates": 1,
    "sources": 1,
    "commitments": 2,
    "indicators": 2,
    "plans": 2,
    "observations": 3,
    "aggregation": 4,
    "progress": 4,
    "validation": 4,
    "io": 5,
    "engines": 5,
    "datasets": 5,
    "reports": 5,
    "cli": 5,
    "_cli_io": 5,
    "_cli_diff": 5,
    "_cli_plan": 5,
    "_cli_schema": 5,
    "__main__": 5,
    "testing": 6,
}
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__")
        out[name] = path
    return out


def _room(name: str) -> str:
    return name.split(".", maxsplit=1)[0] if name else ""


def _top_level(tree: ast.Module) -> list[ast.stmt]:
    """The statements run at import time (not inside functions, not under TYPE_CHECKING)."""
    out = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        out.append(node)
    return out


def _imports(path: Path, name: str, *, at_import: bool = False) -> set[str]:
    """The commit_mef modules a module imports, as dotted names below the package.

    With ``at_import``, only the imports run when the module is imported.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    roots = _top_level(tree) if at_import else [tree]
    for node in (n for root in roots for n in ast.walk(root)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("commit_mef")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(["commit_mef", *package.split(".")][: -node.level + 1 or None])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module.startswith("commit_mef"):
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}
    modules = _modules()
    return {
        m.removeprefix("commit_mef.").removeprefix("commit_mef")
        for m in found
        if m.removeprefix("commit_mef.") in modules or m == "commit_mef"
    }


MODULES = _modules()


def test_every_room_has_a_floor() -> None:
    rooms = {_room(n) for n in MODULES} - {""}
    assert rooms <= set(FLOORS), f"rooms without a floor: {sorted(rooms - set(FLOORS))}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n))
def test_imports_point_down_only(name: str) -> None:
    floor = FLOORS[_room(name)]
    for target in _imports(MODULES[name], name):
        if not target:
            continue  # the front door's lazy table is read by name only
        room = _room(target)
        assert FLOORS[room] <= floor, (
            f"{name} (floor {floor}) imports {target} (floor {FLOORS[room]})"
        )
        assert room != "testing" or _room(name) == "testing", f"{name} imports testing"


def test_no_import_circles_between_rooms() -> None:
    # Import time only: a call made later inside a function (Budget.check() asking rates, the
    # money module's lazy re-export of the names that moved to rates) runs no import circle.
    edges: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        if not name:
            continue
        edges.setdefault(_room(name), set()).update(
            _room(t) for t in _imports(path, name, at_import=True) if t and _room(t) != _room(name)
        )
    seen: set[str] = set()

    def visit(room: str, stack: tuple[str, ...]) -> None:
        assert room not in stack, f"import circle: {' -> '.join((*stack, room))}"
        if room in seen:
            return
        for nxt in edges.get(room, ()):
            visit(nxt, (*stack, room))
        seen.add(room)

    for room in edges:
        visit(room, ())


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.startswith("testing")))
def test_each_module_is_small_and_says_its_job(name: str) -> None:
    text = MODULES[name].read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{name} has {len(text.splitlines())} lines"
    doc = ast.get_docstring(ast.parse(text))
    assert doc, f"{name} has no module docstring"
    assert doc.splitlines()[0].strip().endswith((".", ":")) or len(doc.splitlines()[0]) > 10


def test_the_architecture_page_shows_every_room_and_module_file() -> None:
    page = DOC.read_text(encoding="utf-8")
    for path in MODULES.values():
        shown = path.relative_to(SRC).as_posix()
        assert shown in page, f"{shown} is not in docs/explanation/architecture.md"
