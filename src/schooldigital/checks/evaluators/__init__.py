"""The evaluators behind `sd check standards`: one function per kind of evidence, named in the catalogue.

`EVALUATORS` maps the names the catalogue uses to the functions; each is
`(Evidence, params) -> Outcome` (see `base`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schooldigital.checks.evaluators import data, estate, logs
from schooldigital.checks.evaluators.base import (
    KINDS,
    MET,
    NO_EVIDENCE,
    NOT_APPLICABLE,
    NOT_DUE,
    NOT_MET,
    PARTLY,
    STATUSES,
    Evidence,
    Outcome,
)

Evaluator = Callable[[Evidence, dict[str, Any]], Outcome]

EVALUATORS: dict[str, Evaluator] = {
    f.__name__: f
    for f in (
        logs.roles_assigned,
        logs.registers_current,
        logs.continuity_plan,
        logs.strategy_reviewed,
        logs.review_logged,
        logs.assessed_and_reviewed,
        logs.backup_plan,
        logs.filtering_review,
        estate.devices_supported,
        estate.support_dates_recorded,
        estate.assets_have_fields,
        estate.device_minimums,
        estate.disposal_evidence,
        estate.model_requirements,
        estate.roles_in_use,
        estate.devices_in_location_kind,
        estate.full_fibre,
        estate.connectivity_backup,
        data.licence_expiry_recorded,
        data.iar_reviewed,
        data.processors_have_dpa,
        data.dpia_recorded,
        data.iar_mfa,
        data.self_assessed,
    )
}

__all__ = [
    "EVALUATORS",
    "KINDS",
    "MET",
    "NOT_APPLICABLE",
    "NOT_DUE",
    "NOT_MET",
    "NO_EVIDENCE",
    "PARTLY",
    "STATUSES",
    "Evaluator",
    "Evidence",
    "Outcome",
]
