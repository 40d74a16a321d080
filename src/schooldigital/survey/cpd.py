"""`sd survey cpd`: who is at the bottom level in each strand, and which top-level colleague could mentor them.

For the school's own use only: it names respondents (by pseudonym or staff code), so it is never part of
governor or strategy reports. Pairing is greedy and deterministic: strands with the fewest mentors per
mentee go first; each mentee gets the least-loaded mentor, preferring (or requiring) the same department;
a mentor takes at most `mentees_per_mentor` mentees across all strands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from schooldigital.survey.analysis import resolve_round, scored_round

NOTICE = (
    "For the school's own use: this plan identifies individual staff. Do not include it in governor or "
    "published reports."
)


@dataclass
class Person:
    respondent: str
    role: str
    department: str


@dataclass
class Pair:
    mentee: Person
    mentor: Person | None = None
    same_department: bool = False


@dataclass
class StrandPlan:
    id: str
    name: str
    mentees: list[Pair] = field(default_factory=list)
    mentors: list[Person] = field(default_factory=list)

    @property
    def unpaired(self) -> int:
        return sum(1 for p in self.mentees if p.mentor is None)


@dataclass
class CpdPlan:
    round_id: str
    framework_name: str
    bottom_level: str
    top_level: str
    cap: int
    department_rule: str
    strands: list[StrandPlan]
    notice: str = NOTICE

    @property
    def load(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for strand in self.strands:
            for pair in strand.mentees:
                if pair.mentor:
                    out[pair.mentor.respondent] = out.get(pair.mentor.respondent, 0) + 1
        return out


def cpd_plan(
    root: Path,
    round_id: str | None = None,
    cap: int | None = None,
    department: Literal["prefer", "require", "any"] | None = None,
) -> CpdPlan:
    """The mentoring plan for a round (default: the latest), with settings from school.yaml unless given."""
    from schooldigital.errors import UserError
    from schooldigital.registers import load_config

    config, _ = load_config(root)
    settings = config.survey if config else None
    cap = cap or (settings.mentees_per_mentor if settings else 3)
    department = department or (settings.mentor_department if settings else "prefer")
    rid = resolve_round(root, round_id)
    if rid is None:
        raise UserError("the school has no survey rounds yet; import one with `sd survey import`")
    scored = scored_round(root, rid)
    fw = scored.round.framework
    top = len(fw.levels) - 1
    people = [Person(r.respondent, r.role, r.department) for r in scored.responses]
    plans = []
    for si, strand in enumerate(fw.strands):
        plan = StrandPlan(strand.id, strand.name)
        plan.mentors = [p for p, row in zip(people, scored.levels, strict=True) if row[si] == top]
        plan.mentees = [Pair(p) for p, row in zip(people, scored.levels, strict=True) if row[si] == 0]
        plans.append(plan)
    load: dict[str, int] = {}
    # scarcest strands first, so a mentor's capacity goes where there is least choice
    for plan in sorted(plans, key=lambda p: (len(p.mentors) / max(len(p.mentees), 1), p.id)):
        for pair in sorted(plan.mentees, key=lambda p: p.mentee.respondent):
            free = [m for m in plan.mentors if load.get(m.respondent, 0) < cap]
            if department == "require":
                free = [m for m in free if m.department and m.department == pair.mentee.department]
            if not free:
                continue

            def rank(m: Person, who: Person = pair.mentee) -> tuple[int, int, str]:
                same = department != "any" and bool(m.department) and m.department == who.department
                return (0 if same else 1, load.get(m.respondent, 0), m.respondent)

            mentor = min(free, key=rank)
            pair.mentor = mentor
            pair.same_department = bool(mentor.department) and mentor.department == pair.mentee.department
            load[mentor.respondent] = load.get(mentor.respondent, 0) + 1
    return CpdPlan(rid, fw.name, fw.levels[0].name, fw.levels[top].name, cap, department, plans)
