"""`sd jobs import` (issue 5): Forms CSV through the repo's mapping, emails dropped, idempotent."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

GOOGLE = (
    "Timestamp,Email address,Your initials or class,Which room?,What kind of job is it?,What do you need?\n"
    "18/11/2026 08:41:09,w.patel@example.org,WP,class-3a,Setting up equipment,Visualiser not showing\n"
    '19/11/2026 12:02:55,g.morgan@example.org,GM,hall,"Charging, collecting or delivering kit",'
    '"Collect the iPads, ask g.morgan@example.org"\n'
)
MICROSOFT = (
    "ID,Start time,Completion time,Email,Name,Your initials or class,Which room?,What kind of job is it?,"
    "What do you need?\n"
    "1,11/20/26 10:01:00,11/20/26 10:03:10,anonymous,,class-2b,class-2b,Website or blog,Post the trip photos\n"
)


def _jobs(school: Path) -> list[dict]:  # type: ignore[type-arg]
    return YAML(typ="safe").load((school / "leaders/jobs.yaml").read_text())


def test_google_import_is_idempotent_and_drops_emails_issue_5(school: Path, sd, tmp_path: Path) -> None:
    export = tmp_path / "responses.csv"
    export.write_bytes(b"\xef\xbb\xbf" + GOOGLE.replace("\n", "\r\n").encode())
    before = len(_jobs(school))
    first = sd("jobs", "import", str(export), "--profile", "google")
    assert first.exit_code == 0, first
    assert "jobs: import 2 new job(s), 0 already imported" in first.stderr
    assert "dropped column(s): Email address" in first.stderr
    assert "removed 1 email address(es)" in first.stderr
    jobs = _jobs(school)
    assert len(jobs) == before + 2
    new = jobs[-2:]
    assert first.stdout.split() == [j["id"] for j in new]  # the data on stdout: the new jobs' ids (issue 21)
    assert new[0]["requested_by"] == "WP" and new[0]["category"] == "hardware_setup" and new[0]["status"] == "open"
    assert str(new[0]["logged_at"]) == "2026-11-18 08:41:09"
    assert new[1]["category"] == "equipment" and "[email removed]" in new[1]["description"]
    assert "example.org" not in (school / "leaders/jobs.yaml").read_text()

    second = sd("jobs", "import", str(export))
    assert second.exit_code == 0 and "0 new job(s), 2 already imported" in second.stderr
    assert len(_jobs(school)) == before + 2
    # A later export still holding the old responses adds only the new one.
    export.write_text(GOOGLE + "20/11/2026 09:00:00,x@example.org,DJ,library,Training for staff,Show the board\n")
    third = sd("jobs", "import", str(export))
    assert "1 new job(s), 2 already imported" in third.stderr
    assert len(_jobs(school)) == before + 3


def test_microsoft_profile_and_bad_rows_issue_5(school: Path, sd, tmp_path: Path) -> None:
    export = tmp_path / "ms.csv"
    export.write_text(MICROSOFT + "2,bad,not a date,x,,WP,hall,Other,Something\n")
    result = sd("jobs", "import", str(export), "--profile", "microsoft")
    assert result.exit_code == 1  # one row could not be read: reported with its line
    assert "ms.csv:3: error date-invalid: `Completion time`: `not a date`" in result.stderr
    assert "1 new job(s)" in result.stderr
    job = _jobs(school)[-1]
    assert job["category"] == "website_blog" and str(job["logged_at"]) == "2026-11-20 10:03:10"
    assert "Name" in result.stderr and "Email" in result.stderr


def test_add_assign_done_and_list_issue_5(school: Path, sd) -> None:
    add = sd(
        "jobs",
        "add",
        "Set up the visualiser",
        "--by",
        "WP",
        "--room",
        "class-3a",
        "--category",
        "hardware_setup",
        "--at",
        "2026-11-20 09:15",
    )
    assert add.exit_code == 0, add
    job_id = _jobs(school)[-1]["id"]
    assert sd("jobs", "assign", job_id, "dl-2026-01").exit_code == 0
    bad = sd("jobs", "assign", job_id, "dl-2099-09")
    assert bad.exit_code == 2 and "no leader `dl-2099-09`" in bad.stderr
    assert sd("jobs", "done", job_id, "--minutes", "15", "--at", "2026-11-20 11:00").exit_code == 0
    job = _jobs(school)[-1]
    assert job["status"] == "done" and job["assigned"] == ["dl-2026-01"] and job["minutes"] == 15
    listed = sd("jobs", "list", "--status", "done", "--format", "csv")
    assert (
        f"{job_id},2026-11-20 09:15,WP,class-3a,hardware_setup,Set up the visualiser,dl-2026-01,done" in listed.stdout
    )
    early = sd("jobs", "done", job_id, "--at", "2026-11-19 08:00", "--correct")
    assert early.exit_code == 2 and "date-order" in early.stderr


def test_teacher_and_urgency_columns_and_unknown_profile_lines_issue_16(school: Path, sd, tmp_path: Path) -> None:
    mapping = school / "leaders/jobs-import.yaml"
    text = mapping.read_text()
    # A header written beside `columns:` instead of under it is refused, not silently ignored.
    mapping.write_text(text.replace("      Teacher's name: requested_by\n", "") + "    Teacher's name: requested_by\n")
    export = tmp_path / "jobs.csv"
    export.write_text(
        "Timestamp,Teacher's name,Class,How urgent is it?,What do you need?\n"
        "12/10/2026 08:15:00,Miss A Taylor,class-2a,This week,Sound on the board\n"
    )
    bad = sd("jobs", "import", str(export), "--profile", "staff-form")
    assert bad.exit_code == 2
    assert 'profile `staff-form` has unknown key(s) "Teacher\'s name"' in bad.stderr
    assert "column headers go under `columns:`" in bad.stderr
    mapping.write_text(text)
    ok = sd("jobs", "import", str(export), "--profile", "staff-form")
    assert ok.exit_code == 0, ok
    job = _jobs(school)[-1]
    assert job["requested_by"] == "AT" and job["urgency"] == "high" and job["room"] == "class-2a"
