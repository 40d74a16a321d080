"""`sd validate` as a library call: load everything, run every integrity check, return all problems.

Other parts of a school repository (surveys, Digital Leaders, the strategy) plug in through
`PART_VALIDATORS`: dotted names of functions `(registers) -> Iterable[Problem]`, imported only when run,
so adding a part never slows down commands that do not need it. A part reads its files through
`registers.files` (so pending changes are seen) with paths under `registers.root`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from schooldigital.checks import run_all
from schooldigital.checks.integrity import CHECKS
from schooldigital.problems import Problem, has_errors, sort_problems
from schooldigital.registers import Registers, load_registers, paused_gc
from schooldigital.store.csvio import CsvColumns
from schooldigital.store.files import Files

PART_VALIDATORS: tuple[str, ...] = (
    "schooldigital.strategy.validate_part",
    "schooldigital.governance.validate_governance",
    "schooldigital.checks.catalogue.validate_part",
    "schooldigital.leaders.validate.check_leaders",
    "schooldigital.survey.checks.validate_surveys",
    "schooldigital.git.deleted.deleted_assets",
    "schooldigital.consoles.settings.validate_part",
)
# Parts that live in one folder or file and find nothing to check without it: not even imported when it is
# absent on disk and in the overlay (60 ms of imports on a school without them, issue 2).
PART_PATHS: dict[str, str] = {
    "schooldigital.leaders.validate.check_leaders": "leaders",
    "schooldigital.survey.checks.validate_surveys": "surveys",
    "schooldigital.consoles.settings.validate_part": "consoles.yaml",
}


@dataclass
class Validation:
    registers: Registers | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.registers is not None and not has_errors(self.problems)


def validate_school(
    root: Path,
    overlay: Mapping[Path, str] | None = None,
    *,
    asset_models: bool = True,
    asset_table: CsvColumns | None = None,
) -> Validation:
    """Every problem in the school repository at `root`, sorted by file and line.

    Args:
        root: the school repository.
        overlay: paths mapped to pending texts: the school is validated as if they were already written.
        asset_models: False when the caller needs only the problems: a CSV asset register is then validated
            by column without building models (`registers.asset_columns`), the same problems in a fraction
            of the time (issue 2).
        asset_table: with `asset_models=False`, the pending CSV asset register already held by column (an
            import's merged register): validated without parsing its text again (issue 20).
    """
    with paused_gc():
        return _validate_school(root, overlay, asset_models, asset_table)


def _validate_school(
    root: Path, overlay: Mapping[Path, str] | None, asset_models: bool, asset_table: CsvColumns | None
) -> Validation:
    regs, problems = load_registers(root, Files(overlay), asset_models=asset_models, asset_table=asset_table)
    if regs is not None:
        problems += run_all(CHECKS, regs)
        parts = [_resolve(name) for name in PART_VALIDATORS if _has_part(regs, PART_PATHS.get(name))]
        problems += run_all(parts, regs)
    return Validation(regs, sort_problems(problems))


def _has_part(regs: Registers, relative: str | None) -> bool:
    if relative is None:
        return True
    path = (regs.root / relative).resolve()
    return path.exists() or any(pending.is_relative_to(path) for pending in regs.files.overlay)


def _resolve(dotted: str):  # type: ignore[no-untyped-def]
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)
