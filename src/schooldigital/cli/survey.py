"""`sd survey`: staff digital-literacy surveys (import a Forms export, school report, CPD plan, profile)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from schooldigital.cli.common import (
    EXIT_ATTENTION,
    CommitOpt,
    HeaderRowOpt,
    MessageOpt,
    SheetOpt,
    WriteFormatOpt,
    date_format_option,
    err,
    mutation,
    print_problems,
    root,
)
from schooldigital.cli.output import Format, emit_json, format_option
from schooldigital.cli.report import OutputOpt, ReportFormatOpt, TodayOpt

app = typer.Typer(help="Staff digital-literacy surveys (DigiLit Leicester, DigCompEdu).", no_args_is_help=True)


class Kind(StrEnum):
    statements = "statements"
    levels = "levels"


class Department(StrEnum):
    prefer = "prefer"
    require = "require"
    any = "any"


RoundOpt = Annotated[str | None, typer.Option("--round", help="Round id (default: the latest round).")]


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(help="Forms export: Microsoft Forms .xlsx, Google Sheets .xlsx/.ods/CSV, or a levels CSV."),
    ],
    round_id: Annotated[str, typer.Option("--round", help="Round id to store, e.g. 2026-summer.")],
    framework: Annotated[str | None, typer.Option("--framework", help="Framework id (default: school.yaml).")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="Mapping file for this form's columns.")] = None,
    date_format: Annotated[
        str | None,
        typer.Option(
            "--date-format",
            help="strptime format of the timestamps, e.g. %m/%d/%Y %H:%M:%S.",
            callback=date_format_option,
        ),
    ] = None,
    kind: Annotated[Kind | None, typer.Option("--kind", help="statements (answers) or levels (self-placed).")] = None,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Store the good rows; report the bad.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check the export and write nothing.")] = False,
    eligible: Annotated[int | None, typer.Option("--eligible", min=1, help="Staff invited to answer.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Round date YYYY-MM-DD (default: last answer).")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite an existing round.")] = False,
    ids_are_pseudonyms: Annotated[
        bool, typer.Option("--ids-are-pseudonyms", help="The ids are already this school's r-… pseudonyms.")
    ] = False,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Check a survey export and store it as a round of pseudonymous answers under surveys/rounds/.

    Every bad cell is reported as file:row:column; nothing is stored unless every row passes (or --skip-invalid).
    Exit 0 when stored, 1 when rows were skipped, 2 when nothing was stored.
    Example: sd survey import responses.csv --round 2026-summer --mapping surveys/mappings/riverside-google.yaml
    Example: sd survey import "Staff digital survey.xlsx" --round 2026-summer --dry-run
    """
    from schooldigital.errors import UserError
    from schooldigital.survey.importer import import_round

    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise UserError(f"--date {date!r} is not a date; use YYYY-MM-DD") from None
    options = {
        "framework_id": framework,
        "mapping_file": mapping,
        "date_format": date_format,
        "kind": kind.value if kind else None,
        "skip_invalid": skip_invalid,
        "eligible": eligible,
        "date": day,
        "replace": replace,
        "sheet": sheet,
        "header_row": header_row,
        "ids_are_pseudonyms": ids_are_pseudonyms,
    }
    if dry_run:
        result = import_round(root(), file, round_id, dry_run=True, **options)  # type: ignore[arg-type]
        if fmt is Format.json:
            emit_json(
                {
                    "dry_run": True,
                    "created": [round_id],
                    "changed": [],
                    "files": [],
                    "commit": None,
                    **_imported(result),
                }
            )
    else:
        with mutation(commit, message, fmt) as m:
            result = import_round(m.root, file, round_id, **options)  # type: ignore[arg-type]
            m.done(result.written, f"survey: import round {round_id} ({result.respondents} respondents)")
            (m.changed if replace else m.created).append(round_id)
            m.details.update({"dry_run": False, **_imported(result)})
    print_problems(result.problems)
    err(f"read {result.read_as}")
    verb = "would store" if dry_run else "stored"
    skipped = f"; skipped {len(result.skipped_lines)} invalid row(s)" if result.skipped_lines else ""
    err(f"{verb} {result.respondents} respondents as round {round_id} ({result.framework_id}, {result.kind}){skipped}")
    if result.skipped_lines:
        raise typer.Exit(EXIT_ATTENTION)


