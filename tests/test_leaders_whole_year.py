"""Issue 16: the whole year of the pupil team through the CLI, checking what each step writes to every file."""

from __future__ import annotations

import json
from pathlib import Path

from ruamel.yaml import YAML

from schooldigital.validation import validate_school

APPLICATIONS = (
    "Timestamp,Email address,Your first name and surname initial,Year group,Class,How are you applying?,"
    "Why do you want to be a Digital Leader?\n"
    "15/09/2026 18:02:11,mia@pupils.example.org,Mia Patel,Year 4,class-4a,Video,I like fixing things\n"
    "15/09/2026 19:40:00,kai@pupils.example.org,Kai Dunn,4,class-4b,Written letter,To help my class\n"
)
JOBS = (
    "Timestamp,Teacher's name,Class,How urgent is it?,What do you need?\n"
    '12/10/2026 08:15:00,Mrs Wendy Patel,class-3a,Today please,"Visualiser not\nworking"\n'
    "13/10/2026 12:30:00,Mr D Jones,hall,No rush,Charge the microphones\n"
)


def _load(school: Path, name: str) -> list[dict]:  # type: ignore[type-arg]
    return YAML(typ="safe").load((school / "leaders" / name).read_text()) or []


def _ok(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, (result.stdout, result.stderr)


def test_the_whole_year_of_the_team_issue_16(school: Path, sd, tmp_path: Path) -> None:
    # September: the application form's responses come in; names are cut to labels, emails and reasons dropped.
    form = tmp_path / "applications.csv"
    form.write_text(APPLICATIONS)
    imported = sd("leaders", "import-applications", str(form))
    _ok(imported)
    assert "2 new application(s), 0 already imported" in imported.stderr
    assert "dropped column(s): Email address, Why do you want to be a Digital Leader?" in imported.stderr
    roster_text = (school / "leaders/roster.yaml").read_text()
    assert "Patel" not in roster_text and "Dunn" not in roster_text and "example.org" not in roster_text
    mia, kai = _load(school, "roster.yaml")[-2:]
    assert (mia["id"], mia["display"], mia["year_group"], mia["class"]) == ("dl-2026-07", "Mia P", 4, "class-4a")
    assert kai["display"] == "Kai D" and kai["status"] == "applicant"
    apps = _load(school, "applications.yaml")[-2:]
    assert [(a["leader"], a["method"], str(a["submitted_on"])) for a in apps] == [
        ("dl-2026-07", "video", "2026-09-15"),
        ("dl-2026-08", "letter", "2026-09-15"),
    ]
    again = sd("leaders", "import-applications", str(form))
    assert "0 new application(s), 2 already imported" in again.stderr
    _ok(sd("leaders", "apply", "Zoe L", "--year", "3", "--class", "class-3a", "--method", "form", "--on", "2026-09-16"))

    # The panel: two staff and a current leader choose two applicants.
    _ok(
        sd(
            "leaders", "select", "--panel", "djon", "--panel", "htay", "--panel", "dl-2025-01",
            "--chosen", "dl-2026-07", "--chosen", "dl-2026-09", "--on", "2026-09-22",
        )
    )  # fmt: skip
    selection = _load(school, "selections.yaml")[-1]
    assert selection["panel"] == ["djon", "htay", "dl-2025-01"] and selection["chosen"] == ["dl-2026-07", "dl-2026-09"]
    assert selection["year"] == "2026/27" and selection["id"] == "sel-2026-02"
    _ok(
        sd(
            "leaders", "appoint", "dl-2026-07", "--partner-class", "class-ra", "--partner-teacher", "trob",
            "--role", "technician", "--consent-on", "2026-09-25", "--on", "2026-09-29",
        )
    )  # fmt: skip
    _ok(sd("leaders", "appoint", "dl-2026-09", "--on", "2026-09-29"))
    _ok(sd("leaders", "decline", "dl-2026-08", "--on", "2026-09-29"))
    # October: Mia takes on a second role and a new partner class.
    assert "A role in the team" in sd("leaders", "edit", "--help").stdout
    _ok(
        sd("leaders", "edit", "dl-2026-07", "--role", "technician", "--role", "reporter", "--partner-class", "class-1a")
    )
    mia = next(r for r in _load(school, "roster.yaml") if r["id"] == "dl-2026-07")
    assert mia["roles"] == ["technician", "reporter"] and mia["partner_class"] == "class-1a"
    assert mia["partner_teacher"] == "trob" and mia["status"] == "appointed"

    _ok(
        sd(
            "leaders", "meeting", "add", "-a", "dl-2026-07", "-a", "dl-2026-09", "-a", "dl-2025-01",
            "--agenda", "Hour of Code", "--staff", "djon", "--on", "2026-10-07",
        )
    )  # fmt: skip
    assert _load(school, "meetings.yaml")[-1]["attendees"] == ["dl-2026-07", "dl-2026-09", "dl-2025-01"]
    _ok(
        sd(
            "leaders", "activity", "add", "teachmeet", "TeachMeet: Scratch in KS1", "-l", "dl-2026-07",
            "--audience", "staff", "--room", "hall", "--on", "2026-10-14",
        )
    )  # fmt: skip
    _ok(
        sd(
            "leaders", "activity", "add", "lesson_series", "Year 3 e-safety lessons", "-l", "dl-2026-09",
            "--audience", "class-3a", "--minutes", "180", "--on", "2026-10-21",
        )
    )  # fmt: skip
    assert [a["type"] for a in _load(school, "activities.yaml")[-2:]] == ["teachmeet", "lesson_series"]

    # Staff request jobs through their form: the teacher becomes initials, urgency is mapped.
    requests = tmp_path / "jobs.csv"
    requests.write_text(JOBS)
    _ok(sd("jobs", "import", str(requests), "--profile", "staff-form"))
    visualiser, microphones = _load(school, "jobs.yaml")[-2:]
    assert (visualiser["requested_by"], visualiser["urgency"], visualiser["room"]) == ("WP", "urgent", "class-3a")
    assert visualiser["description"] == "Visualiser not\nworking"
    assert (microphones["requested_by"], microphones["urgency"]) == ("DJ", "low")
    assert "Wendy" not in (school / "leaders/jobs.yaml").read_text()
    listed = sd("jobs", "list", "--status", "open", "--format", "csv")
    assert f"{visualiser['id']},2026-10-12 08:15,WP,class-3a,other,Visualiser not working," in listed.stdout

    # The e-safety question box and the ideas form.
    _ok(sd("leaders", "question", "add", "Can apps see where I live?", "--on", "2026-10-08"))
    dsl = sd("leaders", "question", "add", "--dsl", "--on", "2026-10-09")
    _ok(dsl)
    assert "designated safeguarding lead (DSL)" in dsl.stderr
    asked, flagged = _load(school, "questions.yaml")[-2:]
    assert flagged == {"id": flagged["id"], "asked_on": flagged["asked_on"], "passed_to_dsl": True}
    _ok(sd("leaders", "question", "answer", asked["id"], "--in", "KS2 assembly", "--on", "2026-10-15"))
    asked = _load(school, "questions.yaml")[-2]
    assert asked["question"] == "Can apps see where I live?" and asked["answered_in"] == "KS2 assembly"
    _ok(sd("leaders", "idea", "add", "A coding club for Year 2", "--class", "class-2a", "--on", "2026-10-09"))
    _ok(sd("leaders", "plan", "add", "Start a Year 2 coding club", "--owner", "team", "--on", "2026-10-09"))
    plan_id = _load(school, "plan.yaml")[-1]["id"]
    idea_id = _load(school, "ideas.yaml")[-1]["id"]
    _ok(sd("leaders", "idea", "set", idea_id, "--status", "planned", "--plan", plan_id))
    assert _load(school, "ideas.yaml")[-1] == {
        "id": idea_id,
        "received_on": _load(school, "ideas.yaml")[-1]["received_on"],
        "idea": "A coding club for Year 2",
        "from_class": "class-2a",
        "status": "planned",
        "plan_item": plan_id,
    }

    # A badge that expires at the end of the year, published.
    _ok(
        sd(
            "badges", "award", "dl-2026-07", "technician", "--on", "2026-11-20", "--expires", "2027-08-31",
            "--evidence", "Set up the hall for the TeachMeet",
        )
    )  # fmt: skip
    award = _load(school, "awards.yaml")[-1]
    assert str(award["expires_on"]) == "2027-08-31" and award["recipient"] == "dl-2026-07"
    (school / ".sd-local").mkdir()
    (school / ".sd-local/recipients.yaml").write_text("dl-2026-07: mia@pupils.example.org\n")
    sd("badges", "issue")
    published = json.loads((school / f"out/badges/assertions/{award['id']}.json").read_text())
    assert published["expires"] == "2027-08-31T00:00:00+00:00"

    report = sd("report", "leaders", "--today", "2026-11-22")
    _ok(report)
    assert "- 2026-09-22: a panel of 2 staff and 1 leader(s) chose 2 applicant(s)." in report.stdout
    assert "| 2026-10-08 | Can apps see where I live? | KS2 assembly |" in report.stdout
    assert "passed to the DSL" in report.stdout
    assert f"| 2026-10-09 | A coding club for Year 2 | planned | {plan_id} |" in report.stdout
    assert "| 2026-10-14 | teachmeet | TeachMeet: Scratch in KS1 | 1 |" in report.stdout
    assert validate_school(school).ok

    # Summer: the rollover moves Mia and Zoe up a year; the history records it.
    roll = sd("leaders", "rollover", "--year", "2027/28", "--on", "2027-07-20")
    assert roll.exit_code in (0, 1), roll
    roster = {r["id"]: r for r in _load(school, "roster.yaml")}
    assert roster["dl-2026-07"]["year_group"] == 5 and roster["dl-2026-07"]["class"] == "class-5a"
    assert roster["dl-2026-09"]["year_group"] == 4
    assert _load(school, "history.yaml")[-1]["year"] == "2027/28"
    assert validate_school(school).ok
