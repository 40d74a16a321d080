"""View data for `templates/survey.{md,html}.j2` and the text the CLI prints for CPD plans and profiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from schooldigital.errors import UserError
from schooldigital.survey.analysis import Share, SurveySummary, school_summary
from schooldigital.survey.cpd import CpdPlan
from schooldigital.survey.profile import Profile


def report_view(root: Path, summary: SurveySummary) -> dict[str, Any]:
    from schooldigital.registers import load_config
    from schooldigital.render import charts

    config, _ = load_config(root)
    school = config.name if config else "School"
    d = summary.decimals

    def p(share: Share | None) -> str:
        return "-" if share is None else f"{share.percent(d)}%"

    chart = charts.stacked_bars(
        [s.name for s in summary.strands],
        summary.levels,
        [[lv.share.value for lv in s.levels] for s in summary.strands],
        title=f"Levels by strand, {summary.round_id} ({summary.respondents} respondents)",
    )
    return {
        "title": f"Staff digital-literacy survey {summary.round_id} - {school}",
        "school": school,
        "s": summary,
        "c": summary.change,
        "p": p,
        "lower_name": " or ".join(summary.lower_levels),
        "chart": chart,
        "generated": None,
    }


def survey_report(
    root: Path, round_id: str | None = None, compare: str | None = None, fmt: str = "md", today: Any = None
) -> str:
    """The rendered school survey report (Markdown or HTML), dated `today` when given."""
    from schooldigital.render import render

    summary = school_summary(root, round_id, compare)
    if summary is None:
        raise UserError("the school has no survey rounds yet; import one with `sd survey import FILE --round ID`")
    view = report_view(root, summary)
    if today is not None:
        view["generated"] = today
    return render(root, "survey", fmt, view)  # type: ignore[arg-type]


def cpd_text(plan: CpdPlan) -> str:
    lines = [
        f"CPD pairing plan - round {plan.round_id} ({plan.framework_name})",
        plan.notice,
        f"Mentees: staff at {plan.bottom_level}; mentors: staff at {plan.top_level}; at most {plan.cap} mentees "
        f"per mentor; department: {plan.department_rule}.",
        "",
    ]
    for strand in plan.strands:
        lines.append(
            f"{strand.name} [{strand.id}]: {len(strand.mentees)} at {plan.bottom_level}, "
            f"{len(strand.mentors)} at {plan.top_level}"
        )
        for pair in strand.mentees:
            who = _person(pair.mentee)
            if pair.mentor is None:
                lines.append(f"  {who} -> no mentor available (consider central training)")
            else:
                note = " same department" if pair.same_department else ""
                lines.append(f"  {who} -> {_person(pair.mentor)}{note}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _person(p: Any) -> str:
    extra = ", ".join(x for x in (p.role, p.department) if x)
    return f"{p.respondent} ({extra})" if extra else p.respondent


def profile_text(prof: Profile) -> str:
    head = f"Profile {prof.respondent} - round {prof.round_id} ({prof.framework_name})"
    extra = ", ".join(x for x in (prof.role, prof.department) if x)
    lines = [head + (f"; {extra}" if extra else "")]
    for s in prof.strands:
        was = f" (was {s.previous} in {prof.previous_round})" if s.previous else ""
        lines.append(f"{s.name}: {s.level}{was}")
        if s.next_level is None:
            lines.append(f"  at {prof.top_level}: share your practice or mentor a colleague")
        else:
            for sid, text in s.work_on:
                lines.append(f"  towards {s.next_level}: [{sid}] {text}")
    return "\n".join(lines) + "\n"
