"""Converting and resolving an import row's cells: dates, money, statuses, categories and lookups by id or name.

The rules are in the package docstring (`schooldigital.importing`).
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Callable, Mapping
from itertools import compress, repeat
from pathlib import Path
from typing import Any

from schooldigital import layout
from schooldigital.cells import currency_of, parse_amount
from schooldigital.derive import add_months
from schooldigital.importing.reader import Reader
from schooldigital.models.assets import Asset
from schooldigital.models.lookups import DeviceModel, Location, Person, Supplier
from schooldigital.problems import Problem, Severity, did_you_mean
from schooldigital.store.records import RawRecord

_REGISTER_FILES = {
    "location": layout.LOCATIONS,
    "model": layout.MODELS,
    "supplier": layout.SUPPLIERS,
    "person": layout.PEOPLE,
}

# Snipe-IT status labels -> sd statuses (asset-peers.md §5.1).
STATUS_ALIASES = {
    "ready to deploy": "in_stock",
    "deployable": "in_stock",
    "pending": "on_order",
    "archived": "retired",
    "out for repair": "in_repair",
    "out for diagnostics": "in_repair",
    "broken - not fixable": "broken",
    "lost/stolen": "lost_stolen",
    "lost": "lost_stolen",
    "stolen": "lost_stolen",
}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# the fields `_converted` may change (besides dates): every other cell is kept as written, less its spaces
_CONVERTED = frozenset({"cost", "cost.amount", "location", "model", "supplier", "status", "category", "assigned_to"})
_STATUSES = typing.get_args(Asset.model_fields["status"].annotation)


class Names:
    """Resolves a lookup given by id or exact name (case-insensitive) to its id; never creates one."""

    def __init__(self, records: list[Any], *labels: Callable[[Any], str]) -> None:
        self.ids = {r.id for r in records}
        self.by_name: dict[str, set[str]] = {}
        for r in records:
            for label in labels:
                self.by_name.setdefault(label(r).strip().lower(), set()).add(r.id)

    def resolve(self, value: str) -> tuple[str | None, str]:
        """(id, "") when found; (None, "") when unknown; (None, "a, b") when ambiguous."""
        if value in self.ids:
            return value, ""
        found = self.by_name.get(value.strip().lower(), set())
        if len(found) == 1:
            return next(iter(found)), ""
        return None, ", ".join(sorted(found))


def lookups(root: Path) -> tuple[dict[str, Names], dict[str, DeviceModel]]:
    from schooldigital.registers import load_yaml_register

    loaded = {
        "location": load_yaml_register(root, layout.LOCATIONS, Location).records,
        "model": load_yaml_register(root, layout.MODELS, DeviceModel).records,
        "supplier": load_yaml_register(root, layout.SUPPLIERS, Supplier).records,
        "person": load_yaml_register(root, layout.PEOPLE, Person).records,
    }
    names = {
        "location": Names(loaded["location"], lambda r: r.name),
        "model": Names(loaded["model"], lambda r: r.name, lambda r: f"{r.manufacturer} {r.name}"),
        "supplier": Names(loaded["supplier"], lambda r: r.name),
        "person": Names(loaded["person"], lambda r: r.name),
    }
    return names, {m.id: m for m in loaded["model"]}


def _parse_date(value: str, date_format: str | None) -> dt.date | str:
    """The date, or an error message saying how to fix it."""
    if _ISO.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return f"`{value}` is not a real date"
    if date_format is None:
        return (
            f"`{value}` is not an ISO date (YYYY-MM-DD); pass --date-format to say how this file writes dates, "
            "e.g. --date-format '%d/%m/%Y' (day first) or '%m/%d/%Y' (month first)"
        )
    try:
        return dt.datetime.strptime(value, date_format).date()
    except ValueError:
        return f"`{value}` does not match --date-format {date_format} (and is not YYYY-MM-DD)"


def snake(value: str) -> str:
    return re.sub(r"[\s\-/]+", "_", value.strip().lower())


def convert_common(reader: Reader, line: int, values: dict[str, str], date_format: str | None) -> None:
    """Dates and money, in place; problems go to the reader. Each distinct cell is parsed once per file."""
    memo = reader.memo
    for name in reader.date_fields.intersection(values):
        key = ("date", values[name])
        text = memo.get(key)
        if text is None:
            parsed = _parse_date(values[name], date_format)
            text = memo[key] = (None, parsed) if isinstance(parsed, str) else (parsed.isoformat(), "")
        if text[0] is None:
            reader.error(line, name, "date-invalid", f"`{name}`: {text[1]}")
            del values[name]
        else:
            values[name] = text[0]
    for name in ("cost", "cost.amount"):
        if name in values:
            key = ("money", values[name])
            found = memo.get(key)
            if found is None:
                found = memo[key] = (parse_amount(values[name], reader.money), currency_of(values[name]))
            amount, named = found
            if isinstance(amount, str):
                reader.error(line, name, "type-invalid", f"`{name}`: {amount}")
                del values[name]
                continue
            if named is not None and named != reader.currency:
                msg = (
                    f"`{name}`: `{values[name]}` is in {named} but the school counts in {reader.currency} "
                    f"(`currency` in school.yaml); imported as {amount} {reader.currency}, so check it"
                )
                reader.problems.append(Problem(reader.at(line, name), "currency-foreign", msg, Severity.WARNING))
            values[name] = str(amount)


def resolve(reader: Reader, line: int, values: dict[str, str], name: str, kind: str, names: dict[str, Names]) -> None:
    if name not in values:
        return
    value = values[name]
    key = (kind, value)
    found = reader.memo.get(key)
    if found is None:
        found = reader.memo[key] = names[kind].resolve(value)
    rid, ambiguous = found
    if rid is not None:
        values[name] = rid
        return
    if ambiguous:
        msg = f"`{name}`: `{value}` matches several {kind} records ({ambiguous}); give the id"
        reader.error(line, name, "value-invalid", msg)
    else:
        hint = did_you_mean(value, sorted(names[kind].ids))
        msg = f"`{name}`: no {kind} `{value}`{hint}; add it to {_REGISTER_FILES[kind]} first"
        reader.error(line, name, "unknown-ref", msg)
    del values[name]


def asset_values(
    reader: Reader,
    row: RawRecord,
    date_format: str | None,
    names: dict[str, Names],
    models: dict[str, DeviceModel],
    defaults: Mapping[str, str],
    statuses: Mapping[str, str] | None = None,
) -> dict[str, str]:
    values = {**defaults, **reader.values(row)} if defaults else reader.values(row)
    return _converted(reader, row.source.line, values, date_format, names, models, statuses)


def _converted(
    reader: Reader,
    line: int,
    values: dict[str, str],
    date_format: str | None,
    names: dict[str, Names],
    models: dict[str, DeviceModel],
    statuses: Mapping[str, str] | None,
) -> dict[str, str]:
    """A row's values converted and resolved, in place; problems go to the reader."""
    convert_common(reader, line, values, date_format)
    for name, kind in (("location", "location"), ("model", "model"), ("supplier", "supplier")):
        resolve(reader, line, values, name, kind, names)
    if "status" in values:
        _status(reader, line, values, statuses or {})
    if "category" in values:
        key = ("category", values["category"])
        if key not in reader.memo:
            category = snake(values["category"])
            choices = typing.get_args(Asset.model_fields["category"].annotation)
            if category not in choices and category.endswith("s") and category[:-1] in choices:
                category = category[:-1]  # Snipe-IT category names are plural ("Laptops")
            reader.memo[key] = category
        values["category"] = reader.memo[key]
    elif values.get("model") in models:
        values["category"] = models[values["model"]].category
    if "assigned_to" in values and ":" not in values["assigned_to"]:
        who = values["assigned_to"]
        person, _ = names["person"].resolve(who)
        room, _ = names["location"].resolve(who)
        if person and not room:
            values["assigned_to"] = f"person:{person}"
        elif room and not person:
            values["assigned_to"] = f"room:{room}"
        else:
            what = "both a person and a room" if person and room else "no person or room in the registers"
            msg = f"`assigned_to`: `{who}` is {what}; write person:ID, room:ID or class:CODE"
            reader.error(line, "assigned_to", "value-invalid", msg)
            del values["assigned_to"]
    if "warranty_months" in values:
        months = values.pop("warranty_months")
        if not months.isdigit():
            reader.error(line, "warranty_months", "type-invalid", f"`Warranty`: `{months}` is not a number of months")
        elif "purchase_date" not in values:
            msg = "`Warranty` months need a purchase date to count from; add it or give warranty_end"
            reader.error(line, "warranty_months", "missing-field", msg)
        else:
            end = add_months(dt.date.fromisoformat(values["purchase_date"]), int(months)).isoformat()
            if values.get("warranty_end", end) != end:
                msg = f"`Warranty` of {months} months ends {end}, but warranty_end says {values['warranty_end']}"
                reader.error(line, "warranty_end", "value-invalid", msg)
            values["warranty_end"] = end
    return values


