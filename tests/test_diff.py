"""`sd diff`: register changes between git revisions, in people's words, as text, Markdown and JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from gitrepo import git, git_env, make_repo  # noqa: F401 - git_env is an autouse fixture
from jsonout import payload
from schooldigital.git.diffing import diff_school

ASSETS = "registers/assets.csv"


def _edit_assets(root: Path, changes: dict[str, dict[str, str]], add: list[dict[str, str]] = ()) -> None:  # type: ignore[assignment]
    path = root / ASSETS
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    header = list(rows[0])
    for row in rows:
        row.update(changes.get(row["id"], {}))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, *add])
    path.write_text(buf.getvalue())


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def branch(school: Path) -> Path:
    """The demo school in git, on a feature branch with a reviewer's worth of changes (not committed)."""
    make_repo(school)
    git(school, "checkout", "-q", "-b", "spring-changes")
    _edit_assets(
        school,
        {
            "RP-00010": {
                "status": "disposed",
                "disposal_date": "2026-11-20",
                "disposal_method": "weee_contractor",
                "data_wiped": "true",
                "disposal_certificate": "WEEE-1",
            },
            "RP-00011": {"location": "class-3a"},
            "RP-00012": {"assigned_to": "person:peva", "cost": "640.00"},
        },
        add=[
            {
                "id": "RP-00321",
                "category": "laptop",
                "model": "dell-latitude-3440",
                "status": "deployed",
                "location": "office",
                "purchase_date": "2026-11-21",
            }
        ],
    )
    _replace(
        school / "registers/contracts.yaml",
        "  end_date: 2027-05-02\n  renewal: auto",
        "  end_date: 2027-05-02\n  status: terminated\n  renewal: auto",
    )
    _replace(school / "registers/information-assets.yaml", "last_reviewed: 2025-08-20", "last_reviewed: 2026-11-21")
    return school


def test_diff_says_what_changed_in_peoples_terms_issue_7(branch: Path, sd) -> None:
    result = sd("diff")

    assert result.exit_code == 0, result
    out = result.stdout
    assert out.startswith("changes from merge-base with main (")
    assert "to working tree:" in out.splitlines()[0]
    for line in (
        "asset RP-00321 added: laptop Dell Latitude 3440 (dell-latitude-3440) at School office (office)",
        "asset RP-00010 disposed on 2026-11-20 via weee_contractor, certificate WEEE-1, data wiped",
        "asset RP-00011 moved: Classroom 2B (class-2b) -> Classroom 3A (class-3a)",
        "asset RP-00012 reassigned: Library (room:library) -> Priya Evans (person:peva)",
        "asset RP-00012 changed: cost 610.00 -> 640.00",
        "contract Web filtering and monitoring (c002-web-filtering-and-monitoring) ended: active -> terminated"
        " (term end 2027-05-02)",
        "information asset Pupil core records (ia001) reviewed on 2026-11-21 (last 2025-08-20)",
    ):
        assert f"  {line}\n" in out, line
    assert "Assets (1 added, 1 disposed, 1 moved, 1 reassigned, 1 changed)" in out


def test_diff_between_two_commits_and_json_equals_library_issue_7(branch: Path, sd) -> None:
    git(branch, "commit", "-q", "-am", "spring changes")
    result = sd("diff", "main", "spring-changes", "--format", "json")
    assert result.exit_code == 0, result
    data = payload(result.stdout)
    assert data == json.loads(json.dumps(diff_school(branch, "main", "spring-changes").to_dict(), default=str))
    assert (data["from"], data["to"]) == ("main", "spring-changes")
    moved = next(c for c in data["changes"] if c["action"] == "moved")
    assert moved["fields"] == [{"field": "location", "old": "class-2b", "new": "class-3a"}]
    assert moved["where"] == "registers/assets.csv:12"
    assert sd("diff", "spring-changes", "spring-changes").stdout.startswith("no register changes")


