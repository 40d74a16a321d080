"""Evidence from other parts of sd, as view data: renewals, standards status, staff survey, Digital Leaders.

Each comes from another module's library function. Those are imported lazily: a report never pays for a
part it does not show. When the school has no data for a part, the section says so plainly and names the
command that adds it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from schooldigital.registers import Registers
from schooldigital.reports.common import MIN_GROUP, absent, annual_cost, label

RENEWAL_WINDOW_DAYS = 365
# Report wording for duty kinds whose check label is shorthand (checks.renewals.KINDS serves terminal output).
REPORT_KINDS: dict[str, str] = {
    "information-asset-review": "information asset reviews due",
    "continuity-test": "disaster recovery plan test due",
    "governance-review": "governance reviews due (cyber risk, user accounts, firewall rules and others)",
    "filtering-review": "filtering and monitoring review due",
}
SOON_DAYS = 90


def _tense(day: dt.date, today: dt.date, ended: bool = False) -> str:
    """`overdue by 27 days`, `ended 9 days ago`, `due today`, `due in 12 days`: relative to the report date."""
    days = (day - today).days
    if days < 0 and ended:
        return f"ended {-days} day{'s' if days != -1 else ''} ago"
    if days < 0:
        return f"overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"


def renewals_section(regs: Registers, today: dt.date, within_days: int = RENEWAL_WINDOW_DAYS) -> dict[str, Any]:
    """Contract decisions in the window one by one; asset and other duties grouped by kind."""
    from schooldigital.checks.renewals import KINDS, due_items

    items = due_items(regs, today, within_days=within_days)
    contracts = {c.id: c for c in regs.contracts}
    suppliers = {s.id: s.name for s in regs.suppliers}
    rows, grouped = [], defaultdict(lambda: {"count": 0, "overdue": 0, "first": None})
    for item in items:
        if item.register == "contracts":
            c = contracts.get(item.record_id)
            rows.append(
                {
                    "date": item.action_date,
                    "id": item.record_id,
                    "title": item.title,
                    "supplier": suppliers.get(c.supplier, c.supplier) if c else "",
                    "what": KINDS.get(item.kind, label(item.kind)),
                    "state": item.state,
                    "days": item.days,
                    "annual": float(annual_cost(c.cost)) if c else 0.0,
                    "action": item.action,
                    "ended": item.state == "ended",
                }
            )
        else:
            g = grouped[REPORT_KINDS.get(item.kind) or KINDS.get(item.kind, label(item.kind))]
            g["count"] += 1
            g["overdue"] += item.state in ("overdue", "ended")
            g["first"] = min(filter(None, (g["first"], item.action_date)))
    rows.sort(key=lambda r: (r["date"], r["id"]))
    for row in rows:
        row["late"] = row["date"] < today
        row["tense"] = _tense(row["date"], today, ended=row["ended"])
    other = [{"what": k, **v} for k, v in sorted(grouped.items(), key=lambda kv: kv[1]["first"])]
    late = [r for r in rows if r["late"]]
    soon = [r for r in rows if not r["late"] and (r["date"] - today).days <= SOON_DAYS]
    return {
        "window_days": within_days,
        "soon_days": SOON_DAYS,
        "contracts": rows,
        # The counts every section and question quotes, computed once here (issue 14).
        "contracts_late": late,
        "contracts_soon": soon,
        "contracts_later": len(rows) - len(late) - len(soon),
        "contracts_value": sum(r["annual"] for r in rows),
        "other": other,
        "overdue": sum(1 for i in items if i.state in ("overdue", "ended")),
        "total": len(items),
    }


STATUS_ORDER = ("met", "partly", "not_met", "no_evidence", "not_applicable", "not_due")
STATUS_LABELS = {
    "met": "Met",
    "partly": "Partly met",
    "not_met": "Not met",
    "no_evidence": "No evidence yet",
    "not_applicable": "Not applicable",
    "not_due": "Not due yet",
}
_STATUS_KEYS = {
    "met": "met",
    "partly met": "partly",
    "not met": "not_met",
    "no evidence": "no_evidence",
    "not applicable": "not_applicable",
    "not due yet": "not_due",
}
# How governors are told what a verdict rests on: never "evidenced" for the school's own answer.
KIND_LABELS = {"registers": "the registers", "log": "the review log", "self-assessed": "the school's own answer"}


def standards_section(regs: Registers, today: dt.date) -> dict[str, Any]:
    """Every DfE standard's verdict from `checks.standards.evaluate`, grouped by area (core areas first), in
    plain words for governors: no file names, commands or record ids."""
    from schooldigital.checks.standards import evaluate

    rows = [_standard_row(r) for r in evaluate(regs, today)]
    if not rows:
        return {
            "absent": absent(
                "No standards could be assessed.",
                "Run `sd check standards` to see why.",
                "The digital lead has been asked to check the records.",
            )
        }
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in STATUS_ORDER}
    areas: dict[str, dict[str, Any]] = {}
    for row in rows:
        areas.setdefault(row["area"], {"name": row["area"], "core": row["core"], "rows": []})["rows"].append(row)
    for area in areas.values():
        area["counts"] = {st: sum(1 for r in area["rows"] if r["status"] == st) for st in STATUS_ORDER}
    return {
        "rows": rows,
        "areas": list(areas.values()),
        "counts": counts,
        "labels": STATUS_LABELS,
        # Core standards by verdict: "not met" and "partly met" are different things and are never merged
        # under one label (issue 14); `core_gaps` is both, for the headline "core standards not yet fully met".
        "core_total": sum(1 for r in rows if r["core"]),
        "core_met": [r for r in rows if r["core"] and r["status"] == "met"],
        "core_not_met": [r for r in rows if r["core"] and r["status"] == "not_met"],
        "core_partly": [r for r in rows if r["core"] and r["status"] == "partly"],
        "core_no_evidence": [r for r in rows if r["core"] and r["status"] == "no_evidence"],
        "self_assessed": sum(1 for r in rows if r["self_assessed"] and r["status"] == "met"),
        # What governors read instead of all 50 rows: every standard still to do, core first (issue 14, print).
        "open": [r for r in rows if r["status"] in ("not_met", "partly", "no_evidence")],
        "absent": None,
    }


def _standard_row(result: Any) -> dict[str, Any]:
    """One standard's result (a `checks.standards.StandardResult`) as plain data for governors."""
    status = _STATUS_KEYS.get(result.status, "no_evidence")
    kinds = [KIND_LABELS.get(k, k) for k in result.evidence_kind.split(" + ")]
    if status == "not_applicable":
        basis = f"Not applicable: {result.reason}" if result.reason else "Not applicable"
    elif status == "not_due":
        basis = f"Due by {result.due.day} {result.due:%B %Y}" if result.due else "Not due yet"
    else:
        basis = "From " + " and ".join(kinds)
    return {
        "id": result.id,
        "area": result.area_name,
        "title": result.title,
        "status": status,
        "status_label": STATUS_LABELS[status]
        + (" (self-assessed)" if result.self_assessed and status == "met" else ""),
        "core": result.core,
        "self_assessed": result.self_assessed,
        "basis": basis,
        "needed": "" if status in ("met", "not_applicable") else result.description,
        # `next_step` is for people running sd (it names files and commands); governors read `needed`.
        "next_step": result.next_step,
    }


