"""`sd init`: create a new school data repository (git, registers, hooks and CI files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schooldigital.cli.common import WriteFormatOpt, err, interactive
from schooldigital.cli.output import Format, emit_json

PHASES = "nursery, primary, middle, secondary, all_through, special, alternative_provision, sixth_form, college"


def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="New or empty folder for the repository.")],
    name: Annotated[str | None, typer.Option("--name", help="The school's name.")] = None,
    urn: Annotated[str | None, typer.Option("--urn", help="The school's URN (6 or 7 digits).")] = None,
    phase: Annotated[str | None, typer.Option("--phase", help=f"One of: {PHASES}.")] = None,
    from_demo: Annotated[
        bool, typer.Option("--from-demo", help="Copy the demo school (Riverside Primary) instead of empty registers.")
    ] = False,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Create a school data repository: school.yaml, empty registers, hooks, CI files and a first commit.

    Asks for the school's name, URN and phase at a terminal; give them as options in scripts. With
    --from-demo, any of them given replaces the demo's in the copied school.yaml.
    Refuses to touch an existing repository or a folder that is not empty.
    Example: sd init riverside --name "Riverside Primary School" --urn 123456 --phase primary
    """
    from schooldigital.scaffold import init_school, next_steps

    if not from_demo and interactive():
        name = name or typer.prompt("School name", err=True)
        urn = urn or typer.prompt("URN (6 or 7 digits)", err=True)
        phase = phase or typer.prompt(f"Phase ({PHASES})", default="primary", err=True)
    made = init_school(directory, name, urn, phase, from_demo=from_demo)
    for path in made.files:
        err(f"created {path}")
    err(f"initialised {made.root} (first commit {made.commit}); next steps:")
    for step in next_steps(str(directory)):
        err(f"  {step}")
    if fmt is Format.json:
        emit_json({"created": [], "changed": [], "files": made.files, "commit": made.commit, "root": str(made.root)})
