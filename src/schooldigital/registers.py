"""Loading a whole school: school.yaml, the three DfE registers and their lookups, as validated models.

`load_school(root)` never raises for bad data: it returns what validated plus every problem found,
so `sd validate` can report them all at once and other commands can refuse to write.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from schooldigital import layout
from schooldigital.models.assets import ASSET_COLUMNS, Asset
from schooldigital.models.base import Record, validate_one, validate_records
from schooldigital.models.columns import Columns, validate_columns
from schooldigital.models.contracts import Contract
from schooldigital.models.information import InformationAsset
from schooldigital.models.lookups import DeviceModel, Location, Person, Supplier
from schooldigital.models.school import SchoolConfig
from schooldigital.problems import Problem, Source, did_you_mean, excerpt, relpath
from schooldigital.store import conflicts, csvio, yamlio
from schooldigital.store.files import DISK, Files
from schooldigital.store.records import RawRecord

M = TypeVar("M", bound=Record)


@dataclass
class Registers:
    """Everything validated from one school repository. Lists keep file order."""

    root: Path
    config: SchoolConfig
    files: Files = field(default_factory=Files)
    assets: list[Asset] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    information_assets: list[InformationAsset] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    suppliers: list[Supplier] = field(default_factory=list)
    models: list[DeviceModel] = field(default_factory=list)
    present: set[str] = field(default_factory=set)
    # Every id written in each register, valid or not, so one bad record does not also make every
    # reference to it a second error.
    # None when the file could not be parsed at all: references into it are then not checked.
    written_ids: dict[str, set[str] | None] = field(default_factory=dict)
    # The asset register validated by column when no models were asked for (`sd validate`); `assets` is then
    # empty and the integrity checks read these instead.
    asset_columns: Columns | None = None

    @property
    def asset_count(self) -> int:
        """Assets that validated, whether or not they were built as models."""
        if self.asset_columns is None:
            return len(self.assets)
        return self.asset_columns.rows - len(self.asset_columns.skip)

    def by_id(self, kind: str) -> dict[str, Record]:
        return {r.id: r for r in getattr(self, kind)}  # type: ignore[attr-defined]


def source_for(root: Path, path: Path) -> Source:
    return Source(relpath(path, root))


def load_config(root: Path, files: Files = DISK) -> tuple[SchoolConfig | None, list[Problem]]:
    path = root / layout.SCHOOL_FILE
    raw, problems = yamlio.load_mapping(path, source_for(root, path), files.within(root))
    if raw is None:
        return None, problems
    return validate_one(SchoolConfig, raw)


@dataclass
class Loaded:
    """One register file's outcome."""

    records: list[Any]
    problems: list[Problem]
    present: bool
    ids: set[str] | None
    columns: Columns | None = None


def _ids(raws: Sequence[RawRecord], problems: Sequence[Problem]) -> set[str] | None:
    if not raws and problems:
        return None
    return {str(r.data["id"]) for r in raws if "id" in r.data}


def load_yaml_register(root: Path, relative: str, model: type[M], files: Files = DISK) -> Loaded:
    """One YAML register (a list of records) validated against `model`."""
    path, files = root / relative, files.within(root)
    raws, problems = yamlio.load_records(path, source_for(root, path), root, files)
    records, more = validate_records(model, raws)
    return Loaded(records, problems + more, files.exists(path), _ids(raws, problems))


def check_columns(
    table: csvio.CsvTable, columns: Sequence[str], required: Sequence[str], source: Source
) -> list[Problem]:
    """Header problems, reported once at line 1 rather than on every row."""
    problems = []
    for col, name in enumerate(table.header, 1):
        if name and name not in columns:
            hint = did_you_mean(name, columns)
            msg = f"unknown column `{excerpt(name)}`{hint}; expected columns from: {', '.join(columns)}"
            problems.append(Problem(source.at(1, col), "unknown-field", msg))
    for name in required:
        if name not in table.header:
            problems.append(
                Problem(source.at(1), "missing-field", f"required column `{name}` is missing from the header")
            )
    return problems


# Rows validated per batch: large enough that pydantic's per-call overhead vanishes, small enough that a
# 100k-row register never holds all its raw rows and all its models at once (peak memory, issue 2).
CHUNK_ROWS = 10_000


def _header_problems(header: list[str], source: Source) -> list[Problem]:
    required = [n for n, f in Asset.model_fields.items() if f.is_required()]
    return check_columns(csvio.CsvTable(header), ASSET_COLUMNS, required, source)


