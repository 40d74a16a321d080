"""Evaluators that read the governance files: people's roles, plans, the strategy and the dated review log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schooldigital import layout
from schooldigital.checks.evaluators.base import (
    MET,
    NO_EVIDENCE,
    NOT_MET,
    PARTLY,
    Evidence,
    Outcome,
    current_people,
    ids,
    latest_event,
    some,
    within,
)
from schooldigital.governance import CONTINUITY_PLANS, FILTERING_MONITORING, REVIEWS
from schooldigital.models.governance import REVIEW_LABELS

STRATEGY = "strategy/strategy.yaml"


def roles_assigned(ev: Evidence, params: dict[str, Any]) -> Outcome:
    if "people" not in ev.regs.present:
        return Outcome(NO_EVIDENCE, step=f"list staff and governors in {layout.PEOPLE} with their roles")
    people = current_people(ev)
    holders = {role: [p for p in people if role in p.roles] for role in params["roles"]}
    evidence = [f"{role} = {some(ids(ps))}" for role, ps in holders.items() if ps]
    records = sorted({p.id for ps in holders.values() for p in ps})
    missing = [role for role, ps in holders.items() if not ps]
    if not missing:
        return Outcome(MET, evidence, records=records)
    step = f"name someone with the role(s) {', '.join(f'`{r}`' for r in missing)} in {layout.PEOPLE}"
    return Outcome(PARTLY if evidence else NOT_MET, evidence, step, records=records)


def registers_current(ev: Evidence, params: dict[str, Any]) -> Outcome:
    regs = ev.regs
    files = {
        "assets": layout.ASSETS_CSV,
        "contracts": layout.CONTRACTS,
        "information_assets": layout.INFORMATION_ASSETS,
    }
    missing = [name for name in params["registers"] if name not in regs.present or not getattr(regs, name)]
    evidence = [f"{files.get(n, n)}: {len(getattr(regs, n))} records" for n in params["registers"] if n not in missing]
    if missing:
        step = f"start the missing register(s): {', '.join(files.get(n, n) for n in missing)}"
        return Outcome(NOT_MET, evidence, step)
    steps, failing = [], []
    gaps = [a for a in regs.assets if not a.archived and (a.purchase_date is None or not a.serial)]
    gaps = [a for a in gaps if a.purchase_date is None or a.category != "peripheral"]
    if gaps:
        failing = ids(gaps)
        steps.append(f"add purchase dates and serials to {len(gaps)} assets ({some(failing, 3)})")
    latest = latest_event(ev, ["registers"])
    records = [latest.id] if latest else []
    if latest is not None:
        evidence.append(f"{REVIEWS}: {latest.id} ({latest.date})")
    if not within(latest.date if latest else None, params["max_age_months"], ev.today):
        steps.append(f"log the SLT digital lead's annual review of the registers (kind `registers`) in {REVIEWS}")
    if not steps:
        return Outcome(MET, evidence, records=records)
    return Outcome(PARTLY, evidence, "; ".join(steps), records=records, failing=failing)


def continuity_plan(ev: Evidence, params: dict[str, Any]) -> Outcome:
    plans = ev.gov.continuity_plans
    if not plans:
        return Outcome(NO_EVIDENCE, step=f"record the BC and DR plans in {CONTINUITY_PLANS} (what they cover, reviews)")
    digital = [p for p in plans if p.covers_digital]
    if not digital:
        step = "add digital technology (systems, data, contacts, recovery steps) to the plans"
        return Outcome(NOT_MET, [f"{CONTINUITY_PLANS}: {some(ids(plans))}"], step, failing=ids(plans))
    steps = []
    covered = {kind for p in digital for kind in p.covers}
    for kind in params["kinds"]:
        if kind not in covered:
            steps.append(f"add a {kind.replace('_', ' ')} plan that covers digital technology")
    relevant = [p for p in digital if set(p.covers) & set(params["kinds"])] or digital
    stale = [p for p in digital if not within(p.last_reviewed, params["max_age_months"], ev.today)]
    if stale:
        steps.append(f"review {some(ids(stale))} (reviews are due every {params['max_age_months']} months)")
    dr = [p for p in digital if "disaster_recovery" in p.covers]
    if dr and not any(within(p.last_tested, params["test_max_age_months"], ev.today) for p in dr):
        steps.append("test the disaster recovery plan and record `last_tested`")
    if not any(p.offline_copy for p in relevant):
        steps.append("keep a printed or offline copy so the plan is usable when the network is down")
    evidence = [f"{p.id} (reviewed {p.last_reviewed})" for p in relevant]
    if not steps:
        return Outcome(MET, evidence, records=ids(relevant))
    return Outcome(PARTLY, evidence, "; ".join(steps), records=ids(relevant), failing=ids(stale))


def strategy_reviewed(ev: Evidence, params: dict[str, Any]) -> Outcome:
    strategy = ev.strategy
    if strategy is None:
        return Outcome(NO_EVIDENCE, step=f"write the digital technology strategy in {STRATEGY} (`sd report strategy`)")
    last = getattr(strategy, "last_reviewed", None)
    evidence = [f"{STRATEGY}: last reviewed {last or 'never'}"]
    months = params["max_age_months"]
    if within(last, months, ev.today):
        return Outcome(MET, evidence, records=[STRATEGY])
    step = f"review the strategy with SLT and governors (due every {months} months), then record `last_reviewed`"
    return Outcome(NOT_MET, evidence, step, failing=[STRATEGY])


def review_logged(ev: Evidence, params: dict[str, Any]) -> Outcome:
    kind, months = params["kind"], params["max_age_months"]
    what = REVIEW_LABELS.get(kind, kind.replace("_", " "))
    latest = latest_event(ev, [kind])
    if latest is None:
        return Outcome(NO_EVIDENCE, step=f"log the {what} in {REVIEWS} (kind `{kind}`, date, who took part)")
    evidence = [f"{latest.id} ({latest.date})"]
    if not within(latest.date, months, ev.today):
        step = f"the last {what} was {latest.date}; it is due every {months} months — carry it out and log it"
        return Outcome(NOT_MET, evidence, step, failing=[latest.id])
    steps = who_took_part(ev, latest, params)
    if steps:
        return Outcome(PARTLY, evidence, "; ".join(steps), records=[latest.id], failing=[latest.id])
    return Outcome(MET, evidence, records=[latest.id])


def who_took_part(ev: Evidence, event: Any, params: dict[str, Any]) -> list[str]:
    """What the standard asks of the participants and the entry does not show: groups (`audiences`, e.g.
    staff and students) and roles held by someone named in `by` (e.g. at least one governor)."""
    steps = []
    groups = [a for a in params.get("audiences", []) if a not in event.audiences]
    if groups:
        steps.append(f"{event.id} does not show {' and '.join(groups)} taking part (`audiences`)")
    roles = {p.id: set(p.roles) for p in ev.regs.people}  # a governor who has since left still took part
    held = set().union(*(roles.get(pid, set()) for pid in event.by))
    missing = [name for name, group in params.get("role_groups", {}).items() if not held & set(group)]
    if missing:
        steps.append(f"{event.id} names no {' or '.join(missing)} in `by`; include at least one")
    return steps


def assessed_and_reviewed(ev: Evidence, params: dict[str, Any]) -> Outcome:
    """An assessment within `max_age_months` and a review (or a new assessment) within `review_months`."""
    kind, review_kind = params["kind"], params["review_kind"]
    months, review_months = params["max_age_months"], params["review_months"]
    what = REVIEW_LABELS.get(kind, kind)
    latest = latest_event(ev, [kind])
    if latest is None:
        return Outcome(NO_EVIDENCE, step=f"log the {what} in {REVIEWS} (kind `{kind}`, date, who took part)")
    evidence = [f"{latest.id} ({latest.date})"]
    if not within(latest.date, months, ev.today):
        step = f"the last {what} was {latest.date}; repeat it (due every {months} months)"
        return Outcome(NOT_MET, evidence, step, failing=[latest.id])
    review = latest_event(ev, [kind, review_kind])
    if review is not latest:
        evidence.append(f"{review.id} ({review.date})")
    records = sorted({latest.id, review.id})
    if not within(review.date, review_months, ev.today):
        step = (
            f"the last review was {review.date}; review the {what} every term (within {review_months} months) "
            f"and log it (kind `{review_kind}`)"
        )
        return Outcome(PARTLY, evidence, step, records=[latest.id], failing=[review.id])
    return Outcome(MET, evidence, records=records)


def backup_plan(ev: Evidence, params: dict[str, Any]) -> Outcome:
    """A restore test within `test_months`, a backup plan reviewed within `plan_months`, and a copy of the data
    kept apart from the school's network (off site, in the cloud or offline)."""
    test = latest_event(ev, [params["test_kind"]])
    plans = [p for p in ev.gov.continuity_plans if "backup" in p.covers]
    if test is None and not plans:
        step = f"record the backup plan in {CONTINUITY_PLANS} and log restore tests in {REVIEWS}"
        return Outcome(NO_EVIDENCE, step=step)
    evidence: list[str] = []
    steps: list[str] = []
    records: list[str] = []
    failing: list[str] = []
    if test is not None:
        evidence.append(f"restore test {test.id} ({test.date})")
    if within(test.date if test else None, params["test_months"], ev.today):
        records.append(test.id)
    else:
        steps.append(f"test a restore every term (within {params['test_months']} months) and log it")
        failing += [test.id] if test else []
    plan = max(plans, key=lambda p: p.last_reviewed) if plans else None
    if plan is None:
        steps.append(f"write the backup plan and record it in {CONTINUITY_PLANS} (covers: [backup])")
    else:
        evidence.append(f"backup plan {plan.id} (reviewed {plan.last_reviewed})")
        plan_steps = []
        if not within(plan.last_reviewed, params["plan_months"], ev.today):
            plan_steps.append(f"review the backup plan {plan.id} (due every {params['plan_months']} months)")
        if not any(c.where != "onsite" or c.offline for c in plan.copies):
            plan_steps.append(f"keep a copy of the data off site or offline and list it under `copies` of {plan.id}")
        steps += plan_steps
        (failing if plan_steps else records).append(plan.id)
    if not steps:
        return Outcome(MET, evidence, records=records)
    return Outcome(PARTLY if records else NOT_MET, evidence, "; ".join(steps), records=records, failing=failing)


