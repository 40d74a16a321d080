"""Issue 17: the tables behind `sd assets reconcile`: OS end of support (shipped with sd) and header aliases."""

from __future__ import annotations

import datetime as dt

from schooldigital.consoles.ossupport import OsTable, edition_of, package_rows, parse_rows
from schooldigital.problems import Source


def test_every_windows_date_is_a_patch_tuesday_issue_17() -> None:
    rows, checked = package_rows()
    assert checked is not None and rows
    windows = [r for r in rows if r.os == "windows"]
    assert windows and all(r.end.weekday() == 1 for r in windows), [r for r in windows if r.end.weekday() != 1]


def test_longest_prefix_and_edition_issue_17() -> None:
    table = OsTable(package_rows()[0])
    assert table.find("windows", "10.0.22631.4460", "education").end == dt.date(2026, 11, 10)
    assert table.find("windows", "10.0.22631.4460", "pro").end == dt.date(2025, 11, 11)
    assert table.find("windows", "10.0.22631.4460", "").end == dt.date(2025, 11, 11)  # unknown: the earlier
    assert table.find("ipados", "17.6.1", "").name == "iPadOS 17"
    assert table.find("ipados", "26.1", "") is None
    assert (edition_of("Education"), edition_of("Pro Education"), edition_of("Enterprise"), edition_of("")) == (
        "education",
        "pro",
        "education",
        "",
    )


def test_school_rows_win_issue_17() -> None:
    row = {"os": "windows", "version": "10.0.19045", "end": dt.date(2028, 10, 10)}
    school, problems = parse_rows([row], lambda path: Source("x"), True)
    assert problems == []
    table = OsTable([*school, *package_rows()[0]])
    assert table.find("windows", "10.0.19045.5131", "pro").end == dt.date(2028, 10, 10)


def test_the_readme_alias_table_is_the_code_issue_17() -> None:
    from pathlib import Path

    from schooldigital.consoles.columns import ALIASES, SOURCES

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    section = readme[readme.index("## Device management consoles") :]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            field, *consoles = [cell.strip() for cell in line.strip("|").split("|")]
            rows[field.strip("`")] = consoles
        elif rows and not line.startswith("|"):
            break
    assert rows == {f: [", ".join(c.get(s, ())) or "-" for s in SOURCES] for f, c in ALIASES.items()}