def survey_section(root: Path) -> dict[str, Any]:
    """Staff digital-literacy results in aggregate: no names, groups under the minimum size not shown."""
    how = "Run a staff survey round, then `sd survey import FILE` to add the results."
    plain = "The school has not yet surveyed staff confidence with technology."
    try:
        from schooldigital.survey.analysis import school_summary
    except ImportError:  # not built yet in this version of sd
        return {"absent": absent("No staff digital-literacy survey results yet.", how, plain)}
    summary = school_summary(root, compare="previous")
    if summary is None:
        return {"absent": absent("No staff digital-literacy survey results yet.", how, plain)}
    min_group = max(summary.min_group, MIN_GROUP)
    if summary.respondents < min_group:
        what = f"Too few staff responded to the latest survey to report results (fewer than {min_group})."
        return {"absent": absent(what, *["Encourage more staff to take part in the next round."] * 2)}
    lower = " or ".join(summary.lower_levels)
    headline = (
        f"{summary.respondents} staff answered the {summary.framework_name} self-review ({_day(summary.date)})"
        + (f", {summary.participation.percent()}% of eligible staff" if summary.participation else "")
        + f". {summary.top_any.percent()}% rate themselves {summary.top_level} in at least one area; "
        f"{summary.bottom_any.percent()}% rate themselves {summary.bottom_level} in at least one."
    )
    rows = [
        {"label": st.name, "value": f"{st.lower.percent()}% at {lower}; {st.top.percent()}% at {summary.top_level}"}
        for st in summary.strands
    ]
    if summary.strongest:
        rows.append({"label": "Strongest area", "value": ", ".join(summary.strongest)})
    if summary.weakest:
        rows.append({"label": "Most training needed", "value": ", ".join(summary.weakest)})
    for name, groups in summary.breakdowns.items():
        parts = [
            f"{g.name}: not shown (fewer than {min_group})"
            if g.suppressed or (g.respondents or 0) < min_group or g.bottom_any is None
            else f"{g.name}: {g.bottom_any.percent()}% {summary.bottom_level} in an area"
            for g in groups
        ]
        rows.append({"label": f"By {label(name).lower()}", "value": "; ".join(parts)})
    if summary.change is not None:
        rows.append(
            {
                "label": f"Since {_day(summary.change.date)}",
                "value": f"{summary.change.top_any_pp} points at {summary.top_level} in at least one area",
            }
        )
    # The share of staff above the lower levels in their weakest area: what a survey-level objective measures.
    level = min((round(100 * (1 - st.lower.fraction)) for st in summary.strands), default=None)
    return {
        "absent": None,
        "summary": {"headline": headline, "rows": rows},
        "weakest": list(summary.weakest),
        "level_in_weakest": level,
    }


