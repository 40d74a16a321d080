"""Derived asset dates: month arithmetic, age, end of life, review due and next audit."""

from __future__ import annotations

import datetime as dt

import pytest

from schooldigital.derive import add_months, age_months, asset_dates, end_of_life, format_age, next_audit, review_due
from schooldigital.models.assets import Asset
from schooldigital.models.lookups import DeviceModel
from schooldigital.models.school import SchoolConfig

D = dt.date
CONFIG = SchoolConfig(name="S", urn="123456", phase="primary")


def _asset(**kw: object) -> Asset:
    base = {"id": "A-1", "category": "laptop", "model": "m", "location": "hall"}
    return Asset.model_validate({**base, **kw})


def _model(**kw: object) -> DeviceModel:
    return DeviceModel.model_validate({"id": "m", "manufacturer": "X", "name": "Y", "category": "laptop", **kw})


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 11, 15), 2, D(2027, 1, 15)),
        (D(2026, 5, 31), 60, D(2031, 5, 31)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
    ],
)
def test_add_months_is_month_end_safe(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_age_in_whole_months() -> None:
    today = D(2026, 11, 22)
    assert age_months(_asset(purchase_date="2021-11-22"), today) == 60
    assert age_months(_asset(purchase_date="2021-11-23"), today) == 59
    assert age_months(_asset(), today) is None
    assert age_months(_asset(purchase_date="2027-01-01"), today) == 0
    assert format_age(63) == "5 years 3 months"
    assert format_age(12) == "1 year"
    assert format_age(1) == "1 month"
    assert format_age(None) == "-"


def test_end_of_life_order_of_precedence() -> None:
    bought = {"purchase_date": "2020-01-31"}
    # policy lifecycle for laptops (60 months) when the model has none
    assert end_of_life(_asset(**bought), _model(), CONFIG) == D(2025, 1, 31)
    # the model's own lifecycle beats the policy
    assert end_of_life(_asset(**bought), _model(lifecycle_months=13), CONFIG) == D(2021, 2, 28)
    # capped by the vendor's end of support when that comes first
    assert end_of_life(_asset(**bought), _model(end_of_support="2023-06-01"), CONFIG) == D(2023, 6, 1)
    # an explicit eol_date is a decision and wins
    assert end_of_life(_asset(eol_date="2030-01-01", **bought), _model(end_of_support="2023-06-01"), CONFIG) == D(
        2030, 1, 1
    )
    # no purchase date: only the vendor date is known
    assert end_of_life(_asset(), _model(end_of_support="2027-06-01"), CONFIG) == D(2027, 6, 1)
    assert end_of_life(_asset(), None, CONFIG) is None


def test_review_due_and_next_audit() -> None:
    asset = _asset(purchase_date="2020-01-31", review_due="2026-12-01", last_audit="2025-01-31")
    assert review_due(asset, _model(), CONFIG) == D(2026, 12, 1)
    assert review_due(_asset(purchase_date="2020-01-31"), _model(), CONFIG) == D(2025, 1, 31)
    assert next_audit(asset, CONFIG) == D(2026, 1, 31)
    assert next_audit(_asset(), CONFIG) is None
    dates = asset_dates(asset, _model(), CONFIG, D(2026, 11, 22))
    assert dates.past_end_of_life and dates.age == "6 years 9 months"
