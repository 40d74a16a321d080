"""What `sd leaders ...` does: applications, appointments, leaving, meetings, activities and the action plan.

Each function changes the files through `store.editing` (locked, validated as a whole school before
anything is written) and returns `(written paths, one-line summary)` for `common.mutation`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schooldigital.errors import UserError
from schooldigital.leaders import models as m
from schooldigital.leaders import store
from schooldigital.leaders.store import Created, Written, set_field


def not_future(on: dt.date, option: str = "--on", planned: bool = False) -> None:
    """Records say what happened: a date after today is a typo unless the user says it is planned."""
    today = dt.date.today()
    if on > today and not planned:
        raise UserError(f"{option} {on} is in the future (today is {today}); add --planned if it is planned")


def apply(
    root: Path,
    display: str,
    year_group: int,
    method: str,
    on: dt.date,
    class_: str | None = None,
    leader_id: str | None = None,
    planned: bool = False,
) -> Created:
    """Record an application: a new applicant (or an existing pupil applying again) plus the application."""
    not_future(on, planned=planned)
    with store.editing(root) as ed:
        leader_id = add_application(
            ed, display, year_group, method, on, class_, leader_id, [x.id for x in ed.data.roster], None
        )
    return Created(ed.written, f"leaders: {leader_id} applied ({method})", leader_id)


def add_application(
    ed: store.Editor,
    display: str,
    year_group: int,
    method: str,
    on: dt.date,
    class_: str | None,
    leader_id: str | None,
    taken: list[str],
    apps: list[str] | None,
) -> str:
    """Append an applicant (or re-apply an existing pupil) and the application inside an edit; the leader id.

    `taken` and `apps` are the leader and application ids in use (updated, so an import can add many).
    """
    year = m.academic_year(on)
    apps = apps if apps is not None else [a.id for a in ed.data.applications]
    same = [x for x in ed.data.roster if x.display.casefold() == display.casefold() and x.applied_on == on]
    if same and (leader_id is None or leader_id == same[0].id):
        raise UserError(f"`{display}` already applied on {on} (`{same[0].id}`); one application a day is enough")
    twice = [a for a in ed.data.applications if a.leader == leader_id and a.submitted_on == on]
    if twice:
        raise UserError(f"`{leader_id}` already applied on {on} (`{twice[0].id}`); one application a day is enough")
    if leader_id and leader_id in taken:
        item = ed.record(store.ROSTER, leader_id)
        if item.get("status") in ("appointed", "alumni"):
            raise UserError(f"`{leader_id}` is already {item['status']}; no application is needed")
        set_field(item, "status", "applicant")
        set_field(item, "applied_on", on)
    else:
        leader_id = leader_id or store.next_id(taken, f"dl-{year[:4]}", 2)
        taken.append(leader_id)
        values = {"id": leader_id, "display": display, "year_group": year_group, "class": class_}
        ed.append(store.ROSTER, {**values, "status": "applicant", "applied_on": on})
    app_id = store.next_id(apps, f"app-{year[:4]}")
    apps.append(app_id)
    ed.append(
        store.APPLICATIONS,
        {"id": app_id, "leader": leader_id, "year": year, "method": method, "submitted_on": on},
    )
    return leader_id


def select(root: Path, panel: list[str], chosen: list[str], on: dt.date) -> Created:
    """Record a selection panel (staff and current leaders) and shortlist the applicants it chose."""
    not_future(on)
    if not panel:
        raise UserError("name the panel: --panel for each member of staff or current leader on it")
    with store.editing(root) as ed:
        year = m.academic_year(on)
        for leader_id in chosen:
            item = _pupil(ed, leader_id, ("applicant", "shortlisted"))
            set_field(item, "status", "shortlisted")
            _decide(ed, leader_id, "shortlisted", on)
        sel_id = store.next_id([x.id for x in ed.data.selections], f"sel-{year[:4]}", 2)
        values = {"id": sel_id, "held_on": on, "year": year, "panel": panel, "chosen": chosen}
        ed.append(store.SELECTIONS, values)
    return Created(ed.written, f"leaders: selection {sel_id} chose {len(chosen)}", sel_id)


def _decide(ed: store.Editor, leader_id: str, outcome: str, on: dt.date) -> None:
    """Close the leader's latest open application with `outcome`."""
    open_apps = [a for a in ed.data.applications if a.leader == leader_id and a.outcome in ("pending", "shortlisted")]
    if open_apps:
        app = ed.record(store.APPLICATIONS, open_apps[-1].id)
        set_field(app, "outcome", outcome)
        set_field(app, "decided_on", on if outcome in ("appointed", "declined", "withdrawn") else None)


