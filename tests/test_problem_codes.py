"""Meta-tests (sqlite-utils test_docs style): every problem code is documented and triggered by a fixture,
every command has help, and every command the README names exists.

A fixture is a folder `tests/data/problem-codes/<code>/` applied to a copy of the demo school:
- `<path>.append`: text appended to that school file (one bad row or record keeps fixtures small);
- `<folder>/<path>` (any other file below a folder): written into the school as it is;
- top-level files: inputs named in `args.txt`;
- `delete/paths.txt`: school files to delete;
- `args.txt`: the sd command to run, one argument per line (`{dir}` is the fixture folder); default `validate`.
The command must report exactly that one code.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import typer
from typer.main import get_command

from schooldigital.cli import app
from schooldigital.problems import CODES, Problem, Source

FIXTURES = Path(__file__).parent / "data" / "problem-codes"
README = Path(__file__).resolve().parents[1] / "README.md"
# Codes no data can trigger, each with the test that covers it instead.
NO_DATA_FIXTURE = {
    "check-crashed": "test_a_crashing_check_becomes_check_crashed",
    # a fixture folder cannot hold a symlink or FIFO (it is copied), nor a 20 MB file: see test_hostile_store.py
    "unsafe-path": "test_hostile_store.py::test_symlinked_register_is_refused_unread",
    "file-too-large": "test_hostile_store.py::test_oversized_files_are_refused_before_parsing",
    "asset-deleted": "test_git_merge.py::test_an_asset_row_deleted_without_disposal_is_a_warning_issue_18",
}
# Codes that are only ever warnings: `sd validate` still exits 0.
WARNINGS = {"currency-foreign", "survey-column-ignored", "renumbered-by-merge", "asset-deleted", "row-hidden"}
REPORTED = re.compile(r"^\S.*?: (?:error|warning) ([a-z][a-z0-9-]*): ", re.MULTILINE)


def _apply(fixture: Path, school: Path) -> list[str]:
    args = ["validate"]
    for path in sorted(p for p in fixture.rglob("*") if p.is_file()):
        rel = path.relative_to(fixture)
        if rel.as_posix() == "args.txt":
            args = [a.replace("{dir}", str(fixture)) for a in path.read_text().splitlines() if a]
        elif rel.as_posix() == "delete/paths.txt":
            for name in path.read_text().split():
                (school / name).unlink()
        elif rel.suffix == ".append":
            target = school / rel.with_suffix("")
            with target.open("ab") as fh:
                fh.write(path.read_bytes())
        elif len(rel.parts) > 1:  # top-level files are inputs for args.txt; nested ones are school files
            target = school / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return args


def test_every_code_is_documented_in_one_line() -> None:
    for code, description in CODES.items():
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", code), code
        assert description.endswith(".") and "\n" not in description, code


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_a_fixture_that_triggers_exactly_it(code: str, school: Path, sd) -> None:
    if code in NO_DATA_FIXTURE:
        pytest.skip(f"covered by {NO_DATA_FIXTURE[code]}")
    fixture = FIXTURES / code
    assert fixture.is_dir(), f"add a fixture folder {fixture.relative_to(FIXTURES.parents[1])} that triggers `{code}`"
    args = _apply(fixture, school)

    result = sd(*args)

    assert set(REPORTED.findall(result.stderr)) == {code}, result
    assert result.exit_code != 0 or code in WARNINGS, result


def test_the_demo_school_triggers_nothing(sd) -> None:
    assert REPORTED.findall(sd("validate").stderr) == []


def test_a_crashing_check_becomes_check_crashed() -> None:
    from schooldigital.checks import run_all

    def broken(regs: object) -> list[Problem]:
        raise KeyError("boom")

    problems = list(run_all([broken], object()))  # type: ignore[arg-type]
    assert [p.code for p in problems] == ["check-crashed"]
    assert "broken" in problems[0].message
    assert isinstance(problems[0].source, Source)


def _commands(group: typer.Typer) -> list[tuple[str, object]]:
    """Every (path, click command) of the app, groups included, hidden ones left out."""
    out: list[tuple[str, object]] = []

    def walk(prefix: str, command: object) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            if getattr(sub, "hidden", False):
                continue
            out.append((f"{prefix} {name}".strip(), sub))
            walk(f"{prefix} {name}", sub)

    walk("", get_command(group))
    return out


def test_every_command_has_help_text() -> None:
    missing = [path for path, command in _commands(app) if not (getattr(command, "help", None) or "").strip()]
    assert missing == []


def _readme_command_lines() -> list[list[str]]:
    """The words after `sd` in every inline `sd ...` and every `sd ...` line of a code block."""
    text = README.read_text()
    found = re.findall(r"`sd ([^`]*)`", text) + re.findall(r"^sd (.*)$", text, re.MULTILINE)
    return [line.split() for line in found]


def test_every_command_in_the_readme_exists() -> None:
    # Walk each mention down the command tree: a word after a group must be one of its (visible) commands,
    # so `sd badges awrad` fails as well as `sd bagdes`; arguments and options after a command end the walk.
    unknown = []
    for words in _readme_command_lines():
        node: object = get_command(app)
        path: list[str] = []
        for word in words:
            commands = getattr(node, "commands", None)
            if not commands or not re.fullmatch(r"[a-z][a-z-]*", word):
                break
            sub = commands.get(word)
            if sub is None or getattr(sub, "hidden", False):
                unknown.append(" ".join([*path, word]))
                break
            node, path = sub, [*path, word]
    assert unknown == [], f"README names commands that do not exist: {sorted(set(unknown))}"
