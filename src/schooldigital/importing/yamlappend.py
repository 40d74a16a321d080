"""The tail every import into a YAML register shares (contracts, information assets): the rows validated as
the YAML writer will write them, appended as records, and the school validated with the new text, so a
problem found there points back at the import's own row and column."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from schooldigital.errors import InvalidData
from schooldigital.importing.reader import Reader
from schooldigital.importing.result import ImportResult, Progress, check_rows, finish, remap
from schooldigital.models.base import Record
from schooldigital.problems import relpath
from schooldigital.store.records import RawRecord


def append_rows(
    root: Path,
    path: Path,
    model: type[Record],
    text: str,
    rows: list[tuple[int, dict[str, str]]],
    reader: Reader,
    result: ImportResult,
    progress: Progress | None,
) -> str:
    """`text` with every row appended as a record; the ids go to `result.added`, the school's warnings to
    `result.warnings`.

    Raises:
        InvalidData: a row, or the school with the rows added, has an error; nothing is written.
    """
    from schooldigital.edit import records, yamledit
    from schooldigital.store.yamlio import plain
    from schooldigital.validation import validate_school

    # Validate exactly what will be written: the values as the YAML writer turns them into a record.
    built = [yamledit.new_record(records.yaml_values(model, v), list(model.model_fields)) for _, v in rows]
    raws = [
        RawRecord(plain(record), reader.source.at(line), reader.positions(line, values))
        for (line, values), record in zip(rows, built, strict=True)
    ]
    check_rows(reader, raws, progress, "checking rows")
    new_text = text
    for (_, values), record in zip(rows, built, strict=True):
        new_text = yamledit.append_text(new_text, record)
        result.added.append(values["id"])
    lines = _line_map(new_text, rows, reader)
    check = validate_school(root, overlay={path: new_text})
    if check.registers is None:
        raise InvalidData(check.problems)
    result.warnings = finish(remap(check.problems, relpath(path, root), lines, reader), reader)
    return new_text


def _line_map(
    text: str, rows: list[tuple[int, dict[str, str]]], reader: Reader
) -> dict[int, tuple[int, Callable[[int], int]]]:
    """Lines of each appended record -> (import row, column of the field on that line)."""
    where = {values["id"]: line for line, values in rows}
    lines = text.split("\n")
    out: dict[int, tuple[int, Callable[[int], int]]] = {}
    current: int | None = None
    parent = ""
    for number, line_text in enumerate(lines, 1):
        if line_text.startswith("- "):
            match = re.match(r"- id: ['\"]?([^'\"\s]+)", line_text)
            current = where.get(match.group(1)) if match else None
        elif line_text and not line_text.startswith(" "):
            current = None
        if current is None:
            continue
        key_match = re.match(r"^(\s*)(?:- )?([A-Za-z_]+):", line_text)
        key = ""
        if key_match:
            indent, name = key_match.groups()
            if len(indent) <= 2:
                parent, key = name, name
            else:
                key = f"{parent}.{name}"
        col = reader.columns.get(key, 0)
        out[number] = (current, lambda _c, col=col: col)  # type: ignore[misc]
    return out
