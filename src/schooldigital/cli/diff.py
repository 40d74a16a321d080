"""`sd diff` (register changes between revisions) and `sd merge-driver` (git's record-by-record merge)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schooldigital.cli.common import root
from schooldigital.cli.output import Format, emit_json, format_option


def diff(
    rev_a: Annotated[
        str | None, typer.Argument(metavar="[REV_A]", help="Old side (default: merge-base with main).")
    ] = None,
    rev_b: Annotated[
        str | None, typer.Argument(metavar="[REV_B]", help="New side (default: the working tree).")
    ] = None,
    fmt: Annotated[
        Format,
        format_option(
            Format.text, Format.markdown, Format.json, help="text, markdown (a pull-request comment) or json."
        ),
    ] = Format.text,
) -> None:
    """What changed in the registers between two revisions, in plain words.

    Assets added, disposed, moved or reassigned; contracts added or ended; values and dates changed
    (old -> new); information assets added or reviewed; survey rounds added; register files renamed.
    Example: sd diff main --format markdown
    """
    from schooldigital.git.diffing import diff_school, render_md, render_text

    result = diff_school(root(), rev_a, rev_b)
    if fmt is Format.json:
        emit_json(result.to_dict())
    else:
        typer.echo(render_md(result) if fmt is Format.markdown else render_text(result), nl=False)


def merge_driver(
    base: Annotated[Path, typer.Argument(help="%O: the common ancestor's version.")],
    ours: Annotated[Path, typer.Argument(help="%A: our version; the result is written here.")],
    theirs: Annotated[Path, typer.Argument(help="%B: their version.")],
    name: Annotated[str, typer.Argument(help="%P: the file's path: says which register it is.")] = "assets.csv",
) -> None:
    """Git merge driver for every register: merges records by id and fields within records (set up by sd init).

    An id both branches added is renumbered on the incoming side (`renumbered_from` marks it); a field
    changed two ways is a conflict on that field alone. Example: sd merge-driver %O %A %B %P
    """
    from schooldigital.git.merging import merge_driver as run

    raise typer.Exit(run(base, ours, theirs, name))
