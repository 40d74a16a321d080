"""Small governance records the DfE standards ask for, beyond the three registers.

- `ContinuityPlan` (`registers/continuity-plans.yaml`): the business continuity / disaster recovery plans
  and whether they cover digital technology, when they were last reviewed and tested, and whether a
  copy survives the network being down (DfE digital leadership and governance standard 3).
- `FilteringReview` (`registers/filtering-monitoring.yaml`): each review of filtering and monitoring,
  with who took part and which systems were checked (filtering and monitoring standard 2).
- `ReviewEvent` (`registers/reviews.yaml`): a log of the other dated reviews and tests the standards name
  (registers reviewed, termly contracts review, cyber risk assessment, cyber training, restore test,
  IT support review, device specification review), with the groups that took part (`audiences`).

- `SelfAssessment` (`registers/self-assessment.yaml`): the school's own answer for a standard no record can
  prove (cabling installed to spec, monitoring reports reach the DSL...), who gave it, when, and the
  document it rests on. `sd check standards` shows these as "self-assessed" and lets them expire.

Each file is an optional list of records; when it is absent the matching standards report "no evidence".
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schooldigital.models.base import Date, Id, IdList, Record, TextList

PLAN_KINDS = ("business_continuity", "disaster_recovery", "cyber_response", "backup")
PlanKind = Literal[PLAN_KINDS]  # type: ignore[valid-type]

FM_TRIGGERS = (
    "annual",
    "safeguarding_risk",
    "working_practice_change",
    "new_technology",
    "major_update",
    "network_change",
    "other",
)

REVIEW_KINDS = (
    "registers",
    "contracts_termly",
    "cyber_risk_assessment",
    "cyber_risk_review",
    "cyber_training",
    "backup_restore_test",
    "it_support",
    "device_specification",
    "account_review",
    "firewall_rules",
    "other",
)
ReviewKind = Literal[REVIEW_KINDS]  # type: ignore[valid-type]
REVIEW_LABELS = {
    "registers": "review of the registers",
    "contracts_termly": "termly contracts review",
    "cyber_risk_assessment": "cyber risk assessment",
    "cyber_risk_review": "termly review of the cyber risk assessment",
    "cyber_training": "cyber awareness training",
    "backup_restore_test": "backup restore test",
    "it_support": "IT support review",
    "device_specification": "device specification review",
    "account_review": "user account review",
    "firewall_rules": "firewall rules review",
    "other": "review",
}
# How often each kind is due, in months, from the DfE standards (termly = 4). A school overrides any of
# them in school.yaml `policy.review_interval_months`.
REVIEW_INTERVALS = {
    "registers": 12,
    "contracts_termly": 4,
    "cyber_risk_assessment": 12,
    "cyber_risk_review": 4,
    "cyber_training": 12,
    "backup_restore_test": 4,
    "it_support": 12,
    "device_specification": 12,
    "account_review": 4,
    "firewall_rules": 4,
}


# Who took part in a training or review, as groups: pupils are never named in the registers, so
# "students" is recorded as a group, while governors and staff who took part can also be named in `by`.
AUDIENCES = ("staff", "students", "governors", "supply_staff", "guests", "contractors")
BACKUP_PLACES = ("onsite", "offsite", "cloud")


class BackupCopy(BaseModel):
    """One copy of the school's data named in a backup plan (DfE cyber standard 6: 3 copies, 2 devices, 1
    off site; immutable; a physical copy off site only encrypted)."""

    model_config = ConfigDict(extra="forbid")
    where: Literal[BACKUP_PLACES]  # type: ignore[valid-type]
    what: str | None = None
    offline: bool = False
    immutable: bool = False
    encrypted: bool = False


class ContinuityPlan(Record):
    """One plan document; a combined BC/DR plan lists both kinds in `covers`."""

    id: Id
    title: str
    covers: list[PlanKind] = Field(min_length=1)
    owner: Id
    covers_digital: bool
    document: str | None = None
    last_reviewed: Date
    last_tested: Date | None = None
    test_notes: str | None = None
    offline_copy: bool = False
    cloud_copy: bool = False
    summary_shared: bool = False
    copies: list[BackupCopy] = Field(default_factory=list)
    review_interval_months: int | None = Field(default=None, gt=0, le=60)
    notes: str | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it

    @model_validator(mode="after")
    def _no_duplicate_kinds(self) -> ContinuityPlan:
        if len(set(self.covers)) != len(self.covers):
            raise ValueError("`covers` lists the same kind twice")
        return self


class FilteringReview(Record):
    """One review of filtering and monitoring provision (KCSIE; DfE F&M standard 2)."""

    id: Id
    date: Date
    trigger: Literal[FM_TRIGGERS] = "annual"  # type: ignore[valid-type]
    reviewers: IdList = Field(min_length=1)
    systems: IdList = Field(default_factory=list)
    checks: TextList = Field(default_factory=list)
    actions: TextList = Field(default_factory=list)
    next_review: Date | None = None
    notes: str | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


class ReviewEvent(Record):
    """A dated review or test that some standard asks for, and who did it."""

    id: Id
    kind: ReviewKind
    date: Date
    by: IdList = Field(min_length=1)
    covers: TextList = Field(default_factory=list)
    audiences: list[Literal[AUDIENCES]] = Field(default_factory=list)  # type: ignore[valid-type]
    outcome: str | None = None
    next_due: Date | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


SELF_ANSWERS = ("yes", "partly", "no", "not_applicable")


class SelfAssessment(Record):
    """One answer to a standard's self-assessment question (`sd standards assess`)."""

    id: Id
    standard: Id
    answer: Literal[SELF_ANSWERS]  # type: ignore[valid-type]
    date: Date
    by: Id
    evidence: str | None = None
    notes: str | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it

    @model_validator(mode="after")
    def _evidence_for_yes(self) -> SelfAssessment:
        if self.answer in ("yes", "partly") and not self.evidence:
            raise ValueError("`evidence` is required for a yes or partly answer (a document path, URL or record id)")
        if self.answer == "not_applicable" and not self.notes:
            raise ValueError("`notes` must give the reason when the answer is `not_applicable`")
        return self
