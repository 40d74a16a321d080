"""A console export read into devices: only the allow-listed columns, users mapped to staff or "pupil account".

Read through the shared tabular reader (xlsx, ods, csv, any encoding and separator), so a console download
saved from Excel reads like the CSV. A user cell becomes a person id through people.yaml (email or full name of
a member of staff) or the word `pupil`, at once: the raw value is never stored, returned or printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schooldigital.consoles import columns, dates
from schooldigital.consoles.columns import Mapping
from schooldigital.derive import EARLIEST_DATE, LATEST_DATE
from schooldigital.errors import InvalidData, UserError
from schooldigital.problems import Problem

PUPIL = "pupil"  # a console user who is not a member of staff in people.yaml
# Serials virtual machines and white-box PCs report: no serial at all (device-consoles.md §2.1).
PLACEHOLDER_SERIALS = frozenset(
    {"", "0", "NA", "NONE", "UNKNOWN", "DEFAULTSTRING", "TOBEFILLEDBYOEM", "SYSTEMSERIALNUMBER", "123456789"}
)
_DROP = str.maketrans("", "", " -_.\t")


@dataclass(slots=True)
class Device:
    """One console row, reduced to what reconciling needs."""

    line: int
    serial: str
    key: str  # the serial normalised (`serial_key`); "" when missing or a placeholder
    tag: str = ""
    model: str = ""
    os: str = ""
    os_version: str = ""
    edition: str = ""
    last_seen: dt.date | None = None
    end_of_updates: dt.date | None = None
    location: str = ""
    user: str | None = None  # a person id, PUPIL, or None when the console names nobody
    status: str = ""
    ownership: str = ""


def serial_key(serial: str) -> str:
    """A serial as compared: case, spaces, hyphens and leading zeros do not matter; placeholders give ""."""
    text = serial.translate(_DROP).upper()
    return "" if text in PLACEHOLDER_SERIALS else text.lstrip("0") or ""


@dataclass
class Export:
    devices: list[Device]
    mapping: Mapping
    how: str
    display: str


def read_export(
    path: Path,
    display: str,
    mapping_of: Any,
    people: dict[str, str],
    *,
    date_format: str | None = None,
    sheet: str | None = None,
) -> Export:
    """Every device of the export, or InvalidData naming each bad cell as file:line:column.

    Args:
        path: the export.
        display: the name messages give it.
        mapping_of: header -> Mapping (the console's aliases or the school's profile).
        people: casefolded email or full name of each member of staff -> their person id.
        date_format: strptime format of the file's dates when not ISO or dd/mm/yyyy.
        sheet: a workbook's sheet.
    """
    from schooldigital.tabular import read_table

    known = frozenset(columns.key(a) for f in columns.ALIASES.values() for names in f.values() for a in names)
    table = read_table(path, display, sheet=sheet, known=known)
    mapping: Mapping = mapping_of(table.header)
    if "serial" not in mapping.headers:
        shown = ", ".join(h for h in table.header[:12] if h)
        raise UserError(
            f"{display}: no serial number column (headers: {shown}); export the serial number from the console, "
            "or map its header with a profile in consoles.yaml"
        )
    problems = list(table.problems)
    devices = _devices(table.records, mapping, people, date_format, problems)
    if any(p.severity == "error" for p in problems):
        raise InvalidData(problems)
    return Export(devices, mapping, table.how, display)


def _devices(
    records: list[Any], mapping: Mapping, people: dict[str, str], date_format: str | None, problems: list[Problem]
) -> list[Device]:
    h = mapping.headers
    serial_h, tag_h, model_h, os_h = h.get("serial", ""), h.get("asset_tag"), h.get("model"), h.get("os")
    version_h, edition_h, seen_h, eou_h = (
        h.get("os_version"),
        h.get("edition"),
        h.get("last_seen"),
        h.get("end_of_updates"),
    )
    location_h, user_h, status_h, own_h = h.get("location"), h.get("user"), h.get("status"), h.get("ownership")
    fixed_os = "chromeos" if mapping.source == "google" else ""
    parse = dates.parser(date_format)
    users: dict[str, str | None] = {}
    out = []
    for record in records:
        data = record.data
        serial = data.get(serial_h, "").strip()
        device = Device(record.source.line, serial, serial_key(serial))
        if tag_h:
            device.tag = data.get(tag_h, "").strip()
        if model_h:
            device.model = data.get(model_h, "").strip()
        if version_h:
            device.os_version = data.get(version_h, "").strip()
        if edition_h:
            device.edition = data.get(edition_h, "")
        if location_h:
            device.location = data.get(location_h, "").strip()
        if status_h:
            device.status = data.get(status_h, "").strip()
        if own_h:
            device.ownership = data.get(own_h, "").strip()
        device.os = fixed_os or _os_of(data.get(os_h, "") if os_h else "", device.model) or mapping_os(mapping)
        if user_h and (cell := data.get(user_h)):
            folded = cell.strip().casefold()
            if folded not in users:
                users[folded] = people.get(folded, PUPIL)
            device.user = users[folded]
        for name, header in (("last_seen", seen_h), ("end_of_updates", eou_h)):
            if header and (cell := data.get(header)):
                setattr(device, name, _date(cell, parse, record, header, problems))
        out.append(device)
    return out


def mapping_os(mapping: Mapping) -> str:
    """The one platform a profile or console manages, when it manages only one."""
    return mapping.platforms[0] if len(mapping.platforms) == 1 else ""


def _os_of(cell: str, model: str) -> str:
    """windows, ipados, ios, macos, android or "" from an OS or device-family cell, else from the model."""
    low = (cell or model).casefold()
    for word, name in (("windows", "windows"), ("ipad", "ipados"), ("iphone", "ios"), ("ios", "ipados"),
                       ("mac", "macos"), ("android", "android"), ("chrome", "chromeos")):  # fmt: skip
        if word in low:
            return name
    return ""


def _date(cell: str, parse: Any, record: Any, header: str, problems: list[Problem]) -> dt.date | None:
    try:
        day = parse(cell)
    except (ValueError, OverflowError, OSError):
        day = None
        why = "is not a date sd can read (e.g. 2026-11-20, 20/11/2026, Jun 2027); give --date-format"
    else:
        if day is None or EARLIEST_DATE <= day <= LATEST_DATE:
            return day
        why = f"is outside {EARLIEST_DATE.year}-{LATEST_DATE.year}"
    from schooldigital.problems import excerpt

    where = record.source_of(header)
    problems.append(Problem(where, "date-invalid", f"`{header}` {excerpt(cell)!r} {why}"))
    return None
