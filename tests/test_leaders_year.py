"""A year of the Digital Leaders programme driven from the CLI (issue 5), ending in the report and rollover."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from schooldigital.validation import validate_school


def _load(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return YAML(typ="safe").load(path.read_text()) or []


def _ok(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result


def test_a_year_of_the_programme_from_the_terminal_issue_5(school: Path, sd, tmp_path: Path) -> None:
    roster = school / "leaders/roster.yaml"
    before = roster.read_text()
    # September: Year 4 pupils apply (the team recruits early for next year in this school).
    _ok(
        sd("leaders", "apply", "Mia P", "--year", "4", "--class", "class-4a", "--method", "video", "--on", "2026-09-15")
    )
    _ok(
        sd(
            "leaders",
            "apply",
            "Kai D",
            "--year",
            "4",
            "--class",
            "class-4b",
            "--method",
            "letter",
            "--on",
            "2026-09-15",
        )
    )
    assert roster.read_text().startswith(before)  # appended; nothing above changed
    new = [r["id"] for r in _load(roster)][-2:]
    assert new == ["dl-2026-07", "dl-2026-08"]
    _ok(sd("leaders", "shortlist", new[0], "--on", "2026-09-22"))
    _ok(
        sd(
            "leaders",
            "appoint",
            new[0],
            "--partner-class",
            "class-ra",
            "--role",
            "technician",
            "--consent-on",
            "2026-09-25",
            "--on",
            "2026-09-29",
        )
    )
    _ok(sd("leaders", "decline", new[1], "--on", "2026-09-29"))
    _ok(sd("leaders", "train", new[0], "--module", "Induction", "--on", "2026-10-06"))
    apps = _load(school / "leaders/applications.yaml")[-2:]
    assert [a["outcome"] for a in apps] == ["appointed", "declined"] and apps[0]["year"] == "2026/27"

    _ok(
        sd(
            "leaders",
            "meeting",
            "add",
            "-a",
            new[0],
            "-a",
            "dl-2026-01",
            "--agenda",
            "Hour of Code",
            "--action",
            "Book the hall",
            "--staff",
            "djon",
            "--on",
            "2026-10-07",
        )
    )
    _ok(
        sd(
            "leaders",
            "activity",
            "add",
            "drop_in",
            "Lunchtime drop-in",
            "-l",
            new[0],
            "--room",
            "library",
            "--minutes",
            "30",
            "--on",
            "2026-10-14",
        )
    )
    _ok(
        sd("leaders", "plan", "add", "Run Hour of Code", "--owner", "team", "--due", "2026-12-11", "--on", "2026-10-07")
    )
    plan_id = _load(school / "leaders/plan.yaml")[-1]["id"]
    _ok(sd("leaders", "plan", "done", plan_id, "--on", "2026-11-20"))
    _ok(
        sd(
            "jobs",
            "add",
            "Set up the speakers",
            "--by",
            "KS1 lead",
            "--room",
            "class-ra",
            "--assign",
            new[0],
            "--at",
            "2026-11-19 08:45",
        )
    )
    job_id = _load(school / "leaders/jobs.yaml")[-1]["id"]
    _ok(sd("jobs", "done", job_id, "--minutes", "10", "--at", "2026-11-19 10:45"))
    _ok(sd("badges", "award", new[0], "digital-leader", "--on", "2026-11-20"))

    bad = sd("leaders", "meeting", "add", "-a", "dl-nobody", "--on", "2026-11-18")
    assert bad.exit_code == 2 and "nothing was written" in bad.stderr and "no leader `dl-nobody`" in bad.stderr

    shown = sd("leaders", "show", new[0], "--format", "json")
    assert '"jobs_done": 1' in shown.stdout and "digital-leader (2026-11-20)" in shown.stdout
    listed = sd("leaders", "list", "--format", "csv")
    assert f"{new[0]},Mia P,4,class-4a,class-ra,appointed,technician,yes" in listed.stdout

    md = sd("report", "leaders", "--today", "2026-11-22")
    assert md.exit_code == 0, md
    assert "9 Digital Leaders (Year 4: 1, Year 5: 4, Year 6: 4)" in md.stdout
    assert "9 of 14 classes have a partner leader (64%)" in md.stdout
    assert "| Run Hour of Code | 2026-12-11 | done |" in md.stdout
    out = tmp_path / "leaders.html"
    html = sd("report", "leaders", "--format", "html", "--today", "2026-11-22", "-o", str(out))
    assert html.exit_code == 0, html
    page = out.read_text()
    assert page.startswith("<!doctype html>") and "<svg" in page and "Jobs done per month" in page

    # Summer: the year ends. Year 6 leave, the rest move up; Mia's partner class keeps its leader.
    roll = sd("leaders", "rollover", "--year", "2027/28", "--on", "2027-07-23", "--left-on", "2027-07-22")
    # 8 move up: four Year 5 leaders, Mia, and three declined pupils who may apply again.
    assert "2027/28: 4 leaver(s) now alumni, 8 moved up a year" in roll.stdout
    assert "removed 1 applicant(s) in the leaving year: dl-2025-05" in roll.stdout
    assert "partner classes now without a leader: class-1a, class-1b, class-2a, class-2b" in roll.stdout
    mia = next(r for r in _load(roster) if r["id"] == new[0])
    assert mia["year_group"] == 5 and mia["class"] == "class-5a"
    assert "purged 4 alumni" in roll.stdout  # the 2026 leavers, 12 months on
    assert validate_school(school).ok
