"""The evaluators behind `sd check standards`: one function per kind of evidence, named in the catalogue.

Each takes the school's records (`Evidence`) and the catalogue entry's parameters and returns
met / partly met / not met / no evidence, the evidence it used (file and record ids) and the next step in
plain English. "No evidence" means the record that would show it does not exist yet; "not met" means the
record exists and shows the standard is not met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from schooldigital import layout
from schooldigital.derive import add_months
from schooldigital.governance import CONTINUITY_PLANS, FILTERING_MONITORING, REVIEWS, Governance
from schooldigital.models.contracts import INTERNET_CONNECTIONS
from schooldigital.models.governance import REVIEW_LABELS
from schooldigital.problems import Problem
from schooldigital.registers import Registers

MET, PARTLY, NOT_MET, NO_EVIDENCE = "met", "partly met", "not met", "no evidence"
STATUSES = (MET, PARTLY, NOT_MET, NO_EVIDENCE)


@dataclass
class Evidence:
    """Everything an evaluator may look at."""

    regs: Registers
    gov: Governance
    strategy: Any
    today: dt.date
    strategy_problems: list[Problem] = field(default_factory=list)


Outcome = tuple[str, list[str], str]
Evaluator = Callable[[Evidence, dict[str, Any]], Outcome]


def _ids(records: Sequence[Any], limit: int = 6) -> str:
    ids = [r.id for r in records]
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _current_people(ev: Evidence) -> list[Any]:
    return [p for p in ev.regs.people if p.left is None or p.left > ev.today]


def _within(day: dt.date | None, months: int, today: dt.date) -> bool:
    return day is not None and add_months(day, months) >= today


def _on_time(day: dt.date | None, months: int, today: dt.date, evidence: list[str], step: str) -> Outcome:
    """Met while `day` is within `months` of today; not met, with `step`, once it is older or missing."""
    return (MET, evidence, "") if _within(day, months, today) else (NOT_MET, evidence, step)


def _coverage(missing: Sequence[Any], of: Sequence[Any], evidence: list[str], step: str) -> Outcome:
    """Met when nothing is missing; otherwise partly met while some have it, not met when none do."""
    if not missing:
        return MET, evidence, ""
    return (PARTLY if len(missing) < len(of) else NOT_MET), evidence, step


def roles_assigned(ev: Evidence, params: dict[str, Any]) -> Outcome:
    if "people" not in ev.regs.present:
        return NO_EVIDENCE, [], f"list staff and governors in {layout.PEOPLE} with their roles"
    people = _current_people(ev)
    holders = {role: [p for p in people if role in p.roles] for role in params["roles"]}
    evidence = [f"{layout.PEOPLE}: {role} = {_ids(ps)}" for role, ps in holders.items() if ps]
    missing = [role for role, ps in holders.items() if not ps]
    if not missing:
        return MET, evidence, ""
    step = f"name someone with the role(s) {', '.join(f'`{r}`' for r in missing)} in {layout.PEOPLE}"
    return (PARTLY if evidence else NOT_MET), evidence, step


def registers_current(ev: Evidence, params: dict[str, Any]) -> Outcome:
    regs, today = ev.regs, ev.today
    files = {
        "assets": layout.ASSETS_CSV,
        "contracts": layout.CONTRACTS,
        "information_assets": layout.INFORMATION_ASSETS,
    }
    missing = [name for name in params["registers"] if name not in regs.present or not getattr(regs, name)]
    evidence = [f"{files.get(n, n)}: {len(getattr(regs, n))} records" for n in params["registers"] if n not in missing]
    if missing:
        return NOT_MET, evidence, f"start the missing register(s): {', '.join(files.get(n, n) for n in missing)}"
    steps = []
    in_use = [a for a in regs.assets if not a.archived]
    gaps = [a for a in in_use if a.purchase_date is None or (not a.serial and a.category not in ("peripheral",))]
    if gaps:
        steps.append(f"add purchase dates and serials to {len(gaps)} assets ({_ids(gaps, 3)})")
    logged = [r for r in ev.gov.reviews if r.kind == "registers"]
    latest = max(logged, key=lambda r: r.date) if logged else None
    if latest is not None:
        evidence.append(f"{REVIEWS}: {latest.id} ({latest.date})")
    if not _within(latest.date if latest else None, params["max_age_months"], today):
        steps.append(f"log the SLT digital lead's annual review of the registers (kind `registers`) in {REVIEWS}")
    return (PARTLY if steps else MET), evidence, "; ".join(steps)


def continuity_plan(ev: Evidence, params: dict[str, Any]) -> Outcome:
    plans = ev.gov.continuity_plans
    if not plans:
        return NO_EVIDENCE, [], f"record the BC and DR plans in {CONTINUITY_PLANS} (what they cover, review dates)"
    evidence = [f"{CONTINUITY_PLANS}: {_ids(plans)}"]
    digital = [p for p in plans if p.covers_digital]
    if not digital:
        return NOT_MET, evidence, "add digital technology (systems, data, contacts, recovery steps) to the plans"
    steps = []
    covered = {kind for p in digital for kind in p.covers}
    for kind in params["kinds"]:
        if kind not in covered:
            steps.append(f"add a {kind.replace('_', ' ')} plan that covers digital technology")
    stale = [p for p in digital if not _within(p.last_reviewed, params["max_age_months"], ev.today)]
    if stale:
        steps.append(f"review {_ids(stale)} (reviews are due every {params['max_age_months']} months)")
    dr = [p for p in digital if "disaster_recovery" in p.covers]
    if dr and not any(_within(p.last_tested, params["test_max_age_months"], ev.today) for p in dr):
        steps.append("test the disaster recovery plan and record `last_tested`")
    if not any(p.offline_copy for p in digital):
        steps.append("keep a printed or offline copy so the plan is usable when the network is down")
    return (PARTLY if steps else MET), evidence, "; ".join(steps)


def strategy_reviewed(ev: Evidence, params: dict[str, Any]) -> Outcome:
    strategy = ev.strategy
    if strategy is None:
        return NO_EVIDENCE, [], "write the digital technology strategy in strategy/strategy.yaml (`sd report strategy`)"
    last = getattr(strategy, "last_reviewed", None)
    evidence = [f"strategy/strategy.yaml: last reviewed {last or 'never'}"]
    months = params["max_age_months"]
    step = f"review the strategy with SLT and governors (due every {months} months), then record `last_reviewed`"
    return _on_time(last, months, ev.today, evidence, step)


def review_logged(ev: Evidence, params: dict[str, Any]) -> Outcome:
    kind, months = params["kind"], params["max_age_months"]
    events = [r for r in ev.gov.reviews if r.kind == kind]
    what = REVIEW_LABELS.get(kind, kind.replace("_", " "))
    if not events:
        return NO_EVIDENCE, [], f"log the {what} in {REVIEWS} (kind `{kind}`, date, who took part)"
    latest = max(events, key=lambda r: r.date)
    evidence = [f"{REVIEWS}: {latest.id} ({latest.date})"]
    if not _within(latest.date, months, ev.today):
        step = f"the last {what} was {latest.date}; it is due every {months} months — carry it out and log it"
        return NOT_MET, evidence, step
    steps = _who_took_part(ev, latest, params)
    return (PARTLY if steps else MET), evidence, "; ".join(steps)


def _who_took_part(ev: Evidence, event: Any, params: dict[str, Any]) -> list[str]:
    """What the standard asks of the participants and the entry does not show: groups (`audiences`, e.g.
    staff and students) and roles held by someone named in `by` (e.g. at least one governor)."""
    steps = []
    groups = [a for a in params.get("audiences", []) if a not in event.audiences]
    if groups:
        steps.append(f"{event.id} does not show {' and '.join(groups)} taking part (`audiences`)")
    roles = {p.id: set(p.roles) for p in _current_people(ev)}
    held = set().union(*(roles.get(pid, set()) for pid in event.by))
    missing = [name for name, group in params.get("role_groups", {}).items() if not held & set(group)]
    if missing:
        steps.append(f"{event.id} names no {' or '.join(missing)} in `by`; include at least one")
    return steps


def _latest(ev: Evidence, kinds: Sequence[str]) -> Any:
    events = [r for r in ev.gov.reviews if r.kind in kinds]
    return max(events, key=lambda r: r.date) if events else None


def assessed_and_reviewed(ev: Evidence, params: dict[str, Any]) -> Outcome:
    """An assessment within `max_age_months` and a review (or a new assessment) within `review_months`."""
    kind, review_kind = params["kind"], params["review_kind"]
    months, review_months = params["max_age_months"], params["review_months"]
    what = REVIEW_LABELS.get(kind, kind)
    latest = _latest(ev, [kind])
    if latest is None:
        return NO_EVIDENCE, [], f"log the {what} in {REVIEWS} (kind `{kind}`, date, who took part)"
    evidence = [f"{REVIEWS}: {latest.id} ({latest.date})"]
    if not _within(latest.date, months, ev.today):
        return NOT_MET, evidence, f"the last {what} was {latest.date}; repeat it (due every {months} months)"
    review = _latest(ev, [kind, review_kind])
    if review is not latest:
        evidence.append(f"{REVIEWS}: {review.id} ({review.date})")
    if not _within(review.date, review_months, ev.today):
        step = (
            f"the last review was {review.date}; review the {what} every term (within {review_months} months) "
            f"and log it (kind `{review_kind}`)"
        )
        return PARTLY, evidence, step
    return MET, evidence, ""


def backup_plan(ev: Evidence, params: dict[str, Any]) -> Outcome:
    """A restore test within `test_months`, a backup plan reviewed within `plan_months`, and a copy of the data
    kept apart from the school's network (off site, in the cloud or offline)."""
    test = _latest(ev, [params["test_kind"]])
    plans = [p for p in ev.gov.continuity_plans if "backup" in p.covers]
    if test is None and not plans:
        return NO_EVIDENCE, [], f"record the backup plan in {CONTINUITY_PLANS} and log restore tests in {REVIEWS}"
    evidence, steps = [], []
    if test is not None:
        evidence.append(f"{REVIEWS}: {test.id} ({test.date})")
    if not _within(test.date if test else None, params["test_months"], ev.today):
        steps.append(f"test a restore every term (within {params['test_months']} months) and log it")
    plan = max(plans, key=lambda p: p.last_reviewed) if plans else None
    if plan is None:
        steps.append(f"write the backup plan and record it in {CONTINUITY_PLANS} (covers: [backup])")
    else:
        evidence.append(f"{CONTINUITY_PLANS}: {plan.id} (reviewed {plan.last_reviewed})")
        if not _within(plan.last_reviewed, params["plan_months"], ev.today):
            steps.append(f"review the backup plan {plan.id} (due every {params['plan_months']} months)")
        if not any(c.where != "onsite" or c.offline for c in plan.copies):
            steps.append(f"keep a copy of the data off site or offline and list it under `copies` of {plan.id}")
    if not steps:
        return MET, evidence, ""
    return (PARTLY if evidence else NOT_MET), evidence, "; ".join(steps)


