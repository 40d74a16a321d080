"""The import file: header alias tables, Snipe-IT columns with no place in a register, and `Reader`,
which maps each header to a field and collects the problems found at `file:row:column`.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schooldigital.cells import FORMULA_START, formula_problem
from schooldigital.models.base import Record
from schooldigital.problems import Problem, Source, did_you_mean
from schooldigital.store.records import RawRecord

if TYPE_CHECKING:
    from schooldigital.models.school import MoneyFormat

# Normalised header -> register field. Every field's own name is accepted as well.
ASSET_ALIASES: dict[str, str] = {
    "asset tag": "id",
    "asset id": "id",
    "asset number": "id",
    "asset no": "id",
    "tag": "id",
    "serial number": "serial",
    "serial no": "serial",
    "model name": "model",
    "status label": "status",
    "default location": "location",
    "room": "location",
    "name": "description",
    "item name": "description",
    "asset name": "description",
    "checked out to": "assigned_to",
    "checked out": "assigned_to",  # Snipe-IT's custom asset report
    "assigned to": "assigned_to",
    "assigned": "assigned_to",
    "purchased": "purchase_date",
    "date purchased": "purchase_date",
    "order number": "order_ref",
    "order no": "order_ref",
    "purchase order": "order_ref",
    "po": "order_ref",
    "invoice": "order_ref",
    "purchase cost": "cost",
    "price": "cost",
    "value": "cost",
    "warranty": "warranty_months",
    "warranty months": "warranty_months",
    "warranty expires": "warranty_end",
    "warranty expiry": "warranty_end",
    "warranty end date": "warranty_end",
    "asset eol date": "eol_date",
    "eol": "eol_date",
    "end of life": "eol_date",
    "last audit date": "last_audit",
    "asset notes": "notes",
    "comments": "notes",
}
CONTRACT_ALIASES: dict[str, str] = {
    "contract id": "id",
    "ref": "id",
    "name": "title",
    "item name": "title",
    "licence name": "title",
    "license name": "title",
    "product": "title",
    "vendor": "supplier",
    "contract type": "type",
    "business owner": "owner",
    "start": "start_date",
    "purchase date": "start_date",
    "begin date": "start_date",
    "end": "end_date",
    "expiration date": "end_date",
    "expiry date": "end_date",
    "expires": "end_date",
    "termination date": "end_date",
    "renewal type": "renewal",
    "renewal term": "renewal_term_months",
    "term months": "renewal_term_months",
    "notice period": "notice",
    "cost": "cost.amount",
    "purchase cost": "cost.amount",
    "value": "cost.amount",
    "annual cost": "cost.amount",
    "amount": "cost.amount",
    "price": "cost.amount",
    "period": "cost.period",
    "billing period": "cost.period",
    "cost period": "cost.period",
    "licences": "seats",
    "licenses": "seats",
    "quantity": "seats",
    "licensed to name": "licensed_to",
    "contract no": "contract_number",
    "purchase order": "po",
    "order number": "po",
}
# The information asset register: its own headers, and the ICO "Documentation template for controllers"
# (sheet `Template`, header on row 9; tests/data/spreadsheets/README.md names the source).
INFO_ALIASES: dict[str, str] = {
    "asset": "name",
    "information asset": "name",
    "asset name": "name",
    "business function": "name",
    "information asset owner": "owner",
    "asset owner": "owner",
    "purpose of processing": "purposes",
    "purposes of processing": "purposes",
    "purpose": "purposes",
    "categories of individuals": "data_subjects",
    "data subjects": "data_subjects",
    "categories of personal data": "data_categories",
    "categories of recipients": "recipients",
    "safeguards for exceptional transfers of personal data to third countries or international organisations "
    "(if applicable)": "transfer_safeguards",
    "retention schedule (if possible)": "retention",
    "retention period": "retention",
    "general description of technical and organisational security measures (if possible)": "security_measures",
    "security measures": "security_measures",
    "article 6 lawful basis for processing personal data": "lawful_basis",
    "lawful basis": "lawful_basis",
    "article 9 condition for processing special category data": "article9_condition",
    "location of personal data": "systems",
    "system": "systems",
    "last reviewed": "last_reviewed",
    "review date": "last_reviewed",
}
# ICO template columns with no place in the register, skipped with a note.
ICO_SKIPPED = frozenset(
    {
        "name and contact details of joint controller (if applicable)",
        "link to contract with processor",
        "names of third countries or international organisations that personal data are transferred to (if applicable)",
        "legitimate interests for the processing (if applicable)",
        "link to record of legitimate interests assessment (if applicable)",
        "rights available to individuals",
        "existence of automated decision making, including profiling (if applicable)",
        "the source of the personal data (if applicable)",
        "link to record of consent",
        "data protection impact assessment required?",
        "data protection impact assessment progress",
        "link to data protection impact assessment",
        "has a personal data breach occurred?",
        "link to record of personal data breach",
        "data protection act 2018 schedule 1 condition for processing",
        "gdpr article 6 lawful basis for processing",
        "link to retention and erasure policy document",
        "is personal data retained and erased in accordance with the policy document?",
        "reasons for not adhering to policy document (if applicable)",
    }
)
# Snipe-IT columns with no place in the register, skipped with a note. People's names, usernames and
# emails stay out of git, and so do licence keys (asset-peers.md §5.2).
SNIPE_IT_SKIPPED = frozenset(
    {
        "company",
        "manufacturer",
        "model number",
        "model no",
        "model notes",
        "category",  # of a licence: contracts have `type`; an asset's Category is read as its category
        "checkout type",
        "requestable",
        "image",
        "last checkin",
        "last checkout",
        "checkout date",
        "expected checkin",
        "next audit",
        "next audit date",
        "full name",
        "username",
        "first name",
        "last name",
        "email",
        "licensed to email",
        "maintained",
        "reassignable",
        "min amt",
        "serial number",
        "product key",
        "key",
    }
)


# Snipe-IT writes the holder's details as `Checked Out To: Email`, `... Username` and so on: people's details,
# skipped like the columns above.
SNIPE_IT_SKIPPED_PREFIXES = ("checked out to:",)


# A cell starting as a formula would (`cells.FORMULA_START`), after any spaces, or holding a NUL, in cells
# joined by \x1f (a match only sends the row to `formula_problem`, which decides).
_RISKY = re.compile("\x1f\\s*[" + re.escape("".join(FORMULA_START)) + "]|\x00")
# What a cell `_RISKY` matches must start with, after its \x1f: a cheap first pass over a whole file's cells
# (one character class after a literal; `_RISKY`'s alternation is tried at every character).
_MAYBE_RISKY = re.compile("\x1f[\\s" + re.escape("".join(FORMULA_START)) + "]")


def norm_header(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", name.strip().lower().replace(".", "")).strip()  # `Model No.`


def _skipped(key: str) -> bool:
    return key in SNIPE_IT_SKIPPED or key in ICO_SKIPPED or key.startswith(SNIPE_IT_SKIPPED_PREFIXES)


class Reader:
    """One import file: its header mapped to fields, its rows, and the problems found so far."""

    def __init__(
        self,
        file: Path,
        display: str,
        model: type[Record],
        aliases: Mapping[str, str],
        skip: Iterable[str],
        *,
        sheet: str | None = None,
        header_row: int | None = None,
        columns: Mapping[str, str] | None = None,
    ) -> None:
        """`skip` names columns to ignore and `columns` maps a header to a field (`--skip-column`,
        `--column HEADER=field`); both win over the aliases, so any header can be dropped or redirected."""
        from schooldigital.checks.ranges import date_fields
        from schooldigital.errors import UserError
        from schooldigital.tabular import norm, read_table

        self.model = model
        self.date_fields = frozenset(date_fields(model))
        # Each distinct cell converted or looked up once per file, by (what, cell): a 100,000-row sheet
        # holds a few thousand (issue 20).
        self.memo: dict[tuple[str, str], Any] = {}
        self.money: MoneyFormat | None = None  # the school's convention for amounts; the importer sets it
        self.currency = "GBP"  # the school's currency (school.yaml `currency`); the importer sets it
        known = set(model.model_fields) | {"warranty_months"} | set(aliases.values())
        lookup = {norm_header(f): f for f in known} | dict(aliases)
        chosen = {}
        for header, target in (columns or {}).items():
            if target not in known:
                hint = did_you_mean(target, sorted(known))
                raise UserError(f"--column {header}={target}: the register has no field `{target}`{hint}")
            chosen[norm_header(header)] = target
        names = frozenset(norm(n) for n in lookup)
        table = read_table(file, display, sheet=sheet, header_row=header_row, known=names)
        self.source = Source(display, 0, 0, table.sheet)
        self.how = table.how
        self.problems: list[Problem] = table.problems
        self.table = table  # its records are built on first use of `rows` (a workbook's are held by column)
        self.header = table.header
        skip_norm = {norm_header(s) for s in skip}
        self.fields: dict[str, str] = {}  # header -> field
        self.columns: dict[str, int] = {}  # field -> column number in the import file
        self.skipped: list[str] = []
        for col, name in enumerate(table.header, 1):
            key = norm_header(name)
            if not name:
                continue
            target = chosen.get(key) or (None if key in skip_norm else lookup.get(key))
            if target is None and (key in skip_norm or _skipped(key)):
                self.skipped.append(name)
            elif target is None:
                hint = did_you_mean(key, list(lookup))
                msg = (
                    f"column `{name}` has no place in the register{hint}; pass --column '{name}=FIELD' to read it "
                    f"as a field, or --skip-column '{name}'"
                )
                self.problems.append(Problem(self.source.at(table.header_line, col), "unknown-field", msg))
            elif target in self.columns:
                first = table.header[self.columns[target] - 1]
                msg = (
                    f"column `{name}` and column {self.columns[target]} (`{first}`) both give `{target}`; "
                    f"keep one with --skip-column '{name}' or --skip-column '{first}'"
                )
                self.problems.append(Problem(self.source.at(table.header_line, col), "csv-syntax", msg))
            else:
                self.fields[name] = target
                self.columns[target] = col
        self.every_header_a_field = all(name in self.fields for name in table.header if name)
        # One search over every cell of the file: when none may start a formula, no row needs its own.
        if table.columns is not None:  # the same cells, and empty ones, left out
            cells = filter(None, chain.from_iterable(table.columns.cells))
        else:
            cells = chain.from_iterable(map(dict.values, map(attrgetter("data"), self.rows)))
        text = "\x1f" + "\x1f".join(cells)
        self.formula_free = "\x00" not in text and not (_MAYBE_RISKY.search(text) and _RISKY.search(text))

    @property
    def rows(self) -> list[RawRecord]:
        return self.table.records

    def at(self, line: int, target: str) -> Source:
        return self.source.at(line, self.columns.get(target, 0))

    def error(self, line: int, target: str, code: str, message: str) -> None:
        self.problems.append(Problem(self.at(line, target), code, message))

    def first_time(self, line: int, what: str, rid: str, seen: dict[str, int]) -> bool:
        """True the first time a row of this file gives `rid`; after that a `duplicate-id` problem and False."""
        if rid in seen:
            self.error(
                line, "id", "duplicate-id", f"{what} `{rid}` appears twice in this file (first at row {seen[rid]})"
            )
            return False
        seen[rid] = line
        return True

    def new_record(
        self, line: int, what: str, rid: str, existing: Container[str], seen: dict[str, int], where: str
    ) -> bool:
        """True when `rid` is in neither the register (`existing`, said to be in `where`) nor an earlier row of
        this file; else a `duplicate-id` problem and False."""
        if rid in existing:
            self.error(line, "id", "duplicate-id", f"{what} `{rid}` is already in {where}")
            return False
        return self.first_time(line, what, rid, seen)

    def values(self, row: RawRecord) -> dict[str, str]:
        """The row's non-empty cells by field; a formula-like or NUL-holding cell is a problem, left out."""
        fields, data = self.fields, row.data
        if self.every_header_a_field:  # the common case, at C speed
            out = dict(zip(map(fields.__getitem__, data), map(str.strip, data.values()), strict=True))
        else:
            out = {fields[h]: v.strip() for h, v in data.items() if h in fields}
        if "" in out.values():
            out = {name: value for name, value in out.items() if value}
        if self.formula_free or not _RISKY.search("\x1f" + "\x1f".join(out.values())):
            return out
        for name, value in list(out.items()):
            why = formula_problem(value)
            if why is not None:
                code = "value-invalid" if "\x00" in value else "formula-like"
                self.error(row.source.line, name, code, f"`{name}`: {why}")
                del out[name]
        return out

    def positions(self, line: int, fields: Iterable[str]) -> dict[str, tuple[int, int]]:
        return {f: (line, self.columns[f]) for f in fields if f in self.columns}
