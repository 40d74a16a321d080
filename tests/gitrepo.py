"""Helpers for tests that use real git: isolated config, a repository per test, short commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import schooldigital


@pytest.fixture(autouse=True)
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user or system git config leaks in (hooks paths, signing, default branch), for git and for sd."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (tmp_path / "gitconfig").write_text(
        "[user]\n\tname = Test Bursar\n\temail = bursar@example.sch.uk\n[init]\n\tdefaultBranch = main\n"
        "[commit]\n\tgpgsign = false\n"
    )
    # The merge driver is configured as the portable `sd merge-driver ...`: an `sd` on PATH that runs the code
    # under test with this interpreter.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    src = Path(schooldigital.__file__).resolve().parents[1]
    (bin_dir / "sd").write_text(f'#!/bin/sh\nPYTHONPATH="{src}" exec "{sys.executable}" -m schooldigital "$@"\n')
    (bin_dir / "sd").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")


def git(root: Path, *args: str, check: bool = True, stderr: bool = False) -> str:
    """git's stdout (and stderr after it when asked); a failure fails the test unless check=False."""
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}{proc.stdout}")
    return proc.stdout + (proc.stderr if stderr else "")


def make_repo(root: Path, message: str = "demo school") -> Path:
    """Turn a folder into a git repository with everything in one first commit on `main`."""
    if not (root / ".gitignore").exists():
        (root / ".gitignore").write_text(".sd-cache/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return root
