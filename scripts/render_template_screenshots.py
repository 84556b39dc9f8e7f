"""Render the example workbook's sheets as PNG screenshots for the docs (docs/_static/).

Needs LibreOffice (``apt-get install libreoffice-calc``) and pdftoppm (``poppler-utils``):
the workbook is printed to PDF as Calc prints it, and the top of each page is cut out.
Run it after ``scripts/make_example_workbook.py`` and commit the PNGs.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "examples" / "data" / "spa4-figures-2015.xlsx"
STATIC = ROOT / "docs" / "_static"
DPI = 110
# page number, output name, crop (x, y, width, height) in pixels at DPI
SHOTS = (
    (1, "template-instructions.png", (60, 80, 740, 590)),
    (2, "template-area-sheet.png", (60, 90, 1180, 330)),
    (3, "template-milestones-money.png", (60, 100, 1180, 500)),
)


def main() -> None:
    """Print the workbook to PDF with LibreOffice, then cut each screenshot out of its page."""
    tools = {name: shutil.which(name) for name in ("soffice", "pdftoppm")}
    soffice, pdftoppm = tools["soffice"], tools["pdftoppm"]
    if soffice is None or pdftoppm is None:
        raise SystemExit(
            "needs soffice and pdftoppm: apt-get install libreoffice-calc poppler-utils"
        )
    STATIC.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / WORKBOOK.name
        shutil.copy(WORKBOOK, book)
        subprocess.run(  # noqa: S603 - fixed arguments to a tool found on PATH
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(book)],
            check=True,
            capture_output=True,
        )
        pdf = book.with_suffix(".pdf")
        for page, name, (x, y, width, height) in SHOTS:
            stem = Path(tmp) / f"page{page}"
            subprocess.run(  # noqa: S603 - fixed arguments to a tool found on PATH
                [pdftoppm, "-png", "-singlefile", "-r", str(DPI), "-f", str(page), "-l",
                 str(page), "-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height),
                 str(pdf), str(stem)],
                check=True,
            )  # fmt: skip
            shutil.copy(stem.with_suffix(".png"), STATIC / name)
            print(f"wrote docs/_static/{name}")


if __name__ == "__main__":
    main()
