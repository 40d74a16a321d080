"""The `leaders/` part of `sd validate`: records, references, date order and the pupil-data guard.

Registered in `validation.PART_VALIDATORS`, so every write anywhere in the school re-checks these files too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from schooldigital.leaders import models as m
from schooldigital.leaders import store
from schooldigital.leaders.privacy import Roster, refused_words, scan_text
from schooldigital.models.base import Record
from schooldigital.problems import Problem, Source, did_you_mean
from schooldigital.registers import Registers


def check_leaders(regs: Registers) -> list[Problem]:
    """Every problem in the school's `leaders/` folder (none when the school has no Digital Leaders)."""
    root, files = regs.root, regs.files
    if not store.present(root, files) and not (root / store.FOLDER).is_dir():
        return []
    problems = _privacy(root, files)
    data, found = store.load(root, files)
    problems += found
    problems += _duplicates(data)
    problems += _references(regs, data)
    problems += _dates(data)
    problems += _badges(root, files, data, regs.written_ids.get("people") or set())
    problems += _phase(regs, data)
    problems += _membership(data)
    problems += _free_text(data)
    from schooldigital.checks.merges import renumbered_records

    for name, _, _ in store.FILES:
        problems += renumbered_records(name, getattr(data, name))
    return problems


def _privacy(root: Path, files) -> list[Problem]:  # type: ignore[no-untyped-def]
    problems: list[Problem] = []
    imports = (store.JOBS_IMPORT, store.APPLICATIONS_IMPORT)
    rels = [rel for _, rel, _ in store.FILES] + list(imports)
    for rel in rels:
        try:
            text = files.read_bytes(root / rel).decode("utf-8-sig", errors="replace")
        except OSError:
            continue
        # The import mapping's keys are the form's column headers ("Email address: drop"), so only values count.
        problems += scan_text(text, Source(rel), check_keys=rel not in imports)
    return problems


def _duplicates(data: store.LeadersData) -> Iterator[Problem]:
    for attr, _, _ in store.FILES:
        seen: dict[str, Record] = {}
        for record in getattr(data, attr):
            key = getattr(record, "id", None) or getattr(record, "year", None)
            if key in seen:
                first = seen[key].source.line
                yield Problem(record.source_of("id"), "duplicate-id", f"duplicate id `{key}` (first at line {first})")
            else:
                seen[key] = record
    keys: dict[str, m.Job] = {}
    for job in data.jobs:
        if job.import_key and job.import_key in keys:
            msg = f"job imported twice (same form response as `{keys[job.import_key].id}`); delete one"
            yield Problem(job.source_of("import_key"), "duplicate-id", msg)
        elif job.import_key:
            keys[job.import_key] = job


class _Refs:
    """Checks one kind of reference, staying quiet when the target file itself could not be read."""

    def __init__(self, what: str, where: str, ids: set[str] | None, extra: Iterable[str] = ()) -> None:
        self.what, self.where, self.ids, self.extra = what, where, ids, set(extra)

    def check(self, record: Record, field: str, values: Iterable[str | None]) -> Iterator[Problem]:
        if self.ids is None:
            return
        for i, value in enumerate(values):
            if value is None or value in self.ids or value in self.extra:
                continue
            where = record.source_of(f"{field}.{i}") if field.endswith("s") else record.source_of(field)
            hint = did_you_mean(value, self.ids)
            yield Problem(where, "unknown-ref", f"`{field}`: no {self.what} `{value}` in {self.where}{hint}")


