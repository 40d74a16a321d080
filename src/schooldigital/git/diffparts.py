"""`sd diff` beyond the core registers: the governance records and the Digital Leaders lists, and how a
record added by a merge that renumbered it, or an asset deleted without a disposal record, reads.

Kept apart from `diffing` (which compares the core registers) so each stays small; `diffing.diff_school`
compares these lists with the same `_compare`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from schooldigital.git import ops as gitops
from schooldigital.store.files import DISK, Files

# (kind, noun, heading) in the order the diff shows them; history has no ids and is left out.
PART_KINDS: tuple[tuple[str, str, str], ...] = (
    ("continuity_plans", "continuity plan", "Continuity plans"),
    ("filtering_reviews", "filtering and monitoring review", "Filtering and monitoring reviews"),
    ("reviews", "review", "Reviews"),
    ("self_assessments", "self-assessment", "Self-assessments"),
    ("roster", "digital leader", "Digital Leaders"),
    ("applications", "application", "Digital Leader applications"),
    ("meetings", "meeting", "Digital Leader meetings"),
    ("activities", "activity", "Digital Leader activities"),
    ("plan", "plan item", "Digital Leader plan"),
    ("jobs", "job", "Digital Leader jobs"),
    ("badges", "badge", "Badges"),
    ("awards", "award", "Badge awards"),
    ("selections", "selection panel", "Digital Leader selections"),
    ("questions", "question", "E-safety question box"),
    ("ideas", "idea", "Pupils' ideas"),
)
HEADINGS = {kind: heading for kind, _, heading in PART_KINDS}
_TITLES = ("title", "name", "display", "description", "kind", "badge", "date", "idea", "held_on", "asked_on")


def load_parts(root: Path, rev: str | None) -> dict[str, list[Any]]:
    """The governance and Digital Leaders records at `rev` (None: the working tree), by kind."""
    from schooldigital.governance import _FILES as GOVERNANCE
    from schooldigital.governance import load_governance
    from schooldigital.leaders import store

    files: Files = DISK
    if rev is not None:
        from schooldigital.git.diffing import RevisionFiles

        overlay = {}
        for _, relative, _ in (*GOVERNANCE, *store.FILES):
            data = gitops.show(root, rev, relative)
            if data is not None:
                overlay[root / relative] = data.decode("utf-8-sig", "replace")
        files = RevisionFiles(overlay)
    gov, _ = load_governance(root, files)
    leaders, _ = store.load(root, files) if files.exists(root / store.ROSTER) else (store.LeadersData(), [])
    found = {kind: getattr(gov, kind) for kind, _, _ in GOVERNANCE}
    found |= {kind: getattr(leaders, kind) for kind, _, _ in store.FILES if kind != "history"}
    return found


def title(rec: Any) -> str:
    """What people call a record: its title or name, else the first descriptive field it has."""
    for name in _TITLES:
        value = getattr(rec, name, None)
        if value:
            return str(value)
    return ""


def added_text(noun: str, label: str, rid: str, rec: Any, what: str) -> tuple[str, str]:
    """(action, sentence) for a record new on the new side; `label` is "noun id" or "noun Name (id)", and the
    record's description `what` follows when the label does not already name it. A renumbering by a merge
    says so."""
    old = getattr(rec, "renumbered_from", None)
    if old:
        return "renumbered", f"{noun} {rid} renumbered from {old} by a merge (both branches added {old}): {what}"
    named = label != f"{noun} {rid}"
    return "added", f"{label} added" if named or not what else f"{label} added: {what}"


def removed_text(kind: str, label: str, rid: str, rec: Any) -> tuple[str, str]:
    """(action, sentence) for a record gone from the new side; an asset deleted without disposal is flagged:
    the register is the evidence of where every device went."""
    if kind == "assets" and getattr(rec, "status", None) != "disposed":
        return "deleted", (
            f"{label} deleted from the register without a disposal record (was {rec.status}); "
            f"restore the row and use `sd assets dispose {rid}`"
        )
    return "removed", f"{label} removed from the register"
