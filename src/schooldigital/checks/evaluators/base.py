"""What every evaluator shares: the verdicts, the records it may look at, and the shape of its answer.

An evaluator takes the school's records (`Evidence`) and a check's parameters and returns an `Outcome`: the
verdict, the record or log ids that support it (`records`), the ids that fail it (`failing`), the evidence
in a sentence and the next step. "No evidence" means the record that would show it does not exist yet;
"not met" means the records exist and show the standard is not met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from schooldigital.derive import add_months
from schooldigital.governance import Governance
from schooldigital.problems import Problem
from schooldigital.registers import Registers

MET, PARTLY, NOT_MET, NO_EVIDENCE = "met", "partly met", "not met", "no evidence"
NOT_APPLICABLE, NOT_DUE = "not applicable", "not due yet"
STATUSES = (MET, PARTLY, NOT_MET, NO_EVIDENCE, NOT_APPLICABLE, NOT_DUE)
KINDS = ("registers", "log", "self-assessed")
LIVE_CONTRACT = ("active", "renewing", "notice_given")
# Values people type when they do not know: never evidence that a field is recorded. A check may replace
# the list with its own `placeholders` parameter.
PLACEHOLDERS = ("n/a", "na", "none", "nil", "null", "-", "--", "?", "tbc", "tbd", "unknown", "not known", "0", "x")


@dataclass
class Evidence:
    """Everything an evaluator may look at."""

    regs: Registers
    gov: Governance
    strategy: Any
    today: dt.date
    assessments: Sequence[Any] = ()
    self_assessment_months: int = 12
    strategy_problems: list[Problem] = field(default_factory=list)
    _in_use: list[Any] | None = field(default=None, repr=False)

    def live_assets(self) -> list[Any]:
        """Assets not retired or disposed, computed once for all the checks (3,000 on a large school)."""
        if self._in_use is None:
            self._in_use = [a for a in self.regs.assets if not a.archived]
        return self._in_use


@dataclass
class Outcome:
    """One check's answer. `records` are the ids that show it (a "met" always names at least one)."""

    status: str
    evidence: list[str] = field(default_factory=list)
    step: str = ""
    records: list[str] = field(default_factory=list)
    failing: list[str] = field(default_factory=list)
    reason: str = ""
    due: dt.date | None = None


def some(ids: Iterable[str], limit: int = 6) -> str:
    """`a, b, c and 4 more`: ids for a sentence."""
    ids = list(ids)
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def ids(records: Iterable[Any]) -> list[str]:
    return [r.id for r in records]


def without(items: Sequence[Any], *excluded: Sequence[Any]) -> list[Any]:
    """`items` minus the very objects in `excluded`, by identity: comparing models field by field would make a
    3,000-device register quadratic."""
    gone = {id(x) for group in excluded for x in group}
    return [x for x in items if id(x) not in gone]


def within(day: dt.date | None, months: int, today: dt.date) -> bool:
    """True while `day` is no more than `months` before `today` (the day itself counts)."""
    return day is not None and add_months(day, months) >= today


def current_people(ev: Evidence) -> list[Any]:
    return [p for p in ev.regs.people if p.left is None or p.left > ev.today]


def in_use(ev: Evidence, categories: Sequence[str] | None = None) -> list[Any]:
    """Assets not retired or disposed, of `categories` when given."""
    if categories is None:
        return ev.live_assets()
    wanted = set(categories)
    return [a for a in ev.live_assets() if a.category in wanted]


_PLACEHOLDER_SET = frozenset(PLACEHOLDERS)


def is_placeholder(value: Any, placeholders: Sequence[str] | frozenset[str] = _PLACEHOLDER_SET) -> bool:
    """True for an empty value or a stand-in such as `N/A`, `TBC` or `-` (compared case- and space-blind)."""
    text = " ".join(str(value or "").split()).lower()
    if not text:
        return True
    wanted = placeholders if isinstance(placeholders, frozenset) else frozenset(p.lower() for p in placeholders)
    return text in wanted


def coverage(ok: Sequence[Any], missing: Sequence[Any], evidence: list[str], step: str) -> Outcome:
    """Met when nothing is missing; otherwise partly met while some have it, not met when none do."""
    if not missing:
        return Outcome(MET, evidence, records=ids(ok))
    return Outcome(PARTLY if ok else NOT_MET, evidence, step, records=ids(ok), failing=ids(missing))


def latest_event(ev: Evidence, kinds: Sequence[str]) -> Any:
    events = [r for r in ev.gov.reviews if r.kind in kinds]
    return max(events, key=lambda r: r.date) if events else None
