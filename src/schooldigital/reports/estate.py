"""The register summary: the estate by category and age, devices past support, the replacement forecast,
contract spend and the information asset register, as view data.

Replacement is forecast like for like: each device is replaced in the academic year its end of life falls
(derive.end_of_life: lifecycle policy capped at vendor support) at its purchase price; a device with no
recorded cost is priced at the median for its model, else its category. Devices already past end of life
form the backlog, shown first.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from schooldigital import derive
from schooldigital.consoles.columns import console_label
from schooldigital.registers import Registers
from schooldigital.reports.common import academic_year, annual_cost, label, next_academic_years

AGE_BANDS = ("under 1", "1-2", "2-3", "3-4", "4-5", "5-6", "6-7", "7+")
OUT_OF_ESTATE = frozenset({"retired", "disposed", "lost_stolen"})
LIVE_CONTRACTS = frozenset({"active", "notice_given", "renewing"})
FORECAST_YEARS = 5


def is_live(contract: Any, today: dt.date) -> bool:
    """Still running on `today`: a live status, and not past its end unless it renews itself."""
    if contract.status not in LIVE_CONTRACTS:
        return False
    return contract.end_date is None or contract.end_date >= today or contract.renewal in ("auto", "rolling")


def current_end(contract: Any, today: dt.date) -> dt.date | None:
    """The end of the current term: an auto-renewing contract past its recorded end has rolled on by whole
    terms, so governors never see a past date for a contract still running."""
    end = contract.end_date
    if end is None or end >= today or contract.renewal != "auto" or not contract.renewal_term_months:
        return end
    while end < today:
        end = derive.add_months(end, contract.renewal_term_months)
    return end


def _age_band(months: int) -> str:
    years = months // 12
    return AGE_BANDS[min(years, len(AGE_BANDS) - 1)]


def _prices(assets: list[Any]) -> tuple[dict[str, float], dict[str, float]]:
    """Median known cost per model and per category, for devices whose own cost was not recorded."""
    by_model: dict[str, list[float]] = defaultdict(list)
    by_cat: dict[str, list[float]] = defaultdict(list)
    for a in assets:
        if a.cost is not None:
            by_model[a.model].append(float(a.cost))
            by_cat[a.category].append(float(a.cost))
    return (
        {k: statistics.median(v) for k, v in by_model.items()},
        {k: statistics.median(v) for k, v in by_cat.items()},
    )


def estate_summary(regs: Registers, today: dt.date) -> dict[str, Any]:
    """Counts, ages, support status and the replacement forecast for every device still in the estate."""
    models = {m.id: m for m in regs.models}
    live = [a for a in regs.assets if a.status not in OUT_OF_ESTATE]
    model_price, cat_price = _prices(live)
    cats: dict[str, dict[str, Any]] = {}
    bands: Counter[str] = Counter()
    band_eol: Counter[str] = Counter()
    unknown_age = 0
    past_support: dict[str, dict[str, Any]] = {}
    years = next_academic_years(today, FORECAST_YEARS)
    forecast = {y: {"year": y, "count": 0, "cost": 0.0} for y in ["backlog", *years]}
    later = {"count": 0, "cost": 0.0}
    unpriced = estimated = past_eol = 0
    from_consoles: dict[str, dict[str, Any]] = {}
    for a in live:
        model = models.get(a.model)
        if a.eol_source and a.eol_date:  # recorded from a console export (`sd assets reconcile --apply`)
            entry = from_consoles.setdefault(a.eol_source, {"console": console_label(a.eol_source), "count": 0})
            entry["count"] += 1
            entry["recorded"] = max(filter(None, (entry.get("recorded"), a.eol_checked)), default=None)
        row = cats.setdefault(a.category, {"category": label(a.category), "count": 0, "past_eol": 0, "ages": []})
        row["count"] += 1
        months = derive.age_months(a, today)
        band = None if months is None else _age_band(months)
        if months is None:
            unknown_age += 1
        else:
            bands[band] += 1
            row["ages"].append(months)
        if model is not None and model.end_of_support is not None and model.end_of_support < today:
            entry = past_support.setdefault(
                a.model,
                {"model": f"{model.manufacturer} {model.name}", "ended": model.end_of_support, "count": 0},
            )
            entry["count"] += 1
        eol = derive.end_of_life(a, model, regs.config)
        price = float(a.cost) if a.cost is not None else model_price.get(a.model, cat_price.get(a.category))
        if a.cost is None:
            estimated += price is not None
            unpriced += price is None
        if eol is None:
            continue
        if eol < today:
            row["past_eol"] += 1
            past_eol += 1
            band_eol[band or "unknown"] += 1
            bucket = forecast["backlog"]
        else:
            bucket = forecast.get(academic_year(eol), later)
        bucket["count"] += 1
        bucket["cost"] += price or 0.0
    categories = []
    for row in sorted(cats.values(), key=lambda r: -r["count"]):
        ages = row.pop("ages")
        row["median_age_years"] = round(statistics.median(ages) / 12, 1) if ages else None
        categories.append(row)
    support_rows = sorted(past_support.values(), key=lambda r: (r["ended"], r["model"]))
    return {
        "total": len(live),
        "archived": len(regs.assets) - len(live),
        "categories": categories,
        # Each age band split by the school's replacement policy, so the chart's "past end of life" parts add
        # up to the same `past_eol` the text gives (a device can be past end of life young, when support ends).
        "age_bands": [
            {
                "band": b,
                "count": bands.get(b, 0),
                "past_eol": band_eol.get(b, 0),
                "split": [bands.get(b, 0) - band_eol.get(b, 0), band_eol.get(b, 0)],
            }
            for b in AGE_BANDS
        ],
        "unknown_age": unknown_age,
        "unknown_age_past_eol": band_eol.get("unknown", 0),
        "past_support": support_rows,
        "past_support_count": sum(r["count"] for r in support_rows),
        "past_eol": past_eol,
        "forecast": list(forecast.values()),
        "forecast_later": later,
        "forecast_total": sum(b["cost"] for b in forecast.values()),
        "current_year": years[0],
        "priced_estimated": estimated,
        # Whose end of life is a console's end-of-updates date, and when it was recorded: the forecast's evidence.
        "console_dates": [from_consoles[k] for k in sorted(from_consoles)],
        "unpriced": unpriced,
    }


def contract_summary(regs: Registers, today: dt.date) -> dict[str, Any]:
    """Recurring spend per year by contract type, for contracts live on `today` (`is_live`)."""
    by_type: dict[str, dict[str, Any]] = {}
    live = [c for c in regs.contracts if is_live(c, today)]
    one_off = Decimal(0)
    for c in live:
        row = by_type.setdefault(c.type, {"type": label(c.type), "count": 0, "annual": Decimal(0)})
        row["count"] += 1
        row["annual"] += annual_cost(c.cost)
        if c.cost is not None and c.cost.period == "one_off":
            one_off += c.cost.amount
    rows = sorted(by_type.values(), key=lambda r: (-r["annual"], r["type"]))
    for row in rows:
        row["annual"] = float(row["annual"])
    return {
        "live": len(live),
        "total": len(regs.contracts),
        "by_type": rows,
        "annual_total": sum(r["annual"] for r in rows),
        "one_off": float(one_off),
        "processors": sum(1 for c in live if c.processor),
    }


def information_summary(regs: Registers, today: dt.date) -> dict[str, Any]:
    """The information asset register in figures: personal data, special category, high risk, reviews late."""
    overdue = 0
    for ia in regs.information_assets:
        interval = ia.review_interval_months or regs.config.review_interval("information_assets")
        if derive.add_months(ia.last_reviewed, interval) < today:
            overdue += 1
    items = regs.information_assets
    return {
        "total": len(items),
        "personal": sum(1 for i in items if i.personal_data),
        "special": sum(1 for i in items if i.special_category),
        "high_risk": sum(1 for i in items if i.risk == "high"),
        "review_overdue": overdue,
    }
