"""`sd validate`: every problem in the school repository, at once, with file and line."""

from __future__ import annotations

import typer

from schooldigital.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    FormatOpt,
    IgnoreOpt,
    MaxErrorsOpt,
    ProblemFormat,
    SelectOpt,
    err,
    hard_exit,
    print_problems,
    root,
    short_lived,
)


def validate(
    fmt: FormatOpt = ProblemFormat.text,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    max_errors: MaxErrorsOpt = 1000,
) -> None:
    """Check every register: syntax, types, unknown fields, duplicates, references and dates.

    Exit status 0 when valid, 2 when anything is wrong. Example: sd validate --ignore duplicate-serial
    """
    from schooldigital.problems import has_errors, pick
    from schooldigital.validation import validate_school

    short_lived()
    result = validate_school(root(), asset_models=False)
    problems = pick(result.problems, select or (), ignore or ())
    print_problems(problems, fmt, max_errors)
    invalid = result.registers is None or has_errors(problems)
    if fmt is ProblemFormat.text and not invalid:
        err(f"ok: {_summary(result.registers)}")
    code = EXIT_INVALID if invalid else EXIT_OK
    hard_exit(code)  # nothing was written: skip freeing 100k rows' worth of objects
    raise typer.Exit(code)


def _summary(regs) -> str:  # type: ignore[no-untyped-def]
    return (
        f"{regs.asset_count} assets, {len(regs.contracts)} contracts, {len(regs.information_assets)} information assets"
    )
