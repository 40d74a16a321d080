"""Row views of the registers for `list`, `show` and `summary`: filters, derived columns, plain tables.

Pure functions over loaded `Registers`; the CLI only chooses the output format.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from schooldigital import derive
from schooldigital.errors import UserError
from schooldigital.models.assets import ARCHIVED, Asset
from schooldigital.models.contracts import Contract
from schooldigital.models.information import InformationAsset
from schooldigital.problems import did_you_mean
from schooldigital.registers import Registers

Row = dict[str, Any]


@dataclass
class AssetFilter:
    """Empty lists match everything; several values of one filter match any of them."""

    categories: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    assigned_to: list[str] = field(default_factory=list)
    due_before: dt.date | None = None  # review due, end of life or warranty end on or before this date


@dataclass
class ContractFilter:
    types: list[str] = field(default_factory=list)
    suppliers: list[str] = field(default_factory=list)
    renewals: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    ending_before: dt.date | None = None  # end of current term on or before this date


@dataclass
class InfoFilter:
    owners: list[str] = field(default_factory=list)
    personal_data: bool | None = None
    review_before: dt.date | None = None


def _match(value: str | None, wanted: Sequence[str]) -> bool:
    return not wanted or (value or "") in wanted


def _on_or_before(dates: Iterable[dt.date | None], limit: dt.date | None) -> bool:
    return limit is None or any(d is not None and d <= limit for d in dates)


def _assigned(asset: Asset, wanted: Sequence[str]) -> bool:
    """`--assigned-to htay` matches `person:htay`; the full `room:hall` form works too."""
    if not wanted:
        return True
    value = asset.assigned_to or ""
    return value in wanted or value.partition(":")[2] in wanted


def asset_rows(regs: Registers, flt: AssetFilter, today: dt.date) -> list[Row]:
    """One row per matching asset, with age and review due derived."""
    models = {m.id: m for m in regs.models}
    rows = []
    for a in regs.assets:
        if not (
            _match(a.category, flt.categories)
            and _match(a.location, flt.locations)
            and _match(a.status, flt.statuses)
            and _match(a.model, flt.models)
            and _assigned(a, flt.assigned_to)
        ):
            continue
        model = models.get(a.model)
        review = derive.review_due(a, model, regs.config)
        eol = derive.end_of_life(a, model, regs.config)
        if not _on_or_before((review, eol, a.warranty_end), flt.due_before):
            continue
        age = derive.age_months(a, today)
        rows.append(
            {
                "id": a.id,
                "category": a.category,
                "model": a.model,
                "status": a.status,
                "location": a.location,
                "assigned_to": a.assigned_to,
                "purchase_date": a.purchase_date,
                "age": derive.format_age(age) if age is not None else None,
                "review_due": review,
                "warranty_end": a.warranty_end,
            }
        )
    return rows


def _notice_by(c: Contract) -> dt.date | None:
    if c.notice is None:
        return None
    return derive.notice_deadline(c.end_date, c.notice.days, c.notice.months)


def contract_rows(regs: Registers, flt: ContractFilter) -> list[Row]:
    rows = []
    for c in regs.contracts:
        if not (
            _match(c.type, flt.types)
            and _match(c.supplier, flt.suppliers)
            and _match(c.renewal, flt.renewals)
            and _match(c.status, flt.statuses)
            and (flt.ending_before is None or (c.end_date is not None and c.end_date <= flt.ending_before))
        ):
            continue
        rows.append(
            {
                "id": c.id,
                "title": c.title,
                "supplier": c.supplier,
                "type": c.type,
                "renewal": c.renewal,
                "status": c.status,
                "end_date": c.end_date,
                "notice_by": _notice_by(c),
                "cost": f"{c.cost.amount:.2f}" if c.cost else None,
                "period": c.cost.period if c.cost else None,
            }
        )
    return rows


def _info_next_review(i: InformationAsset, regs: Registers) -> dt.date | None:
    interval = i.review_interval_months or regs.config.review_interval("information_assets")
    return derive.next_review(i.last_reviewed, interval)


def info_rows(regs: Registers, flt: InfoFilter) -> list[Row]:
    rows = []
    for i in regs.information_assets:
        nxt = _info_next_review(i, regs)
        if not (
            _match(i.owner, flt.owners)
            and (flt.personal_data is None or i.personal_data == flt.personal_data)
            and (flt.review_before is None or (nxt is not None and nxt <= flt.review_before))
        ):
            continue
        rows.append(
            {
                "id": i.id,
                "name": i.name,
                "owner": i.owner,
                "personal_data": i.personal_data,
                "special_category": i.special_category,
                "risk": i.risk,
                "last_reviewed": i.last_reviewed,
                "next_review": nxt,
            }
        )
    return rows


def _find(records: Sequence[Any], rid: str, what: str) -> Any:
    for record in records:
        if record.id == rid:
            return record
    raise UserError(f"no {what} `{rid}`{did_you_mean(rid, [r.id for r in records])}")


def _fields(record: Any) -> Row:
    return record.model_dump(mode="json")


def show_asset(regs: Registers, asset_id: str, today: dt.date) -> Row:
    """Every field of one asset followed by its derived values (age, end of life, review due, next audit)."""
    asset = _find(regs.assets, asset_id, "asset")
    model = {m.id: m for m in regs.models}.get(asset.model)
    dates = derive.asset_dates(asset, model, regs.config, today)
    return {
        **_fields(asset),
        "age": dates.age if dates.age_months is not None else None,
        "age_months": dates.age_months,
        "end_of_life": dates.end_of_life,
        "review_due": dates.review_due,
        "next_audit": dates.next_audit,
        "past_end_of_life": dates.past_end_of_life,
    }


def show_contract(regs: Registers, contract_id: str) -> Row:
    contract = _find(regs.contracts, contract_id, "contract")
    return {
        **_fields(contract),
        "notice": str(contract.notice) if contract.notice else None,
        "notice_by": _notice_by(contract),
    }


def show_info(regs: Registers, asset_id: str) -> Row:
    info = _find(regs.information_assets, asset_id, "information asset")
    return {**_fields(info), "next_review": _info_next_review(info, regs)}


def summary(regs: Registers, today: dt.date) -> Row:
    """Counts by category and status, average age and end of life of assets in use, disposals this year."""
    models = {m.id: m for m in regs.models}
    in_use = [a for a in regs.assets if a.status not in ARCHIVED]
    ages = [m for m in (derive.age_months(a, today) for a in in_use) if m is not None]
    past_eol = 0
    for a in in_use:
        eol = derive.end_of_life(a, models.get(a.model), regs.config)
        past_eol += eol is not None and eol < today
    disposed = sum(1 for a in regs.assets if a.disposal_date is not None and a.disposal_date.year == today.year)
    return {
        "school": regs.config.name,
        "assets": len(regs.assets),
        "in_use": len(in_use),
        "by_category": dict(Counter(a.category for a in regs.assets).most_common()),
        "by_status": dict(Counter(a.status for a in regs.assets).most_common()),
        "average_age_months": round(sum(ages) / len(ages)) if ages else None,
        "past_end_of_life": past_eol,
        "year": today.year,
        "disposed_this_year": disposed,
    }


def summary_text(data: Row) -> str:
    counts = lambda d: ", ".join(f"{k} {v}" for k, v in d.items()) or "-"  # noqa: E731
    return "\n".join(
        [
            f"{data['school']}: {data['assets']} assets, {data['in_use']} in use",
            f"by category: {counts(data['by_category'])}",
            f"by status: {counts(data['by_status'])}",
            f"average age in use: {derive.format_age(data['average_age_months'])}",
            f"past end of life (in use): {data['past_end_of_life']}",
            f"disposed in {data['year']}: {data['disposed_this_year']}",
        ]
    )


def text(value: Any) -> str:
    """A value for people: `-` for missing, `yes`/`no`, ISO dates, lists joined with `; `."""
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {text(v)}" for k, v in value.items() if v is not None)
    return str(value)


def plain_table(columns: Sequence[str], rows: Sequence[Row]) -> str:
    """Aligned columns separated by two spaces: readable in a pipe, a log or an email."""
    cells = [list(columns)] + [[text(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells)


def csv_cells(columns: Sequence[str], rows: Sequence[Row]) -> list[dict[str, str]]:
    """Rows as CSV cells (empty for missing, `true`/`false`), for `render_csv(safe=True)`."""
    out = []
    for r in rows:
        row = {}
        for c in columns:
            v = r.get(c)
            row[c] = "" if v is None else ("true" if v is True else "false" if v is False else text(v))
        out.append(row)
    return out


def load(root: Any) -> tuple[Registers, list[Any]]:
    """The registers for reading commands: what validated, plus the problems (shown as a hint, not fatal)."""
    from schooldigital.errors import InvalidData
    from schooldigital.problems import has_errors
    from schooldigital.registers import load_registers

    regs, problems = load_registers(root)
    if regs is None:
        raise InvalidData(problems)
    return regs, [p for p in problems if has_errors([p])]
