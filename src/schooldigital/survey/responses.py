"""Stored survey rounds: `surveys/rounds/<round>/round.yaml` (metadata) and `responses.csv` (answers).

`responses.csv` has the columns respondent, role, department, then one column per statement id (answers as
the scale's canonical values) or, for self-placed rounds, one column per strand id (level ids). Respondents
are pseudonyms or staff codes: emails and names are never stored. Rows are sorted by respondent so two
imports of the same export give the same file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from schooldigital.errors import UserError
from schooldigital.models.base import Date, Id, Record, is_id, validate_one
from schooldigital.problems import Problem, Source, did_you_mean, excerpt, relpath
from schooldigital.store import csvio, yamlio
from schooldigital.store.files import DISK, Files
from schooldigital.survey.framework import Framework, load_framework

ROUNDS_DIR = "surveys/rounds"
META_FILE = "round.yaml"
RESPONSES_FILE = "responses.csv"
FIXED_COLUMNS = ("respondent", "role", "department")
LOOKS_PERSONAL = re.compile(r"@|\s")


class RoundMeta(Record):
    framework: Id
    kind: Literal["statements", "levels"] = "statements"
    date: Date
    eligible_staff: int | None = Field(default=None, ge=1)
    title: str | None = None
    source_file: str | None = None
    skipped_rows: int = Field(default=0, ge=0)


@dataclass(slots=True)
class Response:
    respondent: str
    role: str
    department: str
    answers: dict[str, str | None]
    line: int = 0


@dataclass
class Round:
    id: str
    meta: RoundMeta
    framework: Framework
    responses: list[Response] = field(default_factory=list)


def round_dir(root: Path, round_id: str) -> Path:
    """The folder of one round; the id is checked first, so `../x` never names a path outside (issue 12)."""
    if not is_id(round_id):
        raise UserError(f"`{round_id[:40]}` is not a round id; use letters, digits, `.`, `_` and `-`, e.g. 2027-summer")
    return root / ROUNDS_DIR / round_id


def round_ids(root: Path, files: Files = DISK) -> list[str]:
    """Every round on disk or pending in the overlay, oldest first by id (ids start with the year)."""
    base = (root / ROUNDS_DIR).resolve()
    found = {p.parent.name for p in base.glob(f"*/{META_FILE}")} if base.is_dir() else set()
    for path in files.overlay:
        if path.name == META_FILE and path.parent.parent == base:
            found.add(path.parent.name)
    return sorted(found)


def respondent_ids(root: Path, files: Files = DISK) -> set[str]:
    """Every respondent id in every stored round (the `respondent` column only; nothing else is checked).

    Staff badges from the survey name their recipient by this id, so the leaders validator accepts it.
    """
    found: set[str] = set()
    files = files.within(root)
    for round_id in round_ids(root, files):
        try:
            text = files.read_bytes(round_dir(root, round_id) / RESPONSES_FILE).decode("utf-8-sig", errors="replace")
        except OSError:
            continue
        rows = csv.reader(io.StringIO(text))
        header = next(rows, [])
        if "respondent" in header:
            col = header.index("respondent")
            found.update(row[col] for row in rows if len(row) > col and row[col])
    return found


def answer_columns(fw: Framework, kind: str) -> list[str]:
    return fw.strand_ids if kind == "levels" else list(fw.statements)


def load_round(root: Path, round_id: str, files: Files = DISK) -> tuple[Round | None, list[Problem]]:
    """A stored round with every answer checked against its framework; `None` when unusable."""
    folder = round_dir(root, round_id)
    meta_path = folder / META_FILE
    source = Source(relpath(meta_path, root))
    if not files.exists(meta_path):
        known = round_ids(root, files)
        hint = did_you_mean(round_id, known)
        return None, [Problem(source, "file-missing", f"no survey round `{round_id}`{hint}; known: {known or 'none'}")]
    raw, problems = yamlio.load_mapping(meta_path, source, files.within(root))
    if raw is None:
        return None, problems
    meta, problems = validate_one(RoundMeta, raw)
    if meta is None:
        return None, problems
    fw, fw_problems = load_framework(root, meta.framework, files)
    if fw is None:
        return None, [Problem(meta.source_of("framework"), p.code, p.message) for p in fw_problems[:1]] + fw_problems
    if meta.kind == "statements" and fw.self_placed:
        msg = f"framework `{fw.id}` has no statements (rule self_placed); use kind: levels"
        return None, [Problem(meta.source_of("kind"), "value-invalid", msg)]
    csv_path = folder / RESPONSES_FILE
    table, problems = csvio.read_csv(csv_path, Source(relpath(csv_path, root)), files.within(root))
    if table is None:
        return None, problems
    responses, more = check_stored(table, fw, meta.kind)
    problems += more
    eligible, answered = meta.eligible_staff, len(table.records)
    if eligible is not None and answered > eligible:
        msg = f"eligible_staff is {eligible} but {answered} staff answered; give the number of staff invited"
        problems.append(Problem(meta.source_of("eligible_staff"), "value-invalid", msg))
    return Round(round_id, meta, fw, responses), problems


def check_stored(table: csvio.CsvTable, fw: Framework, kind: str) -> tuple[list[Response], list[Problem]]:
    """Stored answers must already be canonical: exact scale values or level ids, one row per respondent."""
    problems: list[Problem] = []
    expected = [*FIXED_COLUMNS, *answer_columns(fw, kind)]
    source = Source(table.records[0].source.path if table.records else "")
    for col, name in enumerate(table.header, 1):
        if name not in expected:
            code = "survey-unknown-strand" if kind == "levels" else "unknown-field"
            hint = did_you_mean(name, expected)
            msg = f"column `{excerpt(name)}` is not in framework {fw.id}{hint}"
            problems.append(Problem(source.at(1, col), code, msg))
    if "respondent" not in table.header:
        problems.append(Problem(source.at(1), "missing-field", "column `respondent` is missing"))
        return [], problems
    allowed = set(fw.level_ids) if kind == "levels" else {o.value for o in fw.scale}
    required = kind == "levels" or fw.scoring.missing == "invalid"
    columns = answer_columns(fw, kind)
    for name in columns:
        if name not in table.header:
            problems.append(Problem(source.at(1), "survey-statement-missing", f"no column for `{name}`"))
    if problems:
        return [], problems
    seen: dict[str, int] = {}
    out: list[Response] = []
    bad_code = "survey-unknown-level" if kind == "levels" else "survey-answer-invalid"
    for rec in table.records:
        data, line = rec.data, rec.source.line
        who = data.get("respondent", "")
        row_ok = True
        if LOOKS_PERSONAL.search(who):
            problems.append(Problem(rec.source_of("respondent"), "personal-data", "respondent must be a pseudonym"))
            row_ok = False
        if who in seen:
            msg = f"respondent `{who}` already answered on line {seen[who]}"
            problems.append(Problem(rec.source_of("respondent"), "survey-duplicate-respondent", msg))
            row_ok = False
        seen.setdefault(who, line)
        answers: dict[str, str | None] = {}
        for name in columns:
            value = data.get(name)
            if value is None:
                if required:
                    problems.append(Problem(rec.source_of(name), "survey-answer-missing", f"no answer for `{name}`"))
                    row_ok = False
            elif value not in allowed:
                hint = did_you_mean(value, allowed)
                msg = f"`{excerpt(value)}` is not allowed for `{name}`{hint}"
                problems.append(Problem(rec.source_of(name), bad_code, msg))
                row_ok = False
            answers[name] = value
        if row_ok:
            out.append(Response(who, data.get("role", ""), data.get("department", ""), answers, line))
    return out, problems


def render_round(meta: dict[str, object], responses: list[Response], columns: list[str]) -> tuple[str, str]:
    """(round.yaml text, responses.csv text) for a new round."""
    lines = ["# A staff digital-literacy survey round, written by `sd survey import`. Respondents are pseudonyms."]
    for key, value in meta.items():
        if value is None:
            continue
        lines.append(f"{key}: {_yaml_scalar(value)}")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([*FIXED_COLUMNS, *columns])
    for r in sorted(responses, key=lambda r: r.respondent):
        # answers are canonical scale values or level ids; only the free-typed role/department need defusing
        answers = [r.answers.get(c) or "" for c in columns]
        writer.writerow([r.respondent, csvio.defuse(r.role), csvio.defuse(r.department), *answers])
    return "\n".join(lines) + "\n", buf.getvalue()


def _yaml_scalar(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) or re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
