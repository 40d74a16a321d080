"""Issue 21 (3): `sd --version` names the package, the standards catalogue and Python, cheaply."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import yaml

from schooldigital.cli.version import CATALOGUE, catalogue_revision

SRC = Path(__file__).resolve().parents[1] / "src"


def _sd(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; sys.argv[0] = 'sd'; from schooldigital.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env={"PYTHONPATH": str(SRC)}
    )


def test_version_prints_package_catalogue_and_python() -> None:
    done = _sd("--version")
    assert done.returncode == 0 and done.stderr == ""
    revision = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["revision"]
    py = ".".join(map(str, sys.version_info[:3]))
    assert done.stdout.splitlines() == [
        f"sd {importlib.metadata.version('schooldigital')}",
        f"standards catalogue: {revision}",
        f"python {py} ({sys.implementation.name})",
    ]
    assert _sd("-V", "validate").stdout == done.stdout  # eager: the command after it is not run


def test_version_after_a_command_is_a_usage_error() -> None:
    assert _sd("validate", "--version").returncode == 2


def test_catalogue_revision_without_a_revision_line(tmp_path: Path) -> None:
    path = tmp_path / "standards.yaml"
    path.write_text("# revision: in a comment\nareas: []\n", encoding="utf-8")
    assert catalogue_revision(path) == "unknown"
    assert catalogue_revision(tmp_path / "missing.yaml") == "unknown"


def test_version_loads_no_heavy_library() -> None:
    from test_startup import _heavy_modules_after

    assert _heavy_modules_after("--version") == []
