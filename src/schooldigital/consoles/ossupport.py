"""When an operating-system version stops getting security updates: the package's dated table, and the school's.

Why a table in the package the school can extend: vendors publish Windows dates but not Apple's, and dates
move (a new release, an extension); the termly review updates `os_support:` in consoles.yaml without waiting
for a release of sd. The school's rows come first, so they override the package's for the same version.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from schooldigital.errors import UserError

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


def parse_rows(rows: Any, where: str, school: bool) -> list[OsRow]:
    """Rows of an `os_support:` list; UserError naming the row for anything off."""
    if not isinstance(rows, list):
        raise UserError(f"{where}: `os_support:` must be a list of rows")
    out = []
    for index, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise UserError(f"{where}: os_support row {index} is not a mapping")
        os_name, version, end = str(row.get("os", "")), str(row.get("version", "")), row.get("end")
        edition, basis = str(row.get("edition", "all")), str(row.get("basis", "vendor-date"))
        if os_name not in OS_NAMES or not re.fullmatch(r"\d+(\.\d+)*", version) or not isinstance(end, dt.date):
            raise UserError(
                f"{where}: os_support row {index} needs os ({', '.join(OS_NAMES)}), a dotted version such as "
                f"`10.0.22631` or `17`, and `end: YYYY-MM-DD`"
            )
        if edition not in EDITIONS or basis not in BASES:
            raise UserError(f"{where}: os_support row {index}: edition is one of {', '.join(EDITIONS)}, basis "
                            f"one of {', '.join(BASES)}")  # fmt: skip
        name = str(row.get("name") or f"{OS_NAMES[os_name]} {version}")
        sure = str(row.get("sure", ""))
        out.append(OsRow(os_name, tuple(version.split(".")), name, edition, end, basis, sure, school))
    return out


def package_rows() -> tuple[list[OsRow], dt.date | None]:
    """The table shipped with sd and the day it was last checked."""
    from schooldigital.problems import Source
    from schooldigital.store import yamlread

    text = resources.files("schooldigital").joinpath("data/os-support.yaml").read_text(encoding="utf-8")
    doc, _ = yamlread.compose(text, Source("os-support.yaml"))  # sd's own file, checked by its tests
    data, _ = yamlread.plain_with_positions(doc)
    checked = data.get("checked_on")
    return parse_rows(data["os_support"], "os-support.yaml", False), checked if isinstance(checked, dt.date) else None


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
