"""Tab completion for bash, zsh, fish and PowerShell, answered from the lazily built command tree.

The shell runs `sd` with `_SD_COMPLETE=complete_<shell>` and the command line in COMP_WORDS/COMP_CWORD (bash)
or `_TYPER_COMPLETE_ARGS` (the others). `sd` builds only the group the completed words name (cli/lazy.py),
so `sd assets show <TAB>` meets the real `assets show`, then offers ids read from the school's own
registers: a line scan of the `id:` keys or the CSV id column, confined to the school root and size-limited
like every read, never a full load (no YAML parser, no Pydantic), so a 10,000-asset school answers at once.
Any failure completes nothing rather than printing a traceback at the prompt.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import typer

COMPLETE_VAR = "_SD_COMPLETE"

# Which register an argument or option takes its values from, by command path and parameter name.
VALUES: dict[tuple[str, ...], dict[str, str]] = {
    ("assets", "add"): {"model": "model", "location": "location", "supplier": "supplier", "assigned_to": "holder"},
    ("assets", "edit"): {"asset_id": "asset", "location": "location", "assigned_to": "holder"},
    ("assets", "dispose"): {"asset_id": "asset"},
    ("assets", "list"): {"location": "location", "model": "model", "assigned_to": "holder"},
    ("assets", "show"): {"asset_id": "asset"},
    ("assets", "renumber"): {"asset_id": "asset"},
    ("contracts", "add"): {"supplier": "supplier", "owner": "person"},
    ("contracts", "edit"): {"contract_id": "contract", "owner": "person"},
    ("contracts", "end"): {"contract_id": "contract"},
    ("contracts", "list"): {"supplier": "supplier"},
    ("contracts", "show"): {"contract_id": "contract"},
    ("info", "add"): {"owner": "person"},
    ("info", "edit"): {"asset_id": "information", "owner": "person"},
    ("info", "list"): {"owner": "person"},
    ("info", "show"): {"asset_id": "information"},
    ("survey", "report"): {"round_id": "round", "compare": "round"},
    ("survey", "cpd"): {"round_id": "round"},
    ("survey", "profile"): {"round_id": "round"},
    ("badges", "award-pioneers"): {"round_id": "round"},
    ("badges", "award"): {"recipient": "recipient", "badge": "badge"},
    ("badges", "revoke"): {"award_id": "award"},
    ("leaders", "select"): {"panel": "recipient", "chosen": "leader"},
    **{("leaders", c): {"leader": "leader"} for c in ("shortlist", "appoint", "edit", "decline", "leave", "train")},
    ("leaders", "show"): {"leader": "leader"},
    ("leaders", "meeting", "add"): {"attendee": "leader"},
    ("leaders", "activity", "add"): {"leader": "leader"},
    ("leaders", "plan", "done"): {"item": "plan"},
    ("leaders", "plan", "edit"): {"item": "plan"},
    ("leaders", "question", "answer"): {"question": "question"},
    ("leaders", "idea", "set"): {"idea": "idea"},
    ("jobs", "assign"): {"job": "job", "leader": "leader"},
    ("jobs", "done"): {"job": "job"},
    ("jobs", "reopen"): {"job": "job"},
}

# YAML registers read by kind (paths from the school root).
YAML_REGISTERS = {
    "contract": "registers/contracts.yaml",
    "information": "registers/information-assets.yaml",
    "location": "registers/locations.yaml",
    "person": "registers/people.yaml",
    "supplier": "registers/suppliers.yaml",
    "model": "registers/models.yaml",
    "leader": "leaders/roster.yaml",
    "job": "leaders/jobs.yaml",
    "plan": "leaders/plan.yaml",
    "question": "leaders/questions.yaml",
    "idea": "leaders/ideas.yaml",
    "badge": "leaders/badges.yaml",
    "award": "leaders/awards.yaml",
}
# survey.responses' ROUNDS_DIR and META_FILE, not imported: that module loads Pydantic (a test checks they agree).
ROUNDS_DIR, META_FILE = "surveys/rounds", "round.yaml"
# A record's id: `- id: x` starting a top-level list item, or `  id: x` as another key of one.
_YAML_ID = re.compile(r"^(?:- |  )id:[ \t]*(['\"]?)([^'\"#\s]+)\1[ \t]*(?:#.*)?$", re.MULTILINE)


def request_words() -> list[str] | None:
    """The words already typed before the one being completed (without `sd`), or None when not completing."""
    if not os.environ.get(COMPLETE_VAR):
        return None
    from typer._click.shell_completion import split_arg_string

    if "COMP_WORDS" in os.environ:  # bash
        words = split_arg_string(os.environ["COMP_WORDS"])
        return words[1 : int(os.environ.get("COMP_CWORD") or len(words))]
    line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = split_arg_string(line)[1:]
    partial = os.environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE")  # PowerShell says which word is partial
    if words and (partial if partial is not None else not line.endswith(" ")):
        words = words[:-1]
    return words


def _instruction() -> None:
    """Accept Click 8's `bash_complete` spelling as well as Typer's `complete_bash`."""
    value = os.environ.get(COMPLETE_VAR, "")
    first, _, second = value.partition("_")
    if first in ("bash", "zsh", "fish", "powershell", "pwsh") and second in ("complete", "source"):
        os.environ[COMPLETE_VAR] = f"{second}_{first}"


def complete(app: typer.Typer) -> None:
    """Answer one completion request with `app` (already pruned to the words typed), then exit."""
    from typer.main import get_command

    _instruction()
    _plain_candidate_help()
    command = get_command(app)
    attach(command)
    command.main(prog_name="sd", complete_var=COMPLETE_VAR)


def _plain_candidate_help() -> None:
    """Show zsh, fish and PowerShell the options' help as written. Typer passes it through Rich to strip markup
    that `sd` never uses (rich_markup_mode=None): that costs Rich's import on every Tab (~0.1 s, a third of
    the budget) and reads `[...]` in a help text as a tag."""
    from typer import _completion_classes

    if hasattr(_completion_classes, "_sanitize_help_text"):
        _completion_classes._sanitize_help_text = str


def attach(command: Any, path: tuple[str, ...] = ()) -> None:
    """Give every parameter named in VALUES a completer reading its register."""
    for name, sub in getattr(command, "commands", {}).items():
        attach(sub, (*path, name))
    for param in command.params:
        kind = VALUES.get(path, {}).get(param.name or "")
        if kind:
            param._custom_shell_complete = _completer(kind)


def _completer(kind: str) -> Callable[[Any, Any, str], list[Any]]:
    def candidates(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        try:
            values = register_ids(_root(ctx), kind)
        except Exception:  # noqa: BLE001 - no school here, an unreadable register: nothing to offer, no traceback
            return []
        return [CompletionItem(v) for v in values if v.startswith(incomplete)]

    return candidates


def _root(ctx: Any) -> Path:
    from schooldigital.layout import find_root

    return find_root(ctx.find_root().params.get("root"))


def register_ids(root: Path, kind: str) -> list[str]:
    """The ids of one register (or survey rounds), in file order, read without loading the register."""
    if kind == "asset":
        from schooldigital.layout import assets_file

        path = assets_file(root)
        return _yaml_ids(root, path) if path.suffix == ".yaml" else _csv_ids(root, path)
    if kind == "holder":  # assigned_to takes person:<id> or room:<location>
        people = (f"person:{p}" for p in register_ids(root, "person"))
        return [*people, *(f"room:{r}" for r in register_ids(root, "location"))]
    if kind == "recipient":
        return [*register_ids(root, "leader"), *register_ids(root, "person")]
    if kind == "round":
        return _round_ids(root)
    return _yaml_ids(root, root / YAML_REGISTERS[kind])


def _read(root: Path, path: Path) -> str:
    from schooldigital.store.files import read_regular

    if not path.exists():
        return ""
    return read_regular(path, root.resolve()).decode("utf-8-sig")


def _yaml_ids(root: Path, path: Path) -> list[str]:
    return _unique(m.group(2) for m in _YAML_ID.finditer(_read(root, path)))


def _csv_ids(root: Path, path: Path) -> list[str]:
    rows = csv.reader(io.StringIO(_read(root, path)))
    header = next(rows, [])
    if "id" not in header:
        return []
    at = header.index("id")
    return _unique(row[at].strip() for row in rows if len(row) > at)


def _round_ids(root: Path) -> list[str]:
    folder = root / ROUNDS_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(d.name for d in folder.iterdir() if d.is_dir() and not d.is_symlink() and (d / META_FILE).is_file())


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
