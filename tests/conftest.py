"""Shared fixtures: a copy of the demo school in a temp dir, and a CLI runner bound to it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schooldigital.cli import app

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The parse cache of the test run in a temp folder, never the user's ~/.cache (subprocesses inherit it)."""
    os.environ["SD_CACHE_DIR"] = str(tmp_path_factory.mktemp("sd-cache"))


DEMO_PARTS = ("school.yaml", "registers", "surveys", "leaders", "strategy")


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A private copy of the demo school that a test may change freely."""
    root = tmp_path / "school"
    root.mkdir()
    for part in DEMO_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, root / part)
        elif src.is_file():
            shutil.copy2(src, root / part)
    return root


Run = Callable[..., "Result"]


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr

    def __repr__(self) -> str:
        return f"Result(exit_code={self.exit_code}, stdout={self.stdout[-2000:]!r}, stderr={self.stderr[-2000:]!r})"


@pytest.fixture
def sd(school: Path) -> Run:
    """Run `sd --root <school> ARGS...` through Typer's runner; stdout and stderr kept apart."""

    def run(*args: str, input: str | None = None, root: Path | None = None) -> Result:
        result = CliRunner().invoke(app, ["--root", str(root or school), *args], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return run
