"""Issue 20: every import reads .xlsx, .ods and any CSV Excel writes, with the same records as a plain
UTF-8 CSV; files that are not tables, and hostile workbooks, are refused in one line with nothing written."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from spreadsheets import write_csv, write_ods, write_xlsx
from survey_helpers import setup

DATA = Path(__file__).parent / "data" / "spreadsheets"
_STATEMENTS = ["A-E1", "A-C1", "A-P1", "B-E1", "B-C1", "B-P1"]
ASSETS = [
    ["Asset Tag", "Serial", "Model", "Location", "Purchase Date", "Purchase Cost", "Notes"],
    ["RP-01001", "SN-A1", "dell-latitude-3440", "ict-suite", dt.date(2025, 4, 3), 1234.5, "café\nspare"],
    ["RP-01002", "SN-A2", "dell-latitude-3440", "hall", dt.date(2025, 4, 13), 689.0, None],
]


def _snapshot(school: Path) -> dict[str, bytes]:
    files = (p for p in sorted(school.rglob("*")) if p.is_file() and ".sd-cache" not in p.parts)
    return {str(p.relative_to(school)): p.read_bytes() for p in files}


def _restore(school: Path, before: dict[str, bytes]) -> None:
    for rel, body in before.items():
        (school / rel).write_bytes(body)


def _formats(tmp: Path, rows: list[list[object]]) -> dict[str, Path]:
    return {
        "xlsx": write_xlsx(tmp / "export.xlsx", rows, sheet="Assets", title="Riverside Primary register 2025"),
        "xlsx-hidden-first-sheet": write_xlsx(tmp / "hidden.xlsx", rows, hidden="Old"),
        "ods": write_ods(tmp / "export.ods", rows),
        "csv-utf8-bom": write_csv(tmp / "bom.csv", rows, bom=b"\xef\xbb\xbf"),
        "csv-cp1252-semicolon": write_csv(tmp / "semi.csv", rows, encoding="cp1252", delimiter=";"),
        "unicode-text-utf16le": write_csv(tmp / "u.txt", rows, encoding="utf-16-le", delimiter="\t", bom=b"\xff\xfe"),
        "utf16be-tab": write_csv(tmp / "be.txt", rows, encoding="utf-16-be", delimiter="\t", bom=b"\xfe\xff"),
        "renamed-xlsx": write_xlsx(tmp / "export.csv", rows),
    }


FORMATS = [
    "xlsx",
    "xlsx-hidden-first-sheet",
    "ods",
    "csv-utf8-bom",
    "csv-cp1252-semicolon",
    "unicode-text-utf16le",
    "utf16be-tab",
    "renamed-xlsx",
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_assets_import_gives_the_same_register_as_a_plain_csv(fmt: str, school: Path, sd, tmp_path: Path) -> None:
    before = _snapshot(school)
    plain = sd("assets", "import", str(write_csv(tmp_path / "plain.csv", ASSETS)))
    assert plain.exit_code == 0, plain
    expected = (school / "registers/assets.csv").read_bytes()
    _restore(school, before)

    result = sd("assets", "import", str(_formats(tmp_path, ASSETS)[fmt]))

    assert result.exit_code == 0, result
    assert (school / "registers/assets.csv").read_bytes() == expected
    assert "1234.50" in expected.decode() and '"café\nspare"' in expected.decode()


@pytest.mark.parametrize(
    ("fmt", "how"),
    [
        ("xlsx", "read Excel workbook, sheet 'Assets', header on row 3, 2 rows"),
        ("xlsx-hidden-first-sheet", "sheet 'Sheet1', header on row 1, 2 rows; hidden sheets not read: Old"),
        ("ods", "read OpenDocument spreadsheet, sheet 'Sheet1', header on row 1, 2 rows"),
        ("csv-cp1252-semicolon", "read CSV, Windows-1252, semicolon-separated, 2 rows"),
        ("unicode-text-utf16le", "read text, UTF-16, tab-separated, 2 rows"),
    ],
)
def test_the_summary_says_how_the_file_was_read(fmt: str, how: str, sd, tmp_path: Path) -> None:
    result = sd("assets", "import", str(_formats(tmp_path, ASSETS)[fmt]), "--dry-run")
    assert result.exit_code == 0, result
    assert how in result.stderr


def test_sheet_and_header_row_options(school: Path, sd, tmp_path: Path) -> None:
    import openpyxl

    path = write_xlsx(tmp_path / "book.xlsx", ASSETS, sheet="Notes", title="A title row with a name")
    book = openpyxl.load_workbook(path)
    other = book.create_sheet("Assets")
    for row in ASSETS:
        other.append(row)
    book.save(path)

    wrong = sd("assets", "import", str(path), "--sheet", "Nope", "--dry-run")
    assert wrong.exit_code == 2 and "has no sheet 'Nope'; its sheets are 'Notes', 'Assets'" in wrong.stderr
    chosen = sd("assets", "import", str(path), "--sheet", "assets", "--dry-run")
    assert chosen.exit_code == 0 and "sheet 'Assets', header on row 1" in chosen.stderr
    told = sd("assets", "import", str(path), "--header-row", "1", "--dry-run")
    assert told.exit_code == 2 and "column `A title row with a name` has no place" in told.stderr


def test_problems_name_the_sheet_cell_and_hidden_rows_warn(school: Path, sd, tmp_path: Path) -> None:
    import openpyxl

    rows = [list(r) for r in ASSETS]
    rows[2][3] = "no-such-room"
    path = write_xlsx(tmp_path / "assets.xlsx", rows, sheet="Assets", title="Register")
    book = openpyxl.load_workbook(path)
    book["Assets"].row_dimensions[4].hidden = True
    book.save(path)
    before = _snapshot(school)

    result = sd("assets", "import", str(path))

    assert result.exit_code == 2
    assert f"{path}:Assets!D5: error unknown-ref" in result.stderr
    assert _snapshot(school) == before
    rows[2][3] = "hall"
    write_xlsx(path, rows, sheet="Assets")
    book = openpyxl.load_workbook(path)
    book["Assets"].row_dimensions[2].hidden = True
    book.save(path)
    ok = sd("assets", "import", str(path), "--dry-run")
    assert ok.exit_code == 0 and f"{path}:Assets!2:2: warning row-hidden" in ok.stderr


def test_hidden_rows_of_ods_and_xls_warn_and_import(school: Path, sd, tmp_path: Path) -> None:
    """python-calamine does not report hidden rows of .ods and .xls: read from content.xml and BIFF ROW records."""
    hidden_tail = (
        '<table:table-row table:visibility="collapse" table:number-rows-repeated="1048000">'
        "<table:table-cell/></table:table-row>"
    )
    ods = write_ods(tmp_path / "assets.ods", ASSETS, sheet="Assets", hidden=(2,), tail=hidden_tail)
    xls = DATA / "hidden-row.xls"  # written by make_hidden_row_xls.py (xlwt): row 3 hidden
    for path in (ods, xls):
        before = _snapshot(school)
        result = sd("assets", "import", str(path), "--dry-run")
        assert result.exit_code == 0, result.stderr
        assert result.stderr.count("warning row-hidden") == 1  # the trailing hidden empty rows import nothing
        assert f"{path}:Assets!3:3: warning row-hidden: this row is hidden in the workbook" in result.stderr
        assert _snapshot(school) == before
    assert sd("assets", "import", str(ods)).exit_code == 0
    assert "RP-01002" in (school / "registers" / "assets.csv").read_text()


def test_1904_date_system_and_formulas_give_stored_values(tmp_path: Path) -> None:
    import openpyxl

    from schooldigital.tabular import read_table

    path = write_xlsx(tmp_path / "mac.xlsx", [["Purchase Date", "Cost"], [dt.date(2024, 3, 4), 2.5]])
    book = openpyxl.load_workbook(path)
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    book.active["A2"] = dt.date(2024, 3, 4)
    book.active["A2"].number_format = "dd/mm/yyyy"
    book.save(path)
    # a formula with its cached value, as Excel saves it: only the stored value is read, never evaluated
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<v>2.5</v>" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("<v>2.5</v>", "<f>NOW()*1000</f><v>7</v>").encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, body in parts.items():
            zf.writestr(name, body)

    table = read_table(path, "mac.xlsx")

    assert b'date1904="1"' in parts["xl/workbook.xml"]
    assert table.records[0].data == {"Purchase Date": "2024-03-04", "Cost": "7"}


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return path


def _xlsx_parts(tmp: Path, sheet_xml: bytes, strings: bytes | None = None) -> dict[str, bytes]:
    with zipfile.ZipFile(write_xlsx(tmp / "base.xlsx", [["a"]])) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    return parts


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
)
SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>'
OLE_ENCRYPTED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")


def _file(path: Path, body: bytes) -> Path:
    path.write_bytes(body)
    return path


def _refusal(tmp: Path, case: str) -> tuple[Path, str]:
    """One hostile or wrong file and the message it must get; only that one is built (the bomb takes seconds)."""
    far = SHEET % b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    docx = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    html = b"<html><table><tr><td>a</td></tr></table></html>"
    repeated = (  # 800 bytes naming 20 million filled cells
        '<table:table-row table:number-rows-repeated="20000"><table:table-cell table:number-columns-repeated="1000" '
        'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
    )
    build = {
        "empty": lambda: (_file(tmp / "e.xlsx", b""), "is empty; an import takes .xlsx"),
        "pdf": lambda: (
            _file(tmp / "p.csv", b"%PDF-1.7\n%\xe2\xe3"),
            "is a PDF document, not a table; an import takes",
        ),
        "png": lambda: (_file(tmp / "i.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00"), "is a PNG image, not a table"),
        "docx": lambda: (_zip(tmp / "d.xlsx", docx), "is a Word document, not a table"),
        "encrypted": lambda: (
            _file(tmp / "x.xlsx", OLE_ENCRYPTED),
            "is a password-protected workbook; remove the password",
        ),
        "html-as-xls": lambda: (_file(tmp / "h.xls", html), "is an HTML or XML page, not a table; open it in Excel"),
        "zipped-csv": lambda: (
            _zip(tmp / "z.xlsx", {"responses.csv": b"a,b\n1,2\n"}),
            "unzip it and import the file inside",
        ),
        "far-cell": lambda: (_zip(tmp / "far.xlsx", _xlsx_parts(tmp, far)), "cells (SD_MAX_SHEET_CELLS)"),
        "zip-bomb": lambda: (
            _zip(
                tmp / "bomb.xlsx",
                _xlsx_parts(tmp, SHEET % (b'<row r="1"><c r="A1"><v>1</v></c></row>' + b" " * (300 * 2**20))),
            ),
            "a part expands over 200 times (a zip bomb)",
        ),
        "billion-laughs": lambda: (
            _zip(tmp / "lol.xlsx", _xlsx_parts(tmp, SHEET % b"", LAUGHS)),
            "it declares XML entities",
        ),
        "ods-repeated": lambda: (
            write_ods(tmp / "rep.ods", [["Serial"]], tail=repeated),
            "column 1000, over 5000000 cells",
        ),
        "xls-far-cell": lambda: (DATA / "far-cell.xls", "reaches row 65536 and column 256, over 5000000 cells"),
    }
    return build[case]()


REFUSALS = ["empty", "pdf", "png", "docx", "encrypted", "html-as-xls", "zipped-csv", "far-cell", "zip-bomb"]


@pytest.mark.parametrize("case", [*REFUSALS, "billion-laughs"])
@pytest.mark.parametrize("command", ["assets", "contracts", "survey", "jobs"])
def test_files_that_are_not_tables_get_one_line_exit_2_and_nothing_changes(
    case: str, command: str, school: Path, sd, tmp_path: Path
) -> None:
    path, message = _refusal(tmp_path, case)
    args = {
        "assets": ("assets", "import", str(path)),
        "contracts": ("contracts", "import", str(path)),
        "survey": ("survey", "import", str(path), "--round", "r1"),
        "jobs": ("jobs", "import", str(path)),
    }[command]
    before = _snapshot(school)

    result = sd(*args)

    assert result.exit_code == 2, result
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "PK" not in result.stderr and "\\x" not in result.stderr
    assert _snapshot(school) == before


def test_merged_header_cells_kept_from_an_ods_are_bounded(tmp_path: Path) -> None:
    """An .ods's merged cells are read from its XML (python-calamine gives none): a row of 15,000 merged cells
    keeps at most MAX_MERGES of them, so a hostile file cannot grow the list with its size."""
    from schooldigital.tabular import package

    cells = '<table:table-cell table:number-columns-spanned="2"/>' * 15_000
    path = write_ods(tmp_path / "m.ods", [], tail=f"<table:table-row>{cells}</table:table-row>")

    merged = package.check(path.read_bytes(), "m.ods", "ods").merged["Sheet1"]

    assert len(merged) == package.MAX_MERGES and merged[:2] == [((0, 0), (0, 1)), ((0, 1), (0, 2))]


def test_hostile_workbooks_are_refused_within_a_memory_ceiling(school: Path, tmp_path: Path) -> None:
    ceiling = 700 * 2**20
    for case in ("far-cell", "zip-bomb", "billion-laughs", "ods-repeated", "xls-far-cell"):
        path, message = _refusal(tmp_path, case)
        code = (
            "import resource, sys\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({ceiling}, {ceiling}))\n"
            "from schooldigital.cli import main\n"
            f"sys.argv = ['sd', '--root', {str(school)!r}, 'assets', 'import', {str(path)!r}, '--dry-run']\n"
            "main()\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
        assert proc.returncode == 2 and message in proc.stderr, (case, proc.stderr)


def test_start_up_paths_import_neither_the_workbook_reader_nor_pandas(school: Path) -> None:
    probe = (
        "import sys, json\n"
        "sys.argv = ['sd', *json.loads(sys.argv[1])]\n"
        "from schooldigital.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('python_calamine', 'pandas', 'openpyxl', 'schooldigital.tabular') if m in sys.modules]\n"
        "sys.stderr.write(f'HEAVY={heavy}\\n')\n"
    )
    import json

    for args in (["--help"], ["--root", str(school), "check", "renewals"], ["assets", "add", "--help"]):
        done = subprocess.run([sys.executable, "-c", probe, json.dumps(args)], capture_output=True, text=True)
        assert "HEAVY=[]" in done.stderr.splitlines(), (args, done.stderr[-500:])


# The shape of Microsoft Forms' "Open results in Excel" download (shared/reference/spreadsheets.md 6.6; no
# licensed real file exists): `Sheet1` holding the table `Table1`, metadata columns first, times as dates.
FORMS_META = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
MS_FORMS = [
    [*FORMS_META, *[f"[{s}] {s.lower()}" for s in _STATEMENTS]],
    [1, dt.datetime(2026, 6, 1, 9, 58), dt.datetime(2026, 6, 1, 10, 0), "anonymous", None, None, *["Yes"] * 6],
    [2, dt.datetime(2026, 6, 1, 10, 1), dt.datetime(2026, 6, 1, 10, 5), "b@x.uk", "B", None, "Yes", "Partly"]
    + ["No"] * 4,
]


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "unicode-text-utf16le"])
def test_survey_import_reads_a_microsoft_forms_workbook_as_its_csv(fmt: str, school: Path, sd, tmp_path: Path) -> None:
    setup(school)
    args = ("--round", "r1", "--framework", "mini")
    plain = sd("survey", "import", str(write_csv(tmp_path / "plain.csv", MS_FORMS)), *args)
    assert plain.exit_code == 0, plain
    stored = {p.name: p.read_bytes() for p in (school / "surveys/rounds/r1").iterdir()}
    path = {
        "xlsx": write_xlsx(tmp_path / "Form1.xlsx", MS_FORMS, table="Table1"),
        "ods": write_ods(tmp_path / "Form1.ods", MS_FORMS),
        "unicode-text-utf16le": write_csv(
            tmp_path / "u.txt", MS_FORMS, encoding="utf-16-le", delimiter="\t", bom=b"\xff\xfe"
        ),
    }[fmt]

    result = sd("survey", "import", str(path), *args, "--replace")

    assert result.exit_code == 0, result
    assert {p.name: p.read_bytes() for p in (school / "surveys/rounds/r1").iterdir()} == {
        **stored,
        "round.yaml": stored["round.yaml"].replace(b"plain.csv", path.name.encode()),
    }
    how = {"xlsx": "Excel workbook, sheet 'Sheet1', header on row 1", "ods": "OpenDocument spreadsheet, sheet"}
    assert f"read {how.get(fmt, 'text, UTF-16, tab-separated')}" in result.stderr


JOBS = [
    ["ID", "Start time", "Completion time", "Email", "Name", "Your initials or class", "Which room?"]
    + ["What kind of job is it?", "What do you need?"],
    [1, dt.datetime(2026, 11, 20, 10, 1), dt.datetime(2026, 11, 20, 10, 3, 10), "anonymous", None, "class-2b"]
    + ["class-2b", "Website or blog", "Post the trip photos\nand the video"],
]


def test_jobs_import_reads_a_workbook_as_its_csv(school: Path, sd, tmp_path: Path) -> None:
    before = _snapshot(school)
    plain = sd("jobs", "import", str(write_csv(tmp_path / "plain.csv", JOBS)), "--profile", "microsoft")
    assert plain.exit_code == 0, plain
    expected = (school / "leaders/jobs.yaml").read_bytes()
    _restore(school, before)

    result = sd("jobs", "import", str(write_xlsx(tmp_path / "jobs.xlsx", JOBS)), "--profile", "microsoft")

    assert result.exit_code == 0, result
    assert (school / "leaders/jobs.yaml").read_bytes() == expected
    assert "read Excel workbook, sheet 'Sheet1', header on row 1, 1 rows" in result.stderr


CONTRACTS = [
    ["Name", "Seats", "Supplier", "Purchase Date", "Expiration Date", "Purchase Cost", "Order Number"],
    ["Maths Whizz", 120, "XMA Ltd", dt.date(2026, 9, 1), dt.date(2027, 8, 31), 1200.0, "PO-77"],
]


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv-cp1252-semicolon"])
def test_contracts_import_reads_each_format_as_its_csv(fmt: str, school: Path, sd, tmp_path: Path) -> None:
    defaults = ("--default", "owner=htay", "--default", "renewal=manual", "--default", "type=saas_service")
    before = _snapshot(school)
    plain = sd("contracts", "import", str(write_csv(tmp_path / "plain.csv", CONTRACTS)), *defaults)
    assert plain.exit_code == 0, plain
    expected = (school / "registers/contracts.yaml").read_bytes()
    _restore(school, before)

    result = sd("contracts", "import", str(_formats(tmp_path, CONTRACTS)[fmt]), *defaults)

    assert result.exit_code == 0, result
    assert (school / "registers/contracts.yaml").read_bytes() == expected
    assert b"amount: 1200.00" in expected


ICO = Path(__file__).parent / "data" / "spreadsheets" / "ico-controller-template.xlsx"
INFO_DEFAULTS = ("--default", "owner=htay", "--default", "format=electronic", "--default", "personal_data=true")


def test_info_import_reads_the_ico_controller_template(school: Path, sd, tmp_path: Path) -> None:
    from schooldigital.tabular import read_table
    from spreadsheets import as_text

    register = school / "registers/information-assets.yaml"
    before = register.read_text()
    args = ("info", "import", str(ICO), *INFO_DEFAULTS)

    missing = sd(*args)
    assert missing.exit_code == 2 and f"{ICO}:Template!10:10: error missing-field: `last_reviewed`" in missing.stderr
    assert register.read_text() == before

    result = sd(*args, "--default", "last_reviewed=2026-09-01")

    assert result.exit_code == 0, result
    assert "read Excel workbook, sheet 'Template', header on row 9, 2 rows" in result.stderr
    assert "skipped columns (no place in the register): Name and contact details" in result.stderr
    after = register.read_text()
    assert after.startswith(before.rstrip("\n"))
    added = after[len(before.rstrip("\n")) :]
    assert "name: Visitor sign-in" in added and "lawful_basis: public_task" in added
    assert "security_measures: [Role-based access, MFA for staff]" in added
    assert "data_subjects: [visitors]" in added and "systems: [Reception tablet, Paper book]" in added
    assert sd("validate").exit_code == 0
    # the same rows as a plain UTF-8 CSV give the same register
    table = read_table(ICO, "ico.xlsx")
    rows = [table.header, *[[r.data.get(h, "") for h in table.header] for r in table.records]]
    register.write_text(before)
    plain = sd("info", "import", str(write_csv(tmp_path / "ropa.csv", [[as_text(c) for c in r] for r in rows])))
    assert plain.exit_code == 2  # no defaults: the CSV reads the same and fails the same way
    assert "ropa.csv:2: error missing-field: `owner` is required" in plain.stderr
    same = sd("info", "import", str(tmp_path / "ropa.csv"), *INFO_DEFAULTS, "--default", "last_reviewed=2026-09-01")
    assert same.exit_code == 0 and register.read_text() == after


# Written by LibreOffice Calc 7.4.7 from tests/data/spreadsheets/libreoffice/make_samples.py (see the README
# there): sheet `Assets` under a hidden sheet `Old`, a title row, `Asset Tag` and `Notes` merged down rows 2-3
# over the header on row 3, date cells, a £ amount, a line break in a cell, and row 6 hidden.
LO = DATA / "libreoffice"
LO_ROWS = [
    ["RP-01001", "SN-A1", "dell-latitude-3440", "ict-suite", "2025-04-03", "1234.5", "café\nspare"],
    ["RP-01002", "SN-A2", "dell-latitude-3440", "hall", "2025-04-13", "689", ""],
    ["RP-01003", "SN-A3", "dell-latitude-3440", "hall", "2025-05-01", "689", "loan pool"],
]


def _lo_known() -> frozenset[str]:
    from schooldigital.tabular import norm

    return frozenset(map(norm, ASSETS[0]))


def _datemode(xls: Path) -> int:
    """The DATEMODE record of an .xls's workbook globals: 1 in the 1904 date system."""
    import olefile

    stream = olefile.OleFileIO(str(xls)).openstream("Workbook").read()
    at = 0
    while at < len(stream):
        kind, size = int.from_bytes(stream[at : at + 2], "little"), int.from_bytes(stream[at + 2 : at + 4], "little")
        if kind == 0x0022:
            return int.from_bytes(stream[at + 4 : at + 6], "little")
        at += 4 + size
    raise AssertionError(f"{xls.name} has no DATEMODE record")


