"""Which field names a register's records, and the id a merge gives a record whose id the other side took.

A numbered register (contracts `c012-slug`, information assets `ia026`, Digital Leaders `act-2026-004`)
gets the next free number in its own scheme, as `sd contracts add` or `sd info add` would have given it;
registers keyed by a name (people's initials, rooms, models, suppliers, dated reviews) get `-2`, `-3`...
appended, since a name has no next number. The asset register uses the school's prefix, as `sd assets add`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# register path -> (prefix, number, rest) pattern of its numbered ids
SEQUENCES: dict[str, re.Pattern[str]] = {
    "registers/contracts.yaml": re.compile(r"^(c)(\d+)(-.*)?$"),
    "registers/information-assets.yaml": re.compile(r"^(ia)(\d+)()$"),
    "registers/assets.yaml": re.compile(r"^(.*?-?)(\d+)()$"),
    "registers/assets.csv": re.compile(r"^(.*?-?)(\d+)()$"),
    "leaders/roster.yaml": re.compile(r"^(dl-\d{4}-)(\d+)()$"),
    "leaders/applications.yaml": re.compile(r"^(app-\d{4}-)(\d+)()$"),
    "leaders/activities.yaml": re.compile(r"^(act-\d{4}-)(\d+)()$"),
    "leaders/plan.yaml": re.compile(r"^(plan-\d{4}-)(\d+)()$"),
    "leaders/jobs.yaml": re.compile(r"^(job-)(\d+)()$"),
}
# Registers whose records are named by another field; None: records with one key are never renumbered.
KEYS: dict[str, str] = {"leaders/history.yaml": "year"}
NOT_RENUMBERED = frozenset({"leaders/history.yaml"})


def register_of(path: str) -> str:
    """The register a path (as git gives it, relative to the repository top) is, e.g. `registers/people.yaml`."""
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-2:])


def key_field(path: str) -> str:
    return KEYS.get(register_of(path), "id")


def renumbers(path: str) -> bool:
    return register_of(path) not in NOT_RENUMBERED


def next_id(old: str, taken: Iterable[str], path: str) -> str:
    """A new id for a record that took `old` on both sides of a merge, free in `taken`.

    Args:
        old: the id both sides used.
        taken: every id in the base and on both sides, and those already given out.
        path: the register's path, which decides the scheme (see the module docstring).
    """
    used = set(taken)
    pattern = SEQUENCES.get(register_of(path))
    match = pattern.match(old) if pattern else None
    if pattern and match:
        prefix, rest = match.group(1), match.group(3) or ""
        numbers, widths = [], []
        for rid in used:
            other = pattern.match(rid)
            if other and other.group(1) == prefix:
                numbers.append(int(other.group(2)))
                widths.append(len(other.group(2)))
        width = max(widths, default=len(match.group(2)))
        n = max(numbers, default=0) + 1
        while f"{prefix}{n:0{width}d}{rest}" in used:
            n += 1
        return f"{prefix}{n:0{width}d}{rest}"
    k = 2
    while f"{old}-{k}" in used:
        k += 1
    return f"{old}-{k}"
