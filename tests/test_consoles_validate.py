"""Issue 17: `sd validate` checks consoles.yaml (console profiles, OS end-of-support rows) with the school's other
files: every problem at its line and column, all at once, read through the same safe readers as every register."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

GOOD = """\
profiles:
  mosyle:
    platforms: [ipados]
    date_format: "%d/%m/%Y"
    columns:
      Serial Number: serial
      Last Seen: last_seen
os_support:
  - {os: windows, version: "10.0.19045", name: Windows 10 22H2 with ESU, edition: all, end: 2028-10-10}
"""

BAD = """\
profiles:
  mosyle:
    platforms: [ipados, andriod]
    date_format: "%Q"
    colums: {}
    columns:
      Serial Number: serial
      Last Seen: last_sene
  google:
    platforms: [chromeos]
  kandji:
    platforms: ipados
    columns: {Device: model}
os_support:
  - {os: windoze, version: "10.0.19045", end: 2028-02-30, extra: 1}
  - {os: windows, version: ten, edition: home}
  - just text
unknown_top: 1
"""

# One line per problem of BAD, in the order `sd validate` prints them (file, line, column, code).
EXPECTED = [
    "consoles.yaml:3:25: error choice-invalid: profile `mosyle`: platform `andriod`; expected a list from windows, "
    "ipados, ios, macos, chromeos, e.g. `platforms: [ipados]`",
    "consoles.yaml:4:5: error value-invalid: profile `mosyle`: `date_format` '%Q': strptime cannot read it "
    "('Q' is a bad directive); expected a strptime format such as %d/%m/%Y",
    "consoles.yaml:5:5: error unknown-field: profile `mosyle` has unknown key 'colums' (did you mean `columns`?); "
    "expected platforms, date_format, columns (column headers go under `columns:`)",
    "consoles.yaml:8:7: error choice-invalid: profile `mosyle` maps to unknown field `last_sene` (did you mean "
    "`last_seen`?); expected one of serial, asset_tag, model, os, os_version, edition, last_seen, end_of_updates, "
    "location, user, status, ownership, drop",
    "consoles.yaml:9:3: error value-invalid: profile `google` has the name of a console sd knows; expected another "
    "name",
    "consoles.yaml:12:5: error type-invalid: profile `kandji`: `platforms:` is not a list; expected a list from "
    "windows, ipados, ios, macos, chromeos, e.g. `platforms: [ipados]`",
    "consoles.yaml:13:5: error missing-field: profile `kandji` maps no column to `serial`; expected `Your serial "
    "header: serial` under `columns:`",
    "consoles.yaml:15:6: error choice-invalid: os_support row 1: `os` `windoze` (did you mean `windows`?); expected "
    "one of windows, ipados, ios, macos, chromeos",
    "consoles.yaml:15:42: error date-invalid: os_support row 1: `end` `2028-02-30` is not a date; expected the last "
    "day of updates, YYYY-MM-DD",
    "consoles.yaml:15:59: error unknown-field: os_support row 1: unknown key `extra`; expected os, version, name, "
    "edition, end, basis, sure",
    "consoles.yaml:16:5: error missing-field: os_support row 2: no `end:`; expected the last day of updates, "
    "YYYY-MM-DD",
    "consoles.yaml:16:19: error value-invalid: os_support row 2: `version` `ten`; expected a dotted version such as "
    "`10.0.22631` or `17`",
    "consoles.yaml:16:33: error choice-invalid: os_support row 2: `edition` `home`; expected one of all, education, "
    "pro",
    "consoles.yaml:17:5: error type-invalid: os_support row 3 is not a mapping; expected `{os: windows, version: "
    '"10.0.19045", end: 2028-10-10}`',
    "consoles.yaml:18:1: error unknown-field: unknown key `unknown_top`; expected profiles, os_support",
]
LOCATED = re.compile(r"^consoles\.yaml:\d+:\d+: error ", re.MULTILINE)


def test_every_problem_of_consoles_yaml_is_located_among_the_schools_others(school: Path, sd) -> None:
    (school / "consoles.yaml").write_text(BAD)
    with (school / "registers/suppliers.yaml").open("a") as fh:
        fh.write("- id: broken\n")  # another file's problem: reported in the same run

    result = sd("validate")

    assert result.exit_code == 2, result
    assert [line for line in result.stderr.splitlines() if line.startswith("consoles.yaml")] == EXPECTED
    assert "registers/suppliers.yaml:" in result.stderr


def test_reconcile_refuses_the_same_problems(school: Path, sd) -> None:
    (school / "consoles.yaml").write_text(BAD)
    export = Path(__file__).parent / "data" / "consoles" / "google-chrome-devices.csv"

    result = sd("assets", "reconcile", str(export), "--today", "2026-11-30")

    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if line.startswith("consoles.yaml")] == EXPECTED


def test_a_good_consoles_yaml_changes_nothing(school: Path, sd) -> None:
    clean = sd("validate")
    assert clean.exit_code == 0 and "consoles.yaml" not in clean.stderr  # the demo school, without one
    (school / "consoles.yaml").write_text(GOOD)

    result = sd("validate")

    assert (result.exit_code, result.stdout, result.stderr) == (0, clean.stdout, clean.stderr)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("profiles:\n  mosyle: [\n", "consoles.yaml:3:1: error yaml-syntax: "),
        ("- profiles\n", "consoles.yaml:1: error yaml-shape: expected a mapping of `field: value`"),
        ("profiles: !!python/object:os.system {}\n", "consoles.yaml:1:11: error yaml-syntax: "),
        ("os_support: {os: windows}\n", "consoles.yaml:1:1: error type-invalid: `os_support:` is not a list; "),
    ],
)
def test_malformed_or_misshapen_yaml_is_one_located_problem(school: Path, sd, text: str, line: str) -> None:
    (school / "consoles.yaml").write_text(text)

    result = sd("validate")

    assert result.exit_code == 2
    assert len(LOCATED.findall(result.stderr)) + result.stderr.count("consoles.yaml:1: error") == 1, result
    assert line in result.stderr, result


def test_an_alias_bomb_is_bounded_like_every_register(school: Path, sd) -> None:
    lines = ["profiles:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)]
    (school / "consoles.yaml").write_text("".join(lines))

    result = sd("validate")

    assert result.exit_code == 2
    assert "consoles.yaml:" in result.stderr and "error yaml-syntax: more than 100 aliases" in result.stderr


def test_a_symlink_or_fifo_is_refused_unread(school: Path, sd, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("profiles: {hunter2: {}}\n")
    (school / "consoles.yaml").symlink_to(secret)

    linked = sd("validate")

    assert linked.exit_code == 2
    assert "consoles.yaml: error unsafe-path: not read:" in linked.stderr
    assert "hunter2" not in linked.stderr + linked.stdout
    (school / "consoles.yaml").unlink()
    os.mkfifo(school / "consoles.yaml")  # would block a reader that opened it blindly

    fifo = sd("validate")

    assert fifo.exit_code == 2 and "consoles.yaml: error unsafe-path: not read:" in fifo.stderr


def test_an_oversized_file_is_refused_before_parsing(school: Path, sd, monkeypatch) -> None:
    limit = max(p.stat().st_size for p in school.rglob("*.yaml"))  # every other YAML file is still read
    (school / "consoles.yaml").write_text(GOOD + "# padding\n" * (limit // 10) + "{[ this would be a syntax error\n")
    monkeypatch.setenv("SD_MAX_YAML_BYTES", str(limit))

    result = sd("validate")

    assert result.exit_code == 2
    assert LOCATED.findall(result.stderr) == [], result  # not parsed: no yaml-syntax
    assert f"consoles.yaml: error file-too-large: not read: the file is larger than the limit of {limit} bytes" in (
        result.stderr
    )