def filtering_review(ev: Evidence, params: dict[str, Any]) -> Outcome:
    reviews = ev.gov.filtering_reviews
    if not reviews:
        return NO_EVIDENCE, [], f"record the annual filtering and monitoring review in {FILTERING_MONITORING}"
    latest = latest_filtering_review(reviews)
    evidence = [f"{FILTERING_MONITORING}: {latest.id} ({latest.date})"]
    months = params["max_age_months"]
    if not _within(latest.date, months, ev.today):
        return NOT_MET, evidence, f"the last review was {latest.date}; review at least every {months} months"
    roles = {p.id: set(p.roles) for p in ev.regs.people}
    present = set().union(*(roles.get(pid, set()) for pid in latest.reviewers))
    missing = [name for name, group in params["role_groups"].items() if not present & set(group)]
    steps = []
    if missing:
        steps.append(f"involve {', '.join(missing)} in the next review")
    if not latest.checks:
        steps.append("record the checks carried out (e.g. the SWGfL test tool) in `checks`")
    return (PARTLY if steps else MET), evidence, "; ".join(steps)


def latest_filtering_review(reviews: Sequence[Any]) -> Any:
    """The latest full (annual) review; trigger reviews do not replace it. The latest of any when none is annual."""
    annual = [r for r in reviews if r.trigger == "annual"] or list(reviews)
    return max(annual, key=lambda r: r.date)


