"""The school's consoles.yaml: profiles for consoles sd does not know, and its own OS end-of-support rows.

    profiles:
      mosyle:                       # sd assets reconcile export.csv --source mosyle
        platforms: [ipados]         # what the console manages (chromeos, windows, ipados, ios, macos)
        date_format: "%d/%m/%Y"     # optional, when its dates are neither ISO nor dd/mm/yyyy
        columns:                    # the file's header -> a field (see the README table), or `drop`
          Serial Number: serial
          Last Seen: last_seen
    os_support:                     # rows in the shape of the package's table; they win over it
      - {os: windows, version: "10.0.19045", name: Windows 10 22H2 with ESU, edition: all, end: 2028-10-10}

Read like every school file: regular files inside the school only, bounded YAML, no tags or anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schooldigital.consoles import columns
from schooldigital.consoles.ossupport import OS_NAMES, OsRow, parse_rows
from schooldigital.errors import UserError
from schooldigital.importing.profiles import profile_columns
from schooldigital.models.base import ID_PATTERN
from schooldigital.problems import Source

FILE = "consoles.yaml"
PROFILE_KEYS = ("platforms", "date_format", "columns")


@dataclass(frozen=True)
class Profile:
    name: str
    columns: dict[str, str]
    platforms: tuple[str, ...]
    date_format: str | None = None


@dataclass
class Settings:
    profiles: dict[str, Profile] = field(default_factory=dict)
    os_rows: list[OsRow] = field(default_factory=list)


def load(root: Path) -> Settings:
    """The school's consoles.yaml, or empty settings when it has none. UserError naming the problem otherwise."""
    from schooldigital.store import yamlio

    path = root / FILE
    if not path.exists():
        return Settings()
    raw, problems = yamlio.load_mapping(path, Source(FILE))
    if raw is None:
        raise UserError(str(problems[0]) if problems else f"cannot read {FILE}")
    unknown = [str(k) for k in raw.data if k not in ("profiles", "os_support")]
    if unknown:
        raise UserError(f"{FILE}: unknown key(s) {', '.join(unknown)}; expected profiles, os_support")
    settings = Settings()
    if "os_support" in raw.data:
        settings.os_rows = parse_rows(raw.data["os_support"], FILE, True)
    for name, body in (raw.data.get("profiles") or {}).items():
        settings.profiles[str(name)] = _profile(str(name), body)
    return settings


def _profile(name: str, body: Any) -> Profile:
    if not re.fullmatch(ID_PATTERN, name) or len(name) > 64:
        raise UserError(f"{FILE}: profile `{name}`: name it with letters, digits, `-`, `_` or `.` (it is recorded)")
    if name in columns.SOURCES:
        raise UserError(f"{FILE}: profile `{name}` has the name of a console sd knows; name it differently")
    if not isinstance(body, dict):
        raise UserError(f"{FILE}: profile `{name}` must be a mapping with {', '.join(PROFILE_KEYS)}")
    mapped = profile_columns(FILE, name, body, PROFILE_KEYS, columns.FIELDS)
    if "serial" not in mapped.values():
        raise UserError(f"{FILE}: profile `{name}` must map the serial number column to `serial`")
    platforms = tuple(str(p) for p in body.get("platforms") or ())
    wrong = [p for p in platforms if p not in OS_NAMES]
    if not platforms or wrong:
        raise UserError(f"{FILE}: profile `{name}` needs `platforms:` from {', '.join(OS_NAMES)}")
    date_format = body.get("date_format")
    return Profile(name, mapped, platforms, str(date_format) if date_format else None)
