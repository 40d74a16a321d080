"""The survey part of `sd validate`: framework files, mapping files and every stored round."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from schooldigital.problems import Problem
from schooldigital.survey.framework import FRAMEWORKS_DIR, framework_ids, load_framework
from schooldigital.survey.responses import load_round, round_ids

if TYPE_CHECKING:
    from schooldigital.registers import Registers

MAPPINGS_DIR = "surveys/mappings"


def validate_surveys(regs: Registers) -> Iterable[Problem]:
    """Every problem in `surveys/`; nothing when the school keeps no surveys."""
    root, files = regs.root, regs.files
    if not (root / "surveys").is_dir():
        return []
    problems: list[Problem] = []
    known = framework_ids(root)
    for fw_id in known:
        problems += load_framework(root, fw_id, files)[1]
    default = regs.config.survey.framework
    if known and default not in known:
        msg = f"survey.framework `{default}` has no file in {FRAMEWORKS_DIR}/"
        problems.append(Problem(regs.config.source_of("survey.framework"), "unknown-ref", msg))
    for path in sorted((root / MAPPINGS_DIR).glob("*.yaml")) if (root / MAPPINGS_DIR).is_dir() else []:
        problems += _check_mapping(regs, path)
    for rid in round_ids(root, files):
        _, more = load_round(root, rid, files)
        # a broken framework is reported once, at the framework file
        problems += [p for p in more if not p.source.path.startswith(FRAMEWORKS_DIR)]
    return problems


def _check_mapping(regs: Registers, path) -> list[Problem]:  # type: ignore[no-untyped-def]
    from schooldigital.survey.columns import load_mapping

    mapping, problems = load_mapping(regs.root, path, regs.files)
    if mapping is None or not mapping.framework:
        return problems
    fw, _ = load_framework(regs.root, mapping.framework, regs.files)
    if fw is None:
        msg = f"mapping names framework `{mapping.framework}`, which does not exist or is invalid"
        return [*problems, Problem(mapping.source_of("framework"), "unknown-ref", msg)]
    targets = set(fw.strand_ids if mapping.kind == "levels" else fw.statements)
    for header, target in mapping.columns.items():
        if target not in targets:
            where = mapping.source_of(f"columns.{header}")
            problems.append(Problem(where, "unknown-ref", f"`{target}` is not in framework {fw.id}"))
    return problems
