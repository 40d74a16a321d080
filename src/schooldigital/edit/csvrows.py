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
from pathlib import Path

from schooldigital.errors import InvalidData, UserError
from schooldigital.models.assets import ASSET_COLUMNS
from schooldigital.problems import relpath
from schooldigital.registers import source_for
from schooldigital.store import csvio

WIDEN_HINT = "run `sd assets widen --commit` once (it adds every column in its own commit), then run this again"


@dataclass
class CsvRows:
    """A CSV register split into records: the header's text, then each record's text and its cells."""

    header: list[str]
    head: str  # the header record's text, BOM and line ending included
    texts: list[str] = field(default_factory=list)  # each record's text as in the file (blank lines too)
    rows: list[dict[str, str] | None] = field(default_factory=list)  # cells by column; None for a blank line
    newline: str = "\n"

    @property
    def ids(self) -> list[str]:
        return [r.get("id", "") for r in self.rows if r is not None]

    def find(self, rid: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r is not None and r.get("id") == rid), None)

    def render_row(self, row: dict[str, str]) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator=self.newline).writerow([row.get(c, "") for c in self.header])
        return buf.getvalue()

    def missing(self, row: dict[str, str]) -> list[str]:
        """Columns the row has a value for that the header lacks."""
        return [c for c, v in row.items() if v and c not in self.header]

    def replace(self, index: int, row: dict[str, str]) -> None:
        self.rows[index], self.texts[index] = row, self.render_row(row)

    def insert(self, *new: dict[str, str]) -> None:
        """New rows in id order when the rows are sorted by id (as sd writes them), else at the end."""
        ids = self.ids
        kept = [i for i, r in enumerate(self.rows) if r is not None]
        in_order = ids == sorted(ids)
        places: dict[int, list[dict[str, str]]] = {}
        for row in sorted(new, key=lambda r: r.get("id", "")) if in_order else new:
            before = bisect.bisect_right(ids, row.get("id", "")) if in_order else len(kept)
            places.setdefault(kept[before] if before < len(kept) else len(self.rows), []).append(row)
        if len(self.rows) in places:  # the last line may lack its line ending
            if self.texts and not self.texts[-1].endswith(("\n", "\r")):
                self.texts[-1] += self.newline
            elif not self.texts and not self.head.endswith(("\n", "\r")):
                self.head += self.newline
        rows: list[dict[str, str] | None] = []
        texts: list[str] = []
        for index, (row, text) in enumerate([*zip(self.rows, self.texts, strict=True), (None, "")]):
            for added in places.get(index, ()):
                rows.append(added)
                texts.append(self.render_row(added))
            if index < len(self.rows):
                rows.append(row)
                texts.append(text)
        self.rows, self.texts = rows, texts

    def text(self) -> str:
        return self.head + "".join(self.texts)


def read(root: Path, path: Path) -> CsvRows:
    """The register at `path` (a new one with every column when there is none yet).

    Raises:
        InvalidData: the file does not parse as a register (run `sd validate`); nothing is written.
    """
    if not path.exists():
        return CsvRows(list(ASSET_COLUMNS), ",".join(ASSET_COLUMNS) + "\n")
    source = source_for(root, path)
    text, encoding, problems = csvio.read_decoded(path, source)
    if text is None:
        raise InvalidData(problems)
    lines = list(io.StringIO(text, newline=""))
    reader = csv.reader(iter(lines), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        head_end = reader.line_num
        out = CsvRows(header, "".join(lines[:head_end]))
        start = head_end
        for cells in reader:
            if len(cells) != len(header) and any(c.strip() for c in cells):
                raise csv.Error("row width")
            blank = not "".join(cells).strip()
            out.rows.append(None if blank else {h: c for h, c in zip(header, cells, strict=True) if c != ""})
            out.texts.append("".join(lines[start : reader.line_num]))
            start = reader.line_num
    except (csv.Error, StopIteration):
        _, problems = csvio.parse_csv(text, source)
        raise InvalidData(problems or []) from None
    if encoding == "utf-8-sig":
        out.head = "\ufeff" + out.head  # written back as the BOM it was read with
    out.newline = "\r\n" if out.head.endswith("\r\n") else "\n"
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
