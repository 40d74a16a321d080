"""Cross-record checks over the registers: uniqueness, references, date order and disposal evidence.

Each check is a small pure function `(registers) -> Iterable[Problem]`, listed in `CHECKS`.

Asset rules read the register by column (`models.columns.Columns`): `sd validate` never builds 100k asset
models (issue 2), and other commands present their models the same way (`ModelColumns`), so one
implementation serves both. They work on each distinct value once and find its rows at C speed.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from itertools import compress
from typing import Any

from schooldigital.checks.merges import renumbered_by_merge
from schooldigital.checks.ranges import date_range
from schooldigital.models.assets import NO_DATA_CATEGORIES
from schooldigital.models.base import Record
from schooldigital.models.columns import Columns, ModelColumns, rows_with
from schooldigital.problems import Problem, did_you_mean, excerpt
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


def _columns(regs: Registers, kind: str = "assets") -> Columns:
    if kind == "assets" and regs.asset_columns is not None:
        return regs.asset_columns
    return ModelColumns(getattr(regs, kind))


def _value(table: Columns, field: str) -> Callable[[int], Any]:
    """A row's validated value of `field` (the lookup table is built on the first call, if any)."""
    return lambda row: table.values(field)[table.column(field)[row]]


def _repeats(
    table: Columns,
    field: str,
    normal: Callable[[list[Any]], list[Hashable]] | None = None,
    ignore: frozenset[str] = frozenset(),
) -> Iterator[tuple[int, int]]:
    """(row, first row) for each valid row whose key equals an earlier valid row's.

    A row's key is its value through `normal` (a whole-list function, so 100k serials map at C speed); empty
    values and keys in `ignore` never repeat.
    """
    cells, values = table.pairs(field)
    keys = list(compress(values, values))
    if normal is not None:
        keys = normal(keys)
    distinct = set(keys)
    if not table.repeats(field) and len(distinct) - len(distinct & ignore) == len(keys) - sum(map(keys.count, ignore)):
        return  # no cell on two rows, no key on two cells: the common case, settled without a pass in Python
    present = compress(cells, values)
    key_of = dict(zip(present, keys, strict=True))
    column = table.column(field)
    first: dict[Hashable, int] = {}
    for row in table.valid(range(table.rows)):
        key = key_of.get(column[row])
        if key is None or key in ignore:
            continue
        if key in first:
            yield row, first[key]
        else:
            first[key] = row


def duplicate_ids(regs: Registers) -> Iterable[Problem]:
    for kind in _FILES:
        table = _columns(regs, kind)
        rid = _value(table, "id")
        for row, first in _repeats(table, "id"):
            hint = (
                f"; run `sd assets renumber {rid(row)}` to give the later row the next free id"
                if kind == "assets"
                else ""
            )
            msg = f"duplicate id `{rid(row)}` (first at line {table.source(first).line}){hint}"
            yield Problem(table.source(row), "duplicate-id", msg)


def _serial_keys(serials: list[str]) -> list[Hashable]:
    """Serials compare trimmed and case-blind."""
    return list(map(str.upper, map(str.strip, serials)))


def duplicate_serials(regs: Registers) -> Iterable[Problem]:
    table = _columns(regs)
    serial, rid = _value(table, "serial"), _value(table, "id")
    for row, first in _repeats(table, "serial", _serial_keys, frozenset({"", "NONE"})):
        msg = f"serial `{serial(row)}` is also on asset `{rid(first)}` (line {table.source(first).line})"
        yield Problem(table.source(row), "duplicate-serial", msg)


def _unknown(field: str, value: str, known: set[str] | None, what: str) -> str | None:
    """The message for a reference to nothing, or None when `value` is known (or its register unreadable)."""
    if known is None or value in known:
        return None
    hint = did_you_mean(value, known)
    return f"`{field}`: no {what} `{excerpt(value)}`{hint}; add it to registers/{what_file(what)} first"


def _ref(record: Record, field: str, value: str, known: set[str] | None, what: str) -> Problem | None:
    msg = _unknown(field, value, known, what)
    return Problem(record.source_of(field), "unknown-ref", msg) if msg else None


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


def _asset_targets(ids: Mapping[str, set[str] | None]) -> dict[str, Callable[[Any], list[tuple[str, Any, str]]]]:
    """Per asset field, the (value, known ids, what) references one value makes."""

    def assignee(value: str) -> list[tuple[str, Any, str]]:
        kind, _, target = value.partition(":")
        register = {"person": ("people", "person"), "room": ("locations", "location")}.get(kind)
        return [(target, ids[register[0]], register[1])] if register else []

    return {
        "location": lambda v: [(v, ids["locations"], "location")],
        "model": lambda v: [(v, ids["models"], "model")],
        "supplier": lambda v: [(v, ids["suppliers"], "supplier")],
        "contracts": lambda v: [(c, ids["contracts"], "contract") for c in v],
        "assigned_to": assignee,
    }


def _asset_references(regs: Registers) -> Iterator[Problem]:
    table = _columns(regs)
    for field, targets in _asset_targets(regs.written_ids).items():
        messages: dict[Hashable, list[str]] = {}
        for cell, value in table.values(field).items():
            if value:  # each distinct value checked once, however many rows hold it
                found = [_unknown(field, v, known, what) for v, known, what in targets(value)]
                if any(found):
                    messages[cell] = [m for m in found if m]
        column = table.column(field)
        for row in table.valid(rows_with(column, set(messages))):
            where = table.source_of(row, field)
            yield from (Problem(where, "unknown-ref", msg) for msg in messages[column[row]])


