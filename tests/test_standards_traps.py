"""Issue 11: for every evaluator, the trap a careless rule falls into (one record missing, a date a day late, a
placeholder value, the wrong kind of record) must not give "met". Each test is named
`test_<evaluator>_trap_...`, and a meta-test checks every evaluator has one."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from renewals_school import SCHOOL, contract, day, info_asset, make_school
from schooldigital.checks.evaluators import EVALUATORS, MET, Evidence, Outcome
from schooldigital.governance import load_governance
from schooldigital.registers import load_registers

TODAY = day("2026-11-22")
FULL_HEADER = (
    "id,category,model,status,location,serial,purchase_date,warranty_end,last_audit,"
    "disposal_date,disposal_method,disposal_certificate,data_wiped\n"
)


def run(root: Path, evaluator: str, params: dict[str, Any], strategy: Any = None) -> Outcome:
    regs, problems = load_registers(root)
    assert regs is not None, problems
    gov, more = load_governance(root)
    assert not [p for p in problems + more if str(p.severity) == "error"], problems + more
    ev = Evidence(regs, gov, strategy, TODAY, assessments=gov.self_assessments)
    return EVALUATORS[evaluator](ev, params)


def _models(root: Path, text: str) -> Path:
    path = root / "registers/models.yaml"
    path.write_text(path.read_text() + text)
    return root


def log(*events: str) -> dict[str, str]:
    return {"registers/reviews.yaml": "".join(events)}


def event(rid: str, kind: str, date: str, by: str = "bob") -> str:
    return f"- id: {rid}\n  kind: {kind}\n  date: {date}\n  by: [{by}]\n"


# --- people and logs -------------------------------------------------------------------------------------


def test_roles_assigned_trap_the_lead_has_left(tmp_path: Path) -> None:
    root = make_school(tmp_path)
    people = root / "registers/people.yaml"
    people.write_text(people.read_text().replace("  name: Bob Lead\n", "  name: Bob Lead\n  left: 2026-08-31\n"))
    assert run(root, "roles_assigned", {"roles": ["slt_digital_lead"]}).status != MET


def test_registers_current_trap_review_a_day_late(tmp_path: Path) -> None:
    root = make_school(
        tmp_path,
        contracts=contract(),
        infos=info_asset("i1", "2026-06-01"),
        assets="A1,laptop,lap,deployed,room1,S1,2025-01-10,2028-01-10,2026-01-10,\n",
        extra=log(event("r1", "registers", "2025-11-21")),
    )
    params = {"max_age_months": 12, "registers": ["assets", "contracts", "information_assets"]}
    assert run(root, "registers_current", params).status == "partly met"
    (root / "registers/reviews.yaml").write_text(event("r1", "registers", "2025-11-22"))
    assert run(root, "registers_current", params).status == MET


PLAN = (
    "- id: p1\n  title: BC/DR\n  covers: [business_continuity, disaster_recovery]\n  owner: bob\n"
    "  covers_digital: true\n  last_reviewed: 2026-03-01\n  last_tested: {tested}\n  offline_copy: true\n"
)
PLAN_PARAMS = {"max_age_months": 12, "test_max_age_months": 12, "kinds": ["business_continuity", "disaster_recovery"]}


def test_continuity_plan_trap_test_a_day_late(tmp_path: Path) -> None:
    late = make_school(tmp_path / "a", extra={"registers/continuity-plans.yaml": PLAN.format(tested="2025-11-21")})
    assert run(late, "continuity_plan", PLAN_PARAMS).status == "partly met"
    ok = make_school(tmp_path / "b", extra={"registers/continuity-plans.yaml": PLAN.format(tested="2025-11-22")})
    assert run(ok, "continuity_plan", PLAN_PARAMS).status == MET


def test_continuity_plan_trap_wrong_kind_of_plan(tmp_path: Path) -> None:
    text = PLAN.format(tested="2026-05-01").replace("[business_continuity, disaster_recovery]", "[cyber_response]")
    root = make_school(tmp_path, extra={"registers/continuity-plans.yaml": text})
    assert run(root, "continuity_plan", PLAN_PARAMS).status != MET


def test_strategy_reviewed_trap_a_day_late(tmp_path: Path) -> None:
    root = make_school(tmp_path)
    late = SimpleNamespace(last_reviewed=day("2025-11-21"))
    assert run(root, "strategy_reviewed", {"max_age_months": 12}, strategy=late).status == "not met"
    never = SimpleNamespace(last_reviewed=None)
    assert run(root, "strategy_reviewed", {"max_age_months": 12}, strategy=never).status == "not met"


def test_review_logged_trap_wrong_kind_of_review(tmp_path: Path) -> None:
    root = make_school(tmp_path, extra=log(event("r1", "it_support", "2026-11-01")))
    assert run(root, "review_logged", {"kind": "device_specification", "max_age_months": 12}).status == "no evidence"


def test_review_logged_trap_a_day_late(tmp_path: Path) -> None:
    root = make_school(tmp_path, extra=log(event("r1", "account_review", "2026-07-21")))
    assert run(root, "review_logged", {"kind": "account_review", "max_age_months": 4}).status == "not met"


def test_assessed_and_reviewed_trap_wrong_kind_counts_as_review(tmp_path: Path) -> None:
    root = make_school(
        tmp_path,
        extra=log(event("ra", "cyber_risk_assessment", "2026-05-20"), event("t", "cyber_training", "2026-11-01")),
    )
    params = {
        "kind": "cyber_risk_assessment",
        "review_kind": "cyber_risk_review",
        "max_age_months": 12,
        "review_months": 4,
    }
    assert run(root, "assessed_and_reviewed", params).status == "partly met"


BACKUP = (
    "- id: bp\n  title: Plan\n  covers: [{covers}]\n  owner: ian\n  covers_digital: true\n"
    "  last_reviewed: 2026-03-01\n  copies:\n    - where: cloud\n"
)
BACKUP_PARAMS = {"test_kind": "backup_restore_test", "test_months": 4, "plan_months": 12}


def test_backup_plan_trap_a_continuity_plan_is_not_a_backup_plan(tmp_path: Path) -> None:
    extra = {
        "registers/continuity-plans.yaml": BACKUP.format(covers="business_continuity"),
        **log(event("rt", "backup_restore_test", "2026-10-21")),
    }
    assert run(make_school(tmp_path, extra=extra), "backup_plan", BACKUP_PARAMS).status != MET


def test_backup_plan_trap_restore_test_a_day_late(tmp_path: Path) -> None:
    extra = {
        "registers/continuity-plans.yaml": BACKUP.format(covers="backup"),
        **log(event("rt", "backup_restore_test", "2026-07-21")),
    }
    assert run(make_school(tmp_path, extra=extra), "backup_plan", BACKUP_PARAMS).status == "partly met"


FM = (
    "- id: annual\n  date: 2025-11-21\n  trigger: annual\n  reviewers: [bob, dee, ian, gov]\n  checks: [SWGfL]\n"
    "- id: later\n  date: 2026-06-01\n  trigger: new_technology\n  reviewers: [bob, dee, ian, gov]\n  checks: [SWGfL]\n"
)


def test_filtering_review_trap_a_trigger_review_is_not_the_annual_one(tmp_path: Path) -> None:
    root = make_school(tmp_path, extra={"registers/filtering-monitoring.yaml": FM})
    params = {"max_age_months": 12, "role_groups": {"SLT": ["slt_digital_lead"], "DSL": ["dsl"]}}
    assert run(root, "filtering_review", params).status == "not met"


# --- assets and models -----------------------------------------------------------------------------------


def test_devices_supported_trap_one_model_without_a_date(tmp_path: Path) -> None:
    models = "- id: nodate\n  manufacturer: X\n  name: Y\n  category: laptop\n"
    assets = "A1,laptop,lap,deployed,room1,S1,2025-01-10,2028-01-10,2026-01-10,\n"
    assets += "A2,laptop,nodate,deployed,room1,S2,2025-01-10,2028-01-10,2026-01-10,\n"
    root = _models(make_school(tmp_path, assets=assets), models)
    outcome = run(root, "devices_supported", {"categories": ["laptop"]})
    assert outcome.status == "partly met" and outcome.failing == ["A2"]


def test_devices_supported_trap_warranty_ended_yesterday(tmp_path: Path) -> None:
    root = make_school(tmp_path, assets="A1,laptop,lap,deployed,room1,S1,2025-01-10,2026-11-21,2026-01-10,\n")
    assert run(root, "devices_supported", {"categories": ["laptop"], "warranty": True}).status == "not met"


def test_support_dates_recorded_trap_one_model_missing(tmp_path: Path) -> None:
    assets = "A1,laptop,lap,deployed,room1,S1,,,,\nA2,laptop,nodate,deployed,room1,S2,,,,\n"
    root = _models(
        make_school(tmp_path, assets=assets), "- id: nodate\n  manufacturer: X\n  name: Y\n  category: laptop\n"
    )
    assert run(root, "support_dates_recorded", {"categories": ["laptop"]}).status == "partly met"


def test_assets_have_fields_trap_one_of_many_missing(tmp_path: Path) -> None:
    assets = (
        "".join(f"A{i},laptop,lap,deployed,room1,S{i},,,,\n" for i in range(9)) + "A9,laptop,lap,deployed,room1,,,,,\n"
    )
    root = make_school(tmp_path, assets=assets)
    outcome = run(root, "assets_have_fields", {"fields": ["serial", "location"], "categories": ["laptop"]})
    assert outcome.status == "partly met" and outcome.failing == ["A9"]


def test_device_minimums_trap_warranty_a_day_short(tmp_path: Path) -> None:
    params = {
        "since": day("2024-01-16"),
        "support_years": {"laptop": 5},
        "warranty_years": {"laptop": 3},
    }
    short = make_school(tmp_path / "a", assets="A1,laptop,lap,deployed,room1,S1,2025-01-10,2028-01-09,,\n")
    assert run(short, "device_minimums", params).status == "not met"
    ok = make_school(tmp_path / "b", assets="A1,laptop,lap,deployed,room1,S1,2025-01-10,2028-01-10,,\n")
    assert run(ok, "device_minimums", params).status == MET


def test_disposal_evidence_trap_placeholder_certificate(tmp_path: Path) -> None:
    rows = "A1,laptop,lap,disposed,room1,S1,,,,2026-01-10,weee_contractor,N/A,true\n"
    root = make_school(tmp_path, extra={"registers/assets.csv": FULL_HEADER + rows})
    assert run(root, "disposal_evidence", {}).status == "not met"


AP = "- id: ap{n}\n  manufacturer: U\n  name: AP{n}\n  category: network\n  role: {role}\n{facts}"


def test_model_requirements_trap_wrong_kind_of_device_and_a_missing_fact(tmp_path: Path) -> None:
    models = AP.format(n=1, role="switch", facts="  managed: true\n") + AP.format(n=2, role="access_point", facts="")
    assets = "S1,network,ap1,deployed,room1,X1,,,,\nW1,network,ap2,deployed,room1,X2,,,,\n"
    root = _models(make_school(tmp_path, assets=assets), models)
    outcome = run(root, "model_requirements", {"roles": ["access_point"], "require": {"managed": True}})
    assert outcome.status == "no evidence" and outcome.failing == ["W1"]  # the managed switch is not an AP


def test_model_requirements_trap_support_ended_yesterday(tmp_path: Path) -> None:
    facts = "  wifi_generation: 6\n  end_of_support: 2026-11-21\n"
    root = _models(
        make_school(tmp_path, assets="W1,network,ap1,deployed,room1,X1,,,,\n"),
        AP.format(n=1, role="access_point", facts=facts),
    )
    params = {"roles": ["access_point"], "require": {"wifi_generation": 7}, "at_upgrade": True}
    assert run(root, "model_requirements", params).status == "not met"
    (root / "registers/models.yaml").write_text(
        (root / "registers/models.yaml").read_text().replace("2026-11-21", "2026-11-22")
    )
    outcome = run(root, "model_requirements", params)
    assert outcome.status == "not due yet" and outcome.due == day("2026-11-22")


def test_roles_in_use_trap_the_firewall_is_retired(tmp_path: Path) -> None:
    root = _models(
        make_school(tmp_path, assets="F1,network,ap1,retired,room1,X1,,,,\n"),
        AP.format(n=1, role="firewall", facts=""),
    )
    assert run(root, "roles_in_use", {"roles": ["firewall"]}).status == "not met"


def test_devices_in_location_kind_trap_a_cupboard_called_server_room(tmp_path: Path) -> None:
    root = make_school(tmp_path, assets="S1,server,lap,deployed,room1,X1,,,,\n")
    (root / "registers/locations.yaml").write_text("- id: room1\n  name: Server room\n  kind: office\n")
    assert run(root, "devices_in_location_kind", {"categories": ["server"], "kinds": ["server_room"]}).status == (
        "not met"
    )


# --- contracts, information assets, self-assessment -------------------------------------------------------


def test_full_fibre_trap_copper_contract_ended_yesterday(tmp_path: Path) -> None:
    ended = contract("bb", type="connectivity", connection="fttc", end_date="2026-11-21", status="active")
    assert run(make_school(tmp_path / "a", contracts=ended), "full_fibre", {}).status == "not met"
    current = contract("bb", type="connectivity", connection="fttc", end_date="2026-11-22")
    outcome = run(make_school(tmp_path / "b", contracts=current), "full_fibre", {})
    assert outcome.status == "not due yet" and outcome.due == TODAY


def test_connectivity_backup_trap_second_line_expired(tmp_path: Path) -> None:
    lines = contract("a", type="connectivity", connection="fttp") + contract(
        "b", type="connectivity", connection="leased_line", status="expired"
    )
    assert run(make_school(tmp_path, contracts=lines), "connectivity_backup", {"min_connections": 2}).status == (
        "not met"
    )


def test_licence_expiry_recorded_trap_rolling_licence_without_end(tmp_path: Path) -> None:
    licences = contract("a", type="saas_service") + contract("b", type="saas_service", end_date=None, renewal="rolling")
    outcome = run(make_school(tmp_path, contracts=licences), "licence_expiry_recorded", {"types": ["saas_service"]})
    assert outcome.status == "partly met" and outcome.failing == ["b"]


def test_iar_reviewed_trap_one_a_day_late(tmp_path: Path) -> None:
    infos = info_asset("i1", "2026-06-01") + info_asset("i2", "2025-11-21")
    outcome = run(make_school(tmp_path, infos=infos), "iar_reviewed", {})
    assert outcome.status == "partly met" and outcome.failing == ["i2"]


def test_processors_have_dpa_trap_one_missing(tmp_path: Path) -> None:
    contracts = contract("a", processor="true", dpa_ref="DPA-1") + contract("b", processor="true")
    assert run(make_school(tmp_path, contracts=contracts), "processors_have_dpa", {}).status == "partly met"


def _personal(iid: str, extra: str = "", fmt: str = "electronic") -> str:
    text = info_asset(iid, "2026-06-01").replace("personal_data: false", "personal_data: true")
    text = text.replace("format: electronic", f"format: {fmt}")
    return text + "  data_subjects: [pupils]\n  lawful_basis: public_task\n" + extra


def test_dpia_recorded_trap_required_but_never_done(tmp_path: Path) -> None:
    infos = _personal("i1", "  risk: high\n  dpia:\n    required: true\n")
    assert run(make_school(tmp_path, infos=infos), "dpia_recorded", {}).status == "not met"


def test_iar_mfa_trap_paper_records_and_one_unknown(tmp_path: Path) -> None:
    infos = _personal("i1", "  mfa: true\n") + _personal("i2") + _personal("p1", "  mfa: false\n", fmt="paper")
    outcome = run(make_school(tmp_path, infos=infos), "iar_mfa", {})
    assert outcome.status == "partly met" and outcome.failing == ["i2"]  # paper needs no MFA


def test_self_assessed_trap_an_answer_for_another_standard(tmp_path: Path) -> None:
    answer = "- id: a1\n  standard: cabling-2\n  answer: yes\n  date: 2026-10-01\n  by: ian\n  evidence: x.pdf\n"
    root = make_school(tmp_path, extra={"registers/self-assessment.yaml": answer})
    assert run(root, "self_assessed", {"standard": "cabling-1"}).status == "no evidence"
    assert run(root, "self_assessed", {"standard": "cabling-2"}).status == MET


def test_every_evaluator_has_a_trap() -> None:
    tests = [name for name in globals() if name.startswith("test_") and "_trap_" in name]
    assert [e for e in EVALUATORS if not any(t.startswith(f"test_{e}_trap_") for t in tests)] == []


def test_model_requirements_trap_the_asset_is_due_before_its_model(tmp_path: Path) -> None:
    """The asset's own `eol_date` says when it is due for replacement, even if its model is supported longer."""
    facts = "  wifi_generation: 6\n  end_of_support: 2031-01-01\n"
    assets = "id,category,model,status,location,serial,eol_date\nW1,network,ap1,deployed,room1,X1,2026-11-21\n"
    root = _models(
        make_school(tmp_path, extra={"registers/assets.csv": assets}), AP.format(n=1, role="access_point", facts=facts)
    )
    params = {"roles": ["access_point"], "require": {"wifi_generation": 7}, "at_upgrade": True}
    assert run(root, "model_requirements", params).status == "not met"


SPEEDS = {"speeds": {"primary": [100, 30], "secondary": [1000, 1000], "default": [100, 30]}}


def test_full_fibre_trap_fibre_too_slow_for_a_secondary(tmp_path: Path) -> None:
    line = contract("bb", type="connectivity", connection="fttp", end_date="2026-11-21", download_mbps=500)
    line += "  upload_mbps: 100\n"
    primary = make_school(tmp_path / "a", contracts=line)
    assert run(primary, "full_fibre", SPEEDS).status == MET
    secondary = make_school(tmp_path / "b", contracts=line, school=SCHOOL.replace("phase: primary", "phase: secondary"))
    assert run(secondary, "full_fibre", SPEEDS).status == "not met"  # and its contract ended yesterday


def test_full_fibre_trap_speed_not_recorded(tmp_path: Path) -> None:
    line = contract("bb", type="connectivity", connection="leased_line", end_date="2029-01-01")
    assert run(make_school(tmp_path, contracts=line), "full_fibre", SPEEDS).status == "partly met"
