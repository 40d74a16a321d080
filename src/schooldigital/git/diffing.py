"""`sd diff`: what changed in the registers between two revisions, in the words a reviewer uses.

Both sides are read with the ordinary loader (`registers.load_registers`) through a `Files` whose
texts come from `git show REV:path` (or the working tree), so the diff sees exactly what `sd validate`
sees and there is no second parser. Records are matched by id; each change becomes one sentence:
an asset added, disposed (method, certificate, data wipe), moved or reassigned, a contract added or ended,
a value or date changed (old -> new), an information asset added or reviewed, a survey round added, a
register file renamed or missing on one side. People, locations, models, suppliers, contracts and
information assets are named by their names with the id in brackets (`Tom Roberts (trob)`), as a
reviewer knows them (issue 18).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from schooldigital import layout
from schooldigital.errors import UserError
from schooldigital.git import diffparts
from schooldigital.git import ops as gitops
from schooldigital.markdown import escape
from schooldigital.problems import relpath
from schooldigital.registers import Registers, load_registers
from schooldigital.store.files import DISK, Files

WORKING_TREE = "working tree"
ROUNDS = "surveys/rounds"
_KINDS = (
    ("assets", "asset"),
    ("contracts", "contract"),
    ("information_assets", "information asset"),
    ("locations", "location"),
    ("people", "person"),
    ("suppliers", "supplier"),
    ("models", "device model"),
)
_ENDED = {"terminated", "expired", "superseded", "notice_given"}


class RevisionFiles(Files):
    """The files of one git revision: only those texts exist; the working tree is never consulted."""

    def read_bytes(self, path: Path) -> bytes:
        text = self.overlay.get(path.resolve())
        if text is None:
            raise FileNotFoundError(str(path))
        return text.encode("utf-8")

    def exists(self, path: Path) -> bool:
        return path.resolve() in self.overlay


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class Change:
    register: str  # assets, contracts, ... or "files", "surveys"
    id: str
    action: str  # one of _ACTIONS: added, renumbered, removed, deleted (no disposal), disposed, moved, ...
    text: str  # the sentence people read
    where: str = ""  # file:line on the side where the record is
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class SchoolDiff:
    old: str
    new: str
    changes: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.old, "to": self.new, "changes": [asdict(c) for c in self.changes]}


def _show(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "(none)"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, dt.date | Decimal | int | float | str | bool):
        return str(value).lower() if isinstance(value, bool) else str(value)
    if hasattr(value, "model_dump"):
        data = {k: v for k, v in value.model_dump().items() if v not in (None, 0, [], "")}
        return ", ".join(f"{k} {_show(v)}" for k, v in data.items()) if data else str(value)
    return str(value)


def _load_side(root: Path, rev: str | None) -> tuple[Registers | None, set[str], set[str]]:
    """Registers, register file names and survey round names at `rev` (None = the working tree)."""
    if rev is None:
        folder = root / layout.REGISTERS
        names = {relpath(p, root) for p in folder.iterdir() if p.is_file()} if folder.is_dir() else set()
        rounds_dir = root / ROUNDS
        rounds = {p.name for p in rounds_dir.iterdir() if p.is_dir()} if rounds_dir.is_dir() else set()
        regs, _ = load_registers(root, DISK)
        return regs, names, rounds
    names = set(gitops.list_files(root, rev, layout.REGISTERS))
    overlay: dict[Path, str] = {}
    for relative in [layout.SCHOOL_FILE, *sorted(names)]:
        data = gitops.show(root, rev, relative)
        if data is not None:
            overlay[root / relative] = data.decode("utf-8-sig", "replace")
    rounds = {p.removeprefix(ROUNDS + "/").split("/", 1)[0] for p in gitops.list_files(root, rev, ROUNDS)}
    files = RevisionFiles(overlay)
    regs, _ = load_registers(root, files)
    return regs, names, rounds


# Fields that hold ids of another register, by the register they point into.
_REFERENCES = {
    "owner": "people",
    "location": "locations",
    "model": "models",
    "supplier": "suppliers",
    "processors": "suppliers",
    "contracts": "contracts",
    "information_assets": "information_assets",
}
_ASSIGNEES = {"person": "people", "room": "locations"}


class Names:
    """Each record's name by register and id, from both sides (the newer name wins), for `Name (id)`."""

    def __init__(self, *sides: Registers | None) -> None:
        self.names: dict[str, dict[str, str]] = {kind: {} for kind, _ in _KINDS}
        for regs in sides:
            for kind, _ in _KINDS[1:]:  # assets have no name
                for rec in getattr(regs, kind, None) or []:
                    self.names[kind][rec.id] = _name(kind, rec)

    def ref(self, kind: str, rid: str, shown: str | None = None) -> str:
        name = self.names.get(kind, {}).get(rid)
        return f"{name} ({shown or rid})" if name else (shown or rid)

    def record(self, kind: str, noun: str, rid: str) -> str:
        return f"{noun} {self.ref(kind, rid)}"

    def value(self, name: str, value: Any) -> str:
        """A field's value as a reviewer reads it: references by name, everything else as `_show`."""
        if name == "assigned_to" and isinstance(value, str):
            prefix, _, rid = value.partition(":")
            return self.ref(_ASSIGNEES[prefix], rid, value) if prefix in _ASSIGNEES else value
        kind = _REFERENCES.get(name)
        if kind and isinstance(value, str):
            return self.ref(kind, value)
        if kind and isinstance(value, list) and value:
            return ", ".join(self.ref(kind, str(v)) for v in value)
        return _show(value)


