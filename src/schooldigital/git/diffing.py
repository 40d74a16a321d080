"""`sd diff`: what changed in the registers between two revisions, in the words a reviewer uses.

Both sides are read with the ordinary loader (`registers.load_registers`) through a `Files` whose
texts come from `git show REV:path` (or the working tree), so the diff sees exactly what `sd validate`
sees and there is no second parser. Records are matched by id; each change becomes one sentence:
an asset added, disposed, moved or reassigned, a contract added or ended, a value or date changed
(old -> new), an information asset added or reviewed, a survey round added, a register file renamed
or missing on one side.
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


def _asset_title(a: Any) -> str:
    bits = [a.category, a.model]
    if a.assigned_to:
        bits.append(f"for {a.assigned_to}")
    return f"{' '.join(bits)} at {a.location}"


def _compare(kind: str, noun: str, old: list[Any], new: list[Any]) -> list[Change]:
    changes: list[Change] = []
    before = {r.id: r for r in reversed(old)}  # the first record of a duplicated id wins, like validate
    after = {r.id: r for r in reversed(new)}
    for rid, rec in after.items():
        where = str(rec.source)
        if rid not in before:
            title = _asset_title(rec) if kind == "assets" else diffparts.title(rec)
            action, text = diffparts.added_text(noun, rid, rec, title)
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
                how = f" via {rec.disposal_method}" if rec.disposal_method else ""
                on = f" on {rec.disposal_date}" if rec.disposal_date else ""
                evidence = ("status", "disposal_date", "disposal_method", "disposal_certificate", "data_wiped")
                gone = [diffs.pop(n) for n in evidence if n in diffs]
                changes.append(Change(kind, rid, "disposed", f"{noun} {rid} disposed{on}{how}", where, gone))
            if "location" in diffs:
                d = diffs.pop("location")
                changes.append(Change(kind, rid, "moved", f"{noun} {rid} moved: {d.old} -> {d.new}", where, [d]))
            if "assigned_to" in diffs:
                d = diffs.pop("assigned_to")
                text = f"{noun} {rid} reassigned: {d.old} -> {d.new}"
                changes.append(Change(kind, rid, "reassigned", text, where, [d]))
        if kind == "contracts" and "status" in diffs and rec.status in _ENDED:
            d = diffs.pop("status")
            end = f" (term end {rec.end_date})" if rec.end_date else ""
            text = f"{noun} {rid} ended: {d.old} -> {d.new}{end}"
            changes.append(Change(kind, rid, "ended", text, where, [d]))
        if kind == "information_assets" and "last_reviewed" in diffs:
            d = diffs.pop("last_reviewed")
            text = f"{noun} {rid} reviewed on {d.new} (last {d.old})"
            changes.append(Change(kind, rid, "reviewed", text, where, [d]))
        if diffs:
            listed = "; ".join(f"{d.field} {d.old} -> {d.new}" for d in diffs.values())
            changes.append(Change(kind, rid, "changed", f"{noun} {rid} changed: {listed}", where, list(diffs.values())))
    for rid, rec in before.items():
        if rid not in after:
            action, text = diffparts.removed_text(kind, noun, rid, rec)
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
    for kind, noun in _KINDS:
        result.changes += _compare(kind, noun, getattr(old, kind, []), getattr(new, kind, []))
    old_parts, new_parts = diffparts.load_parts(root, old_rev), diffparts.load_parts(root, new_rev)
    for kind, noun, _ in diffparts.PART_KINDS:
        result.changes += _compare(kind, noun, old_parts.get(kind, []), new_parts.get(kind, []))
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
