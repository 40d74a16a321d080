"""`sd assets import` / `sd contracts import`: awkward real-world files, all rows or none, file:row:column."""

from __future__ import annotations

from pathlib import Path

import pytest

from schooldigital.errors import InvalidData
from schooldigital.importing.assets import import_assets

SNIPE_HEADER = (
    "Asset Tag,Serial,Model,Category,Location,Purchase Date,Purchase Cost,Supplier,Checked Out To,Notes,Company"
)
ROWS = [
    'RP-01001,SN-A1,Latitude 3440,Laptops,ICT Suite,03/04/2025,"£1,234.50",XMA Ltd,Daniel Khan,café spare,Riverside',
    "RP-01002,SN-A2,dell-latitude-3440,laptop,ict-suite,2025-04-13,£689.00,xma,room:hall,,Riverside",
]


def _write(path: Path, lines: list[str], *, encoding: str = "utf-8", bom: bool = False) -> Path:
    data = "\r\n".join(lines).encode(encoding) + b"\r\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _row(school: Path, rid: str) -> dict[str, str]:
    import csv

    with (school / "registers/assets.csv").open(encoding="utf-8", newline="") as fh:
        return next(r for r in csv.DictReader(fh) if r["id"] == rid)


def test_bom_crlf_pounds_and_day_first_dates_with_date_format(school: Path, sd, tmp_path: Path) -> None:
    file = _write(tmp_path / "export.csv", [SNIPE_HEADER, *ROWS], bom=True)

    result = sd("assets", "import", str(file), "--date-format", "%d/%m/%Y")

    assert result.exit_code == 0, result
    assert result.stdout.split() == ["RP-01001", "RP-01002"]
    assert "skipped columns (no place in the register): Company" in result.stderr
    row = _row(school, "RP-01001")
    # 03/04/2025 read day first as told; £1,234.50 stored plainly; names resolved to ids, never created.
    assert (row["purchase_date"], row["cost"], row["model"], row["location"]) == (
        "2025-04-03",
        "1234.50",
        "dell-latitude-3440",
        "ict-suite",
    )
    assert (row["category"], row["supplier"], row["assigned_to"], row["notes"]) == (
        "laptop",
        "xma",
        "person:dkha",
        "café spare",
    )
    text = (school / "registers/assets.csv").read_text(encoding="utf-8")
    assert "\r" not in text
    ids = [line.split(",", 1)[0] for line in text.splitlines()[1:]]
    assert ids == sorted(ids)
    assert sd("validate").exit_code == 0


def test_day_month_order_is_never_guessed(school: Path, sd, tmp_path: Path) -> None:
    file = _write(tmp_path / "export.csv", [SNIPE_HEADER, *ROWS], bom=True)
    before = (school / "registers/assets.csv").read_bytes()

    result = sd("assets", "import", str(file))

    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{file}:2:6: error date-invalid: `purchase_date`: `03/04/2025` is not an ISO date (YYYY-MM-DD); "
        "pass --date-format"
    )
    assert "'%d/%m/%Y' (day first) or '%m/%d/%Y' (month first)" in result.stderr
    assert (school / "registers/assets.csv").read_bytes() == before


def test_month_first_format_reads_month_first(school: Path, tmp_path: Path) -> None:
    file = _write(tmp_path / "us.csv", [SNIPE_HEADER, ROWS[0]])
    import_assets(school, file, date_format="%m/%d/%Y")
    assert _row(school, "RP-01001")["purchase_date"] == "2025-03-04"


def test_cp1252_file_with_pound_sign(school: Path, sd, tmp_path: Path) -> None:
    file = _write(tmp_path / "excel.csv", [SNIPE_HEADER, *ROWS], encoding="cp1252")
    assert b"\xa3" in file.read_bytes()  # a real Windows-1252 £

    result = sd("assets", "import", str(file), "--date-format", "%d/%m/%Y")

    assert result.exit_code == 0, result
    assert _row(school, "RP-01001")["notes"] == "café spare"
    assert _row(school, "RP-01002")["cost"] == "689.00"


def test_snipe_it_status_warranty_and_generated_ids(school: Path, sd, tmp_path: Path) -> None:
    file = _write(
        tmp_path / "snipe.csv",
        [
            "Asset Tag,Name,Serial,Model,Status,Location,Purchase Date,Warranty,Order Number,Manufacturer,Email",
            ",Spare laptop,SN-W1,Latitude 3440,Ready to Deploy,ICT Suite,2024-01-31,36,PO-9,Dell,x@example.org",
        ],
    )

    result = sd("assets", "import", str(file))

    assert result.exit_code == 0, result
    assert result.stdout.strip() == "RP-00321"  # the next free id after RP-00320
    row = _row(school, "RP-00321")
    assert (row["status"], row["warranty_end"], row["order_ref"], row["category"]) == (
        "in_stock",
        "2027-01-31",
        "PO-9",
        "laptop",
    )
    assert "x@example.org" not in (school / "registers/assets.csv").read_text()


