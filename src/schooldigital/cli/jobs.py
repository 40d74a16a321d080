"""`sd jobs`: the Digital Leaders' jobs and requests log (add, assign, done, list, import a Forms export)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schooldigital.cli.assets import print_rows
from schooldigital.cli.common import (
    CommitOpt,
    HeaderRowOpt,
    ListFormatOpt,
    MessageOpt,
    SheetOpt,
    WriteFormatOpt,
    err,
    mutation,
    root,
)
from schooldigital.cli.output import Format
from schooldigital.cli.tables import columns_option
from schooldigital.listcolumns import JOB_COLUMNS

app = typer.Typer(help="Jobs and requests for the Digital Leaders.", no_args_is_help=True)
AtOpt = Annotated[str | None, typer.Option("--at", help="When, `YYYY-MM-DD HH:MM` or a date (default: now).")]


def moment(value: str | None):  # type: ignore[no-untyped-def]
    import datetime as dt

    from schooldigital.errors import UserError

    if value is None:
        return dt.datetime.now().replace(second=0, microsecond=0)
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise UserError(f"--at `{value}` is not a date and time; write YYYY-MM-DD HH:MM") from None


@app.command("add")
def add(
    description: Annotated[str, typer.Argument(help="The job, briefly (no pupils' names).")],
    by: Annotated[str, typer.Option("--by", help="Who asked: staff id or initials, a role or a class (not a pupil).")],
    urgency: Annotated[str | None, typer.Option(help="low, normal, high or urgent.")] = None,
    category: Annotated[str, typer.Option(help="hardware_setup, software_help, equipment, e_safety, ...")] = "other",
    room: Annotated[str | None, typer.Option(help="Room or class: a location id in registers/locations.yaml.")] = None,
    assign: Annotated[list[str] | None, typer.Option("--assign", help="Leader id (repeatable).")] = None,
    at: AtOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Log a job. Example: sd jobs add "Set up visualiser" --by WP --room class-3a --category hardware_setup"""
    from schooldigital.leaders import jobs

    with mutation(commit, message, fmt) as m:
        m.record(jobs.add(m.root, by, category, description, moment(at), room, list(assign or []), urgency))
        err(m.summary)


@app.command("assign")
def assign(
    job: Annotated[str, typer.Argument(metavar="JOB")],
    leader: Annotated[list[str], typer.Argument(metavar="LEADER...")],
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Give a job to one or more leaders. Example: sd jobs assign job-0042 dl-2026-01 dl-2026-03"""
    from schooldigital.leaders import jobs

    with mutation(commit, message, fmt) as m:
        m.record(jobs.assign(m.root, job, leader), changed=[job])


@app.command("done")
def done(
    job: Annotated[str, typer.Argument(metavar="JOB")],
    minutes: Annotated[int | None, typer.Option(help="Time the leaders spent.")] = None,
    passed_to_it: Annotated[bool, typer.Option("--passed-to-it", help="Handed to IT support instead.")] = False,
    correct: Annotated[bool, typer.Option("--correct", help="Fix the record of a job already closed.")] = False,
    at: AtOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Close a job. Example: sd jobs done job-0042 --minutes 20"""
    from schooldigital.leaders import jobs

    with mutation(commit, message, fmt) as m:
        m.record(jobs.done(m.root, job, moment(at), minutes, passed_to_it, correct), changed=[job])


@app.command("reopen")
def reopen(
    job: Annotated[str, typer.Argument(metavar="JOB")],
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """A closed job came back (done, or passed to IT): in progress again. Example: sd jobs reopen job-0042"""
    from schooldigital.leaders import jobs

    with mutation(commit, message, fmt) as m:
        m.record(jobs.reopen(m.root, job), changed=[job])


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option(help="open, in_progress, done or passed_to_it.")] = None,
    fmt: ListFormatOpt = Format.text,
    columns: columns_option(JOB_COLUMNS) = None,
) -> None:
    """The jobs log. Example: sd jobs list --status open"""
    from schooldigital.leaders import jobs

    print_rows(JOB_COLUMNS, jobs.rows(root(), status), fmt, columns)


@app.command("import")
def import_(
    csv_file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Forms responses: a workbook (.xlsx, .ods, .xls) or CSV export.")
    ],
    profile: Annotated[
        str | None, typer.Option(help="Profile in leaders/jobs-import.yaml (default: the first).")
    ] = None,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Add new form responses as open jobs; responses imported before are skipped, email columns dropped.

    Example: sd jobs import ~/Downloads/"Digital Leaders jobs (Responses).csv" --profile google
    Example: sd jobs import "IT jobs.xlsx" --profile microsoft
    """
    from schooldigital.cli.common import print_problems
    from schooldigital.leaders import jobs

    with mutation(commit, message, fmt) as m:
        result = jobs.import_csv(m.root, csv_file, profile, sheet=sheet, header_row=header_row)
        m.done(result.written, result.summary, created=result.added)
        m.details["problems"] = [p.to_dict() for p in result.problems]
        for rid in result.added:  # the data on stdout: the new ids; the summary is a message
            m.say(rid)
    if result.dropped_columns:
        err(f"dropped column(s): {', '.join(result.dropped_columns)}")
    if result.cleaned:
        err(f"removed {result.cleaned} email address(es) or pupil numbers from the imported text")
    print_problems(result.problems)
    err(f"read {result.read_as}")
    err(result.summary)
    raise typer.Exit(1 if result.problems else 0)