def _references(regs: Registers, data: store.LeadersData) -> Iterator[Problem]:
    leader_ids = data.written_ids.get("roster")
    people = regs.written_ids.get("people")
    locations = _ids(regs.written_ids.get("locations"))
    leaders = _Refs("leader", "leaders/roster.yaml", leader_ids, [m.FORMER])
    staff = _Refs("member of staff", "registers/people.yaml", people)
    rooms = _Refs("location", "registers/locations.yaml", locations)
    both = None if leader_ids is None or people is None else leader_ids | people
    either = _Refs("leader or member of staff", "roster.yaml or people.yaml", both, ["team", m.FORMER])
    respondents: set[str] = set()
    if both is not None and any(a.recipient not in both and a.recipient != m.FORMER for a in data.awards):
        # staff badges from the survey (sd badges award-pioneers) go to pseudonymous respondents; read the
        # rounds only when some recipient needs them, so schools without such awards pay nothing
        from schooldigital.survey.responses import respondent_ids

        respondents = respondent_ids(regs.root, regs.files)
    where = "roster.yaml, people.yaml or a survey round"
    recipients = _Refs("leader, member of staff or survey respondent", where, both, [m.FORMER, *respondents])
    badges = _Refs("badge", "leaders/badges.yaml", data.written_ids.get("badges"))
    for leader in data.roster:
        yield from rooms.check(leader, "class", [leader.class_])
        yield from rooms.check(leader, "partner_class", [leader.partner_class])
        yield from staff.check(leader, "partner_teacher", [leader.partner_teacher])
    for app in data.applications:
        yield from leaders.check(app, "leader", [app.leader])
    for meeting in data.meetings:
        yield from leaders.check(meeting, "attendees", meeting.attendees)
        yield from staff.check(meeting, "staff", meeting.staff)
    for act in data.activities:
        yield from leaders.check(act, "leaders", act.leaders)
        yield from rooms.check(act, "room", [act.room])
    for item in data.plan:
        yield from either.check(item, "owner", [item.owner])
    pupils = {x.id for x in data.roster} | {x.display.casefold() for x in data.roster}
    for job in data.jobs:
        yield from leaders.check(job, "assigned", job.assigned)
        yield from rooms.check(job, "room", [job.room])
        if job.requested_by.casefold() in pupils or job.requested_by in pupils:
            msg = f"`requested_by`: `{job.requested_by}` is a pupil; jobs are requested by staff (id or initials)"
            yield Problem(job.source_of("requested_by"), "value-invalid", msg)
    for award in data.awards:
        yield from badges.check(award, "badge", [award.badge])
        yield from recipients.check(award, "recipient", [award.recipient])
    panel = _Refs("member of staff or leader", "people.yaml or roster.yaml", both, [m.FORMER])
    for sel in data.selections:
        yield from panel.check(sel, "panel", sel.panel)
        yield from leaders.check(sel, "chosen", sel.chosen)
    plan = _Refs("plan item", "leaders/plan.yaml", data.written_ids.get("plan"))
    for idea in data.ideas:
        yield from rooms.check(idea, "from_class", [idea.from_class])
        yield from plan.check(idea, "plan_item", [idea.plan_item])


def _ids(ids: set[str] | None) -> set[str] | None:
    return None if ids is None else set(ids)


def _order(record: Record, earlier: str, later: str) -> Iterator[Problem]:
    a, b = getattr(record, earlier), getattr(record, later)
    if a is not None and b is not None and b < a:
        msg = f"`{later}` ({b}) is before `{earlier}` ({a})"
        yield Problem(record.source_of(later), "date-order", msg)


def _dates(data: store.LeadersData) -> Iterator[Problem]:
    for leader in data.roster:
        yield from _order(leader, "applied_on", "appointed_on")
        yield from _order(leader, "appointed_on", "left_on")
    for app in data.applications:
        yield from _order(app, "submitted_on", "decided_on")
    for question in data.questions:
        yield from _order(question, "asked_on", "answered_on")
    for job in data.jobs:
        yield from _order(job, "logged_at", "done_at")
    for award in data.awards:
        yield from _order(award, "awarded_on", "revoked_on")
        yield from _order(award, "awarded_on", "expires_on")


def _badges(root: Path, files, data: store.LeadersData, staff: set[str]) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    for badge in data.badges:
        path = root / badge.image
        if path.suffix.lower() != ".png":
            msg = "`image` must be a .png file (the baked SVG is made from it)"
            yield Problem(badge.source_of("image"), "value-invalid", msg)
        elif not files.exists(path):
            yield Problem(badge.source_of("image"), "file-missing", f"badge image `{badge.image}` not found")
    staff_badges = {b.id for b in data.badges if b.staff}
    leader_ids = {x.id for x in data.roster}
    pupil_badges = {b.id for b in data.badges if not b.staff}
    for award in data.awards:
        if award.badge in staff_badges and award.recipient in leader_ids:
            msg = f"badge `{award.badge}` is a staff badge but `{award.recipient}` is a Digital Leader (a pupil)"
            yield Problem(award.source_of("recipient"), "value-invalid", msg)
        elif award.badge in pupil_badges and award.recipient in staff:
            msg = f"badge `{award.badge}` is a pupils' badge but `{award.recipient}` is a member of staff"
            yield Problem(award.source_of("recipient"), "value-invalid", msg)


