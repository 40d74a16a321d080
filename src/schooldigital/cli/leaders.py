"""`sd leaders`: the Digital Leaders team (applications, roster, meetings, activities, plan, rollover, report)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schooldigital.cli.assets import Many, parse_date, print_record, print_rows
from schooldigital.cli.common import (
    CommitOpt,
    FormatOpt,
    HeaderRowOpt,
    ListFormatOpt,
    MessageOpt,
    SheetOpt,
    WriteFormatOpt,
    err,
    mutation,
    root,
)
from schooldigital.cli.leaders_voice import idea_app, question_app
from schooldigital.cli.output import Format
from schooldigital.cli.report import OutputOpt, ReportFormatOpt, TodayOpt
from schooldigital.cli.tables import columns_option
from schooldigital.listcolumns import LEADER_COLUMNS, PLAN_COLUMNS

app = typer.Typer(
    help="Digital Leaders: applications, the team, meetings, activities, plan and rollover.", no_args_is_help=True
)
meeting_app = typer.Typer(help="Team meetings.", no_args_is_help=True)
activity_app = typer.Typer(help="Drop-ins, assemblies, staff and parent sessions, blog posts.", no_args_is_help=True)
plan_app = typer.Typer(help="The team's action plan.", no_args_is_help=True)
app.add_typer(meeting_app, name="meeting")
app.add_typer(activity_app, name="activity")
app.add_typer(plan_app, name="plan")
app.add_typer(question_app, name="question")
app.add_typer(idea_app, name="idea")

LeaderArg = Annotated[str, typer.Argument(metavar="LEADER", help="Leader id, e.g. dl-2026-01.")]
OnOpt = Annotated[str | None, typer.Option("--on", help="Date YYYY-MM-DD (default: today).")]
PlannedOpt = Annotated[bool, typer.Option("--planned", help="The date is in the future on purpose (planned).")]
RoleOpt = Annotated[
    list[str] | None,
    typer.Option("--role", metavar="ROLE", help="A role in the team, e.g. technician, reporter (repeatable)."),
]
PartnerTeacherOpt = Annotated[
    str | None, typer.Option("--partner-teacher", help="Staff id of the partner class's teacher (people.yaml).")
]


def day(value: str | None, option: str = "--on"):  # type: ignore[no-untyped-def]
    """A date option, today when not given (imports datetime only here)."""
    import datetime as dt

    return parse_date(value, option) or dt.date.today()


@app.command("apply")
def apply(
    display: Annotated[str, typer.Argument(help="Short label: first name and initial, or initials (`Amira K`).")],
    year_group: Annotated[int, typer.Option("--year", help="Year group now (e.g. 5).")],
    method: Annotated[str, typer.Option(help="letter, video, form, presentation, interview, election, other.")],
    class_: Annotated[str | None, typer.Option("--class", help="Class code (location id), e.g. class-5a.")] = None,
    leader_id: Annotated[str | None, typer.Option("--id", help="Existing or new id (default: dl-YYYY-NN).")] = None,
    on: OnOpt = None,
    planned: PlannedOpt = False,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Record a pupil's application (no names beyond the label, no interview notes).

    Example: sd leaders apply "Amira K" --year 5 --class class-5a --method video
    """
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        m.record(commands.apply(m.root, display, year_group, method, day(on), class_, leader_id, planned))
        err(m.summary)


