"""The `columns:` of an import profile (jobs and application forms, console exports): one set of checks.

A profile maps a file's headers to a register's fields. A header written at the wrong indent (`Teacher's
name: requested_by` beside `columns:`) or a field the register lacks would otherwise be ignored without a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schooldigital.errors import UserError
from schooldigital.problems import did_you_mean


def profile_columns(
    where: str, name: str, body: dict[str, Any], keys: Sequence[str], fields: Sequence[str]
) -> dict[str, str]:
    """Header -> field of profile `name` in file `where`, after refusing unknown keys and unknown fields."""
    unknown = [str(k) for k in body if k not in keys]
    if unknown:
        raise UserError(
            f"{where}: profile `{name}` has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"expected {', '.join(keys)} (column headers go under `columns:`)"
        )
    mapped = {str(k): str(v) for k, v in (body.get("columns") or {}).items()}
    bad = [v for v in mapped.values() if v not in (*fields, "drop")]
    if bad:
        raise UserError(f"{where}: profile `{name}` maps to unknown field `{bad[0]}`{did_you_mean(bad[0], fields)}")
    return mapped
