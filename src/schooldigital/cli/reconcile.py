"""`sd assets reconcile`: a device-management console export against the asset register.

Registered on the `assets` group in `cli/__init__.py`. Imports only typer and the stdlib at module level; the
library (`schooldigital.consoles`) is imported inside the command, and never pandas.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from schooldigital.cli.common import CommitOpt, MessageOpt, SheetOpt, date_format_option, err, mutation
from schooldigital.cli.output import Format, emit_json_pieces, format_option, working


def reconcile(
    export: Annotated[
        Path,
        typer.Argument(
            metavar="EXPORT",
            help="The console's device list: Google Admin (Chrome devices), Intune (Devices > Export) or Jamf.",
            exists=True,
        ),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--source", help="google, intune, jamf, or a profile in consoles.yaml (default: told from the headers)."
        ),
    ] = None,
    stale: Annotated[int, typer.Option("--stale", metavar="DAYS", help="Not seen for more than this is stale.")] = 60,
    fmt: Annotated[
        Format, format_option(Format.text, Format.markdown, Format.json, help="text, markdown or json.")
    ] = Format.text,
    apply: Annotated[
        bool, typer.Option("--apply", help="Record each device's end of updates and last check-in in the register.")
    ] = False,
    add_missing: Annotated[
        bool, typer.Option("--add-missing", help="With --apply: add the unregistered devices too.")
    ] = False,
    default: Annotated[
        list[str] | None, typer.Option("--default", help="field=value for added devices, as the import takes.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --apply: say what would change; write nothing.")
    ] = False,
    date_format: Annotated[
        str | None,
        typer.Option(
            "--date-format",
            help="The export's dates as a strptime format, e.g. '%m/%d/%Y'.",
            callback=date_format_option,
        ),
    ] = None,
    today: Annotated[str | None, typer.Option("--today", help="Reconcile as of this date (YYYY-MM-DD).")] = None,
    sheet: SheetOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
) -> None:
    """Compare a console export with the asset register: unregistered, missing and stale devices, differences
    and security updates. Read-only unless --apply. Exit 0 in step, 1 differences, 2 invalid input.

    Users are named only as staff from people.yaml; any other account is "a pupil account" and is never
    written anywhere.

    Example: sd assets reconcile ~/Downloads/chromebooks.csv --stale 30
    Example: sd assets reconcile DevicesWithInventory.csv --apply --dry-run
    """
    from schooldigital.cli.assets import today as parse_today
    from schooldigital.cli.common import root
    from schooldigital.consoles import render
    from schooldigital.consoles.reconcile import reconcile as compare
    from schooldigital.errors import UserError
    from schooldigital.registers import paused_gc

    if (add_missing or dry_run or default) and not apply:
        raise UserError("--add-missing, --default and --dry-run go with --apply")
    day = parse_today(today)

    def compute():  # type: ignore[no-untyped-def]
        with working(f"reconciling {export.name}"):  # 100,000 devices take seconds on a slow laptop
            return compare(
                school, export, source=source, stale_days=stale, today=day, date_format=date_format, sheet=sheet
            )

    if not apply:
        school = root()
        result, _, _ = compute()
    else:
        from schooldigital.consoles.apply import apply as write
        from schooldigital.consoles.rows import plain
        from schooldigital.edit.common import parse_assignments

        defaults = parse_assignments(default or ())
        if dry_run:
            school = root()
            done = write(school, compute, add_missing=add_missing, defaults=defaults, dry_run=True)
        else:  # with --format json, `mutation` prints the one document: the report, ids, files and commit
            with mutation(commit, message, fmt) as change:
                school = change.root
                done = write(school, compute, add_missing=add_missing, defaults=defaults)
                change.done(done.written, done.summary, created=done.added, changed=done.updated)
                change.details.update(plain(done.result.report))  # json.dumps knows lists, not Rows
        result = done.result
        verb = "would record" if dry_run else "recorded"
        err(f"{'dry run, nothing written: ' if dry_run else ''}{verb} {len(done.updated)} assets' console dates, "
            f"{'would add' if dry_run else 'added'} {len(done.added)}")  # fmt: skip
        for rid in done.added:
            typer.echo(rid, err=True)
    if export.resolve().is_relative_to(school.resolve()):
        err(f"{export.name} is inside the school's repository: console exports name people; keep them out of git "
            "and delete them after use")  # fmt: skip
    if fmt is Format.json and apply and not dry_run:
        raise typer.Exit(1 if result.differs else 0)
    # Straight to stdout: click.echo runs an ANSI-stripping regex over the whole text (100,000 lines) when the
    # output is not a terminal, and a report holds no escape codes (console cells are `excerpt`ed).
    with paused_gc():  # 100,000 rows' lines and pieces: the cyclic collector would rescan them all, in vain
        if fmt is Format.json:  # every command's envelope, around the console renderer's fast encoder
            made = {"created": done.added, "changed": done.updated, "files": [], "commit": None} if apply else {}
            emit_json_pieces(render.as_json(result.report | made, indent="  "), "assets reconcile")
        else:
            sys.stdout.write((render.text if fmt is Format.text else render.markdown)(result.report))
    sys.stdout.flush()
    raise typer.Exit(1 if result.differs else 0)
