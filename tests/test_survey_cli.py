"""The demo school's survey: report with year-on-year change, CPD pairs, profiles, and validation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from schooldigital.survey.analysis import school_summary
from schooldigital.survey.cpd import cpd_plan
from survey_helpers import MINI_HEADER, setup, write


def test_demo_report_compare_shows_progress_issue_4(sd) -> None:
    result = sd("survey", "report", "--compare", "2025-summer")
    assert result.exit_code == 0, result
    out = result.stdout
    assert out.startswith("# Staff digital-literacy survey 2026-summer: Riverside Primary School")
    assert "34 of 40 eligible staff responded (85%)." in out
    assert "## Change since 2025-summer" in out
    assert "| At Pioneer in 1+ strand | 24% | 62% | +38 pts |" in out
    assert "| At Entry in 1+ strand | 90% | 74% | -16 pts |" in out
    assert "Moves are for the 28 staff who answered both rounds." in out
    # every change the JSON has, per strand and level, with signs (issue 15)
    assert "| Finding, Evaluating and Organising | -7 pts | -3 pts | -2 pts | +11 pts | -10 pts | 7 | 17 | 4 |" in out
    assert "fewer than 5 or hidden" in out  # Leadership and Support staff are small groups
    assert "rounded half up to whole numbers" in out


def test_demo_html_report_has_chart_and_escapes(sd, tmp_path: Path) -> None:
    target = tmp_path / "survey.html"
    result = sd("survey", "report", "--compare", "previous", "--format", "html", "--output", str(target))
    assert result.exit_code == 0, result
    html = target.read_text()
    assert html.startswith("<!doctype html>") and "<svg" in html and "Levels by strand, 2026-summer" in html
    assert "Change since 2025-summer" in html
    assert '<td class="num">-7 pts</td><td class="num">-3 pts</td>' in html
    assert "Communication, Collaboration and Participation" in html


def test_demo_cpd_pairs_real_respondents_issue_4(school: Path, sd) -> None:
    plan = cpd_plan(school)
    stored = (school / "surveys/rounds/2026-summer/responses.csv").read_text().splitlines()[1:]
    people = {line.split(",")[0]: line.split(",")[2] for line in stored}
    pairs = [p for s in plan.strands for p in s.mentees if p.mentor]
    assert len(pairs) >= 20
    for pair in pairs:
        assert pair.mentee.respondent in people and pair.mentor.respondent in people
        assert pair.mentee.respondent != pair.mentor.respondent
        assert pair.same_department == (people[pair.mentee.respondent] == people[pair.mentor.respondent])
    assert max(plan.load.values()) <= 3
    assert sum(p.same_department for p in pairs) > len(pairs) / 2  # department preference is honoured
    strict = cpd_plan(school, cap=1, department="require")
    assert all(p.same_department for s in strict.strands for p in s.mentees if p.mentor)
    assert max(strict.load.values()) == 1
    out = sd("survey", "cpd")
    assert out.exit_code == 0
    assert "For the school's own use" in out.stdout
    assert f"{pairs[0].mentee.respondent} (" in out.stdout


def test_governor_numbers_carry_no_respondent_ids(school: Path) -> None:
    summary = school_summary(school)
    text = repr(summary.to_dict())
    stored = (school / "surveys/rounds/2026-summer/responses.csv").read_text().splitlines()[1:]
    assert summary.round_id == "2026-summer" and summary.respondents == 34
    assert not any(line.split(",")[0] in text for line in stored)


def test_profile_by_pseudonym_and_by_email(school: Path, sd, tmp_path: Path) -> None:
    stored = (school / "surveys/rounds/2026-summer/responses.csv").read_text().splitlines()[1:]
    who = stored[0].split(",")[0]
    result = sd("survey", "profile", who)
    assert result.exit_code == 0, result
    assert result.stdout.startswith(f"Profile {who} - round 2026-summer (DigiLit Leicester)")
    assert "Finding, Evaluating and Organising:" in result.stdout
    assert "towards " in result.stdout or "share your practice" in result.stdout
    setup(school)
    export = write(tmp_path / "m.csv", [MINI_HEADER, "01/06/2026 10:00:00,Jo@X.uk,T,K,Yes,Yes,No,Yes,No,No"])
    assert sd("survey", "import", str(export), "--round", "zz-mini", "--framework", "mini").exit_code == 0
    result = sd("survey", "profile", "jo@x.uk", "--round", "zz-mini")
    assert result.exit_code == 0, result
    assert (
        "Alpha: Core\n  towards Pioneer: [A-P1] a pioneer\nBeta: Entry\n  towards Core: [B-C1] b core" in result.stdout
    )
    missing = sd("survey", "profile", "nobody@x.uk", "--round", "zz-mini")
    assert missing.exit_code == 2 and "nobody with that" in missing.stderr


def test_validate_reports_broken_rounds_and_frameworks_with_lines(school: Path, sd) -> None:
    responses = school / "surveys/rounds/2026-summer/responses.csv"
    lines = responses.read_text().splitlines()
    lines[3] = lines[3].replace(",yes,", ",yess,", 1)
    lines.append(lines[1])
    responses.write_text("\n".join(lines) + "\n")
    fw = school / "surveys/frameworks/digcompedu.yaml"
    fw.write_text(fw.read_text().replace("cuts: [0.75, 1.5, 2.25, 3.0, 3.6]", "cuts: [0.75, 1.5]"))
    result = sd("validate")
    assert result.exit_code == 2
    err = result.stderr
    col = lines[3].split(",").index("yess") + 1
    assert f"surveys/rounds/2026-summer/responses.csv:4:{col}: error survey-answer-invalid: `yess`" in err
    assert f"surveys/rounds/2026-summer/responses.csv:{len(lines)}:1: error survey-duplicate-respondent" in err
    assert "surveys/frameworks/digcompedu.yaml:" in err and "give 5 cuts" in err


def test_school_without_surveys_is_valid_and_has_no_summary(school: Path, sd) -> None:
    import shutil

    shutil.rmtree(school / "surveys")
    assert school_summary(school) is None
    assert sd("validate").exit_code == 0
    result = sd("survey", "report")
    assert result.exit_code == 2 and "no survey rounds yet" in result.stderr


def test_survey_cli_module_imports_only_typer_at_top_level() -> None:
    code = (
        "import sys, schooldigital.cli.survey; "
        "print(sorted(m for m in ('pandas', 'jinja2', 'pydantic', 'ruamel') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
