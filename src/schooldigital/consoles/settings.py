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

Read like every school file: regular files inside the school only, bounded size and aliases, no tags. `sd validate`
reports every problem in it at its line and column (`validate_part`); `sd assets reconcile` refuses to run on them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schooldigital.consoles import columns
from schooldigital.consoles.ossupport import OS_NAMES, OsRow, parse_rows
from schooldigital.dateformats import EXPECTED, format_problem
from schooldigital.errors import InvalidData
from schooldigital.importing.profiles import column_complaints
from schooldigital.models.base import ID_PATTERN
from schooldigital.problems import Problem, Source, did_you_mean, excerpt
from schooldigital.store.files import DISK, Files
from schooldigital.store.records import RawRecord

if TYPE_CHECKING:
    from schooldigital.registers import Registers

FILE = "consoles.yaml"
KEYS = ("profiles", "os_support")
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
    """The school's consoles.yaml, or empty settings when it has none; InvalidData with every problem otherwise."""
    settings, problems = read(root)
    if problems:
        raise InvalidData(problems)
    return settings


def validate_part(regs: Registers) -> list[Problem]:
    """Part validator (`validation.PART_VALIDATORS`): `sd validate` reports consoles.yaml's problems too."""
    return read(regs.root, regs.files)[1]


def read(root: Path, files: Files = DISK) -> tuple[Settings, list[Problem]]:
    """What validates in consoles.yaml and a problem, at its line and column, for everything that does not.

    The file is read like every school file (`files.within(root)`): a regular file inside the school, size and
    aliases bounded, no tags. Absent, it is empty settings and no problem."""
    from schooldigital.store import yamlio

    files = files.within(root)
    path = root / FILE
    if not files.exists(path):
        return Settings(), []
    raw, problems = yamlio.load_mapping(path, Source(FILE), files)
    if raw is None:
        return Settings(), problems
    settings = Settings()
    for key in raw.data:
        if key not in KEYS:
            hint = did_you_mean(str(key), KEYS)
            msg = f"unknown key `{excerpt(str(key))}`{hint}; expected {', '.join(KEYS)}"
            problems.append(Problem(raw.source_of((str(key),)), "unknown-field", msg))
    if "os_support" in raw.data:
        rows = raw.data["os_support"]
        settings.os_rows, found = parse_rows(rows, lambda where: raw.source_of(("os_support", *where)), True)
        problems += found
    profiles = raw.data.get("profiles") or {}
    if not isinstance(profiles, dict):
        msg = "`profiles:` is not a mapping; expected one entry per console, named as `--source` gives it"
        problems.append(Problem(raw.source_of(("profiles",)), "type-invalid", msg))
        profiles = {}
    for name, body in profiles.items():
        profile, found = _profile(raw, str(name), body)
        problems += found
        if profile is not None:
            settings.profiles[profile.name] = profile
    return settings, problems


def _profile(raw: RawRecord, name: str, body: Any) -> tuple[Profile | None, list[Problem]]:
    """One profile, or None and why not."""

    def at(*path: str | int) -> Source:
        return raw.source_of(("profiles", name, *path))

    shown = excerpt(name)
    if not re.fullmatch(ID_PATTERN, name) or len(name) > 64:
        msg = f"profile `{shown}`: not a usable name; expected letters, digits, `-`, `_` or `.` (it is recorded)"
        return None, [Problem(at(), "value-invalid", msg)]
    if name in columns.SOURCES:
        msg = f"profile `{name}` has the name of a console sd knows; expected another name"
        return None, [Problem(at(), "value-invalid", msg)]
    if not isinstance(body, dict):
        msg = f"profile `{name}` is not a mapping; expected {', '.join(PROFILE_KEYS)}"
        return None, [Problem(at(), "type-invalid", msg)]
    mapped, complaints = column_complaints(name, body, PROFILE_KEYS, columns.FIELDS)
    problems = [Problem(at(*path), code, msg) for path, code, msg in complaints]
    if "serial" not in mapped.values():
        msg = f"profile `{name}` maps no column to `serial`; expected `Your serial header: serial` under `columns:`"
        problems.append(Problem(at("columns") if "columns" in body else at(), "missing-field", msg))
    platforms = _platforms(name, body.get("platforms"), at, problems)
    date_format = body.get("date_format")
    if date_format is not None:
        reason = format_problem(str(date_format))
        if reason:
            msg = f"profile `{name}`: `date_format` {excerpt(str(date_format))!r}: {reason}; {EXPECTED}"
            problems.append(Problem(at("date_format"), "value-invalid", msg))
    if problems:
        return None, problems
    return Profile(name, mapped, platforms, str(date_format) if date_format else None), []


def _platforms(name: str, given: Any, at: Callable[..., Source], problems: list[Problem]) -> tuple[str, ...]:
    """The platforms a profile's console manages; a problem for none, or for one sd does not know."""
    expected = f"expected a list from {', '.join(OS_NAMES)}, e.g. `platforms: [ipados]`"
    if given in (None, "", []):
        problems.append(Problem(at(), "missing-field", f"profile `{name}` has no `platforms:`; {expected}"))
        return ()
    if not isinstance(given, list):
        problems.append(
            Problem(at("platforms"), "type-invalid", f"profile `{name}`: `platforms:` is not a list; {expected}")
        )
        return ()
    for index, platform in enumerate(given):
        if str(platform) not in OS_NAMES:
            shown = excerpt(str(platform))
            msg = f"profile `{name}`: platform `{shown}`{did_you_mean(shown, OS_NAMES)}; {expected}"
            problems.append(Problem(at("platforms", index), "choice-invalid", msg))
    return tuple(str(p) for p in given)
