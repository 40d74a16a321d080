"""`sd check`: validation, renewals and DfE standards, with exit codes made for cron and CI."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from schooldigital.cli.common import err, hard_exit, print_problems, root, short_lived
from schooldigital.cli.output import Format, emit_json, format_option

app = typer.Typer(
    help="Checks for cron and governors: dated renewals and the DfE standards.",
    invoke_without_command=True,
)


TodayOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--today", formats=["%Y-%m-%d"], help="Check as if today were this date (YYYY-MM-DD).", show_default=False
    ),
]
CheckFormatOpt = Annotated[
    Format, format_option(Format.text, Format.markdown, Format.json, help="text, markdown or json.")
]


def _day(today: dt.datetime | None) -> dt.date:
    return today.date() if today is not None else dt.date.today()


@app.callback()
def check(
    ctx: typer.Context,
    today: TodayOpt = None,
    fmt: CheckFormatOpt = Format.text,
) -> None:
    """Validate everything, then list renewals in an alert stage and the standards not yet met.

    One summary and one exit status: 2 invalid data, 1 something needs attention, 0 all clear.
    Example: sd check --today 2026-11-22
    """
    if ctx.invoked_subcommand is not None:
        return
    from schooldigital.checks import output
    from schooldigital.checks.run import check_all

    result = check_all(root(), _day(today))
    if result.problems:
        print_problems(result.problems)
    if fmt is Format.json:
        data = {
            "exit_code": result.exit_code,
            "problems": [p.to_dict() for p in result.problems],
            "renewals": [i.to_dict() for i in result.items],
            "standards": [r.to_dict() for r in result.results],
        }
        emit_json(data)
        raise typer.Exit(result.exit_code)
    if result.registers is not None and result.exit_code != 2:
        name = result.registers.config.name
        render = output.renewals_markdown if fmt is Format.markdown else output.renewals_text
        typer.echo(render(result.items, _day(today), name), nl=False)
        shown = [r for r in result.results if r.status in ("not met", "partly met", "no evidence")]
        if shown:
            typer.echo("" if fmt is Format.text else "\n## Standards not yet met\n")
            typer.echo(
                (output.standards_markdown if fmt is Format.markdown else output.standards_text)(shown), nl=False
            )
    typer.echo(output.check_summary(result))
    raise typer.Exit(result.exit_code)


@app.command("renewals")
def renewals(
    today: TodayOpt = None,
    within: Annotated[
        int | None,
        typer.Option("--within", min=0, help="Also list every duty due within DAYS, before its alert stages."),
    ] = None,
    every: Annotated[
        int | None,
        typer.Option(
            "--every",
            min=1,
            help="Days since the previous run (default: remembered per repository, 1 on the first run): "
            "an upcoming item is listed once per alert stage.",
            show_default=False,
        ),
    ] = None,
    detail: Annotated[bool, typer.Option("--detail", help="List every record in batched asset lines.")] = False,
    fmt: CheckFormatOpt = Format.text,
) -> None:
    """Dated duties needing action: notice deadlines, expiries, end of support, audits and reviews.

    Prints nothing when all is well (cron mails only real work). Overdue items repeat on every run until a
    decision is recorded; an upcoming item is listed on the first run on or after the day it enters each alert
    stage, whatever the days between runs: the day of the last run is remembered per repository (in the user's
    cache folder), so Monday's run shows what entered a stage at the weekend.
    Exit 0 nothing due, 1 something listed, 2 invalid data (every valid record's duties are still listed, then
    the problems).
    Example (crontab): 0 7 * * 1-5 cd /srv/school && sd check renewals
    """
    from schooldigital.checks import output
    from schooldigital.checks.run import check_renewals
    from schooldigital.store import lastrun

    day = _day(today)
    short_lived()  # read-only and run by cron every day: no GC passes over the loaded registers, no teardown
    school = root()
    if every is None:
        every = lastrun.days_since(school, day) or 1
    result = check_renewals(school, day, within, every)
    if result.loaded.registers is None:
        print_problems(result.loaded.problems)
        err("sd: school.yaml is unusable, so no renewals were checked; fix the problems above (`sd validate`)")
        raise typer.Exit(2)
    name = result.loaded.registers.config.name
    if fmt is Format.json:
        emit_json([i.to_dict() for i in result.items])
    elif fmt is Format.markdown:
        typer.echo(output.renewals_markdown(result.items, day, name, detail), nl=False)
    else:
        typer.echo(output.renewals_text(result.items, day, name, detail), nl=False)
    if result.exit_code == 2:
        from schooldigital.checks.degrade import skipped_message

        print_problems(result.loaded.problems)
        err(skipped_message(result.skipped, "renewals were checked"))
    else:  # on invalid data the next run covers these days again: an item shown twice beats one never shown
        lastrun.remember(school, day)
    hard_exit(result.exit_code)
    raise typer.Exit(result.exit_code)


@app.command("standards")
def standards(today: TodayOpt = None, fmt: CheckFormatOpt = Format.text) -> None:
    """Every DfE digital and technology standard (12 areas) with its verdict and the evidence behind it.

    Verdicts: met / partly met / not met / no evidence / not applicable (with the reason) / not due yet (with
    the date). Each names its kind of evidence (registers, log or self-assessed), the records it rests on and
    the failing ones, and the next step. The core 2030 areas come first.
    Exit 1 when any standard is not met, 2 when the data is invalid. Example: sd check standards --format markdown
    """
    from schooldigital.checks import output
    from schooldigital.checks.run import check_standards

    result = check_standards(root(), _day(today))
    if result.exit_code == 2:
        print_problems(result.loaded.problems + result.problems)
        raise typer.Exit(2)
    if fmt is Format.json:
        emit_json([r.to_dict() for r in result.results])
    else:
        render = output.standards_markdown if fmt is Format.markdown else output.standards_text
        typer.echo(render(result.results, result.header), nl=False)
    raise typer.Exit(result.exit_code)
