"""The asset CSV as rows of text, so a write changes exactly the rows it touches (issue 18).

Untouched rows are kept byte for byte (quoting, line endings, a BOM); a changed row is re-rendered in the
file's own column order and line ending; a new row goes in id order when the file is sorted, else last.
A file that lacks a column a change needs is refused with a hint to run `sd assets widen`, the one
explicit step that adds every column (`ASSET_COLUMNS`, in fixed order) and rewrites every row.
"""

from __future__ import annotations

import bisect
import csv
import io
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from pathlib import Path

from schooldigital.errors import InvalidData, UserError
from schooldigital.models.assets import ASSET_COLUMNS
from schooldigital.problems import relpath
from schooldigital.registers import source_for
from schooldigital.store import csvio, decoding
from schooldigital.store.files import DISK

WIDEN_HINT = "run `sd assets widen --commit` once (it adds every column in its own commit), then run this again"


@dataclass
class CsvRows:
    """A CSV register split into records: the header's text, then each record's text and its cells."""

    header: list[str]
    head: str  # the header record's text, BOM and line ending included
    texts: list[str] = field(default_factory=list)  # each record's text as in the file (blank lines too)
    cells: list[list[str] | None] = field(default_factory=list)  # each record's cells; None for a blank line
    newline: str = "\n"

    @property
    def rows(self) -> list[dict[str, str] | None]:
        """Each record's non-empty cells by column (None for a blank line), built on demand: an edit of one
        row of a 10,000-row register never needs the other 9,999 as dicts."""
        return [None if c is None else self._row(c) for c in self.cells]

    def _row(self, cells: list[str]) -> dict[str, str]:
        return {h: c for h, c in zip(self.header, cells, strict=True) if c != ""}

    @property
    def ids(self) -> list[str]:
        at = self.header.index("id") if "id" in self.header else None
        return [c[at] if at is not None else "" for c in self.cells if c is not None]

    def find(self, rid: str) -> int | None:
        if "id" not in self.header:
            return None
        at = self.header.index("id")
        return next((i for i, c in enumerate(self.cells) if c is not None and c[at] == rid), None)

    def row(self, index: int) -> dict[str, str]:
        cells = self.cells[index]
        return {} if cells is None else self._row(cells)

    def render_row(self, row: dict[str, str]) -> str:
        return self._render([row.get(c, "") for c in self.header])

    def _render(self, cells: list[str]) -> str:
        text = ",".join(cells)
        plain = '"' not in text and "\n" not in text and "\r" not in text
        if plain and len(cells) > 1 and text.count(",") == len(cells) - 1:
            return text + self.newline  # what `csv` writes for cells it need not quote, 20 times faster
        buf = io.StringIO()
        csv.writer(buf, lineterminator=self.newline).writerow(cells)
        return buf.getvalue()

    def _cells_of(self, rows: list[dict[str, str]]) -> list[list[str]]:
        """Each row's cells in the header's order, built a column at a time: a column no row has is all ""."""
        given = set().union(*rows)
        empty = [""] * len(rows)
        columns = [list(map(dict.get, rows, repeat(c), repeat(""))) if c in given else empty for c in self.header]
        return list(map(list, zip(*columns, strict=True))) if columns else [[] for _ in rows]

    def _render_all(self, rows: list[list[str]]) -> list[str]:
        """`_render` of each row, the rows `csv` need not quote joined at once."""
        if len(self.header) < 2:
            return list(map(self._render, rows))
        commas, newline = len(self.header) - 1, self.newline
        return [
            text + newline
            if '"' not in text and "\n" not in text and "\r" not in text and text.count(",") == commas
            else self._render(cells)
            for cells, text in zip(rows, map(",".join, rows), strict=True)
        ]

    def record_lines(self) -> list[int] | range:
        """The line each record starts on (blank lines included), counted as the CSV reader counts them."""
        first = 1 + _breaks(self.head)
        whole = "".join(self.texts)
        if "\r" not in whole and whole.count("\n") == len(self.texts) and whole.endswith("\n"):
            return range(first, first + len(self.texts))  # one line each: every text ends in its only break
        if "\r" not in whole:  # a record's lines are its LFs: counted at C speed
            return list(accumulate(map(str.count, self.texts, repeat("\n")), initial=first))[:-1]
        out = []
        line = first
        for text in self.texts:
            out.append(line)
            line += _breaks(text)
        return out

    def columns(self, record_lines: list[int] | range) -> csvio.CsvColumns:
        """The register by column, as `csvio.read_columns` reads its text (blank lines skipped), given
        `record_lines()`."""
        lines = [line for line, cells in zip(record_lines, self.cells, strict=True) if cells is not None]
        rows = [cells for cells in self.cells if cells is not None]
        seen: dict[str, int] = {}
        for col, name in enumerate(self.header, 1):
            seen.setdefault(name, col)
        columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in self.header]
        table = csvio.CsvColumns(self.header, seen, columns)
        if lines != list(range(2, len(lines) + 2)):
            table.lines = lines
        return table

    def missing(self, row: dict[str, str]) -> list[str]:
        """Columns the row has a value for that the header lacks."""
        return [c for c, v in row.items() if v and c not in self.header]

    def replace(self, index: int, row: dict[str, str]) -> None:
        self.cells[index] = [row.get(c, "") for c in self.header]
        self.texts[index] = self.render_row(row)

    def insert(self, *new: dict[str, str]) -> None:
        """New rows in id order when the rows are sorted by id (as sd writes them), else at the end."""
        ids = self.ids
        kept = [i for i, c in enumerate(self.cells) if c is not None]
        in_order = ids == sorted(ids)
        end = len(self.cells)
        places: dict[int, list[dict[str, str]]] = {}
        ordered = sorted(new, key=lambda r: r.get("id", "")) if in_order else list(new)
        if ordered and (not in_order or not ids or ordered[0].get("id", "") >= ids[-1]):
            places[end] = ordered  # all after the last row (an import of new ids): no search a row
        else:
            for row in ordered:
                before = bisect.bisect_right(ids, row.get("id", "")) if in_order else len(kept)
                places.setdefault(kept[before] if before < len(kept) else end, []).append(row)
        if end in places:  # the last line may lack its line ending
            if self.texts and not self.texts[-1].endswith(("\n", "\r")):
                self.texts[-1] += self.newline
            elif not self.texts and not self.head.endswith(("\n", "\r")):
                self.head += self.newline
        if list(places) == [end]:  # every new row goes last (an import of new ids): rendered at once
            added = self._cells_of(places[end])
            self.cells, self.texts = [*self.cells, *added], [*self.texts, *self._render_all(added)]
            return
        cells: list[list[str] | None] = []
        texts: list[str] = []
        for index in range(end + 1):
            for added in places.get(index, ()):
                cells.append(list(map(added.get, self.header, repeat(""))))
                texts.append(self._render(cells[-1]))
            if index < end:
                cells.append(self.cells[index])
                texts.append(self.texts[index])
        self.cells, self.texts = cells, texts

    def text(self) -> str:
        return self.head + "".join(self.texts)


