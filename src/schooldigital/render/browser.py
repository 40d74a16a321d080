"""Headless Chromium for PDFs and screenshots of rendered HTML (Debian's `chromium`; no Python dependency).

The flags keep Chromium off the network and away from the user's profile: every run uses a throwaway
profile directory, and background services (sync, updates, QUIC) are disabled.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from schooldigital.errors import UserError
from schooldigital.store.atomic import atomic_write_bytes

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def find_chromium() -> str | None:
    """The path of a Chromium-family browser, or None."""
    return next((p for p in (shutil.which(c) for c in CANDIDATES) if p), None)


def run_chromium(page: Path, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a local file with `args` (e.g. `--print-to-pdf=out.pdf`)."""
    exe = find_chromium()
    if exe is None:
        raise UserError("--pdf needs Chromium; install it (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="sd-chromium-") as profile:
        cmd = [exe, *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def html_to_pdf(html: str, pdf: Path) -> None:
    """Print `html` to an A4 PDF (the print stylesheet applies) at `pdf`."""
    with tempfile.TemporaryDirectory(prefix="sd-pdf-") as work:
        page = Path(work) / "report.html"
        page.write_text(html, encoding="utf-8")
        out = Path(work) / "report.pdf"
        done = run_chromium(page, f"--print-to-pdf={out}", "--no-pdf-header-footer")
        if not out.exists():
            raise UserError(f"Chromium could not print the PDF: {done.stderr.strip()[-300:]}")
        atomic_write_bytes(pdf, out.read_bytes())
