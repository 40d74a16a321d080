"""Bounds on a workbook's zip package, checked before any workbook library reads it.

A workbook is a zip of XML, so a 1 MB file can expand to gigabytes (zip bomb), declare entities that expand
exponentially (billion laughs), or name one far-away cell that makes the reader allocate a grid of 17 billion
cells (python-calamine then aborts the whole process; it cannot be caught). So: at most SD_MAX_ZIP_ENTRIES
entries and SD_MAX_ZIP_EXPANDED bytes declared, no entry expanding over 200:1, no XML entity declarations
(no spreadsheet writer emits a DOCTYPE), and each worksheet streamed through `zipfile` (which stops at the
declared size) to find its last row and column, refused past SD_MAX_SHEET_CELLS, and its hidden rows. An
OpenDocument spreadsheet's content.xml is read the same way (by pattern, never by an XML parser, so no entity
is ever expanded) for its last filled row and column, repeated rows and cells counted, and its hidden rows.
Macros (`xl/vbaProject.bin`) and external links are never opened.
"""

from __future__ import annotations

import bisect
import functools
import html
import io
import re
import zipfile
from dataclasses import dataclass, field

from schooldigital.errors import UserError
from schooldigital.problems import column_letters
from schooldigital.store import limits

MAX_RATIO = 200
_CHUNK = 1 << 20
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'\b(name|r:id|[\w]+:id)="([^"]*)"')
_REL = re.compile(rb"<Relationship\b[^>]*>")
# OpenDocument content.xml: a sheet (`table:table`) or a row (`table:table-row`) opening or closing
_ODS_TAG = re.compile(rb"<(/?)\w+:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ODS_NAME = re.compile(rb'\b\w+:name="([^"]*)"')
_ODS_ROWS = re.compile(rb'\b\w+:number-rows-repeated="(\d{1,9})"')
_ODS_COLS = re.compile(rb'\b\w+:number-columns-repeated="(\d{1,9})"')
_ODS_VALUE = re.compile(rb"\b\w+:value-type=")
_ODS_HIDDEN = re.compile(rb'\b\w+:visibility="(?:collapse|filter)"')
_ODS_SPANS = re.compile(rb'\b\w+:number-(rows|columns)-spanned="(\d{1,9})"')
MAX_MERGES = 10_000  # merged cells kept per sheet: more than any header has, so a hostile file cannot grow the list


class Spans:
    """Row numbers held as ranges in row order: one OpenDocument row tag may hide a million rows."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, stop: int) -> None:
        self.starts.append(start)
        self.ends.append(stop)

    def __contains__(self, row: object) -> bool:
        at = bisect.bisect_right(self.starts, row) - 1  # type: ignore[call-overload]
        return at >= 0 and row < self.ends[at]  # type: ignore[operator]

    def __bool__(self) -> bool:
        return bool(self.starts)


Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class Package:
    """What the pre-scan learnt: hidden 1-based rows by sheet name, and an OpenDocument sheet's merged cells
    in its first rows as python-calamine gives an .xlsx's (0-based (row, column) of the first and last cell),
    which it does not give for .ods (a header cell merged down would lose its name)."""

    hidden_rows: dict[str, set[int] | Spans] = field(default_factory=dict)
    merged: dict[str, list[Merge]] = field(default_factory=dict)


def check(raw: bytes, display: str, kind: str) -> Package:
    """The package's hidden rows; UserError when it breaks a bound (one line, nothing quoted)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
        _bounds(infos, display)
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                _no_entities(archive, info, display)
        if kind == "ods":
            _encrypted_ods(archive, display)
            return _ods_scan(archive, display)
        return _scan_sheets(archive, display)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError):
        raise UserError(f"{display} is a damaged workbook (its zip package cannot be read); save it again") from None


def _refuse(display: str, why: str) -> UserError:
    return UserError(f"{display} is refused: {why}; a spreadsheet saved normally never does this")


def _bounds(infos: list[zipfile.ZipInfo], display: str) -> None:
    most = limits.setting("SD_MAX_ZIP_ENTRIES")
    if len(infos) > most:
        raise _refuse(display, f"its zip package holds {len(infos)} entries, over {most} (SD_MAX_ZIP_ENTRIES)")
    expanded = sum(i.file_size for i in infos)
    ceiling = limits.setting("SD_MAX_ZIP_EXPANDED")
    if expanded > ceiling:
        what = limits.describe_bytes(ceiling)
        raise _refuse(display, f"it expands to {limits.describe_bytes(expanded)}, over {what} (SD_MAX_ZIP_EXPANDED)")
    for info in infos:
        if info.file_size > _CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(display, f"a part expands over {MAX_RATIO} times (a zip bomb)")


def _no_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo, display: str) -> None:
    with archive.open(info) as fh:
        head = fh.read(64 * 1024)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise _refuse(display, "it declares XML entities (a 'billion laughs' or external-entity attack)")


def _encrypted_ods(archive: zipfile.ZipFile, display: str) -> None:
    try:
        manifest = archive.read("META-INF/manifest.xml")
    except KeyError:
        return
    if b"encryption-data" in manifest:
        hint = "remove the password (File > Properties > Security in LibreOffice) and save it again"
        raise UserError(f"{display} is a password-protected spreadsheet; {hint}")


def _ods_scan(archive: zipfile.ZipFile, display: str) -> Package:
    """An OpenDocument sheet's extent and hidden rows, from content.xml streamed a megabyte at a time.

    One row or cell tag may stand for many (`number-rows-repeated`, `number-columns-repeated`): an 800-byte file
    can name 20 million filled cells, which python-calamine then builds (2.4 GB). So the last filled row and
    column of each sheet are counted and refused past SD_MAX_SHEET_CELLS; a sheet's trailing empty rows, which
    LibreOffice writes as one repeated row, count for nothing. Hidden rows (`table:visibility` "collapse" or
    "filter") are kept as spans; merged cells (`number-rows-spanned`, `number-columns-spanned`) starting in the
    rows the header is looked for in are kept too."""
    from schooldigital.tabular.workbook import HEADER_SCAN_ROWS

    most = limits.setting("SD_MAX_SHEET_CELLS")
    spans: dict[str, Spans] = {}
    merged: dict[str, list[Merge]] = {}
    sheet, row, repeat, col, filled, last_row, last_col = "", 1, 1, 0, 0, 0, 0
    tail = b""
    try:
        info = archive.getinfo("content.xml")
    except KeyError:
        return Package()
    with archive.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            text = tail + chunk
            cut = text.rfind(b"<")
            text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            for closing, kind, attrs, empty in _ODS_TAG.findall(text):
                if kind == b"table-row" and not closing:
                    found = _ODS_ROWS.search(attrs)
                    repeat, col, filled = (int(found.group(1)) if found else 1), 0, 0
                    if _ODS_HIDDEN.search(attrs):
                        spans.setdefault(sheet, Spans()).add(row, row + repeat)
                    if empty:
                        row += repeat
                elif kind == b"table-row":
                    if filled:
                        last_row, last_col = row + repeat - 1, max(last_col, filled)
                        if last_row * last_col > most:
                            why = f"a sheet reaches row {last_row} and column {last_col}, over {most} cells"
                            raise _refuse(display, f"{why} (SD_MAX_SHEET_CELLS)")
                    row += repeat
                elif kind != b"table" and not closing:  # a cell
                    if row <= HEADER_SCAN_ROWS and b"-spanned=" in attrs and len(merged.get(sheet, ())) < MAX_MERGES:
                        size = {k: int(v) for k, v in _ODS_SPANS.findall(attrs)}
                        down, across = size.get(b"rows", 1), size.get(b"columns", 1)
                        if down > 1 or across > 1:
                            merged.setdefault(sheet, []).append(((row - 1, col), (row + down - 2, col + across - 1)))
                    found = _ODS_COLS.search(attrs)
                    col += int(found.group(1)) if found else 1
                    if not empty or _ODS_VALUE.search(attrs):
                        filled = col
                elif kind == b"table" and not closing:
                    name = _ODS_NAME.search(attrs)
                    sheet = html.unescape(name.group(1).decode("utf-8", "replace")) if name else ""
                    row, last_row, last_col = 1, 0, 0
            if len(tail) > _CHUNK:
                tail = b""
    return Package(dict(spans), merged)


def _scan_sheets(archive: zipfile.ZipFile, display: str) -> Package:
    names = _sheet_files(archive)
    most = limits.setting("SD_MAX_SHEET_CELLS")
    package = Package()
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        last_row, last_col, hidden = _scan(archive, info)
        if last_row * last_col > most:
            why = f"a sheet reaches row {last_row} and column {last_col}, over {most} cells (SD_MAX_SHEET_CELLS)"
            raise _refuse(display, why)
        name = names.get(info.filename)
        if name is not None and hidden:
            package.hidden_rows[name] = hidden
    return package


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int, set[int]]:
    """The last row and column a worksheet names, and its hidden rows, streamed a megabyte at a time.

    Matching every cell reference costs four times calamine's own read of a 100,000-row sheet (issue 20), so
    each chunk is first searched at C speed for a reference past the bounds known so far (its last row tag,
    the widest column seen); only a chunk holding one (the first, or a hostile file's) is matched cell by cell.
    """
    last_row = last_col = 0
    hidden: set[int] = set()
    tail = b""
    with archive.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            text = tail + chunk
            cut = text.rfind(b"<")
            text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            last_row = max(last_row, _last_row_tag(text))
            if _beyond(last_row, last_col).search(text):
                rows, cols = _exact(text)
                last_row, last_col = max(last_row, rows), max(last_col, cols)
            hidden |= _hidden(text)
            if len(tail) > _CHUNK:  # one tag over a megabyte is no spreadsheet
                tail = b""
    return last_row, last_col, hidden


