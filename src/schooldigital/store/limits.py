"""Bounds on what sd will parse, so a hostile file fails fast instead of exhausting memory (issue 12).

The limits belong to the machine running sd, not to the data, so they are set by environment variables
and never by school.yaml (a pull request could otherwise raise them):

- SD_MAX_YAML_BYTES: largest YAML file read (default 20 MB);
- SD_MAX_CSV_BYTES: largest CSV file read (default 200 MB);
- SD_MAX_CELL_CHARS: longest CSV cell or YAML value (default 10,000 characters);
- SD_MAX_YAML_ALIASES: most alias uses (`*name`) in one YAML file (default 100), and the values they may
  add when expanded (SD_MAX_YAML_EXPANSION, default 10,000).
- SD_MAX_ZIP_ENTRIES, SD_MAX_ZIP_EXPANDED, SD_MAX_SHEET_CELLS: a workbook imported is a zip of XML; at most
  this many entries (default 10,000), this many bytes once expanded (default 512 MB), and rows x columns of
  its sheets (default 5,000,000: the workbook reader holds every sheet as a dense grid). Its file size is
  bounded by SD_MAX_CSV_BYTES like any import file.
"""

from __future__ import annotations

import os

MB = 1_000_000
DEFAULTS = {
    "SD_MAX_YAML_BYTES": 20 * MB,
    "SD_MAX_CSV_BYTES": 200 * MB,
    "SD_MAX_CELL_CHARS": 10_000,
    "SD_MAX_YAML_ALIASES": 100,
    "SD_MAX_YAML_EXPANSION": 10_000,
    "SD_MAX_ZIP_ENTRIES": 10_000,
    "SD_MAX_ZIP_EXPANDED": 512 * MB,
    "SD_MAX_SHEET_CELLS": 5_000_000,
}


def setting(name: str) -> int:
    """The limit `name` from the environment, or its default when unset or not a positive integer."""
    raw = os.environ.get(name, "").replace("_", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULTS[name]


def env_for(path: str) -> str:
    """The variable holding the size limit for a file of this kind (CSV by suffix; all else is YAML or text)."""
    return "SD_MAX_CSV_BYTES" if path.lower().endswith(".csv") else "SD_MAX_YAML_BYTES"


def max_bytes(path: str) -> int:
    return setting(env_for(path))


def describe_bytes(size: int) -> str:
    return f"{size / MB:g} MB" if size >= MB else f"{size} bytes"
