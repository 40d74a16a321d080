"""`sd assets import`, `sd contracts import` and `sd info import`: workbooks, CSVs and Snipe-IT exports, all rows
or none.

Registered on the `assets` and `contracts` groups in `cli/__init__.py`. Imports only typer and the stdlib
at module level; the library (`schooldigital.importing`) is imported inside each command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from schooldigital.cli.common import (
    CommitOpt,
    HeaderRowOpt,
    MessageOpt,
    SheetOpt,
    WriteFormatOpt,
    date_format_option,
    err,
    mutation,
)
from schooldigital.cli.output import Format, emit_json, progress

FileArg = Annotated[
    Path,
    typer.Argument(
        metavar="FILE",
        help="Workbook (.xlsx, .xlsm, .xls, .ods) or CSV/tab-separated text, e.g. a Snipe-IT export.",
        exists=True,
    ),
]
DateFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--date-format",
        help="How the file writes non-ISO dates, as a strptime format, e.g. '%d/%m/%Y'. Never guessed.",
        callback=date_format_option,
    ),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Check every row and say what would change; write nothing.")]
SkipOpt = Annotated[
    list[str] | None, typer.Option("--skip-column", help="Ignore this column of the file (repeatable).")
]
ColumnOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--column", help="HEADER=field: read this column as that register field, whatever its name (repeatable)."
    ),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option("--status", help="LABEL=status: the register status for a status label of the file (repeatable)."),
]
DefaultOpt = Annotated[
    list[str] | None,
    typer.Option("--default", help="field=value for rows that leave the field empty (repeatable)."),
]

# Progress bars only pay for themselves on big files, and only a person at a terminal sees them.
PROGRESS_MIN_ROWS = 2000


def import_assets(
    file: FileArg,
    date_format: DateFormatOpt = None,
    update: Annotated[
        bool, typer.Option("--update", help="Rows whose id exists update that asset (default: an error).")
    ] = False,
    dry_run: DryRunOpt = False,
    skip_column: SkipOpt = None,
    column: ColumnOpt = None,
    status: StatusOpt = None,
    default: DefaultOpt = None,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Import assets from a spreadsheet CSV or a Snipe-IT export; nothing is written unless every row passes.

    Headers such as `Asset Tag`, `Serial`, `Purchase Date`, `Purchase Cost` and `Checked Out To` are
    recognised (`--column HEADER=field` and `--skip-column HEADER` override that for any header); locations,
    models and suppliers must already exist (by id or name). Status labels of your own are mapped with
    `--status LABEL=status`. Every bad row is reported as file:row:column.

    Example: sd assets import snipeit-export.csv --date-format '%d/%m/%Y' --dry-run
    Example: sd assets import "Asset register.xlsx" --sheet Assets --dry-run
    """
    from schooldigital.importing.assets import import_assets as run

    _run(
        run,
        file,
        dry_run,
        commit,
        message,
        fmt,
        date_format=date_format,
        update=update,
        statuses=_pairs("--status", status),
        skip=skip_column,
        column=column,
        default=default,
        sheet=sheet,
        header_row=header_row,
    )


