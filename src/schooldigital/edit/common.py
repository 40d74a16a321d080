"""What every register mutation shares: field checks, new ids, and validate-then-write.

Every mutation computes the new text of one register file, validates the whole school as if it were
written, and writes it only if that passes (all inside the school's write lock). A failing call
changes no file.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from schooldigital.cells import formula_problem, parse_amount
from schooldigital.errors import InvalidData, UserError
from schooldigital.models.base import Record
from schooldigital.problems import did_you_mean, has_errors
from schooldigital.store.atomic import transaction, unchanged

if typing.TYPE_CHECKING:
    from schooldigital.models.school import MoneyFormat

Change = tuple[Path, str, str]  # (file, its new text, one-line summary)


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """`key=value` strings (from `--set`/`--field`) as a dict; an empty value clears the field.

    Raises:
        UserError: when a pair has no `=`.
    """
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserError(f"`{pair}` is not `field=value`; e.g. --set location=class-3a")
        out[key.strip()] = value.strip()
    return out


def check_fields(model: type[Record], names: Iterable[str], what: str) -> None:
    """Refuse unknown field names up front, with a did-you-mean, before anything is read or written."""
    fields = list(model.model_fields)
    for name in names:
        top = name.split(".", 1)[0]
        if top not in model.model_fields:
            raise UserError(f"{what} have no field `{name}`{did_you_mean(top, fields)}; fields: {', '.join(fields)}")


def field_kind(model: type[Any], dotted: str) -> str:
    """`str`, `list:str` (a list of text), `list` or `other`: how a command-line value should be read."""
    if "." in dotted:
        return "other"
    info = model.model_fields.get(dotted)
    if info is None:
        return "other"
    annotation = info.annotation
    options = [annotation]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
    for option in options:
        origin = typing.get_origin(option)
        if origin is list:
            (item,) = typing.get_args(option) or (str,)
            item_origin = typing.get_origin(item)
            if item_origin is typing.Annotated:
                item = typing.get_args(item)[0]
                item_origin = typing.get_origin(item)
            return "list:str" if item is str or item_origin is typing.Literal else "list"
        if option is str or origin is typing.Literal:
            return "str"
    return "other"


def normalize(model: type[Any], dotted: str, value: Any, money: MoneyFormat | None = None) -> Any:
    """Text for a date, number, money or yes/no field as its typed value (`£1,234.50` -> 1234.50), so
    the file holds one spelling; anything that does not convert is kept for validation to report.

    Amounts are read in the school's convention (`money`, default `1,234.50`).

    Raises:
        UserError: text a spreadsheet would run as a formula, or holding a NUL byte (cells.formula_problem).
    """
    from decimal import Decimal

    from pydantic import TypeAdapter, ValidationError

    if isinstance(value, str):
        why = formula_problem(value)
        if why is not None:
            raise UserError(f"`{dotted}`: {why}")

    *parents, name = dotted.split(".")
    for part in parents:  # `cost.amount`: walk into the nested model
        info = model.model_fields.get(part)
        nested = [a for a in typing.get_args(info.annotation) or (info.annotation,)] if info else []
        models = [a for a in nested if isinstance(a, type) and hasattr(a, "model_fields")]
        if not models:
            return value
        model = models[0]
    info = model.model_fields.get(name)
    if info is None or not isinstance(value, (str, int, float, Decimal)) or field_kind(model, name) != "other":
        return value
    if isinstance(value, str) and Decimal in _types(info.annotation):
        amount = parse_amount(value, money)
        if isinstance(amount, str):
            raise UserError(f"`{dotted}`: {amount}")
        value = amount
    try:
        typed = TypeAdapter(info.annotation).validate_python(value)
    except ValidationError:
        return value
    if isinstance(typed, Decimal) and typed.as_tuple().exponent > -2:
        typed = typed.quantize(Decimal("0.01"))  # money is written with pence: 300 -> 300.00
    return typed if isinstance(typed, Decimal | dt.date | bool | int) else value


def _types(annotation: Any) -> set[Any]:
    """Every type inside an annotation (`Annotated[Decimal, ...] | None` -> {Decimal, NoneType, ...})."""
    found = {annotation}
    for arg in typing.get_args(annotation):
        found |= _types(arg)
    return found


def cell(value: Any) -> str:
    """A value as a CSV cell: ISO dates, `true`/`false`, `a; b` lists, empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(cell(v) for v in value)
    return str(value).strip()


_NUMBERED = re.compile(r"^(?P<prefix>[A-Za-z]*-?)(?P<number>\d+)(?P<rest>(-.*)?)$")


