"""`import_contracts`: append a spreadsheet CSV or Snipe-IT licence export to `registers/contracts.yaml`,
all rows or none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from schooldigital import layout
from schooldigital.errors import InvalidData, UserError
from schooldigital.importing.reader import CONTRACT_ALIASES, Reader
from schooldigital.importing.result import ImportResult, Progress, check_rows, finish, remap
from schooldigital.importing.values import convert_common, lookups, resolve, snake
from schooldigital.models.contracts import Contract
from schooldigital.registers import load_config
from schooldigital.store.records import RawRecord


def import_contracts(
    root: Path,
    file: Path,
    *,
    date_format: str | None = None,
    dry_run: bool = False,
    skip_columns: Iterable[str] = (),
    columns: Mapping[str, str] | None = None,
    defaults: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> ImportResult:
    """Append the contracts in a spreadsheet CSV or Snipe-IT licence export to `registers/contracts.yaml`.

    Args and errors as `import_assets` (there is no update: change existing contracts with `sd contracts edit`).
    `defaults` fills fields the file leaves empty, e.g. {"owner": "htay", "renewal": "manual"}.
    """
    from schooldigital.edit import records, yamledit
    from schooldigital.edit.common import NewIds, slugify
    from schooldigital.store.atomic import transaction
    from schooldigital.store.yamlio import plain
    from schooldigital.validation import validate_school

    path = root / layout.CONTRACTS
    reader = Reader(
        file, str(file), Contract, CONTRACT_ALIASES, skip_columns, sheet=sheet, header_row=header_row, columns=columns
    )
    top = {f.split(".")[0] for f in (defaults or {})}
    if top - set(Contract.model_fields):
        raise UserError(f"--default: contracts have no field `{sorted(top - set(Contract.model_fields))[0]}`")
    names, _ = lookups(root)
    config, _ = load_config(root)  # unusable: validate_school below reports it
    reader.money = config.money if config is not None else None
    reader.currency = config.currency if config is not None else reader.currency
    result = ImportResult(skipped_columns=reader.skipped, dry_run=dry_run, read_as=reader.how)
    with transaction(root) as tx:
        text, doc = records.read(root, path)
        taken = records.ids(doc)
        existing = set(taken)
        fresh = NewIds(taken, "c")
        rows: list[tuple[int, dict[str, str]]] = []
        first_row: dict[str, int] = {}
        for row in reader.rows:
            line = row.source.line
            values = {**(defaults or {}), **reader.values(row)}
            convert_common(reader, line, values, date_format)
            resolve(reader, line, values, "supplier", "supplier", names)
            resolve(reader, line, values, "owner", "person", names)
            for name in ("type", "renewal", "status", "cost.period"):
                if name in values:
                    values[name] = snake(values[name])
            rid = values.get("id") or fresh.next(slug=slugify(values.get("title", ""), 30))
            values["id"] = rid
            if rid in existing:
                msg = f"contract `{rid}` is already in {layout.CONTRACTS}; change it with `sd contracts edit {rid}`"
                reader.error(line, "id", "duplicate-id", msg)
                continue
            if not reader.first_time(line, "contract", rid, first_row):
                continue
            fresh.take(rid)
            rows.append((line, values))
        # Validate exactly what will be written: the values as the YAML writer turns them into a record.
        built = [yamledit.new_record(records.yaml_values(Contract, v), list(Contract.model_fields)) for _, v in rows]
        raws = [
            RawRecord(plain(record), reader.source.at(line), reader.positions(line, values))
            for (line, values), record in zip(rows, built, strict=True)
        ]
        check_rows(reader, raws, progress, "checking rows")
        new_text = text
        for (_, values), record in zip(rows, built, strict=True):
            new_text = yamledit.append_text(new_text, record)
            result.added.append(values["id"])
        lines = _yaml_line_map(new_text, rows, reader)
        check = validate_school(root, overlay={path: new_text})
        if check.registers is None:
            raise InvalidData(check.problems)
        result.warnings = finish(remap(check.problems, layout.CONTRACTS, lines, reader), reader)
        if not dry_run and result.added:
            tx.write(path, new_text)
            result.written = [path]
    result.summary = f"contracts: import {file.name} ({len(result.added)} added)"
    return result


def _yaml_line_map(
    text: str, rows: list[tuple[int, dict[str, str]]], reader: Reader
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
