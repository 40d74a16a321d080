"""Small helpers every report builder shares: academic years, labels, annual cost, optional sections.

View data is plain dicts, lists, numbers, dates and strings, so templates stay simple and a school's own
template override can use any of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

# Below this many people a staff result is not shown on its own: with three responses a governor could work
# out who said what. Overridable per call; the survey engineer's own summary may apply a stricter rule.
MIN_GROUP = 5


def academic_year(day: dt.date) -> str:
    """`2026-27` for any date from 1 September 2026 to 31 August 2027 (English school and budget year)."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def next_academic_years(today: dt.date, count: int) -> list[str]:
    """The current academic year and the `count - 1` after it."""
    first = int(academic_year(today)[:4])
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(first, first + count)]


# Human words for the register values governors see; anything not listed falls back to `label`'s rule.
LABELS: dict[str, str] = {
    # contract types
    "software_subscription": "Software subscription",
    "licence_perpetual": "Software bought outright",
    "support_maintenance": "Support and maintenance",
    "warranty_extension": "Extended warranty",
    "connectivity": "Internet connection",
    "telecoms": "Telephones",
    "saas_service": "Online service",
    "approved_app": "Approved app",
    "lease": "Lease",
    "print_managed": "Managed printing",
    "insurance": "Insurance",
    # asset categories
    "display_panel": "Interactive display",
    "av": "Audio-visual",
    "network": "Network equipment",
    "storage": "Data storage",
    # objective statuses and pilot decisions
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "behind": "Behind",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
    "pending": "Decision pending",
    "adopt": "Adopt",
    "adapt": "Adapt",
    "drop": "Drop",
    # funding
    "revenue": "Revenue budget",
    "capital": "Capital budget",
}


def label(slug: str) -> str:
    """The human label for a register value: `saas_service` -> `Online service`, else `some_slug` -> `Some slug`."""
    if slug in LABELS:
        return LABELS[slug]
    text = slug.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def long_date(value: dt.date | None) -> str:
    """The one date style every report uses: `4 November 2026` (`-` when there is no date)."""
    return "-" if value is None else f"{value.day} {value:%B %Y}"


def annual_cost(cost: Any) -> Decimal:
    """A contract cost as a yearly figure; one-off costs are not recurring spend and count as 0."""
    if cost is None:
        return Decimal(0)
    per_year = {"annual": 1, "monthly": 12, "termly": 3, "one_off": 0}[cost.period]
    return Decimal(cost.amount) * per_year


def money_sum(values: Iterable[Any]) -> float:
    return float(sum((Decimal(v) for v in values if v is not None), Decimal(0)))


def absent(what: str, how: str, plain: str = "") -> dict[str, Any]:
    """A section with no data: says so plainly and tells staff the command that adds it (`how`).

    Governor-facing reports print `plain` instead of `how`: no commands or file paths there. All texts are
    written by sd, never by users, so they are trusted (Markup): backticks around a command stay a code span.
    """
    from markupsafe import Markup

    return {"what": Markup(what), "how": Markup(how), "plain": Markup(plain)}


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"
