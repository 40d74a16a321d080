"""Reports: view data built from the registers, checks, strategy, survey and Digital Leaders, rendered through
`templates/` to Markdown or HTML.

`build_view(root, name, today)` returns the plain data a template receives (so a school writing its own
template can use any of it); `render_report` renders it; `write_report` writes it atomically. Reports render
from whatever validated: records with errors are left out and the report says how many problems `sd validate`
would show, because a governors' pack is still wanted the night before the meeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schooldigital.problems import Problem, Severity

REPORTS: dict[str, str] = {
    "strategy": "Digital technology strategy (draft)",
    "governors": "Digital technology: report to governors",
    "assets": "Asset register summary",
    "contracts": "Contracts register summary",
    "renewals": "Renewals and dated duties",
    "standards": "DfE digital and technology standards",
}


GOVERNOR_FACING = frozenset({"strategy", "governors"})
RENEWAL_LABELS = {
    "auto": "Renews automatically",
    "manual": "Renewed by decision",
    "none": "Ends",
    "rolling": "Rolling",
}


@dataclass
class Report:
    name: str
    text: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)


def build_view(root: Path, name: str, today: dt.date) -> tuple[dict[str, Any], list[Problem]]:
    """The context for report `name` as of `today`, and the data problems met on the way.

    Raises:
        UserError: when the report name is unknown or school.yaml cannot be read at all.
    """
    from schooldigital.errors import UserError
    from schooldigital.reports import estate, evidence
    from schooldigital.reports import strategy as strat
    from schooldigital.strategy import load_strategy
    from schooldigital.validation import validate_school

    if name not in REPORTS:
        raise UserError(f"no report `{name}`; choose one of: {', '.join(REPORTS)}")
    result = validate_school(root)
    regs = result.registers
    if regs is None:
        raise UserError("school.yaml cannot be read; run `sd validate` to see why")
    errors = sum(1 for p in result.problems if p.severity is Severity.ERROR)
    view: dict[str, Any] = {
        "report": name,
        "title": REPORTS[name],
        "school": {"name": regs.config.name, "urn": regs.config.urn, "phase": label_phase(regs.config.phase)},
        "today": today,
        "generated": today,
        "data_problems": errors,
        # Governor-facing reports print no commands, file paths or record ids (issue 14); the templates ask this.
        "for_governors": name in GOVERNOR_FACING,
        "glossary": [],
    }
    if name in ("strategy", "governors", "assets"):
        view["estate"] = estate.estate_summary(regs, today)
    if name in ("strategy", "governors", "contracts"):
        view["contract_spend"] = estate.contract_summary(regs, today)
    if name in ("strategy", "governors"):
        view["information"] = estate.information_summary(regs, today)
    if name in ("strategy", "governors", "contracts", "renewals"):
        view["renewals"] = evidence.renewals_section(regs, today)
    if name in ("strategy", "governors", "standards"):
        view["standards"] = evidence.standards_section(regs, today)
    if name in ("strategy", "governors"):
        from schooldigital.reports.measures import evidence_figures

        view["people"] = evidence.people_section(regs)
        view["survey"] = evidence.survey_section(root)
        view["leaders"] = evidence.leaders_section(root, today)
        view["voice"] = evidence.voice_section(root, today)
        loaded, _ = load_strategy(root, regs.files)
        view["strategy"] = strat.strategy_section(loaded, regs, today, evidence_figures(view))
        view["questions"] = strat.governor_questions(view)
    if name == "contracts":
        view["contracts"] = _contract_rows(regs, today)
    return view, result.problems


def render_report(root: Path, name: str, fmt: str, today: dt.date) -> Report:
    """Report `name` rendered to `fmt` (md or html) as of `today`."""
    from schooldigital.render import render

    view, problems = build_view(root, name, today)
    text = render(root, name, fmt, view)  # type: ignore[arg-type]
    if name in GOVERNOR_FACING:
        # Abbreviations a governor may not know, explained in a closing list: only those the text uses.
        view["glossary"] = used_abbreviations(text)
        text = render(root, name, fmt, view)  # type: ignore[arg-type]
    return Report(name, text, problems)


def write_report(report: Report, output: Path) -> None:
    """Write atomically, so a half-written pack never replaces the last good one."""
    from schooldigital.store.atomic import atomic_write

    atomic_write(output, report.text)


ABBREVIATIONS: dict[str, str] = {
    "DfE": "Department for Education",
    "SLT": "senior leadership team",
    "DPO": "data protection officer",
    "DSL": "designated safeguarding lead",
    "DPIA": "data protection impact assessment",
    "IWF": "Internet Watch Foundation",
    "CTIRU": "Counter Terrorism Internet Referral Unit",
    "SEND": "special educational needs and disabilities",
    "KS1": "Key Stage 1 (Years 1 and 2)",
    "KS2": "Key Stage 2 (Years 3 to 6)",
    "CPD": "continuing professional development",
    "MFA": "multi-factor authentication",
    "UPS": "uninterruptible power supply",
    "SaaS": "software as a service (an online service)",
}


def used_abbreviations(text: str) -> list[dict[str, str]]:
    """The abbreviations from ABBREVIATIONS that `text` uses, in alphabetical order."""
    import re

    return [
        {"short": short, "long": long}
        for short, long in sorted(ABBREVIATIONS.items(), key=lambda kv: kv[0].lower())
        if re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text)
    ]


def label_phase(phase: str) -> str:
    return phase.replace("_", " ").capitalize()


def _contract_rows(regs: Any, today: dt.date) -> list[dict[str, Any]]:
    from schooldigital.reports.common import annual_cost, label
    from schooldigital.reports.estate import current_end, is_live

    suppliers = {s.id: s.name for s in regs.suppliers}
    rows = [
        {
            "id": c.id,
            "title": c.title,
            "supplier": suppliers.get(c.supplier, c.supplier),
            "type": label(c.type),
            "end_date": current_end(c, today),
            "renewal": RENEWAL_LABELS.get(c.renewal, c.renewal),
            "annual": float(annual_cost(c.cost)),
            "processor": c.processor,
        }
        for c in regs.contracts
        if is_live(c, today)
    ]
    return sorted(rows, key=lambda r: (-r["annual"], r["id"]))
