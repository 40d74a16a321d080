"""What `add` asks a person at a terminal: each field with its prompt, default, allowed choices and check.

Pure data built from the registers (so location and model choices are the school's own); the CLI does the
asking. Each answer is checked as it is given (`Question.answer`): names resolve to ids as `sd assets import`
resolves them (`Tom Roberts` -> `person:trob`), dates may be typed in the school's `date_format` or ISO, and a
bad answer raises ValueError saying what to type, so the CLI asks again instead of losing the entry at the
end (issue 18). Answers left empty are simply not set.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schooldigital.models import assets as asset_model
from schooldigital.models import contracts as contract_model
from schooldigital.models import information as info_model
from schooldigital.models.lookups import CATEGORIES
from schooldigital.problems import did_you_mean

Check = Callable[[str], str]  # an answer -> the value to store; raises ValueError saying what to type instead


@dataclass(frozen=True)
class Question:
    name: str
    text: str
    choices: tuple[str, ...] = ()
    default: str | None = None
    required: bool = False
    check: Check | None = None

    def answer(self, text: str) -> str:
        """The value to store for a non-empty answer.

        Raises:
            ValueError: the answer is not a choice, or its check refuses it; the message says what to type.
        """
        text = text.strip()
        if self.choices and text not in self.choices:
            raise ValueError(f"`{text}` is not one of {', '.join(self.choices)}{did_you_mean(text, self.choices)}")
        return self.check(text) if self.check else text


class Lookups:
    """The school's lookups (people, locations, models, suppliers) and date format, for checking answers."""

    def __init__(self, root: Path) -> None:
        from schooldigital.importing.values import lookups
        from schooldigital.registers import load_config

        self.names, _ = lookups(root)
        config, _ = load_config(root)
        self.date_format = config.date_format if config else None
        self.money_format = config.money if config else None

    def ref(self, kind: str, file: str) -> Check:
        """An id or a name (as import accepts) -> the id."""
        names = self.names[kind]

        def check(text: str) -> str:
            rid, ambiguous = names.resolve(text)
            if rid is not None:
                return rid
            if ambiguous:
                raise ValueError(f"`{text}` matches several {kind} records ({ambiguous}); give the id")
            known = sorted(names.ids)
            raise ValueError(f"no {kind} `{text}` in registers/{file}{did_you_mean(text, known)}; give its id or name")

        return check

    def assignee(self, text: str) -> str:
        """person:ID, room:ID or class:CODE, or a person's or room's name -> that form."""
        if ":" in text:
            prefix, _, rid = text.partition(":")
            kind = {"person": "person", "room": "location"}.get(prefix)
            if not re.match(asset_model.ASSIGNEE_PATTERN, text):
                raise ValueError(f"`{text}` is not person:ID, room:ID or class:CODE")
            if kind and rid not in self.names[kind].ids:
                raise ValueError(f"no {kind} `{rid}`{did_you_mean(rid, sorted(self.names[kind].ids))}")
            return text
        person, _ = self.names["person"].resolve(text)
        room, _ = self.names["location"].resolve(text)
        if person and not room:
            return f"person:{person}"
        if room and not person:
            return f"room:{room}"
        what = "both a person and a room" if person and room else "no person or room in the registers"
        raise ValueError(f"`{text}` is {what}; give a name, or person:ID, room:ID or class:CODE")

    def date(self, text: str) -> str:
        """ISO or the school's `date_format` -> ISO."""
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        if self.date_format:
            try:
                return dt.datetime.strptime(text, self.date_format).date().isoformat()
            except ValueError:
                pass
        shown = f" or {dt.date(2026, 9, 3).strftime(self.date_format)}" if self.date_format else ""
        raise ValueError(f"`{text}` is not a date; write it as 2026-09-03{shown}")

    def money(self, text: str) -> str:
        """An amount in the school's convention (`£689`, `1,234.50`) -> `689.00`; the same rule as import."""
        from schooldigital.cells import parse_amount

        amount = parse_amount(text, self.money_format)
        if isinstance(amount, str):
            raise ValueError(amount)
        return str(amount)


