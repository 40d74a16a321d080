"""`import_assets`: merge a spreadsheet CSV or Snipe-IT export into `registers/assets.csv`, all rows or none."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from schooldigital import layout
from schooldigital.errors import InvalidData, UserError
from schooldigital.importing.reader import ASSET_ALIASES, Reader
from schooldigital.importing.result import ImportResult, Progress, check_rows, finish, remap
from schooldigital.importing.values import asset_values, bulk_asset_values, lookups
from schooldigital.models.assets import Asset
from schooldigital.models.columns import validate_columns
from schooldigital.problems import Problem, relpath
from schooldigital.registers import paused_gc
from schooldigital.store import csvio, limits
from schooldigital.store.records import RawRecord

if TYPE_CHECKING:
    from schooldigital.edit import csvrows


@paused_gc()  # a 100,000-row file makes millions of objects and no cycles to collect (issue 20)
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
        # each distinct cell of each column converted once when no cell has a problem, else row by row
        bulk = None if defaults else bulk_asset_values(reader, date_format, names, models, statuses or {})
        numbered = bulk is not None and "id" not in reader.columns
        if numbered:  # no row has an id: each takes the next free one, new to the register and to the file
            result.added = fresh.many(len(bulk or []))
            for values, rid in zip(bulk or [], result.added, strict=True):
                values["id"] = rid
            rows = list(zip(reader.table.lines, bulk or [], strict=True))
            by_id.update(zip(result.added, map(dict, bulk or []), strict=True))
        for index, row in enumerate(() if numbered else reader.rows):
            line = row.source.line
            if bulk is not None:
                values = bulk[index]
            else:
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
        for _line, values in () if numbered else rows:
            rid = values["id"]
            if rid in by_id:
                before = dict(by_id[rid])
                by_id[rid].update(values)
                (result.updated if by_id[rid] != before else result.unchanged).append(rid)
            else:
                by_id[rid] = dict(values)
                result.added.append(rid)
        if not set(table.header).issuperset(set().union(*(by_id[rid] for rid in [*result.updated, *result.added]))):
            for rid in [*result.updated, *result.added]:
                csvrows.refuse_missing(root, path, table, by_id[rid])
        where = {r.get("id", ""): i for i, r in enumerate(existing) if r is not None}
        for rid in result.updated:  # before the inserts, which move rows
            table.replace(where[rid], by_id[rid])
        table.insert(*(by_id[rid] for rid in result.added))
        text = table.text()
        record_lines = table.record_lines()
        register = table.columns(record_lines)
        lines = _line_map(table, record_lines, rows, reader)
        if progress:
            progress("validating the school", 0, 1)
        # problems only, by column; the merged register is handed over by column, not parsed again
        fits = _fits(register, text)
        check = validate_school(root, overlay={path: text}, asset_models=False, asset_table=register if fits else None)
        if check.registers is None:
            raise InvalidData(check.problems)
        rel = relpath(path, root)
        # Rows with errors are still merged, so one run reports every problem of every row. The school's
        # validation read the same cells by column: with no problem on an imported row or the header, and no
        # value the record path reads otherwise, the rows' own check would find nothing.
        found = any(p.source.path == rel and (p.source.line in lines or p.source.line <= 1) for p in check.problems)
        if found or _by_record(register, defaults or {}):
            _check_imported(reader, register, rows, lines, by_id, defaults or {}, progress)
        elif progress:
            progress("checking rows", len(rows), len(rows))
        result.warnings = finish(remap(check.problems, rel, lines, reader), reader)
        if progress:
            progress("validating the school", 1, 1)
        changed = bool(result.added or result.updated)
        if not dry_run and changed:
            tx.write(path, text)
            result.written = [path]
    result.summary = f"assets: import {file.name} ({len(result.added)} added, {len(result.updated)} updated)"
    return result


def _check_imported(
    reader: Reader,
    register: csvio.CsvColumns,
    rows: list[tuple[int, dict[str, str]]],
    lines: dict[int, tuple[int, Callable[[int], int]]],
    by_id: dict[str, dict[str, str]],
    defaults: Mapping[str, str],
    progress: Progress | None,
) -> None:
    """Field-level validation of each imported row as merged into the register, located in the import file.

    A column at a time, each distinct cell once (`models.columns`): the problems `check_rows` finds record by
    record (issue 20). Record by record still when the two could differ: an empty default (a present empty
    value) or a register column the model lacks (an unknown field)."""
    fields = list(Asset.model_fields)
    if _by_record(register, defaults):
        raws = [RawRecord(by_id[v["id"]], reader.source.at(line), reader.positions(line, v)) for line, v in rows]
        check_rows(reader, raws, progress, "checking rows")
        return
    picked = [row for row in range(register.rows) if register.line(row) in lines]
    count = len(picked)
    if not count:
        return
    take = itemgetter(*picked) if count > 1 else lambda column: (column[picked[0]],)
    empty = [""] * count  # a required field the register has no column for is missing on every row
    columns = [list(take(register.columns[register.seen[f] - 1])) if f in register.seen else empty for f in fields]
    imported = [lines[register.line(row)][0] for row in picked]
    table = csvio.CsvColumns(fields, {name: col for col, name in enumerate(fields, 1)}, columns, imported)
    given = {line: values for line, values in rows}
    _, problems = validate_columns(Asset, table, reader.source.path)
    for p in problems:
        name = fields[p.source.col - 1]
        col = reader.columns.get(name, 0) if name in given[p.source.line] else 0
        message = p.message
        if p.code == "missing-field" and message.endswith("` is required"):
            message = f"{message}; add a column for it or pass --default {name}=VALUE"
        reader.problems.append(Problem(reader.source.at(p.source.line, col), p.code, message, p.severity))
    if progress:
        progress("checking rows", count, count)


def _by_record(register: csvio.CsvColumns, defaults: Mapping[str, str]) -> bool:
    """Whether a merged row may hold what only the record path reads as the import always has: an empty
    default (a present empty value) or a value in a register column the model lacks (an unknown field)."""
    return "" in defaults.values() or not set(Asset.model_fields).issuperset(register.header)


def _fits(register: csvio.CsvColumns, text: str) -> bool:
    """Whether reading the register's text would give `register` exactly: distinct header names, no cell
    over SD_MAX_CELL_CHARS, a text within SD_MAX_CSV_BYTES."""
    if len(register.seen) != len(register.header) or "" in register.header:
        return False
    if len(text) > limits.setting("SD_MAX_CSV_BYTES") // 4 and len(text.encode()) > limits.setting("SD_MAX_CSV_BYTES"):
        return False
    longest = limits.setting("SD_MAX_CELL_CHARS")
    return all(max(map(len, column), default=0) <= longest for column in register.columns)


def _line_map(
    table: csvrows.CsvRows, record_lines: list[int], rows: list[tuple[int, dict[str, str]]], reader: Reader
) -> dict[int, tuple[int, Callable[[int], int]]]:
    """Register line -> (import row, register column -> import column) for every imported row."""
    header = table.header
    where = {values["id"]: line for line, values in rows}
    at = header.index("id") if "id" in header else None

    def column(col: int) -> int:
        return reader.columns.get(header[col - 1], 0) if 0 < col <= len(header) else 0

    return {
        line: (where[cells[at]], column)
        for line, cells in zip(record_lines, table.cells, strict=True)
        if cells is not None and at is not None and cells[at] in where
    }
