"""`import_information`: append a spreadsheet record of processing to `registers/information-assets.yaml`,
all rows or none.

The headers of the ICO's "Documentation template for controllers" (sheet `Template`, header on row 9) are
recognised (`INFO_ALIASES`); its columns with no place in the register are skipped and reported. List
cells (systems, purposes, categories, recipients, security measures) split on `;`, `,` or line breaks; data
subjects, lawful basis, format and risk are matched loosely (`Public task` -> `public_task`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from schooldigital import layout
from schooldigital.errors import UserError
from schooldigital.importing.reader import INFO_ALIASES, Reader
from schooldigital.importing.result import ImportResult, Progress
from schooldigital.importing.values import convert_common, lookups, resolve, snake
from schooldigital.importing.yamlappend import append_rows
from schooldigital.models.information import LAWFUL_BASES, InformationAsset

LISTS = (
    "systems",
    "data_subjects",
    "data_categories",
    "special_categories",
    "purposes",
    "recipients",
    "processors",
    "security_measures",
)
SNAKE = ("format", "risk", "data_subjects")


def import_information(
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
    """Append the information assets in a spreadsheet to the register; args and errors as `import_contracts`
    (existing ids are an error: change those with `sd info edit`)."""
    from schooldigital.edit import records
    from schooldigital.edit.common import NewIds
    from schooldigital.store.atomic import transaction

    path = root / layout.INFORMATION_ASSETS
    model = InformationAsset
    reader = Reader(
        file, str(file), model, INFO_ALIASES, skip_columns, sheet=sheet, header_row=header_row, columns=columns
    )
    unknown = {f.split(".")[0] for f in (defaults or {})} - set(model.model_fields)
    if unknown:
        raise UserError(f"--default: information assets have no field `{sorted(unknown)[0]}`")
    names, _ = lookups(root)
    result = ImportResult(skipped_columns=reader.skipped, dry_run=dry_run, read_as=reader.how)
    with transaction(root) as tx:
        text, doc = records.read(root, path)
        taken = records.ids(doc)
        existing = set(taken)
        fresh = NewIds(taken, "ia")
        rows: list[tuple[int, dict[str, str]]] = []
        first_row: dict[str, int] = {}
        for row in reader.rows:
            line = row.source.line
            values = _values({**(defaults or {}), **reader.values(row)})
            convert_common(reader, line, values, date_format)
            resolve(reader, line, values, "owner", "person", names)
            rid = values["id"] = values.get("id") or fresh.next()
            where = f"the register; change it with `sd info edit {rid}`"
            if reader.new_record(line, "information asset", rid, existing, first_row, where):
                fresh.take(rid)
                rows.append((line, values))
        new_text = append_rows(root, path, model, text, rows, reader, result, progress)
        if not dry_run and result.added:
            tx.write(path, new_text)
            result.written = [path]
    result.summary = f"info: import {file.name} ({len(result.added)} added)"
    return result


def _values(values: dict[str, str]) -> dict[str, str]:
    """List cells joined with `;`, choices in snake_case, a lawful basis found in words such as
    `Art 6(1)(e) public task`."""
    for name in LISTS:
        if name in values:
            parts = [p.strip() for p in re.split(r"[;\n]|,(?![^(]*\))", values[name]) if p.strip()]
            if name in SNAKE:
                parts = [snake(p) for p in parts]
            values[name] = "; ".join(parts)
    for name in SNAKE:
        if name in values and name not in LISTS:
            values[name] = snake(values[name])
    if "lawful_basis" in values:
        basis = snake(values["lawful_basis"])
        values["lawful_basis"] = next((b for b in LAWFUL_BASES if b in basis), basis)
    return values
