"""Has LibreOffice Calc write the spreadsheet samples beside this file from invented rows (issue 20), so the
reader is tested on files a real spreadsheet program wrote and every byte of them is ours to commit.

    apt-get install libreoffice-calc-nogui python3-uno     # Debian 12: LibreOffice 7.4.7
    /usr/bin/python3 tests/data/spreadsheets/libreoffice/make_samples.py

It runs with the system Python (the `uno` bridge comes with python3-uno, not with the project's venv): it
starts a private headless soffice, builds the documents through UNO, stores them with Calc's own export
filters, then checks each file's bytes and prints that evidence (copied into ../README.md). Run it once; the
outputs are committed, so neither the tests nor CI need LibreOffice.

- assets.ods, assets.xlsx, assets.xls: sheet `Assets` with a title row (merged across A1:G1), a two-row header
  (`Asset Tag` and `Notes` merged down rows 2-3, `Device` and `Purchase` merged across), date cells shown
  DD/MM/YYYY, a £ currency amount, a line break inside a cell and a hidden row 6, after a hidden sheet `Old`.
- assets-1904.xls, assets-1904.xlsx: the same, with the document's null date set to 1904-01-01 (Excel's
  1904 date system: the DATEMODE record, `workbookPr date1904`), so the cells hold other serial numbers.
- password.ods, password.xlsx: the same, stored with the password `riverside` (encrypted).
- assets-utf8.csv, assets-cp1252-semicolon.csv, assets-unicode.txt: the rows alone (header on row 1) through
  the CSV export filter as UTF-8 with `,`; Windows-1252 with `;` and German number formats (`1.234,50 €`,
  dates `03.04.2025`); and "Unicode" (UTF-16) with tabs. Cells are written as shown.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import uno
from com.sun.star.beans import NamedValue, PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import Locale
from com.sun.star.sheet.SheetLinkMode import VALUE

HERE = Path(__file__).parent
PASSWORD = "riverside"
TITLE = "Riverside Primary asset register 2025"
GROUPS = ["Asset Tag", "Device", None, None, "Purchase", None, "Notes"]
HEADER = ["Asset Tag", "Serial", "Model", "Location", "Purchase Date", "Purchase Cost", "Notes"]
ROWS = [
    ["RP-01001", "SN-A1", "dell-latitude-3440", "ict-suite", dt.date(2025, 4, 3), 1234.5, "café\nspare"],
    ["RP-01002", "SN-A2", "dell-latitude-3440", "hall", dt.date(2025, 4, 13), 689.0, None],
    ["RP-01003", "SN-A3", "dell-latitude-3440", "hall", dt.date(2025, 5, 1), 689.0, "loan pool"],
]
OLD = [["Asset Tag", "Model"], ["RP-00001", "retired-desktop"]]
UK = {"date": ("DD/MM/YYYY", Locale("en", "GB", "")), "money": ("[$£-809]#,##0.00", Locale("en", "GB", ""))}
DE = {"date": ("TT.MM.JJJJ", Locale("de", "DE", "")), "money": ("#.##0,00 [$€-407]", Locale("de", "DE", ""))}
CSV = "Text - txt - csv (StarCalc)"
# separator, quote, charset, first line, column formats, language, quoted as text, detect numbers, save as
# shown: the charset is LibreOffice's rtl_TextEncoding number (1 = MS_1252, 76 = UTF-8, 65535 = UCS-2)
TEXTS = {
    "assets-utf8.csv": (UK, "44,34,76,1,,0,false,true,true"),
    "assets-cp1252-semicolon.csv": (DE, "59,34,1,1,,0,false,true,true"),
    "assets-unicode.txt": (UK, "9,34,65535,1,,0,false,true,true"),
}


def prop(name: str, value: object) -> PropertyValue:
    out = PropertyValue()
    out.Name, out.Value = name, value
    return out


def start(profile: Path) -> tuple[subprocess.Popen[bytes], object]:
    """A private headless soffice (its own profile, so a desktop session is never touched) and its Desktop."""
    pipe = f"sdsamples{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=pipe,name={pipe};urp;",
        ]
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return office, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            time.sleep(0.5)
    office.kill()
    raise SystemExit("soffice did not start")


def formats(doc: object, spec: dict[str, tuple[str, Locale]]) -> dict[str, int]:
    table = doc.NumberFormats
    keys = {}
    for name, (code, locale) in spec.items():
        key = table.queryKey(code, locale, False)
        keys[name] = key if key != -1 else table.addNew(code, locale)
    return keys


def put(sheet: object, row: int, values: list[object], keys: dict[str, int], null: dt.date) -> None:
    """One row from A: dates as the serial number of the document's null date, money with the currency format."""
    for col, value in enumerate(values):
        cell = sheet.getCellByPosition(col, row)
        if value is None:
            continue
        if isinstance(value, dt.date):
            cell.Value = (value - null).days
            cell.NumberFormat = keys["date"]
        elif isinstance(value, float):
            cell.Value = value
            cell.NumberFormat = keys["money"]
        else:
            cell.String = value


