"""The mutation library: validate-before-write, sorted CSV, round-trip YAML edits that keep comments."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from schooldigital import edit
from schooldigital.errors import InvalidData, UserError
from schooldigital.models.assets import ASSET_COLUMNS
from schooldigital.store import csvio
from schooldigital.store.files import DISK
from schooldigital.validation import validate_school

D = dt.date(2026, 11, 22)
LAPTOP = {"category": "laptop", "model": "dell-latitude-3440", "location": "hall", "serial": "SN-NEW-1"}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_add_asset_gets_next_padded_id_and_keeps_csv_sorted(school: Path) -> None:
    written = edit.add_asset(school, {**LAPTOP, "cost": "£1,234.50", "purchase_date": "2026-11-01"})
    assert written.id == "RP-00321"
    paths, summary = written
    assert paths == [school / "registers/assets.csv"] and summary == "assets: add RP-00321"
    text = (school / "registers/assets.csv").read_text()
    assert "\r" not in text
    table, problems = csvio.parse_csv(text, csvio.Source("a"))
    ids = [r.data["id"] for r in table.records]
    assert not problems and ids == sorted(ids) and ids[-1] == "RP-00321"
    assert table.records[-1].data["cost"] == "1234.50"  # one spelling of money in the file
    assert validate_school(school).ok


def test_explicit_id_sorts_into_place_and_duplicate_is_refused(school: Path) -> None:
    assert edit.add_asset(school, LAPTOP, asset_id="RP-00000").id == "RP-00000"
    lines = (school / "registers/assets.csv").read_text().splitlines()
    assert lines[1].startswith("RP-00000,") and lines[2].startswith("RP-00001,")
    with pytest.raises(UserError, match="already exists"):
        edit.add_asset(school, {**LAPTOP, "serial": "X2"}, asset_id="RP-00001")


def test_failing_add_changes_no_file(school: Path) -> None:
    before = _snapshot(school)
    with pytest.raises(InvalidData) as info:
        edit.add_asset(school, {**LAPTOP, "location": "nowhere"})
    assert [p.code for p in info.value.problems] == ["unknown-ref"]
    assert "no location `nowhere`" in info.value.problems[0].message
    after = {k: v for k, v in _snapshot(school).items() if not k.startswith(".sd-cache")}
    assert after == {k: v for k, v in before.items() if not k.startswith(".sd-cache")}


def test_unknown_field_is_refused_with_a_hint(school: Path) -> None:
    with pytest.raises(UserError, match="did you mean `location`"):
        edit.add_asset(school, {**LAPTOP, "locaton": "hall"})


def test_edit_asset_changes_only_that_row(school: Path) -> None:
    path = school / "registers/assets.csv"
    before = path.read_text()
    edit.edit_asset(school, "RP-00005", {"location": "class-3a", "assigned_to": ""})
    changed = _changed_lines(before, path.read_text())
    assert len(changed) == 2 and changed[0].startswith("-RP-00005,") and changed[1].startswith("+RP-00005,")
    assert ",class-3a," in changed[1] and "person:trob" not in changed[1]


def test_rewrite_keeps_user_columns_and_every_untouched_byte_issue_18(school: Path) -> None:
    # `sd validate` reports an unknown column, but the writer itself must never drop a user's data; rows it
    # does not touch keep their own quoting and line endings.
    from schooldigital.edit import csvrows

    path = school / "registers/assets.csv"
    lines = path.read_text().splitlines()
    rows = [line + ",by door" for line in lines[1:]]
    rows[1] = rows[1].replace("by door", '"by door"')  # quoted though it need not be
    path.write_bytes(("\r\n".join([lines[0] + ",room_note", *rows]) + "\r\n").encode())
    table = csvrows.read(school, path)
    index = table.find("RP-00001")
    assert index is not None
    table.replace(index, {**(table.rows[index] or {}), "notes": "n", "eol_date": "2030-01-01"})
    text = table.text()
    assert text.split("\r\n")[0] == lines[0] + ",room_note"
    edited = dict(zip([*ASSET_COLUMNS, "room_note"], text.split("\r\n")[1].split(","), strict=True))
    assert (edited["eol_date"], edited["notes"], edited["room_note"]) == ("2030-01-01", "n", "by door")
    assert text.split("\r\n")[2:] == path.read_text().replace("\r\n", "\n").split("\n")[2:]
    assert csvrows.widened(table)[0].splitlines()[0] == ",".join(ASSET_COLUMNS) + ",room_note"


def test_edit_unknown_asset_says_did_you_mean(school: Path) -> None:
    with pytest.raises(UserError, match="no asset `RP-0005`"):
        edit.edit_asset(school, "RP-0005", {"notes": "x"})


def test_dispose_needs_data_wipe_evidence_for_data_bearing_devices(school: Path) -> None:
    before = (school / "registers/assets.csv").read_bytes()
    with pytest.raises(UserError, match="may hold data"):
        edit.dispose_asset(school, "RP-00005", method="weee_contractor", today=D)
    with pytest.raises(UserError, match="may hold data"):
        edit.dispose_asset(school, "RP-00005", method="weee_contractor", data_wiped=True, today=D)
    with pytest.raises(UserError, match="did you mean `recycling`"):
        edit.dispose_asset(school, "RP-00005", method="recyling", today=D)
    assert (school / "registers/assets.csv").read_bytes() == before

    edit.dispose_asset(school, "RP-00005", method="weee_contractor", data_wiped=True, certificate="W-1", today=D)
    row = next(
        r for r in csvio.read_csv(school / "registers/assets.csv", csvio.Source("a"), DISK.within(school))[0].records
    )
    regs = validate_school(school).registers
    asset = next(a for a in regs.assets if a.id == "RP-00005")
    assert (asset.status, asset.disposal_date, asset.disposal_method) == ("disposed", D, "weee_contractor")
    assert (asset.disposal_certificate, asset.data_wiped) == ("W-1", True)
    assert row.data["id"] == "RP-00001"
    with pytest.raises(UserError, match="already disposed"):
        edit.dispose_asset(school, "RP-00005", method="recycling", no_data=True, today=D)


def test_dispose_with_no_data_records_it_explicitly(school: Path) -> None:
    edit.dispose_asset(school, "RP-00002", method="recycling", no_data=True, on=dt.date(2026, 11, 1))
    asset = next(a for a in validate_school(school).registers.assets if a.id == "RP-00002")
    assert asset.data_wiped is False and asset.disposal_date == dt.date(2026, 11, 1)
    # peripherals hold no data: no evidence needed
    edit.dispose_asset(school, "RP-00024", method="recycling", today=D)


def test_edit_contract_changes_only_that_records_lines_and_keeps_comments(school: Path) -> None:
    path = school / "registers/contracts.yaml"
    path.write_text(path.read_text().replace("  notice: 90 days\n", "  notice: 90 days  # per clause 12\n", 1))
    before = path.read_text()
    edit.edit_contract(school, "c001-broadband-and-filtered", {"end_date": "2030-06-07", "seats": "12", "notes": ""})
    after = path.read_text()
    assert _changed_lines(before, after) == ["-  end_date: 2029-06-07", "+  end_date: 2030-06-07", "+  seats: 12"]
    assert after.startswith("# Contracts register:") and "# per clause 12" in after
    # the blank line between records stays between records
    assert "    period: annual\n  seats: 12\n\n- id: c002" in after


def test_edit_nested_field_and_removing_the_last_key(school: Path) -> None:
    path = school / "registers/contracts.yaml"
    before = path.read_text()
    edit.edit_contract(school, "c002-web-filtering-and-monitoring", {"cost.amount": "2400.00", "dpa_ref": None})
    assert _changed_lines(before, path.read_text()) == [
        "-    amount: 2350.00",
        "+    amount: 2400.00",
        "-  dpa_ref: DPA-SMOOTHWALL-2026",
    ]
    assert "  processor: true\n\n- id: c003" in path.read_text()


def test_add_contract_appends_after_a_blank_line_without_touching_other_lines(school: Path) -> None:
    path = school / "registers/contracts.yaml"
    before = path.read_text()
    fields = {
        "title": "Maths practice app",
        "supplier": "ldc",
        "type": "approved_app",
        "owner": "htay",
        "start_date": "2026-09-01",
        "end_date": "2027-08-31",
        "renewal": "manual",
        "cost.amount": "300.00",
        "alert_days": "60; 14",
    }
    written = edit.add_contract(school, fields)
    assert written.id == "c041-maths-practice-app"
    after = path.read_text()
    assert after.startswith(before.rstrip("\n") + "\n\n- id: c041-maths-practice-app\n")
    assert "  alert_days: [60, 14]\n  cost:\n    amount: 300.00\n" in after
    assert validate_school(school).ok


def test_end_contract_records_the_decision(school: Path) -> None:
    path = school / "registers/contracts.yaml"
    edit.end_contract(school, "c003-managed-it-support", "notice_given", today=D)
    c = next(c for c in validate_school(school).registers.contracts if c.id == "c003-managed-it-support")
    assert (c.status, c.end_date) == ("notice_given", dt.date(2026, 10, 24))
    written, summary = edit.end_contract(school, "c003-managed-it-support", "terminated", today=D)
    assert summary == "contracts: end c003-managed-it-support (terminated)"
    c = next(c for c in validate_school(school).registers.contracts if c.id == "c003-managed-it-support")
    assert (c.status, c.end_date) == ("terminated", D)
    with pytest.raises(UserError, match="already ended"):
        edit.end_contract(school, "c003-managed-it-support", "expired", today=D)
    with pytest.raises(UserError, match="not one of"):
        edit.end_contract(school, "c001-broadband-and-filtered", "cancelled", today=D)
    assert path.read_text().count("status: terminated") >= 1


def test_end_contract_before_it_started_is_invalid_and_writes_nothing(school: Path) -> None:
    before = (school / "registers/contracts.yaml").read_bytes()
    with pytest.raises(InvalidData) as info:
        edit.end_contract(school, "c001-broadband-and-filtered", "terminated", on=dt.date(2020, 1, 1))
    assert [p.code for p in info.value.problems] == ["date-order"]
    assert (school / "registers/contracts.yaml").read_bytes() == before


def test_information_assets_add_and_edit(school: Path) -> None:
    path = school / "registers/information-assets.yaml"
    before = path.read_text()
    written = edit.add_information_asset(
        school,
        {
            "name": "Visitor log",
            "owner": "dkha",
            "format": "paper",
            "systems": "reception book",
            "personal_data": "false",
            "purposes": "site safety; fire register",
            "retention": "6 years",
            "security_measures": "locked office",
            "last_reviewed": "2026-11-01",
        },
    )
    assert written.id == "ia026"
    text = path.read_text()
    assert text.startswith(before.rstrip("\n") + "\n\n- id: ia026\n  name: Visitor log\n")
    assert "  purposes: [site safety, fire register]\n" in text
    mid = path.read_text()
    edit.edit_information_asset(school, "ia003", {"dpia.required": "true", "risk": "low"})
    changed = _changed_lines(mid, path.read_text())
    assert "+  dpia:" in changed and "+    required: true" in changed
    assert validate_school(school).ok


def test_yaml_asset_register_is_supported(school: Path) -> None:
    csv_path = school / "registers/assets.csv"
    table, _ = csvio.read_csv(csv_path, csvio.Source("a"), DISK.within(school))
    yaml_lines = ["# Assets kept as YAML."]
    for rec in table.records[:3]:
        yaml_lines.append("")
        keys = list(rec.data)
        yaml_lines.append(f"- id: {rec.data['id']}")
        yaml_lines += [f"  {k}: {rec.data[k]}" for k in keys if k != "id"]
    csv_path.unlink()
    (school / "registers/assets.yaml").write_text("\n".join(yaml_lines) + "\n")
    shutil.rmtree(school / ".sd-cache", ignore_errors=True)

    written = edit.add_asset(school, LAPTOP)
    assert written.id == "RP-00004" and written[0] == [school / "registers/assets.yaml"]
    before = (school / "registers/assets.yaml").read_text()
    edit.edit_asset(school, "RP-00002", {"location": "class-3a"})
    after = (school / "registers/assets.yaml").read_text()
    assert _changed_lines(before, after) == ["-  location: ict-suite", "+  location: class-3a"]
    assert after.startswith("# Assets kept as YAML.")


def test_add_after_a_last_row_without_line_ending_and_blank_lines_kept_issue_18(school: Path) -> None:
    path = school / "registers/assets.csv"
    text = path.read_text()
    head, first, rest = text.split("\n", 2)
    path.write_text(f"{head}\n{first}\n\n{rest.rstrip()}")  # a blank line, and no line break at the end

    edit.add_asset(school, LAPTOP)

    after = path.read_text()
    assert after.startswith(f"{head}\n{first}\n\n{rest.rstrip()}\nRP-00321,")
    assert after.endswith("\n") and after.count("\n") == text.count("\n") + 2


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_rows_added_last_render_as_csv_writes_them_and_lines_count_as_csv_reads(newline: str) -> None:
    """New rows after the last (an import) are rendered at once: plain rows joined, a row `csv` must quote
    rendered by `csv`, in either line ending; each record's line is where the CSV reader starts it."""
    import csv
    import io

    from schooldigital.edit import csvrows

    header = ["id", "serial", "notes", "cost"]
    table = csvrows.CsvRows(header, ",".join(header) + newline, [f"RP-1,A,,1{newline}"], [["RP-1", "A", "", "1"]])
    table.newline = newline
    new = [
        {"id": "RP-2", "serial": "B"},
        {"id": "RP-3", "notes": "two\nlines", "cost": "2"},
        {"id": "RP-4", "notes": 'says "hi", twice'},
        {"id": "RP-5", "serial": "C", "cost": "3"},
    ]
    table.insert(*new)
    text = table.text()
    expected = io.StringIO()
    csv.writer(expected, lineterminator=newline).writerows([header, ["RP-1", "A", "", "1"]])
    csv.writer(expected, lineterminator=newline).writerows([[row.get(c, "") for c in header] for row in new])
    assert text == expected.getvalue()
    reader = csv.reader(io.StringIO(text, newline=""))
    starts, rows = [], []
    next(reader)
    line = reader.line_num + 1
    for row in reader:
        starts.append(line)
        rows.append(row)
        line = reader.line_num + 1
    assert list(table.record_lines()) == starts == [2, 3, 4, 6, 7]
    assert rows[1:] == [[row.get(c, "") for c in header] for row in new]
