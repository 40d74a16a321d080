"""A workbook's sheet as text records, through python-calamine (imported here, never at start-up).

Cells become the text the same data has in a UTF-8 CSV, so every importer reads a workbook and a CSV alike:
a real date cell becomes its ISO date (calamine applies the workbook's 1900 or 1904 date system, so no
day/month order is ever guessed), a date-time `YYYY-MM-DD HH:MM:SS`, a number its plain decimal form to
Excel's 15 significant digits (a currency-formatted `£1,234.50` is the number 1234.5, so money needs no
parsing), TRUE/FALSE for booleans, and a formula its stored value (formulas are never evaluated). Line breaks
inside cells are kept, as LF. Rows are addressed as sheet cells (`assets.xlsx:Assets!C14`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from itertools import compress, islice, repeat
from typing import Any

from schooldigital.errors import UserError
from schooldigital.problems import Problem, Severity, Source, column_letters
from schooldigital.store import limits
from schooldigital.store.csvio import RowPositions
from schooldigital.store.records import RawRecord
from schooldigital.tabular import Columns, Table, norm
from schooldigital.tabular.detect import Kind

HEADER_SCAN_ROWS = 30
_LABELS = {
    "xlsx": "Excel workbook",
    "xlsm": "Excel macro-enabled workbook (macros not run)",
    "xls": "Excel 97-2003 workbook",
    "ods": "OpenDocument spreadsheet",
}
_BREAKS = re.compile(r"\r\n?")


def read(
    raw: bytes, display: str, kind: Kind, *, sheet: str | None, header_row: int | None, known: frozenset[str]
) -> Table:
    from schooldigital.tabular import package

    hidden: Mapping[str, Container[int]]
    merges: Mapping[str, list[package.Merge]] = {}
    if kind.name == "xls":  # python-calamine does not say which rows are hidden; a zip's rows are pre-scanned
        from schooldigital.tabular import biff

        hidden = biff.hidden_rows(raw, display)
    else:
        scanned = package.check(raw, display, kind.name)
        hidden, merges = scanned.hidden_rows, scanned.merged
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        name, skipped = _choose(book, display, sheet)
        grid = book.get_sheet_by_name(name)
        rows = grid.iter_rows()
        merged = grid.merged_cell_ranges or merges.get(name, [])  # python-calamine has none for .ods
        first_col = grid.start[1] if grid.start else 0
    except calamine.PasswordError:
        raise UserError(f"{display} is a password-protected workbook; remove the password and save it again") from None
    except calamine.CalamineError:  # its messages quote file bytes: never shown
        what = _LABELS[kind.name].split(" (")[0].lower()
        raise UserError(f"{display} is a damaged {what} that cannot be read; open it and save it again") from None
    source = Source(display, 0, 0, name)
    head = [_texts(row) for row in islice(rows, HEADER_SCAN_ROWS)]
    top = _header_row(head, known, header_row, display)
    header = _header(head, top, merged, first_col)
    table = Table(header, sheet=name, header_line=top + 1)
    _records(table, source, [(i + 1, row) for i, row in enumerate(head[top:], top)][1:], rows, top + 1, first_col)
    hidden_lines = hidden.get(name, set())
    for line in [line for line in table.lines if line in hidden_lines] if hidden_lines else []:
        msg = "this row is hidden in the workbook; it is imported like the others"
        table.problems.append(Problem(source.at(line), "row-hidden", msg, Severity.WARNING))
    note = f"; hidden sheets not read: {', '.join(skipped)}" if skipped else ""
    table.how = f"{_LABELS[kind.name]}, sheet '{name}', header on row {top + 1}, {len(table.lines)} rows{note}"
    return table


def _choose(book: Any, display: str, sheet: str | None) -> tuple[str, list[str]]:
    """The sheet to read and the hidden sheets passed over."""
    import python_calamine as calamine

    metas = book.sheets_metadata
    visible = [m.name for m in metas if m.visible == calamine.SheetVisibleEnum.Visible]
    hidden = [m.name for m in metas if m.name not in visible]
    if sheet is None:
        if not visible:
            raise UserError(f"{display} has no visible sheet; name one with --sheet")
        return visible[0], hidden
    names = [m.name for m in metas]
    match = [n for n in names if n == sheet] or [n for n in names if n.casefold() == sheet.casefold()]
    if not match:
        listed = ", ".join(f"'{n}'" for n in names)
        raise UserError(f"{display} has no sheet '{sheet}'; its sheets are {listed}")
    return match[0], []


def _text(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _BREAKS.sub("\n", value) if "\r" in value else value
    if kind is float:
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return format(value, ".15g")
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if kind is dt.datetime:
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if kind is dt.date or kind is dt.time:
        return value.isoformat()
    if kind is dt.timedelta:
        hours, rest = divmod(int(value.total_seconds()), 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return str(value)


def _texts(row: list[Any]) -> list[str]:
    return [cell if type(cell) is str and "\r" not in cell else _text(cell) for cell in row]


def _header_row(head: list[list[str]], known: frozenset[str], given: int | None, display: str) -> int:
    """The 0-based header row: given, else the early row naming most known columns, else the first of the
    widest early rows (a title row above the header has one cell)."""
    if given is not None:
        if given < 1 or given > len(head):
            raise UserError(f"{display}: --header-row {given} is past the sheet's first {len(head)} rows")
        return given - 1
    filled = [sum(1 for cell in row if cell.strip()) for row in head]
    if not filled or max(filled) == 0:
        raise UserError(f"{display}: the sheet is empty; expected a header row")
    hits = [sum(1 for cell in row if norm(cell) in known) for row in head]
    if max(hits) > 0:
        return hits.index(max(hits))
    return filled.index(max(filled))


def _header(head: list[list[str]], top: int, merged: Iterable[Any], first_col: int) -> list[str]:
    """Header names by column from A: a cell merged down from a row above takes that row's name."""
    names = [cell.strip() for cell in head[top]]
    for (r0, c0), (r1, c1) in merged:
        if r0 < top <= r1 and r0 < len(head):
            for col in range(max(c0, first_col), c1 + 1):
                index = col - first_col
                if index < len(names) and not names[index]:
                    names[index] = head[r0][c0 - first_col].strip() if c0 >= first_col else ""
    return [""] * first_col + names


