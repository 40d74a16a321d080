"""Mutations of the asset register: add, edit and securely dispose of assets.

Works on `registers/assets.csv` (through `csvrows`: only the touched rows change, in the file's own column
order) or on `registers/assets.yaml` when the school keeps that instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from schooldigital import layout
from schooldigital.cells import money_format
from schooldigital.edit import csvrows, records
from schooldigital.edit.common import (
    Change,
    Written,
    apply_change,
    cell,
    changed_values,
    check_fields,
    next_id,
    normalize,
)
from schooldigital.errors import InvalidData, UserError
from schooldigital.models.assets import DISPOSAL_METHODS, NO_DATA_CATEGORIES, Asset
from schooldigital.problems import did_you_mean, relpath
from schooldigital.registers import load_config

WHAT = "assets"


def _prefix(root: Path) -> str:
    config, problems = load_config(root)
    if config is None:
        raise InvalidData(problems)
    return f"{config.asset_prefix}-" if config.asset_prefix else ""


def add_asset(root: Path, fields: Mapping[str, Any], *, asset_id: str | None = None) -> Written:
    """Add one asset and return what was written, with the new id as `.id`.

    Args:
        root: the school repository.
        fields: field values (`category`, `model`, `location` at least); strings or typed values.
        asset_id: an explicit id; by default `<asset_prefix>-<next number>` padded like existing ids.

    Raises:
        InvalidData: the school would not validate with the new asset (nothing written).
    """
    values = {k: v for k, v in fields.items() if v is not None and v != ""}
    values.pop("id", None)
    check_fields(Asset, values, WHAT)
    values.setdefault("status", "deployed")
    path = layout.assets_file(root)
    new: list[str] = []

    def build() -> Change:
        if path.suffix == ".yaml":
            _, doc = records.read(root, path)
            existing = records.ids(doc)
        else:
            table = csvrows.read(root, path)
            existing = table.ids
        rid = asset_id or next_id(existing, _prefix(root), width=5)
        if rid in existing:
            raise UserError(f"asset `{rid}` already exists; choose another id or use `sd assets edit`")
        new.append(rid)
        ordered = {"id": rid, **values}
        if path.suffix == ".yaml":
            return records.add(path, Asset, ordered, what=WHAT)
        money = money_format(root)
        row = {k: cell(normalize(Asset, k, v, money)) for k, v in ordered.items()}
        csvrows.refuse_missing(root, path, table, row)
        table.insert(row)
        return path, table.text(), f"assets: add {rid}"

    written, summary = apply_change(root, build)
    return Written(written, summary, new[-1])


def _change(
    root: Path, asset_id: str, decide: Callable[[dict[str, Any]], Mapping[str, Any]], verb: str
) -> tuple[list[Path], str]:
    path = layout.assets_file(root)

    def build() -> Change:
        if path.suffix == ".yaml":
            return records.edit(path, Asset, asset_id, decide, what=WHAT, verb=verb)
        table = csvrows.read(root, path)
        index = table.find(asset_id)
        if index is None:
            hint = did_you_mean(asset_id, table.ids)
            raise UserError(f"no asset `{asset_id}`{hint} in {relpath(path, root)}")
        row = table.row(index)
        changes = dict(decide(dict(row)))
        check_fields(Asset, changes, WHAT)
        if "id" in changes and cell(changes["id"]) != asset_id:
            raise UserError("ids never change here; use `sd assets renumber` to give an asset a new id")
        before = dict(row)
        money = money_format(root)
        for key, value in changes.items():
            row[key] = cell(normalize(Asset, key, value, money))
        row = {k: v for k, v in row.items() if v}
        csvrows.refuse_missing(root, path, table, row)
        if row != before:
            table.replace(index, row)
        return path, table.text(), f"assets: {verb} {asset_id}{changed_values(before, row)}"

    return apply_change(root, build)


def edit_asset(root: Path, asset_id: str, changes: Mapping[str, Any]) -> tuple[list[Path], str]:
    """Change fields of one asset (None or "" clears a field); only that asset's row or lines change.

    Raises:
        UserError: no such asset, or an unknown field.
        InvalidData: the school would not validate with the change (nothing written).
    """
    check_fields(Asset, changes, WHAT)
    if not changes:
        raise UserError("nothing to change; give --set field=value (or a typed option)")
    return _change(root, asset_id, lambda current: changes, "edit")


def dispose_asset(
    root: Path,
    asset_id: str,
    *,
    method: str,
    on: dt.date | None = None,
    certificate: str | None = None,
    data_wiped: bool | None = None,
    no_data: bool = False,
    today: dt.date | None = None,
) -> tuple[list[Path], str]:
    """Record the secure disposal of an asset: status, date, method, certificate and data-wipe evidence.

    A data-bearing device (anything but peripherals, AV and monitors) needs `data_wiped=True` and a
    certificate reference, unless `no_data=True` says explicitly that it never held data.

    Args:
        method: one of DISPOSAL_METHODS (WEEE contractor, manufacturer take-back, ...).
        on: the disposal date (default `today`).
        certificate: the WEEE / data-destruction certificate reference.
        data_wiped: whether the storage was wiped or destroyed.
        no_data: the device has no data storage; records `data_wiped: false` knowingly.
    """
    if method not in DISPOSAL_METHODS:
        hint = did_you_mean(method, DISPOSAL_METHODS)
        raise UserError(f"disposal method `{method}` is not one of {', '.join(DISPOSAL_METHODS)}{hint}")
    if no_data and data_wiped:
        raise UserError("--no-data and --data-wiped contradict each other; give one")
    day = on or today or dt.date.today()

    def decide(current: dict[str, Any]) -> dict[str, Any]:
        if current.get("status") == "disposed":
            raise UserError(f"asset `{asset_id}` is already disposed (on {current.get('disposal_date', '?')})")
        category = str(current.get("category", ""))
        if category not in NO_DATA_CATEGORIES and not no_data and not (data_wiped and certificate):
            raise UserError(
                f"asset `{asset_id}` is a {category or 'device'} that may hold data: give --data-wiped and "
                "--certificate REF (the data-destruction certificate), or --no-data if it never held data"
            )
        wiped = False if no_data else data_wiped
        return {
            "status": "disposed",
            "disposal_date": day,
            "disposal_method": method,
            "disposal_certificate": certificate,
            "data_wiped": wiped,
            "assigned_to": None,  # a disposed device is with nobody (issue 18)
        }

    return _change(root, asset_id, decide, "dispose")


def widen_assets(root: Path) -> tuple[list[Path], str]:
    """Give `registers/assets.csv` every column of `ASSET_COLUMNS` in their fixed order, once.

    The one write that rewrites every row: afterwards an edit, add, dispose or import changes only its
    own rows. A file that already has every column in that order is left as it is (no change).

    Raises:
        InvalidData: the register does not parse, or the school would not validate (nothing written).
    """
    path = layout.assets_file(root)
    if path.suffix == ".yaml":
        return [], f"no change: {path.name} has no columns to widen"

    def build() -> Change:
        table = csvrows.read(root, path)
        text, added = csvrows.widened(table)
        what = f"add {', '.join(added)}" if added else "put the columns in their fixed order"
        rows = len(table.ids)
        return path, text, f"assets: widen {path.name} to every column ({what}; {rows} rows rewritten)"

    written, summary = apply_change(root, build)
    return (written, summary) if written else ([], f"no change: {path.name} already has every column in order")
