"""`sd validate`: every problem in the school repository, at once, with file and line."""

from __future__ import annotations

from typing import Annotated

import typer

from schooldigital.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    IgnoreOpt,
    MaxErrorsOpt,
    SelectOpt,
    err,
    hard_exit,
    print_problems,
    root,
    short_lived,
)
from schooldigital.cli.output import Format, format_option

ValidateFormatOpt = Annotated[
    Format,
    format_option(
        Format.text,
        Format.json,
        Format.github,
        Format.gitlab,
        help="text for people, json for programs, github (annotations on a pull request's lines) or gitlab "
        "(a Code Quality report for artifacts:reports:codequality).",
    ),
]


def validate(
    fmt: ValidateFormatOpt = Format.text,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    max_errors: MaxErrorsOpt = 1000,
) -> None:
    """Check every register: syntax, types, unknown fields, duplicates, references and dates.

    Exit status 0 when valid, 2 when anything is wrong. In CI, `--format github` puts each problem on its
    line of the pull request, and `--format gitlab > gl-code-quality-report.json` makes the merge request's
    Code Quality report (the problems are listed on stderr as well). Example: sd validate --ignore duplicate-serial
    """
    from schooldigital.problems import has_errors, pick
    from schooldigital.validation import validate_school

    short_lived()
    school = root()
    result = validate_school(school, asset_models=False)
    problems = pick(result.problems, select or (), ignore or ())
    if fmt in (Format.github, Format.gitlab):
        from schooldigital import ci_reports

        ordered = sorted(problems, key=lambda p: p.sort_key())
        prefix = ci_reports.repository_prefix(school)
        render = ci_reports.github_annotations if fmt is Format.github else ci_reports.gitlab_code_quality
        typer.echo(render(ordered[:max_errors], prefix), nl=False)
        print_problems(problems, Format.text, max_errors)  # the job's log, for people
    else:
        print_problems(problems, fmt, max_errors)
    invalid = result.registers is None or has_errors(problems)
    if fmt is not Format.json and not invalid:
        err(f"ok: {_summary(result.registers)}")
    code = EXIT_INVALID if invalid else EXIT_OK
    hard_exit(code)  # nothing was written: skip freeing 100k rows' worth of objects
    raise typer.Exit(code)


def _summary(regs) -> str:  # type: ignore[no-untyped-def]
    return (
        f"{regs.asset_count} assets, {len(regs.contracts)} contracts, {len(regs.information_assets)} information assets"
    )
