"""Two branches, one register: row-by-row merges, colliding ids named by `sd validate`, fixed by renumber."""

from __future__ import annotations

from pathlib import Path

import pytest

from gitrepo import git, git_env, make_repo  # noqa: F401 - git_env is an autouse fixture
from schooldigital.git.merging import merge_csv
from schooldigital.git.renumber import next_free_id
from schooldigital.models.assets import ASSET_COLUMNS
from schooldigital.scaffold import configure_merge_driver

ASSETS = "registers/assets.csv"
# Rows in the demo's column order (ASSET_COLUMNS), the cells after `funding` empty.
LAPTOP = "{id},laptop,dell-latitude-3440,deployed,class-3a,{serial},,person:peva,2026-11-01,tts,PO1,650.00,capital"
TABLET = "{id},tablet,ipad-9,deployed,class-3a,{serial},,room:class-3a,2026-11-02,tts,PO2,329.00,capital"
LAPTOP, TABLET = (row + "," * (len(ASSET_COLUMNS) - 13) for row in (LAPTOP, TABLET))


@pytest.fixture
def repo(school: Path) -> Path:
    (school / ".gitattributes").write_text(f"{ASSETS} merge=sd-registers\nregisters/*.yaml merge=sd-registers\n")
    make_repo(school)
    configure_merge_driver(school)
    return school


def _append(root: Path, row: str) -> None:
    with (root / ASSETS).open("a") as fh:
        fh.write(row + "\n")


def _branch(root: Path, name: str, row: str, message: str) -> None:
    git(root, "checkout", "-q", "-b", name, "main")
    _append(root, row)
    git(root, "commit", "-q", "-am", message)
    git(root, "checkout", "-q", "main")


def _ids(root: Path) -> list[str]:
    return [line.split(",", 1)[0] for line in (root / ASSETS).read_text().splitlines()[1:]]


def test_two_branches_adding_different_assets_merge_cleanly_issue_7(repo: Path, sd) -> None:
    _branch(repo, "office", LAPTOP.format(id="RP-00321", serial="SER-A"), "add laptop")
    _branch(repo, "ict", TABLET.format(id="RP-00322", serial="SER-B"), "add tablet")

    git(repo, "merge", "-q", "office", "-m", "merge office")
    git(repo, "merge", "-q", "ict", "-m", "merge ict")

    assert _ids(repo)[-2:] == ["RP-00321", "RP-00322"]
    assert "<<<<<<<" not in (repo / ASSETS).read_text()
    assert sd("validate").exit_code == 0


def test_plain_line_merge_would_conflict_which_is_why_the_driver_exists(school: Path) -> None:
    make_repo(school)  # no driver configured: git's own line merge
    _branch(school, "office", LAPTOP.format(id="RP-00321", serial="SER-A"), "add laptop")
    _branch(school, "ict", TABLET.format(id="RP-00322", serial="SER-B"), "add tablet")
    git(school, "merge", "-q", "office", "-m", "merge office")
    assert "CONFLICT" in git(school, "merge", "ict", "-m", "merge ict", check=False, stderr=True)


def test_two_branches_adding_the_same_id_renumber_the_incoming_row_issue_18(repo: Path, sd) -> None:
    _branch(repo, "office", LAPTOP.format(id="RP-00321", serial="SER-A"), "add laptop")
    _branch(repo, "ict", TABLET.format(id="RP-00321", serial="SER-B"), "add tablet")

    git(repo, "merge", "-q", "office", "-m", "merge office")
    merge = git(repo, "merge", "ict", "-m", "merge ict", stderr=True)

    assert "renumbered RP-00321 -> RP-00322 (serial SER-B)" in merge
    message = git(repo, "log", "-1", "--format=%B")  # whoever labels devices reads it in git log too
    assert message == "merge ict\n\nregisters/assets.csv: renumbered RP-00321 -> RP-00322 (serial SER-B)\n\n"
    rows = {line.split(",")[0]: line for line in (repo / ASSETS).read_text().splitlines()[1:]}
    assert "SER-A" in rows["RP-00321"] and rows["RP-00321"].endswith(",")  # ours keeps the id, unmarked
    assert "SER-B" in rows["RP-00322"] and rows["RP-00322"].endswith(",RP-00321")
    assert (repo / ASSETS).read_text().splitlines()[0].endswith(",renumbered_from")
    result = sd("validate")
    assert result.exit_code == 0, result
    assert (
        "warning renumbered-by-merge: `RP-00322` (serial SER-B) was renumbered from `RP-00321` by a merge"
        in result.stderr
    )
    assert "sd assets edit RP-00322 --set renumbered_from=" in result.stderr
    brought = sd("diff", "HEAD~1", "HEAD").stdout  # what the merge brought into main
    assert (
        "asset RP-00322 renumbered from RP-00321 by a merge (both branches added RP-00321): tablet Apple iPad"
        in brought
    )
    assert "RP-00321 added" not in brought

    cleared = sd("assets", "edit", "RP-00322", "--set", "renumbered_from=")  # the device was relabelled
    assert cleared.exit_code == 0, cleared
    assert "renumbered-by-merge" not in sd("validate").stderr


