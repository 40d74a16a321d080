"""Issue 21 (4): Tab completion through the shells' own protocols, on the lazily built command tree.

Each request is a fresh console-script process with the environment a shell's completion script sets, so
the real `main()` (and its pruning of the command tree) answers, as at a person's prompt.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from schooldigital.cli import app
from schooldigital.cli.completion import VALUES
from schooldigital.store.idscan import META_FILE, ROUNDS_DIR, register_ids
from terminal import ENTRY, SRC


def _complete(cwd: Path, instruction: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("_SD", "COMP_", "_TYPER", "SD_ROOT"))}
    full = {**clean, "PYTHONPATH": str(SRC), "_SD_COMPLETE": instruction, **env}
    return subprocess.run([sys.executable, "-c", ENTRY], cwd=cwd, env=full, capture_output=True, text=True)


def bash(cwd: Path, line: str) -> list[str]:
    """What bash offers for `line` (the word under the cursor is the last one; a trailing space starts a new one)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    done = _complete(cwd, "complete_bash", COMP_WORDS=line, COMP_CWORD=str(cword))
    assert done.returncode == 0 and done.stderr == "", done
    return done.stdout.split()


def test_commands_and_subcommands(school: Path) -> None:
    assert bash(school, "sd ass") == ["assets"]
    assert bash(school, "sd assets sh") == ["show"]
    assert bash(school, "sd leaders plan ") == ["add", "done", "edit", "list"]


def test_options_of_the_command_named(school: Path) -> None:
    offered = bash(school, "sd assets list --")
    assert {"--location", "--assigned-to", "--columns", "--format", "--due-before"} <= set(offered)
    assert "--root" not in offered  # the group's own options are not the command's
    assert {"--root", "--version", "--install-completion"} <= set(bash(school, "sd --"))


def test_register_ids_for_arguments_and_options(school: Path) -> None:
    assert bash(school, "sd assets show RP-0000") == [f"RP-0000{i}" for i in range(1, 10)]
    assert bash(school, "sd contracts end c00")[:2] == [
        "c001-broadband-and-filtered",
        "c002-web-filtering-and-monitoring",
    ]
    assert "ict-suite" in bash(school, "sd assets list --location ")
    assert "htay" in bash(school, "sd info list --owner ")
    assert "jisc" in bash(school, "sd contracts list --supplier ")
    assert bash(school, "sd survey report --round ") == ["2025-summer", "2026-summer"]
    assert bash(school, "sd assets edit RP-00001 --assigned-to person:dk") == ["person:dkha"]
    assert bash(school, "sd leaders show dl-2025-0")[:2] == ["dl-2025-01", "dl-2025-02"]


def test_columns_offers_each_list_commands_own_column_names(school: Path) -> None:
    assert bash(school, "sd assets list --columns id,mo") == ["id,model"]
    assert bash(school, "sd leaders plan list --columns ") == ["id", "title", "owner", "due", "status"]
    offered = bash(school, "sd jobs list --columns id,status,")
    assert "id,status,room" in offered and not any(o.endswith((",id", ",status")) for o in offered)
    assert bash(school, "sd contracts list --columns no") == ["notice_by"]


def test_root_option_and_click8_spelling(school: Path, tmp_path: Path) -> None:
    done = _complete(tmp_path, "bash_complete", COMP_WORDS=f"sd --root {school} info show ia00", COMP_CWORD="5")
    assert done.stdout.split()[:2] == ["ia001", "ia002"]


@pytest.mark.parametrize(
    ("instruction", "env", "expected"),
    [
        ("complete_zsh", {"_TYPER_COMPLETE_ARGS": "sd assets show RP-0000"}, '"RP-00001"'),
        (
            "complete_fish",
            {"_TYPER_COMPLETE_FISH_ACTION": "get-args", "_TYPER_COMPLETE_ARGS": "sd assets show RP-0000"},
            "RP-00001",
        ),
        (
            "complete_powershell",
            {"_TYPER_COMPLETE_ARGS": "sd assets show RP-0000", "_TYPER_COMPLETE_WORD_TO_COMPLETE": "RP-0000"},
            "RP-00001:::",
        ),
    ],
)
def test_zsh_fish_and_powershell(school: Path, instruction: str, env: dict[str, str], expected: str) -> None:
    done = _complete(school, instruction, **env)
    assert done.returncode == 0 and expected in done.stdout and "RP-00010" not in done.stdout


def test_show_completion_prints_each_shell_script(school: Path) -> None:
    for shell, marker in [("bash", "complete_bash"), ("zsh", "complete_zsh"), ("fish", "complete_fish")]:
        done = subprocess.run(
            [sys.executable, "-c", ENTRY, "--show-completion", shell],
            env={**os.environ, "PYTHONPATH": str(SRC), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0 and "_SD_COMPLETE" in done.stdout and marker in done.stdout


def test_an_unsafe_register_completes_nothing_and_says_nothing(school: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("id\nSECRET-1\n", encoding="utf-8")
    (school / "registers" / "assets.csv").unlink()
    (school / "registers" / "assets.csv").symlink_to(outside)
    assert bash(school, "sd assets show ") == []


def test_outside_a_school_completes_commands_but_no_ids(tmp_path: Path) -> None:
    assert bash(tmp_path, "sd assets show ") == []
    assert bash(tmp_path, "sd assets sh") == ["show"]


def test_ids_are_read_without_loading(school: Path) -> None:
    (school / "registers" / "people.yaml").write_text(
        "# people\n- id: ab  # first\n  name: A B\n- name: C D\n  id: 'cd'\n  roles: [x]\n  items:\n    - id: nested\n",
        encoding="utf-8",
    )
    assert register_ids(school, "person") == ["ab", "cd"]
    assert register_ids(school, "recipient")[-2:] == ["ab", "cd"]


def test_every_value_source_names_a_real_parameter() -> None:
    from schooldigital.survey import responses

    assert (ROUNDS_DIR, META_FILE) == (responses.ROUNDS_DIR, responses.META_FILE)
    root = typer.main.get_command(app)
    for path, params in VALUES.items():
        command = root
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        assert set(params) <= {p.name for p in command.params}, path


def test_install_completion_writes_the_bash_script_under_home(tmp_path: Path) -> None:
    env = {"PYTHONPATH": str(SRC), "HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = subprocess.run(
        [sys.executable, "-c", ENTRY, "--install-completion", "bash"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    script = (tmp_path / ".bash_completions" / "sd.sh").read_text(encoding="utf-8")
    assert "_SD_COMPLETE=complete_bash" in script
    assert "sd.sh" in (tmp_path / ".bashrc").read_text(encoding="utf-8")
