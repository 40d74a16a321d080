"""Issue 16, point 2: wrong data is refused with a message saying why, and closed records keep their history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ruamel.yaml import YAML


def _load(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return YAML(typ="safe").load(path.read_text()) or []


def _refused(result, text: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result
    assert text in result.stderr, result.stderr


def _unchanged(school: Path):  # type: ignore[no-untyped-def]
    folder = school / "leaders"
    return {p.name: p.read_bytes() for p in folder.glob("*.yaml")}


def test_applications_in_the_wrong_year_group_future_or_twice_are_refused_issue_16(school: Path, sd) -> None:
    before = _unchanged(school)
    _refused(
        sd("leaders", "apply", "Zed Q", "--year", "11", "--class", "class-4a", "--method", "letter"),
        "`year_group` 11 is not a year of this primary school (0 to 6)",
    )
    later = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    _refused(
        sd("leaders", "apply", "Zed Q", "--year", "4", "--method", "letter", "--on", later),
        f"--on {later} is in the future",
    )
    assert _unchanged(school) == before
    ok = sd("leaders", "apply", "Zed Q", "--year", "4", "--method", "letter", "--on", "2026-10-01")
    assert ok.exit_code == 0, ok
    _refused(
        sd("leaders", "apply", "Zed Q", "--year", "4", "--method", "video", "--on", "2026-10-01"),
        "`Zed Q` already applied on 2026-10-01",
    )
    planned = sd("leaders", "apply", "Ann B", "--year", "3", "--method", "form", "--on", later, "--planned")
    assert planned.exit_code == 0, planned


def test_only_leaders_on_the_team_that_day_attend_or_lead_issue_16(school: Path, sd) -> None:
    _refused(
        sd("leaders", "meeting", "add", "-a", "dl-2026-05", "--on", "2026-10-07"),
        "`attendees`: `dl-2026-05` (declined) was not a Digital Leader on 2026-10-07",
    )
    assert sd("leaders", "apply", "Zed Q", "--year", "4", "--method", "letter", "--on", "2026-10-01").exit_code == 0
    applicant = _load(school / "leaders/roster.yaml")[-1]["id"]
    _refused(
        sd("leaders", "activity", "add", "drop_in", "Drop-in", "-l", applicant, "--on", "2026-10-08"),
        f"`leaders`: `{applicant}` (applicant) was not a Digital Leader on 2026-10-08",
    )
    # A leader appointed later was not on the team before.
    _refused(
        sd("leaders", "meeting", "add", "-a", "dl-2026-01", "--on", "2026-09-01"),
        "`dl-2026-01` (appointed) was not a Digital Leader on 2026-09-01",
    )


def test_jobs_need_a_known_room_and_a_description_issue_16(school: Path, sd, tmp_path: Path) -> None:
    before = _unchanged(school)
    _refused(sd("jobs", "add", "Fix the board", "--by", "WP", "--room", "class-9z"), "no location `class-9z`")
    _refused(sd("jobs", "add", "  ", "--by", "WP"), "the job description is empty")
    _refused(sd("jobs", "add", "Fix it", "--by", "WP", "--urgency", "asap"), "--urgency must be one of")
    _refused(sd("jobs", "add", "Fix it", "--by", "Amira K"), "`Amira K` is a pupil")
    assert _unchanged(school) == before
    export = tmp_path / "responses.csv"
    export.write_text(
        "Timestamp,Your initials or class,Which room?,What kind of job is it?,What do you need?\n"
        "18/11/2026 08:41:09,WP,class-9z,Setting up equipment,Visualiser not showing\n"
        "18/11/2026 09:00:00,GM,hall,Setting up equipment,\n"
        "18/11/2026 09:10:00,GM,hall,Setting up equipment,Microphone for assembly\n"
    )
    result = sd("jobs", "import", str(export), "--profile", "google")
    assert result.exit_code == 1, result
    assert "responses.csv:2: error unknown-ref: room `class-9z` is not in registers/locations.yaml" in result.stderr
    assert "responses.csv:3: error missing-field: the response has no job description" in result.stderr
    assert "1 new job(s)" in result.stderr
    assert _load(school / "leaders/jobs.yaml")[-1]["description"] == "Microphone for assembly"


def test_closed_jobs_and_plan_items_keep_their_history_issue_16(school: Path, sd) -> None:
    first = _load(school / "leaders/jobs.yaml")[0]
    assert first["status"] == "done"
    before = _unchanged(school)
    _refused(sd("jobs", "done", first["id"], "--minutes", "5"), f"job `{first['id']}` was already done on")
    passed = next(j for j in _load(school / "leaders/jobs.yaml") if j["status"] == "passed_to_it")
    _refused(sd("jobs", "done", passed["id"]), f"job `{passed['id']}` was already passed to IT support")
    assert _unchanged(school) == before
    fixed = sd("jobs", "done", first["id"], "--minutes", "5", "--at", str(first["done_at"]), "--correct")
    assert fixed.exit_code == 0, fixed
    assert _load(school / "leaders/jobs.yaml")[0]["minutes"] == 5
    assert sd("jobs", "reopen", passed["id"]).exit_code == 0
    job = next(j for j in _load(school / "leaders/jobs.yaml") if j["id"] == passed["id"])
    assert job["status"] == "in_progress" and "done_at" not in job

    plan = school / "leaders/plan.yaml"
    done = next(p for p in _load(plan) if p["status"] == "done")
    _refused(sd("leaders", "plan", "done", done["id"]), f"plan item `{done['id']}` is already done on")
    assert sd("leaders", "plan", "edit", done["id"], "--status", "doing").exit_code == 0
    item = next(p for p in _load(plan) if p["id"] == done["id"])
    assert item["status"] == "doing" and "done_on" not in item
    _refused(sd("leaders", "plan", "edit", done["id"], "--status", "done"), "--status must be todo, doing or dropped")


def test_rollover_once_a_year_to_the_next_year_from_the_summer_issue_16(school: Path, sd) -> None:
    before = _unchanged(school)
    _refused(
        sd("leaders", "rollover", "--year", "2029/30", "--on", "2027-07-20"),
        "the next rollover is to 2027/28 only, not 2029/30",
    )
    _refused(
        sd("leaders", "rollover", "--year", "2027/28", "--on", "2027-02-10"),
        "a rollover to 2027/28 runs from the end of the summer term (2027-07-15) to 2027-09-30, not on 2027-02-10",
    )
    _refused(sd("leaders", "rollover", "--year", "2027/28", "--on", "2027-02-10", "--force", " "), "needs a reason")
    assert _unchanged(school) == before
    forced = sd("leaders", "rollover", "--year", "2027/28", "--on", "2027-07-10", "--force", "term ended early")
    assert forced.exit_code in (0, 1), forced
    assert _load(school / "leaders/history.yaml")[-1]["forced"] == "term ended early"
    # The 2026 leavers (left 22 July 2026) are kept 12 months from leaving: not yet purged on 10 July 2027.
    assert "purged" not in forced.stdout
    assert any(r["id"] == "dl-2024-01" for r in _load(school / "leaders/roster.yaml"))
    _refused(sd("leaders", "rollover", "--year", "2027/28", "--on", "2027-07-20"), "already rolled over to 2027/28")


def test_question_box_keeps_no_asker_and_nothing_of_a_safeguarding_concern_issue_16(school: Path, sd) -> None:
    questions = school / "leaders/questions.yaml"
    flagged = sd("leaders", "question", "add", "Someone keeps messaging me", "--dsl", "--on", "2026-11-02")
    assert flagged.exit_code == 0, flagged
    assert "Someone" not in questions.read_text()
    assert "pass this question to the designated safeguarding lead (DSL)" in flagged.stderr
    _refused(sd("leaders", "question", "add", "--on", "2026-11-02"), "give the question's text")
    dsl_id = _load(questions)[-1]["id"]
    _refused(sd("leaders", "question", "answer", dsl_id, "--in", "assembly"), "was passed to the DSL")
    # Text kept by hand beside the flag is an error for sd validate.
    questions.write_text(questions.read_text() + "  question: Someone keeps messaging me\n")
    result = sd("validate")
    assert result.exit_code == 2 and "keep no text or answer of it here, only the flag" in result.stderr
    _refused(sd("leaders", "idea", "set", "idea-2026-01", "--status", "maybe"), "--status must be one of")
    _refused(
        sd("leaders", "select", "--panel", "dl-2026-05", "--on", "2026-10-01"),
        "`panel`: `dl-2026-05` (declined) was not a Digital Leader on 2026-10-01",
    )
