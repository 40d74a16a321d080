"""`sd assets`: the asset register from the terminal (add, edit, dispose, list, show, summary).

Also holds the small output and prompting helpers `sd contracts` and `sd info` share.
Imports only the stdlib and typer at module level: the library is imported inside each command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from schooldigital.cli import common
from schooldigital.cli.common import (
    CommitOpt,
    FormatOpt,
    ListFormatOpt,
    MessageOpt,
    WriteFormatOpt,
    err,
    mutation,
    root,
)
from schooldigital.cli.output import Format, emit_json
from schooldigital.cli.tables import columns_option, print_rows
from schooldigital.errors import UserError
from schooldigital.listcolumns import ASSET_COLUMNS

app = typer.Typer(help="The asset register.", no_args_is_help=True)

# Repeatable filters: "VALUE" reads better in --help than the type name typer would show.
Many = Annotated[list[str] | None, typer.Option(show_default=False, metavar="VALUE")]
TodayOpt = Annotated[str | None, typer.Option("--today", help="Date to work out ages from (default: today).")]
FieldOpt = Annotated[
    list[str] | None, typer.Option("--field", "--set", help="Any other field as field=value (repeatable).")
]
InteractiveOpt = Annotated[
    bool | None,
    typer.Option("--interactive/--no-interactive", help="Prompt for missing fields (default: when on a terminal)."),
]


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    from schooldigital.derive import EARLIEST_DATE, LATEST_DATE

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} `{value}` is not a date; write YYYY-MM-DD") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise UserError(f"{option} `{value}` is outside {EARLIEST_DATE} to {LATEST_DATE}; check the year")
    return day


def today(value: str | None) -> dt.date:
    return parse_date(value, "--today") or dt.date.today()


def ask(questions: Sequence[Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Prompt for each question and check each answer as it is given (`Question.answer`), asking again until
    it is right; empty skips an optional one. End of input exits 2 saying nothing was written (issue 18)."""
    out = dict(fields)
    for q in questions:
        hint = f" ({', '.join(q.choices)})" if q.choices and len(q.choices) <= 16 else ""
        default = q.default or ("" if not q.required else None)
        while True:
            try:
                answer = str(
                    typer.prompt(f"{q.text}{hint}", default=default, show_default=bool(q.default), err=True)
                ).strip()
            except typer.Abort:  # end of input or Ctrl-C
                common.fail(f"input ended at `{q.name}`; nothing was written", common.EXIT_INVALID)
            if not answer:
                if q.required:
                    err(f"{q.name} is required")
                    continue
                break
            try:
                out[q.name] = q.answer(answer)
            except ValueError as error:
                err(str(error))
                continue
            break
    return out


def as_command(command: str, fields: dict[str, Any]) -> str:
    import shlex

    return " ".join([command, *(f"--set {shlex.quote(f'{k}={v}')}" for k, v in fields.items() if v not in (None, ""))])


def wants_prompts(flag: bool | None) -> bool:
    return common.interactive() if flag is None else flag


def print_record(data: dict[str, Any], fmt: Format) -> None:
    """One record as `field: value` lines (every field, `-` when empty), or JSON."""
    from schooldigital.listing import text

    if fmt is Format.json:
        emit_json(data)
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        typer.echo(f"{key.ljust(width)}  {text(value)}")


def warn_invalid(problems: list[Any]) -> None:
    if problems:
        err(f"sd: warning: {len(problems)} problem(s) in the registers were left out; run `sd validate`")


