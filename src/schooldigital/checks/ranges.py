"""Dates in every register within the school's sane range (`dates:` in school.yaml).

The models already refuse dates outside 1900-2999 (so no calculation can overflow); this check narrows that
to the school's own range, which depends on today, so it needs the config and a clock and lives here.
A `9999-06-01` typed for `2025-06-01` is then a problem at its file:line, not a device "replaced" in 10004.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Iterable, Iterator

from schooldigital.models.assets import Asset
from schooldigital.models.base import Record
from schooldigital.models.columns import Columns, ModelColumns, rows_with
from schooldigital.models.contracts import Contract
from schooldigital.models.information import InformationAsset
from schooldigital.models.lookups import DeviceModel, Location, Person, Supplier
from schooldigital.problems import Problem
from schooldigital.registers import Registers

_MODELS: dict[str, type[Record]] = {
    "assets": Asset,
    "contracts": Contract,
    "information_assets": InformationAsset,
    "locations": Location,
    "people": Person,
    "suppliers": Supplier,
    "models": DeviceModel,
}


@functools.cache
def date_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields of `model` that hold a date (optional or not); cached, as an import asks once per row."""
    return tuple(name for name, info in model.model_fields.items() if _is_date(info.annotation))


def _is_date(annotation: object) -> bool:
    if annotation is dt.date:
        return True
    return any(_is_date(arg) for arg in typing.get_args(annotation))


def _table(regs: Registers, kind: str) -> Columns:
    if kind == "assets" and regs.asset_columns is not None:
        return regs.asset_columns
    return ModelColumns(getattr(regs, kind))


def out_of_range(table: Columns, fields: Iterable[str], earliest: dt.date, latest: dt.date) -> Iterator[Problem]:
    """A `date-out-of-range` problem for every valid row holding a date outside [earliest, latest]."""
    for name in fields:
        values = table.values(name).items()
        bad = {cell: day for cell, day in values if day is not None and not earliest <= day <= latest}
        for row in table.valid(rows_with(table.column(name), set(bad))):
            day = bad[table.column(name)[row]]
            msg = (
                f"`{name}`: {day.isoformat()} is outside {earliest.isoformat()} to {latest.isoformat()}; "
                "check the year (the range is `dates:` in school.yaml)"
            )
            yield Problem(table.source_of(row, name), "date-out-of-range", msg)


def date_range(regs: Registers, today: dt.date | None = None) -> Iterable[Problem]:
    """Every register date outside the school's range as of `today` (default: the real today).

    The range only widens as days pass, so a result cached on an earlier day never hides a problem.
    """
    earliest, latest = regs.config.dates.bounds(today or dt.date.today())
    for kind, model in _MODELS.items():
        fields = date_fields(model)
        if fields:
            yield from out_of_range(_table(regs, kind), fields, earliest, latest)
