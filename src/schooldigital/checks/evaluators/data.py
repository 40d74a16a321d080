"""Evaluators that read the contracts and information asset registers, and the self-assessment answers."""

from __future__ import annotations

from typing import Any

from schooldigital import layout
from schooldigital.checks.evaluators.base import (
    LIVE_CONTRACT,
    MET,
    NO_EVIDENCE,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    Evidence,
    Outcome,
    coverage,
    ids,
    some,
    within,
    without,
)
from schooldigital.derive import add_months

ANSWERS = {"yes": MET, "partly": PARTLY, "no": NOT_MET, "not_applicable": NOT_APPLICABLE}


def licence_expiry_recorded(ev: Evidence, params: dict[str, Any]) -> Outcome:
    types = set(params["types"])
    licences = [c for c in ev.regs.contracts if c.type in types and c.status in LIVE_CONTRACT]
    if not licences:
        return Outcome(NO_EVIDENCE, step=f"record software licences and subscriptions in {layout.CONTRACTS}")
    missing = [c for c in licences if c.end_date is None]
    ok = without(licences, missing)
    evidence = [f"{len(ok)} of {len(licences)} licences have an end date"]
    return coverage(ok, missing, evidence, f"record the expiry (`end_date`) of {some(ids(missing))}")


def iar_reviewed(ev: Evidence, params: dict[str, Any]) -> Outcome:
    infos = ev.regs.information_assets
    if not infos:
        return Outcome(NO_EVIDENCE, step=f"start the information asset register in {layout.INFORMATION_ASSETS}")
    default = ev.regs.config.review_interval("information_assets")
    overdue = [i for i in infos if not within(i.last_reviewed, i.review_interval_months or default, ev.today)]
    ok = without(infos, overdue)
    evidence = [f"{len(ok)} of {len(infos)} reviewed on time"]
    return coverage(ok, overdue, evidence, f"review {some(ids(overdue))} with their owners and update `last_reviewed`")


def processors_have_dpa(ev: Evidence, params: dict[str, Any]) -> Outcome:
    processors = [c for c in ev.regs.contracts if c.processor and c.status in LIVE_CONTRACT]
    if not processors:
        step = f"mark contracts whose supplier processes personal data with `processor: true` in {layout.CONTRACTS}"
        return Outcome(NO_EVIDENCE, step=step)
    missing = [c for c in processors if not c.dpa_ref]
    ok = without(processors, missing)
    evidence = [f"{len(ok)} of {len(processors)} processors have a `dpa_ref`"]
    return coverage(ok, missing, evidence, f"record the data processing agreement for {some(ids(missing))}")


def dpia_recorded(ev: Evidence, params: dict[str, Any]) -> Outcome:
    risky = [i for i in ev.regs.information_assets if i.personal_data and (i.special_category or i.risk == "high")]
    if not risky:
        return Outcome(NO_EVIDENCE, step="mark special category and high-risk information assets in the IAR")
    missing = [i for i in risky if not (i.dpia and (i.dpia.date or i.dpia.ref))]
    ok = without(risky, missing)
    evidence = [f"{len(ok)} of {len(risky)} high-risk assets have a DPIA"]
    return coverage(ok, missing, evidence, f"carry out and record a DPIA for {some(ids(missing))}")


def iar_mfa(ev: Evidence, params: dict[str, Any]) -> Outcome:
    """Multi-factor sign-in on every electronic information asset holding personal data (`mfa: true`)."""
    held = [i for i in ev.regs.information_assets if i.personal_data and i.format != "paper"]
    if not held:
        return Outcome(NO_EVIDENCE, step=f"record the systems holding personal data in {layout.INFORMATION_ASSETS}")
    ok = [i for i in held if i.mfa is True]
    off = [i for i in held if i.mfa is False]
    unknown = [i for i in held if i.mfa is None]
    evidence = [f"{len(ok)} of {len(held)} systems holding personal data have MFA on"]
    if off:
        step = f"turn on multi-factor sign-in for {some(ids(off))}"
        return Outcome(NOT_MET if not ok else PARTLY, evidence, step, records=ids(ok), failing=ids(off))
    if unknown:
        step = f"record whether {some(ids(unknown))} use multi-factor sign-in (`mfa`)"
        return Outcome(PARTLY if ok else NO_EVIDENCE, evidence, step, records=ids(ok), failing=ids(unknown))
    return Outcome(MET, evidence, records=ids(ok))


def self_assessed(ev: Evidence, params: dict[str, Any]) -> Outcome:
    """The latest recorded answer for the standard, while it is younger than the expiry; never "evidenced"."""
    standard = params["standard"]
    answers = [a for a in ev.assessments if a.standard == standard]
    if not answers:
        step = f"answer the self-assessment (`sd standards assess {standard}`), with the evidence it rests on"
        return Outcome(NO_EVIDENCE, step=step)
    latest = max(answers, key=lambda a: (a.date, a.id))
    months = ev.self_assessment_months
    if not within(latest.date, months, ev.today):
        expired = add_months(latest.date, months)
        step = (
            f"the self-assessment {latest.id} expired on {expired}; assess it again (`sd standards assess {standard}`)"
        )
        return Outcome(NO_EVIDENCE, [f"{latest.id} ({latest.date}, expired)"], step, failing=[latest.id])
    status = ANSWERS[latest.answer]
    said = f"{latest.id}: {latest.answer.replace('_', ' ')} ({latest.date}, {latest.by})"
    evidence = [said + (f"; evidence: {latest.evidence}" if latest.evidence else "")]
    if status == NOT_APPLICABLE:
        return Outcome(status, evidence, records=[latest.id], reason=latest.notes or "")
    if status == MET:
        return Outcome(status, evidence, records=[latest.id])
    step = latest.notes or "act on the self-assessment, then assess again"
    return Outcome(status, evidence, step, records=[latest.id] if status == PARTLY else [], failing=[latest.id])
