"""Issue 21 (2): every command's help ends with examples printed exactly as written, and every example works.

Each command's examples run in order on a fresh copy of the demo school (from inside it, as a person would)
and must end with the exit status the line documents (`# exit N`, else 0). Import examples name a person's
export file; the few such files are written into the copy first (EXPORTS).
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import typer
from typer._click import Context
from typer.testing import CliRunner

from schooldigital.cli import app
from schooldigital.cli.examples import EXAMPLES, EXIT_CODES
from terminal import ENTRY, SRC

EXPORTS: dict[str, str] = {
    "chromebooks.csv": (Path(__file__).parent / "data" / "consoles" / "google-chrome-devices.csv").read_text(),
    "contracts.csv": "Name,Supplier,Owner,Type,Renewal,Start Date,End Date\n"
    "Maths app,jisc,htay,saas_service,manual,2026-09-01,2027-08-31\n",
    "information.csv": "Name,Owner,Format,Personal data,Last reviewed,Systems,Purposes,Retention,Security measures\n"
    "Visitor log,dkha,paper,no,2026-11-20,reception book,site safety,6 years,locked office\n",
    "jobs.csv": "Timestamp,Your initials or class,Which room?,What kind of job is it?,What do you need?\n"
    "18/11/2026 08:41:09,WP,class-3a,Setting up equipment,Visualiser not showing\n",
    "applications.csv": "Timestamp,Your first name and surname initial,Year group,Class,How are you applying?\n"
    "15/09/2026 18:02:11,Mia P,Year 4,class-4a,Video\n",
}
APPLICANT = ['leaders apply "Sam P" --year 5 --method letter --class class-5a --on 2026-11-19']  # dl-2026-07
# What an example needs that the demo school does not have: run before it, each must succeed.
SETUP: dict[str, list[str]] = {
    "leaders shortlist": APPLICANT,
    "leaders select": APPLICANT,
    "leaders decline": APPLICANT,
    "leaders appoint": [*APPLICANT, "leaders shortlist dl-2026-07 --on 2026-11-19"],
    "diff": ["assets edit RP-00012 --location class-3a"],  # after the commit _prepare makes
}


def _prepare(path: str, school: Path) -> None:
    for name, text in EXPORTS.items():
        (school / name).write_text(text, encoding="utf-8")
    if path == "diff":  # the demo school as the last commit of a git repository, then one change
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
        subprocess.run(["git", "init", "-q"], cwd=school, check=True)
        subprocess.run([*git, "add", "-A"], cwd=school, check=True)
        subprocess.run([*git, "commit", "-qm", "demo"], cwd=school, check=True)
    if path == "badges unbake":  # one recipient with an email, so `badges issue` bakes their badge
        (school / ".sd-local").mkdir()
        (school / ".sd-local" / "recipients.yaml").write_text("dl-2025-01: amira@example.org\n", encoding="utf-8")
        CliRunner().invoke(app, ["badges", "issue"])
    for line in SETUP.get(path, []):
        done = CliRunner().invoke(app, shlex.split(line))
        assert done.exit_code == 0, (line, done.stderr)


def _paths(command: object, path: tuple[str, ...] = ()) -> list[str]:
    out = []
    for name, sub in getattr(command, "commands", {}).items():
        if not sub.hidden:
            out += _paths(sub, (*path, name))
    if not getattr(command, "commands", None) or getattr(command, "invoke_without_command", False):
        out.append(" ".join(path))
    return [p for p in out if p]


ROOT = typer.main.get_command(app)
COMMANDS = sorted(_paths(ROOT))


def _help(path: str, width: int = 80) -> str:
    """A command's --help text at `width` columns (the tree is built once for every command)."""
    ctx = Context(ROOT, info_name="sd", terminal_width=width)
    command = ROOT
    for name in path.split():
        command = command.commands[name]  # type: ignore[attr-defined]
        ctx = Context(command, info_name=name, parent=ctx)
    return command.get_help(ctx)


def test_every_command_has_one_to_three_examples() -> None:
    assert sorted(EXAMPLES) == COMMANDS
    assert all(1 <= len(lines) <= 3 for lines in EXAMPLES.values())
    assert all(line.startswith(f"sd {path} ") or line == f"sd {path}" for path, ls in EXAMPLES.items() for line in ls)
    assert set(EXIT_CODES) <= {*COMMANDS, "merge-driver"}


@pytest.mark.parametrize("path", COMMANDS)
def test_examples_run_on_the_demo_school(path: str, school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(school)
    _prepare(path, school)
    for line in EXAMPLES[path]:
        command, _, comment = line.partition("#")
        documented = re.search(r"exit (\d)", comment)
        args = shlex.split(command)[1:]
        result = CliRunner().invoke(app, args)
        expected = int(documented.group(1)) if documented else 0
        assert result.exit_code == expected, (line, result.stdout[-1500:], result.stderr[-1500:], result.exception)


@pytest.mark.parametrize("path", COMMANDS)
def test_help_shows_examples_verbatim_at_80_columns(path: str) -> None:
    text = _help(path)
    lines = [line.strip() for line in text.splitlines()]
    assert "Examples:" in lines and "Example:" not in text and "Example (" not in text
    assert all(example in lines for example in EXAMPLES[path])
    assert max(len(line) for line in text.splitlines()[: lines.index("Examples:")]) <= 80


def test_console_script_help_keeps_the_issue_example_whole() -> None:
    import sys

    done = subprocess.run(
        [sys.executable, "-c", ENTRY, "assets", "import", "--help"],
        env={"PYTHONPATH": str(SRC), "COLUMNS": "80"},
        capture_output=True,
        text=True,
    )
    assert "  sd assets import registers/assets.csv --update --dry-run\n" in done.stdout
    assert done.stdout.rstrip().endswith("--update --dry-run")
