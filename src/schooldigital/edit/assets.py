"""Mutations of the asset register: add, edit and securely dispose of assets.

Works on `registers/assets.csv` (written through `render_csv`, sorted by id, existing column order and
any user columns kept) or on `registers/assets.yaml` when the school keeps that instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from schooldigital import layout
from schooldigital.edit import records
from schooldigital.edit.common import Change, Written, apply_change, cell, check_fields, next_id, normalize
from schooldigital.errors import InvalidData, UserError
from schooldigital.models.assets import ASSET_COLUMNS, DISPOSAL_METHODS, NO_DATA_CATEGORIES, Asset
from schooldigital.problems import did_you_mean, relpath
from schooldigital.registers import load_config, source_for
from schooldigital.store import csvio, decoding
from schooldigital.store.files import DISK

WHAT = "assets"


def _read_csv(root: Path, path: Path) -> tuple[list[str], list[dict[str, str]], dict[int, str]]:
    """Header, rows, and the exact text of the header and each row by `id()`, so unchanged rows are written back
    byte for byte (issue 12); a Windows-1252 register is refused, as writing it back would re-encode every row."""
    if not path.exists():
        return [], [], {}
    source = source_for(root, path)
    text, encoding, problems = csvio.read_decoded(path, source, DISK.within(root))
    if text is None or problems:
        raise InvalidData(problems)
    if encoding == decoding.LEGACY:
        raise UserError(
            f"{source.path} is saved as Windows-1252, not UTF-8; convert it first "
            f"(`iconv -f cp1252 -t utf-8`) so an edit does not re-encode rows it did not change"
        )
    table, problems = csvio.parse_csv(text, source)
    if problems:
        raise InvalidData(problems)
    header, rows = list(table.header), [dict(r.data) for r in table.records]
    texts = csvio.row_texts(text)
    lines = [header, *rows]
    return header, rows, dict(zip(map(id, lines), texts, strict=True)) if len(texts) == len(lines) else {}


def _render(header: list[str], rows: list[dict[str, str]], needed: set[str], kept: dict[int, str]) -> str:
    columns = header + [c for c in ASSET_COLUMNS if c in needed and c not in header]
    rows = sorted(rows, key=lambda r: r.get("id", ""))
    if columns != header:
        kept = {}  # a new column widens every row
    return csvio.render_csv(header if columns == header else columns, rows, kept=kept)


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
            header, rows, kept = _read_csv(root, path)
            existing = [r.get("id", "") for r in rows]
        rid = asset_id or next_id(existing, _prefix(root), width=5)
        if rid in existing:
            raise UserError(f"asset `{rid}` already exists; choose another id or use `sd assets edit`")
        new.append(rid)
        ordered = {"id": rid, **values}
        if path.suffix == ".yaml":
            return records.add(path, Asset, ordered, what=WHAT)
        row = {k: cell(normalize(Asset, k, v)) for k, v in ordered.items()}
        return path, _render(header, [*rows, row], set(row), kept), f"assets: add {rid}"

    written, summary = apply_change(root, build)
    return Written(written, summary, new[-1])


def _change(
    root: Path, asset_id: str, decide: Callable[[dict[str, Any]], Mapping[str, Any]], verb: str
) -> tuple[list[Path], str]:
    path = layout.assets_file(root)

    def build() -> Change:
        if path.suffix == ".yaml":
            return records.edit(path, Asset, asset_id, decide, what=WHAT, verb=verb)
        header, rows, kept = _read_csv(root, path)
        found = [r for r in rows if r.get("id") == asset_id]
        if not found:
            hint = did_you_mean(asset_id, [r.get("id", "") for r in rows])
            raise UserError(f"no asset `{asset_id}`{hint} in {relpath(path, root)}")
        row = found[0]
        kept.pop(id(row), None)
        changes = dict(decide(dict(row)))
        check_fields(Asset, changes, WHAT)
        if "id" in changes and cell(changes["id"]) != asset_id:
            raise UserError("ids never change here; use `sd assets renumber` to give an asset a new id")
        for key, value in changes.items():
            row[key] = cell(normalize(Asset, key, value))
        needed = {k for k, v in changes.items() if cell(v)}
        return path, _render(header, rows, needed, kept), f"assets: {verb} {asset_id} ({', '.join(changes)})"

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
        }

    return _change(root, asset_id, decide, "dispose")
