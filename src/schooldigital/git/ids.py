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
    "leaders/selections.yaml": re.compile(r"^(sel-\d{4}-)(\d+)()$"),
    "leaders/questions.yaml": re.compile(r"^(q-\d{4}-)(\d+)()$"),
    "leaders/ideas.yaml": re.compile(r"^(idea-\d{4}-)(\d+)()$"),
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


class Allocator:
    """Gives out new ids for one register in one merge: each is free in `taken` and among those given out.

    The scan of existing ids for the highest number happens once per prefix, not once per id given out,
    so renumbering many records of a 10,000-record register stays quick.
    """

    def __init__(self, taken: Iterable[str], path: str) -> None:
        self.used = set(taken)
        self.pattern = SEQUENCES.get(register_of(path))
        self.highest: dict[str, tuple[int, int]] = {}  # prefix -> (highest number, widest width)

    def _scan(self, prefix: str, width: int) -> tuple[int, int]:
        if prefix not in self.highest:
            assert self.pattern is not None
            numbers, widths = [0], [width]
            for rid in self.used:
                other = self.pattern.match(rid)
                if other and other.group(1) == prefix:
                    numbers.append(int(other.group(2)))
                    widths.append(len(other.group(2)))
            self.highest[prefix] = (max(numbers), max(widths))
        return self.highest[prefix]

    def next(self, old: str) -> str:
        """A new id for a record that took `old` on both sides of a merge (see the module docstring)."""
        match = self.pattern.match(old) if self.pattern else None
        if match:
            prefix, rest = match.group(1), match.group(3) or ""
            n, width = self._scan(prefix, len(match.group(2)))
            n += 1
            while f"{prefix}{n:0{width}d}{rest}" in self.used:
                n += 1
            self.highest[prefix] = (n, width)
            new = f"{prefix}{n:0{width}d}{rest}"
        else:
            k = 2
            while f"{old}-{k}" in self.used:
                k += 1
            new = f"{old}-{k}"
        self.used.add(new)
        return new


def next_id(old: str, taken: Iterable[str], path: str) -> str:
    """A new id for a record that took `old` on both sides of a merge, free in `taken`.

    Args:
        old: the id both sides used.
        taken: every id in the base and on both sides.
        path: the register's path, which decides the scheme (see the module docstring).
    """
    return Allocator(taken, path).next(old)