def _name(kind: str, rec: Any) -> str:
    if kind == "models":
        return f"{rec.manufacturer} {rec.name}"
    return str(getattr(rec, "title", None) or getattr(rec, "name", None) or rec.id)


def _asset_title(a: Any, names: Names) -> str:
    bits = [a.category, names.value("model", a.model)]
    if a.assigned_to:
        bits.append(f"for {names.value('assigned_to', a.assigned_to)}")
    return f"{' '.join(bits)} at {names.value('location', a.location)}"


def _named(names: Names, was: Any, rec: Any, d: FieldChange) -> str:
    """`old -> new` with references by name; the JSON's `fields` keep the ids, for programs."""
    return f"{names.value(d.field, getattr(was, d.field))} -> {names.value(d.field, getattr(rec, d.field))}"


def _disposal(rec: Any) -> str:
    """How a device went: date, method, certificate and what happened to its data."""
    bits = [
        f" on {rec.disposal_date}" if rec.disposal_date else "",
        f" via {rec.disposal_method}" if rec.disposal_method else "",
    ]
    evidence = [f"certificate {rec.disposal_certificate}" if rec.disposal_certificate else "no certificate"]
    wiped = {True: "data wiped", False: "no data wipe (held no data)", None: "data wipe not recorded"}
    evidence.append(wiped[rec.data_wiped])
    return "".join(bits) + ", " + ", ".join(evidence)


def _compare(kind: str, noun: str, old: list[Any], new: list[Any], names: Names | None = None) -> list[Change]:
    names = names or Names()
    changes: list[Change] = []
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for side, records in ((before, old), (after, new)):  # in file order; a duplicated id's first record wins
        for r in records:
            side.setdefault(r.id, r)
    for rid, rec in after.items():
        where = str(rec.source)
        label = f"{noun} {rid}" if kind == "assets" else names.record(kind, noun, rid)
        if rid not in before:
            title = _asset_title(rec, names) if kind == "assets" else diffparts.title(rec)
            action, text = diffparts.added_text(noun, label, rid, rec, title)
            changes.append(Change(kind, rid, action, text, where))
            continue
        was = before[rid]
        diffs = {
            name: FieldChange(name, _show(getattr(was, name)), _show(getattr(rec, name)))
            for name in type(rec).model_fields
            if getattr(was, name) != getattr(rec, name)
        }
        if not diffs:
            continue
        if kind == "assets":
            if "status" in diffs and rec.status == "disposed":
                evidence = ("status", "disposal_date", "disposal_method", "disposal_certificate", "data_wiped")
                gone = [diffs.pop(n) for n in evidence if n in diffs]
                text = f"{noun} {rid} disposed{_disposal(rec)}"
                if "assigned_to" in diffs and not rec.assigned_to:  # disposal clears the assignment: one line
                    gone.append(diffs.pop("assigned_to"))
                    text += f"; was with {names.value('assigned_to', was.assigned_to)}"
                changes.append(Change(kind, rid, "disposed", text, where, gone))
            if "location" in diffs:
                d = diffs.pop("location")
                text = f"{noun} {rid} moved: {_named(names, was, rec, d)}"
                changes.append(Change(kind, rid, "moved", text, where, [d]))
            if "assigned_to" in diffs:
                d = diffs.pop("assigned_to")
                text = f"{noun} {rid} reassigned: {_named(names, was, rec, d)}"
                changes.append(Change(kind, rid, "reassigned", text, where, [d]))
        if kind == "contracts" and "status" in diffs and rec.status in _ENDED:
            d = diffs.pop("status")
            end = f" (term end {rec.end_date})" if rec.end_date else ""
            text = f"{label} ended: {d.old} -> {d.new}{end}"
            changes.append(Change(kind, rid, "ended", text, where, [d]))
        if kind == "information_assets" and "last_reviewed" in diffs:
            d = diffs.pop("last_reviewed")
            text = f"{label} reviewed on {d.new} (last {d.old})"
            changes.append(Change(kind, rid, "reviewed", text, where, [d]))
        if diffs:
            listed = "; ".join(f"{d.field} {_named(names, was, rec, d)}" for d in diffs.values())
            changes.append(Change(kind, rid, "changed", f"{label} changed: {listed}", where, list(diffs.values())))
    for rid, rec in before.items():
        if rid not in after:
            label = f"{noun} {rid}" if kind == "assets" else names.record(kind, noun, rid)
            action, text = diffparts.removed_text(kind, label, rid, rec)
            changes.append(Change(kind, rid, action, text, str(rec.source)))
    return changes


