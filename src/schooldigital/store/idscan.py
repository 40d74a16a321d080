"""Register ids read without loading the registers, for shell completion.

A line scan of the `id:` keys or the CSV id column, confined to the school root and size-limited like every
read (store/files.py), never a full load (no YAML parser, no Pydantic): a 10,000-asset school answers a Tab
at once. It may offer an id a full validation would reject; completion only suggests.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

# YAML registers read by kind (paths from the school root).
YAML_REGISTERS = {
    "contract": "registers/contracts.yaml",
    "information": "registers/information-assets.yaml",
    "location": "registers/locations.yaml",
    "person": "registers/people.yaml",
    "supplier": "registers/suppliers.yaml",
    "model": "registers/models.yaml",
    "leader": "leaders/roster.yaml",
    "job": "leaders/jobs.yaml",
    "plan": "leaders/plan.yaml",
    "question": "leaders/questions.yaml",
    "idea": "leaders/ideas.yaml",
    "badge": "leaders/badges.yaml",
    "award": "leaders/awards.yaml",
}
# survey.responses' ROUNDS_DIR and META_FILE, not imported: that module loads Pydantic (a test checks they agree).
ROUNDS_DIR, META_FILE = "surveys/rounds", "round.yaml"
# A record's id: `- id: x` starting a top-level list item, or `  id: x` as another key of one.
_YAML_ID = re.compile(r"^(?:- |  )id:[ \t]*(['\"]?)([^'\"#\s]+)\1[ \t]*(?:#.*)?$", re.MULTILINE)


def register_ids(root: Path, kind: str) -> list[str]:
    """The ids of one register (or survey rounds), in file order, read without loading the register."""
    if kind == "asset":
        from schooldigital.layout import assets_file

        path = assets_file(root)
        return _yaml_ids(root, path) if path.suffix == ".yaml" else _csv_ids(root, path)
    if kind == "holder":  # assigned_to takes person:<id> or room:<location>
        people = (f"person:{p}" for p in register_ids(root, "person"))
        return [*people, *(f"room:{r}" for r in register_ids(root, "location"))]
    if kind == "recipient":
        return [*register_ids(root, "leader"), *register_ids(root, "person")]
    if kind == "round":
        return _round_ids(root)
    return _yaml_ids(root, root / YAML_REGISTERS[kind])


def _read(root: Path, path: Path) -> str:
    from schooldigital.store.files import read_regular

    if not path.exists():
        return ""
    return read_regular(path, root.resolve()).decode("utf-8-sig")


def _yaml_ids(root: Path, path: Path) -> list[str]:
    return _unique(m.group(2) for m in _YAML_ID.finditer(_read(root, path)))


def _csv_ids(root: Path, path: Path) -> list[str]:
    rows = csv.reader(io.StringIO(_read(root, path)))
    header = next(rows, [])
    if "id" not in header:
        return []
    at = header.index("id")
    return _unique(row[at].strip() for row in rows if len(row) > at)


def _round_ids(root: Path) -> list[str]:
    folder = root / ROUNDS_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(d.name for d in folder.iterdir() if d.is_dir() and not d.is_symlink() and (d / META_FILE).is_file())


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