def shortlist(root: Path, leader_id: str, on: dt.date) -> Written:
    with store.editing(root) as ed:
        item = _pupil(ed, leader_id, ("applicant",))
        set_field(item, "status", "shortlisted")
        _decide(ed, leader_id, "shortlisted", on)
    return ed.written, f"leaders: shortlist {leader_id}"


def appoint(
    root: Path,
    leader_id: str,
    on: dt.date,
    partner_class: str | None = None,
    roles: list[str] | None = None,
    consent_on: dt.date | None = None,
    partner_teacher: str | None = None,
) -> Written:
    """Appoint an applicant: status, date, optional partner class and teacher, roles and publication consent."""
    not_future(on)
    with store.editing(root) as ed:
        item = _pupil(ed, leader_id, ("applicant", "shortlisted", "declined"))
        set_field(item, "status", "appointed")
        set_field(item, "appointed_on", on)
        if partner_class:
            set_field(item, "partner_class", partner_class)
        if partner_teacher:
            set_field(item, "partner_teacher", partner_teacher)
        if roles:
            set_field(item, "roles", roles)
        if consent_on:
            set_field(item, "publish_consent", True)
            set_field(item, "consent_on", consent_on)
        _decide(ed, leader_id, "appointed", on)
    return ed.written, f"leaders: appoint {leader_id}"


def decline(root: Path, leader_id: str, on: dt.date) -> Written:
    with store.editing(root) as ed:
        item = _pupil(ed, leader_id, ("applicant", "shortlisted"))
        set_field(item, "status", "declined")
        _decide(ed, leader_id, "declined", on)
    return ed.written, f"leaders: decline {leader_id}"


def leave(root: Path, leader_id: str, on: dt.date, reason: str = "stepped_down") -> Written:
    """A leader leaves the team (moved school, stepped down): alumni with the date and reason."""
    if reason not in m.LEAVING_REASONS:
        raise UserError(f"reason must be one of {', '.join(m.LEAVING_REASONS)}")
    with store.editing(root) as ed:
        item = _pupil(ed, leader_id, ("appointed",))
        set_field(item, "status", "alumni")
        set_field(item, "left_on", on)
        set_field(item, "leaving_reason", reason)
    return ed.written, f"leaders: {leader_id} left ({reason})"


def train(root: Path, leader_id: str, module: str, on: dt.date) -> Written:
    with store.editing(root) as ed:
        item = _pupil(ed, leader_id, ("appointed", "shortlisted"))
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        training = item.get("training")
        if training is None:
            training = item["training"] = CommentedSeq()
        training.append(CommentedMap([("module", module), ("completed_on", on)]))
    return ed.written, f"leaders: {leader_id} completed {module}"


def _pupil(ed: store.Editor, leader_id: str, allowed: tuple[str, ...]) -> Any:
    leader = ed.data.leader(leader_id)
    if leader.status not in allowed:
        raise UserError(f"`{leader_id}` is {leader.status}; this needs a leader who is {' or '.join(allowed)}")
    return ed.record(store.ROSTER, leader_id)


def add_meeting(
    root: Path,
    on: dt.date,
    attendees: list[str],
    agenda: list[str],
    actions: list[str],
    staff: list[str] | None = None,
    planned: bool = False,
) -> Created:
    not_future(on, planned=planned)
    with store.editing(root) as ed:
        meeting_id = f"meet-{on.isoformat()}"
        if meeting_id in {x.id for x in ed.data.meetings}:
            meeting_id = store.next_id([x.id for x in ed.data.meetings], meeting_id, 1)
        values = {"id": meeting_id, "date": on, "attendees": attendees, "staff": staff or []}
        ed.append(store.MEETINGS, {**values, "agenda": agenda, "actions": actions})
    return Created(ed.written, f"leaders: meeting {on.isoformat()} ({len(attendees)} leaders)", meeting_id)


def add_activity(
    root: Path,
    on: dt.date,
    kind: str,
    title: str,
    leaders: list[str],
    audience: str | None = None,
    room: str | None = None,
    minutes: int | None = None,
    planned: bool = False,
) -> Created:
    not_future(on, planned=planned)
    with store.editing(root) as ed:
        act_id = store.next_id([x.id for x in ed.data.activities], f"act-{m.academic_year(on)[:4]}")
        values = {"id": act_id, "date": on, "type": kind, "title": title, "audience": audience, "room": room}
        ed.append(store.ACTIVITIES, {**values, "leaders": leaders, "minutes": minutes})
    return Created(ed.written, f"leaders: {kind} {act_id}", act_id)


