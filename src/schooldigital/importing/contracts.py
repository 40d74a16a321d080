"""`import_contracts`: append a spreadsheet CSV or Snipe-IT licence export to `registers/contracts.yaml`,
all rows or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from schooldigital import layout
from schooldigital.errors import UserError
from schooldigital.importing.reader import CONTRACT_ALIASES, Reader
from schooldigital.importing.result import ImportResult, Progress
from schooldigital.importing.values import convert_common, lookups, resolve, snake
from schooldigital.importing.yamlappend import append_rows
from schooldigital.models.contracts import Contract
from schooldigital.registers import load_config


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
    from schooldigital.edit import records
    from schooldigital.edit.common import NewIds, slugify
    from schooldigital.store.atomic import transaction

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
            rid = values["id"] = values.get("id") or fresh.next(slug=slugify(values.get("title", ""), 30))
            where = f"{layout.CONTRACTS}; change it with `sd contracts edit {rid}`"
            if reader.new_record(line, "contract", rid, existing, first_row, where):
                fresh.take(rid)
                rows.append((line, values))
        new_text = append_rows(root, path, Contract, text, rows, reader, result, progress)
        if not dry_run and result.added:
            tx.write(path, new_text)
            result.written = [path]
    result.summary = f"contracts: import {file.name} ({len(result.added)} added)"
    return result