def references(regs: Registers) -> Iterable[Problem]:
    ids = regs.written_ids
    people, suppliers, contracts = ids["people"], ids["suppliers"], ids["contracts"]
    found: list[Problem | None] = list(_asset_references(regs))
    for c in regs.contracts:
        found.append(_ref(c, "supplier", c.supplier, suppliers, "supplier"))
        found.append(_ref(c, "owner", c.owner, people, "person"))
        found.extend(_ref(c, "covers_assets", x, ids["assets"], "asset") for x in c.covers_assets)
        found.extend(
            _ref(c, "information_assets", x, ids["information_assets"], "information asset")
            for x in c.information_assets
        )
    for i in regs.information_assets:
        found.append(_ref(i, "owner", i.owner, people, "person"))
        found.extend(_ref(i, "processors", x, contracts, "contract") for x in i.processors)
    return [p for p in found if p]


def _earlier(table: Columns, early: str, late: str) -> list[int]:
    """Valid rows whose `late` date is before their `early` date, both given; compared at C speed."""
    early_days, late_days = table.values(early), table.values(late)
    early_column, late_column = table.column(early), table.column(late)
    if _iso(early_days) and _iso(late_days):  # cells as written compare as the dates do; "" sorts first
        flags = map(operator.and_, map(operator.lt, late_column, early_column), map(bool, late_column))
        return table.valid(compress(range(table.rows), flags))
    never = 1 << 30  # a missing date on either side never compares as out of order
    early_days = {cell: (d.toordinal() if d else -1) for cell, d in early_days.items()}
    late_days = {cell: (d.toordinal() if d else never) for cell, d in late_days.items()}
    flags = map(operator.lt, map(late_days.__getitem__, late_column), map(early_days.__getitem__, early_column))
    return table.valid(compress(range(table.rows), flags))


def _iso(dates: Mapping[Hashable, Any]) -> bool:
    """Whether every valid cell is its date as YYYY-MM-DD, so cells compare as strings (empty and failing cells
    are never compared)."""
    return all(isinstance(cell, str) and (date is None or cell == date.isoformat()) for cell, date in dates.items())


def date_order(regs: Registers) -> Iterable[Problem]:
    table = _columns(regs)
    bought = _value(table, "purchase_date")
    for row in _earlier(table, "purchase_date", "disposal_date"):
        disposed = _value(table, "disposal_date")(row)
        yield Problem(table.source(row), "date-order", f"disposed {disposed} before it was bought {bought(row)}")
    for row in _earlier(table, "purchase_date", "warranty_end"):
        ends = _value(table, "warranty_end")(row)
        yield Problem(table.source(row), "date-order", f"warranty ends {ends} before purchase {bought(row)}")
    for c in regs.contracts:
        if c.end_date and c.end_date < c.start_date:
            yield Problem(c.source, "date-order", f"term ends {c.end_date} before it starts {c.start_date}")


_DISPOSAL_FIELDS = ("status", "category", "disposal_date", "disposal_method", "data_wiped")


def _disposal_gap(status: str, category: str, date: Any, method: Any, wiped: Any) -> tuple[str, str] | None:
    """(code, what is wrong) for one asset's disposal fields, or None when they agree."""
    if status != "disposed":
        return ("value-invalid", status) if date is not None else None
    missing = [name for name, value in (("disposal_date", date), ("disposal_method", method)) if value is None]
    if wiped is None and category not in NO_DATA_CATEGORIES:
        missing.append("data_wiped")
    return ("disposal-missing", ", ".join(missing)) if missing else None


def disposal(regs: Registers) -> Iterable[Problem]:
    table = _columns(regs)
    values = [table.values(name) for name in _DISPOSAL_FIELDS]
    columns = [table.column(name) for name in _DISPOSAL_FIELDS]
    flagged = {cell for cell, value in values[0].items() if value == "disposed"}
    dated = {cell for cell, value in values[2].items() if value is not None}
    rows = table.valid(sorted({*rows_with(columns[0], flagged), *rows_with(columns[2], dated)}))
    # Thousands of disposed assets share a few hundred combinations of these cells: judge each once.
    combos = list(zip(*(map(column.__getitem__, rows) for column in columns), strict=True))
    gaps = {combo: _disposal_gap(*(v[cell] for v, cell in zip(values, combo, strict=True))) for combo in set(combos)}
    rid = _value(table, "id")
    for row, combo in zip(rows, combos, strict=True):
        gap = gaps[combo]
        if gap is None:
            continue
        code, what = gap
        if code == "disposal-missing":
            msg = f"disposed without {what}; record it with `sd assets dispose {rid(row)}`"
        else:
            msg = f"has a disposal_date but status is `{what}`; set status to `disposed` or clear the date"
        yield Problem(table.source(row), code, msg)


def personal_data(regs: Registers) -> Iterable[Problem]:
    """Asset free text must not carry pupils' emails or UPNs: the register lives in git."""
    table = _columns(regs)
    for name in ("assigned_to", "notes", "description"):
        leaks = {
            cell for cell, value in table.values(name).items() if value and (EMAIL.search(value) or UPN.search(value))
        }
        msg = f"`{name}` looks like personal data (an email or UPN); use a staff id or class code instead"
        yield from (
            Problem(table.source(row), "personal-data", msg)
            for row in table.valid(rows_with(table.column(name), leaks))
        )


CHECKS: Sequence[Check] = (
    duplicate_ids,
    duplicate_serials,
    references,
    date_order,
    disposal,
    personal_data,
    date_range,
    renumbered_by_merge,
)
