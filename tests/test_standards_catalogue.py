"""Issue 11: every standard of the catalogue gets a verdict, and a school can override the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import standards_helpers
from gitrepo import git_env  # noqa: F401 - autouse fixture: sd init makes a commit
from jsonout import payload
from renewals_school import day, make_school
from schooldigital.checks.catalogue import load_catalogue
from schooldigital.checks.evaluators import EVALUATORS, MET, Outcome
from schooldigital.checks.evaluators.base import KINDS

TODAY = day("2026-11-22")


def _catalogue_ids() -> list[str]:
    catalogue, _ = load_catalogue()
    assert catalogue is not None
    return [s.id for s in catalogue.standards]


def _assert_every_standard(data: list[dict]) -> None:
    assert sorted(d["id"] for d in data) == sorted(_catalogue_ids())
    for d in data:
        assert d["status"] and d["evidence_kind"], d["id"]
        assert set(d["evidence_kind"].split(" + ")) <= set(KINDS), d["id"]
        if d["status"] == "met":
            assert d["records"], f"{d['id']} is met without naming a record"
        if d["status"] in ("not met", "partly met"):
            assert d["failing"] or d["next_step"], d["id"]


def test_json_lists_all_50_on_the_demo_school_issue_11(sd) -> None:
    data = payload(sd("check", "standards", "--today", "2026-11-22", "--format", "json").stdout)
    assert len(data) == 50
    _assert_every_standard(data)
    # Grouped by area with the six core areas first.
    cores = [d["core"] for d in data]
    assert cores == sorted(cores, reverse=True) and sum(cores) == 26


def test_json_lists_all_50_on_a_fresh_school_issue_11(tmp_path: Path, sd) -> None:
    dest = tmp_path / "new"
    assert sd("init", str(dest), "--name", "Oak Primary School", "--urn", "234567", "--phase", "primary").exit_code == 0
    result = sd("check", "standards", "--today", "2026-11-22", "--format", "json", root=dest)
    data = payload(result.stdout)
    assert len(data) == 50
    _assert_every_standard(data)
    assert not [d["id"] for d in data if d["status"] == "met"]  # an empty school meets nothing


def test_text_and_markdown_list_every_standard(sd) -> None:
    ids = _catalogue_ids()
    text = sd("check", "standards", "--today", "2026-11-22").stdout
    markdown = sd("check", "standards", "--today", "2026-11-22", "--format", "markdown").stdout
    for sid in ids:
        assert f" {sid} " in text, sid
        assert f"(`{sid}`)" in markdown, sid


def test_a_met_without_records_is_not_trusted(tmp_path: Path) -> None:
    """A careless evaluator that says "met" and cites nothing must never show as met."""
    EVALUATORS["careless"] = lambda ev, params: Outcome(MET, ["looks fine"])
    try:
        root = make_school(tmp_path)
        (root / "standards.yaml").write_text(
            "standards:\n  - id: its-4\n    checks: [{id: its-4-careless, kind: log, evaluator: careless}]\n"
        )
        assert standards_helpers.standard(root, TODAY, "its-4").status == "no evidence"
    finally:
        del EVALUATORS["careless"]


def test_school_overrides_not_applicable_and_new_standards(tmp_path: Path) -> None:
    root = make_school(tmp_path)
    (root / "standards.yaml").write_text(
        "settings: {self_assessment_months: 6}\n"
        "standards:\n"
        "  - id: cabling-2\n    not_applicable: One building; no fibre between buildings.\n"
        "  - id: local-1\n    area: dlg\n    title: Our own standard\n    when: now\n    evidence: A review.\n"
        "    checks: [{id: local-1-review, kind: log, evaluator: review_logged, "
        "params: {kind: other, max_age_months: 12}}]\n"
    )
    results = {r.id: r for r in standards_helpers.results(root, TODAY)}
    assert len(results) == 51
    assert results["cabling-2"].status == "not applicable"
    assert results["cabling-2"].reason == "One building; no fibre between buildings."
    assert results["local-1"].status == "no evidence" and results["local-1"].area_name == (
        "Digital leadership and governance"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("standards:\n  - id: wireless-1\n    params: {min_generation: 6}\n", [("unknown-field", 3)]),
        ("standards:\n  - id: wireless-1\n    whenn: now\n", [("unknown-field", 3)]),
        ("standards:\n  - id: new-1\n    title: T\n", [("missing-field", 2)] * 4),
        ("standards:\n  - id: wireless-1\n    area: wifi\n", [("unknown-ref", 3)]),
        ("standards:\n  - id: wireless-1\n  - id: wireless-1\n", [("duplicate-id", 3)]),
        ("settings: {self_assessment_months: 0}\n", [("value-invalid", 1)]),
    ],
)
def test_school_file_problems_are_located_and_change_nothing(
    tmp_path: Path, sd, text: str, expected: list[tuple[str, int]]
) -> None:
    root = make_school(tmp_path)
    (root / "standards.yaml").write_text(text)
    catalogue, problems = load_catalogue(root)
    assert sorted((p.code, p.source.line) for p in problems) == expected
    assert catalogue is not None and not catalogue.school_file
    result = sd("validate", root=root)
    assert result.exit_code == 2 and "standards.yaml:" in result.stderr
    assert sd("check", "standards", "--today", "2026-11-22", root=root).exit_code == 2


def test_wifi_generation_is_a_parameter_a_school_can_change(tmp_path: Path) -> None:
    """The Wi-Fi generation the DfE asks for is unconfirmed (7 now, 6 in older pages): a parameter."""
    models = (
        "- id: ap\n  manufacturer: U\n  name: AP\n  category: network\n  role: access_point\n"
        "  wifi_generation: 6\n  end_of_support: 2025-01-01\n"
    )
    root = make_school(tmp_path, assets="AP1,network,ap,deployed,room1,S1,2020-01-01,2023-01-01,2026-01-10,\n")
    (root / "registers/models.yaml").write_text((root / "registers/models.yaml").read_text() + models)
    assert standards_helpers.standard(root, TODAY, "wireless-1").status == "not met"
    override = "standards:\n  - id: wireless-1\n    params: {require: {wifi_generation: 6}}\n"
    (root / "standards.yaml").write_text(override)
    assert standards_helpers.standard(root, TODAY, "wireless-1").status == "met"


def test_readme_table_lists_every_standard() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `") and line.count("|") == 6]
    listed = [row.split("`")[1] for row in rows]
    assert sorted(set(listed) & set(_catalogue_ids())) == sorted(_catalogue_ids())


def test_strategy_standards_section_is_plain_words_for_governors(sd) -> None:
    text = sd("report", "strategy", "--today", "2026-11-22").stdout
    section = text[text.index("### DfE standards") : text.index("### Devices")]
    catalogue, _ = load_catalogue()
    assert catalogue is not None
    for s in catalogue.standards:
        assert s.title in section  # every standard is there
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Standard")]
    assert len(rows) == 50
    for row in rows:
        assert not re.search(r"`|\\`|registers/|\.yaml|\bsd \b|RP-\d|\b[a-z]+-\d\b|\bia\d{3}\b|_", row), row
    headings = [line for line in section.splitlines() if line.startswith("**")]
    assert headings[:6] == [
        "**Broadband internet** (core standard for 2030)",
        "**Wireless network** (core standard for 2030)",
        "**Network switching** (core standard for 2030)",
        "**Digital leadership and governance** (core standard for 2030)",
        "**Filtering and monitoring** (core standard for 2030)",
        "**Cyber security** (core standard for 2030)",
    ]


def test_json_equals_the_library_result(school: Path, sd) -> None:
    from schooldigital.checks.run import check_standards

    data = payload(sd("check", "standards", "--today", "2026-11-22", "--format", "json").stdout)
    run = check_standards(school, day("2026-11-22"))
    assert data == [r.to_dict() for r in run.results]


def test_no_servers_on_site_is_not_applicable_but_an_empty_register_is_no_evidence(tmp_path: Path) -> None:
    laptops = make_school(tmp_path / "a", assets="A1,laptop,lap,deployed,room1,S1,,,,\n")
    servers = standards_helpers.standard(laptops, TODAY, "servers-1")
    assert servers.status == "not applicable" and "no servers or storage devices in use on site" in servers.reason
    assert standards_helpers.standard(laptops, TODAY, "servers-4").status == "not applicable"
    empty = standards_helpers.standard(make_school(tmp_path / "b"), TODAY, "servers-1")
    assert empty.status == "no evidence"
