"""`reconcile`: a console export against the asset register, as one report and the changes --apply would make.

The report names devices by asset id, model name, place and person (staff from people.yaml, else "a pupil
account"), never by a console user's email or name. Its JSON holds exactly what the text
and Markdown show.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schooldigital.consoles import columns, matching, settings
from schooldigital.consoles.export import Devices, Export, read_export
from schooldigital.consoles.matching import GONE, IN_USE, EndOfUpdates, Match
from schooldigital.consoles.ossupport import OsTable, package_rows
from schooldigital.consoles.rows import Rows
from schooldigital.errors import InvalidData, UserError


@dataclass
class Change:
    """One asset's console-owned fields as --apply would record them (None clears a field)."""

    asset: str
    line: int  # the export row it comes from
    values: dict[str, Any]
    before: dict[str, Any]


@dataclass
class Reconciliation:
    report: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    devices: Devices | None = None
    unregistered: list[int] = field(default_factory=list)  # rows of `devices` --add-missing would add
    differs: bool = False


@dataclass
class Context:
    regs: Any
    source: str
    label: str
    today: dt.date
    table: OsTable
    models: dict[str, Any]
    people: dict[str, Any]
    places: dict[str, Any]
    horizon: int  # the renewals' furthest alert stage, in days
    os_checked: dt.date | None  # when the package's OS end-of-support table was last checked
    cache: dict[tuple[str, str], bool] = field(default_factory=dict)

    def model_label(self, model_id: str) -> str:
        model = self.models.get(model_id)
        return f"{model.manufacturer} {model.name}" if model else model_id

    def place(self, location_id: str) -> str:
        return self.places[location_id].name if location_id in self.places else location_id


def reconcile(
    root: Path,
    export: Path,
    *,
    source: str | None = None,
    stale_days: int = 60,
    today: dt.date | None = None,
    date_format: str | None = None,
    sheet: str | None = None,
) -> tuple[Reconciliation, Context, Export]:
    """Read the register and the export and compare them; nothing is written.

    Raises:
        InvalidData: the register or the export has errors (each as file:line); UserError: a wrong option.
    """
    from schooldigital.registers import paused_gc

    with paused_gc():  # a 100,000-row export makes as many lists and dicts: no cycles to collect among them
        return _reconcile(root, export, source, stale_days, today, date_format, sheet)


def _reconcile(
    root: Path,
    export: Path,
    source: str | None,
    stale_days: int,
    today: dt.date | None,
    date_format: str | None,
    sheet: str | None,
) -> tuple[Reconciliation, Context, Export]:
    from schooldigital.registers import load_registers

    day = today or dt.date.today()
    if stale_days < 1:
        raise UserError("--stale must be a number of days, 1 or more")
    regs, problems = load_registers(root)
    if regs is None or any(p.severity == "error" for p in problems):
        raise InvalidData(problems)
    school = settings.load(root)
    rows, checked = package_rows()
    ctx = Context(
        regs=regs,
        source="",
        label="",
        today=day,
        table=OsTable([*school.os_rows, *rows]),
        models={m.id: m for m in regs.models},
        people={p.id: p for p in regs.people},
        places={loc.id: loc for loc in regs.locations},
        horizon=max(regs.config.policy.alert_days, default=0),
        os_checked=checked,
    )
    staff: dict[str, str] = {}
    for person in regs.people:  # staff only: pupils are never in people.yaml
        for spelling in (person.email, person.name):
            if spelling:
                staff.setdefault(spelling.strip().casefold(), person.id)
    profile = _profile(school, source)
    fmt = date_format or (profile.date_format if profile else None)
    display = export.name
    read = read_export(export, display, lambda header: _mapping(header, source, profile, display), staff,
                       date_format=fmt, sheet=sheet)  # fmt: skip
    ctx.source, ctx.label = read.mapping.source, read.mapping.label
    return _compare(ctx, read, stale_days), ctx, read


def _profile(school: settings.Settings, source: str | None) -> settings.Profile | None:
    if source is None or source in columns.SOURCES:
        return None
    if source not in school.profiles:
        known = [*columns.SOURCES, *school.profiles]
        raise UserError(f"--source {source}: expected one of {', '.join(known)} (profiles live in {settings.FILE})")
    return school.profiles[source]


def _mapping(header: list[str], source: str | None, profile: settings.Profile | None, display: str) -> Any:
    if profile is not None:
        return columns.profile_mapping(profile.name, profile.columns, profile.platforms, header)
    chosen = source or columns.detect(header)
    if chosen is None:
        raise UserError(
            f"{display}: cannot tell which console wrote it from its headers; give --source google, intune or "
            f"jamf, or a profile from {settings.FILE}"
        )
    return columns.mapping_for(chosen, header)


