"""Which DfE digital and technology standards the school meets, judged from its own records.

Every standard of the catalogue (`checks.catalogue`) gets a verdict: met / partly met / not met / no
evidence / not applicable (with the reason) / not due yet (with the date). A standard's verdict combines
its checks (`checks.evaluators`); each check names its kind of evidence, and a "met" that cites no record
is not trusted: it becomes "no evidence". `attention` gives the exit status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from schooldigital.checks.catalogue import Catalogue, StandardSpec, load_catalogue
from schooldigital.checks.evaluators import (
    EVALUATORS,
    MET,
    NO_EVIDENCE,
    NOT_APPLICABLE,
    NOT_DUE,
    NOT_MET,
    PARTLY,
    Evidence,
    Outcome,
)
from schooldigital.governance import Governance
from schooldigital.registers import Registers


@dataclass(frozen=True)
class CheckResult:
    id: str
    kind: str
    outcome: Outcome

    def to_dict(self) -> dict[str, Any]:
        o = self.outcome
        return {
            "id": self.id,
            "kind": self.kind,
            "status": o.status,
            "evidence": list(o.evidence),
            "records": list(o.records),
            "failing": list(o.failing),
            "next_step": o.step,
            "reason": o.reason,
            "due": o.due.isoformat() if o.due else None,
        }


@dataclass(frozen=True)
class StandardResult:
    id: str
    area: str
    area_name: str
    title: str
    core: bool
    when: str
    status: str
    evidence_kind: str
    description: str
    evidence: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    failing: tuple[str, ...] = ()
    next_step: str = ""
    reason: str = ""
    due: dt.date | None = None
    checks: tuple[CheckResult, ...] = field(default=())

    @property
    def self_assessed(self) -> bool:
        return self.evidence_kind == "self-assessed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "area": self.area,
            "area_name": self.area_name,
            "title": self.title,
            "core": self.core,
            "when": self.when,
            "status": self.status,
            "evidence_kind": self.evidence_kind,
            "evidence": list(self.evidence),
            "records": list(self.records),
            "failing": list(self.failing),
            "next_step": self.next_step,
            "reason": self.reason,
            "due": self.due.isoformat() if self.due else None,
            "checks": [c.to_dict() for c in self.checks],
        }


def evaluate(
    regs: Registers,
    today: dt.date,
    *,
    governance: Governance | None = None,
    strategy: Any = None,
    catalogue: Catalogue | None = None,
) -> list[StandardResult]:
    """Every standard of the catalogue judged from the school's records on `today`, core areas first.

    Args:
        regs: the loaded registers.
        today: the day of the assessment (review ages are counted to it).
        governance, strategy: already loaded records; loaded from `regs.root` when not given.
        catalogue: the standards in force (default: the packaged catalogue with the school's overrides).
    """
    if governance is None:
        from schooldigital.checks.renewals import load_extras

        governance, loaded, _ = load_extras(regs)
        strategy = strategy if strategy is not None else loaded
    if catalogue is None:
        catalogue, _ = load_catalogue(regs.root, regs.files)
        if catalogue is None:
            return []
    ev = Evidence(
        regs,
        governance,
        strategy,
        today,
        assessments=governance.self_assessments,
        self_assessment_months=catalogue.settings.self_assessment_months,
    )
    areas = catalogue.areas
    results = []
    for spec in catalogue.ordered():
        area = areas.get(spec.area)
        checks = tuple(_run(ev, spec, i) for i in range(len(spec.checks)))
        results.append(_combine(spec, area.name if area else spec.area, catalogue.is_core(spec), checks))
    return results


def _run(ev: Evidence, spec: StandardSpec, index: int) -> CheckResult:
    check = spec.checks[index]
    params = {**check.params, "standard": spec.id} if check.evaluator == "self_assessed" else dict(check.params)
    try:
        outcome = EVALUATORS[check.evaluator](ev, params)
    except Exception as error:  # noqa: BLE001 - one broken evaluator must not hide the others
        outcome = Outcome(NO_EVIDENCE, step=f"evaluator `{check.evaluator}` failed ({error}); please report it")
    if outcome.status == MET and not outcome.records:
        # A "met" that names no record is not evidence: never show it as met.
        outcome = Outcome(NO_EVIDENCE, outcome.evidence, "no record shows this; please report it")
    return CheckResult(check.id, check.kind, outcome)


def _combine(spec: StandardSpec, area_name: str, core: bool, checks: tuple[CheckResult, ...]) -> StandardResult:
    """One verdict from the checks: met only when every applicable check is met."""
    if spec.not_applicable:
        status, reason, due, kind = NOT_APPLICABLE, spec.not_applicable, None, "self-assessed"
    else:
        live = [c for c in checks if c.outcome.status != NOT_APPLICABLE] or list(checks)
        statuses = {c.outcome.status for c in live}
        kind = _kind(live)
        reason = "; ".join(dict.fromkeys(c.outcome.reason for c in checks if c.outcome.reason))
        dues = [c.outcome.due for c in live if c.outcome.due]
        due = min(dues) if dues else None
        if statuses == {NOT_APPLICABLE}:
            status = NOT_APPLICABLE
        elif statuses == {MET}:
            status = MET
        elif statuses <= {MET, NOT_DUE}:
            status = NOT_DUE
        elif NO_EVIDENCE in statuses and statuses <= {NO_EVIDENCE, NOT_DUE}:
            status = NO_EVIDENCE
        elif NOT_MET in statuses and not statuses & {MET, PARTLY}:
            status = NOT_MET
        else:
            status = PARTLY
    steps = [c.outcome.step for c in checks if c.outcome.step and c.outcome.status not in (MET, NOT_APPLICABLE)]
    return StandardResult(
        id=spec.id,
        area=spec.area,
        area_name=area_name,
        title=spec.title,
        core=core,
        when=spec.when,
        status=status,
        evidence_kind=kind,
        description=spec.evidence,
        evidence=tuple(e for c in checks for e in c.outcome.evidence),
        records=tuple(dict.fromkeys(r for c in checks for r in c.outcome.records)),
        failing=tuple(dict.fromkeys(f for c in checks for f in c.outcome.failing)),
        next_step="; ".join(steps),
        reason=reason,
        due=due if status == NOT_DUE else None,
        checks=checks,
    )


def _kind(checks: Sequence[CheckResult]) -> str:
    """The evidence the verdict rests on: one kind, or the kinds joined (`registers + self-assessed`)."""
    return " + ".join(dict.fromkeys(c.kind for c in checks))


def attention(results: Sequence[StandardResult]) -> bool:
    """Exit-status rule: 1 when any standard is not met."""
    return any(r.status == NOT_MET for r in results)
