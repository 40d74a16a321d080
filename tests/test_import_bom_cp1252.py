"""A file that starts with a UTF-8 BOM and then holds Windows-1252 bytes (Excel's "CSV UTF-8" re-saved by an old
tool) imports or fails with one clear error in every importer, never a traceback (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_helpers import MINI_HEADER, setup
from test_jobs_import import GOOGLE

BOM = b"\xef\xbb\xbf"


def _mixed(path: Path, text: str) -> Path:
    path.write_bytes(BOM + text.encode("cp1252"))
    return path


def _clean_failure(result, path: Path) -> None:
    assert result.exit_code == 2, result
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error " in line]
    assert len(errors) == 1, result.stderr
    assert f"{path.name}:2:" in errors[0] and "encoding-invalid" in errors[0]
    assert "save the file as UTF-8" in errors[0]


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
    _clean_failure(sd(*command, str(path), "--dry-run"), path)


def test_survey(school: Path, sd, tmp_path: Path) -> None:
    setup(school)
    path = _mixed(tmp_path / "mixed.csv", MINI_HEADER + "\n01/06/2026 09:00,z@x.uk,Teacher,Café,1,2,3,4,1,2\n")
    result = sd("survey", "import", str(path), "--round", "r1", "--framework", "mini")
    _clean_failure(result, path)
    assert not (school / "surveys/rounds/r1").exists()


def test_jobs(school: Path, sd, tmp_path: Path) -> None:
    before = (school / "leaders/jobs.yaml").read_bytes()
    path = _mixed(tmp_path / "mixed.csv", GOOGLE.replace("Visualiser", "Café visualiser"))
    result = sd("jobs", "import", str(path), "--profile", "google")
    _clean_failure(result, path)
    assert (school / "leaders/jobs.yaml").read_bytes() == before
