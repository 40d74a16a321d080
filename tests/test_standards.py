"""`sd check standards`: the catalogue is data, each evaluator judges from records, and the exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from renewals_school import contract, day, info_asset, make_school
from schooldigital.checks.evaluators import EVALUATORS, STATUSES
from schooldigital.checks.standards import evaluate, load_catalogue
from schooldigital.registers import load_registers

TODAY = day("2026-11-22")


def _results(root: Path) -> dict[str, tuple[str, str]]:
    regs, _ = load_registers(root)
    assert regs is not None
    return {r.id: (r.status, r.next_step) for r in evaluate(regs, TODAY)}


def _status(root: Path, sid: str) -> str:
    return _results(root)[sid][0]


def test_catalogue_is_valid_data() -> None:
    entries, problems = load_catalogue()
    assert problems == []
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids)) >= 20
    assert {e.evaluator for e in entries} <= set(EVALUATORS)
    # The four digital leadership and governance standards are all there.
    assert {"dlg-1-slt-lead", "dlg-2-registers", "dlg-3-continuity", "dlg-4-strategy"} <= set(ids)


def test_unknown_evaluator_in_catalogue_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "standards.yaml"
    path.write_text("- id: x\n  area: A\n  title: T\n  evidence: E\n  evaluator: no_such\n")
    entries, problems = load_catalogue(path)
    assert entries == [] and [p.code for p in problems] == ["value-invalid"]


def test_every_result_has_a_known_status_and_a_next_step_unless_met(sd) -> None:
    result = sd("check", "standards", "--today", "2026-11-22", "--format", "json")
    data = json.loads(result.stdout)
    assert {d["status"] for d in data} <= set(STATUSES)
    assert all(d["next_step"] for d in data if d["status"] != "met")
    assert result.exit_code == (1 if any(d["status"] == "not met" for d in data) else 0)


def test_demo_governance_standards(sd) -> None:
    result = sd("check", "standards", "--today", "2026-11-22")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("met          dlg-1-slt-lead")
    assert "registers/people.yaml: slt_digital_lead = dkha" in lines[1]
    assert any(line.startswith("met          dlg-4-strategy") for line in lines)
    assert result.exit_code == 1


def test_slt_lead_missing_is_not_met(tmp_path: Path) -> None:
    root = make_school(tmp_path)
    people = root / "registers/people.yaml"
    people.write_text(people.read_text().replace("[slt_digital_lead, headteacher]", "[headteacher]"))
    status, step = _results(root)["dlg-1-slt-lead"]
    assert status == "not met" and "`slt_digital_lead`" in step


def test_absent_records_are_no_evidence(tmp_path: Path) -> None:
    results = _results(make_school(tmp_path))
    for sid in ("dlg-3-continuity", "dlg-4-strategy", "fm-2-review", "cyber-1-risk-assessment", "its-4-review"):
        assert results[sid][0] == "no evidence", sid


PLAN = (
    "- id: p1\n  title: BC/DR\n  covers: [business_continuity, disaster_recovery]\n  owner: bob\n"
    "  covers_digital: {digital}\n  last_reviewed: {reviewed}\n  last_tested: 2026-05-01\n  offline_copy: true\n"
)


@pytest.mark.parametrize(
    ("digital", "reviewed", "expected"),
    [("true", "2026-03-01", "met"), ("true", "2025-03-01", "partly met"), ("false", "2026-03-01", "not met")],
)
def test_continuity_plan(tmp_path: Path, digital: str, reviewed: str, expected: str) -> None:
    extra = {"registers/continuity-plans.yaml": PLAN.format(digital=digital, reviewed=reviewed)}
    assert _status(make_school(tmp_path, extra=extra), "dlg-3-continuity") == expected


@pytest.mark.parametrize(
    ("reviewed", "expected"), [("2026-01-10", "met"), ("2025-11-21", "not met"), ("2025-11-22", "met")]
)
def test_strategy_reviewed_within_12_months(tmp_path: Path, reviewed: str, expected: str) -> None:
    repo = Path(__file__).resolve().parents[1]
    text = (repo / "strategy/strategy.yaml").read_text(encoding="utf-8")
    lines = [f"last_reviewed: {reviewed}" if line.startswith("last_reviewed:") else line for line in text.splitlines()]
    root = make_school(tmp_path)
    (root / "strategy").mkdir()
    (root / "strategy/strategy.yaml").write_text("\n".join(lines) + "\n")
    for person in ("dkha", "htay", "towu", "atay", "djon", "trob", "oahm"):  # the demo strategy's owners
        (root / "registers/people.yaml").open("a").write(f"- id: {person}\n  name: {person}\n")
    assert _status(root, "dlg-4-strategy") == expected


FM = "- id: f1\n  date: {date}\n  reviewers: [{who}]\n  checks: [SWGfL test]\n"


@pytest.mark.parametrize(
    ("date", "who", "expected"),
    [
        ("2026-01-15", "bob, dee, ian, gov", "met"),
        ("2026-01-15", "dee, ian", "partly met"),  # no SLT member, no governor
        ("2025-10-01", "bob, dee, ian, gov", "not met"),  # more than 12 months ago
    ],
)
def test_filtering_and_monitoring_review(tmp_path: Path, date: str, who: str, expected: str) -> None:
    extra = {"registers/filtering-monitoring.yaml": FM.format(date=date, who=who)}
    assert _status(make_school(tmp_path, extra=extra), "fm-2-review") == expected


def test_review_log_ages(tmp_path: Path) -> None:
    log = (
        "- id: r1\n  kind: contracts_termly\n  date: 2026-08-01\n  by: [bob]\n"
        "- id: r2\n  kind: it_support\n  date: 2025-06-01\n  by: [bob]\n"
        "- id: r3\n  kind: registers\n  date: 2026-02-01\n  by: [bob]\n"
    )
    results = _results(make_school(tmp_path, extra={"registers/reviews.yaml": log}))
    assert results["cyber-5-contracts-termly"][0] == "met"  # within 4 months
    assert results["its-4-review"][0] == "not met"
    assert results["cyber-2-training"][0] == "no evidence"


ASSETS = """\
A1,laptop,lap,deployed,room1,S1,2025-01-10,2028-01-10,2026-01-10,
A2,chromebook,old,deployed,room1,S2,2022-03-01,2025-03-01,2025-12-01,
"""


def test_devices_within_vendor_support(tmp_path: Path) -> None:
    results = _results(make_school(tmp_path, assets=ASSETS))
    status, step = results["cyber-5-devices-supported"]
    assert status == "not met" and "replace or retire the 1 unsupported" in step
    assert results["cyber-5-support-dates"][0] == "met"
    assert results["devices-2-tagged"][0] == "met"
    retired = ASSETS.replace("A2,chromebook,old,deployed", "A2,chromebook,old,retired")
    assert _status(make_school(tmp_path / "b", assets=retired), "cyber-5-devices-supported") == "met"


def test_iar_reviewed_and_licences(tmp_path: Path) -> None:
    infos = info_asset("i1", "2026-06-01") + info_asset("i2", "2025-01-01")
    contracts = contract("lic", type="software_subscription", end_date="2027-01-01")
    results = _results(make_school(tmp_path, infos=infos, contracts=contracts))
    assert results["iar-reviewed"][0] == "partly met"
    assert results["cyber-5-licence-expiry"][0] == "met"
    assert results["broadband-2-backup"][0] == "no evidence"


def test_catalogue_parameters_drive_the_result(tmp_path: Path) -> None:
    """A DfE revision is a data change: the same records, a stricter parameter, a different answer."""
    entries, _ = load_catalogue()
    regs, _ = load_registers(
        make_school(
            tmp_path,
            extra={
                "registers/reviews.yaml": (
                    "- id: r1\n  kind: cyber_training\n  date: 2026-03-01\n  by: [bob, gov]\n"
                    "  audiences: [staff, students]\n"
                )
            },
        )
    )
    [entry] = [e for e in entries if e.id == "cyber-2-training"]
    stricter = entry.model_copy(update={"params": {**entry.params, "max_age_months": 6}})
    assert evaluate(regs, TODAY, catalogue=[entry])[0].status == "met"
    assert evaluate(regs, TODAY, catalogue=[stricter])[0].status == "not met"


def test_exit_codes(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path)
    people = root / "registers/people.yaml"
    people.write_text(people.read_text().replace("[slt_digital_lead, headteacher]", "[headteacher]"))
    assert sd("check", "standards", "--today", "2026-11-22", root=root).exit_code == 1
    (root / "registers/reviews.yaml").write_text("- id: r1\n  kind: nope\n  date: 2026-01-01\n  by: [bob]\n")
    result = sd("check", "standards", "--today", "2026-11-22", root=root)
    assert result.exit_code == 2 and "choice-invalid" in result.stderr


def test_markdown_table(sd) -> None:
    result = sd("check", "standards", "--today", "2026-11-22", "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0] == "| Standard | Area | Status | Evidence | Next step |"
    assert lines[2].startswith("| Assign an SLT member to be responsible for digital technology (`dlg-1-slt-lead`) |")
