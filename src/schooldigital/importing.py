"""Importing a spreadsheet CSV or a Snipe-IT export into the asset or contracts register.

An import is all or nothing: every row is read, converted and validated against the whole school (through
the validation overlay, as if already written) and the register is written only when no row has an error.
Every problem points at the import file as `file:row:column`, where row is the file's line number.

Rules (asset-peers.md §1.2 and §5, and the lessons of Snipe-IT's importer):
- Headers match case-, space-, `_`- and `-`-insensitively against the alias tables below. A column the
  register has no place for is an error, unless it is a known Snipe-IT column with no sd field (skipped and
  reported) or is named with `skip_columns`.
- Lookups are never created: a location, model or supplier must exist, given by id or by its exact name
  (case-insensitive). `Checked Out To` may name a member of staff or a room; it becomes `person:ID` or
  `room:ID`. A name that matches nothing is an error, as is one that matches several records.
- Dates must be ISO `YYYY-MM-DD`, unless `date_format` (a `strptime` format such as `%d/%m/%Y`) says how
  the file writes them. Day/month order is never guessed. ISO dates are accepted with `date_format` too.
- Money may be written `£1,234.50`; it is stored as `1234.50`. Snipe-IT's `Warranty` (months) becomes
  `warranty_end` = purchase date + months.
- Assets: a row without an id gets the next free `<asset_prefix>-NNNNN`. A row whose id is already in the
  register is an error, unless `update=True`: then its non-empty cells replace that asset's values (an
  empty cell never clears a value). Rows are merged into `registers/assets.csv`, sorted by id.
- Contracts: a row without an id gets `c<next number>-<title slug>`; an existing id is always an error
  (change existing contracts with `sd contracts edit`). New contracts are appended to
  `registers/contracts.yaml` through the round-trip writer, so every existing line is kept.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from schooldigital import layout
from schooldigital.errors import InvalidData, UserError
from schooldigital.models.assets import ASSET_COLUMNS, Asset
from schooldigital.models.base import Record, validate_records
from schooldigital.models.contracts import Contract
from schooldigital.models.lookups import DeviceModel, Location, Person, Supplier
from schooldigital.problems import Problem, Severity, Source, did_you_mean, has_errors, relpath
from schooldigital.store import csvio
from schooldigital.store.records import RawRecord

Progress = Callable[[str, int, int], None]  # (stage, done, total)

# Normalised header -> register field. Every field's own name is accepted as well.
ASSET_ALIASES: dict[str, str] = {
    "asset tag": "id",
    "asset id": "id",
    "asset number": "id",
    "asset no": "id",
    "tag": "id",
    "serial number": "serial",
    "serial no": "serial",
    "model name": "model",
    "status label": "status",
    "default location": "location",
    "room": "location",
    "name": "description",
    "item name": "description",
    "asset name": "description",
    "checked out to": "assigned_to",
    "assigned to": "assigned_to",
    "assigned": "assigned_to",
    "purchased": "purchase_date",
    "date purchased": "purchase_date",
    "order number": "order_ref",
    "order no": "order_ref",
    "purchase order": "order_ref",
    "po": "order_ref",
    "invoice": "order_ref",
    "purchase cost": "cost",
    "price": "cost",
    "value": "cost",
    "warranty": "warranty_months",
    "warranty months": "warranty_months",
    "warranty expires": "warranty_end",
    "warranty expiry": "warranty_end",
    "warranty end date": "warranty_end",
    "asset eol date": "eol_date",
    "eol": "eol_date",
    "end of life": "eol_date",
    "last audit date": "last_audit",
    "asset notes": "notes",
    "comments": "notes",
}
CONTRACT_ALIASES: dict[str, str] = {
    "contract id": "id",
    "ref": "id",
    "name": "title",
    "item name": "title",
    "licence name": "title",
    "license name": "title",
    "product": "title",
    "vendor": "supplier",
    "contract type": "type",
    "business owner": "owner",
    "start": "start_date",
    "purchase date": "start_date",
    "begin date": "start_date",
    "end": "end_date",
    "expiration date": "end_date",
    "expiry date": "end_date",
    "expires": "end_date",
    "termination date": "end_date",
    "renewal type": "renewal",
    "renewal term": "renewal_term_months",
    "term months": "renewal_term_months",
    "notice period": "notice",
    "cost": "cost.amount",
    "purchase cost": "cost.amount",
    "value": "cost.amount",
    "annual cost": "cost.amount",
    "amount": "cost.amount",
    "price": "cost.amount",
    "period": "cost.period",
    "billing period": "cost.period",
    "cost period": "cost.period",
    "licences": "seats",
    "licenses": "seats",
    "quantity": "seats",
    "licensed to name": "licensed_to",
    "contract no": "contract_number",
    "purchase order": "po",
    "order number": "po",
}
# Snipe-IT columns with no place in the register, skipped with a note. People's names, usernames and
# emails stay out of git, and so do licence keys (asset-peers.md §5.2).
SNIPE_IT_SKIPPED = frozenset(
    {
        "company",
        "manufacturer",
        "model number",
        "model no",
        "model notes",
        "checkout type",
        "requestable",
        "image",
        "last checkin",
        "last checkout",
        "checkout date",
        "expected checkin",
        "next audit",
        "next audit date",
        "full name",
        "username",
        "first name",
        "last name",
        "email",
        "licensed to email",
        "maintained",
        "reassignable",
        "min amt",
        "serial number",
        "product key",
        "key",
    }
)
# Snipe-IT status labels -> sd statuses (asset-peers.md §5.1).
STATUS_ALIASES = {
    "ready to deploy": "in_stock",
    "deployable": "in_stock",
    "pending": "on_order",
    "archived": "retired",
    "out for repair": "in_repair",
    "lost/stolen": "lost_stolen",
    "lost": "lost_stolen",
    "stolen": "lost_stolen",
}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class ImportResult:
    """What an import did (or, with `dry_run`, would do)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped_columns: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False
    summary: str = ""


