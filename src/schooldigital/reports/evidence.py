"""Evidence from other parts of sd, as view data: renewals, standards status, staff survey, Digital Leaders.

Each comes from another module's library function. Those are imported lazily: a report never pays for a
part it does not show. When the school has no data for a part, the section says so plainly and names the
command that adds it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from schooldigital.registers import Registers
from schooldigital.reports.common import MIN_GROUP, absent, annual_cost, label

RENEWAL_WINDOW_DAYS = 365


def renewals_section(regs: Registers, today: dt.date, within_days: int = RENEWAL_WINDOW_DAYS) -> dict[str, Any]:
    """Contract decisions in the window one by one; asset and other duties grouped by kind."""
    from schooldigital.checks.renewals import KINDS, due_items

    items = due_items(regs, today, within_days=within_days)
    contracts = {c.id: c for c in regs.contracts}
    suppliers = {s.id: s.name for s in regs.suppliers}
    rows, grouped = [], defaultdict(lambda: {"count": 0, "overdue": 0, "first": None})
    for item in items:
        if item.register == "contracts":
            c = contracts.get(item.record_id)
            rows.append(
                {
                    "date": item.action_date,
                    "id": item.record_id,
                    "title": item.title,
                    "supplier": suppliers.get(c.supplier, c.supplier) if c else "",
                    "what": KINDS.get(item.kind, label(item.kind)),
                    "state": item.state,
                    "days": item.days,
                    "annual": float(annual_cost(c.cost)) if c else 0.0,
                    "action": item.action,
                }
            )
        else:
            g = grouped[KINDS.get(item.kind, label(item.kind))]
            g["count"] += 1
            g["overdue"] += item.state in ("overdue", "ended")
            g["first"] = min(filter(None, (g["first"], item.action_date)))
    rows.sort(key=lambda r: (r["date"], r["id"]))
    other = [{"what": k, **v} for k, v in sorted(grouped.items(), key=lambda kv: kv[1]["first"])]
    return {
        "window_days": within_days,
        "contracts": rows,
        "contracts_value": sum(r["annual"] for r in rows),
        "other": other,
        "overdue": sum(1 for i in items if i.state in ("overdue", "ended")),
        "total": len(items),
    }


STATUS_ORDER = ("met", "partly", "not_met", "no_evidence")
STATUS_LABELS = {"met": "Met", "partly": "Partly met", "not_met": "Not met", "no_evidence": "No evidence yet"}
# The DfE's core standards areas (digest §1): the ones every school should meet now.
CORE_AREAS = ("broadband", "wireless", "switching", "cyber", "filtering", "leadership")


def standards_section(regs: Registers, today: dt.date) -> dict[str, Any]:
    """Status against the DfE standards, from `checks.standards.evaluate`."""
    try:
        from schooldigital.checks.standards import evaluate
    except ImportError:  # not built yet in this version of sd
        return {
            "absent": absent(
                "Standards status is not available in this version of sd.",
                "Upgrade sd; then `sd check standards` lists each standard and the evidence it needs.",
            )
        }
    rows = [_standard_row(r) for r in evaluate(regs, today)]
    if not rows:
        return {"absent": absent("No standards could be assessed.", "Run `sd check standards` to see why.")}
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in STATUS_ORDER}
    return {
        "rows": rows,
        "counts": counts,
        "labels": STATUS_LABELS,
        "core_not_met": [r for r in rows if r["core"] and r["status"] in ("not_met", "partly")],
        "absent": None,
    }


def _standard_row(result: Any) -> dict[str, Any]:
    """One standard's result (a `checks.standards.StandardResult`) as plain data."""
    status = str(result.status).lower().replace(" ", "_").replace("-", "_")
    status = {"partly_met": "partly"}.get(status, status)
    if status not in STATUS_ORDER:
        status = "no_evidence"
    area = str(result.area)
    evidence = result.evidence if isinstance(result.evidence, str) else "; ".join(result.evidence)
    return {
        "id": result.id,
        "area": area,
        "title": result.title,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "core": any(word in area.lower() for word in CORE_AREAS),
        "evidence": evidence,
        "next_step": getattr(result, "next_step", ""),
    }


def survey_section(root: Path) -> dict[str, Any]:
    """Staff digital-literacy results, aggregated by the survey module (no names, small groups suppressed)."""
    how = "Run a staff survey round, then `sd survey import FILE` to add the results."
    try:
        from schooldigital.survey.analysis import school_summary
    except ImportError:  # not built yet in this version of sd
        return {"absent": absent("No staff digital-literacy survey results yet.", how)}
    summary = school_summary(root)
    if not summary:
        return {"absent": absent("No staff digital-literacy survey results yet.", how)}
    return {"absent": None, "summary": _plain(summary), "min_group": MIN_GROUP}


def leaders_section(root: Path, today: dt.date) -> dict[str, Any]:
    """Digital Leaders activity in aggregate (no pupil is named in a governors' report)."""
    how = "Record the team and its sessions with `sd leaders add` and `sd leaders log`."
    try:
        from schooldigital.leaders.report import leaders_summary
    except ImportError:  # not built yet in this version of sd
        return {"absent": absent("No Digital Leaders records yet.", how)}
    summary = leaders_summary(root, today)
    if not summary:
        return {"absent": absent("No Digital Leaders records yet.", how)}
    return {"absent": None, "summary": _plain(summary)}


def _plain(value: Any) -> Any:
    """Dataclasses and models as dicts, so templates treat every summary the same way."""
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if hasattr(value, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(value)
    return value
