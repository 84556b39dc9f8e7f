"""The HTML report opened in a real browser: headless Chromium (Debian's ``chromium``).

The page is loaded from a file with networking disabled; the test reads back the
DOM the browser built and its console log, and checks that the tables and the
inline SVG charts are there and that nothing was logged as an error.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHROMIUM = next(
    (p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()),
    None,
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)",
)

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--enable-logging=stderr",
    "--v=0",
)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The DOM as Chromium built it, and Chromium's log, for the shipped report."""
    pytest.importorskip("matplotlib")
    tmp = tmp_path_factory.mktemp("browser")
    html = tmp / "report.html"
    subprocess.run(
        [sys.executable, "-m", "commit_mef", "report", "--format", "html", "--output", str(html)],
        check=True,
        timeout=300,
    )
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={tmp / 'profile'}",
            "--dump-dom",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


def test_browser_builds_the_tables(page: tuple[str, str]) -> None:
    dom, _log = page
    assert dom.count("<table") >= 20
    assert "<h1>SPA III progress report</h1>" in dom
    for area in range(1, 6):
        assert f'id="area-{area}"' in dom


def test_browser_renders_the_inline_svg_charts(page: tuple[str, str]) -> None:
    dom, _log = page
    for name in ("budget", "trained", "targets"):
        match = re.search(rf'<figure id="chart-{name}">\s*<svg[^>]*>', dom)
        assert match is not None, name


def test_no_console_errors(page: tuple[str, str]) -> None:
    _dom, log = page
    console = [line for line in log.splitlines() if "CONSOLE" in line]
    assert console == []
    assert "Uncaught" not in log


def test_nothing_is_fetched_from_elsewhere(page: tuple[str, str]) -> None:
    dom, _log = page
    assert re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", dom) is None