def norm_header(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", name.strip().lower()).strip()


def _date_fields(model: type[Record]) -> set[str]:
    return {
        n for n, f in model.model_fields.items() if f.annotation is dt.date or dt.date in typing.get_args(f.annotation)
    }


class _Reader:
    """One import file: its header mapped to fields, its rows, and the problems found so far."""

    def __init__(
        self, file: Path, display: str, model: type[Record], aliases: Mapping[str, str], skip: Iterable[str]
    ) -> None:
        self.source = Source(display)
        self.model = model
        self.problems: list[Problem] = []
        try:
            raw = file.read_bytes()
        except OSError as err:
            raise UserError(f"cannot read {display}: {err.strerror}") from None
        text, _ = csvio.decode(raw)
        table, self.problems = csvio.parse_csv(text, self.source)
        self.rows = table.records
        skip_norm = {norm_header(s) for s in skip}
        known = set(model.model_fields) | {"warranty_months"} | set(aliases.values())
        lookup = {norm_header(f): f for f in known} | dict(aliases)
        self.fields: dict[str, str] = {}  # header -> field
        self.columns: dict[str, int] = {}  # field -> column number in the import file
        self.skipped: list[str] = []
        for col, name in enumerate(table.header, 1):
            key = norm_header(name)
            target = lookup.get(key)
            if not name:
                continue
            if target is None and (key in SNIPE_IT_SKIPPED or key in skip_norm):
                self.skipped.append(name)
            elif target is None:
                hint = did_you_mean(key, list(lookup))
                msg = f"column `{name}` has no place in the register{hint}; rename it, or pass --skip-column '{name}'"
                self.problems.append(Problem(self.source.at(1, col), "unknown-field", msg))
            elif target in self.columns:
                msg = f"column `{name}` and column {self.columns[target]} both give `{target}`; keep one"
                self.problems.append(Problem(self.source.at(1, col), "csv-syntax", msg))
            else:
                self.fields[name] = target
                self.columns[target] = col

    def at(self, line: int, target: str) -> Source:
        return self.source.at(line, self.columns.get(target, 0))

    def error(self, line: int, target: str, code: str, message: str) -> None:
        self.problems.append(Problem(self.at(line, target), code, message))

    def values(self, row: RawRecord) -> dict[str, str]:
        return {self.fields[h]: v.strip() for h, v in row.data.items() if h in self.fields and v.strip()}

    def positions(self, line: int, fields: Iterable[str]) -> dict[str, tuple[int, int]]:
        return {f: (line, self.columns[f]) for f in fields if f in self.columns}


class _Names:
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


def _lookups(root: Path) -> tuple[dict[str, _Names], dict[str, DeviceModel]]:
    from schooldigital.registers import load_yaml_register

    loaded = {
        "location": load_yaml_register(root, layout.LOCATIONS, Location).records,
        "model": load_yaml_register(root, layout.MODELS, DeviceModel).records,
        "supplier": load_yaml_register(root, layout.SUPPLIERS, Supplier).records,
        "person": load_yaml_register(root, layout.PEOPLE, Person).records,
    }
    names = {
        "location": _Names(loaded["location"], lambda r: r.name),
        "model": _Names(loaded["model"], lambda r: r.name, lambda r: f"{r.manufacturer} {r.name}"),
        "supplier": _Names(loaded["supplier"], lambda r: r.name),
        "person": _Names(loaded["person"], lambda r: r.name),
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


def _money(value: str) -> str | None:
    text = value.replace("£", "").replace(",", "").replace(" ", "")
    text = re.sub(r"(?i)^gbp|gbp$", "", text)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return str(amount.quantize(Decimal("0.01"))) if amount.is_finite() else None


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _snake(value: str) -> str:
    return re.sub(r"[\s\-/]+", "_", value.strip().lower())


def _convert_common(reader: _Reader, line: int, values: dict[str, str], date_format: str | None) -> None:
    """Dates and money, in place; problems go to the reader."""
    for name in _date_fields(reader.model) & set(values):
        parsed = _parse_date(values[name], date_format)
        if isinstance(parsed, str):
            reader.error(line, name, "date-invalid", f"`{name}`: {parsed}")
            del values[name]
        else:
            values[name] = parsed.isoformat()
    for name in ("cost", "cost.amount"):
        if name in values:
            amount = _money(values[name])
            if amount is None:
                reader.error(line, name, "type-invalid", f"`{name}`: `{values[name]}` is not an amount like 1234.50")
                del values[name]
            else:
                values[name] = amount


def _resolve(
    reader: _Reader, line: int, values: dict[str, str], name: str, kind: str, names: dict[str, _Names]
) -> None:
    if name not in values:
        return
    rid, ambiguous = names[kind].resolve(values[name])
    if rid is not None:
        values[name] = rid
    elif ambiguous:
        msg = f"`{name}`: `{values[name]}` matches several {kind} records ({ambiguous}); give the id"
        reader.error(line, name, "value-invalid", msg)
    # unknown: left as written, so validation reports it with a did-you-mean


def _asset_values(
    reader: _Reader,
    row: RawRecord,
    date_format: str | None,
    names: dict[str, _Names],
    models: dict[str, DeviceModel],
    defaults: Mapping[str, str],
) -> dict[str, str]:
    line = row.source.line
    values = {**defaults, **reader.values(row)}
    _convert_common(reader, line, values, date_format)
    for name, kind in (("location", "location"), ("model", "model"), ("supplier", "supplier")):
        _resolve(reader, line, values, name, kind, names)
    if "status" in values:
        status = values["status"].strip().lower()
        values["status"] = STATUS_ALIASES.get(status, _snake(status))
    if "category" in values:
        category = _snake(values["category"])
        choices = typing.get_args(Asset.model_fields["category"].annotation)
        if category not in choices and category.endswith("s") and category[:-1] in choices:
            category = category[:-1]  # Snipe-IT category names are plural ("Laptops")
        values["category"] = category
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
            end = _add_months(dt.date.fromisoformat(values["purchase_date"]), int(months)).isoformat()
            if values.get("warranty_end", end) != end:
                msg = f"`Warranty` of {months} months ends {end}, but warranty_end says {values['warranty_end']}"
                reader.error(line, "warranty_end", "value-invalid", msg)
            values["warranty_end"] = end
    return values


def _check_rows(reader: _Reader, raws: list[RawRecord], progress: Progress | None, stage: str) -> None:
    """Field-level validation located in the import file, in chunks so a progress bar can move."""
    step = 2000
    for start in range(0, len(raws), step):
        _, problems = validate_records(reader.model, raws[start : start + step])
        for p in problems:
            if p.code == "missing-field" and p.message.endswith("` is required"):
                name = p.message.split("`")[1]
                p = Problem(p.source, p.code, f"{p.message}; add a column for it or pass --default {name}=VALUE")
            reader.problems.append(p)
        if progress:
            progress(stage, min(start + step, len(raws)), len(raws))


def _remap(problems: list[Problem], rel: str, lines: Mapping[int, tuple[int, Callable[[int], int]]], reader: _Reader):  # type: ignore[no-untyped-def]
    """Problems the whole-school validation found in the new register lines, moved to the import rows."""
    out = []
    for p in problems:
        if p.source.path == rel and p.source.line in lines:
            line, column = lines[p.source.line]
            p = Problem(reader.source.at(line, column(p.source.col)), p.code, p.message, p.severity)
        out.append(p)
    return out


def _finish(problems: list[Problem], reader: _Reader) -> list[Problem]:
    """Warnings to show when nothing is wrong; otherwise InvalidData with every error, each reported once
    (a row error found both in the import file and in the merged register is the same problem)."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or has_errors(reader.problems):
        seen: set[tuple[str, int, str, str]] = set()
        unique = []
        for p in sorted(reader.problems, key=Problem.sort_key) + sorted(errors, key=Problem.sort_key):
            key = (p.source.path, p.source.line, p.code, p.message)
            if key not in seen:
                seen.add(key)
                unique.append(p)
        raise InvalidData(sorted(unique, key=Problem.sort_key))
    return [p for p in problems if p.severity is not Severity.ERROR]


def import_assets(
    root: Path,
    file: Path,
    *,
    date_format: str | None = None,
    update: bool = False,
    dry_run: bool = False,
    skip_columns: Iterable[str] = (),
    defaults: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Merge the assets in a spreadsheet CSV or Snipe-IT export into `registers/assets.csv`.

    Args:
        root: the school repository.
        file: the CSV to import (UTF-8 with or without BOM, or Windows-1252; any line endings).
        date_format: `strptime` format of the file's non-ISO dates, e.g. `%d/%m/%Y`.
        update: rows whose id exists update that asset instead of being an error.
        dry_run: validate and report, write nothing.
        skip_columns: headers to ignore.
        defaults: field values for rows that leave them empty (e.g. {"status": "in_stock"}).
        progress: called as (stage, done, total) while rows are checked.

    Raises:
        InvalidData: any row (or the school with the rows added) has an error; nothing is written.
    """
    from schooldigital.edit.assets import _render  # the write-side's CSV writer: sorted by id, columns kept
    from schooldigital.edit.common import next_id
    from schooldigital.registers import load_config, source_for
    from schooldigital.store.atomic import transaction
    from schooldigital.validation import validate_school

    path = layout.assets_file(root)
    if path.suffix != ".csv":
        raise UserError("import writes registers/assets.csv; this school keeps registers/assets.yaml")
    reader = _Reader(file, str(file), Asset, ASSET_ALIASES, skip_columns)
    unknown_defaults = [k for k in (defaults or {}) if k not in Asset.model_fields]
    if unknown_defaults:
        raise UserError(f"--default: assets have no field `{unknown_defaults[0]}`")
    names, models = _lookups(root)
    config, problems = load_config(root)
    if config is None:
        raise InvalidData(problems)
    prefix = f"{config.asset_prefix}-" if config.asset_prefix else ""
    result = ImportResult(skipped_columns=reader.skipped, dry_run=dry_run)
    with transaction(root) as tx:
        header, existing = _existing_csv(root, path, source_for(root, path))
        by_id = {r.get("id", ""): r for r in existing}
        taken = list(by_id)
        first_row: dict[str, int] = {}
        rows: list[tuple[int, dict[str, str]]] = []
        for row in reader.rows:
            line = row.source.line
            values = _asset_values(reader, row, date_format, names, models, defaults or {})
            rid = values.get("id")
            if rid is None:
                rid = values["id"] = next_id(taken, prefix, width=5)
            if rid in first_row:
                msg = f"asset `{rid}` appears twice in this file (first at row {first_row[rid]})"
                reader.error(line, "id", "duplicate-id", msg)
                continue
            first_row[rid] = line
            taken.append(rid)
            if rid in by_id and not update:
                msg = f"asset `{rid}` is already in {relpath(path, root)}; pass --update to update existing assets"
                reader.error(line, "id", "duplicate-id", msg)
                continue
            rows.append((line, values))
        merged_raws = []
        for line, values in rows:
            merged = {**by_id.get(values["id"], {}), **values}
            merged_raws.append(RawRecord(merged, reader.source.at(line), reader.positions(line, values)))
        # Rows with errors are still merged, so one run reports every problem of every row.
        _check_rows(reader, merged_raws, progress, "checking rows")
        for _line, values in rows:
            rid = values["id"]
            if rid in by_id:
                before = dict(by_id[rid])
                by_id[rid].update(values)
                (result.updated if by_id[rid] != before else result.unchanged).append(rid)
            else:
                by_id[rid] = dict(values)
                result.added.append(rid)
        needed = {k for r in by_id.values() for k in r}
        text = _render(header, list(by_id.values()), needed)
        if progress:
            progress("validating the school", 0, 1)
        lines = _line_map(text, relpath(path, root), rows, reader)
        check = validate_school(root, overlay={path: text})
        if check.registers is None:
            raise InvalidData(check.problems)
        result.warnings = _finish(_remap(check.problems, relpath(path, root), lines, reader), reader)
        if progress:
            progress("validating the school", 1, 1)
        changed = bool(result.added or result.updated)
        if not dry_run and changed:
            tx.write(path, text)
            result.written = [path]
    result.summary = f"assets: import {file.name} ({len(result.added)} added, {len(result.updated)} updated)"
    return result


def _existing_csv(root: Path, path: Path, source: Source) -> tuple[list[str], list[dict[str, str]]]:
    if not path.exists():
        return list(ASSET_COLUMNS[:5]), []
    table, problems = csvio.read_csv(path, source)
    if table is None or problems:
        raise InvalidData(problems)
    return list(table.header), [dict(r.data) for r in table.records]


def _line_map(
    text: str, rel: str, rows: list[tuple[int, dict[str, str]]], reader: _Reader
) -> dict[int, tuple[int, Callable[[int], int]]]:
    """Register line -> (import row, register column -> import column) for every imported row."""
    table, _ = csvio.parse_csv(text, Source(rel))
    header = table.header
    where = {values["id"]: line for line, values in rows}

    def column(col: int) -> int:
        return reader.columns.get(header[col - 1], 0) if 0 < col <= len(header) else 0

    return {r.source.line: (where[r.data["id"]], column) for r in table.records if r.data.get("id") in where}


def import_contracts(
    root: Path,
    file: Path,
    *,
    date_format: str | None = None,
    dry_run: bool = False,
    skip_columns: Iterable[str] = (),
    defaults: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Append the contracts in a spreadsheet CSV or Snipe-IT licence export to `registers/contracts.yaml`.

    Args and errors as `import_assets` (there is no update: change existing contracts with `sd contracts edit`).
    `defaults` fills fields the file leaves empty, e.g. {"owner": "htay", "renewal": "manual"}.
    """
    from schooldigital.edit import records, yamledit
    from schooldigital.edit.common import next_id, slugify
    from schooldigital.store.atomic import transaction
    from schooldigital.store.yamlio import plain
    from schooldigital.validation import validate_school

    path = root / layout.CONTRACTS
    reader = _Reader(file, str(file), Contract, CONTRACT_ALIASES, skip_columns)
    top = {f.split(".")[0] for f in (defaults or {})}
    if top - set(Contract.model_fields):
        raise UserError(f"--default: contracts have no field `{sorted(top - set(Contract.model_fields))[0]}`")
    names, _ = _lookups(root)
    result = ImportResult(skipped_columns=reader.skipped, dry_run=dry_run)
    with transaction(root) as tx:
        text, doc = records.read(root, path)
        taken = records.ids(doc)
        existing = set(taken)
        rows: list[tuple[int, dict[str, str]]] = []
        first_row: dict[str, int] = {}
        for row in reader.rows:
            line = row.source.line
            values = {**(defaults or {}), **reader.values(row)}
            _convert_common(reader, line, values, date_format)
            _resolve(reader, line, values, "supplier", "supplier", names)
            _resolve(reader, line, values, "owner", "person", names)
            for name in ("type", "renewal", "status", "cost.period"):
                if name in values:
                    values[name] = _snake(values[name])
            rid = values.get("id") or next_id(taken, "c", slug=slugify(values.get("title", ""), 30))
            values["id"] = rid
            if rid in existing:
                msg = f"contract `{rid}` is already in {layout.CONTRACTS}; change it with `sd contracts edit {rid}`"
                reader.error(line, "id", "duplicate-id", msg)
                continue
            if rid in first_row:
                msg = f"contract `{rid}` appears twice in this file (first at row {first_row[rid]})"
                reader.error(line, "id", "duplicate-id", msg)
                continue
            first_row[rid] = line
            taken.append(rid)
            rows.append((line, values))
        # Validate exactly what will be written: the values as the YAML writer turns them into a record.
        built = [yamledit.new_record(records.yaml_values(Contract, v), list(Contract.model_fields)) for _, v in rows]
        raws = [
            RawRecord(plain(record), reader.source.at(line), reader.positions(line, values))
            for (line, values), record in zip(rows, built, strict=True)
        ]
        _check_rows(reader, raws, progress, "checking rows")
        new_text = text
        for (_, values), record in zip(rows, built, strict=True):
            new_text = yamledit.append_text(new_text, record)
            result.added.append(values["id"])
        lines = _yaml_line_map(new_text, rows, reader)
        check = validate_school(root, overlay={path: new_text})
        if check.registers is None:
            raise InvalidData(check.problems)
        result.warnings = _finish(_remap(check.problems, layout.CONTRACTS, lines, reader), reader)
        if not dry_run and result.added:
            tx.write(path, new_text)
            result.written = [path]
    result.summary = f"contracts: import {file.name} ({len(result.added)} added)"
    return result


def _yaml_line_map(
    text: str, rows: list[tuple[int, dict[str, str]]], reader: _Reader
) -> dict[int, tuple[int, Callable[[int], int]]]:
    """Lines of each appended record -> (import row, column of the field on that line)."""
    where = {values["id"]: line for line, values in rows}
    lines = text.split("\n")
    out: dict[int, tuple[int, Callable[[int], int]]] = {}
    current: int | None = None
    parent = ""
    for number, line_text in enumerate(lines, 1):
        if line_text.startswith("- "):
            match = re.match(r"- id: ['\"]?([^'\"\s]+)", line_text)
            current = where.get(match.group(1)) if match else None
        elif line_text and not line_text.startswith(" "):
            current = None
        if current is None:
            continue
        key_match = re.match(r"^(\s*)(?:- )?([A-Za-z_]+):", line_text)
        key = ""
        if key_match:
            indent, name = key_match.groups()
            if len(indent) <= 2:
                parent, key = name, name
            else:
                key = f"{parent}.{name}"
        col = reader.columns.get(key, 0)
        out[number] = (current, lambda _c, col=col: col)  # type: ignore[misc]
    return out
