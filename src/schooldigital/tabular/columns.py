"""`read_columns`: the few columns an import needs from a file of 100,000 rows, held by column.

Why: `read_table` builds one record (a dict of every cell) per row, which is what per-row imports need; a
console export of 100,000 devices needs ten of its fifty columns and would spend more on the dicts than on
reading. A plain CSV (commas, no quotes) is split straight into the wanted columns at C speed, as the register
validator splits registers (`store.csvio`); any other text goes through `store.csvio.read_columns`, and a
workbook through `read_table`, so every format reads alike and every problem keeps its file:line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from schooldigital.errors import InvalidData
from schooldigital.problems import Problem, Source
from schooldigital.store import csvio, limits

Choose = Callable[[list[str]], Iterable[str]]  # the header -> the names of the columns wanted


@dataclass
class ColumnTable:
    """The header, the wanted columns' cells by header index (all `rows` long), and each row's line."""

    header: list[str]
    columns: dict[int, list[str]]
    rows: int
    lines: list[int] | None  # None: row i is on line i + 2 (no blank or bad row before it)
    problems: list[Problem] = field(default_factory=list)
    how: str = ""
    source: Source = field(default_factory=lambda: Source(""))  # the file (and sheet) cells are located in

    def line(self, row: int) -> int:
        return row + 2 if self.lines is None else self.lines[row]

    def column(self, name: str | None) -> list[str] | None:
        """The cells under `name` (the first such column), or None when the file has no such wanted column."""
        if name is None or name not in self.header:
            return None
        return self.columns.get(self.header.index(name))


def read_columns(
    path: Path, display: str, choose: Choose, *, sheet: str | None = None, known: frozenset[str] = frozenset()
) -> ColumnTable:
    """The columns `choose` names from the table in `path`; raises as `read_table` does."""
    from schooldigital.tabular import detect, read_bytes, read_table, text

    raw = read_bytes(path, display)
    kind = detect.kind(raw, display)
    if not kind.workbook and not kind.encoding and sheet is None:
        decoded, encoding, problems = csvio.decode(raw, Source(display))
        del raw
        if decoded is None:
            raise InvalidData(problems)
        if "\r" in decoded and decoded.count("\r") == decoded.count("\r\n"):
            decoded = decoded.replace("\r\n", "\n")  # Windows line endings: the same lines and cells
        if text.separator(decoded) == ",":
            table = _csv(decoded, display, choose)
            table.source = Source(display)
            table.how = f"CSV, {text.ENCODINGS.get(encoding, encoding)}, comma-separated, {table.rows} rows"
            return table
    read = read_table(path, display, sheet=sheet, known=known)
    wanted = _indexes(read.header, choose)
    columns = {i: [r.data.get(read.header[i], "") for r in read.records] for i in wanted}
    lines = [r.source.line for r in read.records]
    regular = lines == list(range(2, 2 + len(lines)))
    where = Source(display, sheet=read.sheet)
    return ColumnTable(read.header, columns, len(lines), None if regular else lines, read.problems, read.how, where)


def _indexes(header: list[str], choose: Choose) -> list[int]:
    names = set(choose(header))
    return sorted({header.index(name) for name in names if name in header})


def _csv(text: str, display: str, choose: Choose) -> ColumnTable:
    header_end = text.find("\n")
    first = text if header_end < 0 else text[:header_end]
    if '"' not in text and "\0" not in text and "\r" not in text:
        header = [h.strip() for h in first.split(",")]
        wanted = _indexes(header, choose)
        split = _split(text, len(header), wanted)
        if split is not None:
            columns, rows = split
            return ColumnTable(header, columns, rows, None)
    table, problems = csvio.read_columns(text, Source(display))
    if not table.header:
        raise InvalidData(problems)
    wanted = _indexes(table.header, choose)
    columns = {i: table.columns[i] for i in wanted}
    return ColumnTable(table.header, columns, table.rows, table.lines, problems)


def _split(text: str, width: int, wanted: list[int]) -> tuple[dict[int, list[str]], int] | None:
    """The wanted columns by splitting on commas, when that is exactly what `csv` would do (no quotes, no blank
    or short row, no over-long cell); None otherwise, and the caller reads the file with `csv`."""
    start, end = text.find("\n") + 1, len(text)
    while end > start and text[end - 1] == "\n":
        end -= 1  # trailing blank lines, which `csv` skips
    columns: dict[int, list[str]] = {i: [] for i in wanted}
    rows = 0
    blank = "\n" + "," * (width - 1) + "\n"
    while start and start < end:
        stop = text.find("\n", min(start + csvio.CHUNK_CHARS, end))
        stop = end if stop < 0 or stop > end else stop
        chunk = text[start:stop]
        breaks = chunk.count("\n")
        if "\n\n" in chunk or blank in f"\n{chunk}\n":
            return None  # a blank row: `csv` skips it, and the line numbers after it shift
        cells = chunk.replace("\n", ",\n").split(",")
        del chunk
        if len(cells) != (breaks + 1) * width:
            return None
        firsts = "".join(cells[::width])
        if firsts.count("\n") != breaks:
            return None
        cells[::width] = firsts.split("\n")
        for i in wanted:
            columns[i] += cells[i::width]
        rows += breaks + 1
        start = stop + 1
    longest = limits.setting("SD_MAX_CELL_CHARS")
    if any(max(map(len, column), default=0) > longest for column in columns.values()):
        return None  # `csv` reports each over-long cell and leaves its row out
    return columns, rows
