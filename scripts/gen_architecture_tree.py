"""Rewrite the tree at the end of docs/explanation/architecture.md from src/commit_mef.

Each module with its line count and the first line of its docstring, floor by floor;
``tests/test_architecture.py`` checks that every module file is on the page.

Run: ``python scripts/gen_architecture_tree.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "commit_mef"
PAGE = ROOT / "docs" / "explanation" / "architecture.md"
FLOORS = (
    (
        "ground floor: errors",
        ("errors.py", "_errors_extra.py", "_problems.py", "_deprecation.py", "_version.py"),
    ),
    (
        "values",
        (
            "_validators.py",
            "_registry.py",
            "_caches.py",
            "_paths.py",
            "_display.py",
            "countries.py",
            "periods/",
            "units.py",
            "money/",
            "rates/",
            "sources.py",
        ),
    ),
    ("definitions", ("commitments.py", "indicators/", "plans/")),
    ("facts", ("observations/",)),
    ("engines", ("aggregation/", "progress/", "validation/")),
    (
        "edges",
        (
            "io/",
            "engines/",
            "datasets/",
            "reports/",
            "cli.py",
            "_cli_io.py",
            "_cli_diff.py",
            "_cli_plan.py",
            "_cli_schema.py",
            "__main__.py",
        ),
    ),
    ("the test kit (imports everything; nothing imports it)", ("testing/",)),
)


def _line(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    doc = ast.get_docstring(ast.parse(text)) or ""
    first = doc.splitlines()[0] if doc else ""
    return f"{path.relative_to(SRC).as_posix():<32} {len(text.splitlines()):>4}  {first}"


def tree() -> str:
    """The tree block, as the page shows it."""
    files = sorted(SRC.rglob("*.py"))
    lines = [_line(SRC / "__init__.py")]
    for title, members in FLOORS:
        lines.append(f"# {title}")
        for member in members:
            lines += [
                _line(f)
                for f in files
                if f.relative_to(SRC).as_posix() == member
                or (member.endswith("/") and f.relative_to(SRC).as_posix().startswith(member))
            ]
    return "\n".join(lines)


def main() -> None:
    page = PAGE.read_text(encoding="utf-8")
    start = page.index("```text\nsrc/commit_mef/\n") + len("```text\nsrc/commit_mef/\n")
    end = page.index("```", start)
    PAGE.write_text(page[:start] + tree() + "\n" + page[end:], encoding="utf-8")
    print(f"wrote the tree of {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
