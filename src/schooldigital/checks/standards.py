"""Which DfE digital and technology standards the school meets, judged from its own records.

The catalogue (`data/standards.yaml`) lists each standard with a named evaluator (in `checks.evaluators`)
and its parameters; `evaluate` runs them all and `attention` gives the exit status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from schooldigital.checks.evaluators import EVALUATORS, NO_EVIDENCE, NOT_MET, Evidence
from schooldigital.governance import Governance
from schooldigital.models.base import Record
from schooldigital.problems import Problem, Source
from schooldigital.registers import Registers

CATALOGUE = "data/standards.yaml"


@dataclass(frozen=True, slots=True)
class StandardResult:
    id: str
    area: str
    title: str
    status: str
    evidence: tuple[str, ...] = ()
    next_step: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "area": self.area,
            "title": self.title,
            "status": self.status,
            "evidence": list(self.evidence),
            "next_step": self.next_step,
        }


class CatalogueEntry(Record):
    id: str
    area: str
    title: str
    evidence: str
    evaluator: str
    params: dict[str, Any] = {}


def catalogue_path() -> Path:
    return Path(str(resources.files("schooldigital") / CATALOGUE))


def load_catalogue(path: Path | None = None) -> tuple[list[CatalogueEntry], list[Problem]]:
    """The standards catalogue; an unknown evaluator name is a problem, not a crash."""
    from schooldigital.models.base import validate_records
    from schooldigital.store import yamlio

    path = path or catalogue_path()
    raws, problems = yamlio.load_records(path, Source(CATALOGUE))
    entries, more = validate_records(CatalogueEntry, raws)
    problems += more
    for entry in entries:
        if entry.evaluator not in EVALUATORS:
            msg = f"unknown evaluator `{entry.evaluator}`; expected one of {', '.join(EVALUATORS)}"
            problems.append(Problem(entry.source_of("evaluator"), "value-invalid", msg))
    return [e for e in entries if e.evaluator in EVALUATORS], problems


def evaluate(
    regs: Registers,
    today: dt.date,
    *,
    governance: Governance | None = None,
    strategy: Any = None,
    catalogue: Sequence[CatalogueEntry] | None = None,
) -> list[StandardResult]:
    """Every catalogued standard judged from the school's records on `today`, in catalogue order.

    Args:
        regs: the loaded registers.
        today: the day of the assessment (review ages are counted to it).
        governance, strategy: already loaded records; loaded from `regs.root` when not given.
        catalogue: the standards to evaluate (default: the packaged data/standards.yaml).
    """
    if governance is None:
        from schooldigital.checks.renewals import load_extras

        governance, loaded, _ = load_extras(regs)
        strategy = strategy if strategy is not None else loaded
    if catalogue is None:
        catalogue, _ = load_catalogue()
    ev = Evidence(regs, governance, strategy, today)
    results = []
    for entry in catalogue:
        try:
            status, evidence, step = EVALUATORS[entry.evaluator](ev, dict(entry.params))
        except Exception as error:  # noqa: BLE001 - one broken evaluator must not hide the others
            status, evidence, step = (
                NO_EVIDENCE,
                [],
                f"evaluator `{entry.evaluator}` failed ({error}); please report it",
            )
        results.append(StandardResult(entry.id, entry.area, entry.title, status, tuple(evidence), step))
    return results


def attention(results: Sequence[StandardResult]) -> bool:
    """Exit-status rule: 1 when any standard is not met."""
    return any(r.status == NOT_MET for r in results)
