"""`sd schema`: JSON Schema for editor completion."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schooldigital.cli.common import dump_json, fail


def schema(
    register: Annotated[
        str | None, typer.Argument(help="One register (assets, contracts, ...); all if omitted.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write one <register>.schema.json per register here.")
    ] = None,
) -> None:
    """Print the JSON Schema of the registers, for editor completion and validation.

    Example: sd schema --out .schemas  (then point VS Code's yaml.schemas at .schemas/contracts.schema.json)
    """
    import json

    from schooldigital.schema import all_schemas

    schemas = all_schemas()
    if register is not None:
        if register not in schemas:
            fail(f"no register `{register}`; expected one of {', '.join(schemas)}")
        schemas = {register: schemas[register]}
    if out is None:
        dump_json(schemas[register] if register else schemas)
        return
    from schooldigital.store.atomic import atomic_write

    for name, body in schemas.items():
        atomic_write(out / f"{name}.schema.json", json.dumps(body, indent=2) + "\n")
        typer.echo(out / f"{name}.schema.json")
