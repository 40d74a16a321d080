"""Validating a CSV register a column at a time: each distinct cell once, by the model's own field schemas.

Why: a 100k-row asset register holds a few thousand distinct values outside its id and serial columns, and
building 100k models cost `sd validate` five times a bare `pandas.read_csv` (issue 2). Each field's cells are
validated by the very pydantic-core schema the model uses for that field, with the model's config, and the
errors are worded by the same `_describe`, so the problems are those of the model path, row for row.

`Columns` is also what the asset integrity checks read; `ModelColumns` presents validated models the same way
so both paths share one implementation of every rule.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import compress
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import SchemaValidator, core_schema

from schooldigital.models.base import Record, _describe
from schooldigital.problems import Problem, Source
from schooldigital.store.csvio import CsvColumns


class Columns:
    """Validated values by field and row: `column(f)[row]` is a key and `values(f)[key]` its validated value.

    Rows that failed validation are in `skip`: checks further on ignore them, as they never see a model
    that failed. Keys are raw cells here ("" when empty, mapping to the field's default).
    """

    def __init__(self, path: str, table: CsvColumns, keys: dict[str, list[str]]) -> None:
        self.path, self.table, self.keys = path, table, keys
        self.rows = table.rows
        self.skip: set[int] = set()
        self.by_row: set[str] = set()  # fields whose pairs hold a cell per non-empty row, repeats included
        # Per field: its distinct cells ("" last) and their validated values, in step; the mapping is built
        # only when a check asks for it (a 100k-entry dict for ids and serials is otherwise wasted).
        self._pairs: dict[str, tuple[list[str], list[Any]]] = {}
        self._values: dict[str, dict[Hashable, Any]] = {}

    def column(self, field: str) -> Sequence[Hashable]:
        """The cells of `field` by row; all empty when the file has no such column."""
        if field not in self.keys:
            self.keys[field] = [""] * self.rows
        return self.keys[field]

    def pairs(self, field: str) -> tuple[Sequence[Hashable], Sequence[Any]]:
        """Each distinct key of `field` (each non-empty cell for a `by_row` field) and, in step, its validated
        value (None for a failing cell)."""
        return self._pairs[field]

    def values(self, field: str) -> Mapping[Hashable, Any]:
        if field not in self._values:
            self._values[field] = dict(zip(*self.pairs(field), strict=True))
        return self._values[field]

    def repeats(self, field: str) -> bool:
        """Whether one entry of `pairs(field)` stands for non-empty cells on more than one row."""
        if field in self.by_row:
            return False
        column = self.column(field)
        return len(self.pairs(field)[0]) - 1 != len(column) - column.count("")

    def source(self, row: int) -> Source:
        return Source(self.path, self.table.line(row))

    def source_of(self, row: int, field: str) -> Source:
        return Source(self.path, self.table.line(row), self.table.seen.get(field, 0))

    def valid(self, rows: Iterable[int]) -> list[int]:
        """`rows` without those that failed validation, in order."""
        return [row for row in rows if row not in self.skip] if self.skip else list(rows)


class ModelColumns(Columns):
    """Validated records seen as columns (keys are the values themselves; lists become tuples)."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.records, self.rows, self.skip, self.by_row = records, len(records), set(), set()
        self._cache: dict[str, list[Hashable]] = {}
        self._values = {}

    def column(self, field: str) -> Sequence[Hashable]:
        if field not in self._cache:
            column = [getattr(r, field) for r in self.records]
            self._cache[field] = [tuple(v) if isinstance(v, list) else v for v in column]
        return self._cache[field]

    def pairs(self, field: str) -> tuple[Sequence[Hashable], Sequence[Any]]:
        keys = list(self.values(field))
        return keys, keys

    def values(self, field: str) -> Mapping[Hashable, Any]:
        if field not in self._values:
            self._values[field] = {key: key for key in self.column(field)}
        return self._values[field]

    def repeats(self, field: str) -> bool:
        column = self.column(field)
        return len(set(column) - {None}) != len(column) - column.count(None)

    def source(self, row: int) -> Source:
        return self.records[row].source

    def source_of(self, row: int, field: str) -> Source:
        return self.records[row].source_of(field)


def rows_with(column: Sequence[Hashable], keys: AbstractSet[Hashable]) -> list[int]:
    """The rows whose key is in `keys`, found at C speed (issue 2: 100k rows)."""
    if not keys:
        return []
    return list(compress(range(len(column)), map(keys.__contains__, column)))


def validate_columns(model: type[BaseModel], table: CsvColumns, path: str) -> tuple[Columns, list[Problem]]:
    """Every field's cells validated as the model would validate them, one call per field.

    Args:
        model: the record model; it must have no model-level validators (each field stands alone).
        table: the CSV by column; columns the model does not define are ignored (the header reports them).
        path: the file's path as messages show it.

    Returns:
        The validated columns (failing rows in `skip`) and one problem per failing cell or missing value.
    """
    fields = list(model.model_fields)
    keys = {name: table.columns[table.seen[name] - 1] for name in fields if name in table.seen}
    columns = Columns(path, table, keys)
    problems: list[Problem] = []
    for name, info in model.model_fields.items():
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        column = keys.get(name)
        if column is None:
            columns._pairs[name] = ([""], [default])
            continue
        known = table.distinct[table.seen[name] - 1] if table.distinct else set(column)
        if known is None:  # a column of (nearly) all different cells: validated cell by cell, repeats and all
            cells = list(filter(None, column))
            empty = len(cells) != len(column)
            columns.by_row.add(name)
        else:
            cells = list(filter(None, known))
            empty = "" in known
        parsed, failures = _validate(model, name, cells, fields)
        cells.append("")
        parsed.append(default)
        columns._pairs[name] = (cells, parsed)
        if empty and info.is_required():
            failures[""] = [_describe({"type": "missing", "loc": (name,)}, fields)]
        for row in rows_with(column, set(failures)):
            where = columns.source_of(row, name)
            problems.extend(Problem(where, code, message) for code, message in failures[column[row]])
            columns.skip.add(row)
    return columns, problems


def _validate(
    model: type[BaseModel], name: str, cells: list[str], fields: list[str]
) -> tuple[list[Any], dict[str, list[tuple[str, str]]]]:
    """Validated values in step with `cells` (None for a bad cell), and (code, message) per error of each."""
    validator = _validator(model, name)
    failures: dict[str, list[tuple[str, str]]] = {}
    try:
        return validator.validate_python(cells), failures
    except ValidationError as error:
        first: dict[str, int] = {}  # a cell listed twice (a `by_row` column) is described once
        for err in error.errors(include_url=False):
            index, *rest = err["loc"]
            if first.setdefault(cells[int(index)], int(index)) == index:
                described = _describe({**err, "loc": (name, *rest)}, fields)
                failures.setdefault(cells[int(index)], []).append(described)
    good = [cell for cell in cells if cell not in failures]
    by_cell = dict(zip(good, validator.validate_python(good), strict=True))
    return [by_cell.get(cell) for cell in cells], failures


_VALIDATORS: dict[tuple[type[BaseModel], str], SchemaValidator] = {}


def _validator(model: type[BaseModel], name: str) -> SchemaValidator:
    """A list validator built from the model's own core schema for one field, under the model's config."""
    key = (model, name)
    if key not in _VALIDATORS:
        if not model.__pydantic_complete__:
            model.model_rebuild()
        schema: Any = model.__pydantic_core_schema__
        if model.__pydantic_decorators__.model_validators:
            raise TypeError(f"{model.__name__} has model validators; validate it record by record")
        fields_schema = schema["schema"]
        field_schema = fields_schema["fields"][name]["schema"]
        if field_schema["type"] == "default":  # a present cell never takes the default
            field_schema = field_schema["schema"]
        _VALIDATORS[key] = SchemaValidator(core_schema.list_schema(field_schema), schema.get("config"))
    return _VALIDATORS[key]
