"""`sd contracts`: the contracts register from the terminal (add, edit, end, list, show)."""

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
from schooldigital.cli.output import Format
from schooldigital.cli.tables import columns_option
from schooldigital.listcolumns import CONTRACT_COLUMNS

app = typer.Typer(help="The contracts register.", no_args_is_help=True)


@app.command("add")
def add(
    title: Annotated[str | None, typer.Option()] = None,
    supplier: Annotated[str | None, typer.Option(help="Supplier id from registers/suppliers.yaml.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="software_subscription, connectivity, ...")] = None,
    owner: Annotated[str | None, typer.Option(help="Person id who decides on renewal.")] = None,
    start: Annotated[str | None, typer.Option(help="Start date YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option(help="End of the current term YYYY-MM-DD.")] = None,
    renewal: Annotated[str | None, typer.Option(help="auto, manual, none or rolling.")] = None,
    renewal_term: Annotated[str | None, typer.Option(help="Months per renewal term (auto).")] = None,
    notice: Annotated[str | None, typer.Option(help="e.g. `90 days` or `3 months`.")] = None,
    amount: Annotated[str | None, typer.Option(help="Cost in GBP.")] = None,
    period: Annotated[str | None, typer.Option(help="annual, monthly, termly or one_off.")] = None,
    seats: Annotated[str | None, typer.Option()] = None,
    contract_id: Annotated[str | None, typer.Option("--id", help="Default: c<next number>-<title>.")] = None,
    field: FieldOpt = None,
    interactive: InteractiveOpt = None,
    today_: TodayOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Add a contract, validate the whole school with it, write it, and print its id.

    Example: sd contracts add --title "Maths app" --supplier mathsco --type approved_app --owner htay
    --start 2026-09-01 --end 2027-08-31 --renewal manual
    """
    from schooldigital.edit import add_contract, parse_assignments
    from schooldigital.edit.common import merge

    fields = merge(
        parse_assignments(field or ()),
        **{
            "title": title,
            "supplier": supplier,
            "type": type_,
            "owner": owner,
            "start_date": start,
            "end_date": end,
            "renewal": renewal,
            "renewal_term_months": renewal_term,
            "notice": notice,
            "cost.amount": amount,
            "cost.period": period,
            "seats": seats,
        },
    )
    if wants_prompts(interactive):
        from schooldigital.edit.questions import contract_questions, unanswered

        fields = ask(unanswered(contract_questions(root(), today(today_)), fields), fields)
    with mutation(commit, message, fmt) as change:
        written = add_contract(change.root, fields, contract_id=contract_id)
        change.done(*written, created=[written.id])
        change.say(written.id)


@app.command("edit")
def edit(
    contract_id: Annotated[str, typer.Argument(metavar="ID")],
    field: FieldOpt = None,
    end: Annotated[str | None, typer.Option(help="New end of the current term (after a renewal).")] = None,
    status: Annotated[str | None, typer.Option()] = None,
    owner: Annotated[str | None, typer.Option()] = None,
    amount: Annotated[str | None, typer.Option(help="Cost in GBP.")] = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Change fields of one contract; only its lines change. `--set cost.amount=4500.00` reaches nested fields.

    Example: sd contracts edit c003-managed-it-support --end 2027-10-24 --status active
    """
    from schooldigital.edit import edit_contract, parse_assignments
    from schooldigital.edit.common import merge

    changes = merge(
        parse_assignments(field or ()), **{"end_date": end, "status": status, "owner": owner, "cost.amount": amount}
    )
    with mutation(commit, message, fmt) as change:
        change.done(*edit_contract(change.root, contract_id, changes), changed=[contract_id])


@app.command("end")
def end(
    contract_id: Annotated[str, typer.Argument(metavar="ID")],
    decision: Annotated[str, typer.Option(help="notice_given, terminated, expired or renewing.")],
    on: Annotated[str | None, typer.Option("--on", help="The date it ends or ended.")] = None,
    today_: TodayOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Record a decision on a contract (notice given, terminated, expired, renewing) so its alerts stop.

    Example: sd contracts end c003-managed-it-support --decision notice_given
    """
    from schooldigital.edit import end_contract

    with mutation(commit, message, fmt) as change:
        written = end_contract(change.root, contract_id, decision, on=parse_date(on, "--on"), today=today(today_))
        change.done(*written, changed=[contract_id])


@app.command("list")
def list_(
    type_: Annotated[list[str] | None, typer.Option("--type", show_default=False, metavar="VALUE")] = None,
    supplier: Many = None,
    renewal: Many = None,
    status: Many = None,
    ending_before: Annotated[str | None, typer.Option(help="Current term ends on or before this date.")] = None,
    fmt: ListFormatOpt = Format.text,
    columns: columns_option(CONTRACT_COLUMNS) = None,
) -> None:
    """List contracts, filtered (repeat an option to match any of several values).

    Example: sd contracts list --renewal auto --ending-before 2027-03-31
    """
    from schooldigital.listing import ContractFilter, contract_rows, load

    regs, problems = load(root())
    flt = ContractFilter(
        type_ or [], supplier or [], renewal or [], status or [], parse_date(ending_before, "--ending-before")
    )
    print_rows(CONTRACT_COLUMNS, contract_rows(regs, flt), fmt, columns)
    warn_invalid(problems)


@app.command("show")
def show(contract_id: Annotated[str, typer.Argument(metavar="ID")], fmt: FormatOpt = Format.text) -> None:
    """Every field of one contract, then the last day to give notice.

    Example: sd contracts show c001-broadband-and-filtered
    """
    from schooldigital.listing import load, show_contract

    regs, _ = load(root())
    print_record(show_contract(regs, contract_id), fmt)