def _records(table: Table, source: Source, early: list[tuple[int, list[str]]], rest: Any, top: int, first: int) -> None:
    """Data rows as records; blank rows skipped, over-long cells and unnamed filled columns are problems."""
    header = table.header[first:]
    named = [bool(h) for h in header]
    clean = all(named) and len(set(header)) == len(header)
    longest = limits.setting("SD_MAX_CELL_CHARS")
    seen: dict[str, int] = {}
    for col, name in enumerate(header, first + 1):
        if name in seen:
            msg = f"column `{name}` appears twice (first at column {column_letters(seen[name])})"
            table.problems.append(Problem(source.at(top, col), "csv-syntax", msg))
        elif name:
            seen[name] = col
    positions = {name: (0, col) for name, col in seen.items()}
    path, sheet = source.path, source.sheet
    unnamed_reported: set[int] = set()
    lines, columns, widest = _numbered(early, rest, top + len(early) + 1)
    if clean and widest <= longest:
        # the common case, at C speed: the rows that are not blank, kept by column; records on demand
        keep = list(map(bool, map(str.strip, map("".join, zip(*columns, strict=True)))))
        if not all(keep):
            lines, columns = list(compress(lines, keep)), [list(compress(column, keep)) for column in columns]

        def build() -> list[RawRecord]:
            return [
                RawRecord(dict(compress(zip(header, row, strict=False), row)), Source(path, line, 0, sheet), where)
                for line, row, where in zip(
                    lines, zip(*columns, strict=True), map(RowPositions, repeat(positions), lines), strict=True
                )
            ]

        table.columns = Columns(lines, header, columns, build)
        return
    for line, row in zip(lines, zip(*columns, strict=True), strict=True):
        if not any(row) or not "".join(row).strip():
            continue
        if max(map(len, row)) > longest:
            table.problems += [
                Problem(source.at(line, col), "value-too-long", f"cell is {len(cell)} characters, over {longest}")
                for col, cell in enumerate(row, first + 1)
                if len(cell) > longest
            ]
            continue
        if clean:
            data = dict(compress(zip(header, row, strict=False), row))
        else:
            data = {}
            for index, (name, cell) in enumerate(zip(header, row, strict=False)):
                if not cell:
                    continue
                if not name and index not in unnamed_reported:
                    unnamed_reported.add(index)
                    msg = f"column {column_letters(index + first + 1)} has data but no name in the header row"
                    table.problems.append(Problem(source.at(top, index + first + 1), "csv-syntax", msg))
                elif name and seen.get(name) == index + first + 1:
                    data[name] = cell
        table.records.append(RawRecord(data, Source(path, line, 0, sheet), RowPositions(positions, line)))


def _numbered(early: list[tuple[int, list[str]]], rest: Any, line: int) -> tuple[list[int], list[Sequence[str]], int]:
    """The sheet row numbers of the early rows and the rest, their cells as text by column, and the longest
    cell's length.

    The rest is converted a column at a time: each distinct value of a column once (a 100,000-row sheet holds
    a few thousand), at C speed."""
    lines = [number for number, _ in early]
    rows: list[Any] = [row for _, row in early]
    widest = max((len(cell) for row in rows for cell in row), default=0)
    later = list(rest)
    head: list[Sequence[str]] = [list(column) for column in zip(*rows, strict=True)]
    if not later:
        return lines, head, widest
    columns = [_column_texts(column) for column in zip(*later, strict=True)]
    widest = max([widest, *(max(map(len, column)) for column in columns)])
    if head:
        columns = [[*first, *column] for first, column in zip(head, columns, strict=True)]
    return [*lines, *range(line, line + len(later))], columns, widest


def _column_texts(column: tuple[Any, ...]) -> tuple[str, ...] | list[str]:
    """A column's cells as text: kept as they are when all are text without a CR, else each distinct value
    converted once (by type too, as True == 1)."""
    kinds = set(map(type, column))
    if kinds == {str} and "\r" not in "".join(column):
        return column
    if bool in kinds and len(kinds) > 1:
        return [_text(cell) for cell in column]
    texts = {value: _text(value) for value in set(column)}
    out = list(map(texts.get, column))
    if None in out:  # a value not equal to itself (NaN)
        out = [_text(cell) if text is None else text for cell, text in zip(column, out, strict=True)]
    return out
