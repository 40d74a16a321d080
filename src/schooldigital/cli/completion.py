"""Tab completion for bash, zsh, fish and PowerShell, answered from the lazily built command tree.

The shell runs `sd` with `_SD_COMPLETE=complete_<shell>` and the command line in COMP_WORDS/COMP_CWORD (bash)
or `_TYPER_COMPLETE_ARGS` (the others). `sd` builds only the group the completed words name (cli/lazy.py),
so `sd assets show <TAB>` meets the real `assets show`, then offers ids read from the school's own
registers through `store.idscan` (a line scan, never a full load), so a 10,000-asset school answers at once.
Any failure completes nothing rather than printing a traceback at the prompt.
"""

from __future__ import annotations

import os
from collections.abc import Callable
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
            from schooldigital.store.idscan import register_ids

            values = register_ids(_root(ctx), kind)
        except Exception:  # noqa: BLE001 - no school here, an unreadable register: nothing to offer, no traceback
            return []
        return [CompletionItem(v) for v in values if v.startswith(incomplete)]

    return candidates


def _root(ctx: Any) -> Path:
    from schooldigital.layout import find_root

    return find_root(ctx.find_root().params.get("root"))
