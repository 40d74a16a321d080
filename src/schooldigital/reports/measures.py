"""Objective status from evidence (issue 14): an objective whose `measure` names a figure sd can count (the
Digital Leaders team size, DfE standards met, the staff survey level) is judged against that figure, not typed
by hand; any other objective keeps the status the school records, marked "self-reported" with its note.

The rule, kept simple so a governor can check it: the target reached is "Done"; past the target date without
it, "Behind"; otherwise "In progress", with the figure against the target for governors to judge.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from schooldigital.reports.common import label

# What each measurable figure is called in a sentence ("8 of 12 pupils in the team").
EVIDENCE_WORDS: dict[str, str] = {
    "leaders_team": "pupils in the Digital Leaders team",
    "standards_met": "DfE standards met",
    "core_standards_met": "core DfE standards met",
    "survey_level": "% of staff at the expected level in their weakest area",
}


def evidence_figures(view: dict[str, Any]) -> dict[str, float]:
    """The measurable figures, read from the sections that show them (one source per figure)."""
    out: dict[str, float] = {}
    standards = view.get("standards") or {}
    if not standards.get("absent") and standards:
        out["standards_met"] = standards["counts"]["met"]
        out["core_standards_met"] = len(standards["core_met"])
    leaders = view.get("leaders") or {}
    if not leaders.get("absent") and leaders.get("team_size") is not None:
        out["leaders_team"] = leaders["team_size"]
    survey = view.get("survey") or {}
    if not survey.get("absent") and survey.get("level_in_weakest") is not None:
        out["survey_level"] = survey["level_in_weakest"]
    return out


def objective_status(objective: Any, evidence: dict[str, float], today: dt.date) -> dict[str, Any]:
    """`status`, `status_label`, `status_note`, `derived` and `overdue` for one objective."""
    measure = objective.measure
    active = objective.status in ("not_started", "on_track", "at_risk", "behind")
    if measure is None or measure.evidence not in evidence or objective.status in ("done", "dropped"):
        return {
            "status": objective.status,
            "status_label": label(objective.status) + (" (self-reported)" if active else ""),
            "status_note": objective.notes or "",
            "derived": False,
            "overdue": active and objective.target_date < today,
        }
    value, target = evidence[measure.evidence], measure.target
    words = EVIDENCE_WORDS[measure.evidence]
    figure = f"{value:g}{words}" if words.startswith("%") else f"{value:g} of {target:g} {words}"
    if value >= target:
        status = "done"
    elif objective.target_date < today:
        status = "behind"
    else:
        status = "in_progress"
    note = f"from the records: {figure}" + (f", target {target:g}%" if words.startswith("%") else "")
    if objective.notes:
        note += f". School's note: {objective.notes}"
    return {
        "status": status,
        "status_label": label(status),
        "status_note": note,
        "derived": True,
        "overdue": status == "behind",
    }
