"""The base record model and the translation of Pydantic errors into located, fixable problems."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from schooldigital.derive import EARLIEST_DATE, LATEST_DATE
from schooldigital.problems import Problem, Source, did_you_mean, excerpt
from schooldigital.store.records import ExponentFloat, RawRecord

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_ID = re.compile(ID_PATTERN)


def is_id(value: str) -> bool:
    """Whether `value` is a valid record id: safe as a file name (no `/`, no leading `.`), at most 64 long."""
    return len(value) <= 64 and _ID.match(value) is not None and value not in (".", "..")


_UNKNOWN = Source("-")
_NO_POSITIONS: dict[str, tuple[int, int]] = {}


class Record(BaseModel):
    """A validated record. `source` says where it was read, for every message that mentions it.

    The location lives in two plain slots rather than pydantic private attributes: private attributes
    make pydantic run a Python `model_post_init` (deep-copying the defaults) for every record, which
    was most of the time `sd validate` spent on a 100k-row asset register. Copies and pickles keep it.
    """

    __slots__ = ("_source", "_positions")
    # defer_build: schemas are built on first validation, so runs answered from the parse cache skip it.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    @property
    def source(self) -> Source:
        try:
            return self._source  # type: ignore[no-any-return]
        except AttributeError:
            return _UNKNOWN

    def source_of(self, field: str) -> Source:
        """The position of one field (e.g. `cost.amount`), or of the record when it is not known."""
        positions = getattr(self, "_positions", _NO_POSITIONS)
        return RawRecord({}, self.source, positions).source_of(field)

    def _where(self) -> tuple[Any, Any]:
        return getattr(self, "_source", _UNKNOWN), getattr(self, "_positions", _NO_POSITIONS)

    def _place(self, where: tuple[Any, Any]) -> None:
        _set_slot(self, "_source", where[0])
        _set_slot(self, "_positions", where[1])

    def __copy__(self) -> Any:
        copied = super().__copy__()
        copied._place(self._where())
        return copied

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Any:
        copied = super().__deepcopy__(memo)
        copied._place(self._where())
        return copied

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled for the parse cache: restoring the attributes directly is 3x faster than pydantic's
        # __setstate__, which the warm cron path (`sd check renewals`) pays once per record.
        state = (self.__dict__, self.__pydantic_fields_set__, self.__pydantic_extra__, self.__pydantic_private__)
        return _restore, (type(self), *state, *self._where())


_set_slot = object.__setattr__


def _restore(cls: type[Record], values: dict[str, Any], *state: Any) -> Record:
    record = cls.__new__(cls)
    for name, value in zip(_STATE_SLOTS, (values, *state), strict=True):
        _set_slot(record, name, value)
    return record


_STATE_SLOTS = (
    "__dict__",
    "__pydantic_fields_set__",
    "__pydantic_extra__",
    "__pydantic_private__",
    "_source",
    "_positions",
)


def _split_list(value: Any) -> Any:
    """CSV cells hold lists as `a; b`; YAML may give a list or a single value."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


# An amount as a register holds it: digits, optionally grouped by thousands with commas, and at most two
# decimals after a point. No exponent (`1e3`), no comma decimal (`1,50`): a register has one spelling, and
# a value read any other way would be silently reread (issue 12). Import and `--cost` read the school's own
# convention (`money:` in school.yaml) and write this one.
_AMOUNT = re.compile(r"^-?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d{1,2})?$")
# The largest amount any register may hold: far above any school purchase, and small enough that every total
# and formatted figure stays exact.
MAX_AMOUNT = Decimal("999999999.99")


def _money(value: Any) -> Any:
    """Accept `£1,234.50` and `1234.5` alike; money is stored as a plain decimal.

    Raises:
        PydanticCustomError: for any other spelling (an exponent, a comma decimal, three decimals, `nan`), with the
            expected form, so the problem says how to fix it.
    """
    if isinstance(value, str):
        text = value.strip().removeprefix("£").strip()
        if not _AMOUNT.match(text):
            msg = "`{value}` is not an amount like 1234.50 (at most two decimals, no exponent)"
            raise PydanticCustomError("money_invalid", msg, {"value": value[:40]})
        return Decimal(text.replace(",", ""))
    if isinstance(value, float):
        if isinstance(value, ExponentFloat) or not math.isfinite(value):
            msg = "`{value}` is not an amount like 1234.50 (at most two decimals, no exponent)"
            raise PydanticCustomError("money_invalid", msg, {"value": repr(float(value))})
        return Decimal(str(value))
    return value


def _inside(value: str) -> str:
    """A path a school file names (a badge image, the publish folder) must stay inside the repository: a pull
    request must not make `sd` read `/etc/passwd` into a published badge or write outside the school."""
    parts = value.replace("\\", "/").split("/")
    if not value or value.startswith(("/", "~")) or ".." in parts or ":" in parts[0] or "\x00" in value:
        msg = "`{value}` must be a relative path inside the school repository (no `..`, not absolute)"
        raise PydanticCustomError("path_outside", msg, {"value": value[:60]})
    return value


