"""The Digital Leaders report: the team, partner-class coverage, jobs, response times, activities and plan.

`leaders_summary(root, today)` holds AGGREGATE figures only (no pupil labels) for the strategy and
governors' reports. `leaders_view(root, today)` adds the team and plan for the computing lead's own report,
rendered by `render_leaders` through `templates/leaders.{md,html}.j2`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from schooldigital.leaders import models as m
from schooldigital.leaders import store
from schooldigital.problems import Severity


@dataclass
class LeadersSummary:
    year: str
    team_size: int
    team_by_year_group: dict[int, int]
    classes: int
    classes_covered: int
    uncovered_classes: list[str]
    jobs_logged: int
    jobs_done: int
    jobs_open: int
    jobs_passed_to_it: int
    jobs_done_by_month: list[tuple[str, int]]
    jobs_by_category: dict[str, int]
    median_response_hours: float | None
    minutes_given: int
    activities_by_type: dict[str, int]
    meetings: int
    plan_total: int
    plan_done: int
    plan_overdue: int
    badges_awarded: int
    problems: int = 0  # records left out because they did not validate

    @property
    def coverage(self) -> float | None:
        return self.classes_covered / self.classes if self.classes else None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "coverage": self.coverage}


def _months(end: dt.date, count: int = 12) -> list[str]:
    year, month = end.year, end.month
    out = []
    for _ in range(count):
        out.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _classrooms(root: Path) -> list[str]:
    from schooldigital import layout
    from schooldigital.models.lookups import Location
    from schooldigital.registers import load_yaml_register

    return [x.id for x in load_yaml_register(root, layout.LOCATIONS, Location).records if x.kind == "classroom"]


def leaders_summary(root: Path, today: dt.date) -> LeadersSummary | None:
    """Figures for the school year containing `today`; None when the school has no `leaders/` folder.

    Renders from whatever validated: records with errors are left out and counted in `problems`.
    """
    if not store.present(root):
        return None
    data, problems = store.load(root)
    return _summary(root, data, today, sum(1 for p in problems if p.severity is Severity.ERROR))


def _summary(root: Path, data: store.LeadersData, today: dt.date, problems: int) -> LeadersSummary:
    year = m.academic_year(today)
    start = m.year_start(year)
    team = [x for x in data.roster if x.status == "appointed"]
    classes = _classrooms(root)
    covered = {x.partner_class for x in team if x.partner_class}
    jobs_year = [j for j in data.jobs if j.logged_at.date() >= start and j.logged_at.date() <= today]
    done = [j for j in data.jobs if j.status == "done" and j.done_at]
    # The months of this school year so far: the chart and the text both mean "this year" (issue 14).
    months = _months(today, (today.year - start.year) * 12 + today.month - start.month + 1)
    by_month = Counter(j.done_at.strftime("%Y-%m") for j in done if j.done_at)
    hours = [(j.done_at - j.logged_at).total_seconds() / 3600 for j in done if j.done_at and j.done_at >= j.logged_at]
    hours_year = [
        (j.done_at - j.logged_at).total_seconds() / 3600
        for j in done
        if j.done_at and j.done_at >= j.logged_at and j.logged_at.date() >= start
    ]
    plan = [p for p in data.plan if p.status != "dropped"]
    return LeadersSummary(
        year=year,
        team_size=len(team),
        team_by_year_group=dict(sorted(Counter(x.year_group for x in team).items())),
        classes=len(classes),
        classes_covered=len(covered & set(classes)),
        uncovered_classes=[c for c in classes if c not in covered],
        jobs_logged=len(jobs_year),
        jobs_done=sum(1 for j in jobs_year if j.status == "done"),
        jobs_open=sum(1 for j in data.jobs if j.status in ("open", "in_progress")),
        jobs_passed_to_it=sum(1 for j in jobs_year if j.status == "passed_to_it"),
        jobs_done_by_month=[(mo, by_month.get(mo, 0)) for mo in months],
        jobs_by_category=dict(Counter(j.category for j in jobs_year).most_common()),
        median_response_hours=round(statistics.median(hours_year or hours), 1) if (hours_year or hours) else None,
        minutes_given=sum(j.minutes or 0 for j in jobs_year) + sum(a.minutes or 0 for a in data.activities),
        activities_by_type=dict(Counter(a.type for a in data.activities if start <= a.date <= today).most_common()),
        meetings=sum(1 for x in data.meetings if start <= x.date <= today),
        plan_total=len(plan),
        plan_done=sum(1 for p in plan if p.status == "done"),
        plan_overdue=sum(1 for p in plan if p.status in ("todo", "doing") and p.due and p.due < today),
        badges_awarded=sum(1 for a in data.awards if not a.revoked_on and start <= a.awarded_on <= today),
        problems=problems,
    )


@dataclass
class LeadersView:
    school: str
    today: dt.date
    summary: LeadersSummary
    team: list[dict[str, Any]] = field(default_factory=list)
    plan: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    open_jobs: list[dict[str, Any]] = field(default_factory=list)
    selections: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    questions_to_dsl: int = 0
    ideas: list[dict[str, Any]] = field(default_factory=list)


def leaders_view(root: Path, today: dt.date) -> LeadersView:
    from schooldigital.errors import UserError
    from schooldigital.registers import load_config

    if not store.present(root):
        raise UserError(f"this school has no {store.ROSTER}")
    config, _ = load_config(root)
    data, problems = store.load(root)
    summary = _summary(root, data, today, sum(1 for p in problems if p.severity is Severity.ERROR))
    start = m.year_start(summary.year)
    view = LeadersView(config.name if config else "School", today, summary)
    done = Counter(x for j in data.jobs if j.status == "done" for x in j.assigned)
    for x in sorted((x for x in data.roster if x.status == "appointed"), key=lambda x: (-x.year_group, x.display)):
        view.team.append(
            {
                "display": x.display,
                "year_group": x.year_group,
                "partner_class": x.partner_class or "",
                "roles": ", ".join(x.roles),
                "jobs_done": done.get(x.id, 0),
                "training": len(x.training),
            }
        )
    view.plan = [
        {"title": p.title, "due": p.due, "status": p.status, "overdue": bool(p.due and p.due < today)}
        for p in data.plan
        if p.status != "dropped"
    ]
    view.activities = [
        {"date": a.date, "type": a.type.replace("_", " "), "title": a.title, "leaders": len(a.leaders)}
        for a in sorted(data.activities, key=lambda a: a.date, reverse=True)
        if start <= a.date <= today
    ]
    view.open_jobs = [
        {"id": j.id, "logged": j.logged_at.date(), "category": j.category.replace("_", " "), "status": j.status}
        for j in data.jobs
        if j.status in ("open", "in_progress")
    ]
    _voice(view, data, start, today)
    return view


def _voice(view: LeadersView, data: store.LeadersData, start: dt.date, today: dt.date) -> None:
    """Selection panels, the e-safety question box and pupils' ideas for the year: no names, no askers."""
    staff_or_leaders = {x.id for x in data.roster}
    view.selections = [
        {
            "date": s.held_on,
            "staff": sum(1 for x in s.panel if x not in staff_or_leaders),
            "leaders": sum(1 for x in s.panel if x in staff_or_leaders or x == m.FORMER),
            "chosen": len(s.chosen),
        }
        for s in data.selections
        if start <= s.held_on <= today
    ]
    asked = [q for q in data.questions if start <= q.asked_on <= today]
    view.questions_to_dsl = sum(1 for q in asked if q.passed_to_dsl)
    view.questions = [
        {"date": q.asked_on, "question": q.question, "answered_in": q.answered_in or ""}
        for q in asked
        if not q.passed_to_dsl
    ]
    view.ideas = [
        {"date": i.received_on, "idea": i.idea, "status": i.status.replace("_", " "), "plan_item": i.plan_item or ""}
        for i in data.ideas
        if start <= i.received_on <= today
    ]


def render_leaders(root: Path, today: dt.date, fmt: str) -> tuple[str, int]:
    """The report as Markdown (`md`) or HTML (`html`), and how many records with errors it left out."""
    from schooldigital.render import render

    view = leaders_view(root, today)
    context = {**asdict(view), "summary": view.summary, "title": "Digital Leaders", "generated": today}
    return render(root, "leaders", fmt, context), view.summary.problems  # type: ignore[arg-type]
