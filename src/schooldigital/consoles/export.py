"""A console export read into devices: only the allow-listed columns, users mapped to staff or "pupil account".

Read through the shared tabular reader (xlsx, ods, csv, any encoding and separator), so a console download
saved from Excel reads like the CSV. A user cell becomes a person id through people.yaml (email or full name of
a member of staff) or the word `pupil`, at once: the raw value is never stored, returned or printed.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from itertools import compress, repeat
from pathlib import Path
from typing import Any

from schooldigital.consoles import columns, dates
from schooldigital.consoles.columns import Mapping
from schooldigital.derive import EARLIEST_DATE, LATEST_DATE
from schooldigital.errors import InvalidData, UserError
from schooldigital.problems import Problem, Source, excerpt
from schooldigital.tabular.columns import ColumnTable

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
    text = serial.upper() if serial.isalnum() else serial.translate(_DROP).upper()
    return "" if text in PLACEHOLDER_SERIALS else text.lstrip("0") or ""


@dataclass
class Devices:
    """The export by column, one list per `Device` field: 100,000 rows are matched and listed without building
    100,000 objects; `device(i)` builds the one row a match or an addition needs."""

    line: list[int]
    serial: list[str]
    key: list[str]
    tag: list[str]
    model: list[str]
    os: list[str]
    os_version: list[str]
    edition: list[str]
    last_seen: list[dt.date | None]
    end_of_updates: list[dt.date | None]
    location: list[str]
    user: list[str | None]
    status: list[str]
    ownership: list[str]

    def __len__(self) -> int:
        return len(self.line)

    def device(self, row: int) -> Device:
        return Device(*(column[row] for column in self.__dict__.values()))  # the fields in Device's order


@dataclass
class Export:
    devices: Devices
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
        date_format: strptime format of the file's dates when not ISO (numeric dates always need it).
        sheet: a workbook's sheet.
    """
    from schooldigital.tabular.columns import read_columns

    known = frozenset(columns.key(a) for f in columns.ALIASES.values() for names in f.values() for a in names)
    chosen: list[Mapping] = []

    def choose(header: list[str]) -> list[str]:  # only the allow-listed columns are ever kept
        chosen.append(mapping_of(header))
        return list(chosen[-1].headers.values())

    table = read_columns(path, display, choose, sheet=sheet, known=known)
    mapping = chosen[-1]
    if "serial" not in mapping.headers:
        shown = ", ".join(h for h in table.header[:12] if h)
        raise UserError(
            f"{display}: no serial number column (headers: {shown}); export the serial number from the console, "
            "or map its header with a profile in consoles.yaml"
        )
    problems = list(table.problems)
    devices = _devices(table, mapping, people, date_format, table.source, problems)
    if any(p.severity == "error" for p in problems):
        raise InvalidData(problems)
    return Export(devices, mapping, table.how, display)


def _devices(
    table: ColumnTable,
    mapping: Mapping,
    people: dict[str, str],
    date_format: str | None,
    source: Source,
    problems: list[Problem],
) -> Devices:
    """The devices a column at a time: each distinct cell is read once (dates, users, OS)."""
    rows = table.rows
    empty = [""] * rows  # a field the file has no column for

    def cells(name: str) -> list[str]:
        found = table.column(mapping.headers.get(name))
        return empty if found is None else found

    serials = [s.strip() for s in cells("serial")]
    keys = _serial_keys(serials)
    when = {name: _dates(table, mapping.headers.get(name), date_format, source, problems) for name in DATED}
    users = _users(people, cells("user"))
    models = [m.strip() for m in cells("model")]
    fixed = "chromeos" if mapping.source == "google" else mapping_os(mapping)
    os_cells = cells("os")
    if fixed:
        systems = [fixed] * rows
    else:
        systems = _each(lambda pair: _os_of(*pair), zip(os_cells, models, strict=True))
    return Devices(
        list(map(table.line, range(rows))),
        serials,
        keys,
        _stripped(cells("asset_tag")),
        models,
        systems,
        _stripped(cells("os_version")),
        cells("edition"),
        when["last_seen"],
        when["end_of_updates"],
        _stripped(cells("location")),
        users,
        _stripped(cells("status")),
        _stripped(cells("ownership")),
    )


def _serial_keys(serials: list[str]) -> list[str]:
    """`serial_key` of each serial; the common case (letters and digits, no leading zero, not a placeholder)
    is upper-cased at C speed and only the others go through `serial_key`."""
    keys = list(map(str.upper, serials))
    plain = map(str.isalnum, serials)
    zero = map(operator.methodcaller("startswith", "0"), serials)
    odd = compress(range(len(keys)), map(operator.or_, map(operator.not_, plain), zero))
    placeholders = PLACEHOLDER_SERIALS.intersection(keys)
    for row in [*odd, *(i for i, k in enumerate(keys) if k in placeholders)] if placeholders else odd:
        keys[row] = serial_key(serials[row])
    return keys


def _stripped(cells: list[str]) -> list[str]:
    return list(map(str.strip, cells))


DATED = ("last_seen", "end_of_updates")


def _each(function: Any, cells: Any) -> list[Any]:
    """`function` of every cell, worked out once per distinct cell (a column of a few hundred values)."""
    cells = list(cells)
    return list(map({cell: function(cell) for cell in set(cells)}.__getitem__, cells))


def _users(people: dict[str, str], cells: list[str]) -> list[str | None]:
    """Each user cell as a person id (staff), PUPIL, or None for an empty cell: the cells themselves are dropped
    here. At C speed: nearly every device has a user of its own, so there is nothing to look up once."""
    keys = list(map(str.casefold, map(str.strip, cells)))
    found: list[str | None] = list(map(people.get, keys, repeat(PUPIL)))
    for row in compress(range(len(keys)), map(operator.not_, keys)):
        found[row] = None
    return found


def _dates(
    table: ColumnTable, header: str | None, date_format: str | None, source: Source, problems: list[Problem]
) -> list[dt.date | None]:
    """The column's dates: each distinct day parsed once, each bad cell a problem at its line and column."""
    column = table.column(header)
    if column is None or header is None:
        return [None] * table.rows
    days = dates.day_parts(column)
    parsed: dict[str, dt.date | None] = {"": None}
    bad: dict[str, str] = {}
    for day in set(days):
        if day in parsed:
            continue
        try:
            value = dates.parse_day(day, date_format)
        except dates.NumericDate:
            bad[day] = "could be day/month or month/day; give --date-format '%d/%m/%Y' or '%m/%d/%Y'"
            value = None
        except (ValueError, OverflowError, OSError):
            bad[day] = "is not a date sd can read (e.g. 2026-11-20, Jun 2027); give --date-format"
            value = None
        else:
            if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
                bad[day] = f"is outside {EARLIEST_DATE.year}-{LATEST_DATE.year}"
                value = None
        parsed[day] = value
    if bad:
        col = table.header.index(header) + 1
        for row, day in enumerate(days):
            if day in bad:
                where = source.at(table.line(row), col)
                problems.append(Problem(where, "date-invalid", f"`{header}` {excerpt(column[row])!r} {bad[day]}"))
    return list(map(parsed.__getitem__, days))


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