def test_diff_markdown_is_a_pull_request_comment(branch: Path, sd) -> None:
    md = sd("diff", "--format", "md").stdout
    assert md.startswith("### Register changes: merge-base with main (")
    assert "**Assets** (1 added, 1 disposed, 1 moved, 1 reassigned, 1 changed)" in md
    assert (
        "- asset RP-00011 moved: Classroom 2B (class-2b) -&gt; Classroom 3A (class-3a) "
        "<sub>registers/assets.csv:12</sub>" in md
    )
    assert "- contract Web filtering and monitoring (c002-web-filtering-and-monitoring) ended" in md


def test_diff_markdown_renders_as_a_list_per_register_issue_18(branch: Path, sd) -> None:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(sd("diff", "--format", "md").stdout)

    assert html.startswith("<h3>Register changes: merge-base with main (")
    assert "<p><strong>Assets</strong> (1 added, 1 disposed, 1 moved, 1 reassigned, 1 changed)</p>" in html
    assert html.count("<li>") == 7 and html.count("<ul>") == 3
    # escaped underscores come out as written, and the file position as a small note
    assert (
        "<li>asset RP-00010 disposed on 2026-11-20 via weee_contractor, certificate WEEE-1, data wiped "
        "<sub>registers/assets.csv:11</sub></li>"
    ) in html
    assert "\\" not in html and "*" not in html


def test_diff_names_people_and_records_and_disposal_evidence_issue_18(branch: Path, sd) -> None:
    _replace(branch / "registers/contracts.yaml", "  owner: towu\n", "  owner: htay\n")
    _edit_assets(
        branch, {"RP-00020": {"status": "disposed", "disposal_date": "2026-11-20", "disposal_method": "recycling"}}
    )
    info = branch / "registers/information-assets.yaml"
    info.write_text(info.read_text().replace("- id: ia002\n", "- id: ia002\n  description: moved to the cloud\n", 1))

    out = sd("diff").stdout

    assert (
        "contract Web filtering and monitoring (c002-web-filtering-and-monitoring) changed: "
        "owner Tom Owusu (towu) -> Hannah Taylor (htay)"
    ) in out
    assert "asset RP-00020 disposed on 2026-11-20 via recycling, no certificate, data wipe not recorded" in out
    lines = info.read_text().splitlines()
    start = lines.index("- id: ia002")
    name = next(line for line in lines[start:] if line.startswith("  name: ")).removeprefix("  name: ")
    assert f"information asset {name} (ia002) changed: description (none) -> moved to the cloud" in out


def test_diff_follows_a_renamed_register_and_a_missing_file_issue_7(school: Path, sd) -> None:
    make_repo(school)
    rows = list(csv.DictReader(io.StringIO((school / ASSETS).read_text())))[:2]
    yaml_rows = "".join("- " + "\n  ".join(f"{k}: '{v}'" for k, v in row.items() if v) + "\n" for row in rows).replace(
        "'RP-00002'\n  category: 'laptop'", "'RP-00002'\n  category: 'desktop'"
    )
    (school / ASSETS).unlink()
    (school / "registers/assets.yaml").write_text(yaml_rows)
    git(school, "add", "-A")
    git(school, "commit", "-q", "-m", "assets as YAML")
    (school / "registers/suppliers.yaml").unlink()
    (school / "surveys/rounds/2027-summer").mkdir(parents=True)
    (school / "surveys/rounds/2027-summer/responses.csv").write_text("respondent\n")

    out = sd("diff", "HEAD~1").stdout

    assert "register file renamed: registers/assets.csv -> registers/assets.yaml" in out
    assert "asset RP-00002 changed: category laptop -> desktop" in out
    assert "asset RP-00003 deleted from the register without a disposal record (was" in out
    assert "registers/suppliers.yaml is in HEAD~1 but not in working tree" in out
    assert "survey round 2027-summer added" in out


def test_diff_outside_git_or_with_a_bad_revision_is_a_usage_error(school: Path, sd) -> None:
    assert "needs a git repository" in sd("diff").stderr
    make_repo(school)
    result = sd("diff", "nope")
    assert result.exit_code == 2 and "no such revision `nope`" in result.stderr
