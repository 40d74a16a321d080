"""Lookup lists the registers point into: locations, people, suppliers and device models.

Lookups are never created implicitly: a typo in a location must fail validation, not make a new room
(the Snipe-IT lesson in the peer research).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schooldigital.models.base import Date, Id, Record, TextList

ROLES = (
    "slt_digital_lead",
    "dpo",
    "dsl",
    "it_support",
    "business_manager",
    "governor_digital_link",
    "headteacher",
    "computing_lead",
    "finance",
    "staff",
    "governor",
)
Role = Literal[ROLES]  # type: ignore[valid-type]

CATEGORIES = (
    "laptop",
    "desktop",
    "chromebook",
    "tablet",
    "phone",
    "monitor",
    "display_panel",
    "printer",
    "network",
    "server",
    "storage",
    "av",
    "peripheral",
    "other",
)
Category = Literal[CATEGORIES]  # type: ignore[valid-type]

LOCATION_KINDS = (
    "site",
    "building",
    "classroom",
    "office",
    "hall",
    "library",
    "store",
    "server_room",
    "suite",
    "other",
)


class Location(Record):
    id: Id
    name: str
    kind: Literal[LOCATION_KINDS] = "classroom"  # type: ignore[valid-type]
    site: str | None = None
    notes: str | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


class Person(Record):
    """A member of staff or a governor. Pupils are never people here: assign devices to a class code."""

    id: Id
    name: str
    roles: list[Role] = Field(default_factory=list)
    email: str | None = None
    department: str | None = None
    left: Date | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


class Supplier(Record):
    id: Id
    name: str
    website: str | None = None
    contact: str | None = None
    phone: str | None = None
    processor: bool = False
    notes: str | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


# What a network or power device does, for the standards that name one (access points, switches, firewalls,
# UPS). Kept on the model, not the asset: every unit of a model does the same job.
DEVICE_ROLES = ("access_point", "switch", "core_switch", "firewall", "router", "ups", "controller", "other")
ACCESSIBILITY_FEATURES = (
    "text_to_speech",
    "dictation",
    "captions",
    "zoom",
    "translation",
    "high_contrast",
    "screen_reader",
    "switch_access",
)


class DeviceModel(Record):
    """A make and model; its lifecycle, vendor end-of-support date and technical facts apply to every asset of it.

    The technical facts are optional and only the DfE standards read them: Wi-Fi generation (wireless 1),
    central management (wireless 3, switching 2), uplink speed and PoE (switching 1), dual power supply
    (servers 1), ENERGY STAR (servers 3) and the accessibility features the device supports (accessibility 2).
    """

    id: Id
    manufacturer: str
    name: str
    category: Category
    lifecycle_months: int | None = Field(default=None, gt=0, le=240)
    end_of_support: Date | None = None
    os: str | None = None
    aliases: TextList = Field(default_factory=list)
    role: Literal[DEVICE_ROLES] | None = None  # type: ignore[valid-type]
    wifi_generation: int | None = Field(default=None, ge=4, le=8)
    managed: bool | None = None
    uplink_gbps: float | None = Field(default=None, gt=0, le=800)
    poe: bool | None = None
    dual_psu: bool | None = None
    energy_star: bool | None = None
    accessibility: list[Literal[ACCESSIBILITY_FEATURES]] | None = None  # type: ignore[valid-type]
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it
