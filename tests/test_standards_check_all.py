"""`sd check` with no subcommand: validation, renewals and standards, one summary, one exit status (2 > 1 > 0)."""

from __future__ import annotations

from pathlib import Path

from jsonout import payload
from renewals_school import contract, make_school

ALL_MET = {
    "registers/continuity-plans.yaml": (
        "- id: p1\n  title: BC/DR\n  covers: [business_continuity, disaster_recovery]\n  owner: bob\n"
        "  covers_digital: true\n  last_reviewed: 2026-03-01\n  last_tested: 2026-05-01\n  offline_copy: true\n"
    ),
}


def test_summary_and_attention(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=contract(end_date="2026-11-22"), extra=ALL_MET)
    result = sd("check", "--today", "2026-11-22", root=root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-4:] == [
        "validate: ok",
        "renewals: 1 due",
        lines[-2],
        "attention needed",
    ]
    assert lines[-2].startswith("standards: ") and "met" in lines[-2]
    assert "Contract c1 [c1]: renew or let it lapse by 2026-11-22" in result.stdout


def test_invalid_data_wins(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=contract(owner="nobody"))
    result = sd("check", "--today", "2026-11-22", root=root)
    assert result.exit_code == 2
    assert "unknown-ref" in result.stderr
    assert result.stdout.splitlines()[-3:] == [
        "validate: 1 errors",
        "renewals and standards: not checked until the data is valid",
        "invalid data",
    ]


def test_json_has_every_part(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=contract(end_date="2026-11-22"))
    result = sd("check", "--today", "2026-11-22", "--format", "json", root=root)
    data = payload(result.stdout)
    assert data["exit_code"] == result.exit_code == 1
    assert [i["id"] for i in data["renewals"]] == ["c1"]
    assert {s["id"] for s in data["standards"]} >= {"dlg-1", "dlg-4"}
    assert data["problems"] == []


def test_demo_school(sd) -> None:
    result = sd("check", "--today", "2026-11-22")
    assert result.exit_code == 1
    assert "validate: ok" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == "attention needed"