def _last_row_tag(text: bytes) -> int:
    """The number of the chunk's last row tag (0 when none says one)."""
    at = max(text.rfind(b"<row "), text.rfind(b":row "))
    tag = _ROW.match(text, text.rfind(b"<", 0, at + 1)) if at >= 0 else None
    number = _ROW_NUMBER.search(tag.group(1)) if tag else None
    return int(number.group(1)) if number else 0


@functools.lru_cache(maxsize=64)
def _beyond(row: int, col: int) -> re.Pattern[bytes]:
    """A reference (a row's or a cell's) to a row after `row` or a column after `col`."""
    rows = _greater(str(row) if row else "", "0", "9")
    cols = _greater(column_letters(col) if col else "", "A", "Z")
    # possessive `{0,3}+` and `*+`: the classes in turn are disjoint, so the same matches, a quarter faster;
    # every option of `rows` has at least as many digits as `row`: a shorter reference (nearly every one, in a
    # sheet read in order) fails at the lookahead before trying them, a quarter faster again
    digits = len(str(row)) if row else 0
    return re.compile(f"r=[\"'](?:[A-Z]{{0,3}}+0*+(?=[0-9]{{{digits}}}){rows}[\"']|{cols}[0-9])".encode())


def _greater(bound: str, low: str, high: str) -> str:
    """A pattern for words over `low`-`high` after `bound`: longer, or as long and greater at the first
    difference (numbers have no leading zero; column letters compare the same way)."""
    first = "1" if low == "0" else low
    options = [f"[{first}-{high}][{low}-{high}]{{{len(bound)},}}"]
    for i, ch in enumerate(bound):
        if ch < high:
            rest = len(bound) - i - 1
            options.append(bound[:i] + f"[{chr(ord(ch) + 1)}-{high}]" + (f"[{low}-{high}]{{{rest}}}" if rest else ""))
    return f"(?:{'|'.join(options)})"


