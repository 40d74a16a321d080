"""`sd info`: the info register from the terminal."""

from __future__ import annotations

import typer

app = typer.Typer(help="The info register.", no_args_is_help=True)
