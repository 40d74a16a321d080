"""CSV registers and spreadsheet exports: decoding, line numbers, and clean sorted writing.

Read with the stdlib `csv` module (fast, and it knows which line each row started on) before anything
reaches pandas. Spreadsheet exports arrive with a BOM, in cp1252 or with CRLF; all are accepted.
Registers are written back UTF-8, LF, sorted by id, so two branches that add rows merge cleanly.
"""

from __future__ import annotations

import csv
import io
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, islice
from pathlib import Path
from typing import Any

from schooldigital.problems import Problem, Source, excerpt
from schooldigital.store import decoding, limits
from schooldigital.store.files import Files, read_problem
from schooldigital.store.records import RawRecord

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
Row = tuple[int, list[str]]
# The csv module's own field limit (128 KiB) stops a reader at the first longer cell, leaving every later row
# unchecked (issue 12). Cells are bounded by SD_MAX_CELL_CHARS instead, reported per cell as value-too-long;
# this only has to exceed any cell a file within its size limit can hold (it is process-wide, set once here).
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


@dataclass(slots=True)
class CsvTable:
    """A decoded CSV: the header, rows as raw records, and the encoding it was read with."""

    header: list[str]
    records: list[RawRecord] = field(default_factory=list)
    encoding: str = "utf-8"


def decode(raw: bytes, source: Source) -> tuple[str | None, str, list[Problem]]:
    """Text and encoding name: UTF-8 (with or without BOM), else Windows-1252 as Excel writes it when the
    whole file is (see `store.decoding`); mixed or invalid bytes and NUL are problems (text None)."""
    return decoding.decode(raw, source, legacy=True)


def parse_csv(
    text: str, source: Source, *, skip_blank: bool = True, delimiter: str = ","
) -> tuple[CsvTable, list[Problem]]:
    """Rows keyed by header name, each with its 1-based line and a column number per field.

    Empty cells are left out of `data`, so "not given" and "empty" are the same thing everywhere.
    """
    header, rows, problems = iter_csv(text, source, skip_blank=skip_blank, delimiter=delimiter)
    table = CsvTable(header)
    table.records.extend(rows)
    return table, problems


def iter_csv(
    text: str, source: Source, *, skip_blank: bool = True, delimiter: str = ","
) -> tuple[list[str], Iterator[RawRecord], list[Problem]]:
    """`parse_csv` as a stream: the header, an iterator of records, and the problem list the iterator
    appends to as it goes (complete once the iterator is exhausted). Lets a large register be validated
    in chunks, so its raw rows and its models never all sit in memory at once."""
    reader, header, seen, problems = _open(text, source, delimiter)
    if reader is None:
        return header, iter(()), problems
    return header, _rows(reader, header, seen, source, problems, skip_blank), problems


