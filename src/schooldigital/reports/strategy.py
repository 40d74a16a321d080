"""The strategy draft's own sections: objectives by pillar, pilots, the year-by-year plan and budget, and the
questions governors should ask, generated from the evidence.

Every figure a question quotes is read from the section that shows it (issue 14: one source per figure), and
objective status is derived from evidence where the objective names a measurable target.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from schooldigital.models.strategy import LEADERSHIP_PILLARS, PILLARS, STANDARDS_AREAS, Strategy
from schooldigital.registers import Registers
from schooldigital.reports.common import absent, academic_year, label, long_date, plural

ACTIVE_OBJECTIVE = frozenset({"not_started", "on_track", "at_risk", "behind"})


def strategy_section(
    strategy: Strategy | None, regs: Registers, today: dt.date, evidence: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The decisions in the strategy file, arranged for reading; `absent` when the school has none.

    Args:
        strategy: the loaded strategy, or None.
        regs: the registers (people's names).
        today: the report date.
        evidence: measured figures (`measures.evidence_figures`) an objective's `measure` is judged against.
    """
    from schooldigital.reports.measures import objective_status

    if strategy is None:
        what = "This school has no digital technology strategy file yet."
        how = "Create `strategy/strategy.yaml` (start from the demo school's) and run `sd validate`."
        return {"absent": absent(what, how, "A written strategy, approved by governors, is still to come.")}
    people = {p.id: p.name for p in regs.people}
    titles = {o.id: o.title for o in strategy.objectives}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for o in strategy.objectives:
        groups[o.pillar].append(
            {
                "id": o.id,
                "title": o.title,
                "owner": people.get(o.owner, o.owner),
                "success_measure": o.success_measure,
                "target_date": o.target_date,
                **objective_status(o, evidence or {}, today),
                "notes": o.notes,
            }
        )
    # All seven pillars of digital leadership, always: a pillar with no objective is a gap governors see.
    pillars = [
        {"id": p, "title": PILLARS[p], "standards_area": p in STANDARDS_AREAS, "objectives": groups.get(p, [])}
        for p in PILLARS
        if p in LEADERSHIP_PILLARS or groups.get(p)
    ]
    pilots = [
        {
            "id": p.id,
            "title": p.title,
            "hypothesis": p.hypothesis,
            "cohort": p.cohort,
            "owner": people.get(p.owner, p.owner) if p.owner else None,
            "objective": titles.get(p.objective) if p.objective else None,
            "baseline": p.baseline,
            "measure": p.measure,
            "cost": float(p.cost) if p.cost is not None else None,
            "start": p.start,
            "evaluation_date": p.evaluation_date,
            "decision": p.decision,
            "decision_label": label(p.decision),
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
    gaps = [p["title"] for p in pillars if not p["objectives"]]
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
        "pillar_gaps": gaps,
        "objective_count": len(strategy.objectives),
        "uncovered_pillars": [PILLARS[p] for p in ("cyber_security",) if not groups.get(p)],
        "pilots": pilots,
        "years": years,
        "current_year": current,
        "this_year": next((y for y in years if y["current"]), None),
        "budget_total": sum(y["total"] for y in years if not y["past"]),
    }


def _pilot_stage(pilot: Any, today: dt.date) -> str:
    if pilot.decision != "pending":
        return f"Decided: {label(pilot.decision).lower()}"
    if pilot.start > today:
        return f"Starts {long_date(pilot.start)}"
    if pilot.evaluation_date < today:
        return f"Evaluation overdue (was due {long_date(pilot.evaluation_date)})"
    return f"Running; evaluation due {long_date(pilot.evaluation_date)}"


def governor_questions(view: dict[str, Any]) -> list[str]:
    """Questions for governors' support and challenge, each prompted by a fact in the evidence.

    Every count is read from the view (the same figure the sections show); dates are in the report's one
    style and tenses follow the report date.
    """
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
            f"Replacing the {plural(backlog['count'], 'device')} past end of life and those due this year "
            f"({estate['current_year']}) would cost about £{need:,.0f}; the strategy budgets £{planned:,.0f} for "
            "devices this year. Which devices will wait, and what is the risk?"
        )
    for key, words in (("core_not_met", "not met"), ("core_partly", "only partly met")):
        rows = standards.get(key) or []
        if rows:
            names = "; ".join(f"{r['title']} ({r['area']})" for r in rows)
            qs.append(
                f"{plural(len(rows), 'core DfE standard')} {'is' if len(rows) == 1 else 'are'} {words}: {names}. "
                "What is needed to meet them, and by when?"
            )
    if contracts:
        late, soon = contracts["contracts_late"], contracts["contracts_soon"]
        if late:
            first = late[0]
            qs.append(
                f"{plural(len(late), 'contract decision')} {'is' if len(late) == 1 else 'are'} overdue (the "
                f"earliest, {first['title']}, was due on {long_date(first['date'])}): has each been decided, "
                "and is the contract still value for money?"
            )
        if soon:
            first = soon[0]
            qs.append(
                f"{plural(len(soon), 'contract decision')} {'falls' if len(soon) == 1 else 'fall'} due in the next "
                f"{contracts['soon_days']} days (the first, {first['title']}, on {long_date(first['date'])}): "
                "who decides, and is each still value for money?"
            )
    info = view["information"]
    if info["review_overdue"]:
        qs.append(
            f"{plural(info['review_overdue'], 'information asset')} {'is' if info['review_overdue'] == 1 else 'are'} "
            "overdue for review: when will the data protection officer and owners review them?"
        )
    if not strat.get("absent"):
        if strat["review_overdue"]:
            due = long_date(strat["next_review"])
            qs.append(f"The strategy was due for review on {due}: when will it be reviewed?")
        for pillar in strat["pillars"]:
            for o in pillar["objectives"]:
                if o["status"] in ("at_risk", "behind") or o["overdue"]:
                    why = f" ({o['status_note']})" if o["status_note"] else ""
                    qs.append(
                        f"The objective “{o['title']}” is {o['status_label'].lower()}{why}: what support or change "
                        "of plan does it need?"
                    )
        for p in strat["pilots"]:
            if p["decision"] == "pending" and p["evaluation_date"] < view["today"]:
                qs.append(
                    f"The pilot “{p['title']}” was due for evaluation on {long_date(p['evaluation_date'])}: what did "
                    "it show, and will the school adopt, adapt or drop it?"
                )
        if strat["pillar_gaps"]:
            names = ", ".join(name.lower() for name in strat["pillar_gaps"])
            qs.append(f"No objective addresses {names}: is that a deliberate choice?")
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
