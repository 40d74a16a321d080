"""The library of register mutations: every change validates the whole school before it is written.

Each function returns `(written paths, one-line summary)` (add functions also carry the new `.id`)
and raises `InvalidData` (nothing written) when the school would not validate with the change.
"""

from __future__ import annotations

from schooldigital.edit.assets import add_asset, dispose_asset, edit_asset, widen_assets
from schooldigital.edit.common import parse_assignments
from schooldigital.edit.contracts import add_contract, edit_contract, end_contract
from schooldigital.edit.information import add_information_asset, edit_information_asset

__all__ = [
    "add_asset",
    "add_contract",
    "add_information_asset",
    "dispose_asset",
    "edit_asset",
    "edit_contract",
    "edit_information_asset",
    "end_contract",
    "parse_assignments",
    "widen_assets",
]
