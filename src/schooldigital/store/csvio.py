"""CSV registers and spreadsheet exports: decoding, line numbers, and clean sorted writing.

Read with the stdlib `csv` module (fast, and it knows which line each row started on) before anything
reaches pandas. Spreadsheet exports arrive with a BOM, in cp1252 or with CRLF; all are accepted.
Registers are written back UTF-8, LF, sorted by id, so two branches that add rows merge cleanly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schooldigital.problems import Problem, Source
from schooldigital.store.files import DISK, Files
from schooldigital.store.records import RawRecord

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(slots=True)
class CsvTable:
    """A decoded CSV: the header, rows as raw records, and the encoding it was read with."""

    header: list[str]
    records: list[RawRecord] = field(default_factory=list)
    encoding: str = "utf-8"


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def parse_csv(text: str, source: Source, *, skip_blank: bool = True) -> tuple[CsvTable, list[Problem]]:
    """Rows keyed by header name, each with its 1-based line and a column number per field.

    Empty cells are left out of `data`, so "not given" and "empty" are the same thing everywhere.
    """
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return CsvTable([]), [Problem(source.at(1), "csv-syntax", "the file is empty; expected a header row")]
    except csv.Error as err:
        return CsvTable([]), [Problem(source.at(1), "csv-syntax", f"bad header row: {err}")]
    table = CsvTable(header)
    seen: dict[str, int] = {}
    for col, name in enumerate(header, 1):
        if not name:
            problems.append(Problem(source.at(1, col), "csv-syntax", f"column {col} has no name in the header"))
        elif name in seen:
            msg = f"column `{name}` appears twice (first at column {seen[name]})"
            problems.append(Problem(source.at(1, col), "csv-syntax", msg))
        else:
            seen[name] = col
    width = len(header)
    positions = {name: (0, col) for name, col in seen.items()}
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append(Problem(source.at(line), "csv-syntax", f"{err}; check for an unclosed quote"))
            break
        if skip_blank and not any(cell.strip() for cell in row):
            line = reader.line_num + 1
            continue
        if len(row) != width:
            msg = f"row has {len(row)} cells, the header has {width}; check for a stray comma or quote"
            problems.append(Problem(source.at(line), "csv-syntax", msg))
        else:
            data = {name: cell for name, cell in zip(header, row, strict=True) if cell != "" and name in seen}
            table.records.append(RawRecord(data, source.at(line), _RowPositions(positions, line)))
        line = reader.line_num + 1
    return table, problems


class _RowPositions(dict[str, tuple[int, int]]):
    """Positions computed on demand: building 20 tuples per row for 100k rows would cost more than
    the validation itself, and only rows with errors ever look theirs up."""

    def __init__(self, columns: dict[str, tuple[int, int]], line: int) -> None:
        super().__init__()
        self.columns, self.line = columns, line

    def get(self, key: str, default: tuple[int, int] | None = None) -> tuple[int, int] | None:  # type: ignore[override]
        pos = self.columns.get(key)
        return (self.line, pos[1]) if pos else default


def read_csv(path: Path, source: Source, files: Files = DISK) -> tuple[CsvTable | None, list[Problem]]:
    try:
        raw = files.read_bytes(path)
    except FileNotFoundError:
        return None, [Problem(source, "file-missing", "file not found")]
    except OSError as err:
        return None, [Problem(source, "file-unreadable", f"cannot read file: {err.strerror}")]
    text, encoding = decode(raw)
    table, problems = parse_csv(text, source)
    table.encoding = encoding
    return table, problems


def render_csv(header: Sequence[str], rows: Iterable[dict[str, str]], *, safe: bool = False) -> str:
    """CSV text with LF endings. `safe=True` defuses spreadsheet formulas for exports people open in Excel."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        cells = [row.get(name, "") for name in header]
        writer.writerow([defuse(c) for c in cells] if safe else cells)
    return buf.getvalue()


def defuse(cell: str) -> str:
    """Prefix a quote to cells a spreadsheet would run as a formula (OWASP CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell
