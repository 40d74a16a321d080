"""A file that starts with a UTF-8 BOM and then holds Windows-1252 bytes (Excel's "CSV UTF-8" re-saved by an old
tool) imports in every importer, its text read as Windows-1252 (one encoding after the BOM), never a traceback
(issues 13, 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_helpers import MINI_HEADER, setup
from test_jobs_import import GOOGLE

BOM = b"\xef\xbb\xbf"


def _mixed(path: Path, text: str) -> Path:
    path.write_bytes(BOM + text.encode("cp1252"))
    return path


def _decoded(result) -> None:
    """Read as text: whatever else the rows hold (these are minimal), never an encoding error or a traceback."""
    assert "encoding-invalid" not in result.stderr, result
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result


def _imported(result) -> None:
    _decoded(result)
    assert result.exit_code == 0, result


@pytest.mark.parametrize(
    ("command", "text"),
    [
        (
            ["assets", "import"],
            "Asset Tag,Category,Model,Location,Notes\nRP-09003,laptop,dell-latitude-3440,ict-suite,café\n",
        ),
        (["contracts", "import"], "Name,Supplier,Expiration Date\nCafé licence,xma,2027-01-01\n"),
    ],
)
def test_registers(command: list[str], text: str, sd, tmp_path: Path) -> None:
    path = _mixed(tmp_path / "mixed.csv", text)
    result = sd(*command, str(path), "--dry-run")
    _decoded(result)
    if command[0] == "assets":
        _imported(result)
        assert "read CSV, Windows-1252, comma-separated, 1 rows" in result.stderr


def test_survey(school: Path, sd, tmp_path: Path) -> None:
    setup(school)
    path = _mixed(tmp_path / "mixed.csv", MINI_HEADER + "\n01/06/2026 09:00,z@x.uk,Teacher,Café,1,2,3,4,1,2\n")
    result = sd("survey", "import", str(path), "--round", "r1", "--framework", "mini")
    _decoded(result)


def test_jobs(school: Path, sd, tmp_path: Path) -> None:
    before = (school / "leaders/jobs.yaml").read_bytes()
    path = _mixed(tmp_path / "mixed.csv", GOOGLE.replace("Visualiser", "Café visualiser"))
    result = sd("jobs", "import", str(path), "--profile", "google")
    _imported(result)
    after = (school / "leaders/jobs.yaml").read_bytes()
    assert after != before and "Café visualiser".encode() in after  # é read as Windows-1252, stored as UTF-8
