"""The digital technology strategy: what the school has decided, kept in `strategy/strategy.yaml`.

The DfE asks for a strategy built on the school development plan, covering at least two years and reviewed
every year (digest §2.4). The file holds decisions only (vision, objectives, pilots, a year-by-year plan and
budget lines); the evidence (registers, checks, surveys) is joined in when a report is drawn up.

Objectives belong to a pillar: one of the seven pillars of digital leadership or one of the DfE standards areas,
so the draft can group them and show which areas have no objective at all.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schooldigital.models.base import Date, Id, Money, Record

# The seven pillars of digital leadership, then the DfE digital and technology standards areas (digest §1).
LEADERSHIP_PILLARS: dict[str, str] = {
    "student_learning": "Student engagement, learning and outcomes",
    "learning_spaces": "Learning spaces and environments",
    "professional_learning": "Professional learning",
    "communication": "Communication",
    "public_relations": "Public relations",
    "branding": "Branding",
    "opportunity": "Opportunity",
}
STANDARDS_AREAS: dict[str, str] = {
    "broadband": "Broadband internet",
    "wireless": "Wireless network",
    "switching": "Network switching",
    "cabling": "Network cabling",
    "cyber_security": "Cyber security",
    "filtering_monitoring": "Filtering and monitoring",
    "leadership_governance": "Digital leadership and governance",
    "servers_storage": "Servers and storage",
    "cloud": "Cloud solutions",
    "devices": "Laptops, desktops and tablets",
    "accessibility": "Digital accessibility",
    "it_support": "IT support",
}
PILLARS: dict[str, str] = {**LEADERSHIP_PILLARS, **STANDARDS_AREAS}
Pillar = Literal[tuple(PILLARS)]  # type: ignore[valid-type]

OBJECTIVE_STATUSES = ("not_started", "on_track", "at_risk", "behind", "done", "dropped")
PILOT_DECISIONS = ("pending", "adopt", "adapt", "drop")
FUNDING = ("revenue", "capital", "grant", "donation", "other")
# Academic years are written 2026-27 (the form school budgets and development plans use).
YEAR_PATTERN = r"^\d{4}-\d{2}$"


# Figures sd can count, so an objective's status is derived from evidence (reports/measures.py, issue 14).
MEASURABLE = ("leaders_team", "standards_met", "core_standards_met", "survey_level")


class Measure(Record):
    """A measurable target: `evidence` names the figure, `target` the value that meets the objective."""

    evidence: Literal[MEASURABLE]  # type: ignore[valid-type]
    target: float = Field(gt=0, le=100_000)


class Objective(Record):
    id: Id
    title: str
    owner: Id
    pillar: Pillar
    success_measure: str
    target_date: Date
    status: Literal[OBJECTIVE_STATUSES] = "not_started"  # type: ignore[valid-type]
    notes: str | None = None
    measure: Measure | None = None


class Pilot(Record):
    """A small, time-boxed trial ("measured innovation"): evaluated on a date, then adopted, adapted or dropped."""

    id: Id
    title: str
    hypothesis: str
    cohort: str
    owner: Id | None = None
    objective: Id | None = None
    start: Date
    evaluation_date: Date
    decision: Literal[PILOT_DECISIONS] = "pending"  # type: ignore[valid-type]
    evidence: str | None = None
    # How the pilot is measured (the Denbigh case study measures every pilot): the starting point, what is
    # measured at evaluation, and what it costs.
    baseline: str | None = None
    measure: str | None = None
    cost: Money | None = None


class BudgetLine(Record):
    year: str = Field(pattern=YEAR_PATTERN)
    category: str
    amount: Money
    funding: Literal[FUNDING] = "revenue"  # type: ignore[valid-type]
    item: str | None = None
    objective: Id | None = None


class Strategy(Record):
    title: str = "Digital technology strategy"
    last_reviewed: Date | None = None
    next_review: Date | None = None
    approved_by: str | None = None
    development_plan: str | None = None
    vision: str
    objectives: list[Objective] = Field(default_factory=list)
    pilots: list[Pilot] = Field(default_factory=list)
    # Academic year (2026-27) -> what will be done that year.
    plan: dict[str, list[str]] = Field(default_factory=dict)
    budget: list[BudgetLine] = Field(default_factory=list)

    def years(self) -> list[str]:
        """Every academic year the plan or budget mentions, in order."""
        return sorted(set(self.plan) | {line.year for line in self.budget})
