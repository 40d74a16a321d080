"""`sd leaders import-applications`: the online application form's responses as applicants.

Read exactly like `sd jobs import` (`jobs.read_export`) through a profile in `leaders/applications-import.yaml`
(header -> field: submitted_on, display, year_group, class, method, or drop). Email columns are never
read. A name column may be mapped to `display` only, and is reduced at once to the roster label (first name
and the initial of the last: `Amira Khan` -> `Amira K`), so no surname reaches the repository. A response
whose label already applied that day is skipped, so importing the whole export again adds nothing twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from schooldigital.errors import UserError
from schooldigital.leaders import commands, jobs, store
from schooldigital.leaders import models as m
from schooldigital.leaders.privacy import clean
from schooldigital.problems import Problem

FIELDS = ("submitted_on", "display", "year_group", "class", "method")
_YEAR = re.compile(r"(\d{1,2})")


@dataclass
class ApplicationsImport:
    written: list[Path] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    skipped: int = 0
    dropped_columns: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return f"leaders: import {len(self.added)} new application(s), {self.skipped} already imported"


def label(name: str) -> str:
    """`Amira Khan` -> `Amira K`; a single word stays as it is (the form asked for a first name only)."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    if len(words) < 2:
        return words[0] if words else ""
    return f"{words[0]} {words[-1][0].upper()}"


def year_group(text: str) -> int | None:
    """`Year 5`, `Y5`, `5` -> 5; `Reception` -> 0."""
    if text.strip().lower().startswith("rec"):
        return 0
    found = _YEAR.search(text)
    return int(found[1]) if found else None


def import_applications(
    root: Path,
    csv_path: Path,
    profile_name: str | None = None,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
) -> ApplicationsImport:
    """Add the form's new responses as applicants (a workbook or CSV, read as `sd jobs import` reads it)."""
    profile = jobs.load_profile(
        root, profile_name, store.APPLICATIONS_IMPORT, FIELDS, time_field="submitted_on", choices="methods"
    )
    table, problems, kept, dropped = jobs.read_export(csv_path, profile, "display", sheet=sheet, header_row=header_row)
    if "display" not in [profile.columns[h] for h in kept]:
        raise UserError(f"{store.APPLICATIONS_IMPORT}: profile `{profile.name}` must map a column to `display`")
    result = ApplicationsImport(dropped_columns=dropped, problems=problems)
    from schooldigital.leaders.rollover import location_ids
    from schooldigital.leaders.validate import year_range
    from schooldigital.registers import load_config

    config, _ = load_config(root)
    years = year_range(config) if config else None
    rooms = location_ids(root)
    with store.editing(root) as ed:
        taken = [x.id for x in ed.data.roster]
        apps = [a.id for a in ed.data.applications]
        for rec in table.records:
            values = {profile.columns[h]: clean(rec.data.get(h, "").strip())[0] for h in kept}
            time_col = next(h for h in kept if profile.columns[h] == "submitted_on")
            at = jobs.parse_time(values.get("submitted_on", ""), profile.formats)
            if at is None:
                msg = f"`{time_col}`: `{values.get('submitted_on', '')}` matches none of the profile's formats"
                result.problems.append(Problem(rec.source, "date-invalid", msg))
                continue
            on = at.date()
            display = label(values.get("display", ""))
            if any(x.display.casefold() == display.casefold() and x.applied_on == on for x in ed.data.roster):
                result.skipped += 1
                continue
            why = _invalid(values, display, rooms, years)
            if why:
                result.problems.append(Problem(rec.source, why[0], why[1]))
                continue
            said = values.get("method", "").strip().lower()
            method = profile.categories.get(said, said or "form")
            method = method if method in m.METHODS else "other"
            group = year_group(values.get("year_group", ""))
            assert group is not None
            leader_id = commands.add_application(
                ed, display, group, method, on, values.get("class") or None, None, taken, apps
            )
            result.added.append(leader_id)
    result.written = ed.written
    return result


def _invalid(
    values: dict[str, str], display: str, rooms: set[str], years: tuple[int, int] | None
) -> tuple[str, str] | None:
    """(code, message) for a response that cannot become an application, or None."""
    if not display:
        return "missing-field", "the response has no name; the roster needs a label (first name and initial)"
    group = year_group(values.get("year_group", ""))
    if group is None:
        return "value-invalid", f"year group `{values.get('year_group', '')}` is not a number (e.g. `Year 5`)"
    if years and not years[0] <= group <= years[1]:
        return "value-invalid", f"year group {group} is not a year of this school ({years[0]} to {years[1]})"
    room = values.get("class")
    if room and room not in rooms:
        return "unknown-ref", f"class `{room}` is not in registers/locations.yaml"
    return None
