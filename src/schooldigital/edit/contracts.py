"""Mutations of the contracts register: add, edit, and record the decision that ends (or renews) one.

A recorded decision is what stops an overdue contract alerting (asset-peers.md §5.2): only `active`
and `renewing` contracts are checked, and `renewing` says someone is on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from schooldigital import layout
from schooldigital.edit import records
from schooldigital.edit.common import Written, apply_change, check_fields, next_id, slugify
from schooldigital.errors import UserError
from schooldigital.models.contracts import Contract

WHAT = "contracts"
DECISIONS = ("notice_given", "terminated", "expired", "renewing")


def add_contract(root: Path, fields: Mapping[str, Any], *, contract_id: str | None = None) -> Written:
    """Append a contract; the id defaults to `c<next number>-<title slug>` like the existing ones.

    Raises:
        InvalidData: the school would not validate with it (nothing written).
    """
    values = {k: v for k, v in fields.items() if v is not None and v != ""}
    values.pop("id", None)
    check_fields(Contract, values, WHAT)
    path = root / layout.CONTRACTS
    new: list[str] = []

    def build():  # type: ignore[no-untyped-def]
        _, doc = records.read(root, path)
        rid = contract_id or next_id(records.ids(doc), "c", slug=slugify(str(values.get("title", "")), 30))
        new.append(rid)
        return records.add(path, Contract, {"id": rid, **values}, what=WHAT)

    written, summary = apply_change(root, build)
    return Written(written, summary, new[-1])


def edit_contract(root: Path, contract_id: str, changes: Mapping[str, Any]) -> tuple[list[Path], str]:
    """Change fields of one contract (dotted names such as `cost.amount`; None or "" clears)."""
    check_fields(Contract, changes, WHAT)
    if not changes:
        raise UserError("nothing to change; give --set field=value (or a typed option)")
    path = root / layout.CONTRACTS
    return apply_change(root, lambda: records.edit(path, Contract, contract_id, lambda _: changes, what=WHAT))


def end_contract(
    root: Path,
    contract_id: str,
    decision: str,
    *,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[list[Path], str]:
    """Record a decision on a contract so its alerts stop: notice given, terminated, expired or renewing.

    Args:
        decision: `notice_given` (ends at the current term end, or `on`), `terminated` (ended on `on`,
            default today), `expired` (ran out at its end date, or `on`), `renewing` (being renewed;
            set the new `end_date` with `sd contracts edit` once signed).
        on: the date it ends or ended.
    """
    if decision not in DECISIONS:
        raise UserError(f"decision `{decision}` is not one of {', '.join(DECISIONS)}")
    if decision == "renewing" and on is not None:
        raise UserError("a renewal has no end date yet; record the new term with `sd contracts edit --end DATE`")
    day = today or dt.date.today()

    def decide(current: dict[str, Any]) -> dict[str, Any]:
        status = current.get("status", "active")
        if status in ("terminated", "expired", "superseded"):
            raise UserError(f"contract `{contract_id}` has already ended (status `{status}`)")
        end = current.get("end_date")
        changes: dict[str, Any] = {"status": decision}
        if decision == "notice_given":
            if on is None and end is None:
                raise UserError(f"contract `{contract_id}` has no end date; say when it ends with --on DATE")
            changes["end_date"] = on or end
        elif decision == "terminated":
            changes["end_date"] = on or day
        elif decision == "expired":
            changes["end_date"] = on or end or day
        return changes

    path = root / layout.CONTRACTS
    return apply_change(
        root, lambda: records.edit(path, Contract, contract_id, decide, what=WHAT, verb="end", note=decision)
    )