def filtering_review(ev: Evidence, params: dict[str, Any]) -> Outcome:
    reviews = ev.gov.filtering_reviews
    if not reviews:
        return Outcome(NO_EVIDENCE, step=f"record the annual filtering and monitoring review in {FILTERING_MONITORING}")
    latest = latest_filtering_review(reviews)
    evidence = [f"{latest.id} ({latest.date})"]
    months = params["max_age_months"]
    if not within(latest.date, months, ev.today):
        step = f"the last review was {latest.date}; review at least every {months} months"
        return Outcome(NOT_MET, evidence, step, failing=[latest.id])
    roles = {p.id: set(p.roles) for p in ev.regs.people}
    present = set().union(*(roles.get(pid, set()) for pid in latest.reviewers))
    missing = [name for name, group in params["role_groups"].items() if not present & set(group)]
    steps = []
    if missing:
        steps.append(f"involve {', '.join(missing)} in the next review")
    if not latest.checks:
        steps.append("record the checks carried out (e.g. the SWGfL test tool) in `checks`")
    if steps:
        return Outcome(PARTLY, evidence, "; ".join(steps), records=[latest.id], failing=[latest.id])
    return Outcome(MET, evidence, records=[latest.id])


def latest_filtering_review(reviews: Sequence[Any]) -> Any:
    """The latest full (annual) review; trigger reviews do not replace it. The latest of any when none is annual."""
    annual = [r for r in reviews if r.trigger == "annual"] or list(reviews)
    return max(annual, key=lambda r: r.date)
