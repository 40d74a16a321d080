"""The asset register: every physical device, from purchase to secure disposal.

Field list follows the DfE asset-register content (number, serial, assignee, location, purchase date,
age, review due, disposal) and the peer-tool research (statuses, warranty, vendor end of support).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schooldigital.models.base import Date, Id, IdList, Money, Record
from schooldigital.models.lookups import Category

STATUSES = ("on_order", "in_stock", "deployed", "in_repair", "loaned", "broken", "lost_stolen", "retired", "disposed")
ARCHIVED = frozenset({"retired", "disposed"})
# Categories that hold no user data, so disposal needs no data-wipe evidence.
NO_DATA_CATEGORIES = frozenset({"peripheral", "av", "monitor"})
DISPOSAL_METHODS = ("weee_contractor", "manufacturer_takeback", "resale", "donation", "recycling", "destroyed", "other")
# assigned_to says who or where has the device: a member of staff, a room, or a class/set code.
# Never a pupil's name: the register is itself an information asset.
ASSIGNEE_PATTERN = r"^(person|room|class):[A-Za-z0-9][A-Za-z0-9._-]*$"


class Asset(Record):
    id: Id
    category: Category
    model: Id
    status: Literal[STATUSES] = "deployed"  # type: ignore[valid-type]
    location: Id
    serial: str | None = Field(default=None, max_length=80)
    description: str | None = None
    assigned_to: str | None = Field(default=None, pattern=ASSIGNEE_PATTERN)
    purchase_date: Date | None = None
    supplier: Id | None = None
    order_ref: str | None = None
    cost: Money | None = None
    funding: str | None = None
    warranty_end: Date | None = None
    eol_date: Date | None = None
    # Where a per-device `eol_date` came from when a console export recorded it (`sd assets reconcile --apply`:
    # google, intune, jamf or a profile name) and the day it was recorded; empty for a date set by hand.
    eol_source: Id | None = None
    eol_checked: Date | None = None
    review_due: Date | None = None
    last_audit: Date | None = None
    last_seen: Date | None = None  # the last check-in a device-management console export showed
    contracts: IdList = Field(default_factory=list)
    byod: bool = False
    disposal_date: Date | None = None
    disposal_method: Literal[DISPOSAL_METHODS] | None = None  # type: ignore[valid-type]
    disposal_certificate: str | None = None
    data_wiped: bool | None = None
    notes: str | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it

    @property
    def archived(self) -> bool:
        return self.status in ARCHIVED


# Column order for assets.csv: identity first, disposal last, so a diff reads left to right.
ASSET_COLUMNS = tuple(Asset.model_fields)
