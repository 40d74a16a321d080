"""`read_columns`: an import file held by column, for exports of 100,000 rows read a few columns at a time.

Why: `read_table` builds one record (a dict) per row, which is what per-row imports need; a console export of
100,000 devices needs ten of its fifty columns and would spend more on the dicts than on reading. A CSV with
commas is split straight into columns (`store.csvio.read_columns`, the register validator's fast path); any
other file (a workbook, semicolons, tabs, UTF-16) is read by `read_table` and turned into columns, so every
format reads alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from schooldigital.errors import InvalidData
from schooldigital.problems import Problem, Source
from schooldigital.store import csvio


@dataclass
class ColumnTable:
    """The header, one list of cells per header column (all the same length), and each row's line."""

    header: list[str]
    columns: list[list[str]]
    lines: list[int] | None  # None: row i is on line i + 2 (no blank or bad row before it)
    problems: list[Problem] = field(default_factory=list)
    how: str = ""

    @property
    def rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def line(self, row: int) -> int:
        return row + 2 if self.lines is None else self.lines[row]

    def column(self, name: str | None) -> list[str] | None:
        """The cells under `name` (the first such column), or None when the file has no such column."""
        if name is None or name not in self.header:
            return None
        return self.columns[self.header.index(name)]


def read_columns(
    path: Path, display: str, *, sheet: str | None = None, known: frozenset[str] = frozenset()
) -> ColumnTable:
    """The table in `path` by column; raises as `read_table` does."""
    from schooldigital.tabular import detect, read_bytes, read_table, text

    raw = read_bytes(path, display)
    kind = detect.kind(raw, display)
    if not kind.workbook and not kind.encoding and sheet is None:
        decoded, encoding, problems = csvio.decode(raw, Source(display))
        if decoded is None:
            raise InvalidData(problems)
        if "\r" in decoded and decoded.count("\r") == decoded.count("\r\n"):
            decoded = decoded.replace("\r\n", "\n")  # Windows line endings: the lines and cells are the same
        if text.separator(decoded) == ",":
            table, problems = csvio.read_columns(decoded, Source(display))
            if not table.header:
                raise InvalidData(problems)
            name = text.ENCODINGS.get(encoding, encoding)
            how = f"CSV, {name}, comma-separated, {table.rows} rows"
            return ColumnTable(table.header, table.columns, table.lines, problems, how)
    read = read_table(path, display, sheet=sheet, known=known)
    columns = [[r.data.get(h, "") for r in read.records] for h in read.header]
    lines = [r.source.line for r in read.records]
    first = read.header_line + 1
    regular = lines == list(range(first, first + len(lines))) and first == 2
    return ColumnTable(read.header, columns, None if regular else lines, read.problems, read.how)