@pytest.mark.parametrize("name", ["assets.xls", "assets-1904.xls", "assets.xlsx", "assets-1904.xlsx"])
def test_libreoffice_workbooks_in_both_date_systems_read_the_same_dates(name: str) -> None:
    from schooldigital.tabular import read_table

    path = LO / name
    if path.suffix == ".xls":
        assert _datemode(path) == ("1904" in name)
    else:
        assert (b'date1904="true"' in zipfile.ZipFile(path).read("xl/workbook.xml")) == ("1904" in name)

    table = read_table(path, name, known=_lo_known())

    assert [[r.data.get(h, "") for h in ASSETS[0]] for r in table.records] == LO_ROWS


@pytest.mark.parametrize("name", ["assets.ods", "assets.xlsx", "assets.xls"])
def test_libreoffice_workbooks_title_rows_merged_header_hidden_sheet_and_breaks(name: str) -> None:
    """.ods merged cells come from content.xml: python-calamine gives none for them."""
    from schooldigital.tabular import read_table

    table = read_table(LO / name, name, known=_lo_known())

    assert table.header_line == 3 and table.header == ASSETS[0]  # A3 and G3 named by the cells merged down
    assert table.how.endswith("header on row 3, 3 rows; hidden sheets not read: Old")
    assert str(table.records[0].source_of("Model")) == f"{name}:Assets!C4"
    assert table.records[0].data["Notes"] == "café\nspare"
    assert [str(p) for p in table.problems] == [
        f"{name}:Assets!6:6: warning row-hidden: this row is hidden in the workbook; it is imported like the others"
    ]
    old = read_table(LO / name, name, sheet="OLD")
    assert old.sheet == "Old" and [r.data for r in old.records] == [
        {"Asset Tag": "RP-00001", "Model": "retired-desktop"}
    ]


