"""The DfE standards catalogue: the packaged `data/standards.yaml`, with a school's own `standards.yaml` on top.

The packaged file lists all 50 standards of the 12 areas, each with the checks that judge it. A school may
override any field of a standard (its `when`, a parameter of its checks, `not_applicable` with the reason),
add its own standards or areas, and change the settings (how long a self-assessment stays valid), in a
`standards.yaml` at its root. The school file is validated like every register: each problem names its
file and line, and an invalid file changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from schooldigital.models.base import Date, Id, Record, validate_one
from schooldigital.problems import Problem, Source, did_you_mean, relpath
from schooldigital.store.files import DISK, Files

PACKAGED = "data/standards.yaml"
SCHOOL_STANDARDS = "standards.yaml"
WHEN = ("already", "now", "next_upgrade", "new_building")
WHEN_LABELS = {
    "already": "should already be met",
    "now": "meet now",
    "next_upgrade": "at the next upgrade, contract renewal or end of support",
    "new_building": "in new building work",
}
CHECK_KINDS = ("registers", "log", "self-assessed")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CheckSpec(_Strict):
    """One check of a standard: its kind of evidence, the evaluator that runs it and its parameters."""

    id: Id
    kind: Literal[CHECK_KINDS]  # type: ignore[valid-type]
    evaluator: str
    params: dict[str, Any] = Field(default_factory=dict)


class AreaSpec(_Strict):
    id: Id
    name: str
    core: bool = False


class Settings(_Strict):
    self_assessment_months: int = Field(default=12, gt=0, le=60)


class StandardSpec(_Strict):
    id: Id
    area: Id
    title: str
    when: Literal[WHEN]  # type: ignore[valid-type]
    evidence: str
    checks: list[CheckSpec] = Field(min_length=1)
    question: str | None = None
    core: bool | None = None
    not_applicable: str | None = None


class CatalogueFile(Record):
    revision: str
    date: Date
    settings: Settings = Field(default_factory=Settings)
    areas: list[AreaSpec] = Field(min_length=1)
    standards: list[StandardSpec] = Field(min_length=1)


class StandardOverride(_Strict):
    """A school's change to one standard (any field), or a standard of its own (then area, title, when,
    evidence and checks are required). `params` are merged into every check that takes them."""

    id: Id
    area: Id | None = None
    title: str | None = None
    when: Literal[WHEN] | None = None  # type: ignore[valid-type]
    evidence: str | None = None
    checks: list[CheckSpec] | None = Field(default=None, min_length=1)
    question: str | None = None
    core: bool | None = None
    not_applicable: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)


class SchoolStandards(Record):
    settings: Settings | None = None
    areas: list[AreaSpec] = Field(default_factory=list)
    standards: list[StandardOverride] = Field(default_factory=list)


@dataclass
class Catalogue:
    """The standards in force for one school, in catalogue order, with the settings and where they came from."""

    revision: str
    date: dt.date
    areas: dict[str, AreaSpec]
    standards: list[StandardSpec]
    settings: Settings
    school_file: bool = False
    overridden: set[str] = field(default_factory=set)

    def ordered(self) -> list[StandardSpec]:
        """Grouped by area, the core areas first, each area in catalogue order."""
        rank = {aid: (not a.core, i) for i, (aid, a) in enumerate(self.areas.items())}
        return sorted(self.standards, key=lambda s: rank.get(s.area, (True, len(rank))))

    def is_core(self, standard: StandardSpec) -> bool:
        if standard.core is not None:
            return standard.core
        area = self.areas.get(standard.area)
        return bool(area and area.core)

    def by_id(self) -> dict[str, StandardSpec]:
        return {s.id: s for s in self.standards}


def packaged_path() -> Path:
    return Path(str(resources.files("schooldigital") / PACKAGED))


def load_catalogue(root: Path | None = None, files: Files = DISK) -> tuple[Catalogue | None, list[Problem]]:
    """The packaged catalogue with the school's `standards.yaml` (when `root` has one) applied.

    Returns (None, problems) only when the packaged catalogue itself is broken; a broken school file gives its
    problems and the packaged catalogue unchanged.
    """
    base, problems = _load_file(packaged_path(), Source(PACKAGED), CatalogueFile, DISK)
    if base is None:
        return None, problems
    catalogue = Catalogue(base.revision, base.date, {a.id: a for a in base.areas}, list(base.standards), base.settings)
    problems += _check_entries(catalogue, lambda i, f: base.source_of(f"standards.{i}.{f}"))
    if root is None or not files.exists(root / SCHOOL_STANDARDS):
        return catalogue, problems
    path = root / SCHOOL_STANDARDS
    school, more = _load_file(path, Source(relpath(path, root)), SchoolStandards, files.within(root))
    if school is None:
        return catalogue, problems + more
    merged, more = _apply(catalogue, school)
    return (catalogue if more else merged), problems + more


def _load_file(path: Path, source: Source, model: type[Any], files: Files) -> tuple[Any, list[Problem]]:
    from schooldigital.store import yamlio

    raw, problems = yamlio.load_mapping(path, source, files)
    if raw is None:
        return None, problems
    return validate_one(model, raw)


def _check_entries(catalogue: Catalogue, where: Any, entries: Any = None) -> list[Problem]:
    """Unknown areas and evaluators, and repeated ids, as located problems."""
    from schooldigital.checks.evaluators import EVALUATORS

    problems: list[Problem] = []
    seen: set[str] = set()
    for i, s in enumerate(entries if entries is not None else catalogue.standards):
        if s.id in seen:
            problems.append(Problem(where(i, "id"), "duplicate-id", f"standard `{s.id}` is listed twice; keep one"))
        seen.add(s.id)
        if s.area is not None and s.area not in catalogue.areas:
            msg = f"no area `{s.area}`{did_you_mean(s.area, catalogue.areas)}; areas: {', '.join(catalogue.areas)}"
            problems.append(Problem(where(i, "area"), "unknown-ref", msg))
        for j, check in enumerate(s.checks or []):
            if check.evaluator not in EVALUATORS:
                msg = f"unknown evaluator `{check.evaluator}`{did_you_mean(check.evaluator, EVALUATORS)}"
                problems.append(Problem(where(i, f"checks.{j}.evaluator"), "value-invalid", msg))
    return problems


def _apply(base: Catalogue, school: SchoolStandards) -> tuple[Catalogue, list[Problem]]:
    """The catalogue with the school's entries applied, and every problem with them."""
    areas = dict(base.areas)
    areas.update({a.id: a for a in school.areas})
    out = Catalogue(base.revision, base.date, areas, [], school.settings or base.settings, school_file=True)
    known = base.by_id()

    def where(i: int, fld: str) -> Source:
        return school.source_of(f"standards.{i}.{fld}")

    problems = _check_entries(out, where, school.standards)
    changes: dict[str, StandardSpec] = {}
    for i, entry in enumerate(school.standards):
        given = {name: getattr(entry, name) for name in entry.model_fields_set - {"id", "params"}}
        if entry.id in known:
            updated = known[entry.id].model_copy(update=given)
        else:
            missing = [f for f in ("area", "title", "when", "evidence", "checks") if f not in given]
            for name in missing:
                msg = f"`{name}` is required for a standard not in the DfE catalogue (`{entry.id}`)"
                problems.append(Problem(where(i, "id"), "missing-field", msg))
            if missing:
                continue
            updated = StandardSpec(**given, id=entry.id)
        updated, more = _with_params(updated, entry.params, lambda key, i=i: where(i, f"params.{key}"))
        problems += more
        changes[entry.id] = updated
    out.standards = [changes.get(s.id, s) for s in base.standards]
    out.standards += [s for sid, s in changes.items() if sid not in known]
    out.overridden = set(changes)
    return out, problems


