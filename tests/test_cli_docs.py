"""Issue 21 (8): docs/cli.md is generated from the command tree and kept in sync with it."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

from schooldigital.cli.docs import current
from schooldigital.cli.examples import EXAMPLES
from terminal import SRC

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "cli.md"


def test_docs_cli_md_is_up_to_date() -> None:
    expected = current()
    actual = DOC.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(actual.splitlines(True), expected.splitlines(True), "docs/cli.md", "now"))
    assert actual == expected, f"docs/cli.md is out of date: run `python -m schooldigital.cli.docs`\n{diff[:3000]}"


def test_every_visible_command_and_example_is_documented() -> None:
    text = current()
    for path, lines in EXAMPLES.items():
        assert f"## `sd {path}`" in text
        assert all(f"\n{line}\n" in text for line in lines)
    assert "merge-driver" not in text  # hidden: git runs it, people do not
    assert "\b" not in text and "Example:" not in text


def test_check_flag_reports_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "cli.md"
    stale.write_text("# old\n", encoding="utf-8")
    run = [sys.executable, "-m", "schooldigital.cli.docs", "--check", str(stale)]
    done = subprocess.run(run, capture_output=True, text=True, env={"PYTHONPATH": str(SRC)})
    assert done.returncode == 1 and "out of date" in done.stderr
    subprocess.run(run[:3] + [str(stale)], check=True, capture_output=True, env={"PYTHONPATH": str(SRC)})
    assert stale.read_text(encoding="utf-8") == current()
