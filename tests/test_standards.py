"""`sd check standards`: the catalogue is data, each evaluator judges from records, and the exit status."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import standards_helpers
from jsonout import payload
from renewals_school import contract, day, info_asset, make_school
from schooldigital.checks.catalogue import load_catalogue
from schooldigital.checks.evaluators import EVALUATORS, STATUSES

TODAY = day("2026-11-22")


def _results(root: Path) -> dict[str, tuple[str, str]]:
    """(status, next step) of every check, by check id."""
    return {c.id: (c.outcome.status, c.outcome.step) for r in standards_helpers.results(root, TODAY) for c in r.checks}


def _status(root: Path, sid: str) -> str:
    return _results(root)[sid][0]


def test_catalogue_is_valid_data_with_all_50_standards() -> None:
    catalogue, problems = load_catalogue()
    assert problems == [] and catalogue is not None
    ids = [s.id for s in catalogue.standards]
    assert len(ids) == len(set(ids)) == 50
    per_area = Counter(s.area for s in catalogue.standards)
    assert per_area == {
        "broadband": 3,
        "wireless": 4,
        "switching": 4,
        "dlg": 4,
        "fm": 4,
        "cyber": 7,
        "cabling": 3,
        "servers": 4,
        "cloud": 5,
        "devices": 4,
        "accessibility": 3,
        "its": 5,
    }
    assert {a for a, spec in catalogue.areas.items() if spec.core} == {
        "broadband",
        "wireless",
        "switching",
        "dlg",
        "fm",
        "cyber",
    }
    checks = [c for s in catalogue.standards for c in s.checks]
    assert {c.evaluator for c in checks} <= set(EVALUATORS)
    assert len({c.id for c in checks}) == len(checks)
    # Every self-assessed check has a question to ask.
    assert all(s.question for s in catalogue.standards if any(c.kind == "self-assessed" for c in s.checks))
    assert catalogue.revision and catalogue.date


def test_unknown_evaluator_in_school_file_is_a_located_problem(tmp_path: Path) -> None:
    root = make_school(tmp_path)
    (root / "standards.yaml").write_text(
        "standards:\n  - id: local-1\n    area: cyber\n    title: T\n    when: now\n    evidence: E\n"
        "    checks:\n      - {id: x, kind: log, evaluator: no_such}\n"
    )
    catalogue, problems = load_catalogue(root)
    assert [(p.code, p.source.path, p.source.line) for p in problems] == [("value-invalid", "standards.yaml", 8)]
    assert catalogue is not None and "local-1" not in catalogue.by_id()  # an invalid file changes nothing


def test_every_result_has_a_known_status_and_a_next_step_unless_met(sd) -> None:
    result = sd("check", "standards", "--today", "2026-11-22", "--format", "json")
    data = payload(result.stdout)
    assert {d["status"] for d in data} <= set(STATUSES)
    assert all(d["next_step"] for d in data if d["status"] in ("not met", "partly met", "no evidence"))
    assert all(d["reason"] for d in data if d["status"] == "not applicable")
    assert all(d["due"] for d in data if d["status"] == "not due yet")
    assert result.exit_code == (1 if any(d["status"] == "not met" for d in data) else 0)


def test_demo_governance_standards(sd) -> None:
    result = sd("check", "standards", "--today", "2026-11-22")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Riverside Primary School: DfE digital and technology standards on 2026-11-22")
    assert lines[1] == "Broadband internet (core)"
    [dlg1] = [i for i, line in enumerate(lines) if " dlg-1 " in line]
    assert lines[dlg1].startswith("  met            dlg-1 ") and lines[dlg1].endswith("[registers]")
    assert "records: dkha" in lines[dlg1 + 2]
    assert any(line.startswith("  met            dlg-4 ") for line in lines)
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
    log = "- id: r1\n  kind: cyber_training\n  date: 2026-03-01\n  by: [bob, gov]\n  audiences: [staff, students]\n"
    root = make_school(tmp_path, extra={"registers/reviews.yaml": log})
    assert standards_helpers.standard(root, TODAY, "cyber-2").status == "met"
    (root / "standards.yaml").write_text("standards:\n  - id: cyber-2\n    params: {max_age_months: 6}\n")
    result = standards_helpers.standard(root, TODAY, "cyber-2")
    assert result.status == "not met"


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
    assert lines[2] == "### Broadband internet (core)"
    assert lines[4] == "| Standard | Status | Evidence kind | Evidence | Next step |"
    assert lines[6].startswith("| Use a full-fibre connection for the broadband service (`broadband-1`) |")
    assert lines[-1].startswith("50 standards: ")


def test_a_governor_who_has_left_since_still_took_part(tmp_path: Path) -> None:
    log = "- id: t1\n  kind: cyber_training\n  date: 2026-09-02\n  by: [ian, gov]\n  audiences: [staff, students]\n"
    root = make_school(tmp_path, extra={"registers/reviews.yaml": log})
    people = root / "registers/people.yaml"
    people.write_text(
        people.read_text().replace("  name: Gill Governor\n", "  name: Gill Governor\n  left: 2026-10-31\n")
    )
    assert standards_helpers.standard(root, TODAY, "cyber-2").status == "met"
