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
from schooldigital.leaders.store import Written, set_field


def apply(
    root: Path,
    display: str,
    year_group: int,
    method: str,
    on: dt.date,
    class_: str | None = None,
    leader_id: str | None = None,
) -> Written:
    """Record an application: a new applicant (or an existing pupil applying again) plus the application."""
    with store.editing(root) as ed:
        year = m.academic_year(on)
        ids = [x.id for x in ed.data.roster]
        if leader_id and leader_id in ids:
            item = ed.record(store.ROSTER, leader_id)
            if item.get("status") in ("appointed", "alumni"):
                raise UserError(f"`{leader_id}` is already {item['status']}; no application is needed")
            set_field(item, "status", "applicant")
            set_field(item, "applied_on", on)
        else:
            leader_id = leader_id or store.next_id(ids, f"dl-{year[:4]}", 2)
            ed.append(
                store.ROSTER,
                {
                    "id": leader_id,
                    "display": display,
                    "year_group": year_group,
                    "class": class_,
                    "status": "applicant",
                    "applied_on": on,
                },
            )
        app_id = store.next_id([a.id for a in ed.data.applications], f"app-{year[:4]}")
        ed.append(
            store.APPLICATIONS,
            {"id": app_id, "leader": leader_id, "year": year, "method": method, "submitted_on": on},
        )
    return ed.written, f"leaders: {leader_id} applied ({method})"


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
) -> Written:
    """Appoint an applicant: status, date, optional partner class, roles and publication consent."""
    with store.editing(root) as ed:
        item = _pupil(ed, leader_id, ("applicant", "shortlisted", "declined"))
        set_field(item, "status", "appointed")
        set_field(item, "appointed_on", on)
        if partner_class:
            set_field(item, "partner_class", partner_class)
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
) -> Written:
    with store.editing(root) as ed:
        meeting_id = f"meet-{on.isoformat()}"
        if meeting_id in {x.id for x in ed.data.meetings}:
            meeting_id = store.next_id([x.id for x in ed.data.meetings], meeting_id, 1)
        values = {"id": meeting_id, "date": on, "attendees": attendees, "staff": staff or []}
        ed.append(store.MEETINGS, {**values, "agenda": agenda, "actions": actions})
    return ed.written, f"leaders: meeting {on.isoformat()} ({len(attendees)} leaders)"


def add_activity(
    root: Path,
    on: dt.date,
    kind: str,
    title: str,
    leaders: list[str],
    audience: str | None = None,
    room: str | None = None,
    minutes: int | None = None,
) -> Written:
    with store.editing(root) as ed:
        act_id = store.next_id([x.id for x in ed.data.activities], f"act-{m.academic_year(on)[:4]}")
        values = {"id": act_id, "date": on, "type": kind, "title": title, "audience": audience, "room": room}
        ed.append(store.ACTIVITIES, {**values, "leaders": leaders, "minutes": minutes})
    return ed.written, f"leaders: {kind} {act_id}"


def add_plan_item(root: Path, title: str, owner: str | None, due: dt.date | None, on: dt.date) -> Written:
    with store.editing(root) as ed:
        item_id = store.next_id([x.id for x in ed.data.plan], f"plan-{m.academic_year(on)[:4]}", 2)
        ed.append(store.PLAN, {"id": item_id, "title": title, "owner": owner, "due": due, "status": "todo"})
    return ed.written, f"leaders: plan {item_id}"


def plan_done(root: Path, item_id: str, on: dt.date) -> Written:
    with store.editing(root) as ed:
        item = ed.record(store.PLAN, item_id)
        set_field(item, "status", "done")
        set_field(item, "done_on", on)
    return ed.written, f"leaders: plan {item_id} done"


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
