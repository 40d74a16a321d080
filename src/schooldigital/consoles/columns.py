"""Which column of a console export holds what: one alias table for Google Admin, Intune and Jamf, and profiles.

Why an allow-list: console exports carry users' emails, names, phone numbers and IP addresses. Only the columns
named here are ever read; every other column is dropped as the file is read (device-consoles.md §6), so no
personal value can reach a report or a register by accident. Headers compare loosely (`key`): case, spaces and
punctuation do not matter, so `Serial number`, `serialNumber` and `SERIAL_NUMBER` are one header.

The vendors document their APIs, not the headers of their web consoles' CSV downloads; the aliases below are
those seen in public scripts that parse real exports (tests/data/consoles/SOURCES.md names them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The fields a console row can give, in the order the README table lists them.
FIELDS = ("serial", "asset_tag", "model", "os", "os_version", "edition", "last_seen", "end_of_updates", "location")
FIELDS += ("user", "status", "ownership")
SOURCES = ("google", "intune", "jamf")
LABELS = {"google": "Google Admin", "intune": "Microsoft Intune", "jamf": "Jamf"}

# field -> console -> headers, first found wins. `user` is read only to be mapped to a member of staff through
# people.yaml (else "pupil account") and is never kept.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "serial": {
        "google": ("Serial Number", "serialNumber", "Serial"),
        "intune": ("Serial number", "SerialNumber"),
        "jamf": ("Serial Number", "SerialNumber"),
    },
    "asset_tag": {
        "google": ("Asset ID", "AssetID", "annotatedAssetId", "Annotated Asset ID", "Asset Tag"),
        "jamf": ("Asset Tag", "AssetTag"),
    },
    "model": {"google": ("Model",), "intune": ("Model", "ProductName"), "jamf": ("Model", "Model Identifier")},
    "os": {"intune": ("OS", "Operating system"), "jamf": ("Device Family", "Operating System")},
    "os_version": {
        "google": ("Platform Version", "platformVersion", "OS Version", "osVersion"),
        "intune": ("OS version", "OSVersion"),
        "jamf": ("OS Version", "Operating System Version", "iOS Version"),
    },
    "edition": {"intune": ("SkuFamily",)},
    "last_seen": {
        "google": ("Last Sync", "lastSync", "Last Policy Sync"),
        "intune": ("Last check-in", "LastContact", "lastSyncDateTime"),
        "jamf": ("Last Check-in", "Last Inventory Update", "Last Contact"),
    },
    "end_of_updates": {
        "google": (
            "Auto Update Expiration",
            "Auto Update Expiration Date",
            "AUE",
            "AUE Date",
            "autoUpdateExpiration",
            "autoUpdateThrough",
            "Auto Update Through",
        ),
    },
    "location": {"google": ("Location", "annotatedLocation", "Annotated Location"), "jamf": ("Room", "Building")},
    "user": {
        "google": ("User", "annotatedUser", "Annotated User"),
        "intune": ("Primary user email address", "Primary user UPN", "Primary user display name"),
        "jamf": ("Email Address", "Email", "Username", "Full Name"),
    },
    "status": {"google": ("Status",), "intune": ("Device state",), "jamf": ("Managed",)},
    "ownership": {"intune": ("Ownership",)},
}

# Headers only one console writes: how a file's console is told when --source is not given.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "google": ("Auto Update Expiration", "AUE", "autoUpdateExpiration", "annotatedAssetId", "Asset ID", "Last Sync",
               "Org Unit Path", "orgUnitPath", "Platform Version", "deviceId", "Most Recent User", "Recent Users"),
    "intune": ("Primary user UPN", "Primary user email address", "Last check-in", "SkuFamily", "JoinType",
               "Azure AD Device ID", "Managed by", "Enrollment date", "EAS activated", "Device state"),
    "jamf": ("Last Inventory Update", "Last Check-in", "Device Family", "Supervised", "Computer Name", "Building",
             "Model Identifier", "Jamf ID", "Asset Tag", "Managed"),
}  # fmt: skip

# What each console manages, for "in the register but not in the console": only assets of these platforms.
PLATFORMS = {"google": ("chromeos",), "intune": ("windows",), "jamf": ("ipados", "ios", "macos")}


def console_label(source: str) -> str:
    """A console's name for people ("Google Admin"); a school profile is named as the school named it."""
    return LABELS.get(source, source)


def key(header: str) -> str:
    """A header compared loosely: `Serial number` = `serialNumber` = `SERIAL_NUMBER`."""
    return re.sub(r"[^0-9a-z]", "", header.casefold())


@dataclass(frozen=True)
class Mapping:
    """How to read one export: its console (or profile) and, per field, the header that holds it."""

    source: str
    label: str
    headers: dict[str, str]  # field -> the file's own header
    platforms: tuple[str, ...]
    dropped: list[str] = field(default_factory=list)  # headers never read (personal data among them)


def detect(header: list[str]) -> str | None:
    """The console whose own headers the file has most of; None when none or a tie."""
    have = {key(h) for h in header}
    scores = {s: sum(key(h) in have for h in SIGNATURES[s]) for s in SOURCES}
    best = max(scores.values())
    winners = [s for s, n in scores.items() if n == best]
    return winners[0] if best and len(winners) == 1 else None


def mapping_for(source: str, header: list[str]) -> Mapping:
    """The header of each field for a known console: its first alias the file has."""
    by_key = {key(h): h for h in reversed(header)}  # the first of two loosely equal headers wins
    headers = {}
    for name, consoles in ALIASES.items():
        found = next((by_key[key(a)] for a in consoles.get(source, ()) if key(a) in by_key), None)
        if found is not None:
            headers[name] = found
    return _with_dropped(Mapping(source, LABELS[source], headers, PLATFORMS[source]), header)


def profile_mapping(name: str, columns: dict[str, str], platforms: tuple[str, ...], header: list[str]) -> Mapping:
    """The mapping a school's profile gives (`columns: {Header: field}`), matched loosely to the file's header."""
    by_key = {key(h): h for h in reversed(header)}
    headers = {f: by_key[key(h)] for h, f in columns.items() if f != "drop" and key(h) in by_key}
    return _with_dropped(Mapping(name, name, headers, platforms), header)


def _with_dropped(mapping: Mapping, header: list[str]) -> Mapping:
    used = set(mapping.headers.values())
    mapping.dropped.extend(h for h in header if h and h not in used)
    return mapping
