"""Snipe-IT's own sample files and custom report, imported the way a technician would (issue 13, point 1).

tests/data/snipe-it/README.md names where the files come from. The samples hold invented companies and
construction categories, so a dry run of them as they are cannot pass; what is tested is that every error says
what to do, and that with those columns set aside the rest lands in the register and the people do not.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).parent / "data" / "snipe-it"
ADVICE = ("add it to registers/", "expected one of", "--default", "--status", "--date-format", "--skip-column")


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error " in line]


def test_assets_sample_skips_user_columns_and_every_error_has_advice(sd) -> None:
    result = sd("assets", "import", str(DATA / "assets-sample.csv"), "--dry-run")
    assert result.exit_code == 2
    assert "unknown-field" not in result.stderr  # `Checked Out To: Email` and the rest are people's details
    errors = _errors(result.stderr)
    assert errors and all(any(a in e for a in ADVICE) for e in errors), [
        e for e in errors if not any(a in e for a in ADVICE)
    ]
    assert (
        "assets-sample.csv:7:5: error unknown-ref: `supplier`: no supplier `Berge Inc`; "
        "add it to registers/suppliers.yaml first" in result.stderr
    )
    assert (  # a quoted name with a comma is one cell, named whole
        "assets-sample.csv:2:5: error unknown-ref: `supplier`: no supplier `Kunde, Doyle and Kozey`; "
        "add it to registers/suppliers.yaml first" in result.stderr
    )
    assert "pattern" not in result.stderr
    assert "date-invalid" not in result.stderr  # the sample's dates are ISO: no --date-format needed
    assert "is not an amount" not in result.stderr  # plain decimals such as 2266.13
    assert len(errors) == len(set(errors))  # each problem once
    assert len(errors) == 150 * 4  # every row: its category, supplier, location and model, nothing else


def test_assets_sample_imports_without_the_people_columns(sd, school: Path) -> None:
    sample = DATA / "assets-sample.csv"
    args = ["--skip-column", "Category", "--skip-column", "Supplier", "--skip-column", "Location"]
    args += ["--skip-column", "Model", "--default", "category=other", "--default", "model=dell-latitude-3440"]
    args += ["--default", "location=class-1a", "--default", "status=in_stock"]
    result = sd("assets", "import", str(sample), *args)
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.split()) == 150
    skipped = next(line for line in result.stderr.splitlines() if line.startswith("skipped columns"))
    assert "Checked Out To: Email" in skipped and "Checked Out To: Username" in skipped
    with (school / "registers" / "assets.csv").open(encoding="utf-8", newline="") as f:
        register = {row["id"]: row for row in csv.DictReader(f)}
    first = register["ICC-2065556"]
    assert (first["description"], first["purchase_date"], first["cost"]) == ("Backhoe", "2023-01-23", "2266.13")
    assert first["order_ref"] == "3271901481" and first["notes"].startswith("at nulla suspendisse")
    assert register["JHN-0598394"]["order_ref"] == "0709494209"  # an order number keeps its leading zero
    with sample.open(encoding="utf-8", newline="") as f:
        people = {v for row in csv.DictReader(f) for k, v in row.items() if k.startswith("Checked Out To:") and v}
    assert "gmccrackem2a@bing.com" in people and "McCrackem" in people
    cells = {v for row in register.values() for v in row.values()}
    assert not people & cells, sorted(people & cells)[:5]  # no holder's name, username or email in the register


def test_licences_sample_money_columns_and_missing_fields(sd) -> None:
    args = ["contracts", "import", str(DATA / "licenses-sample.csv"), "--date-format", "%m/%d/%y", "--dry-run"]
    first = sd(*args)
    assert "keep one with --skip-column 'order number' or --skip-column 'purchase order'" in first.stderr
    result = sd(*args, "--skip-column", "purchase order", "--default", "type=saas_service", "--default", "owner=htay")
    assert "both give" not in result.stderr  # --skip-column works on a header sd recognises
    assert "`$12.58` is in USD but the school counts in GBP" in result.stderr
    assert "licenses-sample.csv:2:9: warning currency-foreign: `cost.amount`: `$12.58`" in result.stderr  # not an error
    assert "is not an amount" not in result.stderr  # `$12.58 ` with Snipe-IT's trailing space
    assert "date-invalid" not in result.stderr  # `11/24/08` read with %m/%d/%y
    errors = _errors(result.stderr)
    assert len(errors) == len(set(errors))
    row2 = [e for e in errors if "licenses-sample.csv:2:" in e or "licenses-sample.csv:2 " in e]
    assert sum("`renewal` is required" in e for e in row2) == 1  # once, with its advice
    assert all(any(a in e for a in ADVICE) for e in errors)


def test_a_date_that_did_not_parse_is_not_a_missing_column(sd) -> None:
    args = ["contracts", "import", str(DATA / "licenses-sample.csv"), "--dry-run", "--skip-column", "order number"]
    result = sd(*args)
    assert "`start_date`: `11/24/08` is not an ISO date" in result.stderr
    assert "licenses-sample.csv:2:8: error date-invalid: `start_date`: `11/24/08`" in result.stderr
    assert "licenses-sample.csv:2: error missing-field: `start_date`" not in result.stderr
    assert "licenses-sample.csv:2: error missing-field: `end_date`" not in result.stderr
    assert "licenses-sample.csv:23: error missing-field: `start_date` is required" in result.stderr  # truly empty
    # after records whose notes span lines, the row is named by the file line it starts on
    assert "licenses-sample.csv:77: error missing-field: `start_date` is required" in result.stderr


def test_custom_report_with_skip_column_status_and_column(sd, school: Path) -> None:
    report = str(DATA / "custom-report.csv")
    first = sd("assets", "import", report, "--dry-run")
    assert "column `Asset Tag` and column 1 (`ID`) both give `id`" in first.stderr
    assert "column `Default Location` and column 16 (`Location`) both give `location`" in first.stderr
    status = [e for e in _errors(first.stderr) if "`Undeployable`" in e]
    assert status and "deployed" not in status[0].split(";")[0]  # never the opposite word
    assert "--status 'Undeployable=STATUS'" in status[0]
    ok = sd(
        "assets",
        "import",
        report,
        "--dry-run",
        "--skip-column",
        "ID",
        "--skip-column",
        "Default Location",
        "--status",
        "Undeployable=broken",
        "--column",
        "Asset Name=notes",
        "--skip-column",
        "Notes",
    )
    assert ok.exit_code == 0, ok.stderr
    assert ok.stdout.split() == ["RP-09101", "RP-09102"]
    assert "Company" in ok.stderr and "ID" in ok.stderr  # listed as skipped
