"""Dates and ages derived from a record, never stored twice: age, end of life, review due, next audit.

One module so `sd assets show`, the register summary and the renewal checks agree on every date.
All functions are pure: `today` and the school's config are passed in, never read from the clock.

Rules (asset-peers.md §5.1):
- end of life = explicit `eol_date`; else `purchase_date` + lifecycle months (the model's
  `lifecycle_months`, else the school policy for the category), capped at the model's vendor
  `end_of_support` when that comes first. An explicit `eol_date` is a deliberate decision and wins.
  With no purchase date, the model's `end_of_support` alone (if any).
- review due = explicit `review_due`, else end of life.
- next audit = `last_audit` + `policy.audit_interval_months`.

Every calculation is total: a date moved past the calendar's limits stops at `date.max`/`date.min` instead
of raising, so no stored value, however odd, can make a later command die (issue 12). Models keep dates
between 1900 and 2999 (models.base.Date), so the clamp is a last line of defence, never a normal result.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schooldigital.models.assets import Asset
    from schooldigital.models.lookups import DeviceModel
    from schooldigital.models.school import SchoolConfig


# The widest range any stored or given date may take (models.base.Date, the commands' --today/--on): centuries
# inside the calendar's limits (years 1 and 9999), so a lifecycle or notice period added to it never overflows.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months, clamped to the month's end (31 Jan + 1 = 28/29 Feb).

    Args:
        day: the starting date.
        months: how many months to add (negative moves back).

    Returns:
        The same day of the target month, or that month's last day when it is shorter.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def add_days(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, stopping at the calendar's limits rather than raising."""
    ordinal = day.toordinal() + days
    return dt.date.fromordinal(min(max(ordinal, 1), dt.date.max.toordinal()))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (negative when `end` is earlier); a month counts once complete."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if months > 0 and add_months(start, months) > end:
        months -= 1
    elif months < 0 and add_months(start, months) < end:
        months += 1
    return months


def age_months(asset: Asset, today: dt.date) -> int | None:
    """Whole months since the asset was bought, or None when the purchase date is unknown."""
    if asset.purchase_date is None:
        return None
    return max(0, months_between(asset.purchase_date, today))


def format_age(months: int | None) -> str:
    """`4 years 3 months`, `11 months`, or `-` when unknown."""
    if months is None:
        return "-"
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


def lifecycle_months(asset: Asset, model: DeviceModel | None, config: SchoolConfig) -> int:
    """The replacement lifecycle that applies: the model's own, else the school policy for the category."""
    if model is not None and model.lifecycle_months:
        return model.lifecycle_months
    return config.lifecycle_for(asset.category)


def end_of_life(asset: Asset, model: DeviceModel | None, config: SchoolConfig) -> dt.date | None:
    """When the asset should be replaced (see the module docstring for the rule); None when unknowable.

    Args:
        asset: the asset.
        model: its device model, or None when the model is unknown.
        config: the school config (policy lifecycles).
    """
    if asset.eol_date is not None:
        return asset.eol_date
    support_end = model.end_of_support if model is not None else None
    if asset.purchase_date is None:
        return support_end
    computed = add_months(asset.purchase_date, lifecycle_months(asset, model, config))
    return min(computed, support_end) if support_end is not None else computed


def review_due(asset: Asset, model: DeviceModel | None, config: SchoolConfig) -> dt.date | None:
    """When the asset is next due for review: explicit `review_due`, else its end of life."""
    if asset.review_due is not None:
        return asset.review_due
    return end_of_life(asset, model, config)


def next_audit(asset: Asset, config: SchoolConfig) -> dt.date | None:
    """`last_audit` + the school's audit interval, or None when never audited."""
    if asset.last_audit is None:
        return None
    return add_months(asset.last_audit, config.policy.audit_interval_months)


@dataclass(frozen=True, slots=True)
class AssetDates:
    """Every derived value of one asset, for `show` and reports."""

    age_months: int | None
    age: str
    end_of_life: dt.date | None
    review_due: dt.date | None
    next_audit: dt.date | None
    past_end_of_life: bool


def asset_dates(asset: Asset, model: DeviceModel | None, config: SchoolConfig, today: dt.date) -> AssetDates:
    """All derived dates of `asset` as of `today`."""
    months = age_months(asset, today)
    eol = end_of_life(asset, model, config)
    return AssetDates(
        age_months=months,
        age=format_age(months),
        end_of_life=eol,
        review_due=review_due(asset, model, config),
        next_audit=next_audit(asset, config),
        past_end_of_life=eol is not None and eol < today,
    )


def notice_deadline(end: dt.date | None, notice_days: int = 0, notice_months: int = 0) -> dt.date | None:
    """The last day to give notice on a term ending `end` (term end minus the notice period)."""
    if end is None:
        return None
    return add_days(add_months(end, -notice_months), -notice_days)


def next_review(last_reviewed: dt.date | None, interval_months: int) -> dt.date | None:
    """When a register entry reviewed on `last_reviewed` is next due for review."""
    return add_months(last_reviewed, interval_months) if last_reviewed else None
