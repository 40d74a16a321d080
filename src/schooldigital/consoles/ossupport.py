"""When an operating-system version stops getting security updates: the package's dated table, and the school's.

Why a table in the package the school can extend: vendors publish Windows dates but not Apple's, and dates
move (a new release, an extension); the termly review updates `os_support:` in consoles.yaml without waiting
for a release of sd. The school's rows come first, so they override the package's for the same version.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from schooldigital.errors import UserError
from schooldigital.problems import Problem, Source, did_you_mean, excerpt

OS_NAMES = {"windows": "Windows", "ipados": "iPadOS", "ios": "iOS", "macos": "macOS", "chromeos": "ChromeOS"}
EDITIONS = ("all", "education", "pro")
BASES = ("vendor-date", "os-policy")


@dataclass(frozen=True)
class OsRow:
    os: str
    version: tuple[str, ...]
    name: str
    edition: str
    end: dt.date
    basis: str
    sure: str
    school: bool = False  # from the school's consoles.yaml rather than the package


ROW_KEYS = ("os", "version", "name", "edition", "end", "basis", "sure")
Where = Callable[[tuple[str | int, ...]], Source]


def parse_rows(rows: Any, at: Where, school: bool) -> tuple[list[OsRow], list[Problem]]:
    """The rows of an `os_support:` list, and a problem for every wrong value; `at` places a path such as
    (2, "end") (row 3's end) in the file. A row with a problem is left out."""
    if not isinstance(rows, list):
        example = '`- {os: windows, version: "10.0.19045", end: 2028-10-10}`'
        return [], [Problem(at(()), "type-invalid", f"`os_support:` is not a list; expected rows such as {example}")]
    out, problems = [], []
    for index, row in enumerate(rows):
        found = _row_problems(row, index, at)
        if found:
            problems += found
            continue
        os_name, version = str(row["os"]), str(row["version"])
        name = str(row.get("name") or f"{OS_NAMES[os_name]} {version}")
        edition, basis = str(row.get("edition", "all")), str(row.get("basis", "vendor-date"))
        sure = str(row.get("sure", ""))
        out.append(OsRow(os_name, tuple(version.split(".")), name, edition, row["end"], basis, sure, school))
    return out, problems


_WANTED = {
    "os": "one of " + ", ".join(OS_NAMES),
    "version": "a dotted version such as `10.0.22631` or `17`",
    "end": "the last day of updates, YYYY-MM-DD",
    "edition": "one of " + ", ".join(EDITIONS),
    "basis": "one of " + ", ".join(BASES),
}


def _row_problems(row: Any, index: int, at: Where) -> list[Problem]:
    what = f"os_support row {index + 1}"
    if not isinstance(row, dict):
        example = '`{os: windows, version: "10.0.19045", end: 2028-10-10}`'
        return [Problem(at((index,)), "type-invalid", f"{what} is not a mapping; expected {example}")]
    problems: list[Problem] = []

    def add(key: str, code: str, wrong: str) -> None:
        path = (index, key) if key in row else (index,)
        problems.append(Problem(at(path), code, f"{what}: {wrong}; expected {_WANTED.get(key, ', '.join(ROW_KEYS))}"))

    for key in row:
        if key not in ROW_KEYS:
            add(str(key), "unknown-field", f"unknown key `{excerpt(str(key))}`{did_you_mean(str(key), ROW_KEYS)}")
    shown = {key: excerpt(str(value)) for key, value in row.items() if key in ROW_KEYS}
    for key in ("os", "version", "end"):
        if row.get(key) in (None, ""):
            add(key, "missing-field", f"no `{key}:`")
    for key, allowed in (("os", OS_NAMES), ("edition", EDITIONS), ("basis", BASES)):
        if row.get(key) not in (None, "") and str(row[key]) not in allowed:
            add(key, "choice-invalid", f"`{key}` `{shown[key]}`{did_you_mean(shown[key], allowed)}")
    if row.get("version") not in (None, "") and not re.fullmatch(r"\d+(\.\d+)*", str(row["version"])):
        add("version", "value-invalid", f"`version` `{shown['version']}`")
    end = row.get("end")
    if end not in (None, "") and (not isinstance(end, dt.date) or isinstance(end, dt.datetime)):
        add("end", "date-invalid", f"`end` `{shown['end']}` is not a date")
    return problems


def package_rows() -> tuple[list[OsRow], dt.date | None]:
    """The table shipped with sd and the day it was last checked."""
    from schooldigital.store import yamlread
    from schooldigital.store.records import RawRecord

    source = Source("os-support.yaml")
    text = resources.files("schooldigital").joinpath("data/os-support.yaml").read_text(encoding="utf-8")
    doc, _ = yamlread.compose(text, source)  # sd's own file, checked by its tests
    data, positions = yamlread.plain_with_positions(doc)
    raw = RawRecord(data, source, positions)
    rows, problems = parse_rows(data["os_support"], lambda path: raw.source_of(("os_support", *path)), False)
    if problems:
        raise UserError(f"sd's own {problems[0]}; please report it")
    checked = data.get("checked_on")
    return rows, checked if isinstance(checked, dt.date) else None


class OsTable:
    """Finds the row for an OS, version and edition: the longest version prefix, school rows first."""

    def __init__(self, rows: list[OsRow]) -> None:
        self.rows = rows
        self._cache: dict[tuple[str, str, str], OsRow | None] = {}

    def find(self, os_name: str, version: str, edition: str) -> OsRow | None:
        """The row that applies; an unknown edition takes the earlier date of the two (the safe side)."""
        cache_key = (os_name, version, edition)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._find(os_name, version, edition)
        return self._cache[cache_key]

    def _find(self, os_name: str, version: str, edition: str) -> OsRow | None:
        parts = tuple(re.findall(r"\d+", version))
        matching = [
            r
            for r in self.rows
            if r.os == os_name
            and parts[: len(r.version)] == r.version
            and (not edition or r.edition in ("all", edition))
        ]
        if any(r.school for r in matching):
            matching = [r for r in matching if r.school]
        if not matching:
            return None
        longest = max(len(r.version) for r in matching)
        return min((r for r in matching if len(r.version) == longest), key=lambda r: r.end)


def edition_of(sku: str) -> str:
    """Intune's SkuFamily as a servicing clock: Enterprise/Education 36 months, others 24; "" when not given."""
    low = sku.casefold()
    if not low:
        return ""
    return "education" if ("enterprise" in low or "education" in low) and "pro" not in low else "pro"
