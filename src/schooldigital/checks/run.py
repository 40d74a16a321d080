"""`sd check` as library calls: load and validate what a check reads, run it, and decide the exit status.

`check_renewals` is the cron path. It validates only what it reads (school.yaml, the registers, the
governance files and the strategy), never the other parts of the repository, so a cron job stays fast and
never imports pandas; `check_all` runs the full `validate_school` as well.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schooldigital import layout
from schooldigital.checks import run_all
from schooldigital.checks.integrity import CHECKS
from schooldigital.problems import Problem, has_errors, sort_problems
from schooldigital.registers import Registers, load_registers

if TYPE_CHECKING:
    from schooldigital.checks.renewals import DueItem
    from schooldigital.checks.standards import StandardResult
    from schooldigital.governance import Governance

EXIT_OK, EXIT_ATTENTION, EXIT_INVALID = 0, 1, 2


@dataclass
class Loaded:
    registers: Registers | None
    governance: Governance | None = None
    strategy: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.registers is not None and not has_errors(self.problems)


def load_checked(root: Path) -> Loaded:
    """Registers (with the integrity checks), governance records and strategy, with every problem."""
    from schooldigital.checks.renewals import load_extras
    from schooldigital.governance import duplicate_ids, reference_problems

    regs, problems = load_registers_cached(root)
    if regs is None:
        return Loaded(None, problems=sort_problems(problems))
    gov, strategy, more = load_extras(regs)
    problems += more + list(duplicate_ids(gov)) + reference_problems(gov, regs)
    return Loaded(regs, gov, strategy, sort_problems(problems))


def _fingerprint(root: Path) -> str | None:
    """A digest of every input `load_registers` reads and of the code that turns them into models, or None
    when a file cannot be read or must not be (a symlink, FIFO, oversized file: then nothing is cached and
    `load_registers` reports it)."""
    import hashlib
    import stat

    import schooldigital
    from schooldigital.store.files import read_regular

    digest = hashlib.sha256()
    try:
        inputs = [root / layout.SCHOOL_FILE, *sorted((root / layout.REGISTERS).glob("*"))]
        for path in inputs:
            if not stat.S_ISDIR(path.lstat().st_mode):
                data = read_regular(path, root.resolve())
                digest.update(str(path.relative_to(root)).encode() + b"\0" + data + b"\0")
        # The models and loaders themselves: a changed validator must never be answered from the cache.
        package = Path(schooldigital.__file__).parent
        code = [*package.glob("models/*.py"), *package.glob("store/*.py"), package / "registers.py"]
        checks = [package / "checks" / "integrity.py", package / "checks" / "ranges.py", package / "derive.py"]
        for path in sorted([*code, *checks]):
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    except OSError:
        return None
    return digest.hexdigest()


def load_registers_cached(root: Path) -> tuple[Registers | None, list[Problem]]:
    """`load_registers` plus the integrity checks, answered from the parse cache when no input (and no loader
    code) has changed since the last run.

    Validating 3,000 assets costs more than unpickling them, and cron runs every day on unchanged data.
    SD_NO_CACHE=1 bypasses it like every other cache.
    """
    from schooldigital.problems import Source
    from schooldigital.store import cache
    from schooldigital.store.files import DISK

    key = _fingerprint(root)
    if key is None:
        return _load_and_check(root)
    regs, problems = cache.memo(root, "registers-checked", key, Source("registers"), lambda: _load_and_check(root))
    if regs is not None:
        # the same data may have been cached from a checkout at another path: reads stay inside this one
        regs.root, regs.files = root, DISK.within(root)
    return regs, list(problems)


def _load_and_check(root: Path) -> tuple[Registers | None, list[Problem]]:
    regs, problems = load_registers(root)
    if regs is not None:
        problems += run_all(CHECKS, regs)
    return regs, problems


@dataclass
class RenewalsRun:
    loaded: Loaded
    items: list[DueItem]
    skipped: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if not self.loaded.ok:
            return EXIT_INVALID
        return EXIT_ATTENTION if self.items else EXIT_OK


def check_renewals(
    root: Path, today: dt.date, within_days: int | None = None, every_days: int | None = 1
) -> RenewalsRun:
    """The renewal items needing attention. On invalid data, those of every valid record, with the invalid
    records named in `skipped` (exit 2 all the same); none only when school.yaml itself is unusable."""
    from schooldigital.checks.degrade import set_aside, valid_items
    from schooldigital.checks.renewals import due_items

    loaded = load_checked(root)
    if loaded.registers is None:
        return RenewalsRun(loaded, [])
    bad, skipped = set_aside(loaded.registers, loaded.governance, loaded.problems) if not loaded.ok else (set(), [])
    items = due_items(
        loaded.registers,
        today,
        within_days,
        every_days=every_days,
        governance=loaded.governance,
        strategy=loaded.strategy,
    )
    return RenewalsRun(loaded, valid_items(items, bad), skipped)


@dataclass
class StandardsRun:
    loaded: Loaded
    results: list[StandardResult]
    problems: list[Problem] = field(default_factory=list)
    header: str = ""

    @property
    def exit_code(self) -> int:
        from schooldigital.checks.standards import attention

        if not self.loaded.ok or has_errors(self.problems):
            return EXIT_INVALID
        return EXIT_ATTENTION if attention(self.results) else EXIT_OK


def check_standards(root: Path, today: dt.date) -> StandardsRun:
    from schooldigital.checks.catalogue import load_catalogue
    from schooldigital.checks.standards import evaluate

    loaded = load_checked(root)
    catalogue, problems = load_catalogue(root)
    if not loaded.ok or loaded.registers is None or catalogue is None or has_errors(problems):
        return StandardsRun(loaded, [], problems)
    results = evaluate(
        loaded.registers, today, governance=loaded.governance, strategy=loaded.strategy, catalogue=catalogue
    )
    school = loaded.registers.config.name
    header = f"{school}: DfE digital and technology standards on {today} ({catalogue.revision})"
    if catalogue.overridden:
        header += f"; school changes in standards.yaml: {', '.join(sorted(catalogue.overridden))}"
    return StandardsRun(loaded, results, problems, header)


@dataclass
class CheckAll:
    """`sd check`: the full validation, then renewals and standards on the same loaded data."""

    problems: list[Problem]
    registers: Registers | None
    items: list[DueItem] = field(default_factory=list)
    results: list[StandardResult] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        from schooldigital.checks.standards import attention

        if self.registers is None or has_errors(self.problems):
            return EXIT_INVALID
        return EXIT_ATTENTION if self.items or attention(self.results) else EXIT_OK


def check_all(root: Path, today: dt.date, every_days: int | None = None) -> CheckAll:
    """Validate everything (every part of the repository), then renewals and standards when valid.

    Renewals here list every item in an alert stage (`every_days=None`): a person reads this, not cron.
    """
    from schooldigital.checks.catalogue import load_catalogue
    from schooldigital.checks.renewals import due_items, load_extras
    from schooldigital.checks.standards import evaluate
    from schooldigital.validation import validate_school

    result = validate_school(root)  # includes the school's standards.yaml and self-assessment problems
    catalogue, _ = load_catalogue(root)
    out = CheckAll(sort_problems(result.problems), result.registers)
    if result.registers is None or catalogue is None or has_errors(out.problems):
        return out
    gov, strategy, _ = load_extras(result.registers)
    out.items = due_items(result.registers, today, every_days=every_days, governance=gov, strategy=strategy)
    out.results = evaluate(result.registers, today, governance=gov, strategy=strategy, catalogue=catalogue)
    return out
