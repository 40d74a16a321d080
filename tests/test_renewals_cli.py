"""`sd check renewals` through the CLI: exact output, formats, exit codes, and JSON parity with the library."""

from __future__ import annotations

from pathlib import Path

from jsonout import payload
from renewals_school import contract, day, make_school
from schooldigital.checks.renewals import due_items
from schooldigital.registers import load_registers
from schooldigital.store.cache import cache_home

CONTRACTS = (
    contract("c1", title="Broadband", renewal="auto", renewal_term_months=12, notice="90 days", end_date="2026-12-31")
    + contract("c2", title="Scratch", type="software_subscription", end_date="2027-01-21")
    + contract("c3", title="Old support", end_date="2027-08-31")
)
ASSETS = """\
A1,chromebook,old,deployed,room1,S1,2022-03-01,2025-03-01,2026-06-01,
A2,chromebook,old,deployed,room1,S2,2022-03-01,2025-03-01,2026-06-01,
"""


def test_text_output_exact(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=CONTRACTS, assets=ASSETS)
    result = sd("check", "renewals", "--today", "2026-10-23", root=root)
    assert result.exit_code == 1
    assert result.stdout == (
        "Test Primary: 4 dated items need attention (2026-10-23)\n"
        "overdue        2026-06-01  vendor support ends: 2 assets (2 × Acer C733): "
        "replace, retire or take them off the network\n"
        "overdue        2026-10-02  Broadband [c1]: notice deadline 2026-10-02 passed; it renews on 2026-12-31 for "
        "12 months — record `status: renewing` if intended, or `notice_given` if the supplier accepted notice "
        "(registers/contracts.yaml:1:3)\n"
        "upcoming (90d) 2027-01-21  Scratch [c2]: renew or let it lapse by 2027-01-21; then record the new `end_date` "
        "or status `expired` (registers/contracts.yaml:11:3)\n"
        "(batched by kind; `sd check renewals --detail` lists every record)\n"
    )
    assert result.stderr == ""


def test_detail_lists_every_record(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, assets=ASSETS)
    result = sd("check", "renewals", "--today", "2026-10-23", "--detail", root=root)
    assert result.stdout.splitlines()[2:] == [
        "    A1  2026-06-01  A1 Acer C733  (registers/assets.csv:2)",
        "    A2  2026-06-01  A2 Acer C733  (registers/assets.csv:3)",
    ]


def test_nothing_due_prints_nothing_and_exits_0(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=contract(end_date="2027-12-31"))
    result = sd("check", "renewals", "--today", "2026-10-23", root=root)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_within_shows_what_is_coming(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=contract(end_date="2027-12-31"))
    result = sd("check", "renewals", "--today", "2026-10-23", "--within", "500", root=root)
    assert result.exit_code == 1
    assert "upcoming       2027-12-31  Contract c1 [c1]" in result.stdout


def test_invalid_data_exits_2_with_the_problems(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=contract(end_date="2026-02-30"))
    result = sd("check", "renewals", "--today", "2026-10-23", root=root)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "registers/contracts.yaml:7:3: error date-invalid: `end_date`: `2026-02-30`" in result.stderr
    assert result.stderr.endswith(
        "sd: 1 invalid record(s) not checked: contract `c1`; fix the problems above (`sd validate`)\n"
    )


def test_an_invalid_asset_row_does_not_hide_a_due_contract_notice(tmp_path: Path, sd) -> None:
    """Issue 13: one typo used to print "no renewals were checked" and silence every alert."""
    contracts = contract("c1", title="Broadband", renewal="auto", renewal_term_months=12, notice="90 days")
    contracts += contract("c2", title="Other", supplier="nobody", end_date="2026-10-30")
    assets = "A0,chromebook,old,deplyed,room1,S1,2022-03-01,2025-03-01,2026-06-01,\n" + ASSETS
    root = make_school(tmp_path, contracts=contracts, assets=assets)
    result = sd("check", "renewals", "--today", "2026-10-23", root=root)
    assert result.exit_code == 2
    assert "Broadband [c1]: notice deadline 2026-10-02 passed" in result.stdout
    assert "vendor support ends: 2 assets (2 × Acer C733)" in result.stdout  # A1 and A2, not A0
    assert "[c2]" not in result.stdout  # its supplier is unknown: set aside, not guessed at
    assert "registers/assets.csv:2:4: error choice-invalid: `status`: `deplyed`" in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "sd: 2 invalid record(s) not checked: contract `c2`, asset `A0`; fix the problems above (`sd validate`)"
    )


def test_invalid_governance_file_exits_2(tmp_path: Path, sd) -> None:
    root = make_school(
        tmp_path, extra={"registers/reviews.yaml": "- id: r1\n  kind: registers\n  date: 2026-01-01\n  by: [nobody]\n"}
    )
    result = sd("check", "renewals", "--today", "2026-10-23", root=root)
    assert result.exit_code == 2
    assert "registers/reviews.yaml:4:3: error unknown-ref: `by`: no person `nobody`" in result.stderr


def test_json_equals_the_library_result(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=CONTRACTS, assets=ASSETS)
    result = sd("check", "renewals", "--today", "2026-10-23", "--format", "json", root=root)
    assert result.exit_code == 1
    regs, _ = load_registers(root)
    expected = [i.to_dict() for i in due_items(regs, day("2026-10-23"), every_days=1)]
    assert payload(result.stdout) == expected
    assert [d["state"] for d in expected] == ["overdue", "overdue", "overdue", "upcoming"]


def test_markdown_table(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=CONTRACTS, assets=ASSETS)
    result = sd("check", "renewals", "--today", "2026-10-23", "--format", "markdown", root=root)
    lines = result.stdout.splitlines()
    assert lines[0] == "## Renewals and reviews needing attention — Test Primary, 2026-10-23"
    assert lines[2] == "| State | Date | What | Record | Action | Source |"
    assert lines[4].startswith("| overdue | 2026-06-01..2026-06-01 | vendor support ends | 2: 2 × Acer C733 |")
    assert "| Broadband (`c1`) |" in lines[5]


def test_demo_school_runs(sd) -> None:
    result = sd("check", "renewals", "--today", "2026-11-22")
    assert result.exit_code == 1
    assert result.stdout.startswith("Riverside Primary School: ")
    assert "Managed IT support [c003-managed-it-support]" in result.stdout  # stale auto-renewal


def test_validated_cache_never_serves_stale_data(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=contract(end_date="2026-10-23"))
    before = set(cache_home().rglob("*.pickle"))
    first = sd("check", "renewals", "--today", "2026-10-23", root=root)
    assert "Contract c1 [c1]" in first.stdout
    assert set(cache_home().rglob("*.pickle")) - before  # the validated registers were cached
    assert not (root / ".sd-cache" / "parse").exists()  # never inside the repository (issue 12)
    assert sd("check", "renewals", "--today", "2026-10-23", root=root).stdout == first.stdout
    contracts = root / "registers/contracts.yaml"
    contracts.write_text(contracts.read_text().replace("end_date: 2026-10-23", "end_date: 2027-10-23"))
    assert sd("check", "renewals", "--today", "2026-10-23", root=root).stdout == ""
    contracts.write_text(contracts.read_text().replace("owner: bob", "owner: nobody"))
    assert sd("check", "renewals", "--today", "2026-10-23", root=root).exit_code == 2
