"""`sd leaders rollover --year 2026/27`: the start of a new school year for the Digital Leaders team.

1. Leavers (pupils in the top year of the phase, Year 6 in a primary, or `leaders.leaving_year`) go:
   appointed leaders become alumni with `left_on` (default: 31 August before the new year); applicants and
   declined pupils in that year are forgotten (they were never leaders, so nothing of them needs keeping).
2. Everyone else moves up a year group; a class code ending in the year number (`class-5a`) moves up too
   when the next class exists in locations.yaml, otherwise it is listed to update by hand.
3. Partner classes whose only leaders just left are reported.
4. Retention: alumni who left at least `leaders.retention_months` months before the day it runs are
   removed; references to them become `former-leader` and only counts survive, in `leaders/history.yaml`.
   The school must also purge them from git history if the repository was ever pushed (see the README).

It runs once per school year, into the year after the last rollover only, and from the end of the summer
term (15 July) to the end of September of the new year; outside that window only with `--force REASON`,
which history.yaml keeps.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schooldigital.derive import add_months
from schooldigital.errors import UserError
from schooldigital.leaders import models as m
from schooldigital.leaders import store
from schooldigital.leaders.store import set_field

# Top year of each phase: pupils in it leave the school (and so the team) at the end of the year.
LEAVING_YEAR = {"nursery": 0, "primary": 6, "middle": 8, "secondary": 11, "all_through": 13, "sixth_form": 13}
_CLASS_RE = re.compile(r"^(.*?)(\d{1,2})([A-Za-z]*)$")
# The window a rollover into a year starting 1 September may run in without --force.
SUMMER_TERM_ENDS = (7, 15)
LATEST = (9, 30)


@dataclass
class RolloverResult:
    year: str
    written: list[Path] = field(default_factory=list)
    leavers: list[str] = field(default_factory=list)
    forgotten: list[str] = field(default_factory=list)
    moved_up: int = 0
    classes_moved: dict[str, tuple[str, str]] = field(default_factory=dict)
    classes_to_check: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    purged: int = 0

    @property
    def summary(self) -> str:
        return f"leaders: rollover to {self.year} ({len(self.leavers)} leavers, {self.purged} alumni purged)"


def leaving_year(root: Path) -> int:
    from schooldigital.registers import load_config

    config, _ = load_config(root)
    if config is None:
        raise UserError("school.yaml is invalid; run sd validate")
    if config.leaders.leaving_year is not None:
        return config.leaders.leaving_year
    if config.phase not in LEAVING_YEAR:
        raise UserError(f"set `leaders: leaving_year:` in school.yaml (no default for a {config.phase} school)")
    return LEAVING_YEAR[config.phase]


def next_year(year: str) -> str:
    start = int(year[:4]) + 1
    return f"{start}/{(start + 1) % 100:02d}"


def _window(year: str, start: dt.date, on: dt.date, force: str | None, history: list[m.HistoryEntry]) -> None:
    """Refuse a rollover into any year but the next one, or (without --force) outside the summer window."""
    done = {h.year for h in history}
    if year in done:
        raise UserError(f"the team was already rolled over to {year} (see {store.HISTORY})")
    last = max(done, default=None)
    if last is not None and year != next_year(last):
        raise UserError(
            f"the team was last rolled over to {last}; the next rollover is to {next_year(last)} only, "
            f"not {year} (pupils move up one year at a time)"
        )
    opens = dt.date(start.year, *SUMMER_TERM_ENDS)
    closes = dt.date(start.year, *LATEST)
    if force is not None:
        if not force.strip():
            raise UserError("--force needs a reason, e.g. --force 'term ended early this year'")
        return
    if not opens <= on <= closes:
        raise UserError(
            f"a rollover to {year} runs from the end of the summer term ({opens}) to {closes}, not on {on}; "
            "if the school year really ended, add --force with the reason"
        )


def rollover(
    root: Path, year: str, on: dt.date, left_on: dt.date | None = None, force: str | None = None
) -> RolloverResult:
    """Move the team into `year`; `on` is the day it is run (recorded in history.yaml)."""
    from schooldigital.registers import load_config

    try:
        start = m.year_start(year)
    except ValueError as error:
        raise UserError(str(error)) from None
    left = left_on or start - dt.timedelta(days=1)
    top = leaving_year(root)
    config, _ = load_config(root)
    retention = config.leaders.retention_months if config else 12
    result = RolloverResult(year)
    with store.editing(root) as ed:
        _window(year, start, on, force, ed.data.history)
        covered_before = {x.partner_class for x in ed.data.roster if x.status == "appointed" and x.partner_class}
        locations = location_ids(root)
        forget: set[str] = set()
        for leader in ed.data.roster:
            item = ed.record(store.ROSTER, leader.id)
            if leader.status == "alumni":
                continue
            if leader.year_group >= top:
                if leader.status == "appointed":
                    set_field(item, "status", "alumni")
                    set_field(item, "left_on", left)
                    set_field(item, "leaving_reason", "end_of_phase")
                    result.leavers.append(leader.id)
                else:
                    forget.add(leader.id)
                    result.forgotten.append(leader.id)
                continue
            set_field(item, "year_group", leader.year_group + 1)
            result.moved_up += 1
            if leader.class_:
                moved = _next_class(leader.class_, leader.year_group, locations)
                if moved:
                    set_field(item, "class", moved)
                    result.classes_moved[leader.id] = (leader.class_, moved)
                else:
                    result.classes_to_check.append(leader.id)
        leaving = set(result.leavers)
        covered_after = {
            x.partner_class
            for x in ed.data.roster
            if x.status == "appointed" and x.id not in leaving and x.partner_class
        }
        result.uncovered = sorted(covered_before - covered_after)
        for leader in ed.data.roster:
            left_day = left if leader.id in leaving else leader.left_on
            if (leader.status == "alumni" or leader.id in leaving) and left_day is not None:
                if add_months(left_day, retention) <= on:  # kept retention_months from the day they left
                    forget.add(leader.id)
                    result.purged += 1
        _forget(ed, forget)
        entry = {"year": year, "rolled_on": on, "leavers": len(leaving), "purged": result.purged, "forced": force}
        ed.append(store.HISTORY, entry)
    result.written = ed.written
    return result


def location_ids(root: Path) -> set[str]:
    from schooldigital import layout
    from schooldigital.models.lookups import Location
    from schooldigital.registers import load_yaml_register

    return {x.id for x in load_yaml_register(root, layout.LOCATIONS, Location).records}


def _next_class(code: str, year_group: int, locations: set[str]) -> str | None:
    match = _CLASS_RE.match(code)
    if not match or int(match[2]) != year_group:
        return None
    moved = f"{match[1]}{year_group + 1}{match[3]}"
    return moved if moved in locations else None


def _forget(ed: store.Editor, ids: set[str]) -> None:
    """Remove these pupils' rows and applications; every other mention becomes `former-leader`."""
    if not ids:
        return
    for rel, key in ((store.ROSTER, "id"), (store.APPLICATIONS, "leader")):
        doc = ed.doc(rel)
        for i in reversed(range(len(doc))):
            if str(doc[i].get(key)) in ids:
                del doc[i]
    for rel, key in (
        (store.MEETINGS, "attendees"),
        (store.ACTIVITIES, "leaders"),
        (store.JOBS, "assigned"),
        (store.AWARDS, "recipient"),
        (store.PLAN, "owner"),
        (store.SELECTIONS, "panel"),
        (store.SELECTIONS, "chosen"),
    ):
        if not (ed.root / rel).exists():
            continue
        for item in ed.doc(rel):
            value: Any = item.get(key)
            if isinstance(value, list):
                if any(str(v) in ids for v in value):
                    replaced = [m.FORMER if str(v) in ids else str(v) for v in value]
                    set_field(item, key, list(dict.fromkeys(replaced)))
            elif value is not None and str(value) in ids:
                item[key] = m.FORMER