def register(desktop: object, *, null: dt.date) -> object:
    """The workbook: hidden sheet `Old`, then `Assets` with a title, a merged two-row header and a hidden row."""
    doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))
    date = uno.createUnoStruct("com.sun.star.util.Date")
    date.Day, date.Month, date.Year = null.day, null.month, null.year
    doc.NullDate = date
    keys = formats(doc, UK)
    sheets = doc.Sheets
    sheets.getByIndex(0).Name = "Assets"
    sheets.insertNewByName("Old", 0)
    old, assets = sheets.getByName("Old"), sheets.getByName("Assets")
    for row, values in enumerate(OLD):
        put(old, row, values, keys, null)
    put(assets, 0, [TITLE], keys, null)
    put(assets, 1, GROUPS, keys, null)
    put(assets, 2, [None, *HEADER[1:6]], keys, null)
    for row, values in enumerate(ROWS, 3):
        put(assets, row, values, keys, null)
    for cells in ("A1:G1", "A2:A3", "B2:D2", "E2:F2", "G2:G3"):
        assets.getCellRangeByName(cells).merge(True)
    assets.getCellRangeByName("A1:G6").Columns.OptimalWidth = True
    assets.Rows.getByIndex(5).IsVisible = False
    old.IsVisible = False
    return doc


def for_excel(doc: object) -> None:
    """Lets the Excel filters keep `Old` hidden. With no visible view (headless), this version's Excel export
    takes sheet 0 as the displayed sheet and writes it visible, hidden or not; a sheet linked by value to
    another file is neither exported nor displayed, so one put first makes `Assets` the displayed sheet. It
    links to `Old` in assets.ods, written before it was added."""
    doc.Sheets.insertNewByName("Link", 0)
    doc.Sheets.getByName("Link").link((HERE / "assets.ods").as_uri(), "Old", "calc8", "", VALUE)


def plain(desktop: object, spec: dict[str, tuple[str, Locale]]) -> object:
    """The rows alone, header on row 1: what a school saves as text."""
    doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))
    keys = formats(doc, spec)
    sheet = doc.Sheets.getByIndex(0)
    sheet.Name = "Assets"
    for row, values in enumerate([HEADER, *ROWS]):
        put(sheet, row, values, keys, dt.date(1899, 12, 30))
    return doc


def store(doc: object, name: str, flt: str, *extra: PropertyValue) -> Path:
    path = HERE / name
    doc.storeToURL(path.as_uri(), (prop("FilterName", flt), prop("Overwrite", True), *extra))
    return path


def ooxml_password() -> PropertyValue:
    """What Calc's "Save with password" hands the .xlsx filter: ECMA-376 Standard encryption (this version's
    filter fails on CryptoType Agile, and ignores a plain Password property, writing the file in the clear)."""
    values = []
    for name, value in (("OOXPassword", PASSWORD), ("CryptoType", "Standard")):
        item = NamedValue()
        item.Name, item.Value = name, value
        values.append(item)
    return prop("EncryptionData", uno.Any("[]com.sun.star.beans.NamedValue", tuple(values)))


def globals_of(xls: bytes) -> tuple[int, list[str]]:
    """The DATEMODE (0x0022) and the sheets (BOUNDSHEET, 0x0085: name and hidden state) of an .xls's workbook
    globals, walked record by record from their BOF."""
    at = xls.index(b"\x09\x08\x10\x00\x00\x06\x05\x00")  # BOF, BIFF8, workbook globals
    mode, sheets = -1, []
    while True:
        kind, size = struct.unpack_from("<HH", xls, at)
        body = xls[at + 4 : at + 4 + size]
        if kind == 0x0022:
            mode = struct.unpack_from("<H", body)[0]
        elif kind == 0x0085:
            state, chars, wide = body[4] & 3, body[6], body[7] & 1
            name = body[8 : 8 + chars * (1 + wide)].decode("utf-16-le" if wide else "latin-1")
            sheets.append(f"{name} {('visible', 'hidden', 'very hidden')[state]}")
        elif kind == 0x000A:  # EOF of the globals
            return mode, sheets
        at += 4 + size