def whole_number(text: str) -> str:
    if not text.isdigit():
        raise ValueError(f"`{text}` is not a whole number")
    return text


def asset_questions(root: Path, today: dt.date) -> list[Question]:
    ask = Lookups(root)
    return [
        Question("category", "Category", CATEGORIES, required=True),
        Question(
            "model",
            "Model (id or name, from registers/models.yaml)",
            required=True,
            check=ask.ref("model", "models.yaml"),
        ),
        Question("location", "Location (id or name)", required=True, check=ask.ref("location", "locations.yaml")),
        Question("status", "Status", asset_model.STATUSES, default="deployed", required=True),
        Question("serial", "Serial number"),
        Question(
            "assigned_to",
            "Assigned to (a member of staff or room by name, or person:ID, room:ID, class:CODE; never a pupil)",
            check=ask.assignee,
        ),
        Question("purchase_date", "Purchase date", default=today.isoformat(), check=ask.date),
        Question("supplier", "Supplier (id or name)", check=ask.ref("supplier", "suppliers.yaml")),
        Question("cost", "Cost in GBP", check=ask.money),
    ]


def contract_questions(root: Path, today: dt.date) -> list[Question]:
    ask = Lookups(root)
    return [
        Question("title", "Title", required=True),
        Question("supplier", "Supplier (id or name)", required=True, check=ask.ref("supplier", "suppliers.yaml")),
        Question("type", "Type", contract_model.TYPES, required=True),
        Question("owner", "Owner (name or person id)", required=True, check=ask.ref("person", "people.yaml")),
        Question("start_date", "Start date", default=today.isoformat(), required=True, check=ask.date),
        Question("end_date", "End of current term", check=ask.date),
        Question("renewal", "Renewal", contract_model.RENEWALS, default="manual", required=True),
        Question("renewal_term_months", "Renewal term in months (required for auto)", check=whole_number),
        Question("notice", "Notice period (e.g. 90 days, 3 months)"),
        Question("cost.amount", "Cost in GBP", check=ask.money),
    ]


def information_questions(root: Path, today: dt.date) -> list[Question]:
    ask = Lookups(root)
    return [
        Question("name", "Name", required=True),
        Question(
            "owner",
            "Information asset owner (name or person id)",
            required=True,
            check=ask.ref("person", "people.yaml"),
        ),
        Question("format", "Format", info_model.FORMATS, default="electronic", required=True),
        Question("systems", "Systems (separate with ;)", required=True),
        Question("personal_data", "Personal data?", ("true", "false"), default="true", required=True),
        Question(
            "data_subjects",
            f"Data subjects ({', '.join(info_model.SUBJECTS)}; separate with ;)",
            check=_each(info_model.SUBJECTS),
        ),
        Question("lawful_basis", "Lawful basis", info_model.LAWFUL_BASES),
        Question("purposes", "Purposes (separate with ;)", required=True),
        Question("retention", "Retention (period and trigger)", required=True),
        Question("security_measures", "Security measures (separate with ;)", required=True),
        Question("last_reviewed", "Last reviewed", default=today.isoformat(), required=True, check=ask.date),
    ]


def _each(choices: tuple[str, ...]) -> Check:
    """A `;`-separated list whose every item is one of `choices`."""

    def check(text: str) -> str:
        items = [item.strip() for item in text.split(";") if item.strip()]
        for item in items:
            if item not in choices:
                raise ValueError(f"`{item}` is not one of {', '.join(choices)}{did_you_mean(item, choices)}")
        return "; ".join(items)

    return check


def unanswered(questions: list[Question], given: Mapping[str, Any]) -> list[Question]:
    """Only ask about what the command line did not already say."""
    return [q for q in questions if given.get(q.name) in (None, "")]
