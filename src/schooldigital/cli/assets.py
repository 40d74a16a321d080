"""`sd assets`: the assets register from the terminal."""

from __future__ import annotations

import typer

app = typer.Typer(help="The assets register.", no_args_is_help=True)
