"""`school.yaml`: who the school is, and the policy defaults every check falls back on.

Anything the reference material marks as unconfirmed or local (lifecycles, alert stages, review
intervals) is a setting here, not a constant in code.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from schooldigital.derive import add_months
from schooldigital.models.base import Date, DateFormat, Id, Record, RelativePath

PHASES = (
    "nursery",
    "primary",
    "middle",
    "secondary",
    "all_through",
    "special",
    "alternative_provision",
    "sixth_form",
    "college",
)

DEFAULT_LIFECYCLE = {
    "laptop": 60,
    "desktop": 72,
    "chromebook": 60,
    "tablet": 48,
    "phone": 36,
    "monitor": 96,
    "display_panel": 96,
    "printer": 84,
    "network": 84,
    "server": 72,
    "storage": 72,
    "av": 96,
    "peripheral": 60,
    "other": 60,
}
DEFAULT_REVIEW_INTERVALS = {
    "information_assets": 12,
    "registers": 12,
    "strategy": 12,
    "continuity_plan": 12,
    "filtering_monitoring": 12,
}


Months = Annotated[int, Field(gt=0, le=240)]


class Policy(Record):
    lifecycle_months: dict[str, Months] = Field(default_factory=lambda: dict(DEFAULT_LIFECYCLE))
    alert_days: list[Annotated[int, Field(ge=0, le=3650)]] = Field(default_factory=lambda: [90, 30, 7])
    audit_interval_months: int = Field(default=12, gt=0, le=60)
    review_interval_months: dict[str, Months] = Field(default_factory=lambda: dict(DEFAULT_REVIEW_INTERVALS))
    commit: bool = False


class LeadersSettings(Record):
    """Digital Leaders: when pupils leave, how long alumni records are kept, and how badges are published."""

    leaving_year: int | None = Field(default=None, ge=1, le=14)  # default: top year of the phase
    retention_months: int = Field(default=12, ge=0, le=120)  # alumni kept this long after leaving
    publish_dir: RelativePath = "out/badges"  # where `sd badges issue` writes the hosted JSON and baked images
    badges_url: str | None = None  # default: <base_url>/badges
    issuer_email: str | None = None  # the school's public contact for the issuer Profile


class SurveySettings(Record):
    """Staff digital-literacy surveys (`sd survey`); every value has a default so older files stay valid."""

    framework: Id = "digilit-leicester"
    eligible_staff: int | None = Field(default=None, ge=1)
    min_group: int = Field(default=5, ge=1)
    decimals: int = Field(default=0, ge=0, le=2)
    key_file: RelativePath = "surveys/.respondent-key"
    mentees_per_mentor: int = Field(default=3, ge=1)
    mentor_department: Literal["prefer", "require", "any"] = "prefer"


class DateRange(Record):
    """The dates a register may hold: one outside is a typing slip (`9999` for `2025`), refused with its place.

    The default reaches back to 1990 (older kit is long gone) and 50 years ahead (the longest lease or
    end-of-support date a school will write).
    """

    earliest: Date = dt.date(1990, 1, 1)
    years_ahead: int = Field(default=50, ge=1, le=100)

    def bounds(self, today: dt.date) -> tuple[dt.date, dt.date]:
        """(earliest, latest) allowed as of `today`."""
        return self.earliest, add_months(today, 12 * self.years_ahead)


class MoneyFormat(Record):
    """How the school writes amounts in spreadsheets it imports and on the command line (`--cost`).

    Registers always hold `1234.50`; this only says how input is read, so `1,50` is never silently £150.
    """

    decimal: Literal[".", ","] = "."
    thousands: Literal[",", ".", " ", "'", ""] = ","

    @model_validator(mode="after")
    def _distinct(self) -> MoneyFormat:
        if self.decimal == self.thousands:
            raise ValueError(f"`money.thousands` must differ from `money.decimal` (both `{self.decimal}`)")
        return self


class SchoolConfig(Record):
    name: str
    urn: str = Field(pattern=r"^\d{6,7}$")
    phase: Literal[PHASES]  # type: ignore[valid-type]
    currency: Literal["GBP", "EUR", "USD"] = "GBP"  # an amount imported in another currency is a warning
    asset_prefix: str = Field(default="", pattern=r"^[A-Z0-9-]*$", max_length=12)
    # How people here type dates at sd's prompts (`%d/%m/%Y`); YYYY-MM-DD is always accepted too.
    date_format: Annotated[DateFormat, Field(max_length=40)] | None = None
    base_url: str | None = None
    policy: Policy = Field(default_factory=Policy)
    survey: SurveySettings = Field(default_factory=SurveySettings)
    leaders: LeadersSettings = Field(default_factory=LeadersSettings)
    dates: DateRange = Field(default_factory=DateRange)
    money: MoneyFormat = Field(default_factory=MoneyFormat)

    def lifecycle_for(self, category: str) -> int:
        return self.policy.lifecycle_months.get(category, DEFAULT_LIFECYCLE.get(category, 60))

    def review_interval(self, what: str) -> int:
        return self.policy.review_interval_months.get(what, DEFAULT_REVIEW_INTERVALS.get(what, 12))
