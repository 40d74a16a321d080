"""Degrade, don't go silent: the duties of every valid record still get listed when some records are invalid.

A typo in one asset row must not hide the contract notice deadline that costs the school a year's
auto-renewal. A record is set aside when it failed validation (it never became a model) or when an error
points at one of its lines (an unknown reference, a duplicate id); the rest are checked as usual and the
records set aside are named, so the cron mail says what was not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from schooldigital.problems import Problem, Severity

if TYPE_CHECKING:
    from schooldigital.checks.renewals import DueItem
    from schooldigital.governance import Governance
    from schooldigital.registers import Registers

# (Registers attribute, name in messages) for the registers whose records carry dated duties.
_DATED = (("contracts", "contract"), ("assets", "asset"), ("information_assets", "information asset"))
_GOVERNANCE = ("continuity_plans", "filtering_reviews", "reviews")


def _lines(record: Any) -> set[int]:
    source, positions = record._where()
    return {source.line} | {line for line, _ in positions.values()}


def set_aside(
    regs: Registers, governance: Governance | None, problems: Sequence[Problem]
) -> tuple[set[tuple[str, int]], list[str]]:
    """The (path, line) of every loaded record an error points into, and a name for every record set aside:
    `contract `c2``, in register order, loaded records and records that never validated alike."""
    errors: dict[str, set[int]] = {}
    for p in problems:
        if p.severity is Severity.ERROR:
            errors.setdefault(p.source.path, set()).add(p.source.line)
    bad: set[tuple[str, int]] = set()
    names: list[str] = []

    def scan(records: Iterable[Any], label: str) -> set[str]:
        seen = set()
        for rec in records:
            seen.add(str(getattr(rec, "id", "")))
            src = rec.source
            if src.path in errors and _lines(rec) & errors[src.path]:
                bad.add((src.path, src.line))
                names.append(f"{label} `{getattr(rec, 'id', src)}`")
        return seen

    for attr, label in _DATED:
        seen = scan(getattr(regs, attr), label)
        written = regs.written_ids.get(attr) or set()
        names += [f"{label} `{i}`" for i in sorted(written - seen)]
    if governance is not None:
        for attr in _GOVERNANCE:
            scan(getattr(governance, attr), attr.rstrip("s").replace("_", " "))
    return bad, names


def valid_items(items: Sequence[DueItem], bad: set[tuple[str, int]]) -> list[DueItem]:
    """`items` without those of a record set aside."""
    if not bad:
        return list(items)
    return [i for i in items if (i.source.path, i.source.line) not in bad]


def skipped_message(names: Sequence[str], what: str) -> str:
    """The closing line of a run on invalid data, naming the records left out."""
    if not names:
        return f"sd: the data is invalid; {what} for every record, but fix the problems above (`sd validate`)"
    shown = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
    return f"sd: {len(names)} invalid record(s) not checked: {shown}; fix the problems above (`sd validate`)"