def _imported(result) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What `sd survey import --format json` says beside the round id and the files."""
    return {
        "respondents": result.respondents,
        "framework": result.framework_id,
        "kind": result.kind,
        "skipped_lines": list(result.skipped_lines),
        "problems": [p.to_dict() for p in result.problems],
    }


@app.command("report")
def report(
    round_id: RoundOpt = None,
    compare: Annotated[
        str | None, typer.Option("--compare", help="An earlier round id (or `previous`) for year-on-year change.")
    ] = None,
    fmt: ReportFormatOpt = Format.markdown,
    output: OutputOpt = None,
    today: TodayOpt = None,
) -> None:
    """The school's survey report: participation, levels per strand, headlines, breakdowns and change.

    Example: sd survey report --compare 2025-summer --format html --output survey.html
    """
    from schooldigital.cli.report import deliver, deliver_json, library_format, parse_today

    day = parse_today(today)
    if fmt is Format.json:
        from schooldigital.errors import UserError
        from schooldigital.survey.analysis import school_summary

        summary = school_summary(root(), round_id, compare)
        if summary is None:
            raise UserError("the school has no survey rounds yet; import one with `sd survey import`")
        deliver_json(summary.to_dict(), output, errors=None)
        return
    from schooldigital.survey.view import survey_report

    text = survey_report(root(), round_id, compare, library_format(fmt), day)
    deliver(text, "pdf" if fmt is Format.pdf else library_format(fmt), output)


@app.command("cpd")
def cpd(
    round_id: RoundOpt = None,
    cap: Annotated[
        int | None, typer.Option("--cap", min=1, help="Most mentees per mentor (default: school.yaml).")
    ] = None,
    department: Annotated[
        Department | None, typer.Option("--department", help="Mentor from the same department: prefer, require, any.")
    ] = None,
    fmt: Annotated[Format, format_option(Format.text, Format.json, help="text or json.")] = Format.text,
) -> None:
    """Per strand, staff at the bottom level paired with top-level mentors. For the school's own use only.

    Example: sd survey cpd --cap 2 --department require
    """
    from dataclasses import asdict

    from schooldigital.survey.cpd import cpd_plan
    from schooldigital.survey.view import cpd_text

    plan = cpd_plan(root(), round_id, cap, department.value if department else None)
    if fmt is Format.json:
        emit_json(asdict(plan))
    else:
        typer.echo(cpd_text(plan), nl=False)


@app.command("profile")
def profile(
    respondent: Annotated[str, typer.Argument(help="Pseudonym, staff code, or the email used in the form.")],
    round_id: RoundOpt = None,
    fmt: Annotated[Format, format_option(Format.text, Format.json, help="text or json.")] = Format.text,
) -> None:
    """One person's level per strand and the statements to work on for the next level.

    Example: sd survey profile r-1a2b3c4d5e6f
    """
    from dataclasses import asdict

    from schooldigital.survey.profile import profile as build
    from schooldigital.survey.view import profile_text

    prof = build(root(), respondent, round_id)
    if fmt is Format.json:
        emit_json(asdict(prof))
    else:
        typer.echo(profile_text(prof), nl=False)


@app.command("frameworks")
def frameworks(
    install: Annotated[
        list[str] | None, typer.Option("--install", help="Copy sd's file for this framework into the school.")
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite the school's copy.")] = False,
    fmt: Annotated[Format, format_option(Format.text, Format.json, help="text or json.")] = Format.text,
) -> None:
    """The frameworks sd ships and the ones this school has in surveys/frameworks/; --install adds one.

    Example: sd survey frameworks --install digilit-leicester
    """
    from schooldigital.survey.framework import framework_ids, install_framework, shipped_frameworks

    where = root()
    files = []
    for fw_id in install or []:
        files.append(install_framework(where, fw_id, replace=replace).relative_to(where).as_posix())
        err(f"installed {files[-1]}")
    have = set(framework_ids(where))
    rows = [{"id": fw_id, "in_school": fw_id in have} for fw_id in sorted(have | set(shipped_frameworks()))]
    if fmt is Format.json:
        emit_json({"frameworks": rows, "files": files})
        return
    for row in rows:
        state = "in this school" if row["in_school"] else "shipped with sd; add with --install"
        typer.echo(f"{row['id']}\t{state}")


@app.command("map")
def map_(
    file: Annotated[Path, typer.Argument(help="A sample export of the school's form (CSV or workbook).")],
    framework: Annotated[str | None, typer.Option("--framework", help="Framework id (default: school.yaml).")] = None,
    kind: Annotated[Kind | None, typer.Option("--kind", help="statements (answers) or levels (self-placed).")] = None,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
) -> None:
    """Draft a mapping file from a sample export, to check, edit and keep in surveys/mappings/.

    Example: sd survey map responses.csv > surveys/mappings/staff-form.yaml
    """
    from schooldigital.errors import InvalidData
    from schooldigital.registers import load_config
    from schooldigital.survey.columns import draft_mapping
    from schooldigital.survey.framework import load_framework
    from schooldigital.survey.importer import FORMS_HEADERS
    from schooldigital.tabular import read_table

    where = root()
    config, problems = load_config(where)
    if config is None:
        raise InvalidData(problems)
    fw, problems = load_framework(where, framework or config.survey.framework)
    if fw is None:
        raise InvalidData(problems)
    table = read_table(file, str(file), sheet=sheet, header_row=header_row, known=FORMS_HEADERS)
    chosen = kind.value if kind else ("levels" if fw.self_placed else "statements")
    typer.echo(draft_mapping(table.header, fw, chosen), nl=False)  # type: ignore[arg-type]