def test_a_school_hook_is_kept_and_the_driver_says_the_message_lacks_the_renumbering(repo: Path) -> None:
    hook = repo / ".git/hooks/prepare-commit-msg"
    hook.write_text("#!/bin/sh\nexit 0\n")
    hook.chmod(0o755)
    _branch(repo, "office", LAPTOP.format(id="RP-00321", serial="SER-A"), "add laptop")
    _branch(repo, "ict", TABLET.format(id="RP-00321", serial="SER-B"), "add tablet")
    git(repo, "merge", "-q", "office", "-m", "merge office")

    merge = git(repo, "merge", "ict", "-m", "merge ict", stderr=True)

    assert "the merge's commit message will not list the renumbering" in merge
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"
    assert git(repo, "log", "-1", "--format=%B") == "merge ict\n\n"


def test_the_same_row_added_on_both_branches_merges_as_one_issue_18(repo: Path, sd) -> None:
    row = LAPTOP.format(id="RP-00321", serial="SER-A")
    _branch(repo, "office", row, "add laptop")
    _branch(repo, "ict", row + "\n" + TABLET.format(id="RP-00322", serial="SER-B"), "add the same laptop, and a tablet")

    git(repo, "merge", "-q", "office", "-m", "merge office")
    merge = git(repo, "merge", "ict", "-m", "merge ict", stderr=True)

    assert _ids(repo)[-2:] == ["RP-00321", "RP-00322"]
    assert "renumbered" not in merge
    assert sd("validate").exit_code == 0


def test_a_duplicate_id_elsewhere_does_not_stop_rows_merging_by_id_issue_22(repo: Path) -> None:
    _append(repo, LAPTOP.format(id="RP-00320", serial="SER-DUP"))  # a duplicate already on main
    git(repo, "commit", "-q", "-am", "a duplicate slipped in")
    text = (repo / ASSETS).read_text()
    row = next(line for line in text.splitlines() if line.startswith("RP-00010,"))
    moved, audited = row.replace(",library,", ",hall,"), row.replace(",2026-01-26,", ",2026-11-03,")
    for branch, new in (("move", moved), ("audit", audited)):
        git(repo, "checkout", "-q", "-b", branch, "main")
        (repo / ASSETS).write_text(text.replace(row, new))
        git(repo, "commit", "-q", "-am", branch)
        git(repo, "checkout", "-q", "main")

    git(repo, "merge", "-q", "move", "-m", "merge move")
    merge = git(repo, "merge", "audit", "-m", "merge audit", stderr=True)

    both = row.replace(",library,", ",hall,").replace(",2026-01-26,", ",2026-11-03,")
    assert (repo / ASSETS).read_text() == text.replace(row, both)
    assert "merged line by line: `RP-00320` (id used twice)" in merge


def test_a_duplicate_made_by_hand_is_fixed_by_renumber_issue_7(repo: Path, sd) -> None:
    # Before the driver renumbered (or with a hand edit), the register can hold an id twice; the tablet's
    # row also links it to a new contract, which follows it to the new id.
    contract = (
        "\n- id: c900-tablet-care\n  title: Tablet care plan\n  supplier: tts\n  type: warranty_extension\n"
        "  owner: htay\n  start_date: 2026-11-02\n  end_date: 2027-11-02\n  renewal: manual\n"
        "  covers_assets: [RP-00321]\n"
    )
    _append(repo, LAPTOP.format(id="RP-00321", serial="SER-A"))
    tablet = TABLET.format(id="RP-00321", serial="SER-B").split(",")
    tablet[ASSET_COLUMNS.index("contracts")] = "c900-tablet-care"
    _append(repo, ",".join(tablet))
    with (repo / "registers/contracts.yaml").open("a") as fh:
        fh.write(contract)
    git(repo, "commit", "-q", "-am", "add laptop, tablet and its care plan")

    result = sd("validate")
    assert result.exit_code == 2
    assert "duplicate id `RP-00321` (first at line 322); run `sd assets renumber RP-00321`" in result.stderr

    fixed = sd("assets", "renumber", "RP-00321", "--commit")

    assert fixed.exit_code == 0, fixed
    assert "RP-00321 (line 323) -> RP-00322; contracts c900-tablet-care follow it" in fixed.stderr
    assert sd("validate").exit_code == 0
    rows = {line.split(",")[0]: line for line in (repo / ASSETS).read_text().splitlines()[1:]}
    assert "SER-A" in rows["RP-00321"] and "SER-B" in rows["RP-00322"]
    assert "covers_assets: [RP-00322]" in (repo / "registers/contracts.yaml").read_text()
    assert git(repo, "status", "--porcelain").strip() == ""
    assert git(repo, "log", "-1", "--format=%s").startswith("assets: renumber duplicate RP-00321")