@app.command("import-applications")
def import_applications(
    csv_file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="Responses of the application form: a workbook (.xlsx, .ods, .xls) or CSV export."
        ),
    ],
    profile: Annotated[
        str | None, typer.Option(help="Profile in leaders/applications-import.yaml (default: the first).")
    ] = None,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Add the application form's new responses as applicants; names are cut to labels, emails dropped.

    Example: sd leaders import-applications ~/Downloads/"Digital Leaders applications (Responses).csv"
    """
    from schooldigital.cli.common import print_problems
    from schooldigital.leaders.apply_import import import_applications as run

    with mutation(commit, message, fmt) as m:
        result = run(m.root, csv_file, profile, sheet=sheet, header_row=header_row)
        m.done(result.written, result.summary, created=result.added)
        m.details["problems"] = [p.to_dict() for p in result.problems]
        for rid in result.added:  # the data on stdout: the new ids; the summary is a message
            m.say(rid)
    if result.dropped_columns:
        err(f"dropped column(s): {', '.join(result.dropped_columns)}")
    print_problems(result.problems)
    err(result.summary)
    raise typer.Exit(1 if result.problems else 0)


@app.command("select")
def select(
    panel: Annotated[list[str], typer.Option("--panel", help="Staff or current leader id on the panel (repeatable).")],
    chosen: Annotated[
        list[str] | None, typer.Option("--chosen", help="Applicant the panel chose (repeatable); shortlisted.")
    ] = None,
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Record a selection panel and the applicants it chose (then `sd leaders appoint` each).

    Example: sd leaders select --panel djon --panel dl-2026-01 --chosen dl-2027-01 --on 2027-09-30
    """
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        m.record(commands.select(m.root, list(panel), list(chosen or []), day(on)))