def next_id(existing: Iterable[str], prefix: str, *, slug: str = "", width: int = 3) -> str:
    """The next free numbered id: `<prefix><number>` zero-padded as wide as the existing ids.

    Args:
        existing: ids already in the register.
        prefix: e.g. `RP-` for assets, `c` for contracts, `ia` for information assets.
        slug: appended as `-slug` (contracts carry a readable title slug).
        width: padding when no existing id shows one.
    """
    highest, widths = 0, []
    for rid in existing:
        match = _NUMBERED.match(rid)
        if match and match["prefix"] == prefix:
            highest = max(highest, int(match["number"]))
            widths.append(len(match["number"]))
    width = max(widths) if widths else width
    rid = f"{prefix}{highest + 1:0{width}d}"
    return f"{rid}-{slug}" if slug else rid


class NewIds:
    """`next_id` for a whole import: the register is scanned once and each id taken since is folded in.
    Calling `next_id` over every row is quadratic (4.5 minutes for 20,000 rows without ids)."""

    def __init__(self, existing: Iterable[str], prefix: str, *, width: int = 3) -> None:
        self.prefix = prefix
        self.given = False
        found = _NUMBERED.match(f"{prefix}1")
        self._plain_prefix = bool(found and found["prefix"] == prefix)  # `next_id` would read it back
        self._set(next_id(existing, prefix, width=width))  # the first free id, not given yet

    def _set(self, rid: str) -> None:
        """`rid` as the last id, with its number and width when `next_id` would read them back from it."""
        self.last = rid
        digits = rid[len(self.prefix) :]
        plain = self._plain_prefix and digits.isascii() and digits.isdigit()
        self._number, self._width = (int(digits), len(digits)) if plain else (None, 0)

    def take(self, rid: str) -> None:
        """An id a row gave itself: later ids come after it when it is higher."""
        if rid == self.last and self.given:
            return  # the id `next` just gave (every row of a file without ids): nothing to fold in
        match, last = _NUMBERED.match(rid), _NUMBERED.match(self.last)
        if match and last and match["prefix"] == self.prefix and int(match["number"]) >= int(last["number"]):
            self._set(f"{self.prefix}{match['number']}")
            self.given = True

    def next(self, *, slug: str = "") -> str:
        if self.given:
            if self._number is None:
                self._set(next_id([self.last], self.prefix))
            else:  # `next_id([self.last], prefix)` without its regex
                self._number += 1
                self.last = f"{self.prefix}{self._number:0{self._width}d}"
                self._width = len(self.last) - len(self.prefix)
        self.given = True
        return f"{self.last}-{slug}" if slug else self.last

    def many(self, count: int) -> list[str]:
        """`count` calls of `next()` at once: a 100,000-row file without ids numbers its rows in a listcomp."""
        if count < 2 or self._number is None:
            return [self.next() for _ in range(count)]
        first = self.next()
        start, width, prefix = self._number + 1, self._width, self.prefix
        # a number formatted at the first width is what `next` gives: its width only grows with the digits
        out = [first, *[f"{prefix}{n:0{width}d}" for n in range(start, start + count - 1)]]
        self._set(out[-1])
        return out


def slugify(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def apply_change(root: Path, build: Callable[[], Change]) -> tuple[list[Path], str]:
    """Lock the school, build the new text, validate the whole school with it, and write it.

    `build` runs inside the lock, so it reads the files as they are now (two writers never lose a
    record). Raises InvalidData (nothing written) when the school would not validate.
    """
    from schooldigital.validation import validate_school

    with transaction(root) as tx:
        path, text, summary = build()
        if unchanged(path, text, root):
            return [], f"no change: {path.name} already holds this"
        # Only the problems are needed: the asset CSV is checked by column, the same problems in a fraction of the
        # time, so a one-row edit of a 10,000-row register stays well under a second (issue 18).
        result = validate_school(root, overlay={path: text}, asset_models=False)
        if result.registers is None or has_errors(result.problems):
            raise InvalidData([p for p in result.problems if str(p.severity) == "error"])
        tx.write(path, text)
    return [path], summary


def shorten(value: str, limit: int = 30) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def changed_values(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """` (field old -> new; ...)` for the fields that differ, for a commit subject; empty when none do."""
    names = [*after, *(k for k in before if k not in after)]
    parts = [
        f"{name} {shorten(cell(before.get(name)) or '(none)')} -> {shorten(cell(after.get(name)) or '(none)')}"
        for name in names
        if cell(before.get(name)) != cell(after.get(name))
    ]
    return f" ({'; '.join(parts)})" if parts else ""


def require(value: Any, what: str) -> None:
    if value is None or value == "":
        raise UserError(f"{what} is required")


def merge(fields: Mapping[str, Any] | None, **typed: Any) -> dict[str, Any]:
    """Typed options first, then free `field=value` pairs; a None typed option means "not given"."""
    out = {k: v for k, v in typed.items() if v is not None}
    out.update(fields or {})
    return out


class Written(tuple[list[Path], str]):
    """`(written paths, summary)` as every mutation returns, plus the id of the record it created."""

    id: str

    def __new__(cls, written: list[Path], summary: str, rid: str) -> Written:
        obj = super().__new__(cls, (written, summary))
        obj.id = rid
        return obj