def test_an_in_cell_cr_written_as_x000d_reads_as_a_line_break(tmp_path: Path) -> None:
    """Excel writes a CR inside a cell as the escape `_x000D_` (XML would read a raw CR as a LF)."""
    from schooldigital.tabular import read_table

    path = write_xlsx(tmp_path / "cr.xlsx", [["ABC\nDEF", "Serial"], ["x", "SN-1"]])
    parts = {n: zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert parts[sheet].count(b"<t>ABC\nDEF</t>") == 1
    parts[sheet] = parts[sheet].replace(b"<t>ABC\nDEF</t>", b"<t>ABC_x000D_\nDEF</t>")
    with zipfile.ZipFile(path, "w") as book:
        for name, body in parts.items():
            book.writestr(name, body)

    assert read_table(path, "cr.xlsx").header == ["ABC\nDEF", "Serial"]


def _xlsm(path: Path, rows: list[list[object]]) -> Path:
    """A macro-enabled workbook: an .xlsx with an xl/vbaProject.bin part and the macro content type."""
    write_xlsx(path, rows)
    parts = {n: zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()}
    types = parts["[Content_Types].xml"]
    main = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    assert main in types
    parts["[Content_Types].xml"] = types.replace(main, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    parts["xl/vbaProject.bin"] = b"not a compound file: a reader that opened the macros would fail on it"
    with zipfile.ZipFile(path, "w") as book:
        for name, body in parts.items():
            book.writestr(name, body)
    return path


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("password.xlsx", "is a password-protected workbook; remove the password"),
        ("password.ods", "is a password-protected spreadsheet; remove the password"),
        ("empty.xlsm", "the sheet is empty; expected a header row"),
    ],
)
def test_protected_and_macro_workbooks_get_one_line(name: str, message: str, school: Path, sd, tmp_path) -> None:
    """The password-protected files were saved by LibreOffice Calc; the .xlsm is built here."""
    path = _xlsm(tmp_path / name, [[None]]) if name.endswith(".xlsm") else LO / name
    before = _snapshot(school)

    result = sd("assets", "import", str(path))

    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _snapshot(school) == before


