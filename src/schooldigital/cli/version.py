"""`sd --version`: what a bug report needs, printed without loading the library.

The catalogue revision is read from the `revision:` line of the packaged standards file rather than by
parsing it: `--version` must stay as fast as `--help` (no YAML parser, no Pydantic).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

import schooldigital

CATALOGUE = Path(schooldigital.__file__).parent / "data" / "standards.yaml"


def catalogue_revision(path: Path = CATALOGUE) -> str:
    """The `revision:` of the packaged standards catalogue, or `unknown` when the file lacks one."""
    try:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.startswith("revision:"):
                    return line.partition(":")[2].strip().strip("'\"")
    except OSError:
        pass
    return "unknown"


def version_text() -> str:
    return "\n".join(
        [
            f"sd {schooldigital.__version__}",
            f"standards catalogue: {catalogue_revision()}",
            f"python {sys.version.split()[0]} ({sys.implementation.name})",
        ]
    )


def show_version(ctx: Any, value: bool) -> None:
    """Eager `--version` callback: print and stop. Silent while completing, or Tab would offer the text."""
    if value and not ctx.resilient_parsing:
        typer.echo(version_text())
        raise typer.Exit()