@app.command("shortlist")
def shortlist(
    leader: LeaderArg,
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Shortlist an applicant. Example: sd leaders shortlist dl-2026-05"""
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        m.record(commands.shortlist(m.root, leader, day(on)), changed=[leader])


@app.command("appoint")
def appoint(
    leader: LeaderArg,
    partner_class: Annotated[str | None, typer.Option("--partner-class", help="Class the leader supports.")] = None,
    role: RoleOpt = None,
    partner_teacher: PartnerTeacherOpt = None,
    consent_on: Annotated[
        str | None, typer.Option("--consent-on", help="Date the publication consent form was signed.")
    ] = None,
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Appoint an applicant to the team.

    Example: sd leaders appoint dl-2026-01 --partner-class class-3a --role technician --consent-on 2026-09-20
    """
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        consent = parse_date(consent_on, "--consent-on")
        m.record(
            commands.appoint(m.root, leader, day(on), partner_class, list(role or []), consent, partner_teacher),
            changed=[leader],
        )


@app.command("edit")
def edit(
    leader: LeaderArg,
    role: RoleOpt = None,
    partner_class: Annotated[
        str | None, typer.Option("--partner-class", help="Class the leader supports (`-` for none).")
    ] = None,
    partner_teacher: PartnerTeacherOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Change a leader's roles (the --role options replace them; `--role -` clears), partner class or teacher.

    Example: sd leaders edit dl-2026-01 --role technician --role reporter --partner-class class-2a
    """
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        roles = None if role is None else list(role)
        m.record(commands.edit(m.root, leader, roles, partner_class, partner_teacher), changed=[leader])


@app.command("decline")
def decline(
    leader: LeaderArg,
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Record that an application was not successful this time. Example: sd leaders decline dl-2026-06"""
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        m.record(commands.decline(m.root, leader, day(on)), changed=[leader])


@app.command("leave")
def leave(
    leader: LeaderArg,
    reason: Annotated[str, typer.Option(help="moved_school, stepped_down, end_of_phase or other.")] = "stepped_down",
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """A leader leaves the team mid-year (Year 6 leavers go at rollover). Example: sd leaders leave dl-2025-02"""
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        m.record(commands.leave(m.root, leader, day(on), reason), changed=[leader])


@app.command("train")
def train(
    leader: LeaderArg,
    module: Annotated[str, typer.Option(help="Training module completed, e.g. `Childnet SMART rules`.")],
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Record a training module a leader completed. Example: sd leaders train dl-2026-01 --module Induction"""
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        m.record(commands.train(m.root, leader, module, day(on)), changed=[leader])


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option(help="Only this status (default: the current team).")] = None,
    fmt: ListFormatOpt = Format.text,
    columns: columns_option(LEADER_COLUMNS) = None,
) -> None:
    """The team (or applicants, alumni, ...). Example: sd leaders list --status applicant --format csv"""
    from schooldigital.leaders import commands

    print_rows(LEADER_COLUMNS, commands.leader_rows(root(), status), fmt, columns)


@app.command("show")
def show(leader: LeaderArg, fmt: FormatOpt = Format.text) -> None:
    """One leader: record, applications, badges, and what they have done. Example: sd leaders show dl-2026-01"""
    from schooldigital.leaders import commands

    v = commands.show(root(), leader)
    x = v.leader
    data = {
        "id": x.id,
        "display": x.display,
        "status": x.status,
        "year_group": x.year_group,
        "class": x.class_,
        "partner_class": x.partner_class,
        "roles": ", ".join(x.roles),
        "applied_on": x.applied_on,
        "appointed_on": x.appointed_on,
        "left_on": x.left_on,
        "publish_consent": "yes" if x.publish_consent else "no",
        "training": ", ".join(f"{t.module} ({t.completed_on})" for t in x.training),
        "applications": ", ".join(f"{a.year} {a.method}: {a.outcome}" for a in v.applications),
        "badges": ", ".join(f"{a.badge} ({a.awarded_on}{', revoked' if a.revoked_on else ''})" for a in v.awards),
        "jobs_done": v.jobs_done,
        "activities": v.activities,
        "meetings": v.meetings,
    }
    print_record(data, fmt)


@app.command("rollover")
def rollover(
    year: Annotated[str, typer.Option("--year", help="The new school year, e.g. 2026/27.")],
    left_on: Annotated[str | None, typer.Option("--left-on", help="Leavers' last day (default: 31 August).")] = None,
    force: Annotated[
        str | None,
        typer.Option("--force", metavar="REASON", help="Run outside 15 July - 30 September; the reason is kept."),
    ] = None,
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Start a new school year: leavers become alumni, everyone moves up, old alumni are purged to counts.

    Runs once a year, into the next year only, from the end of the summer term (15 July) to 30 September.

    Exit 1 when partner classes are left without a leader or classes need checking by hand.
    Example: sd leaders rollover --year 2026/27
    """
    from dataclasses import asdict

    from schooldigital.leaders.rollover import rollover as run

    with mutation(commit, message, fmt) as m:
        result = run(m.root, year, day(on), parse_date(left_on, "--left-on"), force)
        m.done(result.written, result.summary, changed=[*result.leavers, *result.classes_moved])
        m.details.update({k: v for k, v in asdict(result).items() if k != "written"})
        m.say(f"{result.year}: {len(result.leavers)} leaver(s) now alumni, {result.moved_up} moved up a year")
        if result.forgotten:
            m.say(f"removed {len(result.forgotten)} applicant(s) in the leaving year: {', '.join(result.forgotten)}")
        for leader, (old, new) in result.classes_moved.items():
            m.say(f"{leader}: class {old} -> {new}")
        for leader in result.classes_to_check:
            m.say(f"{leader}: check the class by hand (no next class found)")
        if result.uncovered:
            m.say(f"partner classes now without a leader: {', '.join(result.uncovered)}")
        if result.purged:
            m.say(f"purged {result.purged} alumni record(s) to anonymous counts in leaders/history.yaml")
    raise typer.Exit(1 if result.uncovered or result.classes_to_check else 0)


def report(
    fmt: ReportFormatOpt = Format.markdown,
    output: OutputOpt = None,
    today_: TodayOpt = None,
) -> None:
    """The Digital Leaders report: team, partner-class coverage, jobs per month and category, response times,
    activities and plan progress.

    Example: sd report leaders --format html -o leaders.html
    """
    from schooldigital.cli.report import deliver, deliver_json, left_out, library_format
    from schooldigital.leaders.report import leaders_view, render_leaders

    if fmt is Format.json:
        from dataclasses import asdict

        view = leaders_view(root(), day(today_, "--today"))
        deliver_json(asdict(view), output, errors=view.summary.problems)
        return
    text, errors = render_leaders(root(), day(today_, "--today"), library_format(fmt))
    deliver(text, "pdf" if fmt is Format.pdf else library_format(fmt), output)
    left_out(errors)


app.command("report")(report)


@meeting_app.command("add")
def meeting_add(
    attendee: Annotated[list[str], typer.Option("--attendee", "-a", help="Leader id (repeatable).")],
    agenda: Many = None,
    action: Many = None,
    staff: Many = None,
    on: OnOpt = None,
    planned: PlannedOpt = False,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Record a team meeting. Example: sd leaders meeting add -a dl-2026-01 -a dl-2026-02 --agenda "Safer Internet Day"
    --action "Book the hall" """
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        m.record(
            commands.add_meeting(m.root, day(on), attendee, list(agenda or []), list(action or []), staff, planned)
        )


@activity_app.command("add")
def activity_add(
    kind: Annotated[
        str,
        typer.Argument(metavar="TYPE", help="drop_in, assembly, staff_session, teachmeet, lesson_series, ..."),
    ],
    title: Annotated[str, typer.Argument(help="What it was, briefly.")],
    leader: Annotated[list[str], typer.Option("--leader", "-l", help="Leader id (repeatable).")],
    audience: Annotated[str | None, typer.Option(help="Who it was for: a class, year group, staff, parents.")] = None,
    room: Annotated[str | None, typer.Option(help="Location id.")] = None,
    minutes: Annotated[int | None, typer.Option(help="How long it took.")] = None,
    on: OnOpt = None,
    planned: PlannedOpt = False,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Record a drop-in, assembly, session, TeachMeet, lesson series or blog post.

    Example: sd leaders activity add assembly "Safer Internet Day" -l dl-2026-01 --audience KS2
    """
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        m.record(commands.add_activity(m.root, day(on), kind, title, leader, audience, room, minutes, planned))


@plan_app.command("add")
def plan_add(
    title: Annotated[str, typer.Argument(help="The action.")],
    owner: Annotated[str | None, typer.Option(help="Leader id, staff id, or `team`.")] = None,
    due: Annotated[str | None, typer.Option(help="Due date YYYY-MM-DD.")] = None,
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Add an item to the team's action plan.

    Example: sd leaders plan add "Run Hour of Code" --owner team --due 2026-12-12
    """
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        m.record(commands.add_plan_item(m.root, title, owner, parse_date(due, "--due"), day(on)))


@plan_app.command("done")
def plan_done(
    item: Annotated[str, typer.Argument(metavar="ITEM")],
    on: OnOpt = None,
    correct: Annotated[bool, typer.Option("--correct", help="Fix the done date of an item already done.")] = False,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Mark a plan item done. Example: sd leaders plan done plan-2026-01"""
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        m.record(commands.plan_done(m.root, item, day(on), correct), changed=[item])


@plan_app.command("edit")
def plan_edit(
    item: Annotated[str, typer.Argument(metavar="ITEM")],
    title: Annotated[str | None, typer.Option(help="New wording of the action.")] = None,
    owner: Annotated[str | None, typer.Option(help="Leader id, staff id, or `team`.")] = None,
    due: Annotated[str | None, typer.Option(help="Due date YYYY-MM-DD.")] = None,
    status: Annotated[str | None, typer.Option(help="todo, doing or dropped (reopens a done item).")] = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Change a plan item. Example: sd leaders plan edit plan-2026-01 --status doing"""
    from schooldigital.leaders import commands

    with mutation(commit, message, fmt) as m:
        m.record(commands.plan_edit(m.root, item, title, owner, parse_date(due, "--due"), status), changed=[item])


@plan_app.command("list")
def plan_list(fmt: ListFormatOpt = Format.text, columns: columns_option(PLAN_COLUMNS) = None) -> None:
    """The action plan. Example: sd leaders plan list --format csv"""
    from schooldigital.leaders import store

    data = store.load_valid(root())
    rows = [
        {"id": p.id, "title": p.title, "owner": p.owner or "", "due": p.due or "", "status": p.status}
        for p in data.plan
    ]
    print_rows(PLAN_COLUMNS, rows, fmt, columns)