def _files(old_names: set[str], new_names: set[str], old_label: str, new_label: str) -> list[Change]:
    changes: list[Change] = []
    gone, came = sorted(old_names - new_names), sorted(new_names - old_names)
    stems = {Path(n).with_suffix("").as_posix(): n for n in came}
    for name in gone:
        twin = stems.pop(Path(name).with_suffix("").as_posix(), None)
        if twin:
            came.remove(twin)
            changes.append(Change("files", name, "renamed", f"register file renamed: {name} -> {twin}", twin))
        else:
            changes.append(Change("files", name, "missing", f"{name} is in {old_label} but not in {new_label}", name))
    for name in came:
        changes.append(Change("files", name, "added", f"{name} is new in {new_label} (not in {old_label})", name))
    return changes


def resolve_revisions(root: Path, rev_a: str | None, rev_b: str | None) -> tuple[str, str | None, str]:
    """(old revision, new revision or None for the working tree, label of the old side)."""
    if gitops.work_tree(root) is None:
        raise UserError(f"sd diff needs a git repository, and {root} is not in one")
    if rev_a is None:
        main = gitops.main_branch(root)
        if main is None:
            raise UserError("no main branch to compare with; name a revision: sd diff REV_A [REV_B]")
        gitops.verify(root, "HEAD")
        return gitops.merge_base(root, main, "HEAD"), None, f"merge-base with {main}"
    gitops.verify(root, rev_a)
    if rev_b is not None:
        gitops.verify(root, rev_b)
    return rev_a, rev_b, rev_a


def diff_school(root: Path, rev_a: str | None = None, rev_b: str | None = None) -> SchoolDiff:
    """Changes from `rev_a` (default: merge-base with main) to `rev_b` (default: the working tree)."""
    old_rev, new_rev, old_label = resolve_revisions(root, rev_a, rev_b)
    short = gitops.out(root, "rev-parse", "--short", old_rev)
    old_label = f"{old_label} ({short})" if old_label != old_rev else old_rev
    new_label = new_rev or WORKING_TREE
    old, old_names, old_rounds = _load_side(root, old_rev)
    new, new_names, new_rounds = _load_side(root, new_rev)
    result = SchoolDiff(old_label, new_label)
    result.changes += _files(old_names, new_names, old_label, new_label)
    names = Names(old, new)
    for kind, noun in _KINDS:
        result.changes += _compare(kind, noun, getattr(old, kind, []), getattr(new, kind, []), names)
    old_parts, new_parts = diffparts.load_parts(root, old_rev), diffparts.load_parts(root, new_rev)
    for kind, noun, _ in diffparts.PART_KINDS:
        result.changes += _compare(kind, noun, old_parts.get(kind, []), new_parts.get(kind, []), names)
    for name in sorted(new_rounds - old_rounds):
        result.changes.append(Change("surveys", name, "added", f"survey round {name} added", f"{ROUNDS}/{name}"))
    return result


_HEADINGS = {
    "files": "Register files",
    "assets": "Assets",
    "contracts": "Contracts",
    "information_assets": "Information assets",
    "locations": "Locations",
    "people": "People",
    "suppliers": "Suppliers",
    "models": "Device models",
    **diffparts.HEADINGS,
    "surveys": "Surveys",
}


def _groups(diff: SchoolDiff) -> dict[str, list[Change]]:
    groups: dict[str, list[Change]] = {}
    for change in diff.changes:
        groups.setdefault(change.register, []).append(change)
    return {k: groups[k] for k in _HEADINGS if k in groups}


_ACTIONS = (
    "added",
    "renumbered",
    "disposed",
    "moved",
    "reassigned",
    "ended",
    "reviewed",
    "changed",
    "removed",
    "deleted",
    "renamed",
    "missing",
)


def _counts(changes: list[Change]) -> str:
    counts = {action: sum(c.action == action for c in changes) for action in _ACTIONS}
    return ", ".join(f"{n} {action}" for action, n in counts.items() if n)


def render_text(diff: SchoolDiff) -> str:
    """Plain text for a terminal: one line per change, grouped by register."""
    lines = [f"changes from {diff.old} to {diff.new}:"]
    if not diff.changes:
        return f"no register changes from {diff.old} to {diff.new}\n"
    for register, changes in _groups(diff).items():
        lines.append(f"\n{_HEADINGS[register]} ({_counts(changes)})")
        lines += [f"  {c.text}" for c in changes]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Escape what Markdown would otherwise render (an HTML tag, a link); a `*` or `_` in a title too."""
    for ch in "\\*_":
        text = text.replace(ch, "\\" + ch)
    return escape(text)


def render_md(diff: SchoolDiff) -> str:
    """Markdown ready to paste into a pull-request comment."""
    head = f"### Register changes: {_md(diff.old)} → {_md(diff.new)}"
    if not diff.changes:
        return head + "\n\nNo changes to the registers.\n"
    out = [head]
    for register, changes in _groups(diff).items():
        out.append(f"\n**{_HEADINGS[register]}** ({_counts(changes)})\n")
        for c in changes:
            detail = f" <sub>{_md(c.where)}</sub>" if c.where and register != "files" else ""
            out.append(f"- {_md(c.text)}{detail}")
    return "\n".join(out) + "\n"
