"""The strategy draft's own sections: objectives by pillar, pilots, the year-by-year plan and budget, and the
questions governors should ask, generated from the evidence.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from schooldigital.models.strategy import PILLARS, STANDARDS_AREAS, Strategy
from schooldigital.registers import Registers
from schooldigital.reports.common import absent, academic_year, label, plural

ACTIVE_OBJECTIVE = frozenset({"not_started", "on_track", "at_risk", "behind"})


def strategy_section(strategy: Strategy | None, regs: Registers, today: dt.date) -> dict[str, Any]:
    """The decisions in the strategy file, arranged for reading; `absent` when the school has none."""
    if strategy is None:
        what = "This school has no digital technology strategy file yet."
        how = "Create `strategy/strategy.yaml` (start from the demo school's) and run `sd validate`."
        return {"absent": absent(what, how)}
    people = {p.id: p.name for p in regs.people}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for o in strategy.objectives:
        groups[o.pillar].append(
            {
                "id": o.id,
                "title": o.title,
                "owner": people.get(o.owner, o.owner),
                "success_measure": o.success_measure,
                "target_date": o.target_date,
                "status": o.status,
                "status_label": label(o.status),
                "overdue": o.status in ACTIVE_OBJECTIVE and o.target_date < today,
                "notes": o.notes,
            }
        )
    pillars = [
        {"id": p, "title": PILLARS[p], "standards_area": p in STANDARDS_AREAS, "objectives": groups[p]}
        for p in PILLARS
        if groups.get(p)
    ]
    pilots = [
        {
            "id": p.id,
            "title": p.title,
            "hypothesis": p.hypothesis,
            "cohort": p.cohort,
            "owner": people.get(p.owner, p.owner) if p.owner else None,
            "start": p.start,
            "evaluation_date": p.evaluation_date,
            "decision": p.decision,
            "evidence": p.evidence,
            "stage": _pilot_stage(p, today),
        }
        for p in strategy.pilots
    ]
    current = academic_year(today)
    years = []
    for year in strategy.years():
        lines = [b for b in strategy.budget if b.year == year]
        years.append(
            {
                "year": year,
                "current": year == current,
                "past": year < current,
                "actions": strategy.plan.get(year, []),
                "budget": [
                    {
                        "category": label(b.category),
                        "item": b.item or "",
                        "amount": float(b.amount),
                        "funding": label(b.funding),
                    }
                    for b in lines
                ],
                "total": float(sum(b.amount for b in lines)),
                "device_total": float(sum(b.amount for b in lines if b.category == "devices")),
            }
        )
    review_overdue = strategy.next_review is not None and strategy.next_review < today
    return {
        "absent": None,
        "title": strategy.title,
        "vision": strategy.vision,
        "development_plan": strategy.development_plan,
        "approved_by": strategy.approved_by,
        "last_reviewed": strategy.last_reviewed,
        "next_review": strategy.next_review,
        "review_overdue": review_overdue,
        "pillars": pillars,
        "objective_count": len(strategy.objectives),
        "uncovered_pillars": [PILLARS[p] for p in ("professional_learning", "cyber_security") if not groups.get(p)],
        "pilots": pilots,
        "years": years,
        "current_year": current,
        "this_year": next((y for y in years if y["current"]), None),
        "budget_total": sum(y["total"] for y in years if not y["past"]),
    }


def _pilot_stage(pilot: Any, today: dt.date) -> str:
    if pilot.decision != "pending":
        return f"decided: {pilot.decision}"
    if pilot.start > today:
        return "not started"
    if pilot.evaluation_date < today:
        return "evaluation overdue"
    return "running"


def governor_questions(view: dict[str, Any]) -> list[str]:
    """Questions for governors' support and challenge, each prompted by a fact in the evidence."""
    qs: list[str] = []
    estate, strat, contracts = view["estate"], view["strategy"], view.get("renewals")
    standards = view.get("standards") or {}
    n = estate["past_support_count"]
    if n:
        qs.append(
            f"{plural(n, 'device')} {'is' if n == 1 else 'are'} past vendor support and no longer get security "
            "updates: what is the plan to replace or retire them, and is it in the budget?"
        )
    backlog = estate["forecast"][0]
    this_year = next((f for f in estate["forecast"] if f["year"] == estate["current_year"]), None)
    need = backlog["cost"] + (this_year["cost"] if this_year else 0.0)
    planned = (strat.get("this_year") or {}).get("device_total", 0.0) if not strat.get("absent") else 0.0
    if need > 0 and planned < need:
        qs.append(
            f"Replacing devices past end of life and those due this year ({estate['current_year']}) would cost "
            f"about £{need:,.0f}; the strategy budgets £{planned:,.0f} for devices this year. "
            "Which devices will wait, and what is the risk?"
        )
    for row in standards.get("core_not_met") or []:
        qs.append(f"Core standard not met: {row['area']} — {row['title']}. What is needed to meet it, and by when?")
    if contracts:
        urgent = [r for r in contracts["contracts"] if r["days"] <= 90]
        if urgent:
            first = urgent[0]
            qs.append(
                f"{plural(len(urgent), 'contract decision')} fall due in the next 90 days (the first, "
                f"{first['title']}, on {first['date']:%d %B %Y}): who decides, and is each still value for money?"
            )
    info = view["information"]
    if info["review_overdue"]:
        qs.append(
            f"{plural(info['review_overdue'], 'information asset')} {'is' if info['review_overdue'] == 1 else 'are'} "
            "overdue for review: when will the DPO and owners review them?"
        )
    if not strat.get("absent"):
        if strat["review_overdue"]:
            qs.append(f"The strategy was due for review on {strat['next_review']:%d %B %Y}: when will it be reviewed?")
        for pillar in strat["pillars"]:
            for o in pillar["objectives"]:
                if o["status"] in ("at_risk", "behind") or o["overdue"]:
                    qs.append(
                        f"Objective {o['id']} ({o['title']}) is {o['status_label'].lower()}: what support or "
                        "change of plan does it need?"
                    )
        for p in strat["pilots"]:
            if p["stage"] == "evaluation overdue":
                qs.append(
                    f"Pilot {p['id']} ({p['title']}) was due for evaluation on {p['evaluation_date']:%d %B %Y}: "
                    "what did it show, and will the school adopt, adapt or drop it?"
                )
        for name in strat["uncovered_pillars"]:
            qs.append(f"No objective addresses {name.lower()}: is that a deliberate choice?")
    else:
        qs.append("The school has no written digital technology strategy: when will one be approved?")
    survey, leaders = view.get("survey") or {}, view.get("leaders") or {}
    if survey.get("absent"):
        qs.append("There are no staff digital-literacy results: how does the school know what training staff need?")
    elif survey.get("weakest"):
        area = ", ".join(survey["weakest"])
        qs.append(f"Staff are least confident in {area}: does this year's training plan address it?")
    if leaders.get("uncovered"):
        qs.append(
            f"{plural(leaders['uncovered'], 'class', 'classes')} have no Digital Leader partner: "
            "how will they be reached?"
        )
    return qs