def _status(reader: Reader, line: int, values: dict[str, str], statuses: Mapping[str, str]) -> None:
    """The register status for a status label: `--status LABEL=status` first, then Snipe-IT's labels."""
    label = values["status"]
    key = ("status", label)
    if key not in reader.memo:
        given = {k.strip().lower(): v for k, v in statuses.items()}
        reader.memo[key] = given.get(label.strip().lower()) or STATUS_ALIASES.get(label.strip().lower()) or snake(label)
    status = reader.memo[key]
    if status in _STATUSES:
        values["status"] = status
        return
    hint = did_you_mean(status, _STATUSES)
    msg = (
        f"`status`: `{label}` is not a register status{hint}; map it with --status '{label}=STATUS', "
        f"STATUS one of {', '.join(_STATUSES)}"
    )
    reader.error(line, "status", "choice-invalid", msg)
    del values["status"]


def bulk_asset_values(
    reader: Reader,
    date_format: str | None,
    names: dict[str, Names],
    models: dict[str, DeviceModel],
    statuses: Mapping[str, str] | None,
) -> list[dict[str, str]] | None:
    """Every row's `asset_values` a column at a time, each distinct cell converted once, or None when a row
    may need its own: a cell with a problem (or a warning), a formula-like cell, a column that is not a field
    or repeats a name, or `Warranty` months (read with another column). Same dicts, same key order (issue 20)."""
    fields = reader.fields
    headers = [name for name in reader.header if name]
    if not reader.formula_free or len(fields) != len(headers) or "warranty_months" in fields.values():
        return None
    held = reader.table.columns  # a workbook's rows, by column already
    if held is not None:
        count, by_header = len(held.lines), dict(zip(held.names, held.cells, strict=True))
    else:
        datas = [row.data for row in reader.rows]
        count, by_header = len(datas), {h: list(map(dict.get, datas, repeat(h))) for h in headers}
    columns = []
    before = len(reader.problems)
    for header in headers:
        name = fields[header]
        column = by_header[header]  # None or "" (both falsy) where a row has no cell
        cells = set(column)
        cells.discard(None)
        cells.discard("")
        if name not in _CONVERTED and name not in reader.date_fields:  # kept as written, less the spaces
            stripped = list(map(str.strip, cells))
            if stripped == list(cells):
                columns.append(column)
                continue
            table = dict(zip(cells, stripped, strict=True))
        else:
            table = {}
            for cell in cells:
                value = cell.strip()
                if value:
                    value = _converted(reader, 0, {name: value}, date_format, names, models, statuses).get(name, "")
                if len(reader.problems) > before:
                    del reader.problems[before:]
                    return None
                table[cell] = value
        table[None] = table[""] = ""  # an empty cell, left out of the row
        columns.append(list(map(table.__getitem__, column)))
    targets = [fields[header] for header in headers]
    out = (
        [dict(compress(zip(targets, row, strict=True), row)) for row in zip(*columns, strict=True)]
        if columns
        else [{} for _ in range(count)]
    )
    if "model" in targets:  # a row without a category takes its model's
        for values in out:
            if "category" not in values and values.get("model") in models:
                values["category"] = models[values["model"]].category
    return out
