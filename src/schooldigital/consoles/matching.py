"""Console devices matched to register assets, and what each side says differently, in people's terms.

Matching is by serial number normalised (case, spaces, hyphens, leading zeros), then by the console's asset-tag
field holding the register's id (schools write the register tag into Google's Asset ID). Two console records
with one serial (a wiped and re-enrolled device) keep the one seen last; the others are reported, never merged
(jamf2snipe #148). Nothing here writes: `apply` turns the proposed changes into one register write.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from schooldigital.consoles.columns import key
from schooldigital.consoles.export import PUPIL, Device, Devices, serial_key
from schooldigital.consoles.ossupport import OS_NAMES, OsTable, edition_of

IN_USE = ("deployed", "loaned")  # devices that should check in; in stock, on order or in repair need not
GONE = ("retired", "disposed", "lost_stolen")


@dataclass
class Match:
    device: Device
    asset: Any
    by: str  # "serial" or "asset tag"


@dataclass
class Matched:
    matches: list[Match] = field(default_factory=list)
    unregistered: list[int] = field(default_factory=list)  # rows of the export
    duplicates: list[tuple[int, int]] = field(default_factory=list)  # (an older record's row, the kept row)


def match(devices: Devices, assets: list[Any]) -> Matched:
    """Each console device to its asset, by serial then by asset tag; the newest record of a serial wins."""
    by_serial: dict[str, Any] = {}
    for asset in assets:
        if asset.serial:
            by_serial.setdefault(serial_key(asset.serial), asset)
    by_id = {asset.id.casefold(): asset for asset in assets}
    keys, seen, tags = devices.key, devices.last_seen, devices.tag
    newest: dict[str, int] = {}
    out = Matched()
    no_serial = []
    never = dt.date.min
    for row, key_ in enumerate(keys):
        if not key_:
            no_serial.append(row)
            continue
        kept = newest.setdefault(key_, row)
        if kept == row:
            continue
        if (seen[row] or never) > (seen[kept] or never):
            out.duplicates.append((kept, row))
            newest[key_] = row
        else:
            out.duplicates.append((row, kept))
    taken = set()
    for row in [*newest.values(), *no_serial]:
        asset = by_serial.get(keys[row]) if keys[row] else None
        by = "serial"
        if asset is None and tags[row]:
            asset, by = by_id.get(tags[row].casefold()), "asset tag"
        if asset is None or asset.id in taken:
            out.unregistered.append(row)
            continue
        taken.add(asset.id)
        out.matches.append(Match(devices.device(row), asset, by))
    out.unregistered.sort()
    out.matches.sort(key=lambda m: m.device.line)
    return out


def platform_of(asset: Any, model: Any) -> str:
    """chromeos, windows, ipados, ios, macos or "": the model's `os` when recorded, else from its category."""
    if model is not None and model.os:
        low = key(model.os)
        for word, name in (("chrome", "chromeos"), ("windows", "windows"), ("ipad", "ipados"), ("ios", "ios"),
                           ("mac", "macos")):  # fmt: skip
            if word in low:
                return name
    apple = model is not None and model.manufacturer.casefold() == "apple"
    return {
        "chromebook": "chromeos",
        "tablet": "ipados" if apple else "",
        "phone": "ios" if apple else "",
        "laptop": "macos" if apple else "windows",
        "desktop": "macos" if apple else "windows",
    }.get(asset.category, "")


def spellings(model: Any) -> set[str]:
    """Every loose spelling of a register model a console may write."""
    names = [model.id, model.name, f"{model.manufacturer} {model.name}", *model.aliases]
    return {key(n) for n in names if key(n)}


def same_model(console: str, model: Any, cache: dict[tuple[str, str], bool]) -> bool:
    """Whether the console's model text names this register model (equal, or one inside the other)."""
    found = cache.get((console, model.id))
    if found is None:
        text = key(console)
        found = any(
            s == text or (len(s) >= 4 and s in text) or (len(text) >= 4 and text in s) for s in spellings(model)
        )
        cache[(console, model.id)] = found
    return found


def same_place(console: str, location: Any) -> bool:
    text = key(console)
    names = {key(location.id), key(location.name)}
    return text in names or any(len(n) >= 4 and (n in text or text in n) for n in names)


@functools.lru_cache(maxsize=4096)
def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:4])


@dataclass(frozen=True)
class EndOfUpdates:
    date: dt.date
    basis: str  # in people's terms: "Chromebook auto-update expiry in the export", "Windows 11 23H2 (Pro)"
    from_console: bool  # the console's own date (Chromebook AUE), which --apply records


def end_of_updates(device: Device, source_label: str, table: OsTable) -> EndOfUpdates | None:
    """The device's end of security updates: the console's AUE, else its OS version's row in the table."""
    if device.end_of_updates is not None:
        return EndOfUpdates(device.end_of_updates, f"auto-update expiry in the {source_label} export", True)
    if not device.os or not device.os_version or device.os not in OS_NAMES:
        return None
    edition = edition_of(device.edition)
    row = table.find(device.os, device.os_version, edition)
    if row is None:
        return None
    if row.edition == "all":
        what = row.name
    elif edition:
        what = f"{row.name} ({'Enterprise or Education' if row.edition == 'education' else 'Home or Pro'})"
    else:
        what = f"{row.name} (edition not in the export: the earlier date)"
    basis = (
        "vendor end of support"
        if row.basis == "vendor-date"
        else "no vendor date: when Apple's third newer version shipped"
    )
    return EndOfUpdates(row.end, f"{what}, {basis}", False)


def user_text(user: str | None, people: dict[str, Any]) -> str:
    """A console user as a report may name them: a member of staff's name, or "a pupil account"."""
    if user is None:
        return "nobody"
    if user == PUPIL:
        return "a pupil account"
    return people[user].name


def assignee_text(assigned: str | None, people: dict[str, Any], places: dict[str, Any]) -> str:
    if not assigned:
        return "nobody"
    kind, _, ident = assigned.partition(":")
    if kind == "person":
        return people[ident].name if ident in people else ident
    if kind == "room":
        return places[ident].name if ident in places else ident
    return f"class {ident}"