def test_a_macro_enabled_workbook_is_read_and_its_macros_never_opened(school: Path, sd, tmp_path: Path) -> None:
    path = _xlsm(tmp_path / "assets.xlsm", ASSETS)

    result = sd("assets", "import", str(path), "--dry-run")

    assert result.exit_code == 0, result.stderr
    assert (
        "read Excel macro-enabled workbook (macros not run), sheet 'Sheet1', header on row 1, 2 rows" in result.stderr
    )


def test_a_header_cell_merged_down_takes_its_name_and_trailing_empties_are_ignored(tmp_path: Path) -> None:
    import openpyxl

    from schooldigital.tabular import read_table

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Asset Tag", "Details", None, None])
    sheet.append([None, "Serial", "Model", None])
    sheet.append(["RP-1", "SN-1", "dell-latitude-3440", None])
    sheet.append([None, None, None, None])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:C1")
    sheet["F40"].number_format = "0.00"  # a styled, empty cell far below: not a row
    book.save(tmp_path / "merged.xlsx")

    table = read_table(tmp_path / "merged.xlsx", "m.xlsx", known=frozenset({"asset tag", "serial", "model"}))

    assert table.header_line == 2 and table.header == ["Asset Tag", "Serial", "Model"]
    assert [r.data for r in table.records] == [{"Asset Tag": "RP-1", "Serial": "SN-1", "Model": "dell-latitude-3440"}]


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("assets.ods", []),
        ("assets.xlsx", []),
        ("assets.xls", []),
        ("assets-1904.xls", []),
        ("assets-utf8.csv", ["--date-format", "%d/%m/%Y"]),
        ("assets-unicode.txt", ["--date-format", "%d/%m/%Y"]),
        ("assets-cp1252-semicolon.csv", ["--date-format", "%d.%m.%Y"]),
    ],
)
def test_libreoffice_files_import_as_their_plain_csv(name: str, options: list[str], school: Path, sd, tmp_path) -> None:
    """Files LibreOffice Calc wrote (tests/data/spreadsheets/libreoffice) give the register a plain UTF-8 CSV of
    the same rows, written by Python's csv module, gives. Its text exports write cells as shown: dates day
    first, `£1,234.50`, and in the `;` file `1.234,50 €`, read with the school's `money:` set to match."""
    plain = write_csv(tmp_path / "plain.csv", [ASSETS[0], *LO_ROWS])
    before = _snapshot(school)
    expected = sd("assets", "import", str(plain))
    assert expected.exit_code == 0, expected.stderr
    register = (school / "registers" / "assets.csv").read_bytes()
    _restore(school, before)
    if "cp1252" in name:
        config = school / "school.yaml"
        config.write_text(config.read_text().replace("currency: GBP", "currency: EUR") + MONEY_DECIMAL_COMMA)

    result = sd("assets", "import", str(LO / name), *options)

    assert result.exit_code == 0, result.stderr
    assert "3 rows" in result.stderr
    assert (school / "registers" / "assets.csv").read_bytes() == register
    assert '"café\nspare"' in register.decode() and ",1234.50," in register.decode()