def _date_format(value: str) -> str:
    """A `date_format:` in a file is checked as `--date-format` is (`schooldigital.dateformats`)."""
    from schooldigital.dateformats import EXPECTED, format_problem

    reason = format_problem(value)
    if reason:
        raise PydanticCustomError("date_format_invalid", "{value}: {reason}; {expected}",
                                  {"value": repr(excerpt(value)), "reason": reason, "expected": EXPECTED})  # fmt: skip
    return value


Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
DateFormat = Annotated[str, AfterValidator(_date_format)]
RelativePath = Annotated[str, Field(max_length=255), AfterValidator(_inside)]
IdList = Annotated[list[Id], BeforeValidator(_split_list)]
TextList = Annotated[list[str], BeforeValidator(_split_list)]
# Constraints before the BeforeValidator so pydantic-core checks them natively (after it, they run as Python
# validators: twice the time on a 100k-row register) and the JSON Schema carries them as `minimum`.
Money = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, decimal_places=2), BeforeValidator(_money)]
# The widest range any date may take, whatever school.yaml says (`dates:` narrows it, checked with the school's
# settings in checks/ranges.py): derived dates (lifecycles, notice periods, review intervals) then stay
# centuries away from the calendar's limits, so no calculation can overflow (year 9999 + 5 years, issue 12).
Date = Annotated[dt.date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]

M = TypeVar("M", bound=Record)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_ERRORS = {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}
_TYPE_ERRORS = {
    "int_parsing",
    "int_type",
    "float_parsing",
    "float_type",
    "bool_parsing",
    "bool_type",
    "decimal_parsing",
    "decimal_type",
    "string_type",
    "list_type",
    "dict_type",
    "model_type",
    "int_from_float",
    "model_attributes_type",
}


def _field_name(loc: Sequence[str | int]) -> str:
    return ".".join(str(p) for p in loc) or "record"


def _describe(err: Any, fields: Sequence[str]) -> tuple[str, str]:
    """(code, message) for one Pydantic error dict, worded to say what was expected."""
    kind, loc, value = err["type"], err["loc"], err.get("input")
    name = excerpt(_field_name(loc))
    shown = f"`{excerpt(str(value))}`" if isinstance(value, str | int | float | dt.date) else "this value"
    if kind == "missing":
        return "missing-field", f"`{name}` is required"
    if kind == "extra_forbidden":
        return "unknown-field", f"unknown field `{name}`{did_you_mean(str(loc[-1]), fields)}"
    if kind in _DATE_ERRORS:
        reason = err["msg"].split(",", 1)[-1].strip() if "," in err["msg"] else "not a date"
        return "date-invalid", f"`{name}`: {shown} is not a valid date ({reason}); expected YYYY-MM-DD"
    if kind in ("greater_than_equal", "less_than_equal") and _ISO_DATE.match(str(next(iter(err["ctx"].values())))):
        earliest, latest = EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()
        return "date-out-of-range", f"`{name}`: {shown} is outside {earliest} to {latest}; check the year"
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return "choice-invalid", f"`{name}`: {shown} is not allowed{hint}; expected one of {expected}"
    if kind == "money_invalid":
        return "type-invalid", f"`{name}`: {err['msg']}"
    if kind in ("path_outside", "date_format_invalid"):
        return "value-invalid", f"`{name}`: {err['msg']}"
    if kind == "value_error":
        message = err["msg"].removeprefix("Value error, ")
        return ("missing-field" if "is required" in message else "value-invalid"), message
    if kind in _TYPE_ERRORS:
        return "type-invalid", f"`{name}`: {shown} — {err['msg'].lower()}"
    return "value-invalid", f"`{name}`: {shown} — {err['msg'].lower()}"


def validate_records(model: type[M], raws: Sequence[RawRecord]) -> tuple[list[M], list[Problem]]:
    """Validate many records in one Pydantic call (fast), then locate each failure to its field.

    Records that fail are left out of the result; the rest are validated again in one batch so checks
    further on still see every good record.
    """
    if not raws:
        return [], []
    adapter = _list_adapter(model)
    fields = list(model.model_fields)
    problems: list[Problem] = []
    good = list(raws)
    try:
        records = adapter.validate_python([r.data for r in good])
    except ValidationError as error:
        by_row: dict[int, list[Any]] = {}
        for err in error.errors(include_url=False):
            by_row.setdefault(int(err["loc"][0]), []).append(err)
        for index, errs in by_row.items():
            raw = good[index]
            for err in errs:
                loc = err["loc"][1:]
                code, message = _describe({**err, "loc": loc}, fields)
                problems.append(Problem(raw.source_of(tuple(loc)), code, message))
        good = [r for i, r in enumerate(good) if i not in by_row]
        records = adapter.validate_python([r.data for r in good])
    for record, raw in zip(records, good, strict=True):
        _set_slot(record, "_source", raw.source)
        _set_slot(record, "_positions", raw.positions)
    return records, problems


def validate_one(model: type[M], raw: RawRecord) -> tuple[M | None, list[Problem]]:
    records, problems = validate_records(model, [raw])
    return (records[0] if records else None), problems


_ADAPTERS: dict[type[Record], TypeAdapter[Any]] = {}


def _list_adapter(model: type[M]) -> TypeAdapter[list[M]]:
    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return _ADAPTERS[model]
