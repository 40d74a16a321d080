"""A pull request is hostile input (issue 12), path level: a folder of the school committed as a symlink to
somewhere else must not make any command read or write outside the school.

Each case moves one folder out of the school and leaves a symlink in its place, puts a secret in the file the
command would read there, and asserts a refusal, the exit status, the secret in no output, and nothing written
on either side of the link.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gitrepo import git_env  # noqa: F401 - git_env is an autouse fixture
from test_hostile_store import snapshot

SECRET = "hunter2-outside"
TAGGED = f"profiles: !{SECRET} x\n"  # a tag is quoted back in the error: the secret shows if this file is read
UNSAFE = "error unsafe-path: not read: a register must be a regular file inside the school folder"
EXPORT = "Timestamp,Your initials or class\n18/11/2026 08:41:09,WP\n"


def outside(school: Path, folder: str, tmp_path: Path) -> Path:
    """Move `folder` out of the school and commit a symlink to it in its place, as a pull request can."""
    away = tmp_path / "elsewhere" / folder.replace("/", "-")
    away.parent.mkdir(exist_ok=True)
    shutil.move(school / folder, away)
    (school / folder).symlink_to(away)
    return away


def refused(result, *wanted: str) -> None:  # type: ignore[no-untyped-def]
    """Exit 2, a line starting with each of `wanted` (the file named as in the school), no secret anywhere."""
    assert result.exit_code == 2, result
    lines = [line.removeprefix("sd: ") for line in result.stderr.splitlines()]
    for text in wanted:
        assert any(line.startswith(text) for line in lines), result.stderr
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("command", "profile"),
    [
        (("jobs", "import"), "leaders/jobs-import.yaml"),
        (("leaders", "import-applications"), "leaders/applications-import.yaml"),
    ],
)
def test_import_profile_through_a_symlinked_folder_is_refused_unread(
    school: Path, sd, tmp_path: Path, command: tuple[str, ...], profile: str
) -> None:
    away = outside(school, "leaders", tmp_path)
    (away / Path(profile).name).write_text(TAGGED)
    export = tmp_path / "responses.csv"
    export.write_text(EXPORT)
    before, away_before = snapshot(school), snapshot(away)

    refused(sd(*command, str(export)), f"{profile}: {UNSAFE}")
    assert snapshot(school) == before and snapshot(away) == away_before


def test_badge_recipients_through_a_symlinked_folder_are_refused_unread(school: Path, sd, tmp_path: Path) -> None:
    (school / ".sd-local").mkdir()
    away = outside(school, ".sd-local", tmp_path)
    (away / "recipients.yaml").write_text(f"wpat: !{SECRET} w.patel@example.org\n")
    before, away_before = snapshot(school), snapshot(away)

    refused(sd("badges", "issue"), f".sd-local/recipients.yaml: {UNSAFE}")
    assert snapshot(school) == before and snapshot(away) == away_before


def test_survey_mapping_through_a_symlinked_folder_is_refused_unread(school: Path, sd, tmp_path: Path) -> None:
    away = outside(school, "surveys/mappings", tmp_path)
    (away / "riverside-google.yaml").write_text(f"framework: !{SECRET} digilit-leicester\n")
    before = snapshot(school)

    refused(sd("validate"), f"surveys/mappings/riverside-google.yaml: {UNSAFE}")
    assert snapshot(school) == before


def test_survey_rounds_through_a_symlinked_folder_are_refused_unread(school: Path, sd, tmp_path: Path) -> None:
    away = outside(school, "surveys/rounds", tmp_path)
    meta = away / "2026-summer/round.yaml"
    meta.write_text(meta.read_text().replace("kind: statements", f"kind: !{SECRET} statements"))
    before, away_before = snapshot(school), snapshot(away)

    refused(sd("survey", "report", "--round", "2026-summer"), f"surveys/rounds/2026-summer/round.yaml: {UNSAFE}")
    assert snapshot(school) == before and snapshot(away) == away_before


def test_register_read_by_an_edit_through_a_symlinked_folder_is_refused_unread(
    school: Path, sd, tmp_path: Path
) -> None:
    away = outside(school, "registers", tmp_path)
    with (away / "contracts.yaml").open("a") as fh:
        fh.write(f"\n- id: c099-planted\n  title: Planted\n  {SECRET}: x\n")
    before, away_before = snapshot(school), snapshot(away)

    contract = ["--title", "Maths app", "--supplier", "ldc", "--type", "approved_app", "--owner", "htay"]
    dates = ["--start", "2026-09-01", "--end", "2027-08-31", "--renewal", "manual"]
    result = sd("contracts", "add", *contract, *dates, "--no-interactive")

    refused(result, f"registers/contracts.yaml: {UNSAFE}")
    assert snapshot(school) == before and snapshot(away) == away_before


def test_renumber_through_a_symlinked_folder_is_refused_unread(school: Path, sd, tmp_path: Path) -> None:
    away = outside(school, "registers", tmp_path)
    header, first, *rest = (away / "assets.csv").read_text().splitlines(keepends=True)
    cells = first.split(",")
    cells[5] = SECRET  # one device twice (the same serial): renumber names the serial when it refuses
    row = ",".join(cells)
    (away / "assets.csv").write_text(header + row + "".join(rest) + row)
    before, away_before = snapshot(school), snapshot(away)

    refused(sd("assets", "renumber", cells[0]), f"registers/assets.csv: {UNSAFE}")
    assert snapshot(school) == before and snapshot(away) == away_before


# --- writes never land outside the school ---------------------------------------------------------------------


def test_write_lock_through_a_symlinked_cache_folder_is_refused(school: Path, sd, tmp_path: Path) -> None:
    away = tmp_path / "elsewhere"
    away.mkdir()
    (school / ".sd-cache").symlink_to(away)
    before = snapshot(school)

    result = sd("assets", "add", "--category", "laptop", "--model", "dell-latitude-3440", "--location", "hall")

    refused(result, ".sd-cache/write.lock: not written: sd writes only inside the school folder")
    assert snapshot(school) == before and list(away.iterdir()) == []


def test_badges_published_through_a_symlinked_folder_are_refused(school: Path, sd, tmp_path: Path) -> None:
    (school / ".sd-local").mkdir()
    (school / ".sd-local/recipients.yaml").write_text("dl-2025-01: a.k@pupils.example.org\n")
    away = tmp_path / "elsewhere"
    away.mkdir()
    (school / "out").symlink_to(away)
    before = snapshot(school)

    refused(sd("badges", "issue"), "out/badges/issuer.json: not written: sd writes only inside the school folder")
    assert snapshot(school) == before and list(away.iterdir()) == []


def test_framework_installed_through_a_symlinked_folder_is_refused(school: Path, sd, tmp_path: Path) -> None:
    away = outside(school, "surveys/frameworks", tmp_path)
    (away / "digcompedu.yaml").unlink()
    before, away_before = snapshot(school), snapshot(away)

    result = sd("survey", "frameworks", "--install", "digcompedu")

    refused(result, "surveys/frameworks/digcompedu.yaml: not written: sd writes only inside the school folder")
    assert snapshot(school) == before and snapshot(away) == away_before


def test_drawn_badge_image_through_a_symlinked_folder_is_refused(school: Path, sd, tmp_path: Path) -> None:
    away = outside(school, "leaders", tmp_path)
    before, away_before = snapshot(school), snapshot(away)

    result = sd("badges", "define", "planted", "--name", "N", "--description", "D", "--criteria", "C")

    refused(result, "leaders/badges/planted.png: not written: sd writes only inside the school folder")
    assert snapshot(school) == before and snapshot(away) == away_before