def _exact(text: bytes) -> tuple[int, int]:
    """The last row and column every row tag and cell of `text` names."""
    last_row = last_col = 0
    for attrs in _ROW.findall(text):
        number = _ROW_NUMBER.search(attrs)
        if number:
            last_row = max(last_row, int(number.group(1)))
    for letters, row in _CELL.findall(text):
        last_col = max(last_col, _column(letters))
        last_row = max(last_row, int(row))
    return last_row, last_col


def _hidden(text: bytes) -> set[int]:
    """Rows whose tag says hidden="1" (rare: found from the attribute back to its tag)."""
    out = set()
    at = text.find(b"hidden=")
    while at >= 0:
        tag = _ROW.match(text, text.rfind(b"<", 0, at))
        if tag and _HIDDEN.search(tag.group(1)):
            number = _ROW_NUMBER.search(tag.group(1))
            if number:
                out.add(int(number.group(1)))
        at = text.find(b"hidden=", at + 7)
    return out


def _column(letters: bytes) -> int:
    out = 0
    for ch in letters:
        out = out * 26 + ch - 64
    return out


def _sheet_files(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet name, from xl/workbook.xml and its relationships."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets: dict[bytes, str] = {}
    for tag in _REL.findall(rels):
        attrs = dict(re.findall(rb'\b(Id|Target)="([^"]*)"', tag))
        if b"Id" in attrs and b"Target" in attrs:
            target = attrs[b"Target"].decode("utf-8", "replace").lstrip("/")
            targets[attrs[b"Id"]] = target if target.startswith("xl/") else f"xl/{target}"
    out = {}
    for tag in _SHEET.findall(book):
        attrs = dict(_ATTR.findall(tag))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), None)
        if b"name" in attrs and rid in targets:
            out[targets[rid]] = html.unescape(attrs[b"name"].decode("utf-8", "replace"))
    return out
