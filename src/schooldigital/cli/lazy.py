"""Build only the part of the command tree a run needs, so `sd --help` stays as fast as importing typer.

Typer turns every command of every group into a Click command (reading each signature and evaluating its
type hints) before it runs anything: with 60-odd commands that cost more than Python and typer together.
`for_args` gives the console script a copy of the app holding only the group or command being run, or,
for the top-level help, parameterless stand-ins with the same names and help texts. Tests that use the
full `app` through CliRunner are unaffected, and a test checks both print the same top-level help.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Sequence

import typer
from typer.main import get_command_name
from typer.models import CommandInfo, TyperInfo

# Options of the `sd` callback that take a value, so the value is not mistaken for a command name.
VALUE_OPTIONS = ("--root",)


def invoked(args: Sequence[str]) -> str | None:
    """The command or group named on the command line, or None for the top-level help."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("-h", "--help"):
            return None
        elif arg in VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _command_name(info: CommandInfo) -> str:
    return info.name or get_command_name(info.callback.__name__)  # type: ignore[union-attr]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _group_help(info: TyperInfo) -> str:
    instance = info.typer_instance
    return (
        _text(info.help)
        or (_text(instance.info.help) if instance else None)
        or inspect.getdoc(instance.registered_callback.callback if instance and instance.registered_callback else None)
        or ""
    )


def _stand_in(name: str, help_text: str, hidden: bool) -> CommandInfo:
    def placeholder() -> None:  # never run: only listed by the top-level help
        raise AssertionError("stand-in command run")

    return CommandInfo(name=name, callback=placeholder, help=help_text, hidden=hidden)


def for_args(app: typer.Typer, args: Sequence[str]) -> typer.Typer:
    """A copy of `app` with only what `args` will run (everything, as stand-ins, for the top-level help)."""
    name = invoked(args)
    commands = {_command_name(c): c for c in app.registered_commands}
    groups = {g.name: g for g in app.registered_groups if g.name}
    pruned = copy.copy(app)
    if name in commands:
        pruned.registered_commands, pruned.registered_groups = [commands[name]], []
    elif name in groups:
        pruned.registered_commands, pruned.registered_groups = [], [groups[name]]
    else:
        stand_ins = [
            _stand_in(n, _text(c.help) or inspect.getdoc(c.callback) or "", bool(_text_bool(c.hidden)))
            for n, c in commands.items()
        ]
        stand_ins += [_stand_in(n, _group_help(g), bool(_text_bool(g.hidden))) for n, g in groups.items()]
        pruned.registered_commands, pruned.registered_groups = stand_ins, []
    return pruned


def _text_bool(value: object) -> bool:
    return value if isinstance(value, bool) else False
