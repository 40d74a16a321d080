"""`sd survey import`: a Google Forms or Microsoft Forms CSV export (or a levels CSV) into a stored round.

Columns are recognised by name: the usual Forms metadata (Timestamp, Email Address; ID, Start time,
Completion time, Email, Name), role and department, and one column per statement whose header contains the
statement id (e.g. "[FEO-C2] I can ..."), or whatever a mapping file in `surveys/mappings/` says. Every bad
cell is reported as file:row:column; nothing is written unless every row passes (or --skip-invalid).

Respondents are pseudonymous: a staff-code column is kept as given; otherwise the email (or name) is turned
into `r-` + 12 hex digits of HMAC-SHA256 under the school's secret key (`survey.key_file` in school.yaml,
default `surveys/.respondent-key`, git-ignored and created on first import). The same person gets the same
pseudonym every year while the key is kept, and nobody holding only the repository can reverse it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from schooldigital.errors import InvalidData, UserError
from schooldigital.models.base import ID_PATTERN, Id, Record, validate_one
from schooldigital.problems import Problem, Severity, Source, did_you_mean, has_errors, relpath, sort_problems
from schooldigital.store import csvio, yamlio
from schooldigital.store.records import RawRecord
from schooldigital.survey.framework import Framework, _fold, load_framework
from schooldigital.survey.responses import (
    META_FILE,
    RESPONSES_FILE,
    Response,
    answer_columns,
    render_round,
    round_dir,
)

Kind = Literal["statements", "levels"]
ID_RE = re.compile(ID_PATTERN)
TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:[-._][A-Za-z0-9]+)+")
TZ_SUFFIX = re.compile(r"\s+(?:GMT|UTC|BST)(?:[+-]\d{1,2}(?::?\d{2})?)?$", re.IGNORECASE)
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
META_NAMES: dict[str, str] = {
    "timestamp": "submitted",
    "completion time": "submitted",
    "submitted": "submitted",
    "email address": "email",
    "email": "email",
    "username": "email",
    "name": "name",
    "full name": "name",
    "staff code": "staff_code",
    "staff id": "staff_code",
    "respondent": "respondent",
    "role": "role",
    "job role": "role",
    "your role": "role",
    "department": "department",
    "department/school": "department",
    "school": "department",
    "team": "department",
    "id": "ignore",
    "start time": "ignore",
    "last modified time": "ignore",
}


class ImportMapping(Record):
    """A mapping file for one school's form: which export column means what."""

    framework: Id | None = None
    kind: Kind | None = None
    respondent: str | None = None
    staff_code: str | None = None
    role: str | None = None
    department: str | None = None
    submitted: str | None = None
    date_format: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    answers: dict[str, str] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)


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


@dataclass
class _Columns:
    meta: dict[str, str] = field(default_factory=dict)  # role -> header
    answers: dict[str, str] = field(default_factory=dict)  # target id -> header


def load_mapping(root: Path, path: Path) -> tuple[ImportMapping | None, list[Problem]]:
    raw, problems = yamlio.load_mapping(path, Source(relpath(path, root)))
    if raw is None:
        return None, problems
    return validate_one(ImportMapping, raw)


def pseudonym(identity: str, key: bytes) -> str:
    """A stable pseudonym for an email or name: case and spacing do not matter."""
    digest = hmac.new(key, _fold(identity).encode("utf-8"), hashlib.sha256).hexdigest()
    return f"r-{digest[:12]}"


def read_key(root: Path, key_file: str, create: bool) -> tuple[bytes, str | None]:
    """(key, new key text to write or None). A new key is only made when `create`."""
    path = root / key_file
    if path.exists():
        return path.read_text(encoding="utf-8").strip().encode(), None
    if not create:
        raise UserError(f"no respondent key at {key_file}; it is made by the first `sd survey import`")
    text = secrets.token_hex(32)
    return text.encode(), text + "\n"


def parse_export(
    text: str,
    source: Source,
    fw: Framework,
    kind: Kind,
    key: bytes,
    mapping: ImportMapping | None = None,
    date_format: str | None = None,
) -> tuple[list[Response], list[Problem], list[dt.date], set[int]]:
    """Rows of an export as responses, plus every problem (row:column), submission dates and bad lines."""
    table, problems = csvio.parse_csv(text, source)
    mapping = mapping or ImportMapping()
    cols, header_problems = _resolve_columns(table.header, source, fw, kind, mapping)
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
) -> ImportResult:
    """Check an export and, when it is clean (or --skip-invalid), store it as round `round_id`.

    Raises `InvalidData` (nothing written) when any row is bad and `skip_invalid` is off.
    """
    from schooldigital.registers import load_config
    from schooldigital.store.atomic import transaction
    from schooldigital.validation import validate_school

    if not ID_RE.match(round_id):
        raise UserError(f"round id `{round_id}` must be letters, digits, '-', '_' or '.', e.g. 2026-summer")
    config, problems = load_config(root)
    if config is None:
        raise InvalidData(problems)
    mapping = None
    if mapping_file is not None:
        mapping, problems = load_mapping(root, mapping_file)
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
    try:
        raw = file.read_bytes()
    except OSError as err:
        raise UserError(f"cannot read {file}: {err.strerror}") from None
    text, _ = csvio.decode(raw)
    key, new_key = read_key(root, config.survey.key_file, create=True)
    source = Source(str(file))
    responses, problems, dates, bad = parse_export(text, source, fw, kind, key, mapping, date_format)
    problems = sort_problems(problems)
    header_bad = any(p.source.line <= 1 and p.severity is Severity.ERROR for p in problems)
    if has_errors(problems) and (not skip_invalid or header_bad):
        raise InvalidData(problems)
    if not responses:
        raise InvalidData([*problems, Problem(source, "missing-field", "the export has no usable responses")])
    day = date or (max(dates) if dates else None)
    if day is None:
        raise UserError("the export has no submission times; pass --date YYYY-MM-DD for the round")
    result = ImportResult(round_id, fw.id, kind, len(responses), sorted(bad), problems, [], dry_run, day)
    if dry_run:
        return result
    meta = {
        "framework": fw.id,
        "kind": kind,
        "date": day.isoformat(),
        "eligible_staff": eligible or config.survey.eligible_staff,
        "source_file": file.name,
        "skipped_rows": len(bad),
    }
    meta_text, csv_text = render_round(meta, responses, answer_columns(fw, kind))
    with transaction(root) as tx:
        pending = {folder / META_FILE: meta_text, folder / RESPONSES_FILE: csv_text}
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
    candidates = (fmt,) if fmt else (_LAST_FORMAT[0], *AUTO_DATE_FORMATS)
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