def leaders_section(root: Path, today: dt.date) -> dict[str, Any]:
    """Digital Leaders activity in aggregate (no pupil is named in a governors' report)."""
    how = "Set up the team in `leaders/` with `sd leaders add`, then log jobs and activities."
    plain = "The school has no Digital Leaders team on record."
    try:
        from schooldigital.leaders.report import leaders_summary
    except ImportError:  # not built yet in this version of sd
        return {"absent": absent("No Digital Leaders records yet.", how, plain)}
    s = leaders_summary(root, today)
    if s is None:
        return {"absent": absent("No Digital Leaders records yet.", how, plain)}
    hours = f"{s.median_response_hours:g} hours" if s.median_response_hours is not None else "-"
    rows = [
        {"label": "Team", "value": f"{s.team_size} pupils; partnered with {s.classes_covered} of {s.classes} classes"},
        {
            "label": "Help requests this year",
            "value": f"{s.jobs_logged} logged, {s.jobs_done} done, {s.jobs_open} open",
        },
        {"label": "Median time to help", "value": hours},
        {"label": "Time given", "value": f"{s.minutes_given / 60:.0f} hours"},
        {
            "label": "Activities and meetings",
            "value": f"{sum(s.activities_by_type.values())} activities, {s.meetings} meetings",
        },
        {"label": "Plan", "value": f"{s.plan_done} of {s.plan_total} actions done, {s.plan_overdue} overdue"},
        {"label": "Badges awarded", "value": str(s.badges_awarded)},
    ]
    headline = f"Digital Leaders in {s.year}: figures for the whole team; no pupil is named."
    return {
        "absent": None,
        "summary": {"headline": headline, "rows": rows},
        "uncovered": len(s.uncovered_classes),
        "team_size": s.team_size,
    }


# The two people the DfE asks schools to name for digital leadership (standards: leadership and governance).
LEAD_ROLES = {"slt_lead": "slt_digital_lead", "governor_link": "governor_digital_link"}


def people_section(regs: Registers) -> dict[str, Any]:
    """The senior leader responsible for digital technology and the governor link, by name (None if unset)."""
    out: dict[str, Any] = {}
    for key, role in LEAD_ROLES.items():
        names = [p.name for p in regs.people if role in (p.roles or [])]
        out[key] = ", ".join(names) or None
    return out


VOICE_QUOTES = 6


def voice_section(root: Path, today: dt.date) -> dict[str, Any]:
    """Pupil voice this school year: the ideas and feedback Digital Leaders brought to their meetings, and the
    pupils' ideas form (the latest few quoted; no pupil is ever named, only at most a class)."""
    from schooldigital.leaders import models as lm
    from schooldigital.leaders import store

    how = "Record pupils' feedback under `voice:` in `leaders/meetings.yaml`, and ideas with `sd leaders idea add`."
    plain = "No pupil ideas or feedback are recorded yet."
    if not store.present(root):
        return {"absent": absent("No pupil voice recorded.", how, plain)}
    data, _ = store.load(root)
    start = lm.year_start(lm.academic_year(today))
    meetings = sorted((x for x in data.meetings if start <= x.date <= today and x.voice), key=lambda x: x.date)
    ideas = sorted((x for x in data.ideas if start <= x.received_on <= today), key=lambda x: (x.received_on, x.id))
    said = [{"date": x.date, "text": text} for x in meetings for text in x.voice]
    said += [{"date": x.received_on, "text": x.idea} for x in ideas]
    if not said:
        return {"absent": absent("No pupil voice recorded this school year.", how, plain)}
    said.sort(key=lambda q: q["date"])  # stable: meeting order, then the form's, within a day
    return {
        "absent": None,
        "count": sum(len(x.voice) for x in meetings),
        "meetings": len(meetings),
        "ideas": len(ideas),
        "quotes": said[-VOICE_QUOTES:][::-1],
    }


def _day(value: Any) -> str:
    """A survey date (a date or ISO text) in the reports' one date style."""
    from schooldigital.reports.common import long_date

    return long_date(dt.date.fromisoformat(str(value)))
