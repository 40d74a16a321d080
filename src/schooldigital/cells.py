"""Values people type or import, read strictly: amounts in the school's convention, formula-like text, NUL bytes.

One module so `sd assets import`, `sd contracts import` and `--cost`/`--set` on the command line refuse the same
things with the same words (issue 12): nothing is silently reread (`1,50` is never £150, `689.999` never
£690.00, `1e3` never £1000), and nothing a spreadsheet would run as a formula goes into a register.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schooldigital.models.school import MoneyFormat

# Cells a spreadsheet runs as a formula or a DDE command when the register is opened (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# `-5`, `+44.5` and a lone `-` ("none") are values, not formulas.
_PLAIN = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$|^-$")


def formula_problem(value: str) -> str | None:
    """Why `value` may not be stored as typed, or None when it may.

    Refused rather than stored defused (with a `'` added): the register would then hold a value nobody
    typed, and the fix (drop the leading character, or reword) is the person's to choose.
    """
    if "\x00" in value:
        return "contains a NUL byte; remove it (the file may be binary or UTF-16)"
    if value.startswith(FORMULA_START) and not _PLAIN.match(value):
        first = {"\t": "a tab", "\r": "a carriage return"}.get(value[0], f"`{value[0]}`")
        shown = value[:20].replace("\t", "\\t").replace("\r", "\\r")
        return f"`{shown}` starts with {first}, which a spreadsheet runs as a formula; reword it to start otherwise"
    return None


_SIGNS = {"£": "GBP", "$": "USD", "€": "EUR", "gbp": "GBP", "usd": "USD", "eur": "EUR"}
_CURRENCY = re.compile(r"(?i)^\s*(£|\$|€|gbp|usd|eur)?\s*|\s*(£|\$|€|gbp|usd|eur)?\s*$")


def currency_of(text: str) -> str | None:
    """The currency an amount names by its sign or code (`$12.58` -> USD), None when it names none."""
    found = re.match(r"(?i)^\s*(£|\$|€|gbp|usd|eur)|.*?(£|\$|€|gbp|usd|eur)\s*$", text)
    if found is None:
        return None
    return _SIGNS[(found.group(1) or found.group(2)).lower()]


def parse_amount(text: str, money: MoneyFormat | None = None) -> Decimal | str:
    """An amount written in the school's convention (default `1,234.50`), or why it is not one.

    Accepts an optional currency sign or code before or after (`£`, `$`, `€`, `GBP`, `USD`, `EUR`: which
    one is `currency_of`'s business), thousands separators only where they group three digits, and at
    most two decimals. No exponent, no other decimal mark, no rounding.
    """
    decimal, thousands = (money.decimal, money.thousands) if money is not None else (".", ",")
    body = _CURRENCY.sub("", text)
    sep, dec = re.escape(thousands), re.escape(decimal)
    grouped = rf"\d{{1,3}}(?:{sep}\d{{3}})+" if thousands else r"(?!)"
    if not re.fullmatch(rf"(?:\d+|{grouped})(?:{dec}\d{{1,2}})?", body):
        example = f"1{thousands}234{decimal}50"
        return f"`{text[:40]}` is not an amount like {example} (at most two decimals, no exponent)"
    if thousands:
        body = body.replace(thousands, "")
    return Decimal(body.replace(decimal, ".")).quantize(Decimal("0.01"))


def money_format(root: Path) -> MoneyFormat | None:
    """The school's money convention (None when school.yaml is unusable: validation reports that)."""
    from schooldigital.registers import load_config

    config, _ = load_config(root)
    return config.money if config is not None else None
