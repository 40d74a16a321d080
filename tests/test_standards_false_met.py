"""The six false "met" verdicts of issue 11, each reproduced on a tiny school: the standard must not be met."""

from __future__ import annotations

from pathlib import Path

import standards_helpers
from renewals_school import contract, day, make_school

TODAY = day("2026-11-22")


def _check(root: Path, cid: str) -> tuple[str, str]:
    """(status, next step) of one check, by its id."""
    outcome = standards_helpers.check(root, TODAY, cid)
    return outcome.status, outcome.step


SERVER_MODEL = (
    "- id: r350\n  manufacturer: Dell\n  name: R350\n  category: server\n  lifecycle_months: 72\n"
    "  end_of_support: 2030-05-31\n"
)


def _servers(tmp_path: Path, warranty_end: str) -> Path:
    root = make_school(tmp_path, assets=f"S1,server,r350,deployed,room1,SRV1,2021-09-19,{warranty_end},2026-01-10,\n")
    models = root / "registers/models.yaml"
    models.write_text(models.read_text() + SERVER_MODEL)
    return root


def test_server_past_warranty_end_is_not_met_issue_11(tmp_path: Path) -> None:
    status, step = _check(_servers(tmp_path, "2022-09-19"), "servers-1-supported")
    assert status == "not met" and "S1" in step
    assert _check(_servers(tmp_path / "b", "2026-11-22"), "servers-1-supported")[0] == "met"  # ends today: still in


def test_phone_line_is_not_a_backup_broadband_issue_11(tmp_path: Path) -> None:
    fibre = contract("bb", type="connectivity", connection="fttp", end_date="2029-06-07")
    phone = contract("ph", type="connectivity", connection="analogue_phone", end_date="2029-06-07")
    assert _check(make_school(tmp_path, contracts=fibre + phone), "broadband-2-backup")[0] == "not met"
    unknown = contract("ph", type="connectivity", end_date="2029-06-07")
    assert _check(make_school(tmp_path / "b", contracts=fibre + unknown), "broadband-2-backup")[0] == "partly met"
    same = contract("bb2", type="connectivity", connection="fttp", end_date="2029-06-07")
    assert _check(make_school(tmp_path / "c", contracts=fibre + same), "broadband-2-backup")[0] == "not met"
    leased = contract("ll", type="connectivity", connection="leased_line", end_date="2029-06-07")
    assert _check(make_school(tmp_path / "d", contracts=fibre + leased), "broadband-2-backup")[0] == "met"


TRAINING = "- id: t1\n  kind: cyber_training\n  date: 2026-09-02\n  by: [{by}]\n  audiences: [{audiences}]\n"


def _training(tmp_path: Path, by: str, audiences: str) -> str:
    extra = {"registers/reviews.yaml": TRAINING.format(by=by, audiences=audiences)}
    return _check(make_school(tmp_path, extra=extra), "cyber-2-training")[0]


def test_cyber_training_needs_staff_students_and_a_governor_issue_11(tmp_path: Path) -> None:
    assert _training(tmp_path / "a", "ian", "staff") == "partly met"  # one member of staff, no governor
    assert _training(tmp_path / "b", "ian", "staff, students") == "partly met"  # no governor
    assert _training(tmp_path / "c", "ian, gov", "staff") == "partly met"  # no students
    assert _training(tmp_path / "d", "ian, gov", "staff, students") == "met"


def test_placeholder_serial_is_not_tagged_issue_11(tmp_path: Path) -> None:
    for serial in ("N/A", "n/a", " TBC ", "-", "unknown"):
        root = make_school(tmp_path / serial.strip("/ "), assets=f"A1,laptop,lap,deployed,room1,{serial},,,,\n")
        status, step = _check(root, "devices-2-tagged")
        assert status != "met" and "A1" in step, serial
    assert _check(make_school(tmp_path / "ok", assets="A1,laptop,lap,deployed,room1,5CG1,,,,\n"), "devices-2-tagged")[
        0
    ] == ("met")


RISK = "- id: ra\n  kind: cyber_risk_assessment\n  date: 2026-05-20\n  by: [bob]\n"


def test_risk_assessment_needs_a_review_this_term_issue_11(tmp_path: Path) -> None:
    root = make_school(tmp_path, extra={"registers/reviews.yaml": RISK})
    status, step = _check(root, "cyber-1-risk-assessment")
    assert status == "partly met" and "every term" in step
    review = RISK + "- id: rr\n  kind: cyber_risk_review\n  date: 2026-07-22\n  by: [bob]\n"
    assert _check(make_school(tmp_path / "b", extra={"registers/reviews.yaml": review}), "cyber-1-risk-assessment")[
        0
    ] == ("met")  # exactly 4 months before today
    late = review.replace("2026-07-22", "2026-07-21")  # a day late
    assert _check(make_school(tmp_path / "c", extra={"registers/reviews.yaml": late}), "cyber-1-risk-assessment")[
        0
    ] == ("partly met")


RESTORE = "- id: rt\n  kind: backup_restore_test\n  date: 2026-10-21\n  by: [ian]\n"
BACKUP_PLAN = (
    "- id: bp\n  title: Backup plan\n  covers: [backup]\n  owner: ian\n  covers_digital: true\n"
    "  last_reviewed: {reviewed}\n  copies:\n    - where: onsite\n    - where: {where}\n"
)


def _restore(tmp_path: Path, plan: str | None) -> str:
    extra = {"registers/reviews.yaml": RESTORE}
    if plan is not None:
        extra["registers/continuity-plans.yaml"] = plan
    return _check(make_school(tmp_path, extra=extra), "cyber-6-restore-test")[0]


def test_restore_test_alone_is_not_a_backup_plan_issue_11(tmp_path: Path) -> None:
    assert _restore(tmp_path / "a", None) == "partly met"  # no backup plan at all
    assert _restore(tmp_path / "b", BACKUP_PLAN.format(reviewed="2025-11-21", where="cloud")) == "partly met"
    assert _restore(tmp_path / "c", BACKUP_PLAN.format(reviewed="2026-01-10", where="onsite")) == "partly met"
    assert _restore(tmp_path / "d", BACKUP_PLAN.format(reviewed="2026-01-10", where="cloud")) == "met"