def add_plan_item(root: Path, title: str, owner: str | None, due: dt.date | None, on: dt.date) -> Created:
    with store.editing(root) as ed:
        item_id = store.next_id([x.id for x in ed.data.plan], f"plan-{m.academic_year(on)[:4]}", 2)
        ed.append(store.PLAN, {"id": item_id, "title": title, "owner": owner, "due": due, "status": "todo"})
    return Created(ed.written, f"leaders: plan {item_id}", item_id)


def plan_done(root: Path, item_id: str, on: dt.date, correct: bool = False) -> Written:
    """Mark a plan item done; a closed item keeps its history unless `correct` says the record was wrong."""
    not_future(on)
    with store.editing(root) as ed:
        item = ed.record(store.PLAN, item_id)
        status = item.get("status")
        if status in ("done", "dropped") and not correct:
            when = f" on {item['done_on']}" if item.get("done_on") else ""
            raise UserError(
                f"plan item `{item_id}` is already {status}{when}; use --correct to fix the record, "
                "or `sd leaders plan edit --status doing` to reopen it"
            )
        set_field(item, "status", "done")
        set_field(item, "done_on", on)
    return ed.written, f"leaders: plan {item_id} done"


def plan_edit(
    root: Path,
    item_id: str,
    title: str | None = None,
    owner: str | None = None,
    due: dt.date | None = None,
    status: str | None = None,
) -> Written:
    """Change a plan item's title, owner, due date or status (todo, doing, dropped; `done` has its command)."""
    if status is not None and status not in ("todo", "doing", "dropped"):
        raise UserError("--status must be todo, doing or dropped (use `sd leaders plan done` for done)")
    with store.editing(root) as ed:
        item = ed.record(store.PLAN, item_id)
        for key, value in (("title", title), ("owner", owner), ("due", due), ("status", status)):
            if value is not None:
                set_field(item, key, value)
        if status is not None:
            set_field(item, "done_on", None)  # reopened or dropped: it is no longer done
    return ed.written, f"leaders: plan {item_id} edited"


def edit(
    root: Path,
    leader_id: str,
    roles: list[str] | None = None,
    partner_class: str | None = None,
    partner_teacher: str | None = None,
) -> Written:
    """Change a leader's roles, partner class or partner teacher after appointment (`-` clears a value)."""
    if roles is None and partner_class is None and partner_teacher is None:
        raise UserError("nothing to change: give --role, --partner-class or --partner-teacher")
    with store.editing(root) as ed:
        item = _pupil(ed, leader_id, ("applicant", "shortlisted", "appointed"))
        if roles is not None:
            set_field(item, "roles", [r for r in roles if r != "-"])
        for key, value in (("partner_class", partner_class), ("partner_teacher", partner_teacher)):
            if value is not None:
                set_field(item, key, None if value == "-" else value)
    return ed.written, f"leaders: edit {leader_id}"


@dataclass
class LeaderView:
    leader: m.Leader
    applications: list[m.Application]
    awards: list[m.Award]
    jobs_done: int
    activities: int
    meetings: int


def show(root: Path, leader_id: str) -> LeaderView:
    data = store.load_valid(root)
    leader = data.leader(leader_id)
    return LeaderView(
        leader,
        [a for a in data.applications if a.leader == leader_id],
        [a for a in data.awards if a.recipient == leader_id],
        sum(1 for j in data.jobs if leader_id in j.assigned and j.status == "done"),
        sum(1 for a in data.activities if leader_id in a.leaders),
        sum(1 for x in data.meetings if leader_id in x.attendees),
    )


def leader_rows(root: Path, status: str | None = None) -> list[dict[str, str]]:
    """Roster rows for `sd leaders list` (current team by default: everyone not alumni or declined)."""
    data = store.load_valid(root)
    rows = []
    for x in data.roster:
        if (status and x.status != status) or (not status and x.status in ("alumni", "declined")):
            continue
        rows.append(
            {
                "id": x.id,
                "display": x.display,
                "year": str(x.year_group),
                "class": x.class_ or "",
                "partner_class": x.partner_class or "",
                "status": x.status,
                "roles": "; ".join(x.roles),
                "consent": "yes" if x.publish_consent else "no",
            }
        )
    return rows