def _compare(ctx: Context, export: Export, stale_days: int) -> Reconciliation:
    assets = ctx.regs.assets
    found = matching.match(export.devices, assets)
    out = Reconciliation(report={})
    differences: list[dict[str, Any]] = []
    security: list[dict[str, Any]] = []
    stale: list[dict[str, Any]] = []
    newest = _newest_versions(export.devices)
    seen = set()
    for m in found.matches:
        seen.add(m.asset.id)
        differences += _differences(ctx, m)
        if m.asset.status in GONE:
            continue
        eou = matching.end_of_updates(m.device, ctx.label, ctx.table)
        device = m.device
        base = {"asset": m.asset.id, "line": device.line, "serial": device.serial, "model": device.model}
        security += _security(ctx, base, eou, device.os_version, newest.get(device.os))
        change = _change(ctx, m, eou, differences)
        if change is not None:
            out.changes.append(change)
        last = m.device.last_seen
        if m.asset.status in IN_USE and last is not None and (ctx.today - last).days > stale_days:
            stale.append(_asset_row(ctx, m.asset) | {"last_seen": last.isoformat(), "days": (ctx.today - last).days})
    devices = export.devices
    ends: dict[tuple[Any, ...], dict[str, str] | None] = {}
    columns = (devices.end_of_updates, devices.os, devices.os_version, devices.edition)
    picked = zip(*(map(column.__getitem__, found.unregistered) for column in columns), strict=True)
    flagged, findings = [], []  # the unregistered rows whose updates end soon, and that finding
    for row, pair in zip(found.unregistered, picked, strict=True):  # "behind the latest": register devices only
        if pair not in ends:
            ends[pair] = _end_of_updates(ctx, matching.end_of_updates(devices.device(row), ctx.label, ctx.table))
        if ends[pair] is not None:  # from the columns: a Device for each of 50,000 rows costs a third of a second
            flagged.append(row)
            findings.append(ends[pair])
    unregistered_ends = {"asset": [None] * len(flagged), **_fields(devices, flagged, "line", "serial", "model")}
    for name in ("kind", "date", "state", "basis"):
        unregistered_ends[name] = list(map(operator.itemgetter(name), findings))
    platforms = set(export.mapping.platforms)
    missing = [
        _asset_row(ctx, a)
        for a in assets
        if a.status in IN_USE and a.id not in seen and matching.platform_of(a, ctx.models.get(a.model)) in platforms
    ]
    report = {
        "console": ctx.label,
        "source": ctx.source,
        "file": export.display,
        "read_as": export.how,
        # The allow-list at work: the headers read; every other column (users, phones, notes...) was dropped.
        "columns_read": sorted(export.mapping.headers.values()),
        "columns_ignored": len(export.mapping.dropped),
        "today": ctx.today.isoformat(),
        "stale_days": stale_days,
        "os_support_checked": _text(ctx.os_checked),  # the date of sd's OS end-of-support table
        "devices": len(devices),
        "matched": len(found.matches),
        "unregistered": _device_rows(devices, found.unregistered),
        "missing": missing,
        "stale": stale,
        "differences": differences,
        "security": Rows(unregistered_ends, head=security),
        "duplicates": [
            {"line": devices.line[old], "serial": devices.serial[old], "kept_line": devices.line[kept]}
            for old, kept in found.duplicates
        ],
        "changes": [
            {"asset": c.asset, "line": c.line, "set": {k: _text(v) for k, v in c.values.items()}} for c in out.changes
        ],
    }
    out.report = report
    out.devices, out.unregistered = devices, found.unregistered
    out.differs = any(report[k] for k in ("unregistered", "missing", "stale", "differences", "security", "duplicates"))
    return out


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _asset_row(ctx: Context, asset: Any) -> dict[str, Any]:
    return {
        "asset": asset.id,
        "model": ctx.model_label(asset.model),
        "location": ctx.place(asset.location),
        "status": asset.status,
    }


def _device_rows(devices: Devices, rows: list[int]) -> Rows:
    """The unregistered devices, as columns: 100,000 of them are listed without a dict each."""
    seen = list(map(devices.last_seen.__getitem__, rows))
    days = {day: day.isoformat() for day in set(seen) if day is not None}
    days[None] = None
    owners = list(map(devices.ownership.__getitem__, rows))
    personal = {owner: owner.casefold() == "personal" for owner in set(owners)}  # BYOD: not the school's
    columns = _fields(devices, rows, "line", "serial", "model", "location")
    columns["asset_tag"] = list(map(devices.tag.__getitem__, rows))
    columns["last_seen"] = list(map(days.__getitem__, seen))
    columns["console_status"] = list(map(devices.status.__getitem__, rows))
    columns["personal"] = list(map(personal.__getitem__, owners))
    return Rows(columns)


