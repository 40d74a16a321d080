"""Loading and validating the strategy file (`strategy/strategy.yaml`), a single YAML mapping.

`load_strategy` returns `(None, [])` when the school has no strategy yet: that is a gap the reports and the
standards check point out, not invalid data. `validate_part` is registered in `validation.PART_VALIDATORS` so
`sd validate` checks the strategy like every register: owners must be people, ids unique, dates in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from schooldigital.models.base import validate_one
from schooldigital.models.strategy import YEAR_PATTERN, Strategy
from schooldigital.problems import Problem, Source, did_you_mean, relpath
from schooldigital.registers import Registers
from schooldigital.store import yamlio
from schooldigital.store.files import DISK, Files

STRATEGY_FILE = "strategy/strategy.yaml"


def strategy_path(root: Path) -> Path:
    return root / STRATEGY_FILE


def load_strategy(root: Path, files: Files = DISK) -> tuple[Strategy | None, list[Problem]]:
    """The validated strategy and its problems; `(None, [])` when the file does not exist.

    Args:
        root: the school repository.
        files: file access, possibly overlaid with pending texts.

    Returns:
        The strategy (None when absent or invalid) and every problem found while loading it.
    """
    path = strategy_path(root)
    if not files.exists(path):
        return None, []
    raw, problems = yamlio.load_mapping(path, Source(relpath(path, root)), files.within(root))
    if raw is None:
        return None, problems
    strategy, more = validate_one(Strategy, raw)
    return strategy, problems + more


def validate_part(regs: Registers) -> Iterable[Problem]:
    """Problems in the strategy file, including references to people.yaml (a `PART_VALIDATORS` entry)."""
    strategy, problems = load_strategy(regs.root, regs.files)
    if strategy is None:
        return problems
    return problems + list(check_strategy(strategy, regs))


def check_strategy(strategy: Strategy, regs: Registers) -> Iterable[Problem]:
    """Cross-reference and date-order checks a single-record model cannot make on its own."""
    people = regs.written_ids.get("people")
    objective_ids: set[str] = set()
    for i, obj in enumerate(strategy.objectives):
        where = strategy.source_of(f"objectives.{i}.id")
        if obj.id in objective_ids:
            yield Problem(where, "duplicate-id", f"objective `{obj.id}` appears twice; give each objective its own id")
        objective_ids.add(obj.id)
        if people is not None and obj.owner not in people:
            yield _unknown_person(strategy.source_of(f"objectives.{i}.owner"), obj.owner, people)
    pilot_ids: set[str] = set()
    for i, pilot in enumerate(strategy.pilots):
        if pilot.id in pilot_ids:
            yield Problem(strategy.source_of(f"pilots.{i}.id"), "duplicate-id", f"pilot `{pilot.id}` appears twice")
        pilot_ids.add(pilot.id)
        if pilot.owner and people is not None and pilot.owner not in people:
            yield _unknown_person(strategy.source_of(f"pilots.{i}.owner"), pilot.owner, people)
        if pilot.objective and pilot.objective not in objective_ids | {o.id for o in strategy.objectives}:
            yield _unknown_objective(strategy.source_of(f"pilots.{i}.objective"), pilot.objective, strategy)
        if pilot.evaluation_date < pilot.start:
            msg = f"pilot `{pilot.id}` is evaluated on {pilot.evaluation_date}, before it starts on {pilot.start}"
            yield Problem(strategy.source_of(f"pilots.{i}.evaluation_date"), "date-order", msg)
    for i, line in enumerate(strategy.budget):
        if line.objective and line.objective not in {o.id for o in strategy.objectives}:
            yield _unknown_objective(strategy.source_of(f"budget.{i}.objective"), line.objective, strategy)
    for year in strategy.plan:
        if not re.match(YEAR_PATTERN, year):
            msg = f"plan year `{year}` should be an academic year such as 2026-27"
            yield Problem(strategy.source_of(f"plan.{year}"), "value-invalid", msg)
    if strategy.last_reviewed and strategy.next_review and strategy.next_review <= strategy.last_reviewed:
        msg = f"`next_review` {strategy.next_review} must be after `last_reviewed` {strategy.last_reviewed}"
        yield Problem(strategy.source_of("next_review"), "date-order", msg)


def _unknown_person(where: Source, person: str, people: set[str]) -> Problem:
    hint = did_you_mean(person, people)
    return Problem(where, "unknown-ref", f"no person `{person}` in registers/people.yaml{hint}; add them there first")


def _unknown_objective(where: Source, objective: str, strategy: Strategy) -> Problem:
    hint = did_you_mean(objective, [o.id for o in strategy.objectives])
    return Problem(where, "unknown-ref", f"no objective `{objective}` in this strategy{hint}")
