"""Delimited text as Excel, LibreOffice and the Forms services write it.

Encodings: a UTF-16 BOM (Excel's "Unicode Text") decodes as UTF-16; everything else goes through the store's
one rule (`store.decoding`: UTF-8 with or without BOM, else whole-file Windows-1252). The separator is `,`,
`;` (Excel where the decimal separator is a comma) or tab: the one that splits the first lines into the same
number of cells, more than one, wins; ties go to the most cells, then to `,`.
"""

from __future__ import annotations

import csv
from itertools import islice

from schooldigital.errors import InvalidData
from schooldigital.problems import Problem, Source
from schooldigital.store import csvio
from schooldigital.tabular import Table
from schooldigital.tabular.detect import Kind

SEPARATORS = {",": "comma-separated", ";": "semicolon-separated", "\t": "tab-separated"}
_SAMPLE_LINES = 50
ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1252": "Windows-1252", "utf-16": "UTF-16"}


def read(raw: bytes, source: Source, kind: Kind) -> Table:
    """The table in a delimited text file; InvalidData when it cannot be decoded or has no header."""
    if kind.encoding:
        text, encoding, problems = _utf16(raw, kind.encoding, source)
    else:
        text, encoding, problems = csvio.decode(raw, source)
    if text is None:
        raise InvalidData(problems)
    delimiter = separator(text)
    parsed, problems = csvio.parse_csv(text, source, delimiter=delimiter)
    if not parsed.header:
        raise InvalidData(problems)
    if not all(parsed.header):
        problems = _without_empty_unnamed(text, delimiter, parsed.header, problems)
    name = "CSV" if delimiter != "\t" else "text"
    how = f"{name}, {ENCODINGS.get(encoding, encoding)}, {SEPARATORS[delimiter]}, {len(parsed.records)} rows"
    return Table(parsed.header, parsed.records, problems, how)


def _without_empty_unnamed(text: str, delimiter: str, header: list[str], problems: list[Problem]) -> list[Problem]:
    """The problems less those of unnamed columns that are empty in every row, as the workbook reader has it:
    Excel's text exports carry the sheet's used range, so formatted empty columns arrive as trailing
    separators (a real Hebrew Excel "Unicode Text" file ends every line with two)."""
    unnamed = {col for col, name in enumerate(header, 1) if not name}
    filled: set[int] = set()
    rows = csv.reader(csvio._lines(text), delimiter=delimiter)
    try:
        next(rows)
        for row in rows:
            filled.update(col for col in unnamed - filled if col <= len(row) and row[col - 1].strip())
            if filled == unnamed:
                return problems
    except csv.Error:  # already a problem of its own
        return problems
    empty = unnamed - filled
    return [p for p in problems if not (p.code == "csv-syntax" and p.source.line == 1 and p.source.col in empty)]


def _utf16(raw: bytes, codec: str, source: Source) -> tuple[str | None, str, list[Problem]]:
    try:
        text = raw[2:].decode(codec)
    except UnicodeDecodeError as err:
        msg = f"byte {err.start + 2} is not valid UTF-16; save the file again as Unicode Text or CSV UTF-8"
        return None, "utf-16", [Problem(source.at(1), "encoding-invalid", msg)]
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        msg = "a NUL character, which no text register holds; export the file again"
        return None, "utf-16", [Problem(source.at(line), "encoding-invalid", msg)]
    return text, "utf-16", []


def separator(text: str) -> str:
    """`,`, `;` or tab: the separator that gives every sampled line the same number of cells (> 1)."""
    sample = list(islice(csvio._lines(text), _SAMPLE_LINES))
    if len(sample) == _SAMPLE_LINES:
        sample = sample[:-1]  # the last sampled line may be cut inside a quoted cell
    best, best_score = ",", (False, 0)
    for delimiter in (",", ";", "\t"):
        try:
            widths = [len(row) for row in csv.reader(sample, delimiter=delimiter) if any(row)]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (all(w == widths[0] for w in widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best
