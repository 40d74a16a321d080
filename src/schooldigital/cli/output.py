"""One output vocabulary for every command: the `--format` names, the JSON envelope, colour and progress.

Every `--format` takes the same names (`text`, `markdown`, `html`, `pdf`, `json`, `csv`, and for `sd validate`
`github` and `gitlab`); old spellings (`md`, `table`) still work and are left out of the help. Every JSON
document a command prints is `{"schema_version": 1, "command": "assets add", "data": ...}`, so a script can
rely on its shape. Whether anything is styled (colour, bold, progress bars) is decided here only:
`use_colour(stream)`.

Imports only the stdlib and typer at module level: `sd --help` loads this module.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import IO, Any

import typer

SCHEMA_VERSION = 1


class Format(StrEnum):
    """Output format names. `table` and `md` are aliases (same value), kept for old scripts."""

    text = "text"
    markdown = "markdown"
    html = "html"
    pdf = "pdf"
    json = "json"
    csv = "csv"
    github = "github"
    gitlab = "gitlab"
    table = "text"  # the list commands' old name for text
    md = "markdown"  # the reports' and `sd diff`'s old name for markdown


def format_parser(*allowed: Format) -> Callable[[Any], Format]:
    """Turns a `--format` value (any case, old aliases too) into a `Format`, or a usage error naming the choices."""
    names = ", ".join(f.value for f in allowed)

    def parse(value: Any) -> Format:
        if isinstance(value, Format):
            return value
        found = Format.__members__.get(str(value).strip().lower())
        if found is None or found not in allowed:
            raise typer.BadParameter(f"{value!r} is not one of {names}")
        if found is Format.json:  # an error in this run is then a JSON document too (cli/__init__.py)
            from schooldigital.cli.common import STATE

            STATE.json_command = command_name()
        return found

    return parse


def format_option(*allowed: Format, help: str, names: tuple[str, ...] = ("--format",)) -> Any:  # noqa: A002
    """A `--format` option taking these names (and their old aliases), shown in help without the aliases.

    Example: `Annotated[Format, format_option(Format.text, Format.json, help="...")] = Format.text`
    """
    choices = [f.value for f in allowed]

    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete)]

    return typer.Option(
        *names, parser=format_parser(*allowed), metavar=f"[{'|'.join(choices)}]", help=help, autocompletion=complete
    )


# --- JSON -----------------------------------------------------------------------------------------------------


def command_name() -> str:
    """The running command's path without the program name (`assets add`), for the JSON envelope."""
    from typer._click.globals import get_current_context  # typer vendors Click since 0.26

    ctx = get_current_context(silent=True)
    if ctx is None:
        return ""
    return " ".join(ctx.command_path.split()[1:])


def envelope(data: Any, command: str | None = None) -> dict[str, Any]:
    """The JSON document every command prints: a schema version, the command, and its data."""
    return {"schema_version": SCHEMA_VERSION, "command": command_name() if command is None else command, "data": data}


def to_json(document: Any) -> str:
    import json  # not at the top: `sd --help` loads this module

    return json.dumps(document, indent=2, default=str, ensure_ascii=False)


def emit_json(data: Any, command: str | None = None) -> None:
    """Print `data` on stdout inside the versioned envelope."""
    typer.echo(to_json(envelope(data, command)))


def emit_json_pieces(data: Iterable[str], command: str | None = None) -> None:
    """Print what `emit_json` prints, around data already encoded as JSON nested two spaces in (every line but
    its first starts with two spaces), written piece by piece: for data json's indenting encoder takes seconds
    over (100,000 rows, 20 MB, which joining into one string would copy once more)."""
    import json

    name = json.dumps(command_name() if command is None else command, ensure_ascii=False)
    write = sys.stdout.write  # not typer.echo: it runs an ANSI-stripping regex over all of it off a terminal
    write(f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "command": {name},\n  "data": ')
    for piece in data:
        write(piece)
    write("\n}\n")
    sys.stdout.flush()


# --- colour and progress ----------------------------------------------------------------------------------------


def use_colour(stream: IO[Any] | None = None) -> bool:
    """Whether `stream` may carry escape codes (colour, bold, progress bars): the one place that decides.

    No when NO_COLOR is set to anything, TERM is `dumb` or `unknown`, or the stream is not a terminal
    (no-color.org, clig.dev); CLICOLOR_FORCE (not `0`) or FORCE_COLOR forces styling on a pipe.
    """
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return False
    if os.environ.get("CLICOLOR_FORCE", "0") != "0" or os.environ.get("FORCE_COLOR"):
        return True
    stream = sys.stdout if stream is None else stream
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def console(stderr: bool = False) -> Any:
    """A Rich console that follows `use_colour`: without styling it writes no escape code at all."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    if use_colour(stream):  # on a terminal, or forced onto a pipe (CLICOLOR_FORCE, which Rich does not read)
        return Console(stderr=stderr, highlight=False, force_terminal=True)
    # color_system=None drops bold and dim too (no_color=True keeps them); no terminal controls either.
    return Console(stderr=stderr, color_system=None, force_terminal=False, highlight=False, emoji=False)


def secho(message: str, err: bool = True, **style: Any) -> None:
    """`typer.secho` whose style is dropped unless `use_colour` allows it on that stream."""
    typer.secho(message, err=err, color=use_colour(sys.stderr if err else sys.stdout), **style)


def shows_progress() -> bool:
    """Progress bars only for a person at a terminal, on stderr, and never without styling."""
    return use_colour(sys.stderr) and sys.stderr.isatty()


ProgressCallback = Callable[[str, int, int], None]


@contextmanager
def progress(min_total: int = 0, delay: float = 0.0) -> Iterator[ProgressCallback | None]:
    """A progress callback `update(stage, done, total)` drawing a transient bar per stage on stderr.

    Yields None off a terminal (pass it on: the library then skips reporting). The bar appears only for
    a total of at least `min_total` items and after `delay` seconds of work, so quick runs stay silent.

        with progress(min_total=2000) as update:
            result = library.reconcile(root, progress=update)
    """
    if not shows_progress():
        yield None
        return
    started = time.monotonic()
    bar: Any = None
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            if total < min_total or time.monotonic() - started < delay:
                return
            from rich.progress import Progress

            bar = Progress(console=console(stderr=True), transient=True)
            bar.start()
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


@contextmanager
def working(message: str) -> Iterator[None]:
    """A transient spinner on stderr for work of unknown length (printing a PDF); nothing off a terminal."""
    if not shows_progress():
        yield
        return
    with console(stderr=True).status(message):
        yield
