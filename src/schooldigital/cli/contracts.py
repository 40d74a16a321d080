"""`sd contracts`: the contracts register from the terminal."""

from __future__ import annotations

import typer

app = typer.Typer(help="The contracts register.", no_args_is_help=True)