def _fields(devices: Devices, rows: list[int], *names: str) -> dict[str, list[Any]]:
    """These columns of the export, at these rows."""
    return {name: list(map(getattr(devices, name).__getitem__, rows)) for name in names}


def _differences(ctx: Context, m: Match) -> list[dict[str, Any]]:
    asset, device = m.asset, m.device
    out = []

    def differ(what: str, register: str, console: str) -> None:
        out.append({"asset": asset.id, "line": device.line, "field": what, "register": register, "console": console})

    if asset.status in GONE:
        seen = f"seen on {device.last_seen}" if device.last_seen else "still enrolled"
        differ("status", asset.status.replace("_", " "), seen)
    if m.by == "serial" and device.tag and device.tag.casefold() != asset.id.casefold():
        differ("asset tag", asset.id, device.tag)
    if m.by == "asset tag" and asset.serial and device.key and matching.serial_key(asset.serial) != device.key:
        differ("serial", asset.serial, device.serial)
    model = ctx.models.get(asset.model)
    if device.model and model is not None and not matching.same_model(device.model, model, ctx.cache):
        differ("model", ctx.model_label(asset.model), device.model)
    place = ctx.places.get(asset.location)
    if device.location and place is not None and not matching.same_place(device.location, place):
        differ("location", place.name, device.location)
    assigned = asset.assigned_to or ""
    user = device.user
    if user is not None and assigned != f"person:{user}":
        if user != "pupil" or assigned.startswith("person:"):
            register = matching.assignee_text(asset.assigned_to, ctx.people, ctx.places)
            differ("assignee", register, matching.user_text(user, ctx.people))
    return out


def _newest_versions(devices: Devices) -> dict[str, tuple[tuple[int, ...], str]]:
    """Per OS, the newest version any device of the export runs (the console's latest)."""
    newest: dict[str, tuple[tuple[int, ...], str]] = {}
    for system, version in set(zip(devices.os, devices.os_version, strict=True)):
        if not version:
            continue
        key_ = matching.version_key(version)
        if (  # a set's order varies from run to run: a tie goes to the smaller text, so the output never does
            system not in newest
            or key_ > newest[system][0]
            or (key_ == newest[system][0] and version < newest[system][1])
        ):
            newest[system] = (key_, version)
    return newest


def _security(
    ctx: Context, base: dict[str, Any], eou: EndOfUpdates | None, version: str, latest: tuple[Any, str] | None
) -> list[dict[str, Any]]:
    """A device's security findings: `base` (asset, line, serial, model) with the end of updates when it is past or
    within the alert stages, and with its OS `version` when behind the `latest` in the export."""
    out = []
    ending = _end_of_updates(ctx, eou)
    if ending is not None:
        out.append(base | ending)
    if version and latest and matching.version_key(version) < latest[0]:
        out.append(base | {"kind": "os-behind", "version": version, "latest": latest[1]})
    return out


def _end_of_updates(ctx: Context, eou: EndOfUpdates | None) -> dict[str, str] | None:
    """The end-of-updates finding (kind, date, state, basis) when it is past or within the alert stages."""
    if eou is None:
        return None
    days = (eou.date - ctx.today).days
    if days >= 0 and days > ctx.horizon:
        return None
    state = "past" if days < 0 else f"in {days} days"
    return {"kind": "end-of-updates", "date": eou.date.isoformat(), "state": state, "basis": eou.basis}


def _change(ctx: Context, m: Match, eou: EndOfUpdates | None, differences: list[dict[str, Any]]) -> Change | None:
    """The console-owned fields to record: the AUE where it differs from the model's, and the last check-in."""
    asset, device = m.asset, m.device
    values: dict[str, Any] = {}
    if eou is not None and eou.from_console:
        model = ctx.models.get(asset.model)
        model_end = model.end_of_support if model is not None else None
        if asset.eol_date is not None and asset.eol_source is None:
            if asset.eol_date != eou.date:  # set by hand: a decision, reported and kept
                differences.append({"asset": asset.id, "line": device.line, "field": "end of life",
                                    "register": f"{asset.eol_date} (set by hand, kept)",
                                    "console": f"updates end {eou.date}"})  # fmt: skip
        elif eou.date != model_end:
            if (asset.eol_date, asset.eol_source) != (eou.date, ctx.source):
                values |= {"eol_date": eou.date, "eol_source": ctx.source, "eol_checked": ctx.today}
        elif asset.eol_source is not None:  # the model's date applies again
            values |= {"eol_date": None, "eol_source": None, "eol_checked": None}
    if device.last_seen is not None and (asset.last_seen is None or device.last_seen > asset.last_seen):
        values["last_seen"] = device.last_seen
    if not values:
        return None
    before = {k: getattr(asset, k) for k in values}
    return Change(asset.id, device.line, values, before)
