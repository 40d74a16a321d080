"""`import_assets`: merge a spreadsheet CSV or Snipe-IT export into `registers/assets.csv`, all rows or none."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from schooldigital import layout
from schooldigital.errors import InvalidData, UserError
from schooldigital.importing.reader import ASSET_ALIASES, Reader
from schooldigital.importing.result import ImportResult, Progress, check_rows, finish, remap
from schooldigital.importing.values import asset_values, lookups
from schooldigital.models.assets import Asset
from schooldigital.problems import Source, relpath
from schooldigital.store import csvio
from schooldigital.store.records import RawRecord


def import_assets(
    root: Path,
    file: Path,
    *,
    date_format: str | None = None,
    update: bool = False,
    statuses: Mapping[str, str] | None = None,
    dry_run: bool = False,
    skip_columns: Iterable[str] = (),
    columns: Mapping[str, str] | None = None,
    defaults: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> ImportResult:
    """Merge the assets in a spreadsheet CSV or Snipe-IT export into `registers/assets.csv`.

    Args:
        root: the school repository.
        file: the CSV to import (UTF-8 with or without BOM, or Windows-1252; any line endings).
        date_format: `strptime` format of the file's non-ISO dates, e.g. `%d/%m/%Y`.
        update: rows whose id exists update that asset instead of being an error.
        dry_run: validate and report, write nothing.
        statuses: the file's status labels -> register statuses (`--status LABEL=status`).
        skip_columns: headers to ignore; columns: header -> field, over the aliases.
        defaults: field values for rows that leave them empty (e.g. {"status": "in_stock"}).
        progress: called as (stage, done, total) while rows are checked.

    Raises:
        InvalidData: any row (or the school with the rows added) has an error; nothing is written.
    """
    from schooldigital.edit import csvrows  # the write side's CSV: only touched rows change
    from schooldigital.edit.common import NewIds
    from schooldigital.registers import load_config
    from schooldigital.store.atomic import transaction
    from schooldigital.validation import validate_school

    path = layout.assets_file(root)
    if path.suffix != ".csv":
        raise UserError("import writes registers/assets.csv; this school keeps registers/assets.yaml")
    reader = Reader(
        file, str(file), Asset, ASSET_ALIASES, skip_columns, sheet=sheet, header_row=header_row, columns=columns
    )
    unknown_defaults = [k for k in (defaults or {}) if k not in Asset.model_fields]
    if unknown_defaults:
        raise UserError(f"--default: assets have no field `{unknown_defaults[0]}`")
    names, models = lookups(root)
    config, problems = load_config(root)
    if config is None:
        raise InvalidData(problems)
    prefix = f"{config.asset_prefix}-" if config.asset_prefix else ""
    reader.money, reader.currency = config.money, config.currency
    result = ImportResult(skipped_columns=reader.skipped, dry_run=dry_run, read_as=reader.how)
    with transaction(root) as tx:
        table = csvrows.read(root, path)
        existing = table.rows
        by_id = {r.get("id", ""): r for r in existing if r is not None}
        fresh = NewIds(by_id, prefix, width=5)
        first_row: dict[str, int] = {}
        rows: list[tuple[int, dict[str, str]]] = []
        for row in reader.rows:
            line = row.source.line
            values = asset_values(reader, row, date_format, names, models, defaults or {}, statuses or {})
            rid = values.get("id")
            if rid is None:
                rid = values["id"] = fresh.next()
            if not reader.first_time(line, "asset", rid, first_row):
                continue
            fresh.take(rid)
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
        check_rows(reader, merged_raws, progress, "checking rows")
        for _line, values in rows:
            rid = values["id"]
            if rid in by_id:
                before = dict(by_id[rid])
                by_id[rid].update(values)
                (result.updated if by_id[rid] != before else result.unchanged).append(rid)
            else:
                by_id[rid] = dict(values)
                result.added.append(rid)
        where = {r.get("id", ""): i for i, r in enumerate(existing) if r is not None}
        for rid in result.updated:  # before the inserts, which move rows
            csvrows.refuse_missing(root, path, table, by_id[rid])
            table.replace(where[rid], by_id[rid])
        for rid in result.added:
            csvrows.refuse_missing(root, path, table, by_id[rid])
        table.insert(*(by_id[rid] for rid in result.added))
        text = table.text()
        if progress:
            progress("validating the school", 0, 1)
        lines = _line_map(text, relpath(path, root), rows, reader)
        check = validate_school(root, overlay={path: text}, asset_models=False)  # problems only: by column
        if check.registers is None:
            raise InvalidData(check.problems)
        result.warnings = finish(remap(check.problems, relpath(path, root), lines, reader), reader)
        if progress:
            progress("validating the school", 1, 1)
        changed = bool(result.added or result.updated)
        if not dry_run and changed:
            tx.write(path, text)
            result.written = [path]
    result.summary = f"assets: import {file.name} ({len(result.added)} added, {len(result.updated)} updated)"
    return result


def _line_map(
    text: str, rel: str, rows: list[tuple[int, dict[str, str]]], reader: Reader
) -> dict[int, tuple[int, Callable[[int], int]]]:
    """Register line -> (import row, register column -> import column) for every imported row."""
    table, _ = csvio.parse_csv(text, Source(rel))
    header = table.header
    where = {values["id"]: line for line, values in rows}

    def column(col: int) -> int:
        return reader.columns.get(header[col - 1], 0) if 0 < col <= len(header) else 0

    return {r.source.line: (where[r.data["id"]], column) for r in table.records if r.data.get("id") in where}
