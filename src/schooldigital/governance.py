"""Loading the governance records (continuity plans, filtering & monitoring reviews, the review log and the
standards self-assessment).

All four files are optional: a school that has not started one gets "no evidence" from the standards,
not a validation error. `validate_governance` is registered in `validation.PART_VALIDATORS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from schooldigital import layout
from schooldigital.models.base import Record, validate_records
from schooldigital.models.governance import ContinuityPlan, FilteringReview, ReviewEvent, SelfAssessment
from schooldigital.problems import Problem, Source, did_you_mean, relpath
from schooldigital.registers import Registers
from schooldigital.store import yamlio
from schooldigital.store.files import DISK, Files

CONTINUITY_PLANS = f"{layout.REGISTERS}/continuity-plans.yaml"
FILTERING_MONITORING = f"{layout.REGISTERS}/filtering-monitoring.yaml"
REVIEWS = f"{layout.REGISTERS}/reviews.yaml"
SELF_ASSESSMENT = f"{layout.REGISTERS}/self-assessment.yaml"


@dataclass
class Governance:
    """The governance records; `present` names the files that exist."""

    continuity_plans: list[ContinuityPlan] = field(default_factory=list)
    filtering_reviews: list[FilteringReview] = field(default_factory=list)
    reviews: list[ReviewEvent] = field(default_factory=list)
    self_assessments: list[SelfAssessment] = field(default_factory=list)
    present: set[str] = field(default_factory=set)


_FILES: tuple[tuple[str, str, type[Record]], ...] = (
    ("continuity_plans", CONTINUITY_PLANS, ContinuityPlan),
    ("filtering_reviews", FILTERING_MONITORING, FilteringReview),
    ("reviews", REVIEWS, ReviewEvent),
    ("self_assessments", SELF_ASSESSMENT, SelfAssessment),
)


def load_governance(root: Path, files: Files = DISK) -> tuple[Governance, list[Problem]]:
    """Every governance record that validates, plus every problem; absent files are simply empty.

    Args:
        root: the school root.
        files: file access (with any pending overlay).

    Returns:
        (governance records, problems)
    """
    gov, files = Governance(), files.within(root)
    problems: list[Problem] = []
    for name, relative, model in _FILES:
        path = root / relative
        if not files.exists(path):
            continue
        gov.present.add(name)
        raws, found = yamlio.load_records(path, Source(relpath(path, root)), root, files)
        records, more = validate_records(model, raws)
        setattr(gov, name, records)
        problems += found + more
    return gov, problems


def _ref(record: Record, fld: str, value: str, known: set[str], what: str, where: str) -> Problem | None:
    if value in known:
        return None
    msg = f"`{fld}`: no {what} `{value}`{did_you_mean(value, known)}; add it to {where} first"
    return Problem(record.source_of(fld), "unknown-ref", msg)


def reference_problems(gov: Governance, regs: Registers) -> list[Problem]:
    """People and contracts the governance records name must exist in the registers."""
    people = {p.id for p in regs.people}
    contracts = {c.id for c in regs.contracts}
    found: list[Problem | None] = []
    for plan in gov.continuity_plans:
        found.append(_ref(plan, "owner", plan.owner, people, "person", layout.PEOPLE))
    for review in gov.filtering_reviews:
        found += [_ref(review, "reviewers", p, people, "person", layout.PEOPLE) for p in review.reviewers]
        found += [_ref(review, "systems", c, contracts, "contract", layout.CONTRACTS) for c in review.systems]
    for event in gov.reviews:
        found += [_ref(event, "by", p, people, "person", layout.PEOPLE) for p in event.by]
    for answer in gov.self_assessments:
        found.append(_ref(answer, "by", answer.by, people, "person", layout.PEOPLE))
    return [p for p in found if p]


def duplicate_ids(gov: Governance) -> Iterable[Problem]:
    for name, _, _ in _FILES:
        first: dict[str, Record] = {}
        for record in getattr(gov, name):
            rid = record.id
            if rid in first:
                yield Problem(
                    record.source, "duplicate-id", f"duplicate id `{rid}` (first at line {first[rid].source.line})"
                )
            else:
                first[rid] = record


def validate_governance(regs: Registers) -> list[Problem]:
    """Part validator: syntax, fields, duplicate ids and references of the governance files."""
    from schooldigital.checks.merges import renumbered_records

    gov, problems = load_governance(regs.root, regs.files)
    for name, _, _ in _FILES:
        problems += renumbered_records(name, getattr(gov, name))
    return problems + list(duplicate_ids(gov)) + reference_problems(gov, regs)
