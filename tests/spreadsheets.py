"""Workbooks written at test time: .xlsx through openpyxl and .ods as the OpenDocument zip LibreOffice writes
(mimetype first and stored, typed cells in content.xml), with the same rows as a plain UTF-8 CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

Rows = list[list[Any]]


def as_text(value: Any) -> str:
    """A cell as a plain CSV holds the same data: ISO dates, plain numbers."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_csv(path: Path, rows: Rows, *, encoding: str = "utf-8", delimiter: str = ",", bom: bytes = b"") -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([[as_text(v) for v in r] for r in rows])
    path.write_bytes(bom + out.getvalue().encode(encoding))
    return path


def write_xlsx(
    path: Path, rows: Rows, *, sheet: str = "Sheet1", title: str | None = None, hidden: str = "", table: str = ""
) -> Path:
    """`table`: an Excel table (ListObject) of that name over the rows, as Microsoft Forms' download has."""
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.append([])
    for row in rows:
        ws.append(row)
    for cells in ws.iter_rows():
        for cell in cells:
            if isinstance(cell.value, float):
                cell.number_format = '"£"#,##0.00'
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "m/d/yy h:mm:ss"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    if table:
        ws.add_table(Table(displayName=table, ref=f"A{ws.min_row}:{get_column_letter(ws.max_column)}{ws.max_row}"))
    if hidden:
        book.create_sheet(hidden).sheet_state = "hidden"
        book.move_sheet(hidden, offset=-1)
    book.save(path)
    return path


def _ods_cell(value: Any) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, dt.datetime):
        return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
    if isinstance(value, dt.date):
        return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
    if isinstance(value, int | float):
        kind = 'office:value-type="currency" office:currency="GBP"' if isinstance(value, float) else ""
        kind = kind or 'office:value-type="float"'
        return f'<table:table-cell {kind} office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    paras = "".join(f"<text:p>{escape(p)}</text:p>" for p in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{paras}</table:table-cell>'


def write_ods(path: Path, rows: Rows, *, sheet: str = "Sheet1", hidden: tuple[int, ...] = (), tail: str = "") -> Path:
    """`hidden`: 0-based rows LibreOffice's Hide Rows marks `table:visibility="collapse"`; `tail`: XML after the
    rows (LibreOffice ends a sheet with its remaining empty rows as one repeated row)."""
    hide = ' table:visibility="collapse"'
    body = "".join(
        f"<table:table-row{hide if i in hidden else ''}>" + "".join(map(_ods_cell, r)) + "</table:table-row>"
        for i, r in enumerate(rows)
    )
    body += tail
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path
