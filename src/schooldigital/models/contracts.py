"""The contracts register: licences, subscriptions, broadband, IT support and the approved-apps list.

`end_date` is the end of the current term as written on the paper; renewal dates are derived from it,
never stored twice (the GLPI derived-date lesson).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from schooldigital.models.base import Date, Id, IdList, Money, Record

TYPES = (
    "software_subscription",
    "licence_perpetual",
    "support_maintenance",
    "warranty_extension",
    "connectivity",
    "telecoms",
    "saas_service",
    "approved_app",
    "lease",
    "print_managed",
    "insurance",
    "other",
)
RENEWALS = ("auto", "manual", "none", "rolling")
STATUSES = ("active", "notice_given", "renewing", "expired", "terminated", "superseded")
PERIODS = ("annual", "monthly", "termly", "one_off")
# The kind of line a connectivity contract provides (DfE broadband standards 1 and 2: full fibre means a
# leased line or FTTP; a backup must be a different kind of internet connection, so a phone line is none).
CONNECTIONS = (
    "leased_line",
    "fttp",
    "fttc",
    "adsl",
    "satellite_leo",
    "mobile",
    "wireless_fixed",
    "analogue_phone",
    "isdn",
    "other",
)
INTERNET_CONNECTIONS = frozenset(CONNECTIONS) - {"analogue_phone", "isdn", "other"}
FULL_FIBRE = frozenset({"leased_line", "fttp"})
LICENCE_TYPES = frozenset({"software_subscription", "licence_perpetual", "saas_service"})

_PERIOD = re.compile(r"^\s*(\d+)\s*(day|days|d|month|months|m)\s*$", re.IGNORECASE)


class Notice(BaseModel):
    """A notice period as written in contracts: whole days or whole months."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    days: int = Field(default=0, ge=0, le=3650)
    months: int = Field(default=0, ge=0, le=120)

    def __str__(self) -> str:
        return f"{self.months} months" if self.months else f"{self.days} days"


def _notice(value: Any) -> Any:
    """`90`, `90 days` and `3 months` are all notice periods."""
    if isinstance(value, int) and not isinstance(value, bool):
        return {"days": value}
    if isinstance(value, str):
        match = _PERIOD.match(value)
        if not match:
            raise ValueError("expected a notice period like `90 days` or `3 months`")
        unit = "months" if match.group(2).lower().startswith("m") else "days"
        return {unit: int(match.group(1))}
    return value


class Cost(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: Money
    period: Literal[PERIODS] = "annual"  # type: ignore[valid-type]


class Contract(Record):
    id: Id
    title: str
    supplier: Id
    type: Literal[TYPES]  # type: ignore[valid-type]
    connection: Literal[CONNECTIONS] | None = None  # type: ignore[valid-type]
    download_mbps: float | None = Field(default=None, gt=0, le=100_000)
    upload_mbps: float | None = Field(default=None, gt=0, le=100_000)
    owner: Id
    start_date: Date
    end_date: Date | None = None
    renewal: Literal[RENEWALS]  # type: ignore[valid-type]
    renewal_term_months: int | None = Field(default=None, gt=0, le=120)
    notice: Annotated[Notice, BeforeValidator(_notice, json_schema_input_type=int | str | Notice)] | None = None
    alert_days: list[Annotated[int, Field(ge=0, le=3650)]] | None = None
    status: Literal[STATUSES] = "active"  # type: ignore[valid-type]
    cost: Cost | None = None
    seats: int | None = Field(default=None, ge=0)
    licensed_to: str | None = None
    contract_number: str | None = None
    account_number: str | None = None
    po: str | None = None
    covers_assets: IdList = Field(default_factory=list)
    processor: bool = False
    dpa_ref: str | None = None
    information_assets: IdList = Field(default_factory=list)
    documents: str | None = None
    notes: str | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it

    @model_validator(mode="after")
    def _conditional_fields(self) -> Contract:
        if self.end_date is None and self.renewal != "rolling" and self.type != "licence_perpetual":
            raise ValueError("`end_date` is required unless renewal is `rolling` or type is `licence_perpetual`")
        if self.renewal == "auto" and self.renewal_term_months is None:
            raise ValueError("`renewal_term_months` is required when renewal is `auto`")
        if self.renewal == "auto" and self.notice is None:
            raise ValueError("`notice` is required when renewal is `auto` (write `0 days` if there is none)")
        return self