def _breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def read(root: Path, path: Path) -> CsvRows:
    """The register at `path` (a new one with every column when there is none yet).

    Raises:
        InvalidData: the file does not parse as a register (run `sd validate`); nothing is written.
    """
    if not path.exists():
        return CsvRows(list(ASSET_COLUMNS), ",".join(ASSET_COLUMNS) + "\n")
    source = source_for(root, path)
    text, encoding, problems = csvio.read_decoded(path, source, DISK.within(root))
    if text is None or problems:
        raise InvalidData(problems)
    if encoding == decoding.LEGACY:
        raise UserError(
            f"{source.path} is saved as Windows-1252, not UTF-8; convert it first "
            f"(`iconv -f cp1252 -t utf-8`) so an edit does not re-encode rows it did not change"
        )
    out = _plain(text) if '"' not in text and "\r" not in text else None
    if out is None:
        out = _quoted(text)
    if out is None:
        _, problems = csvio.parse_csv(text, source)
        raise InvalidData(problems or [])
    if encoding == "utf-8-sig":
        out.head = "\ufeff" + out.head  # written back as the BOM it was read with
    out.newline = "\r\n" if out.head.endswith("\r\n") else "\n"
    return out


def _plain(text: str) -> CsvRows | None:
    """Records split on line breaks and commas, for a file with no quotes or CR (what sd writes): what `csv`
    would make of it, in a tenth of the time. None when a row is not as wide as the header."""
    lines = text.split("\n")
    last = lines.pop()  # after the final line break: empty, unless the file does not end with one
    texts = [line + "\n" for line in lines] + ([last] if last else [])
    if not texts:
        return None
    header = [h.strip() for h in texts[0].rstrip("\n").split(",")]
    out = CsvRows(header, texts[0], texts[1:])
    width = len(header)
    for line in out.texts:
        body = line.rstrip("\n")
        if not body.strip():
            out.cells.append(None)
            continue
        cells = body.split(",")
        if len(cells) != width:
            return None
        out.cells.append(cells)
    return out


def _quoted(text: str) -> CsvRows | None:
    """Records as `csv` reads them, each with the exact text of its lines; None when a row is malformed."""
    lines = list(io.StringIO(text, newline=""))
    reader = csv.reader(iter(lines), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        start = reader.line_num
        out = CsvRows(header, "".join(lines[:start]))
        for cells in reader:
            blank = not "".join(cells).strip()
            if len(cells) != len(header) and not blank:
                return None
            out.cells.append(None if blank else cells)
            out.texts.append("".join(lines[start : reader.line_num]))
            start = reader.line_num
    except (csv.Error, StopIteration):
        return None
    return out


def refuse_missing(root: Path, path: Path, table: CsvRows, row: dict[str, str]) -> None:
    """A change that needs a column the file lacks is refused: adding one would rewrite every row."""
    missing = table.missing(row)
    if missing:
        names = ", ".join(f"`{c}`" for c in missing)
        raise UserError(f"{relpath(path, root)} has no {names} column; {WIDEN_HINT}")


def widened(table: CsvRows) -> tuple[str, list[str]]:
    """The whole register with every column of `ASSET_COLUMNS` in its fixed order (columns sd does not know
    kept after them), and the columns that were added."""
    extra = [c for c in table.header if c not in ASSET_COLUMNS]
    header = [*ASSET_COLUMNS, *extra]
    added = [c for c in ASSET_COLUMNS if c not in table.header]
    bom = "\ufeff" if table.head.startswith("\ufeff") else ""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=table.newline)
    writer.writerow(header)
    for row in table.rows:
        if row is not None:
            writer.writerow([row.get(c, "") for c in header])
    return bom + buf.getvalue(), added
