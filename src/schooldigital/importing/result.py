"""What an import reports: its result, row checks in chunks, and problems located at the import file's rows.

An import is all or nothing: the whole-school validation of the register with the rows added is mapped
back to `file:row:column` of the import file, and any error means nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from schooldigital.errors import InvalidData
from schooldigital.importing.reader import Reader
from schooldigital.models.base import validate_records
from schooldigital.problems import Problem, Severity, has_errors
from schooldigital.store.records import RawRecord

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class ImportResult:
    """What an import did (or, with `dry_run`, would do)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped_columns: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False
    summary: str = ""
    read_as: str = ""  # how the file was read: "Excel workbook, sheet 'Assets', header on row 3, 40 rows"


def check_rows(reader: Reader, raws: list[RawRecord], progress: Progress | None, stage: str) -> None:
    """Field-level validation located in the import file, in chunks so a progress bar can move."""
    step = 2000
    for start in range(0, len(raws), step):
        _, problems = validate_records(reader.model, raws[start : start + step])
        for p in problems:
            if p.code == "missing-field" and p.message.endswith("` is required"):
                name = p.message.split("`")[1]
                p = Problem(p.source, p.code, f"{p.message}; add a column for it or pass --default {name}=VALUE")
            reader.problems.append(p)
        if progress:
            progress(stage, min(start + step, len(raws)), len(raws))


def remap(
    problems: list[Problem], rel: str, lines: Mapping[int, tuple[int, Callable[[int], int]]], reader: Reader
) -> list[Problem]:
    """Problems the whole-school validation found in the new register lines, moved to the import rows."""
    out = []
    for p in problems:
        if p.source.path == rel and p.source.line in lines:
            line, column = lines[p.source.line]
            p = Problem(reader.source.at(line, column(p.source.col)), p.code, p.message, p.severity)
        out.append(p)
    return out


def finish(problems: list[Problem], reader: Reader) -> list[Problem]:
    """Warnings to show when nothing is wrong; otherwise InvalidData with every error, each reported once
    (a row error found both in the import file and in the merged register is the same problem)."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or has_errors(reader.problems):
        # A field whose cell did not parse is reported as that, never again as a missing column.
        failed = {(p.source.line, _field(p)) for p in reader.problems if p.code != "missing-field" and _field(p)}
        seen: set[tuple[str, int, str, str]] = set()
        unique = []
        for p in sorted(reader.problems, key=Problem.sort_key) + sorted(errors, key=Problem.sort_key):
            if p.code == "missing-field" and (p.source.line, _field(p)) in failed:
                continue
            # the same missing field found by the row check (with advice) and by the school's validation
            key = (p.source.path, p.source.line, p.code, p.message.split(";")[0])
            if key not in seen:
                seen.add(key)
                unique.append(p)
        raise InvalidData(sorted(unique, key=Problem.sort_key))
    kept = [p for p in reader.problems if p.severity is not Severity.ERROR]  # e.g. rows hidden in a workbook
    return kept + [p for p in problems if p.severity is not Severity.ERROR]


def _field(problem: Problem) -> str:
    """The field a row problem is about, from its message (`start_date`: ... / `start_date` is required)."""
    if not problem.message.startswith("`"):
        return ""
    return problem.message.split("`")[1].split(".")[0]
