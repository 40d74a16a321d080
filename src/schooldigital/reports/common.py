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


def label(slug: str) -> str:
    """`software_subscription` -> `Software subscription`."""
    text = slug.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def annual_cost(cost: Any) -> Decimal:
    """A contract cost as a yearly figure; one-off costs are not recurring spend and count as 0."""
    if cost is None:
        return Decimal(0)
    per_year = {"annual": 1, "monthly": 12, "termly": 3, "one_off": 0}[cost.period]
    return Decimal(cost.amount) * per_year


def money_sum(values: Iterable[Any]) -> float:
    return float(sum((Decimal(v) for v in values if v is not None), Decimal(0)))


def absent(what: str, how: str) -> dict[str, Any]:
    """A section with no data: says so plainly and tells the reader the command that adds it.

    Both texts are written by sd, never by users, so they are trusted (Markup): the backticks around a
    command stay a code span in Markdown.
    """
    from markupsafe import Markup

    return {"what": Markup(what), "how": Markup(how)}


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"