@app.command("add")
def add(
    category: Annotated[str | None, typer.Option(help="laptop, chromebook, tablet, ...")] = None,
    model: Annotated[str | None, typer.Option(help="Model id from registers/models.yaml.")] = None,
    location: Annotated[str | None, typer.Option(help="Location id from registers/locations.yaml.")] = None,
    status: Annotated[str | None, typer.Option(help="Default: deployed.")] = None,
    serial: Annotated[str | None, typer.Option()] = None,
    assigned_to: Annotated[str | None, typer.Option(help="person:ID, room:ID or class:CODE.")] = None,
    purchase_date: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    supplier: Annotated[str | None, typer.Option()] = None,
    cost: Annotated[str | None, typer.Option(help="In GBP, e.g. 689.00.")] = None,
    warranty_end: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    asset_id: Annotated[str | None, typer.Option("--id", help="Default: the next number after asset_prefix.")] = None,
    field: FieldOpt = None,
    interactive: InteractiveOpt = None,
    today_: TodayOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Add an asset, validate the whole school with it, write it, and print its new id.

    Example: sd assets add --category laptop --model dell-latitude-3440 --location ict-suite --serial 5CG123
    """
    from schooldigital.edit import add_asset, parse_assignments
    from schooldigital.edit.common import merge

    fields = merge(
        parse_assignments(field or ()),
        **{
            "category": category,
            "model": model,
            "location": location,
            "status": status,
            "serial": serial,
            "assigned_to": assigned_to,
            "purchase_date": purchase_date,
            "supplier": supplier,
            "cost": cost,
            "warranty_end": warranty_end,
            "notes": notes,
        },
    )
    asked = wants_prompts(interactive)
    if asked:
        from schooldigital.edit.questions import asset_questions, unanswered

        fields = ask(unanswered(asset_questions(root(), today(today_)), fields), fields)
    try:
        with mutation(commit, message, fmt) as change:
            written = add_asset(change.root, fields, asset_id=asset_id)
            change.done(*written, created=[written.id])
            change.say(written.id)
    except UserError:
        if asked:  # the answers are not lost: the same entry as one command to fix and run again
            err(f"your answers as a command, to correct and run again:\n  {as_command('sd assets add', fields)}")
        raise


@app.command("edit")
def edit(
    asset_id: Annotated[str, typer.Argument(metavar="ID")],
    field: FieldOpt = None,
    location: Annotated[str | None, typer.Option()] = None,
    status: Annotated[str | None, typer.Option()] = None,
    assigned_to: Annotated[str | None, typer.Option(help="person:ID, room:ID or class:CODE; empty clears.")] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    last_audit: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Change fields of one asset; only its row changes. `--set field=` (empty) clears a field.

    Example: sd assets edit RP-00012 --location class-3a --set assigned_to=class:3A
    """
    from schooldigital.edit import edit_asset, parse_assignments
    from schooldigital.edit.common import merge

    changes = merge(
        parse_assignments(field or ()),
        location=location,
        status=status,
        assigned_to=assigned_to,
        notes=notes,
        last_audit=last_audit,
    )
    with mutation(commit, message, fmt) as change:
        change.done(*edit_asset(change.root, asset_id, changes), changed=[asset_id])


@app.command("dispose")
def dispose(
    asset_id: Annotated[str, typer.Argument(metavar="ID")],
    method: Annotated[str, typer.Option(help="weee_contractor, manufacturer_takeback, resale, donation, ...")],
    date: Annotated[str | None, typer.Option("--date", help="Disposal date (default: today).")] = None,
    certificate: Annotated[str | None, typer.Option(help="WEEE / data-destruction certificate reference.")] = None,
    data_wiped: Annotated[bool, typer.Option("--data-wiped", help="The storage was wiped or destroyed.")] = False,
    no_data: Annotated[bool, typer.Option("--no-data", help="The device never held data (no wipe needed).")] = False,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Record the secure disposal of an asset, with data-wipe evidence for anything that held data.

    Example: sd assets dispose RP-00042 --method weee_contractor --data-wiped --certificate WEEE-2026-118
    """
    from schooldigital.edit import dispose_asset

    on = parse_date(date, "--date")
    with mutation(commit, message, fmt) as change:
        change.done(
            *dispose_asset(
                change.root,
                asset_id,
                method=method,
                on=on,
                certificate=certificate,
                data_wiped=data_wiped or None,
                no_data=no_data,
            ),
            changed=[asset_id],
        )


@app.command("widen")
def widen(commit: CommitOpt = None, message: MessageOpt = None, fmt: WriteFormatOpt = Format.text) -> None:
    """Give registers/assets.csv every column, in the fixed order, once: the one write that changes every row.

    Afterwards an edit, add, dispose or import changes only its own rows. Use --commit so the widening is a
    commit of its own that reviewers can skip. A file that already has every column is left alone.
    Example: sd assets widen --commit
    """
    from schooldigital.edit import widen_assets

    with mutation(commit, message, fmt) as change:
        change.done(*widen_assets(change.root))
    if change.written:
        err(change.summary)


@app.command("list")
def list_(
    category: Many = None,
    location: Many = None,
    status: Many = None,
    model: Many = None,
    assigned_to: Many = None,
    due_before: Annotated[
        str | None, typer.Option(help="Review, end of life or warranty due on or before this date.")
    ] = None,
    fmt: ListFormatOpt = Format.text,
    today_: TodayOpt = None,
    columns: columns_option(ASSET_COLUMNS) = None,
) -> None:
    """List assets, filtered (repeat an option to match any of several values).

    Example: sd assets list --category laptop --due-before 2027-08-31 --format csv > replacements.csv
    """
    from schooldigital.listing import AssetFilter, asset_rows, load

    regs, problems = load(root())
    flt = AssetFilter(
        category or [],
        location or [],
        status or [],
        model or [],
        assigned_to or [],
        parse_date(due_before, "--due-before"),
    )
    print_rows(ASSET_COLUMNS, asset_rows(regs, flt, today(today_)), fmt, columns)
    warn_invalid(problems)


@app.command("show")
def show(
    asset_id: Annotated[str, typer.Argument(metavar="ID")],
    fmt: FormatOpt = Format.text,
    today_: TodayOpt = None,
) -> None:
    """Every field of one asset, then its age, end of life, review due and next audit.

    Example: sd assets show RP-00012
    """
    from schooldigital.listing import load, show_asset

    regs, _ = load(root())
    print_record(show_asset(regs, asset_id, today(today_)), fmt)


@app.command("summary")
def summary(fmt: FormatOpt = Format.text, today_: TodayOpt = None) -> None:
    """Counts by category and status, average age, past end of life, and disposals this year.

    Example: sd assets summary --format json
    """
    from schooldigital.listing import load, summary_text
    from schooldigital.listing import summary as build

    regs, problems = load(root())
    data = build(regs, today(today_))
    if fmt is Format.json:
        emit_json(data)
    else:
        typer.echo(summary_text(data))
    warn_invalid(problems)


from schooldigital.cli.renumber import renumber as _renumber  # noqa: E402 - the git engineer's command (issue 7)

app.command("renumber")(_renumber)