MONEY_DECIMAL_COMMA = "money:\n  decimal: ','\n  thousands: '.'\n"


def test_unnamed_text_columns_are_a_problem_only_when_filled(tmp_path: Path) -> None:
    """Excel writes a text export's whole used range, so empty trailing columns come without a name; data under
    no name is still refused, as in a workbook."""
    from schooldigital.tabular import read_table

    empty = read_table(write_csv(tmp_path / "e.txt", [["a", "b", "", ""], ["1", "2", "", " "]], delimiter="\t"), "e")
    filled = read_table(write_csv(tmp_path / "f.csv", [["a", "", "c", ""], ["1", "", "3", ""], ["", "x", "", ""]]), "f")

    assert empty.problems == [] and [r.data for r in empty.records] == [{"a": "1", "b": "2"}]
    assert [str(p) for p in filled.problems] == ["f:1:2: error csv-syntax: column 2 has no name in the header"]


@pytest.mark.parametrize("bound", [0, 7, 9, 10, 99, 100, 4096, 100003])
def test_the_sheet_scan_finds_exactly_the_references_past_its_bounds(bound: int) -> None:
    """The pre-scan's pattern (a cell or row reference past the last row or column known so far) matches a
    reference exactly when its row is past `bound` or its column past C, leading zeros and quotes aside."""
    from schooldigital.tabular.package import _beyond

    pattern = _beyond(bound, 3)
    for number in [*range(1200), 4095, 4096, 4097, 100002, 100003, 100004, 999999, 1000000]:
        for ref in (f'r="C{number}"', f'r="A{number:07d}"', f"r='{number}'"):
            assert bool(pattern.search(ref.encode())) == (number > bound), ref
        assert pattern.search(f'r="D{number}"'.encode())
