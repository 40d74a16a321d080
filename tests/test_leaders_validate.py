"""Digital Leaders records (issue 5): validated with file:line, references checked, pupil data refused."""

from __future__ import annotations

from pathlib import Path

from schooldigital.leaders.report import leaders_summary
from schooldigital.validation import validate_school


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def _line(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_demo_leaders_files_are_valid_issue_5(school: Path) -> None:
    result = validate_school(school)
    assert [p for p in result.problems if p.source.path.startswith("leaders/")] == []


def test_deny_list_rejects_fields_emails_and_upns_with_file_line_issue_5(school: Path, sd) -> None:
    roster = school / "leaders/roster.yaml"
    _replace(roster, "  display: Amira K\n", "  display: Amira K\n  date_of_birth: 2015-03-02\n  surname: Khan\n")
    _replace(
        school / "leaders/jobs.yaml",
        "description: Find the Purple Mash activity",
        "description: mail j.smith@example.org",
    )
    _replace(school / "leaders/meetings.yaml", "  agenda: [", "  # pupil A123456789012 asked\n  agenda: [")
    result = sd("validate", "--select", "personal-data")
    assert result.exit_code == 2
    dob = _line(roster, "date_of_birth")
    assert f"leaders/roster.yaml:{dob}:3: error personal-data: field `date_of_birth` is not allowed" in result.stderr
    assert f"leaders/roster.yaml:{dob + 1}:3: error personal-data: field `surname`" in result.stderr
    jobs_line = _line(school / "leaders/jobs.yaml", "j.smith@example.org")
    assert f"leaders/jobs.yaml:{jobs_line}:21: error personal-data: looks like an email address" in result.stderr
    upn_line = _line(school / "leaders/meetings.yaml", "A123456789012")
    assert f"leaders/meetings.yaml:{upn_line}:" in result.stderr and "Unique Pupil Number" in result.stderr


def test_bad_values_and_references_are_located_issue_5(school: Path, sd) -> None:
    roster = school / "leaders/roster.yaml"
    _replace(roster, "partner_class: class-1a", "partner_class: class-1x")
    _replace(roster, "status: declined", "status: decliend")
    _replace(school / "leaders/jobs.yaml", "assigned: [dl-2024-02]", "assigned: [dl-2099-01]")
    _replace(school / "leaders/awards.yaml", "badge: technician", "badge: technican")
    result = sd("validate")
    assert result.exit_code == 2
    out = result.stderr
    assert f"leaders/roster.yaml:{_line(roster, 'class-1x')}:" in out and "no location `class-1x`" in out
    assert "choice-invalid: `status`: `decliend` is not allowed (did you mean `declined`?)" in out
    assert "no leader `dl-2099-01` in leaders/roster.yaml" in out
    assert "no badge `technican` in leaders/badges.yaml (did you mean `technician`?)" in out


def test_summary_is_aggregate_only_and_none_without_leaders_issue_5(school: Path) -> None:
    import datetime as dt
    import json

    summary = leaders_summary(school, dt.date(2026, 11, 22))
    assert summary is not None
    assert summary.year == "2026/27" and summary.team_size == 8 and summary.team_by_year_group == {5: 4, 6: 4}
    assert summary.classes == 14 and summary.classes_covered == 8
    # September to November: the months of this school year so far, not the last twelve (issue 14)
    assert [m for m, _ in summary.jobs_done_by_month] == ["2026-09", "2026-10", "2026-11"]
    assert summary.median_response_hours is not None
    text = json.dumps(summary.to_dict(), default=str)
    assert "Amira" not in text and "dl-20" not in text
    import shutil

    shutil.rmtree(school / "leaders")
    assert leaders_summary(school, dt.date(2026, 11, 22)) is None


def test_names_and_notes_in_free_text_are_flagged_with_file_line_issue_16(school: Path, sd) -> None:
    meetings = school / "leaders/meetings.yaml"
    _replace(
        meetings,
        "  actions: [Ask Mr Jones about the new tablets]",
        "  actions:\n  - Ask Mr Jones about the new tablets\n  - Check on Amira Khan, her ADHD plan",
    )
    jobs = school / "leaders/jobs.yaml"
    _replace(jobs, "description: Find the Purple Mash activity", "description: Josh T to help in Year 2")
    _replace(school / "leaders/plan.yaml", "  title: ", "  title: Ask about pupil premium funding - ")
    _replace(meetings, '  voice: ["Year 3 want', '  voice: ["Maya R says Year 3 want')  # pupil voice, issue 14
    result = sd("validate", "--select", "personal-data")
    assert result.exit_code == 2, result
    line = _line(meetings, "Amira Khan")
    assert (
        f"leaders/meetings.yaml:{line}:5: error personal-data: `actions` names a pupil or holds personal data "
        "(`Amira Khan`, `ADHD`)"
    ) in result.stderr
    assert f"leaders/jobs.yaml:{_line(jobs, 'Josh T to')}:" in result.stderr and "(`Josh T`)" in result.stderr
    assert "(`pupil premium`)" in result.stderr
    assert f"leaders/meetings.yaml:{_line(meetings, 'Maya R says')}:" in result.stderr and "`voice`" in result.stderr
    assert "Mr Jones" not in result.stderr  # staff are not pupils
