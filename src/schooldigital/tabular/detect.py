"""What a file really is, from its bytes: a workbook kind, delimited text, or a refusal naming what it is.

Never from the name: schools rename files, and web exports call HTML and XML ".xls". A refusal is one line
saying what the file is and what is accepted; it never quotes the file's bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from schooldigital.errors import UserError

ACCEPTED = "an import takes .xlsx, .xlsm, .xls, .ods or delimited text (CSV, tab-separated)"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\xff\xfe\x00\x00", "UTF-32 text"),
    (b"\x00\x00\xfe\xff", "UTF-32 text"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


@dataclass(frozen=True)
class Kind:
    """A readable file's type: `label` is how summaries name it; `encoding` is set for UTF-16 text."""

    name: str  # xlsx, xlsm, xls, ods, text
    label: str
    encoding: str = ""

    @property
    def workbook(self) -> bool:
        return self.name != "text"


XLSX = Kind("xlsx", "an Excel workbook")
XLSM = Kind("xlsm", "an Excel macro-enabled workbook (macros are never run)")
XLS = Kind("xls", "an Excel 97-2003 workbook")
ODS = Kind("ods", "an OpenDocument spreadsheet")


def refuse(display: str, what: str, hint: str = "") -> UserError:
    return UserError(f"{display} is {what}, not a table; {hint or ACCEPTED}")


def kind(raw: bytes, display: str) -> Kind:
    """The file's kind, or UserError naming what it is when it is not a table sd reads."""
    if not raw:
        raise UserError(f"{display} is empty; {ACCEPTED}")
    for magic, what in _SIGNATURES:
        if raw.startswith(magic):
            raise refuse(display, what)
    if raw.startswith(b"PK\x03\x04"):
        return _zip_kind(raw, display)
    if raw.startswith(_OLE):
        return _ole_kind(raw, display)
    if raw.startswith(b"\xff\xfe"):
        return Kind("text", "text", "utf-16-le")
    if raw.startswith(b"\xfe\xff"):
        return Kind("text", "text", "utf-16-be")
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    save_as = "open it in Excel and save it as .xlsx, or as CSV"
    if head.startswith(b"<?xml") and b"excel.sheet" in head:
        raise refuse(display, "an Excel 2003 XML spreadsheet", save_as)
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        raise refuse(display, "an HTML or XML page", save_as)
    start = raw[:8192]
    if start.count(b"\x00") > len(start) // 10:  # a stray NUL in text is located by the text reader instead
        raise refuse(display, "a binary file")
    return Kind("text", "text")


def _zip_kind(raw: bytes, display: str) -> Kind:
    try:
        names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refuse(display, "a damaged zip archive") from None
    present = set(names)
    if raw[30:38] == b"mimetype":
        if (
            raw[38 : 38 + len(ODS_MIME)] == ODS_MIME
            and raw[38 + len(ODS_MIME) : 38 + len(ODS_MIME) + 9] != b"-template"
        ):
            return ODS
        raise refuse(display, "an OpenDocument file that is not a spreadsheet (a text or slides file?)")
    if "xl/workbook.bin" in present:
        raise refuse(display, "an Excel binary workbook (.xlsb)", "save it in Excel as .xlsx")
    if "xl/workbook.xml" in present:
        return XLSM if "xl/vbaProject.bin" in present else XLSX
    if "word/document.xml" in present:
        raise refuse(display, "a Word document")
    if any(n.startswith("ppt/") for n in names):
        raise refuse(display, "a PowerPoint presentation")
    if len(names) == 1 and names[0].lower().endswith((".csv", ".tsv", ".txt")):
        raise refuse(display, "a zip archive holding one text file", "unzip it and import the file inside")
    raise refuse(display, "a zip archive")


def _ole_kind(raw: bytes, display: str) -> Kind:
    """An OLE2 compound file: stream names are stored in UTF-16 in its directory."""

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in raw

    if has("EncryptedPackage") or has("EncryptionInfo"):
        hint = "remove the password in Excel (File > Info > Protect Workbook) and save it again"
        raise UserError(f"{display} is a password-protected workbook; {hint}")
    if has("Workbook") or has("Book"):
        return XLS
    if has("WordDocument"):
        raise refuse(display, "a Word 97-2003 document")
    if has("PowerPoint Document"):
        raise refuse(display, "a PowerPoint 97-2003 presentation")
    raise refuse(display, "an Office file that is not a workbook")