def _identity_header(cols: _Columns) -> str:
    for kind in ("staff_code", "respondent", "email", "name"):
        if kind in cols.meta:
            return cols.meta[kind]
    return ""


def _identity(rec: RawRecord, cols: _Columns, key: bytes, row: list[Problem]) -> str | None:
    """The stored respondent id: a staff code as given, else a keyed hash of the email or name."""
    for kind in ("staff_code", "respondent", "email", "name"):
        header = cols.meta.get(kind)
        if header is None:
            continue
        value = (rec.data.get(header) or "").strip()
        if not value:
            continue
        looks_personal = "@" in value or " " in value
        if kind in ("email", "name") or (kind == "respondent" and looks_personal):
            return pseudonym(value, key)
        if not ID_RE.match(value) or len(value) > 64:
            msg = f"`{value}` is not a usable staff code (letters, digits, '-', '_', '.')"
            row.append(Problem(rec.source_of(header), "value-invalid", msg))
            return None
        return value
    header = _identity_header(cols)
    msg = "no respondent: give an email, name or staff code so each person is counted once"
    row.append(Problem(rec.source_of(header) if header else rec.source, "survey-answer-missing", msg))
    return None


def _resolve_columns(
    header: list[str], source: Source, fw: Framework, kind: Kind, mapping: ImportMapping
) -> tuple[_Columns, list[Problem]]:
    """What each export column means, from the mapping file first, then from its name."""
    cols, problems = _Columns(), []
    by_meta = {
        _fold(h): role
        for role, h in (
            ("email", mapping.respondent),  # always hashed, whether it holds emails or names
            ("staff_code", mapping.staff_code),
            ("role", mapping.role),
            ("department", mapping.department),
            ("submitted", mapping.submitted),
        )
        if h
    }
    mapped = {_fold(h): target for h, target in mapping.columns.items()}
    ignored = {_fold(h) for h in mapping.ignore}
    targets = set(answer_columns(fw, kind))
    where: dict[str, int] = {}
    for col, name in enumerate(header, 1):
        folded = _fold(name)
        if not folded or folded in ignored:
            continue
        role = by_meta.get(folded) or (None if folded in mapped else META_NAMES.get(folded))
        if role == "ignore":
            continue
        if role is not None:
            cols.meta.setdefault(role, name)
            continue
        target = mapped.get(folded) or _find_target(name, fw, kind)
        if target is None:
            if kind == "levels":
                choices = [s.name for s in fw.strands]
                msg = f"column `{name}` is not a strand of {fw.id}{did_you_mean(name, choices)}"
                problems.append(Problem(source.at(1, col), "survey-unknown-strand", msg))
            elif TOKEN_RE.search(name.split("]")[0]) and name.lstrip().startswith("["):
                msg = f"column `{name}` names no statement of {fw.id}; fix the id or map the column"
                problems.append(Problem(source.at(1, col), "survey-unknown-statement", msg))
            else:
                msg = f"column `{name}` is not used (not a statement of {fw.id}); list it under `ignore:` in a mapping"
                problems.append(Problem(source.at(1, col), "survey-column-ignored", msg, Severity.WARNING))
            continue
        if target not in targets:
            code = "survey-unknown-strand" if kind == "levels" else "survey-unknown-statement"
            msg = f"column `{name}` is mapped to `{target}`, which {fw.id} does not have"
            problems.append(Problem(source.at(1, col), code, msg))
            continue
        if target in where:
            msg = f"column `{name}` repeats `{target}` (already column {where[target]})"
            problems.append(Problem(source.at(1, col), "duplicate-id", msg))
            continue
        where[target] = col
        cols.answers[target] = name
    required = kind == "levels" or fw.scoring.missing == "invalid"
    for target in answer_columns(fw, kind):
        if target not in cols.answers and required:
            what = "strand" if kind == "levels" else "statement"
            msg = f"no column for {what} `{target}`; put the id in the question text or map it in a mapping file"
            problems.append(Problem(source.at(1), "survey-statement-missing", msg))
    if not any(k in cols.meta for k in ("staff_code", "respondent", "email", "name")):
        msg = "no respondent column (Email Address, Email, Name, Staff code or respondent)"
        problems.append(Problem(source.at(1), "missing-field", msg))
    return cols, problems


def _find_target(name: str, fw: Framework, kind: Kind) -> str | None:
    if kind == "levels":
        hit = fw.strand_lookup.get(_fold(name))
        if hit:
            return hit
    ids = set(fw.strand_ids if kind == "levels" else fw.statements)
    found = [t for t in TOKEN_RE.findall(name) if t in ids]
    if kind == "levels" and not found:
        found = [t for t in re.findall(r"[A-Za-z0-9]+", name) if t in ids]
    return found[0] if len(set(found)) == 1 else None
