"""The `columns:` of an import profile (jobs and application forms, console exports): one set of checks.

A profile maps a file's headers to a register's fields. A header written at the wrong indent (`Teacher's
name: requested_by` beside `columns:`) or a field the register lacks would otherwise be ignored without a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schooldigital.errors import UserError
from schooldigital.problems import did_you_mean, excerpt

# What is wrong in a profile: the path of the value inside the profile, a problem code, the message.
Complaint = tuple[tuple[str, ...], str, str]


def column_complaints(
    name: str, body: dict[str, Any], keys: Sequence[str], fields: Sequence[str]
) -> tuple[dict[str, str], list[Complaint]]:
    """Header -> field of profile `name`, and every unknown key, wrong `columns:` and unknown field in it, so a
    caller that reports problems (`sd validate` on consoles.yaml) places each at its line."""
    complaints: list[Complaint] = []
    for key in body:
        if key not in keys:
            wrong = f"profile `{name}` has unknown key {excerpt(str(key))!r}{did_you_mean(str(key), keys)}"
            hint = f"expected {', '.join(keys)} (column headers go under `columns:`)"
            complaints.append(((str(key),), "unknown-field", f"{wrong}; {hint}"))
    given = body.get("columns") or {}
    if not isinstance(given, dict):
        wrong = f"profile `{name}`: `columns:` is not a mapping"
        complaints.append((("columns",), "type-invalid", f"{wrong}; expected one `Header: field` line per column"))
        given = {}
    mapped = {str(k): str(v) for k, v in given.items()}
    allowed = (*fields, "drop")
    for header, target in mapped.items():
        if target not in allowed:
            wrong = f"profile `{name}` maps to unknown field `{excerpt(target)}`{did_you_mean(target, fields)}"
            complaints.append((("columns", header), "choice-invalid", f"{wrong}; expected one of {', '.join(allowed)}"))
    return mapped, complaints


def profile_columns(
    where: str, name: str, body: dict[str, Any], keys: Sequence[str], fields: Sequence[str]
) -> dict[str, str]:
    """Header -> field of profile `name` in file `where`, after refusing unknown keys and unknown fields."""
    mapped, complaints = column_complaints(name, body, keys, fields)
    unknown = [path[0] for path, code, _ in complaints if code == "unknown-field"]
    if unknown:
        raise UserError(
            f"{where}: profile `{name}` has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"expected {', '.join(keys)} (column headers go under `columns:`)"
        )
    if complaints:
        raise UserError(f"{where}: {complaints[0][2]}")
    return mapped
