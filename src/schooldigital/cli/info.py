"""`sd info`: the information asset register (UK GDPR Art. 30) from the terminal (add, edit, list, show)."""

from __future__ import annotations

from typing import Annotated

import typer

from schooldigital.cli.assets import (
    FieldOpt,
    InteractiveOpt,
    Many,
    TodayOpt,
    ask,
    parse_date,
    print_record,
    print_rows,
    today,
    wants_prompts,
    warn_invalid,
)
from schooldigital.cli.common import (
    CommitOpt,
    FormatOpt,
    ListFormatOpt,
    MessageOpt,
    WriteFormatOpt,
    mutation,
    root,
)
from schooldigital.cli.output import Format, format_parser
from schooldigital.cli.tables import columns_option
from schooldigital.listcolumns import INFO_COLUMNS

app = typer.Typer(help="The information asset register.", no_args_is_help=True)

MEDIA = ("electronic", "paper", "both")
_output_format = format_parser(Format.text, Format.json)


def _format_or_medium(value: object) -> object:
    """`--format` is the output format, as everywhere; `--format paper|electronic|both`, the field's old
    option before it became `--medium`, still sets the medium."""
    if isinstance(value, str) and value.strip().lower() in MEDIA:
        return value.strip().lower()
    return _output_format(value)


AddFormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        parser=_format_or_medium,
        metavar="[text|json]",
        help="text for people; json: the records created or changed and the files written.",
    ),
]


@app.command("add")
def add(
    name: Annotated[str | None, typer.Option()] = None,
    owner: Annotated[str | None, typer.Option(help="Information asset owner (person id).")] = None,
    medium: Annotated[
        str | None, typer.Option("--medium", help="electronic, paper or both (the `format` field).")
    ] = None,
    systems: Annotated[str | None, typer.Option(help="Systems holding it, separated by `;`.")] = None,
    personal_data: Annotated[bool | None, typer.Option("--personal-data/--no-personal-data")] = None,
    data_subjects: Annotated[str | None, typer.Option(help="pupils; staff; ... separated by `;`.")] = None,
    lawful_basis: Annotated[str | None, typer.Option(help="public_task, legal_obligation, consent, ...")] = None,
    purposes: Annotated[str | None, typer.Option(help="Separated by `;`.")] = None,
    retention: Annotated[str | None, typer.Option(help="Period and trigger, e.g. `DOB + 25 years`.")] = None,
    security: Annotated[str | None, typer.Option(help="Security measures separated by `;`.")] = None,
    last_reviewed: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    asset_id: Annotated[str | None, typer.Option("--id", help="Default: ia<next number>.")] = None,
    field: FieldOpt = None,
    interactive: InteractiveOpt = None,
    today_: TodayOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: AddFormatOpt = Format.text,
) -> None:
    """Add an information asset, validate the whole school with it, write it, and print its id.

    Example: sd info add --name "Visitor log" --owner dkha --medium paper --systems "reception book"
    --no-personal-data --purposes "site safety" --retention "6 years" --security "locked office"
    """
    from schooldigital.edit import add_information_asset, parse_assignments
    from schooldigital.edit.common import merge

    if fmt in MEDIA:
        medium, fmt = medium or str(fmt), Format.text
    fields = merge(
        parse_assignments(field or ()),
        **{
            "name": name,
            "owner": owner,
            "format": medium,
            "systems": systems,
            "personal_data": personal_data,
            "data_subjects": data_subjects,
            "lawful_basis": lawful_basis,
            "purposes": purposes,
            "retention": retention,
            "security_measures": security,
            "last_reviewed": last_reviewed,
        },
    )
    if wants_prompts(interactive):
        from schooldigital.edit.questions import information_questions, unanswered

        fields = ask(unanswered(information_questions(root(), today(today_)), fields), fields)
    with mutation(commit, message, fmt) as change:  # type: ignore[arg-type]
        written = add_information_asset(change.root, fields, asset_id=asset_id)
        change.done(*written, created=[written.id])
        change.say(written.id)


@app.command("edit")
def edit(
    asset_id: Annotated[str, typer.Argument(metavar="ID")],
    field: FieldOpt = None,
    owner: Annotated[str | None, typer.Option()] = None,
    last_reviewed: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    risk: Annotated[str | None, typer.Option(help="low, medium or high.")] = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Change fields of one information asset; only its lines change.

    Example: sd info edit ia003 --last-reviewed 2026-11-20 --set dpia.required=true
    """
    from schooldigital.edit import edit_information_asset, parse_assignments
    from schooldigital.edit.common import merge

    changes = merge(parse_assignments(field or ()), owner=owner, last_reviewed=last_reviewed, risk=risk)
    with mutation(commit, message, fmt) as change:
        change.done(*edit_information_asset(change.root, asset_id, changes), changed=[asset_id])


@app.command("list")
def list_(
    owner: Many = None,
    personal_data: Annotated[bool | None, typer.Option("--personal-data/--no-personal-data")] = None,
    review_before: Annotated[str | None, typer.Option(help="Next review on or before this date.")] = None,
    fmt: ListFormatOpt = Format.text,
    columns: columns_option(INFO_COLUMNS) = None,
) -> None:
    """List information assets with their next review date.

    Example: sd info list --personal-data --review-before 2027-03-31
    """
    from schooldigital.listing import InfoFilter, info_rows, load

    regs, problems = load(root())
    flt = InfoFilter(owner or [], personal_data, parse_date(review_before, "--review-before"))
    print_rows(INFO_COLUMNS, info_rows(regs, flt), fmt, columns)
    warn_invalid(problems)


@app.command("show")
def show(asset_id: Annotated[str, typer.Argument(metavar="ID")], fmt: FormatOpt = Format.text) -> None:
    """Every field of one information asset, then when it is next due for review.

    Example: sd info show ia001
    """
    from schooldigital.listing import load, show_info

    regs, _ = load(root())
    print_record(show_info(regs, asset_id), fmt)
