"""Issue 18 (stable files) and issue 22 (no change is not an error): one change is one line of diff.

Every check runs in a real git repository and reads `git diff --numstat`, which is what a reviewer sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gitrepo import git, git_env, make_repo  # noqa: F401 - git_env is an autouse fixture
from schooldigital.models.assets import ASSET_COLUMNS
from survey_helpers import MINI_HEADER, setup, write

ASSETS = "registers/assets.csv"


def _numstat(root: Path, *args: str) -> dict[str, tuple[int, int]]:
    """{file: (lines added, lines deleted)} of the working tree against HEAD (or the given revisions)."""
    out = git(root, "diff", "--numstat", *args)
    return {name: (int(a), int(d)) for a, d, name in (line.split("\t") for line in out.splitlines())}


@pytest.fixture
def repo(school: Path) -> Path:
    return make_repo(school)


def test_demo_register_has_every_column_in_fixed_order_issue_18(school: Path) -> None:
    assert (school / ASSETS).read_text().splitlines()[0] == ",".join(ASSET_COLUMNS)


def test_first_write_and_sd_init_write_every_column_issue_18(school: Path, sd, tmp_path: Path) -> None:
    (school / ASSETS).unlink()
    added = sd("assets", "add", "--category", "laptop", "--model", "dell-latitude-3440", "--location", "office")
    assert added.exit_code == 0, added
    assert (school / ASSETS).read_text().splitlines()[0] == ",".join(ASSET_COLUMNS)

    made = sd("init", str(tmp_path / "new"), "--name", "Oak School", "--urn", "111111", "--phase", "primary")
    assert made.exit_code == 0, made
    assert (tmp_path / "new" / ASSETS).read_text() == ",".join(ASSET_COLUMNS) + "\n"


def test_edit_add_dispose_change_only_their_rows_issue_18(repo: Path, sd) -> None:
    assert sd("assets", "edit", "RP-00004", "--notes", "screen cracked").exit_code == 0
    assert _numstat(repo) == {ASSETS: (1, 1)}
    git(repo, "commit", "-qam", "edit")

    added = sd("assets", "add", "--category", "laptop", "--model", "dell-latitude-3440", "--location", "office")
    assert added.exit_code == 0, added
    assert _numstat(repo) == {ASSETS: (1, 0)}
    git(repo, "commit", "-qam", "add")

    disposed = sd("assets", "dispose", "RP-00005", "--method", "recycling", "--data-wiped", "--certificate", "W-7")
    assert disposed.exit_code == 0, disposed
    assert _numstat(repo) == {ASSETS: (1, 1)}


def test_import_changes_only_the_rows_it_adds_or_updates_issue_18(repo: Path, sd, tmp_path: Path) -> None:
    file = tmp_path / "four.csv"
    file.write_text(
        "Asset Tag,Category,Model,Location,Description,Notes\n"
        "RP-00002,,,,,moved to the office\n"
        "RP-00003,,,,spare,\n"
        ",laptop,dell-latitude-3440,office,new starter,\n"
        ",tablet,ipad-9,hall,,class set\n"
    )
    result = sd("assets", "import", str(file), "--update")
    assert result.exit_code == 0, result
    assert _numstat(repo) == {ASSETS: (4, 2)}


def test_untouched_rows_keep_their_quoting_and_line_endings_issue_18(repo: Path, sd) -> None:
    path = repo / ASSETS
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace(",loaned,", ',"loaned",').replace(",deployed,", ',"deployed",')
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    git(repo, "commit", "-qam", "a spreadsheet saved it")

    assert sd("assets", "edit", "RP-00010", "--notes", "x").exit_code == 0
    assert _numstat(repo) == {ASSETS: (1, 1)}
    assert path.read_bytes().count(b"\r\n") == len(lines)


def test_narrow_register_is_widened_only_by_its_own_command_issue_18(repo: Path, sd) -> None:
    path = repo / ASSETS
    narrow = [c for c in ASSET_COLUMNS if c not in ("notes", "description")]
    rows = [line.split(",") for line in path.read_text().splitlines()]
    keep = [ASSET_COLUMNS.index(c) for c in narrow]
    path.write_text("\n".join(",".join(row[i] for i in keep) for row in rows) + "\n")
    git(repo, "commit", "-qam", "an older register without notes")
    before = path.read_bytes()

    refused = sd("assets", "edit", "RP-00004", "--notes", "screen cracked")
    assert refused.exit_code == 2
    assert "registers/assets.csv has no `notes` column; run `sd assets widen --commit` once" in refused.stderr
    assert path.read_bytes() == before

    file = repo.parent / "notes.csv"
    file.write_text("Asset Tag,Notes\nRP-00002,moved\n")
    imported = sd("assets", "import", str(file), "--update")
    assert imported.exit_code == 2 and "has no `notes` column; run `sd assets widen" in imported.stderr
    assert path.read_bytes() == before

    assert sd("assets", "edit", "RP-00004", "--location", "hall").exit_code == 0  # a column it has
    assert _numstat(repo) == {ASSETS: (1, 1)}
    git(repo, "checkout", "--", ASSETS)

    widened = sd("assets", "widen", "--commit")
    assert widened.exit_code == 0, widened
    assert "add description, notes; 320 rows rewritten" in widened.stderr
    assert git(repo, "log", "-1", "--format=%s").strip() == "assets: widen assets.csv to every column"
    assert path.read_text().splitlines()[0] == ",".join(ASSET_COLUMNS)
    assert _numstat(repo, "HEAD~1", "HEAD") == {ASSETS: (321, 321)}

    again = sd("assets", "widen", "--commit")
    assert again.exit_code == 0
    assert "no change: assets.csv already has every column in order; nothing written or committed" in again.stderr
    assert sd("assets", "edit", "RP-00004", "--notes", "screen cracked").exit_code == 0
    assert _numstat(repo) == {ASSETS: (1, 1)}


def test_yaml_edit_keeps_comments_order_and_quoting_issue_18(repo: Path, sd) -> None:
    path = repo / "registers/contracts.yaml"
    text = path.read_text().replace("  title: Web filtering and monitoring\n", "  title: 'Web filtering: monitoring'\n")
    path.write_text("# keep me\n" + text)
    git(repo, "commit", "-qam", "quoted title")

    assert sd("contracts", "edit", "c002-web-filtering-and-monitoring", "--set", "notes=call in May").exit_code == 0

    assert _numstat(repo) == {"registers/contracts.yaml": (1, 0)}
    after = path.read_text()
    assert after.startswith("# keep me\n") and "  title: 'Web filtering: monitoring'\n" in after


@pytest.mark.parametrize(
    "args",
    [
        ("assets", "edit", "RP-00005", "--location", "class-ra"),
        ("contracts", "edit", "c002-web-filtering-and-monitoring", "--set", "owner=towu"),
        ("info", "edit", "ia001", "--set", "format=electronic"),
    ],
)
def test_a_write_that_changes_nothing_is_no_change_and_no_commit_issue_22(repo: Path, sd, args: tuple[str]) -> None:
    head = git(repo, "rev-parse", "HEAD")
    for commit in ("--commit", "--no-commit"):
        result = sd(*args, commit)

        assert result.exit_code == 0, result
        assert "no change" in result.stderr and "wrote" not in result.stderr
        assert git(repo, "rev-parse", "HEAD") == head
        assert git(repo, "status", "--porcelain") == ""


def test_survey_reimport_with_replace_and_commit_is_no_change_issue_22(school: Path, sd) -> None:
    setup(school)
    export = school / "export.csv"
    write(export, [MINI_HEADER, "01/06/2026 10:00:00,a@x.uk,T,K,Yes,Yes,No,Yes,No,No"])
    make_repo(school)
    args = ("survey", "import", str(export), "--round", "r9", "--framework", "mini", "--replace", "--commit")
    first = sd(*args)
    assert first.exit_code == 0, first
    head = git(school, "rev-parse", "HEAD")

    again = sd(*args)

    assert again.exit_code == 0, again
    assert "no change; nothing written or committed" in again.stderr
    assert git(school, "rev-parse", "HEAD") == head


def test_commit_message_carries_old_and_new_values_one_line_per_record_issue_18(repo: Path, sd, tmp_path) -> None:
    result = sd("assets", "edit", "RP-00005", "--location", "hall", "--commit")
    assert result.exit_code == 0, result
    assert git(repo, "log", "-1", "--format=%s").strip() == "assets: edit RP-00005 (location class-ra -> hall)"
    assert (
        git(repo, "log", "-1", "--format=%b").strip()
        == "asset RP-00005 moved: Classroom RA (class-ra) -> Main hall (hall)"
    )

    file = tmp_path / "many.csv"
    file.write_text("Asset Tag,Notes\n" + "".join(f"RP-{n:05d},checked\n" for n in range(1, 13)))
    imported = sd("assets", "import", str(file), "--update", "--commit")
    assert imported.exit_code == 0, imported
    body = git(repo, "log", "-1", "--format=%b").strip().splitlines()
    assert body[0] == "asset RP-00001 changed: notes (none) -> checked"
    assert len(body) == 11 and body[-1] == "... and 2 more"


def test_disposal_commit_is_one_line_with_its_evidence_issue_18(repo: Path, sd) -> None:
    args = ("assets", "dispose", "RP-00005", "--method", "weee_contractor", "--data-wiped", "--certificate", "W-9")
    result = sd(*args, "--date", "2026-11-20", "--commit")

    assert result.exit_code == 0, result
    assert git(repo, "log", "-1", "--format=%s").strip() == "assets: dispose RP-00005"
    assert git(repo, "log", "-1", "--format=%b").strip() == (
        "asset RP-00005 disposed on 2026-11-20 via weee_contractor, certificate W-9, data wiped;"
        " was with Tom Roberts (person:trob)"
    )


def test_yaml_edit_commit_names_the_values_issue_18(repo: Path, sd) -> None:
    result = sd("contracts", "edit", "c002-web-filtering-and-monitoring", "--set", "owner=htay", "--commit")

    assert result.exit_code == 0, result
    subject, _, body = git(repo, "log", "-1", "--format=%s%n%b").strip().partition("\n")
    assert subject == "contracts: edit c002-web-filtering-and-monitoring (owner towu -> htay)"
    assert body.strip() == (
        "contract Web filtering and monitoring (c002-web-filtering-and-monitoring) changed: "
        "owner Tom Owusu (towu) -> Hannah Taylor (htay)"
    )
