"""`apply`: record what the console says in the asset register: one locked, validated, atomic write.

Only console-owned fields change (`eol_date` with `eol_source` and `eol_checked`, `last_seen`) on the rows of
matched assets, plus, with --add-missing, one new row per unregistered device; every other row keeps its bytes
(edit/csvrows). The whole school is validated with the new text before anything is written, as every import
does; nothing is written on any error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schooldigital import layout
from schooldigital.consoles import matching
from schooldigital.consoles.reconcile import Context, Reconciliation
from schooldigital.errors import InvalidData, UserError
from schooldigital.problems import Problem, Source


@dataclass
class Applied:
    result: Reconciliation
    written: list[Path] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    summary: str = ""


def apply(
    root: Path,
    compute: Callable[[], tuple[Reconciliation, Context, Any]],
    *,
    add_missing: bool = False,
    defaults: Mapping[str, str] | None = None,
    dry_run: bool = False,
) -> Applied:
    """Reconcile (`compute`) inside the school's write lock and write the changes it proposes (and, with
    `add_missing`, the unregistered devices) to assets.csv; with `dry_run`, everything but the write.

    Raises:
        InvalidData: a device cannot be added (no model or place to give it) or the school would not validate.
        UserError: the register lacks a column the change needs (run `sd assets widen` once).
    """
    from schooldigital.edit import csvrows
    from schooldigital.edit.common import NewIds, cell
    from schooldigital.models.assets import Asset
    from schooldigital.store.atomic import transaction
    from schooldigital.validation import validate_school

    path = layout.assets_file(root)
    if path.suffix != ".csv":
        raise UserError("reconcile writes registers/assets.csv; this school keeps registers/assets.yaml")
    defaults = dict(defaults or {})
    unknown = [k for k in defaults if k not in Asset.model_fields]
    if unknown:
        raise UserError(f"--default: assets have no field `{unknown[0]}`")
    with transaction(root) as tx:
        result, ctx, export = compute()
        out = Applied(result)
        display = export.display
        table = csvrows.read(root, path)
        where = {rid: i for i, rid in enumerate(_ids(table))}
        for change in result.changes:
            index = where[change.asset]
            row = table.row(index)
            for name, value in change.values.items():
                row[name] = cell(value)
            row = {k: v for k, v in row.items() if v}
            csvrows.refuse_missing(root, path, table, row)
            table.replace(index, row)
            out.updated.append(change.asset)
        if add_missing:
            rows = _new_rows(ctx, result, display, defaults, NewIds(table.ids, _prefix(ctx), width=5))
            for row in rows:
                csvrows.refuse_missing(root, path, table, row)
            table.insert(*rows)
            out.added = [row["id"] for row in rows]
        text = table.text()
        if out.updated or out.added:
            check = validate_school(root, overlay={path: text}, asset_models=False)
            errors = [p for p in check.problems if p.severity == "error"]
            if errors:
                raise InvalidData(errors)
            if not dry_run:
                tx.write(path, text)
                out.written = [path]
    out.summary = f"assets: reconcile {display} from {ctx.label} ({len(out.updated)} updated, {len(out.added)} added)"
    return out


def _ids(table: Any) -> list[str]:
    """Each record's id by record index (blank lines included), so `replace` gets the right index."""
    at = table.header.index("id")
    return [cells[at] if cells is not None else "" for cells in table.cells]


def _prefix(ctx: Context) -> str:
    prefix = ctx.regs.config.asset_prefix
    return f"{prefix}-" if prefix else ""


def _new_rows(
    ctx: Context, result: Reconciliation, display: str, defaults: dict[str, str], fresh: Any
) -> list[dict[str, str]]:
    """One register row per unregistered device: its model and place from the register's own (by name or
    alias), else --default; an AUE different from the model's, and the last check-in."""
    from schooldigital.cells import formula_problem
    from schooldigital.edit.common import cell

    problems: list[Problem] = []
    rows = []
    devices = result.devices
    for device in map(devices.device, result.unregistered) if devices is not None else ():
        if device.ownership.casefold() == "personal":
            continue  # a member of staff's own device enrolled for email: never the school's asset
        why = formula_problem(device.serial)
        if why is not None:
            problems.append(Problem(Source(display, device.line), "formula-like", f"serial: {why}"))
            continue
        if not device.key:
            problems.append(
                Problem(Source(display, device.line), "unknown-ref", "cannot add a device without a serial")
            )
            continue
        model = next(
            (m for m in ctx.models.values() if device.model and matching.same_model(device.model, m, ctx.cache)), None
        )
        model_id = model.id if model is not None else defaults.get("model")
        place = next(
            (p for p in ctx.places.values() if device.location and matching.same_place(device.location, p)), None
        )
        location = place.id if place is not None else defaults.get("location")
        if model_id is None or model_id not in ctx.models or location is None:
            what = f"no register model matches {device.model!r}" if model_id is None else ""
            what = what or ("no place" if location is None else f"no model `{model_id}`")
            msg = (f"cannot add serial {device.serial}: {what}; add the console's spelling to `aliases:` in "
                   "registers/models.yaml, or give --default model=... --default location=...")  # fmt: skip
            problems.append(Problem(Source(display, device.line), "unknown-ref", msg))
            continue
        chosen = ctx.models[model_id]
        row = {"category": chosen.category, "model": model_id, "status": "deployed", **defaults}
        row |= {"id": fresh.next(), "location": location, "serial": device.serial}
        if device.end_of_updates is not None and device.end_of_updates != chosen.end_of_support:
            row |= {"eol_date": cell(device.end_of_updates), "eol_source": ctx.source, "eol_checked": cell(ctx.today)}
        if device.last_seen is not None:
            row["last_seen"] = cell(device.last_seen)
        fresh.take(row["id"])
        rows.append({k: v for k, v in row.items() if v})
    if problems:
        raise InvalidData(problems)
    return rows
