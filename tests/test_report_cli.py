"""`sd report ...`: every report renders in both formats, escapes register values, honours school
templates, writes atomically and keeps pupil data out of governors' reports (issue 6)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from schooldigital.reports import REPORTS

TODAY = "2026-11-22"
GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("name", sorted(REPORTS))
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_report_renders_issue_6(sd, name: str, fmt: str) -> None:
    result = sd("report", name, "--format", fmt, "--today", TODAY)
    assert result.exit_code == 0, result
    assert "Riverside Primary School" in result.stdout
    if fmt == "html":
        assert result.stdout.startswith("<!doctype html>")
        assert "http://" not in result.stdout.replace("http://www.w3.org/2000/svg", "")
        assert "<script" not in result.stdout and "<link" not in result.stdout


@pytest.mark.parametrize("name", ["strategy", "assets"])
def test_markdown_matches_golden_issue_6(sd, name: str) -> None:
    """Set UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change, then review the diff."""
    text = sd("report", name, "--today", TODAY).stdout
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text)
    assert text == golden.read_text()


def test_strategy_joins_decisions_with_evidence_issue_6(sd) -> None:
    text = sd("report", "strategy", "--today", TODAY).stdout
    for heading in (
        "## At a glance",
        "## 1. Vision",
        "### DfE standards",
        "#### Past vendor support",
        "#### Replacement forecast",
        "### Contracts and spend",
        "### Staff digital literacy",
        "### Digital Leaders",
        "## 4. Objectives by pillar",
        "### Professional learning",
        "## 5. Pilots",
        "### 2026-27 (this year)",
        "## 7. Questions for governors",
    ):
        assert heading in text, heading
    assert re.search(r"\d+ devices are past vendor support .*plan.*budget", text)
    # issue 14: a measurable objective's status comes from the records, not the school's typing
    assert "In progress — from the records: 15 of 26 core DfE standards met" in text
    assert "On track (self-reported)" in text


def test_html_has_the_four_charts_issue_6(sd) -> None:
    html = sd("report", "strategy", "--format", "html", "--today", TODAY).stdout
    for title in (
        "Devices by age in years",
        "Replacement spend by academic year",
        "Contract spend per year",
        "All 50 DfE standards by status",
    ):
        assert f'aria-label="{title}' in html, title
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') >= 4
    assert "@media print" in html and "size: A4" in html
    assert 'name="viewport"' in html


def _inject(school: Path) -> None:
    path = school / "strategy" / "strategy.yaml"
    text = path.read_text().replace(
        "title: Chromebooks for extended writing in Year 5",
        'title: "<script>alert(1)</script> [x](javascript:alert(2)) | pipe"',
    )
    path.write_text(text)


def test_html_escapes_register_values_issue_6(sd, school: Path) -> None:
    _inject(school)
    html = sd("report", "strategy", "--format", "html", "--today", TODAY).stdout
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_neutralises_html_links_and_pipes_issue_6(sd, school: Path) -> None:
    _inject(school)
    text = sd("report", "strategy", "--today", TODAY).stdout
    line = next(ln for ln in text.splitlines() if "alert(1)" in ln and ln.startswith("**"))
    assert "<script>" not in text
    assert "&lt;script&gt;" in line
    assert r"\[x\](javascript" in line
    assert r"\| pipe" in line


def test_school_template_overrides_default_issue_6(sd, school: Path) -> None:
    (school / "templates").mkdir()
    (school / "templates" / "assets.md.j2").write_text("Our own: {{ school.name }} has {{ estate.total }} devices\n")
    out = sd("report", "assets", "--today", TODAY).stdout
    assert out.startswith("Our own: Riverside Primary School has ")
    # other reports still use the shipped defaults
    assert sd("report", "contracts", "--today", TODAY).stdout.startswith("# Contracts register summary")


def test_output_file_written_and_stdout_empty_issue_6(sd, school: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack" / "governors.html"
    out.parent.mkdir()
    result = sd("report", "governors", "--format", "html", "--output", str(out), "--today", TODAY)
    assert result.exit_code == 0, result
    assert result.stdout == ""
    assert out.read_text().startswith("<!doctype html>")
    assert [p.name for p in out.parent.iterdir()] == ["governors.html"]  # no temp file left behind


def test_governors_report_has_no_pupil_data_issue_6(sd, school: Path) -> None:
    text = (
        sd("report", "governors", "--today", TODAY).stdout
        + sd("report", "governors", "--format", "html", "--today", TODAY).stdout
    )
    assert "class:" not in text  # device assignments to classes are never listed
    assert not re.search(r"\b[A-Z]\d{12}\b", text)  # no UPN-shaped values
    assert not re.search(r"\w@\w", text)  # no email addresses
    staff = [
        ln.split(":", 1)[1].strip()
        for ln in (school / "registers/people.yaml").read_text().splitlines()
        if ln.strip().startswith("name:")
    ]
    # accountable objective owners, and the SLT digital lead and governor link the DfE asks to name (issue 14)
    owners = {"Daniel Khan", "Tom Owusu", "Daniel Jones", "Hannah Taylor", "Owen Ahmed"}
    named = {n for n in staff if n in text} - owners
    assert named == set(), f"staff named outside accountability: {named}"


def test_absent_strategy_says_how_to_add_it_issue_6(sd, school: Path) -> None:
    (school / "strategy" / "strategy.yaml").unlink()
    text = sd("report", "strategy", "--today", TODAY).stdout
    assert "This school has no digital technology strategy file yet." in text
    assert "strategy/strategy.yaml" not in text  # governors get no file paths (issue 14)
    assert "A written strategy, approved by governors, is still to come." in text
    assert "no written digital technology strategy" in text


def test_bad_today_is_usage_error_issue_6(sd) -> None:
    result = sd("report", "assets", "--today", "2026-13-01")
    assert result.exit_code == 2
    assert "--today" in result.stderr


def test_invalid_register_rows_are_counted_and_exit_2_issue_6_issue_12(sd, school: Path) -> None:
    path = school / "registers" / "assets.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace(",chromebook,", ",toaster,", 1)
    path.write_text("\n".join(lines) + "\n")
    result = sd("report", "assets", "--today", TODAY)
    assert result.exit_code == 2  # the report is still printed, but the README says 2 for invalid data
    assert "sd validate` finds" in result.stdout
    assert "records with errors are left out" in result.stderr


def test_governors_survey_groups_below_minimum_are_suppressed_issue_6(sd, school: Path) -> None:
    text = sd("report", "governors", "--today", TODAY).stdout
    line = next(ln for ln in text.splitlines() if ln.startswith("- By department:"))
    for part in line.removeprefix("- By department: ").split("; "):
        assert ("not shown (fewer than 5)" in part) != ("%" in part), part
    assert "not shown (fewer than 5)" in line  # the demo has departments with fewer than 5 answers


@pytest.mark.parametrize("command", [("report", "assets"), ("leaders", "report")])
def test_a_report_as_json_gives_the_figures_the_document_shows_issue_21(sd, school: Path, command: tuple[str, ...]):
    """Issue 21 (6): a report can say what it found as JSON; its figures are the ones the document prints."""
    from jsonout import payload

    document = sd(*command, "--today", "2026-11-22")
    data = payload(sd(*command, "--today", "2026-11-22", "--format", "json").stdout, " ".join(command))
    assert document.exit_code == 0 and data["left_out_with_errors"] == 0
    if command == ("report", "assets"):
        assert f"{data['estate']['total']} devices in use or in stock" in document.stdout
    else:
        assert f"{data['summary']['team_size']} Digital Leaders (" in document.stdout


@pytest.mark.parametrize("command", [("report", "standards"), ("survey", "report"), ("leaders", "report")])
def test_json_reports_honour_output_like_the_documents(sd, school: Path, tmp_path: Path, command: tuple[str, ...]):
    """Every report command takes the same --format/--output: the JSON goes to the file, stdout stays empty."""
    from jsonout import payload

    target = tmp_path / "report.json"
    result = sd(*command, "--format", "json", "--output", str(target), "--today", "2026-11-22")
    assert result.exit_code == 0 and result.stdout == "", result.stdout[:200]
    assert payload(target.read_text(encoding="utf-8"), " ".join(command))