def _devices(ev: Evidence, categories: Sequence[str]) -> list[Any]:
    wanted = set(categories)
    return [a for a in ev.regs.assets if not a.archived and a.category in wanted]


def devices_supported(ev: Evidence, params: dict[str, Any]) -> Outcome:
    devices = _devices(ev, params["categories"])
    if not devices:
        return NO_EVIDENCE, [], "record these devices in the asset register with their model"
    models = {m.id: m for m in ev.regs.models}
    unsupported = [
        a for a in devices if (m := models.get(a.model)) and m.end_of_support and m.end_of_support < ev.today
    ]
    unknown = [a for a in devices if not ((m := models.get(a.model)) and m.end_of_support)]
    evidence = [f"{layout.ASSETS_CSV}: {len(devices)} in use"]
    steps = []
    if unsupported:
        evidence.append(f"past vendor end of support: {_ids(unsupported)}")
        steps.append(f"replace or retire the {len(unsupported)} unsupported devices (`sd check renewals --detail`)")
    expired, no_warranty = [], []
    if params.get("warranty"):
        expired = [a for a in devices if a.warranty_end is not None and a.warranty_end < ev.today]
        no_warranty = [a for a in devices if a.warranty_end is None]
        if expired:
            evidence.append(f"past `warranty_end`: {_ids(expired)}")
            steps.append(f"renew the warranty or plan the replacement of {_ids(expired)}")
    if unsupported or expired:
        return NOT_MET, evidence, "; ".join(steps)
    if unknown:
        return PARTLY, evidence, f"record `end_of_support` for the models of {len(unknown)} devices in {layout.MODELS}"
    if no_warranty:
        return PARTLY, evidence, f"record `warranty_end` for {_ids(no_warranty)}"
    return MET, evidence, ""


