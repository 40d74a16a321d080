"""`sd survey import`: a Google Forms or Microsoft Forms CSV export (or a levels CSV) into a stored round.

Which column means what is `survey.columns`; every bad cell is reported as file:row:column; nothing is
written unless every row passes (or --skip-invalid). Respondents are pseudonymous: whatever column names the
person (email, name, staff code, username) becomes a keyed pseudonym (`survey.pseudonyms`) before anything
is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from schooldigital.errors import InvalidData, UserError
from schooldigital.models.base import ID_PATTERN
from schooldigital.problems import Problem, Severity, Source, did_you_mean, has_errors, relpath, sort_problems
from schooldigital.store.files import DISK
from schooldigital.store.records import RawRecord
from schooldigital.survey.columns import Columns, ImportMapping, Kind, load_mapping, resolve_columns
from schooldigital.survey.framework import Framework, _fold, load_framework
from schooldigital.survey.pseudonyms import PSEUDONYM_RE, pseudonym, read_key
from schooldigital.survey.responses import (
    META_FILE,
    RESPONSES_FILE,
    Response,
    answer_columns,
    render_round,
    round_dir,
)
from schooldigital.tabular import Table, read_table

ID_RE = re.compile(ID_PATTERN)
TZ_SUFFIX = re.compile(r"\s+(?:GMT|UTC|BST)(?:[+-]\d{1,2}(?::?\d{2})?)?$", re.IGNORECASE)
# Columns every Forms export starts with, for finding the header row of a workbook.
FORMS_HEADERS = frozenset({"id", "start time", "completion time", "email", "name", "timestamp", "email address"})
AUTO_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %I:%M:%S %p",  # Google Forms, en-US sheet
    "%Y/%m/%d %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",  # Google Forms / Microsoft Forms, en-GB
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d/%m/%y %H:%M:%S",
    "%d/%m/%y %H:%M",
)


@dataclass
class ImportResult:
    round_id: str
    framework_id: str
    kind: str
    respondents: int
    skipped_lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False
    date: dt.date | None = None
    read_as: str = ""  # how the export was read, e.g. "Excel workbook, sheet 'Sheet1', header on row 1, 40 rows"


def parse_export(
    table: Table,
    source: Source,
    fw: Framework,
    kind: Kind,
    key: bytes | None,
    mapping: ImportMapping | None = None,
    date_format: str | None = None,
) -> tuple[list[Response], list[Problem], list[dt.date], set[int]]:
    """Rows of an export as responses, plus every problem (row:column), submission dates and bad lines."""
    # a column with no header (often an empty trailing column a spreadsheet left) is not used, not wrong
    blank = {col for col, name in enumerate(table.header, 1) if not name.strip()}
    problems = [p for p in table.problems if not (p.source.line == 1 and p.source.col in blank)]
    for col in sorted(blank):
        msg = f"column {col} has no name in the header; it is not used"
        problems.append(Problem(source.at(1, col), "survey-column-ignored", msg, Severity.WARNING))
    mapping = mapping or ImportMapping()
    cols, header_problems = resolve_columns(table.header, source, fw, kind, mapping)
    problems += header_problems
    if has_errors(header_problems) or has_errors(problems):
        return [], problems, [], set()
    date_format = date_format or mapping.date_format
    scale = fw.scale_lookup
    extra = {_fold(k): v for k, v in mapping.answers.items()}
    levels = fw.level_lookup
    required = kind == "levels" or fw.scoring.missing == "invalid"
    responses: list[Response] = []
    dates: list[dt.date] = []
    bad: set[int] = set()
    seen: dict[str, int] = {}
    choices = [o.label for o in fw.scale] if kind == "statements" else [lv.name for lv in fw.levels]
    listed = ", ".join(f"`{c}`" for c in choices)
    items = list(cols.answers.items())
    # each distinct cell text is normalised once: an export has a handful of distinct answers
    memo: dict[str, str | bool] = {}

    def normalise(value: str) -> str | bool:
        folded = _fold(value)
        if not folded:
            result: str | bool = ""
        elif kind == "levels":
            index = levels.get(folded, levels.get(_fold(extra.get(folded, ""))))
            result = fw.levels[index].id if index is not None else False
        else:
            option = scale.get(folded) or scale.get(_fold(extra.get(folded, "")))
            result = option.value if option else False
        memo[value] = result
        return result

    for rec in table.records:
        row: list[Problem] = []
        who = _identity(rec, cols, key, row)
        if who is not None:
            if who in seen:
                header = _identity_header(cols)
                msg = f"the same respondent already answered on row {seen[who]}; keep one answer per person"
                row.append(Problem(rec.source_of(header), "survey-duplicate-respondent", msg))
            else:
                seen[who] = rec.source.line
        if "submitted" in cols.meta and (value := rec.data.get(cols.meta["submitted"])):
            day = parse_date(value, date_format)
            if day is None:
                fmt = f" with --date-format {date_format!r}" if date_format else "; pass --date-format, e.g. %m/%d/%Y"
                msg = f"`{value}` is not a date{fmt}"
                row.append(Problem(rec.source_of(cols.meta["submitted"]), "date-invalid", msg))
            else:
                dates.append(day)
        answers: dict[str, str | None] = {}
        data = rec.data
        for target, header in items:
            value = data.get(header)
            canonical = None if value is None else (memo[value] if value in memo else normalise(value))
            if canonical:
                answers[target] = canonical  # type: ignore[assignment]
                continue
            answers[target] = None
            if canonical is False and kind == "levels":
                msg = f"`{value}` is not a level of {fw.id}{did_you_mean(str(value), choices)}; use one of {listed}"
                row.append(Problem(rec.source_of(header), "survey-unknown-level", msg))
            elif canonical is False:
                msg = f"`{value}` is not an answer on the scale{did_you_mean(str(value), choices)}; use one of {listed}"
                row.append(Problem(rec.source_of(header), "survey-answer-invalid", msg))
            elif required:
                msg = f"no answer for `{target}`; every statement needs an answer"
                row.append(Problem(rec.source_of(header), "survey-answer-missing", msg))
        role = _clean(rec.data.get(cols.meta.get("role", ""), ""))
        department = _clean(rec.data.get(cols.meta.get("department", ""), ""))
        problems += row
        if has_errors(row):
            bad.add(rec.source.line)
        elif who is not None:
            responses.append(Response(who, role, department, answers, rec.source.line))
    return responses, problems, dates, bad


def import_round(
    root: Path,
    file: Path,
    round_id: str,
    *,
    framework_id: str | None = None,
    mapping_file: Path | None = None,
    date_format: str | None = None,
    kind: Kind | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    eligible: int | None = None,
    date: dt.date | None = None,
    replace: bool = False,
    sheet: str | None = None,
    header_row: int | None = None,
    ids_are_pseudonyms: bool = False,
) -> ImportResult:
    """Check an export and, when it is clean (or --skip-invalid), store it as round `round_id`.

    Raises `InvalidData` (nothing written) when any row is bad and `skip_invalid` is off.
    """
    from schooldigital.registers import load_config
    from schooldigital.store.atomic import transaction, unchanged
    from schooldigital.validation import validate_school

    if not ID_RE.match(round_id):
        raise UserError(f"round id `{round_id}` must be letters, digits, '-', '_' or '.', e.g. 2026-summer")
    config, problems = load_config(root)
    if config is None:
        raise InvalidData(problems)
    mapping = None
    if mapping_file is not None:
        mapping, problems = load_mapping(root, mapping_file, DISK)  # --mapping: the person's file, anywhere
        if mapping is None:
            raise InvalidData(problems)
    fw_id = framework_id or (mapping.framework if mapping else None) or config.survey.framework
    fw, problems = load_framework(root, fw_id)
    if fw is None:
        raise InvalidData(problems)
    kind = kind or (mapping.kind if mapping else None) or ("levels" if fw.self_placed else "statements")
    if kind == "statements" and fw.self_placed:
        raise UserError(f"framework {fw.id} has no statements; import with --kind levels")
    folder = round_dir(root, round_id)
    if (folder / META_FILE).exists() and not replace and not dry_run:
        raise UserError(f"round {round_id} already exists in {relpath(folder, root)}; pass --replace to overwrite it")
    table = read_table(file, str(file), sheet=sheet, header_row=header_row, known=FORMS_HEADERS)
    key, new_key = read_key(root, config.survey.key_file, create=True)
    source = Source(str(file), 0, 0, table.sheet)
    hash_key = None if ids_are_pseudonyms else key
    responses, problems, dates, bad = parse_export(table, source, fw, kind, hash_key, mapping, date_format)
    problems = sort_problems(problems)
    header_bad = any(p.source.line <= 1 and p.severity is Severity.ERROR for p in problems)
    if has_errors(problems) and (not skip_invalid or header_bad):
        raise InvalidData(problems)
    if not responses:
        raise InvalidData([*problems, Problem(source, "missing-field", "the export has no usable responses")])
    day = date or (max(dates) if dates else None)
    if day is None:
        raise UserError("the export has no submission times; pass --date YYYY-MM-DD for the round")
    result = ImportResult(round_id, fw.id, kind, len(responses), sorted(bad), problems, [], dry_run, day, table.how)
    invited = eligible or config.survey.eligible_staff
    if invited is not None and len(responses) > invited:
        given = "--eligible" if eligible else "survey: eligible_staff in school.yaml"
        raise UserError(f"{given} is {invited} but {len(responses)} staff answered; give the number of staff invited")
    if dry_run:
        return result
    meta = {
        "framework": fw.id,
        "kind": kind,
        "date": day.isoformat(),
        "eligible_staff": invited,
        "source_file": file.name,
        "skipped_rows": len(bad),
    }
    meta_text, csv_text = render_round(meta, responses, answer_columns(fw, kind))
    with transaction(root) as tx:
        pending = {folder / META_FILE: meta_text, folder / RESPONSES_FILE: csv_text}
        if new_key is None and all(unchanged(path, body, root) for path, body in pending.items()):
            return result  # the same export again: no change, nothing written (issue 22)
        check = validate_school(root, overlay=pending)
        if not check.ok:
            raise InvalidData(check.problems)
        for path, body in pending.items():
            tx.write(path, body)
        if new_key is not None:
            tx.write(root / config.survey.key_file, new_key)
        result.written = list(pending)
    return result


def parse_date(value: str, fmt: str | None = None) -> dt.date | None:
    """A submission time as a date: `fmt` when given, else the first automatic format that fits.

    The format that fitted last is tried first, so a 5,000-row export costs one strptime per row.
    """
    text = TZ_SUFFIX.sub("", value.strip()) if any(z in value.upper() for z in ("GMT", "UTC", "BST")) else value.strip()
    # a workbook's date cells arrive as ISO text whatever --date-format says the CSV export writes
    candidates = (fmt, *AUTO_DATE_FORMATS[:4]) if fmt else (_LAST_FORMAT[0], *AUTO_DATE_FORMATS)
    for candidate in candidates:
        try:
            day = dt.datetime.strptime(text, candidate).date()
        except ValueError:
            continue
        if not fmt:
            _LAST_FORMAT[0] = candidate
        return day
    return None


_LAST_FORMAT = [AUTO_DATE_FORMATS[0]]


def _clean(value: str) -> str:
    return " ".join(value.split())


def _identity_header(cols: Columns) -> str:
    for kind in ("staff_code", "respondent", "email", "name"):
        if kind in cols.meta:
            return cols.meta[kind]
    return ""


def _identity(rec: RawRecord, cols: Columns, key: bytes | None, row: list[Problem]) -> str | None:
    """The stored respondent id: a keyed hash of whatever names the person (email, name, staff code, username).

    `key` None means the export's ids are already the school's pseudonyms (--ids-are-pseudonyms): they are
    kept, and anything else is refused so that a typed identifier can never be stored.
    """
    for kind in ("staff_code", "respondent", "email", "name"):
        header = cols.meta.get(kind)
        if header is None:
            continue
        value = (rec.data.get(header) or "").strip()
        if not value:
            continue
        if key is not None:
            return pseudonym(value, key)
        if not PSEUDONYM_RE.fullmatch(value):
            msg = "not one of the school's pseudonyms (r- and 12 hex digits); drop --ids-are-pseudonyms to hash it"
            row.append(Problem(rec.source_of(header), "value-invalid", msg))
            return None
        return value
    header = _identity_header(cols)
    msg = "no respondent: give an email, name or staff code so each person is counted once"
    row.append(Problem(rec.source_of(header) if header else rec.source, "survey-answer-missing", msg))
    return None
