"""Mutations of the information asset register (UK GDPR Art. 30): add and edit."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from schooldigital import layout
from schooldigital.edit import records
from schooldigital.edit.common import Written, apply_change, check_fields, next_id
from schooldigital.errors import UserError
from schooldigital.models.information import InformationAsset

WHAT = "information assets"


def add_information_asset(root: Path, fields: Mapping[str, Any], *, asset_id: str | None = None) -> Written:
    """Append an information asset; the id defaults to `ia<next number>`.

    Raises:
        InvalidData: the school would not validate with it (nothing written).
    """
    values = {k: v for k, v in fields.items() if v is not None and v != "" and v != []}
    values.pop("id", None)
    check_fields(InformationAsset, values, WHAT)
    path = root / layout.INFORMATION_ASSETS
    new: list[str] = []

    def build():  # type: ignore[no-untyped-def]
        _, doc = records.read(root, path)
        rid = asset_id or next_id(records.ids(doc), "ia")
        new.append(rid)
        return records.add(path, InformationAsset, {"id": rid, **values}, what=WHAT)

    written, summary = apply_change(root, build)
    return Written(written, summary, new[-1])


def edit_information_asset(root: Path, asset_id: str, changes: Mapping[str, Any]) -> tuple[list[Path], str]:
    """Change fields of one information asset (dotted names such as `dpia.required`; None or "" clears)."""
    check_fields(InformationAsset, changes, WHAT)
    if not changes:
        raise UserError("nothing to change; give --set field=value (or a typed option)")
    path = root / layout.INFORMATION_ASSETS
    return apply_change(root, lambda: records.edit(path, InformationAsset, asset_id, lambda _: changes, what=WHAT))