def test_one_bad_row_writes_nothing_and_every_bad_row_is_located(school: Path, sd, tmp_path: Path) -> None:
    file = _write(
        tmp_path / "mixed.csv",
        [
            "Asset Tag,Category,Model,Location,Purchase Date,Serial",
            "RP-02001,laptop,dell-latitude-3440,ict-suite,2025-01-01,OK-1",
            "RP-02002,laptpo,dell-latitude-3440,ict-suite,2025-01-01,OK-2",
            "RP-02003,laptop,dell-latitude-3440,ict-suit,2025-02-30,OK-3",
        ],
    )
    before = (school / "registers/assets.csv").read_bytes()

    result = sd("assets", "import", str(file))

    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{file}:3:2: error choice-invalid: `category`: `laptpo` is not allowed")
    assert lines[1].startswith(f"{file}:4:4: error unknown-ref: `location`: no location `ict-suit`")
    assert "did you mean `ict-suite`" in lines[1]
    assert lines[2].startswith(f"{file}:4:5: error date-invalid:")
    assert lines[-1] == "sd: nothing was written: 3 problem(s) found"
    assert (school / "registers/assets.csv").read_bytes() == before


def test_dry_run_writes_nothing(school: Path, sd, tmp_path: Path) -> None:
    file = _write(tmp_path / "export.csv", [SNIPE_HEADER, *ROWS])
    before = (school / "registers/assets.csv").read_bytes()

    result = sd("assets", "import", str(file), "--date-format", "%d/%m/%Y", "--dry-run")

    assert result.exit_code == 0, result
    assert "dry run, nothing written: would add 2" in result.stderr
    assert (school / "registers/assets.csv").read_bytes() == before


def test_existing_ids_are_an_error_unless_update(school: Path, sd, tmp_path: Path) -> None:
    file = _write(tmp_path / "update.csv", ["Asset Tag,Location,Notes", "RP-00001,ict-suite,", "RP-00002,,moved"])
    before = _row(school, "RP-00001")

    refused = sd("assets", "import", str(file))
    assert refused.exit_code == 2
    assert f"{file}:2:1: error duplicate-id: asset `RP-00001` is already in registers/assets.csv" in refused.stderr
    assert "pass --update" in refused.stderr

    result = sd("assets", "import", str(file), "--update")
    assert result.exit_code == 0, result
    after = _row(school, "RP-00001")
    assert after["location"] == "ict-suite"
    assert {k: v for k, v in after.items() if k not in ("location", "notes")} == {
        k: v for k, v in before.items() if k not in ("location", "notes")
    }
    assert _row(school, "RP-00002")["notes"] == "moved"
    assert "updated 2" in result.stderr


def test_unknown_column_is_an_error_with_a_hint_unless_skipped(school: Path, sd, tmp_path: Path) -> None:
    file = _write(tmp_path / "x.csv", ["Asset Tag,Category,Model,Locaton,Colour", "RP-03001,laptop,ipad-9,hall,red"])
    result = sd("assets", "import", str(file))
    assert result.exit_code == 2
    assert f"{file}:1:4: error unknown-field: column `Locaton` has no place in the register" in result.stderr
    assert "(did you mean `location`?)" in result.stderr
    assert f"{file}:1:5: error unknown-field: column `Colour`" in result.stderr

    fixed = _write(tmp_path / "y.csv", ["Asset Tag,Category,Model,Location,Colour", "RP-03001,tablet,ipad-9,hall,red"])
    assert sd("assets", "import", str(fixed), "--skip-column", "colour").exit_code == 0


def test_duplicate_ids_within_the_file(school: Path, tmp_path: Path) -> None:
    file = _write(
        tmp_path / "dup.csv",
        ["Asset Tag,Category,Model,Location", "RP-04001,tablet,ipad-9,hall", "RP-04001,tablet,ipad-9,hall"],
    )
    with pytest.raises(InvalidData) as caught:
        import_assets(school, file)
    assert [str(p) for p in caught.value.problems] == [
        f"{file}:3:1: error duplicate-id: asset `RP-04001` appears twice in this file (first at row 2)"
    ]


def test_progress_is_reported_for_large_files(school: Path, tmp_path: Path) -> None:
    rows = [f"RP-{9000 + i},tablet,ipad-9,hall,S{i}" for i in range(2500)]
    file = _write(tmp_path / "big.csv", ["Asset Tag,Category,Model,Location,Serial", *rows])
    seen: list[tuple[str, int, int]] = []

    result = import_assets(school, file, progress=lambda *a: seen.append(a), dry_run=True)

    assert len(result.added) == 2500
    assert ("checking rows", 2500, 2500) in seen and ("validating the school", 1, 1) in seen