def import_contracts(
    file: FileArg,
    date_format: DateFormatOpt = None,
    dry_run: DryRunOpt = False,
    skip_column: SkipOpt = None,
    column: ColumnOpt = None,
    default: DefaultOpt = None,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Import contracts or licences from a spreadsheet CSV or a Snipe-IT licence export (all rows or none).

    New contracts are appended to registers/contracts.yaml, keeping every existing line and comment.
    Existing ids are an error: change those with `sd contracts edit`.

    Example: sd contracts import licences.csv --default owner=htay --default renewal=manual --default type=saas_service
    """
    from schooldigital.importing.contracts import import_contracts as run

    _run(
        run,
        file,
        dry_run,
        commit,
        message,
        fmt,
        date_format=date_format,
        skip=skip_column,
        column=column,
        default=default,
        sheet=sheet,
        header_row=header_row,
    )


def import_information(
    file: FileArg,
    date_format: DateFormatOpt = None,
    dry_run: DryRunOpt = False,
    skip_column: SkipOpt = None,
    column: ColumnOpt = None,
    default: DefaultOpt = None,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Import information assets (a record of processing) from a spreadsheet, all rows or none.

    The ICO's "Documentation template for controllers" columns are recognised; fields it has no column for
    (owner, format, last_reviewed ...) come from --default. Existing ids are an error: use `sd info edit`.

    Example: sd info import "ROPA template.xlsx" --sheet Template --default owner=htay --default format=electronic
    --default personal_data=true --default last_reviewed=2026-09-01 --dry-run
    """
    from schooldigital.importing.information import import_information as run

    _run(
        run,
        file,
        dry_run,
        commit,
        message,
        fmt,
        date_format=date_format,
        skip=skip_column,
        column=column,
        default=default,
        sheet=sheet,
        header_row=header_row,
    )


def _run(
    run: Any, file: Path, dry_run: bool, commit: bool | None, message: str | None, fmt: Format, **options: Any
) -> None:
    from schooldigital.edit.common import parse_assignments

    kwargs = dict(options)
    kwargs["skip_columns"] = kwargs.pop("skip") or ()
    kwargs["columns"] = _pairs("--column", kwargs.pop("column"))
    kwargs["defaults"] = parse_assignments(kwargs.pop("default") or ())
    if dry_run:
        from schooldigital.cli.common import root

        with progress(PROGRESS_MIN_ROWS) as update:
            result = run(root(), file, dry_run=True, progress=update, **kwargs)
        _report(result, ids=fmt is Format.text)
        if fmt is Format.json:
            emit_json(
                {
                    "dry_run": True,
                    "created": result.added,
                    "changed": result.updated,
                    "files": [],
                    "commit": None,
                    **_details(result),
                }
            )
        return
    with mutation(commit, message, fmt) as change:
        with progress(PROGRESS_MIN_ROWS) as update:
            result = run(change.root, file, progress=update, **kwargs)
        change.done(result.written, result.summary, created=result.added, changed=result.updated)
        change.details.update({"dry_run": False, **_details(result)})
        for rid in [*result.added, *result.updated]:
            change.say(rid)
        _report(result, ids=False)


def _pairs(option: str, given: list[str] | None) -> dict[str, str]:
    """`A=b` options as a dict; the header or label may itself hold `=` only before the last one."""
    from schooldigital.errors import UserError

    out = {}
    for text in given or ():
        left, sep, right = text.rpartition("=")
        if not sep or not left.strip() or not right.strip():
            example = "'Serial No=serial'" if option == "--column" else "'Out for Diagnostics=in_repair'"
            raise UserError(f"{option} {text!r}: expected NAME=VALUE, e.g. {option} {example}")
        out[left.strip()] = right.strip()
    return out


def _report(result: Any, ids: bool) -> None:
    from schooldigital.cli.common import print_problems

    print_problems(result.warnings)
    if result.read_as:
        err(f"read {result.read_as}")
    if result.skipped_columns:
        err(f"skipped columns (no place in the register): {', '.join(result.skipped_columns)}")
    verb = ("would add", "would update") if result.dry_run else ("added", "updated")
    parts = [f"{verb[0]} {len(result.added)}"]
    if result.updated or result.unchanged:
        parts.append(f"{verb[1]} {len(result.updated)}")
    if result.unchanged:
        parts.append(f"{len(result.unchanged)} unchanged")
    err(("dry run, nothing written: " if result.dry_run else "") + ", ".join(parts))
    if ids and (result.added or result.updated):  # a real import prints them once written (`Mutation.say`)
        typer.echo("\n".join([*result.added, *result.updated]))  # one write: an import may add 100,000


def _details(result: Any) -> dict[str, Any]:
    """What `--format json` adds to the ids and files: rows left as they were, how the file was read, warnings."""
    return {
        "unchanged": list(result.unchanged),
        "read_as": result.read_as,
        "skipped_columns": list(result.skipped_columns),
        "problems": [p.to_dict() for p in result.warnings],
    }
