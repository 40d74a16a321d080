"""Problems are values: every bad input becomes a `Problem` carrying the file and line it came from.

Loaders and checks return lists of problems instead of raising, so one run reports everything at once
(the beancount contract). Codes are stable kebab-case slugs, documented in `CODES`, so users can
`--select`/`--ignore` them and tests can assert on them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value came from: 1-based line and column, 0 when unknown. In a workbook `sheet` names the
    sheet, `line` is the sheet row and the place is shown as a cell (`assets.xlsx:Assets!C14`)."""

    path: str
    line: int = 0
    col: int = 0
    sheet: str = ""

    def __str__(self) -> str:
        out = self.path or "-"
        if self.sheet:
            out += f":{self.sheet}!"
            if self.line:
                out += f"{column_letters(self.col)}{self.line}" if self.col else f"{self.line}:{self.line}"
            return out
        if self.line:
            out += f":{self.line}"
            if self.col:
                out += f":{self.col}"
        return out

    def at(self, line: int, col: int = 0) -> Source:
        return Source(self.path, line, col, self.sheet)

    def __reduce__(self) -> tuple[type[Source], tuple[str, int, int] | tuple[str, int, int, str]]:
        # Frozen slotted dataclasses unpickle through a slow generic __setstate__; the parse cache holds
        # one Source per record, so this halves the time of a warm `sd check renewals`.
        if self.sheet:
            return Source, (self.path, self.line, self.col, self.sheet)
        return Source, (self.path, self.line, self.col)


def column_letters(col: int) -> str:
    """Spreadsheet column letters for a 1-based column number: 1 -> A, 27 -> AA."""
    out = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


@dataclass(frozen=True, slots=True)
class Problem:
    source: Source
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.source}: {self.severity} {self.code}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    def sort_key(self) -> tuple[str, str, int, int, str, str, str]:
        """File, row, column, code, then the rest: a total order, so two runs print problems identically."""
        where = self.source
        return (where.path, where.sheet, where.line, where.col, self.code, str(self.severity), self.message)


# Every code `sd` can emit, with a one-line description. tests/test_problem_codes.py checks that each is
# documented here and triggered by a fixture, so add the code here when you add a check.
CODES: dict[str, str] = {
    "file-missing": "A register file the school needs does not exist.",
    "file-unreadable": "A file could not be read (permissions, or a folder where a file should be).",
    "unsafe-path": "A register is a symlink, device or FIFO, or lies outside the school folder; it is not read.",
    "file-too-large": "A file is over the size limit (SD_MAX_YAML_BYTES, SD_MAX_CSV_BYTES); it is not read.",
    "encoding-invalid": "A file is not valid UTF-8 (or mixes encodings) or holds a NUL byte; the message says where.",
    "value-too-long": "A cell or value is longer than SD_MAX_CELL_CHARS characters.",
    "yaml-syntax": "The YAML is malformed; the message says where the parser gave up.",
    "yaml-shape": "The YAML parsed but is not the expected list of records.",
    "csv-syntax": "The CSV is malformed: wrong number of cells, unclosed quote, or a missing header.",
    "unknown-field": "A field or column the register does not define (often a typo).",
    "missing-field": "A required field is absent or empty.",
    "type-invalid": "A value has the wrong type (text where a number was expected, and so on).",
    "choice-invalid": "A value is not one of the allowed choices.",
    "date-invalid": "A date is impossible or not in ISO YYYY-MM-DD form.",
    "date-out-of-range": "A date is outside the school's range (`dates:` in school.yaml; 1990 to 50 years ahead).",
    "formula-like": "An imported or typed value starts with = + - @, a tab or CR, which spreadsheets run as a formula.",
    "value-invalid": "A value breaks a rule of its field (pattern, range, format).",
    "duplicate-id": "Two records share an id.",
    "duplicate-serial": "Two assets share a serial number.",
    "unknown-ref": "A reference to a location, person, supplier, model, contract or asset that does not exist.",
    "date-order": "Dates are in an impossible order (ends before it starts, disposed before purchase).",
    "disposal-missing": "An asset is disposed without a disposal date, method and data-wipe evidence.",
    "personal-data": "A value looks like a pupil's personal data (email, UPN, full name) where none may be.",
    "check-crashed": "A check failed unexpectedly; the message names it. Please report it.",
    "survey-answer-invalid": "A survey answer is not on the framework's response scale.",
    "survey-answer-missing": "A survey answer (or the respondent) is blank where the framework requires one.",
    "survey-duplicate-respondent": "The same respondent answered a survey round more than once.",
    "survey-unknown-strand": "A levels column names no strand of the survey framework.",
    "survey-unknown-level": "A level is not one of the survey framework's levels.",
    "survey-unknown-statement": "A survey column names a statement id the framework does not have.",
    "survey-statement-missing": "The export has no column for a statement (or strand) the framework requires.",
    "renumbered-by-merge": "A merge gave a record both branches added under one id a new id; relabel, then clear it.",
    "asset-deleted": "An asset row was deleted since the last commit without a disposal record (a warning).",
    "merge-conflict": "A record or field still holds git conflict markers from a merge; keep one side.",
    "survey-column-ignored": "An export column is not used; list it under `ignore:` in a mapping file.",
    "currency-foreign": "An imported amount is in another currency than the school's (`currency` in school.yaml); "
    "it is imported as the number, and this says so.",
    "row-hidden": "A workbook row being imported is hidden in the spreadsheet; it is imported, and this says so.",
}


_NEGATIONS = ("un", "non", "not", "dis", "in", "im")


def opposite(word: str, choice: str) -> bool:
    """Whether `choice` is `word` without its negation or the other way round (`undeployable`, `deployed`):
    a near miss in spelling and the opposite in meaning, never worth suggesting."""
    a, b = word.lower().lstrip(" _-"), choice.lower().lstrip(" _-")
    for x, y in ((a, b), (b, a)):
        for neg in _NEGATIONS:
            rest = x[len(neg) :].lstrip(" _-")
            if x.startswith(neg) and not y.startswith(neg) and rest[:4] == y[:4] and len(rest) >= 4:
                return True
    return False


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean `x`?)' hint for a near miss, or '' when nothing is close (or only the opposite is)."""
    matches = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    match = next((m for m in matches if not opposite(word, m)), None)
    return f" (did you mean `{match}`?)" if match else ""


def excerpt(text: str, width: int = 40) -> str:
    """A short, escaped excerpt of a value read from a file, safe to print in a message: at most `width`
    characters, control and non-printing characters escaped, so no file content is ever echoed in bulk."""
    cut = text[:width].replace("`", "'")
    shown = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in cut)
    return shown + ("..." if len(text) > width else "")


def relpath(path: Path, root: Path) -> str:
    """Paths in messages are relative to the school root so they read the same on every machine."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:  # outside, or led outside by a symlinked folder: then named as the school names it
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)


def pick(problems: Iterable[Problem], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Problem]:
    """Keep only the selected codes (all when none selected) minus the ignored ones."""
    selected, ignored = set(select), set(ignore)
    return [p for p in problems if (not selected or p.code in selected) and p.code not in ignored]


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
