"""What each column of a survey export means: the usual Forms metadata, role and department, and statements.

Columns are recognised by name: Forms metadata (Timestamp, Email Address; ID, Start time, Completion time,
Email, Name), role and department, and one column per statement whose header contains the statement id
(e.g. "[FEO-C2] I can ..."), or whatever a mapping file in `surveys/mappings/` says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from schooldigital.models.base import DateFormat, Id, Record, validate_one
from schooldigital.problems import Problem, Severity, Source, did_you_mean, excerpt, relpath
from schooldigital.store import yamlio
from schooldigital.store.files import Files
from schooldigital.survey.framework import Framework, _fold, loose
from schooldigital.survey.responses import answer_columns

Kind = Literal["statements", "levels"]
TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:[-._][A-Za-z0-9]+)+")
GRID_RE = re.compile(r".*\[([^\[\]]+)\]", re.DOTALL)  # Google Forms grid: "Question [Row]"
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
    date_format: DateFormat | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    answers: dict[str, str] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)


@dataclass
class Columns:
    meta: dict[str, str] = field(default_factory=dict)  # role -> header
    answers: dict[str, str] = field(default_factory=dict)  # target id -> header


def load_mapping(root: Path, path: Path, files: Files) -> tuple[ImportMapping | None, list[Problem]]:
    """A mapping file: the school's (`files` confined to the school) or one the person named (`DISK`)."""
    raw, problems = yamlio.load_mapping(path, Source(relpath(path, root)), files)
    if raw is None:
        return None, problems
    return validate_one(ImportMapping, raw)


def resolve_columns(
    header: list[str], source: Source, fw: Framework, kind: Kind, mapping: ImportMapping
) -> tuple[Columns, list[Problem]]:
    """What each export column means, from the mapping file first, then from its name."""
    cols, problems = Columns(), []
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
    unknown: list[tuple[int, str]] = []
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
                unknown.append((col, name))
            elif TOKEN_RE.search(name.split("]")[0]) and name.lstrip().startswith("["):
                msg = f"column `{excerpt(name)}` names no statement of {fw.id}; fix the id or map the column"
                problems.append(Problem(source.at(1, col), "survey-unknown-statement", msg))
            else:
                msg = f"column `{excerpt(name)}` is not used (not a statement of {fw.id})"
                msg += "; list it under `ignore:` in a mapping"
                problems.append(Problem(source.at(1, col), "survey-column-ignored", msg, Severity.WARNING))
            continue
        if target not in targets:
            code = "survey-unknown-strand" if kind == "levels" else "survey-unknown-statement"
            msg = f"column `{excerpt(name)}` is mapped to `{target}`, which {fw.id} does not have"
            problems.append(Problem(source.at(1, col), code, msg))
            continue
        if target in where:
            msg = f"column `{excerpt(name)}` repeats `{target}` (already column {where[target]})"
            problems.append(Problem(source.at(1, col), "duplicate-id", msg))
            continue
        where[target] = col
        cols.answers[target] = name
    complete = all(t in cols.answers for t in answer_columns(fw, kind))
    for col, name in unknown:
        if complete:  # an extra column such as Comments beside every strand: not used, not wrong
            msg = f"column `{excerpt(name)}` is not used (not a strand of {fw.id})"
            msg += "; list it under `ignore:` in a mapping"
            problems.append(Problem(source.at(1, col), "survey-column-ignored", msg, Severity.WARNING))
        else:
            choices = [s.name for s in fw.strands]
            msg = f"column `{excerpt(name)}` is not a strand of {fw.id}{did_you_mean(name, choices)}"
            problems.append(Problem(source.at(1, col), "survey-unknown-strand", msg))
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
    """The strand or statement a header names: by id, name or alias (levels) or verbatim text (statements),
    also inside a Google Forms grid header (`Question [Row]`) or after a Microsoft Forms question
    (`Question.Row`); else by an id token in the header."""
    lookup = fw.strand_lookup if kind == "levels" else fw.text_lookup
    grid = GRID_RE.fullmatch(name.strip())
    for text in (grid.group(1), name) if grid else (name,):
        hit = lookup.get(loose(text))
        if hit:
            return hit
    whole = loose(name)
    ends = {lookup[k] for k in lookup if whole.endswith(" " + k)}
    if len(ends) == 1:
        return ends.pop()
    ids = set(fw.strand_ids if kind == "levels" else fw.statements)
    found = [t for t in TOKEN_RE.findall(name) if t in ids]
    if kind == "levels" and not found:
        found = [t for t in re.findall(r"[A-Za-z0-9]+", name) if t in ids]
    return found[0] if len(set(found)) == 1 else None


def draft_mapping(header: list[str], fw: Framework, kind: Kind) -> str:
    """A mapping file for a sample export, for the user to check, edit and keep in `surveys/mappings/`.

    Columns sd recognises are written out; the others are left under `ignore:` with a note to map them."""
    cols, _ = resolve_columns(header, Source(""), fw, kind, ImportMapping())
    lines = [
        "# Drafted by `sd survey map` from a sample export: check every line, then keep it in surveys/mappings/.",
        f"framework: {fw.id}",
        f"kind: {kind}",
    ]
    for role, key in (("email", "respondent"), ("name", "respondent"), ("staff_code", "staff_code"),
                      ("role", "role"), ("department", "department"), ("submitted", "submitted")):  # fmt: skip
        if role in cols.meta and not any(line.startswith(f"{key}:") for line in lines):
            lines.append(f"{key}: {_quote(cols.meta[role])}")
    lines.append("columns:")
    used = set(cols.meta.values())
    for target, name in cols.answers.items():
        lines.append(f"  {_quote(name)}: {target}")
        used.add(name)
    rest = [h for h in header if h.strip() and h not in used and META_NAMES.get(_fold(h)) != "ignore"]
    if rest:
        lines.append("ignore:  # not used; to use one, move it under columns: with its id")
        lines += [f"  - {_quote(h)}" for h in rest]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
