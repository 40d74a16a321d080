"""What `add` asks a person at a terminal: each field with its prompt, default and allowed choices.

Pure data built from the registers (so location and model choices are the school's own); the CLI
does the asking. Answers left empty are simply not set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schooldigital.models import assets as asset_model
from schooldigital.models import contracts as contract_model
from schooldigital.models import information as info_model
from schooldigital.models.lookups import CATEGORIES


@dataclass(frozen=True)
class Question:
    name: str
    text: str
    choices: tuple[str, ...] = ()
    default: str | None = None
    required: bool = False


def _regs(root: Path) -> Any:
    from schooldigital.registers import load_registers

    regs, _ = load_registers(root)
    return regs


def _ids(records: Any) -> tuple[str, ...]:
    return tuple(r.id for r in records)


def asset_questions(root: Path, today: dt.date) -> list[Question]:
    regs = _regs(root)
    models = _ids(regs.models) if regs else ()
    return [
        Question("category", "Category", CATEGORIES, required=True),
        Question("model", "Model id (from registers/models.yaml)", models, required=True),
        Question("location", "Location id", _ids(regs.locations) if regs else (), required=True),
        Question("status", "Status", asset_model.STATUSES, default="deployed", required=True),
        Question("serial", "Serial number"),
        Question("assigned_to", "Assigned to (person:ID, room:ID or class:CODE; never a pupil's name)"),
        Question("purchase_date", "Purchase date (YYYY-MM-DD)", default=today.isoformat()),
        Question("supplier", "Supplier id", _ids(regs.suppliers) if regs else ()),
        Question("cost", "Cost in GBP"),
    ]


def contract_questions(root: Path, today: dt.date) -> list[Question]:
    regs = _regs(root)
    return [
        Question("title", "Title", required=True),
        Question("supplier", "Supplier id", _ids(regs.suppliers) if regs else (), required=True),
        Question("type", "Type", contract_model.TYPES, required=True),
        Question("owner", "Owner (person id)", _ids(regs.people) if regs else (), required=True),
        Question("start_date", "Start date (YYYY-MM-DD)", default=today.isoformat(), required=True),
        Question("end_date", "End of current term (YYYY-MM-DD)"),
        Question("renewal", "Renewal", contract_model.RENEWALS, default="manual", required=True),
        Question("renewal_term_months", "Renewal term in months (required for auto)"),
        Question("notice", "Notice period (e.g. 90 days, 3 months)"),
        Question("cost.amount", "Cost in GBP"),
    ]


def information_questions(root: Path, today: dt.date) -> list[Question]:
    regs = _regs(root)
    return [
        Question("name", "Name", required=True),
        Question("owner", "Information asset owner (person id)", _ids(regs.people) if regs else (), required=True),
        Question("format", "Format", info_model.FORMATS, default="electronic", required=True),
        Question("systems", "Systems (separate with ;)", required=True),
        Question("personal_data", "Personal data?", ("true", "false"), default="true", required=True),
        Question("data_subjects", f"Data subjects ({', '.join(info_model.SUBJECTS)}; separate with ;)"),
        Question("lawful_basis", "Lawful basis", info_model.LAWFUL_BASES),
        Question("purposes", "Purposes (separate with ;)", required=True),
        Question("retention", "Retention (period and trigger)", required=True),
        Question("security_measures", "Security measures (separate with ;)", required=True),
        Question("last_reviewed", "Last reviewed (YYYY-MM-DD)", default=today.isoformat(), required=True),
    ]


def unanswered(questions: list[Question], given: Mapping[str, Any]) -> list[Question]:
    """Only ask about what the command line did not already say."""
    return [q for q in questions if given.get(q.name) in (None, "")]
