"""Issue 11: `sd standards assess` records the school's own answers; they show as self-assessed and expire."""

from __future__ import annotations

from pathlib import Path

import pytest

import standards_helpers
from jsonout import payload
from renewals_school import day, make_school

TODAY = day("2026-11-22")
ANSWER = "- id: a1\n  standard: {sid}\n  answer: {answer}\n  date: {date}\n  by: ian\n  evidence: report.pdf\n"


def _with_answer(tmp_path: Path, sid: str = "cabling-1", answer: str = "yes", date: str = "2026-01-10") -> Path:
    extra = {"registers/self-assessment.yaml": ANSWER.format(sid=sid, answer=answer, date=date)}
    return make_school(tmp_path, extra=extra)


def test_assess_with_flags_records_the_answer(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path)
    result = sd(
        "standards",
        "assess",
        "cabling-1",
        "--answer",
        "yes",
        "--by",
        "ian",
        "--evidence",
        "Estates/Cabling test report.pdf",
        "--date",
        "2026-11-20",
        root=root,
    )
    assert result.exit_code == 0, result
    assert result.stdout == "sa-cabling-1-2026-11-20\n"
    text = (root / "registers/self-assessment.yaml").read_text()
    assert "standard: cabling-1\n  answer: yes\n  date: 2026-11-20\n  by: ian\n" in text
    assert sd("validate", root=root).exit_code == 0
    data = payload(sd("check", "standards", "--today", "2026-11-22", "--format", "json", root=root).stdout)
    [cabling] = [d for d in data if d["id"] == "cabling-1"]
    assert cabling["status"] == "met" and cabling["evidence_kind"] == "self-assessed"
    assert cabling["records"] == ["sa-cabling-1-2026-11-20"]


def test_assess_an_area_interactively(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path)
    replies = "skip\nno\n\nQuote requested\nnot_applicable\n\nOne building\n"
    args = ("--area", "cabling", "--by", "ian", "--date", "2026-11-20", "--interactive")
    result = sd("standards", "assess", *args, input=replies, root=root)
    assert result.exit_code == 0, result
    assert "Is copper cabling Cat 6A" in result.stderr
    results = {r.id: r for r in standards_helpers.results(root, TODAY)}
    assert results["cabling-1"].status == "no evidence"  # skipped
    assert results["cabling-2"].status == "not met"
    assert results["cabling-3"].status == "not applicable" and results["cabling-3"].reason == "One building"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cabling-1", "--answer", "yes", "--by", "ian"], "`evidence` is required"),
        (["cabling-1", "--answer", "yes", "--by", "nobody", "--evidence", "x"], "no person `nobody`"),
        (["wireless-1", "--answer", "yes", "--by", "ian", "--evidence", "x"], "not a self-assessed standard"),
        (["--area", "wifi", "--answer", "yes", "--by", "ian"], "no area `wifi`"),
        (["cabling-1", "--by", "ian", "--no-interactive"], "--answer"),
    ],
)
def test_bad_answers_write_nothing(tmp_path: Path, sd, args: list[str], message: str) -> None:
    root = make_school(tmp_path)
    result = sd("standards", "assess", *args, root=root)
    assert result.exit_code == 2 and message in result.stderr + result.stdout
    assert not (root / "registers/self-assessment.yaml").exists()


def test_self_assessment_expires_after_12_months_by_default(tmp_path: Path) -> None:
    assert standards_helpers.standard(_with_answer(tmp_path / "a", date="2025-11-22"), TODAY, "cabling-1").status == (
        "met"
    )
    expired = standards_helpers.standard(_with_answer(tmp_path / "b", date="2025-11-21"), TODAY, "cabling-1")
    assert expired.status == "no evidence" and "expired on 2026-11-21" in expired.next_step


def test_expiry_is_a_school_setting(tmp_path: Path) -> None:
    root = _with_answer(tmp_path, date="2026-04-01")
    assert standards_helpers.standard(root, TODAY, "cabling-1").status == "met"
    (root / "standards.yaml").write_text("settings: {self_assessment_months: 6}\n")
    assert standards_helpers.standard(root, TODAY, "cabling-1").status == "no evidence"


def test_self_assessed_is_never_shown_as_evidenced(tmp_path: Path, sd) -> None:
    root = _with_answer(tmp_path)
    text = sd("check", "standards", "--today", "2026-11-22", root=root).stdout
    [line] = [x for x in text.splitlines() if " cabling-1 " in x]
    assert line.startswith("  met ") and line.endswith("[self-assessed]")
    report = sd("report", "standards", "--today", "2026-11-22", root=root).stdout
    assert "| Copper cabling should be Category 6A | Met (self-assessed) | From the school's own answer |" in report


def test_validate_checks_the_standard_named(tmp_path: Path, sd) -> None:
    root = _with_answer(tmp_path, sid="cabling-9")
    result = sd("validate", root=root)
    assert result.exit_code == 2
    assert "registers/self-assessment.yaml:2:" in result.stderr and "no standard `cabling-9`" in result.stderr


def test_later_answer_wins_and_partly_is_partly(tmp_path: Path) -> None:
    text = ANSWER.format(sid="fm-4", answer="yes", date="2026-01-10") + ANSWER.format(
        sid="fm-4", answer="partly", date="2026-06-01"
    ).replace("a1", "a2")
    root = make_school(tmp_path, extra={"registers/self-assessment.yaml": text})
    result = standards_helpers.standard(root, TODAY, "fm-4")
    assert result.status == "partly met" and result.records == ("a2",)