def test_renumber_refuses_two_versions_of_one_device_issue_7(school: Path, sd) -> None:
    _append(school, LAPTOP.format(id="RP-00320", serial="LE641224E20320"))  # same serial as the real RP-00320
    result = sd("assets", "renumber", "RP-00320")
    assert result.exit_code == 2
    assert "two versions of ONE device" in result.stderr


def test_same_row_edited_on_both_branches_merges_fields_or_marks_the_clash() -> None:
    base = "id,location,cost\nA1,hall,10.00\nA2,hall,20.00\n"
    ours = "id,location,cost\nA1,lab,10.00\nA2,hall,20.00\n"
    theirs = "id,location,cost\nA1,hall,12.00\nA2,hall,25.00\n"
    assert merge_csv(base, ours, theirs).text == "id,location,cost\nA1,lab,12.00\nA2,hall,25.00\n"

    clash = merge_csv(base, ours, "id,location,cost\nA1,office,10.00\nA2,hall,20.00\n")
    assert clash.conflicts == ["A1"]
    assert "<<<<<<< ours\nA1,lab,10.00\n=======\nA1,office,10.00\n>>>>>>> theirs\n" in clash.text


def test_merge_takes_deletions_and_new_columns() -> None:
    base = "id,location\nA1,hall\nA2,hall\n"
    ours = "id,location\nA1,hall\n"
    theirs = "id,location,notes\nA1,hall,\nA2,hall,\nA3,lab,new\n"
    assert merge_csv(base, ours, theirs).text == "id,location,notes\nA1,hall,\nA3,lab,new\n"


def test_next_free_id_keeps_prefix_and_width() -> None:
    assert next_free_id({"RP-00321", "RP-00007", "X-9"}, "RP") == "RP-00322"
    assert next_free_id({"AB-017"}, "AB") == "AB-018"
    assert next_free_id(set(), "") == "00001"


def test_an_asset_row_deleted_without_disposal_is_a_warning_issue_18(repo: Path, sd) -> None:
    path = repo / ASSETS
    lines = path.read_text().splitlines(keepends=True)
    gone = lines[10]  # RP-00010, deployed
    path.write_text("".join(lines[:10] + lines[11:]))

    result = sd("validate")

    assert result.exit_code == 0, result
    assert (
        f"{ASSETS}: warning asset-deleted: asset `RP-00010` (serial {gone.split(',')[5]}) was deleted since the last "
        "commit (HEAD line 11) without a disposal record"
    ) in result.stderr
    assert "asset RP-00010 deleted from the register without a disposal record (was deployed)" in sd("diff").stdout
    git(repo, "commit", "-q", "-am", "deleted")
    assert "asset-deleted" not in sd("validate").stderr  # committed: the review (sd diff main) shows it from now on


def test_a_field_changed_two_ways_is_named_by_validate_issue_22(repo: Path, sd) -> None:
    text = (repo / ASSETS).read_text()
    row = next(line for line in text.splitlines() if line.startswith("RP-00010,"))
    for branch, room in (("one", ",hall,"), ("two", ",ict-suite,")):
        git(repo, "checkout", "-q", "-b", branch, "main")
        (repo / ASSETS).write_text(text.replace(row, row.replace(",library,", room)))
        git(repo, "commit", "-q", "-am", branch)
        git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "one", "-m", "merge one")

    assert "CONFLICT" in git(repo, "merge", "two", "-m", "merge two", check=False, stderr=True)

    result = sd("validate")
    assert result.exit_code == 2
    line = text[: text.index(row)].count("\n") + 1
    assert (
        f"{ASSETS}:{line}: error merge-conflict: merge conflict in row `RP-00010`, column `location`" in result.stderr
    )
    assert result.stderr.count("error") == 1  # every other row still loads and checks out
