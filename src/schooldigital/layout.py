"""Where things live in a school data repository, and how `sd` finds the repository it works on.

The root is the nearest folder upward holding `school.yaml`, unless `--root` or SD_ROOT names one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from schooldigital.errors import UserError

SCHOOL_FILE = "school.yaml"
REGISTERS = "registers"
ASSETS_CSV = f"{REGISTERS}/assets.csv"
ASSETS_YAML = f"{REGISTERS}/assets.yaml"
CONTRACTS = f"{REGISTERS}/contracts.yaml"
INFORMATION_ASSETS = f"{REGISTERS}/information-assets.yaml"
LOCATIONS = f"{REGISTERS}/locations.yaml"
PEOPLE = f"{REGISTERS}/people.yaml"
SUPPLIERS = f"{REGISTERS}/suppliers.yaml"
MODELS = f"{REGISTERS}/models.yaml"
CACHE_DIR = ".sd-cache"


class RootNotFound(UserError):
    """No school.yaml above the working directory and none named."""


def find_root(explicit: Path | str | None = None, start: Path | None = None) -> Path:
    """The school root: `explicit` (or SD_ROOT) if given, else the nearest parent with school.yaml."""
    named = explicit or os.environ.get("SD_ROOT")
    if named:
        root = Path(named).expanduser()
        if not (root / SCHOOL_FILE).is_file():
            raise RootNotFound(f"{root} has no {SCHOOL_FILE}; is it a school data repository?")
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SCHOOL_FILE).is_file():
            return folder
    raise RootNotFound(
        f"no {SCHOOL_FILE} in {here} or any folder above it; run sd inside a school data repository, "
        "pass --root DIR, or set SD_ROOT"
    )


def assets_file(root: Path, files: Any = None) -> Path:
    """assets.csv is the default; a school may keep assets.yaml instead (never both).

    `files` (a `store.files.Files`) decides what exists, so a git revision or pending write is seen.
    """
    exists = files.exists if files is not None else Path.exists
    csv_path, yaml_path = root / ASSETS_CSV, root / ASSETS_YAML
    return yaml_path if exists(yaml_path) and not exists(csv_path) else csv_path
