"""Reading and writing the `leaders/` folder: every file through the shared store, every write validated first.

`load(root, files)` returns the validated records plus located problems (never raises for bad data).
`editing(root)` is the one way to change these files: it holds the school's write lock, lets the caller
edit ruamel round-trip documents (comments and order survive), validates the whole school as if the new
texts were written, and writes them atomically only if that passes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schooldigital.edit import common as edit_common
from schooldigital.errors import InvalidData, UserError
from schooldigital.leaders import models as m
from schooldigital.models.base import Record, validate_records
from schooldigital.problems import Problem, Severity, Source, relpath
from schooldigital.store import yamlio
from schooldigital.store.atomic import transaction
from schooldigital.store.files import DISK, Files, read_regular

FOLDER = "leaders"
ROSTER = f"{FOLDER}/roster.yaml"
APPLICATIONS = f"{FOLDER}/applications.yaml"
MEETINGS = f"{FOLDER}/meetings.yaml"
ACTIVITIES = f"{FOLDER}/activities.yaml"
PLAN = f"{FOLDER}/plan.yaml"
JOBS = f"{FOLDER}/jobs.yaml"
BADGES = f"{FOLDER}/badges.yaml"
AWARDS = f"{FOLDER}/awards.yaml"
HISTORY = f"{FOLDER}/history.yaml"
SELECTIONS = f"{FOLDER}/selections.yaml"
QUESTIONS = f"{FOLDER}/questions.yaml"
IDEAS = f"{FOLDER}/ideas.yaml"
JOBS_IMPORT = f"{FOLDER}/jobs-import.yaml"
APPLICATIONS_IMPORT = f"{FOLDER}/applications-import.yaml"
Written = tuple[list[Path], str]  # what a mutating operation returns to `common.mutation`


# `Written` plus the id of the record the operation created, so `--format json` can name it: the registers'
# own class, one for every write.
Created = edit_common.Written


# Local, git-ignored: the only place a recipient's email may be written down.
RECIPIENTS = ".sd-local/recipients.yaml"

# (attribute on LeadersData, file, model). The roster must exist; every other file is optional.
FILES: tuple[tuple[str, str, type[Record]], ...] = (
    ("roster", ROSTER, m.Leader),
    ("applications", APPLICATIONS, m.Application),
    ("meetings", MEETINGS, m.Meeting),
    ("activities", ACTIVITIES, m.Activity),
    ("plan", PLAN, m.PlanItem),
    ("jobs", JOBS, m.Job),
    ("badges", BADGES, m.BadgeDef),
    ("awards", AWARDS, m.Award),
    ("history", HISTORY, m.HistoryEntry),
    ("selections", SELECTIONS, m.Selection),
    ("questions", QUESTIONS, m.Question),
    ("ideas", IDEAS, m.Idea),
)


@dataclass
class LeadersData:
    roster: list[m.Leader] = field(default_factory=list)
    applications: list[m.Application] = field(default_factory=list)
    meetings: list[m.Meeting] = field(default_factory=list)
    activities: list[m.Activity] = field(default_factory=list)
    plan: list[m.PlanItem] = field(default_factory=list)
    jobs: list[m.Job] = field(default_factory=list)
    badges: list[m.BadgeDef] = field(default_factory=list)
    awards: list[m.Award] = field(default_factory=list)
    history: list[m.HistoryEntry] = field(default_factory=list)
    selections: list[m.Selection] = field(default_factory=list)
    questions: list[m.Question] = field(default_factory=list)
    ideas: list[m.Idea] = field(default_factory=list)
    # Ids written in each file, valid or not, so one bad record is not also an unknown-ref everywhere.
    # None when the file could not be parsed at all.
    written_ids: dict[str, set[str] | None] = field(default_factory=dict)

    def leader(self, leader_id: str) -> m.Leader:
        for leader in self.roster:
            if leader.id == leader_id:
                return leader
        from schooldigital.problems import did_you_mean

        raise UserError(f"no leader `{leader_id}` in {ROSTER}{did_you_mean(leader_id, [x.id for x in self.roster])}")


def present(root: Path, files: Files = DISK) -> bool:
    """Whether this school runs Digital Leaders at all (has a `leaders/` folder with a roster)."""
    return files.exists(root / ROSTER)


def load(root: Path, files: Files = DISK) -> tuple[LeadersData, list[Problem]]:
    """Every leaders file, validated; missing optional files are simply empty."""
    data, problems, files = LeadersData(), [], files.within(root)
    for attr, rel, model in FILES:
        path = root / rel
        if rel != ROSTER and not files.exists(path):
            data.written_ids[attr] = set()
            continue
        raws, found = yamlio.load_records(path, Source(rel), root, files)
        records, more = validate_records(model, raws)
        setattr(data, attr, records)
        problems += found + more
        data.written_ids[attr] = None if (found and not raws) else {str(r.data.get("id")) for r in raws}
    return data, problems


def load_valid(root: Path) -> LeadersData:
    """The data for a read-only command; refuses (exit 2, every problem listed) when a file is invalid."""
    if not present(root):
        raise UserError(f"this school has no {ROSTER}; create it (an empty list `[]` will do) to start")
    data, problems = load(root)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise InvalidData(errors)
    return data


class Editor:
    """Round-trip documents being changed by one operation, keyed by path relative to the root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs: dict[str, Any] = {}
        self.texts: dict[str, str] = {}
        self.written: list[Path] = []
        self.data, _ = load(root)

    def doc(self, rel: str) -> Any:
        """The editable list of records in `rel` (an empty list for a file not created yet)."""
        if rel not in self.docs:
            self.docs[rel] = yamlio.load_document(self.root / rel, self.root)
            if self.docs[rel] is None:
                from ruamel.yaml.comments import CommentedSeq

                self.docs[rel] = CommentedSeq()
        return self.docs[rel]

    def record(self, rel: str, record_id: str) -> Any:
        for item in self.doc(rel):
            if str(item.get("id")) == record_id:
                return item
        raise UserError(f"no record `{record_id}` in {rel}")

    def append(self, rel: str, values: dict[str, Any]) -> Any:
        """Add a record at the end, leaving out empty values so files stay short."""
        from ruamel.yaml.comments import CommentedMap

        item = CommentedMap((k, _yaml_value(v)) for k, v in values.items() if v not in (None, [], ""))
        self.doc(rel).append(item)
        return item

    def set_text(self, rel: str, text: str) -> None:
        self.texts[rel] = text

    def overlay(self) -> dict[Path, str]:
        out = {self.root / rel: yamlio.dump_document(doc) for rel, doc in self.docs.items()}
        out.update({self.root / rel: text for rel, text in self.texts.items()})
        return out


