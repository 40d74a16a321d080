"""One reader for every import file: Excel and OpenDocument workbooks and delimited text, told apart by bytes.

`read_table` gives a `Table`: the header, rows as `RawRecord`s of plain text (the same strings the same data
gives as a UTF-8 CSV, so every importer treats a workbook and a CSV alike), problems located at
`file:sheet!C14` or `file:row:column`, and `how`, one line saying how the file was read.

- `detect` names a file's real type from its first bytes and refuses what is not a table (PDF, Word, images,
  password-protected workbooks, empty files) in one line that never quotes the file.
- `text` reads delimited text: UTF-8 (BOM or not), Windows-1252 (via `store.decoding`), UTF-16 with a BOM;
  `,` `;` or tab, detected; CR, LF or CRLF.
- `package` bounds a zip package (entries, expanded size, ratio, XML entity declarations, far-away cells)
  before any workbook library sees it, and finds hidden rows (.xlsx, .ods); `biff` finds those of an .xls.
- `workbook` reads the sheet through python-calamine (imported there, never at start-up): stored values of
  formulas, real date cells as ISO dates in either Excel date system, numbers as plain decimals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schooldigital.errors import UserError
from schooldigital.problems import Problem, Source
from schooldigital.store import limits
from schooldigital.store.records import RawRecord


def norm(name: str) -> str:
    """A header name compared loosely: case, spaces, `_`, `-`, a trailing `*` or `:` do not matter."""
    return re.sub(r"[\s_\-]+", " ", name.casefold()).strip(" *:")


@dataclass
class Columns:
    """A table's rows held by column (a workbook's clean sheet): the rows' lines, and for each column its
    header name and its cells, "" where a row has none. Records are built from it only when asked for."""

    lines: list[int]
    names: list[str]
    cells: list[Sequence[str]]
    build: Callable[[], list[RawRecord]]


@dataclass
class Table:
    """An import file read: header names by column, rows as text records, and how it was read.

    `columns` holds the rows by column when the reader kept them so (issue 20: 100,000 records cost more than
    the workbook's own read); `records` is then built on first use."""

    header: list[str]
    given: list[RawRecord] | None = None
    problems: list[Problem] = field(default_factory=list)
    how: str = ""
    sheet: str = ""  # the workbook sheet read; "" for text
    header_line: int = 1  # the header's row (sheet row or text line)
    columns: Columns | None = None

    @property
    def records(self) -> list[RawRecord]:
        if self.given is None:
            self.given = self.columns.build() if self.columns is not None else []
        return self.given

    @property
    def lines(self) -> list[int]:
        """Each record's line (sheet row or text line)."""
        return self.columns.lines if self.columns is not None else [r.source.line for r in self.records]


def read_table(
    path: Path,
    display: str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    known: frozenset[str] = frozenset(),
) -> Table:
    """The table in `path`, whatever its format. Raises UserError for a file that is not a table (one line)
    and InvalidData for a table that cannot be read at all.

    Args:
        path: the import file.
        display: the name problems give the file.
        sheet: a workbook's sheet by name (default: the first visible sheet).
        header_row: a workbook's header row, 1-based (default: found past title rows).
        known: normalised header names the import knows, for finding the header row.
    """
    from schooldigital.tabular import detect

    raw = read_bytes(path, display)
    kind = detect.kind(raw, display)
    if kind.workbook:
        from schooldigital.tabular import workbook

        return workbook.read(raw, display, kind, sheet=sheet, header_row=header_row, known=known)
    if sheet is not None:
        raise UserError(f"{display} is {kind.label}, which has no sheets; leave out --sheet")
    if header_row not in (None, 1):
        raise UserError(f"{display} is {kind.label}; its header is its first line, so leave out --header-row")
    from schooldigital.tabular import text

    return text.read(raw, Source(display), kind)


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes, refused in one line when over SD_MAX_CSV_BYTES or unreadable."""
    try:
        size = path.stat().st_size
        limit = limits.setting("SD_MAX_CSV_BYTES")
        if size > limit:
            what = limits.describe_bytes(limit)
            raise UserError(f"{display}: the file is over the {what} limit (SD_MAX_CSV_BYTES); it is not read")
        return path.read_bytes()
    except OSError as err:
        raise UserError(f"cannot read {display}: {err.strerror}") from None