def test_contracts_import_appends_yaml_and_keeps_every_line(school: Path, sd, tmp_path: Path) -> None:
    file = _write(
        tmp_path / "licences.csv",
        [
            "Name,Product Key,Seats,Supplier,Purchase Date,Expiration Date,Purchase Cost,Order Number,Notes",
            'Maths Whizz,ABCD-1234,120,XMA Ltd,01/09/2026,31/08/2027,"£1,200.00",PO-77,primary maths',
        ],
        encoding="cp1252",
    )
    register = school / "registers/contracts.yaml"
    before = register.read_text()
    args = ("contracts", "import", str(file), "--date-format", "%d/%m/%Y")
    defaults = ("--default", "owner=htay", "--default", "renewal=manual", "--default", "type=saas_service")

    missing = sd(*args)
    assert missing.exit_code == 2
    assert f"{file}:2: error missing-field: `owner` is required" in missing.stderr
    assert register.read_text() == before

    result = sd(*args, *defaults)

    assert result.exit_code == 0, result
    assert result.stdout.strip() == "c041-maths-whizz"
    after = register.read_text()
    assert after.startswith(before.rstrip("\n"))  # every existing line and comment kept
    added = after[len(before.rstrip("\n")) :]
    assert "start_date: 2026-09-01" in added and "end_date: 2027-08-31" in added
    assert "amount: 1200.00" in added and "supplier: xma" in added
    assert "ABCD-1234" not in after  # licence keys never go into git
    assert sd("validate").exit_code == 0


def test_contracts_import_bad_reference_is_located_and_nothing_written(school: Path, sd, tmp_path: Path) -> None:
    file = _write(
        tmp_path / "bad.csv",
        [
            "Name,Supplier,Owner,Type,Renewal,Start Date,End Date",
            "X,jiscc,htay,saas_service,manual,2026-01-01,2027-01-01",
        ],
    )
    before = (school / "registers/contracts.yaml").read_text()
    result = sd("contracts", "import", str(file))
    assert result.exit_code == 2
    assert f"{file}:2:2: error unknown-ref: `supplier`: no supplier `jiscc` (did you mean `jisc`?)" in result.stderr
    assert (school / "registers/contracts.yaml").read_text() == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_column_at_a_time_values_equal_the_row_path(school: Path, tmp_path: Path, kind: str) -> None:
    """`bulk_asset_values` (each distinct cell once) gives every row the dict `asset_values` gives it, key order
    too: spaces stripped, a blank or spaces-only cell left out, names resolved, a category from the model only
    where the row has none; and hands back to the row path (None) when a cell has a problem. A workbook's rows
    are held by column (blank rows dropped) and become records only when asked for."""
    import datetime as dt

    from schooldigital.importing.reader import ASSET_ALIASES, Reader
    from schooldigital.importing.values import asset_values, bulk_asset_values, lookups
    from schooldigital.models.assets import Asset
    from spreadsheets import write_csv, write_xlsx

    header = ["Serial", "Model", "Category", "Location", "Status", "Purchase Date", "Purchase Cost", "Notes"]
    rows = [
        [" SN-1 ", "Latitude 3440", "", "ICT Suite", "Ready to Deploy", "03/04/2025", "£689.00", "  spare "],
        ["SN-2", "dell-latitude-3440", "Laptops", "ict-suite", "deployed", dt.date(2025, 4, 13), 1234.5, ""],
        ["", "", "", "", "", "", "", ""],
        ["SN-3", "dell-latitude-3440", "   ", "hall", "deployed", "2025-04-13", "", "   "],
    ]
    write = write_csv if kind == "csv" else write_xlsx
    names, models = lookups(school)
    for extra, expect_bulk in (([], True), ([["SN-4", "", "", "nowhere", "deployed", "", "", ""]], False)):
        file = write(tmp_path / f"bulk.{kind}", [header, *rows, *extra])
        reader = Reader(file, file.name, Asset, ASSET_ALIASES, ())
        assert (reader.table.columns is not None) == (kind == "xlsx")
        bulk = bulk_asset_values(reader, "%d/%m/%Y", names, models, {})
        assert reader.problems == []
        if not expect_bulk:
            assert bulk is None
            continue
        each = [asset_values(reader, row, "%d/%m/%Y", names, models, {}, {}) for row in reader.rows]
        assert reader.problems == []
        assert [row.source.line for row in reader.rows] == reader.table.lines == [2, 3, 5]
        assert bulk == each
        assert [list(values) for values in bulk] == [list(values) for values in each]
        assert bulk[0]["category"] == "laptop" and bulk[0]["serial"] == "SN-1" and "notes" not in bulk[2]
        assert bulk[1]["purchase_date"] == "2025-04-13" and bulk[1]["cost"] == "1234.50"


@pytest.mark.parametrize(
    ("existing", "prefix", "count"),
    [(["RP-99998"], "RP-", 5), ([], "RP-", 3), (["A-7", "A-0009"], "A-", 4), (["x1"], "", 3), (["9"], "", 1)],
)
def test_many_new_ids_are_next_called_that_many_times(existing: list[str], prefix: str, count: int) -> None:
    """`NewIds.many` numbers a file without ids at once, as `next` row by row would, past a width change."""
    from schooldigital.edit.common import NewIds

    one, many = NewIds(existing, prefix, width=5), NewIds(existing, prefix, width=5)
    assert many.many(count) == [one.next() for _ in range(count)]
    assert many.next() == one.next()