def _open(text: str, source: Source, delimiter: str = ",") -> tuple[Any, list[str], dict[str, int], list[Problem]]:
    """A reader past the header, the stripped header, each distinct name's 1-based column, header problems.
    The reader is None when there is no usable header."""
    problems: list[Problem] = []
    reader = csv.reader(_lines(text), strict=True, delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return None, [], {}, [Problem(source.at(1), "csv-syntax", "the file is empty; expected a header row")]
    except csv.Error as err:
        return None, [], {}, [Problem(source.at(1), "csv-syntax", f"bad header row: {err}")]
    seen: dict[str, int] = {}
    for col, name in enumerate(header, 1):
        if not name:
            problems.append(Problem(source.at(1, col), "csv-syntax", f"column {col} has no name in the header"))
        elif name in seen:
            msg = f"column `{excerpt(name)}` appears twice (first at column {seen[name]})"
            problems.append(Problem(source.at(1, col), "csv-syntax", msg))
        else:
            seen[name] = col
    return reader, header, seen, problems


@dataclass(slots=True)
class CsvColumns:
    """A CSV held by column, for validating a large register a column at a time.

    `lines[i]` is the line of row i; None stands for `i + 2` (no blank or malformed row before it).
    """

    header: list[str]
    seen: dict[str, int]
    columns: list[list[str]]
    lines: list[int] | None = None
    # Per column, its distinct cells (each cell in `columns` is the very object kept here) when known; None
    # for a column kept cell by cell (no cell was seen twice early on).
    distinct: list[dict[str, str] | None] | None = None

    @property
    def rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def line(self, row: int) -> int:
        return row + 2 if self.lines is None else self.lines[row]


def read_columns(text: str, source: Source) -> tuple[CsvColumns, list[Problem]]:
    """The rows and problems `iter_csv` gives (blank rows skipped), transposed into one list per column."""
    reader, header, seen, problems = _open(text, source)
    if reader is None:
        return CsvColumns(header, seen, []), problems
    plain = _plain_columns(text, len(header))
    if plain is not None:
        return CsvColumns(header, seen, *plain), problems
    width = len(header)
    columns: list[list[str]] = [[] for _ in range(width)]
    distinct: list[dict[str, str] | None] = [{} for _ in range(width)]
    lines: list[int] = []
    rows = _cells(reader, width, source, problems, True)
    while chunk := list(islice(rows, CHUNK_ROWS)):
        lines += [line for line, _ in chunk]
        _extend(columns, distinct, zip(*(cells for _, cells in chunk), strict=True))
        distinct = _unshared(distinct, len(lines))
    table = CsvColumns(header, seen, columns, None, distinct)
    if lines != list(range(2, len(lines) + 2)):
        table.lines = lines
    return table, problems


def _extend(columns: list[list[str]], distinct: list[dict[str, str] | None], parts: Iterable[Sequence[str]]) -> None:
    """Append each column's part, equal cells shared as one object (`dict.setdefault` at C speed) so a 100k-row
    register holds a few thousand strings per column instead of 100k; as split where `distinct` is None."""
    for column, seen, part in zip(columns, distinct, parts, strict=True):
        column += part if seen is None else map(seen.setdefault, part, part)


def _unshared(distinct: list[dict[str, str] | None], rows: int) -> list[dict[str, str] | None]:
    """After a first chunk: columns that held no cell twice (ids, serials) are kept as split from now on,
    sparing 100k dict insertions each; their distinct cells become unknown (None)."""
    return [None if seen is not None and len(seen) == rows else seen for seen in distinct]


# Rows split at a time: small enough that the cells of one chunk are freed and their memory reused before
# the next (100k rows peak at a third of the memory), large enough that the per-chunk cost vanishes.
CHUNK_CHARS = 1 << 20
CHUNK_ROWS = 8_000  # the same for rows read by `csv`


def _plain_columns(text: str, width: int) -> tuple[list[list[str]], None, list[dict[str, str] | None]] | None:
    """Columns by splitting on commas, when that is exactly what `csv` would do: no quotes, CR or NUL, every
    row as wide as the header, no blank row. Under half the time of `csv.reader` (issue 2); None otherwise.

    Returns:
        The columns, None (every row on line i + 2) and each column's distinct cells (see `_extend`).
    """
    if '"' in text or "\r" in text or "\0" in text or not width:
        return None
    start, end = text.find("\n") + 1, len(text)
    while end > start and text[end - 1] == "\n":
        end -= 1  # trailing blank lines, which `csv` skips
    columns: list[list[str]] = [[] for _ in range(width)]
    distinct: list[dict[str, str] | None] = [{} for _ in range(width)]
    while start and start < end:
        stop = text.find("\n", min(start + CHUNK_CHARS, end))
        stop = end if stop < 0 or stop > end else stop
        if not _split_rows(text[start:stop], width, columns, distinct):
            return None
        distinct = _unshared(distinct, len(columns[0]))
        start = stop + 1
    blank_first = compress(range(len(columns[0])), map(operator.not_, map(str.strip, columns[0])))
    if any(not "".join(column[row] for column in columns).strip() for row in blank_first):
        return None  # a blank row: `csv` skips it, and the line numbers after it shift
    longest = limits.setting("SD_MAX_CELL_CHARS")
    if len(text) > longest and _longest(columns, distinct) > longest:
        return None  # `_cells` reports each over-long cell and leaves its row out
    return columns, None, distinct


def _longest(columns: list[list[str]], distinct: list[dict[str, str] | None]) -> int:
    """The length of the longest cell (each column's distinct cells when known, at C speed)."""
    cells = (column if seen is None else seen for column, seen in zip(columns, distinct, strict=True))
    return max((max(map(len, part), default=0) for part in cells), default=0)


def _split_rows(rows: str, width: int, columns: list[list[str]], distinct: list[dict[str, str] | None]) -> bool:
    """Append the cells of `rows` (whole lines) to `columns`; False when a row is not `width` cells wide."""
    # A line break, now just after a comma, starts the next row's first cell. With as many cells as rows times
    # `width`, the rows are all `width` wide exactly when every break is in the first column.
    breaks = rows.count("\n")
    cells = rows.replace("\n", ",\n").split(",")
    del rows
    if len(cells) != (breaks + 1) * width:
        return False
    first = "".join(cells[::width])
    if first.count("\n") != breaks:
        return False
    cells[::width] = first.split("\n")
    _extend(columns, distinct, (cells[i::width] for i in range(width)))
    return True


# One physical line with its ending, split exactly as a file opened with newline="" would split it.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text`, lazily. io.StringIO would copy the whole text into a 4-bytes-per-character
    buffer: 60 MB for a 15 MB register."""
    return (match.group() for match in _LINE.finditer(text))


def _rows(
    reader: Any, header: list[str], seen: dict[str, int], source: Source, problems: list[Problem], skip_blank: bool
) -> Iterator[RawRecord]:
    clean_header = len(seen) == len(header)
    positions = {name: (0, col) for name, col in seen.items()}
    path = source.path
    for line, row in _cells(reader, len(header), source, problems, skip_blank):
        if clean_header:  # the common case, done in C: pairs whose cell is not empty
            data = dict(compress(zip(header, row, strict=True), row))
        else:
            data = {name: cell for name, cell in zip(header, row, strict=True) if cell != "" and name in seen}
        yield RawRecord(data, Source(path, line), _RowPositions(positions, line))


def _cells(reader: Any, width: int, source: Source, problems: list[Problem], skip_blank: bool) -> Iterator[Row]:
    """(line, cells) of every row with as many cells as the header and no cell over SD_MAX_CELL_CHARS; other
    rows become problems."""
    longest = limits.setting("SD_MAX_CELL_CHARS")
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append(Problem(source.at(line), "csv-syntax", f"{err}; check for an unclosed quote"))
            break
        # any(row) is C-level and true for almost every row; only all-empty-looking rows pay for strip().
        if skip_blank and (not any(row) or not "".join(row).strip()):
            line = reader.line_num + 1
            continue
        if len(row) != width:
            msg = f"row has {len(row)} cells, the header has {width}; check for a stray comma or quote"
            problems.append(Problem(source.at(line), "csv-syntax", msg))
        elif max(map(len, row), default=0) > longest:
            problems += _too_long(row, longest, source.at(line))
        else:
            yield line, row
        line = reader.line_num + 1


def _too_long(row: list[str], longest: int, where: Source) -> list[Problem]:
    return [
        Problem(
            where.at(where.line, col),
            "value-too-long",
            f"cell is {len(cell)} characters long, over the limit of {longest} (SD_MAX_CELL_CHARS); shorten it",
        )
        for col, cell in enumerate(row, 1)
        if len(cell) > longest
    ]


class _RowPositions(dict[str, tuple[int, int]]):
    """Positions computed on demand: building 20 tuples per row for 100k rows would cost more than
    the validation itself, and only rows with errors ever look theirs up."""

    __slots__ = ("columns", "line")

    def __init__(self, columns: dict[str, tuple[int, int]], line: int) -> None:
        self.columns, self.line = columns, line

    def get(self, key: str, default: tuple[int, int] | None = None) -> tuple[int, int] | None:  # type: ignore[override]
        pos = self.columns.get(key)
        return (self.line, pos[1]) if pos else default

    def __reduce__(self) -> Any:
        return (_RowPositions, (self.columns, self.line))


RowPositions = _RowPositions  # for the workbook reader, whose rows are addressed the same way


def read_csv(path: Path, source: Source, files: Files) -> tuple[CsvTable | None, list[Problem]]:
    text, encoding, problems = read_decoded(path, source, files)
    if text is None:
        return None, problems
    table, problems = parse_csv(text, source)
    table.encoding = encoding
    return table, problems


def read_decoded(path: Path, source: Source, files: Files) -> tuple[str | None, str, list[Problem]]:
    """The file's text and encoding (see `decode`); a missing or unreadable file is a problem, not a crash."""
    try:
        raw = files.read_bytes(path)
    except OSError as err:
        return None, "", [read_problem(err, source)]
    return decode(raw, source)


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
