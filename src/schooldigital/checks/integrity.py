"""Cross-record checks over the registers: uniqueness, references, date order and disposal evidence.

Each check is a small pure function `(registers) -> Iterable[Problem]`, listed in `CHECKS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from schooldigital.models.base import Record
from schooldigital.problems import Problem, did_you_mean
from schooldigital.registers import Registers

Check = Callable[[Registers], Iterable[Problem]]

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# A UPN is a letter, 11 digits and a final digit or letter; seeing one means a pupil identifier leaked in.
UPN = re.compile(r"\b[A-Z]\d{11}[0-9A-Z]\b")

_FILES = {
    "assets": "assets",
    "contracts": "contracts",
    "information_assets": "information assets",
    "locations": "locations",
    "people": "people",
    "suppliers": "suppliers",
    "models": "models",
}


def duplicate_ids(regs: Registers) -> Iterable[Problem]:
    for kind in _FILES:
        first: dict[str, Record] = {}
        for record in getattr(regs, kind):
            rid = record.id  # type: ignore[attr-defined]
            if rid in first:
                hint = ""
                if kind == "assets":
                    hint = f"; run `sd assets renumber {rid}` to give the later row the next free id"
                msg = f"duplicate id `{rid}` (first at line {first[rid].source.line}){hint}"
                yield Problem(record.source, "duplicate-id", msg)
            else:
                first[rid] = record


def duplicate_serials(regs: Registers) -> Iterable[Problem]:
    first: dict[str, Record] = {}
    for asset in regs.assets:
        serial = (asset.serial or "").strip().upper()
        if not serial or serial == "NONE":
            continue
        if serial in first:
            other = first[serial]
            msg = f"serial `{asset.serial}` is also on asset `{other.id}` (line {other.source.line})"  # type: ignore[attr-defined]
            yield Problem(asset.source, "duplicate-serial", msg)
        else:
            first[serial] = asset


def _ref(record: Record, field: str, value: str, known: set[str] | None, what: str) -> Problem | None:
    if known is None or value in known:
        return None
    msg = f"`{field}`: no {what} `{value}`{did_you_mean(value, known)}; add it to registers/{what_file(what)} first"
    return Problem(record.source_of(field), "unknown-ref", msg)


def what_file(what: str) -> str:
    return {
        "location": "locations.yaml",
        "person": "people.yaml",
        "supplier": "suppliers.yaml",
        "model": "models.yaml",
        "contract": "contracts.yaml",
        "asset": "assets.csv",
        "information asset": "information-assets.yaml",
    }[what]


def references(regs: Registers) -> Iterable[Problem]:
    ids = regs.written_ids
    locations, people, suppliers = ids["locations"], ids["people"], ids["suppliers"]
    models, contracts, assets, infos = ids["models"], ids["contracts"], ids["assets"], ids["information_assets"]
    found: list[Problem | None] = []
    # The common case (every reference known) is tested inline: this loop runs once per asset.
    no_ids: set[str] = set()
    for a in regs.assets:
        if a.location not in (locations or no_ids) and locations is not None:
            found.append(_ref(a, "location", a.location, locations, "location"))
        if a.model not in (models or no_ids) and models is not None:
            found.append(_ref(a, "model", a.model, models, "model"))
        if a.supplier and suppliers is not None and a.supplier not in suppliers:
            found.append(_ref(a, "supplier", a.supplier, suppliers, "supplier"))
        if a.contracts:
            found.extend(_ref(a, "contracts", c, contracts, "contract") for c in a.contracts)
        if a.assigned_to:
            kind, _, target = a.assigned_to.partition(":")
            if kind == "person":
                found.append(_ref(a, "assigned_to", target, people, "person"))
            elif kind == "room":
                found.append(_ref(a, "assigned_to", target, locations, "location"))
    for c in regs.contracts:
        found.append(_ref(c, "supplier", c.supplier, suppliers, "supplier"))
        found.append(_ref(c, "owner", c.owner, people, "person"))
        found.extend(_ref(c, "covers_assets", x, assets, "asset") for x in c.covers_assets)
        found.extend(_ref(c, "information_assets", x, infos, "information asset") for x in c.information_assets)
    for i in regs.information_assets:
        found.append(_ref(i, "owner", i.owner, people, "person"))
        found.extend(_ref(i, "processors", x, contracts, "contract") for x in i.processors)
    return [p for p in found if p]


def date_order(regs: Registers) -> Iterable[Problem]:
    for a in regs.assets:
        if a.purchase_date and a.disposal_date and a.disposal_date < a.purchase_date:
            yield Problem(a.source, "date-order", f"disposed {a.disposal_date} before it was bought {a.purchase_date}")
        if a.purchase_date and a.warranty_end and a.warranty_end < a.purchase_date:
            yield Problem(a.source, "date-order", f"warranty ends {a.warranty_end} before purchase {a.purchase_date}")
    for c in regs.contracts:
        if c.end_date and c.end_date < c.start_date:
            yield Problem(c.source, "date-order", f"term ends {c.end_date} before it starts {c.start_date}")


def disposal(regs: Registers) -> Iterable[Problem]:
    for a in regs.assets:
        if a.status == "disposed":
            missing = [name for name in ("disposal_date", "disposal_method") if getattr(a, name) is None]
            if a.data_wiped is None and a.category not in ("peripheral", "av", "monitor"):
                missing.append("data_wiped")
            if missing:
                msg = f"disposed without {', '.join(missing)}; record it with `sd assets dispose {a.id}`"
                yield Problem(a.source, "disposal-missing", msg)
        elif a.disposal_date is not None:
            msg = f"has a disposal_date but status is `{a.status}`; set status to `disposed` or clear the date"
            yield Problem(a.source, "value-invalid", msg)


def personal_data(regs: Registers) -> Iterable[Problem]:
    """Asset free text must not carry pupils' emails or UPNs: the register lives in git."""
    for a in regs.assets:
        for name in ("assigned_to", "notes", "description"):
            value = getattr(a, name)
            if value and (EMAIL.search(value) or UPN.search(value)):
                msg = f"`{name}` looks like personal data (an email or UPN); use a staff id or class code instead"
                yield Problem(a.source, "personal-data", msg)


CHECKS: Sequence[Check] = (duplicate_ids, duplicate_serials, references, date_order, disposal, personal_data)