def evidence(path: Path) -> str:
    """What the file's bytes show: size, first bytes, and what each sample is there to prove."""
    raw = path.read_bytes()
    line = f"{path.name}: {len(raw)} bytes, starts {raw[:8].hex(' ')}"
    if path.suffix in (".csv", ".txt"):
        return line + "; " + text_evidence(raw, TEXT_CODECS[path.name])
    if raw.startswith(b"PK"):
        book = zipfile.ZipFile(io.BytesIO(raw))
        if "xl/workbook.xml" in book.namelist():
            xml = book.read("xl/workbook.xml").decode()
            sheets = ", ".join(" ".join(m) for m in re.findall(r'<sheet name="(\w+)"[^>]*state="(\w+)"', xml))
            parts = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
            cell = next(m for n in parts if (m := re.search(rb'<c r="E4"[^>]*><v>([^<]*)</v>', book.read(n))))
            line += f"; {re.search(r'<workbookPr[^>]*>', xml).group()}; sheets {sheets}"
            return line + f"; E4 (2025-04-03) stored as {cell.group(1).decode()}"
        manifest = book.read("META-INF/manifest.xml").decode()
        return line + f"; manifest has manifest:encryption-data: {'manifest:encryption-data' in manifest}"
    streams = [s for s in ("Workbook", "EncryptionInfo", "EncryptedPackage") if s.encode("utf-16-le") in raw]
    line += f"; OLE compound file with streams {streams}"
    if "Workbook" not in streams:
        return line
    mode, sheets = globals_of(raw)
    return line + f"; DATEMODE {mode}; BOUNDSHEET {', '.join(sheets)}"


def text_evidence(raw: bytes, codec: str) -> str:
    """BOM, separator, line ends and how the non-ASCII characters are spelt, read from the bytes."""
    boms = {b"\xef\xbb\xbf": "UTF-8 BOM", b"\xff\xfe": "BOM FF FE"}
    bom = next((b for b in boms if raw.startswith(b)), b"")
    body = raw[len(bom) :]
    first = body.decode(codec).split("\n")[0]
    seps = "/".join(f"{name} x{first.count(sep)}" for sep, name in ((",", "comma"), (";", "semicolon"), ("\t", "tab")))
    crlf, lf = body.count("\r\n".encode(codec)), body.count("\n".encode(codec))
    chars = ", ".join(f"{c} = {c.encode(codec).hex(' ')}" for c in "é£€" if c.encode(codec) in body)
    return f"{boms.get(bom, 'no BOM')}; line 1 {seps}; {crlf} CRLF, {lf - crlf} LF; {chars}"


TEXT_CODECS = {"assets-utf8.csv": "utf-8", "assets-cp1252-semicolon.csv": "cp1252", "assets-unicode.txt": "utf-16-le"}


def main() -> None:
    profile = Path(tempfile.mkdtemp(prefix="sd-lo-profile-"))
    office, desktop = start(profile)
    xlsx, xls = "Calc MS Excel 2007 XML", "MS Excel 97"
    try:
        doc = register(desktop, null=dt.date(1899, 12, 30))
        made = [store(doc, "assets.ods", "calc8"), store(doc, "password.ods", "calc8", prop("Password", PASSWORD))]
        for_excel(doc)
        made += [store(doc, "assets.xlsx", xlsx), store(doc, "assets.xls", xls)]
        made.append(store(doc, "password.xlsx", xlsx, ooxml_password()))
        doc.close(True)
        doc = register(desktop, null=dt.date(1904, 1, 1))
        for_excel(doc)
        made += [store(doc, "assets-1904.xlsx", xlsx), store(doc, "assets-1904.xls", xls)]
        doc.close(True)
        for name, (spec, options) in TEXTS.items():
            doc = plain(desktop, spec)
            made.append(store(doc, name, CSV, prop("FilterOptions", options)))
            doc.close(True)
    finally:
        desktop.terminate()
        office.wait(timeout=60)
        shutil.rmtree(profile, ignore_errors=True)
    for path in made:
        print(evidence(path))


if __name__ == "__main__":
    main()