def year_range(config) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """(first, last) year group a pupil of the school can be in: reception (0) to the leaving year.

    Only the top is the phase's: a school made from the demo (`sd init --from-demo --phase secondary`) keeps
    the demo's primary-age team valid, while a Year 11 in a primary school is still refused.
    """
    from schooldigital.leaders.rollover import LEAVING_YEAR

    top = config.leaders.leaving_year or LEAVING_YEAR.get(config.phase)
    return None if top is None else (0, top)


def _phase(regs: Registers, data: store.LeadersData) -> Iterator[Problem]:
    """Year groups a pupil of this school can be in: a Year 11 in a primary school is a typo."""
    config = regs.config
    years = year_range(config)
    if years is None:
        return
    first, top = years
    for leader in data.roster:
        if not first <= leader.year_group <= top:
            msg = f"`year_group` {leader.year_group} is not a year of this {config.phase} school ({first} to {top})"
            yield Problem(leader.source_of("year_group"), "value-invalid", msg)


def _membership(data: store.LeadersData) -> Iterator[Problem]:
    """Meeting attendees and activity leaders must have been on the team that day (appointed, not yet left)."""
    team = {x.id: x for x in data.roster}

    def check(record: Record, field: str, ids: list[str], day: object) -> Iterator[Problem]:
        for i, leader_id in enumerate(ids):
            leader = team.get(leader_id)
            if leader is None:
                continue  # unknown ids and former-leader are reported (or allowed) by _references
            on_team = leader.appointed_on is not None and leader.appointed_on <= day  # type: ignore[operator]
            if on_team and leader.left_on is not None and leader.left_on < day:  # type: ignore[operator]
                on_team = False
            if not on_team:
                msg = f"`{field}`: `{leader_id}` ({leader.status}) was not a Digital Leader on {day}"
                yield Problem(record.source_of(f"{field}.{i}"), "value-invalid", msg)

    for meeting in data.meetings:
        yield from check(meeting, "attendees", meeting.attendees, meeting.date)
    for act in data.activities:
        yield from check(act, "leaders", act.leaders, act.date)
    for sel in data.selections:  # leaders on the panel must be on the team; staff are checked by reference
        yield from check(sel, "panel", [x for x in sel.panel if x in team], sel.held_on)


# Free-text fields of each file (attribute on LeadersData -> fields): where a name or a note about a child
# could be typed. Lists are checked item by item so the problem points at the line.
FREE_TEXT: dict[str, tuple[str, ...]] = {
    "meetings": ("agenda", "actions", "voice"),
    "activities": ("title", "audience"),
    "plan": ("title",),
    "jobs": ("description",),
    "badges": ("description", "criteria"),
    "awards": ("evidence", "revocation_reason"),
    "questions": ("question", "answered_in"),
    "ideas": ("idea",),
}


def free_text(record: Record, fields: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(field path, text) for every free-text value of a record."""
    for name in fields:
        value = getattr(record, name, None)
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, list):
            yield from ((f"{name}.{i}", v) for i, v in enumerate(value) if isinstance(v, str))


def _free_text(data: store.LeadersData) -> Iterator[Problem]:
    """Pupils' names (roster labels, first name + surname) and notes about a child in free text go to git."""
    roster = Roster.of(x.display for x in data.roster)
    for attr, fields in FREE_TEXT.items():
        for record in getattr(data, attr):
            for path, text in free_text(record, fields):
                words = refused_words(text, roster, identifiers=False)
                if words:
                    msg = (
                        f"`{path.split('.')[0]}` names a pupil or holds personal data "
                        f"({', '.join(f'`{w}`' for w in words)}); free text is kept in git for good: use the "
                        "leader id, and keep notes about a child in the school's MIS"
                    )
                    yield Problem(record.source_of(path), "personal-data", msg)
