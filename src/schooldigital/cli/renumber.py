"""`sd assets renumber`: fix a duplicated asset id after a merge (registered in the `assets` group)."""

from __future__ import annotations

from typing import Annotated

import typer

from schooldigital.cli.common import CommitOpt, MessageOpt, WriteFormatOpt, err, mutation
from schooldigital.cli.output import Format


def renumber(
    asset_id: Annotated[
        str, typer.Argument(metavar="ID", help="The duplicated asset id, e.g. RP-00321.", show_default=False)
    ],
    to: Annotated[str | None, typer.Option("--to", help="New id (default: the next free one).")] = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Give the LATER row with a duplicated id the next free id, carrying its contract links with it.

    Run it when `sd validate` reports `duplicate-id` after merging two branches. With --to, renames any
    asset and every contract reference to it. Example: sd assets renumber RP-00321 --commit
    """
    from schooldigital.git.renumber import renumber_asset

    with mutation(commit, message, fmt) as change:
        written, summary = result = renumber_asset(change.root, asset_id, to)
        change.done(written, summary, changed=[result.id])
        change.details["renumbered_from"] = asset_id
    err(summary)