def _with_params(spec: StandardSpec, params: dict[str, Any], where: Any) -> tuple[StandardSpec, list[Problem]]:
    problems = []
    checks = [c.model_copy(deep=True) for c in spec.checks]
    for key, value in params.items():
        takers = [c for c in checks if key in c.params]
        if not takers:
            taken = sorted({k for c in checks for k in c.params}) or ["none"]
            msg = f"no check of `{spec.id}` takes the parameter `{key}`; it takes: {', '.join(taken)}"
            problems.append(Problem(where(key), "unknown-field", msg))
        for check in takers:
            check.params[key] = value
    return spec.model_copy(update={"checks": checks}), problems


def validate_part(regs: Any) -> list[Problem]:
    """Part validator (`sd validate`): the school's `standards.yaml`, and the standard each self-assessment
    answer names."""
    from schooldigital.governance import SELF_ASSESSMENT
    from schooldigital.models.base import validate_records
    from schooldigital.models.governance import SelfAssessment
    from schooldigital.store import yamlio

    root, files = regs.root, regs.files
    path = root / SELF_ASSESSMENT
    if not files.exists(root / SCHOOL_STANDARDS) and not files.exists(path):
        return []  # nothing of the school's own to check (the packaged catalogue is checked by the tests)
    catalogue, problems = load_catalogue(root, files)
    if catalogue is None or not files.exists(path):
        return problems
    raws, _ = yamlio.load_records(path, Source(relpath(path, root)), None, files.within(root))
    answers, _ = validate_records(SelfAssessment, raws)  # their own problems come from the governance part
    known = catalogue.by_id()
    for answer in answers:
        if answer.standard not in known:
            msg = f"`standard`: no standard `{answer.standard}`{did_you_mean(answer.standard, known)} in the catalogue"
            problems.append(Problem(answer.source_of("standard"), "unknown-ref", msg))
    return problems