def load_assets(
    root: Path, files: Files = DISK, *, models: bool = True, table: csvio.CsvColumns | None = None
) -> Loaded:
    """The asset register, as models, or (`models=False`, CSV only) validated by column: same problems.

    `table` is the CSV register already held by column (an import's merged register, issue 20): validated as
    is, without reading or parsing its text again."""
    path = layout.assets_file(root, files)
    if path.suffix == ".yaml":
        return load_yaml_register(root, relpath(path, root), Asset, files)
    source = source_for(root, path)
    if table is not None and not models:
        return _asset_columns(table, source, [])
    text, _encoding, problems = csvio.read_decoded(path, source, files.within(root))
    if text is None:
        return Loaded([], problems, False, None)
    if conflicts.has_markers(text):
        problems += conflicts.csv_conflicts(text, source)
        text = conflicts.ours_view(text)
    if not models:
        table, csv_problems = csvio.read_columns(text, source)
        # A header with blank or repeated names maps cells to fields in ways only the record path mirrors.
        if len(table.seen) == len(table.header):
            del text
            return _asset_columns(table, source, problems + csv_problems)
        del table
    header, rows, csv_problems = csvio.iter_csv(text, source)
    del text  # the rows hold their own cells
    header_problems = _header_problems(header, source)
    if any(p.code == "missing-field" for p in header_problems):
        for _ in rows:  # still report every malformed row
            pass
        return Loaded([], problems + csv_problems + header_problems, True, None)
    unknown = set(header) - set(ASSET_COLUMNS)
    records: list[Asset] = []
    more: list[Problem] = []
    ids: set[str] = set()
    seen_rows = 0
    while chunk := list(islice(rows, CHUNK_ROWS)):
        seen_rows += len(chunk)
        if unknown:
            for rec in chunk:
                for name in unknown:
                    rec.data.pop(name, None)
        ids.update([str(r.data["id"]) for r in chunk if "id" in r.data])
        valid, found = validate_records(Asset, chunk)
        records += valid
        more += found
    problems += csv_problems
    written = None if not seen_rows and problems else ids
    return Loaded(records, problems + header_problems + more, True, written)


def _asset_columns(table: csvio.CsvColumns, source: Source, problems: list[Problem]) -> Loaded:
    header_problems = _header_problems(table.header, source)
    if any(p.code == "missing-field" for p in header_problems):
        return Loaded([], problems + header_problems, True, None)
    columns, more = validate_columns(Asset, table, source.path)
    ids = set(table.columns[table.seen["id"] - 1])
    ids.discard("")
    written = None if not table.rows and problems else ids
    return Loaded([], problems + header_problems + more, True, written, columns)


_YAML_REGISTERS: tuple[tuple[str, str, type[Record]], ...] = (
    ("contracts", layout.CONTRACTS, Contract),
    ("information_assets", layout.INFORMATION_ASSETS, InformationAsset),
    ("locations", layout.LOCATIONS, Location),
    ("people", layout.PEOPLE, Person),
    ("suppliers", layout.SUPPLIERS, Supplier),
    ("models", layout.MODELS, DeviceModel),
)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading (re-entrant).

    Loading allocates hundreds of thousands of long-lived objects and no cycles worth collecting; the
    collector's repeated full passes over them cost more than half the load time of a 100k-row register.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_registers(
    root: Path, files: Files = DISK, *, asset_models: bool = True, asset_table: csvio.CsvColumns | None = None
) -> tuple[Registers | None, list[Problem]]:
    """Read and validate every register file; `None` only when school.yaml itself is unusable.

    `files` may overlay pending texts so a change is validated before it is written. `asset_models=False`
    validates a CSV asset register by column and builds no models (`regs.asset_columns`): same problems,
    a fraction of the time and memory on a large register; with it, `asset_table` is that register already
    held by column (see `load_assets`).
    """
    with paused_gc():
        return _load_registers(root, files, asset_models, asset_table)


def _load_registers(
    root: Path, files: Files, asset_models: bool, asset_table: csvio.CsvColumns | None
) -> tuple[Registers | None, list[Problem]]:
    files = files.within(root)  # every register read from here on stays inside the school folder
    config, problems = load_config(root, files)
    if config is None:
        return None, problems
    regs = Registers(root=root, config=config, files=files)
    loaded = [("assets", load_assets(root, files, models=asset_models, table=asset_table))]
    loaded += [(name, load_yaml_register(root, rel, model, files)) for name, rel, model in _YAML_REGISTERS]
    for name, result in loaded:
        setattr(regs, name, result.records)
        problems += result.problems
        regs.written_ids[name] = result.ids
        if result.columns is not None:
            regs.asset_columns = result.columns
        if result.present:
            regs.present.add(name)
    return regs, problems