def support_dates_recorded(ev: Evidence, params: dict[str, Any]) -> Outcome:
    devices = _devices(ev, params["categories"])
    if not devices:
        return NO_EVIDENCE, [], "record devices in the asset register"
    models = {m.id: m for m in ev.regs.models}
    used = sorted({a.model for a in devices})
    missing = [mid for mid in used if not (mid in models and models[mid].end_of_support)]
    evidence = [f"{layout.MODELS}: {len(used) - len(missing)} of {len(used)} models in use have `end_of_support`"]
    step = f"add `end_of_support` to {', '.join(missing[:6])}{' and more' if len(missing) > 6 else ''}"
    return _coverage(missing, used, evidence, step)


def licence_expiry_recorded(ev: Evidence, params: dict[str, Any]) -> Outcome:
    types = set(params["types"])
    licences = [c for c in ev.regs.contracts if c.type in types and c.status in ("active", "renewing", "notice_given")]
    if not licences:
        return NO_EVIDENCE, [], f"record software licences and subscriptions in {layout.CONTRACTS}"
    missing = [c for c in licences if c.end_date is None]
    evidence = [f"{layout.CONTRACTS}: {len(licences) - len(missing)} of {len(licences)} licences have an end date"]
    if not missing:
        return MET, evidence, ""
    return PARTLY, evidence, f"record the expiry (`end_date`) of {_ids(missing)}"


def iar_reviewed(ev: Evidence, params: dict[str, Any]) -> Outcome:
    infos = ev.regs.information_assets
    if not infos:
        return NO_EVIDENCE, [], f"start the information asset register in {layout.INFORMATION_ASSETS}"
    default = ev.regs.config.review_interval("information_assets")
    overdue = [i for i in infos if not _within(i.last_reviewed, i.review_interval_months or default, ev.today)]
    evidence = [f"{layout.INFORMATION_ASSETS}: {len(infos) - len(overdue)} of {len(infos)} reviewed on time"]
    if not overdue:
        return MET, evidence, ""
    status = PARTLY if len(overdue) * 2 <= len(infos) else NOT_MET
    return status, evidence, f"review {_ids(overdue)} with their owners and update `last_reviewed`"


# Values people type when they do not know: never evidence that a field is recorded. A catalogue entry may
# replace the list (`placeholders`).
PLACEHOLDERS = ("n/a", "na", "none", "nil", "null", "-", "--", "?", "tbc", "tbd", "unknown", "not known", "0", "x")


def is_placeholder(value: Any, placeholders: Sequence[str] = PLACEHOLDERS) -> bool:
    """True for an empty value or a stand-in such as `N/A`, `TBC` or `-` (compared case- and space-blind)."""
    text = " ".join(str(value or "").split()).lower()
    return not text or text in {p.lower() for p in placeholders}


def assets_have_fields(ev: Evidence, params: dict[str, Any]) -> Outcome:
    devices = _devices(ev, params["categories"])
    if not devices:
        return NO_EVIDENCE, [], "record devices in the asset register"
    placeholders = params.get("placeholders", PLACEHOLDERS)
    gaps = [a for a in devices if any(is_placeholder(getattr(a, f), placeholders) for f in params["fields"])]
    evidence = [f"{layout.ASSETS_CSV}: {len(devices) - len(gaps)} of {len(devices)} devices complete"]
    if not gaps:
        return MET, evidence, ""
    fields = ", ".join(f"`{f}`" for f in params["fields"])
    return PARTLY, evidence, f"record {fields} for {_ids(gaps)}"