def _yaml_value(value: Any) -> Any:
    """Lists are written in flow style (`[a, b]`) as people write them by hand.

    Dates are copied: ruamel writes one object shared by several records (a rollover's `left_on` for every
    leaver, a batch of awards) as an anchor and aliases (`&id001` / `*id001`), which nobody wants to read.
    """
    if isinstance(value, dt.date):
        return value.replace()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        from ruamel.yaml.comments import CommentedSeq

        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    return value


def set_field(item: Any, key: str, value: Any) -> None:
    """Set, or remove when empty, one field of a round-trip record (other lines untouched)."""
    if value in (None, [], ""):
        item.pop(key, None)
    else:
        item[key] = _yaml_value(value)


def _holds(path: Path, text: str, root: Path) -> bool:
    """Whether `path` already holds `text`, newlines read as Path.read_text reads them (a CRLF checkout is no
    change); read only as a file of the school at `root` (issue 12), anything refused counts as a change."""
    try:
        held = read_regular(path, root.resolve()).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return held.replace("\r\n", "\n").replace("\r", "\n") == text


@contextmanager
def editing(root: Path) -> Iterator[Editor]:
    """Lock, edit, validate as if written, then write atomically; `editor.written` lists what changed."""
    with transaction(root) as tx:
        editor = Editor(root)
        yield editor
        overlay = editor.overlay()
        changed = {p: t for p, t in overlay.items() if not _holds(p, t, root)}
        if changed:
            from schooldigital.validation import validate_school

            result = validate_school(root, overlay=changed)
            if not result.ok:
                raise InvalidData([p for p in result.problems if p.severity is Severity.ERROR])
        for path, text in changed.items():
            tx.write(path, text)
        editor.written = [Path(relpath(p, root)) for p in changed]


def next_id(existing: list[str], prefix: str, width: int = 3) -> str:
    """The next free `prefix-NNN` id."""
    numbers = [
        int(x[len(prefix) + 1 :]) for x in existing if x.startswith(prefix + "-") and x[len(prefix) + 1 :].isdigit()
    ]
    return f"{prefix}-{max(numbers, default=0) + 1:0{width}d}"
