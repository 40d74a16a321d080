"""Snipe-IT's own sample files and custom report, imported the way a technician would (issue 13, point 1).

tests/data/snipe-it/README.md names where the files come from. The samples hold invented companies and
construction categories, so a dry run cannot pass; what is tested is that every error says what to do.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data" / "snipe-it"
ADVICE = ("add it to registers/", "expected one of", "--default", "--status", "--date-format", "--skip-column")


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error " in line]


def test_assets_sample_skips_user_columns_and_every_error_has_advice(sd) -> None:
    result = sd("assets", "import", str(DATA / "assets-sample.csv"), "--date-format", "%m/%d/%y", "--dry-run")
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
    assert "pattern" not in result.stderr
    assert len(errors) == len(set(errors))  # each problem once


def test_licences_sample_money_columns_and_missing_fields(sd) -> None:
    args = ["contracts", "import", str(DATA / "licenses-sample.csv"), "--date-format", "%m/%d/%Y", "--dry-run"]
    first = sd(*args)
    assert "keep one with --skip-column 'order number' or --skip-column 'purchase order'" in first.stderr
    result = sd(*args, "--skip-column", "purchase order", "--default", "type=saas_service", "--default", "owner=htay")
    assert "both give" not in result.stderr  # --skip-column works on a header sd recognises
    assert "`$12.58` is in USD but the school counts in GBP" in result.stderr  # a warning, not an error
    assert "is not an amount" not in result.stderr
    errors = _errors(result.stderr)
    assert len(errors) == len(set(errors))
    row2 = [e for e in errors if "licenses-sample.csv:2:" in e or "licenses-sample.csv:2 " in e]
    assert sum("`renewal` is required" in e for e in row2) == 1  # once, with its advice
    assert all(any(a in e for a in ADVICE) for e in errors)


def test_a_date_that_did_not_parse_is_not_a_missing_column(sd) -> None:
    args = ["contracts", "import", str(DATA / "licenses-sample.csv"), "--dry-run", "--skip-column", "order number"]
    result = sd(*args)
    assert "`start_date`: `11/24/2008` is not an ISO date" in result.stderr
    assert "licenses-sample.csv:2:8: error date-invalid: `start_date`: `11/24/2008`" in result.stderr
    assert "licenses-sample.csv:2: error missing-field: `start_date`" not in result.stderr
    assert "licenses-sample.csv:2: error missing-field: `end_date`" not in result.stderr
    assert "licenses-sample.csv:57: error missing-field: `start_date` is required" in result.stderr  # truly empty


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