def device_minimums(ev: Evidence, params: dict[str, Any]) -> Outcome:
    since = params["since"]
    support, warranty = params["support_years"], params["warranty_years"]
    models = {m.id: m for m in ev.regs.models}
    bought = [a for a in _devices(ev, list(support)) if a.purchase_date and a.purchase_date >= since]
    if not bought:
        return NO_EVIDENCE, [], f"no devices bought since {since} to check"
    short = []
    for a in bought:
        m = models.get(a.model)
        eos = m.end_of_support if m else None
        if eos is None or eos < add_months(a.purchase_date, 12 * support[a.category]):
            short.append(a)
        elif a.warranty_end is None or a.warranty_end < add_months(a.purchase_date, 12 * warranty[a.category]):
            short.append(a)
    evidence = [
        f"{layout.ASSETS_CSV}: {len(bought) - len(short)} of {len(bought)} devices bought since {since} meet them"
    ]
    if not short:
        return MET, evidence, ""
    return PARTLY, evidence, f"check support and warranty terms before buying; short or unknown: {_ids(short)}"


def disposal_evidence(ev: Evidence, params: dict[str, Any]) -> Outcome:
    disposed = [a for a in ev.regs.assets if a.status == "disposed"]
    if not disposed:
        return NO_EVIDENCE, [], "record disposals with `sd assets dispose` when devices leave"
    missing = [a for a in disposed if not (a.disposal_date and a.disposal_method and a.disposal_certificate)]
    evidence = [f"{layout.ASSETS_CSV}: {len(disposed) - len(missing)} of {len(disposed)} disposals with certificates"]
    if not missing:
        return MET, evidence, ""
    return PARTLY, evidence, f"file the WEEE/data-destruction certificate reference for {_ids(missing)}"


def processors_have_dpa(ev: Evidence, params: dict[str, Any]) -> Outcome:
    processors = [c for c in ev.regs.contracts if c.processor and c.status in ("active", "renewing", "notice_given")]
    if not processors:
        return (
            NO_EVIDENCE,
            [],
            f"mark contracts whose supplier processes personal data with `processor: true` in {layout.CONTRACTS}",
        )
    missing = [c for c in processors if not c.dpa_ref]
    evidence = [
        f"{layout.CONTRACTS}: {len(processors) - len(missing)} of {len(processors)} processors have a `dpa_ref`"
    ]
    return _coverage(missing, processors, evidence, f"record the data processing agreement for {_ids(missing)}")


def dpia_recorded(ev: Evidence, params: dict[str, Any]) -> Outcome:
    risky = [i for i in ev.regs.information_assets if i.personal_data and (i.special_category or i.risk == "high")]
    if not risky:
        return NO_EVIDENCE, [], "mark special category and high-risk information assets in the IAR"
    missing = [i for i in risky if not (i.dpia and (i.dpia.date or i.dpia.ref))]
    evidence = [
        f"{layout.INFORMATION_ASSETS}: {len(risky) - len(missing)} of {len(risky)} high-risk assets have a DPIA"
    ]
    return _coverage(missing, risky, evidence, f"carry out and record a DPIA for {_ids(missing)}")


def connectivity_backup(ev: Evidence, params: dict[str, Any]) -> Outcome:
    lines = [
        c for c in ev.regs.contracts if c.type == "connectivity" and c.status in ("active", "renewing", "notice_given")
    ]
    if not lines:
        return NO_EVIDENCE, [], f"record the broadband contract(s) in {layout.CONTRACTS}"
    evidence = [f"{layout.CONTRACTS}: {_ids(lines)}"]
    internet = [c for c in lines if c.connection in INTERNET_CONNECTIONS]
    unknown = [c for c in lines if c.connection is None]
    kinds = {c.connection for c in internet}
    if len(internet) >= params["min_connections"] and len(kinds) >= params["min_connections"]:
        return MET, evidence, ""
    if unknown and len(lines) >= params["min_connections"]:
        return PARTLY, evidence, f"record the kind of line (`connection`, e.g. fttp, leased_line) of {_ids(unknown)}"
    return (
        NOT_MET,
        evidence,
        "add a second internet connection of a different type (e.g. FTTP plus leased line) with automatic failover",
    )


EVALUATORS: dict[str, Evaluator] = {
    f.__name__: f
    for f in (
        roles_assigned,
        registers_current,
        continuity_plan,
        strategy_reviewed,
        review_logged,
        filtering_review,
        devices_supported,
        support_dates_recorded,
        licence_expiry_recorded,
        iar_reviewed,
        assets_have_fields,
        device_minimums,
        disposal_evidence,
        processors_have_dpa,
        dpia_recorded,
        connectivity_backup,
        assessed_and_reviewed,
        backup_plan,
    )
}
