"""The HTML reports in a real headless Chromium: the page loads without console errors, the charts are in
the rendered DOM, and a screenshot is produced (issue 6). `make test` installs Debian's chromium when root.

Set SD_SCREENSHOT_DIR to keep the screenshot for a look.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from schooldigital.render.browser import find_chromium, run_chromium

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="Chromium is not installed (run `make test` as root, or `apt-get install chromium`)",
)
CONSOLE = re.compile(r"CONSOLE\(\d+\)\]|Uncaught|ERROR:CONSOLE", re.IGNORECASE)


def _console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


def _load(page: Path) -> tuple[str, list[str]]:
    done = run_chromium(page, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom")
    return done.stdout, _console_errors(done.stderr)


def test_console_error_detection_works_issue_6(tmp_path: Path) -> None:
    """Guards the check below: a page that logs an error must be caught, or 'no errors' proves nothing."""
    page = tmp_path / "bad.html"
    page.write_text("<!doctype html><title>x</title><script>console.error('boom'); undefinedFn();</script>")
    _, errors = _load(page)
    assert errors, "console errors were not detected"


def test_strategy_html_in_chromium_issue_6(sd, tmp_path: Path) -> None:
    page = tmp_path / "strategy.html"
    result = sd("report", "strategy", "--format", "html", "--today", "2026-11-22", "--output", str(page))
    assert result.exit_code == 0, result
    dom, errors = _load(page)
    assert errors == []
    assert dom.count('class="chart"') >= 4
    assert "Questions for governors" in dom
    shot = tmp_path / "strategy.png"
    done = run_chromium(page, f"--screenshot={shot}", "--window-size=420,2400", "--hide-scrollbars")
    assert shot.exists(), done.stderr[-500:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    keep = os.environ.get("SD_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)


def test_pdf_option_prints_a4_issue_6(sd, tmp_path: Path) -> None:
    pdf = tmp_path / "governors.pdf"
    result = sd("report", "governors", "--pdf", str(pdf), "--today", "2026-11-22")
    assert result.exit_code == 0, result
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert re.search(rb"/MediaBox \[0 0 59[45][.0-9]* 84[12]", data)  # A4 is 595 x 842 points
