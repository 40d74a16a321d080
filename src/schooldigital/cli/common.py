"""What every command shares: the school root, output formats, and printing problems.

Imports only the stdlib and typer at module level so `sd --help` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from schooldigital.problems import Problem

EXIT_OK, EXIT_ATTENTION, EXIT_INVALID = 0, 1, 2


@dataclass
class State:
    root: Path | None = None
    debug: bool = False
    # True under the `sd` console script, False in CliRunner tests: read-only commands may then `hard_exit`.
    console: bool = False


STATE = State()


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[ProblemFormat, typer.Option("--format", help="text for people, json for programs.")]
ListFormatOpt = Annotated[ListFormat, typer.Option("--format", help="table, json or csv (spreadsheet-safe).")]
MaxErrorsOpt = Annotated[int, typer.Option("--max-errors", min=1, help="Stop listing after this many problems.")]
SelectOpt = Annotated[list[str] | None, typer.Option("--select", help="Only these problem codes (repeatable).")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Leave out these problem codes (repeatable).")]
CommitOpt = Annotated[
    bool | None,
    typer.Option("--commit/--no-commit", help="Commit the change to git (default: policy.commit in school.yaml)."),
]
MessageOpt = Annotated[str | None, typer.Option("-m", "--message", help="Add this to the generated commit message.")]
# Every import reads workbooks (issue 20): which sheet, and which row holds the column names.
SheetOpt = Annotated[
    str | None, typer.Option("--sheet", help="The workbook sheet to read (default: the first visible sheet).")
]
HeaderRowOpt = Annotated[
    int | None,
    typer.Option("--header-row", min=1, help="The workbook row holding the column names (default: found)."),
]


def root() -> Path:
    """The school root for this invocation (raises a UserError the entry point prints)."""
    from schooldigital.layout import find_root

    return find_root(STATE.root)


def short_lived() -> None:
    """Under the console script, turn the cyclic garbage collector off for the rest of a read-only run that
    ends in `hard_exit`: switched back on after loading, its first pass would walk every cell of a 100k-row
    register (60 ms, issue 2) to find nothing. Tests (CliRunner) keep it."""
    if STATE.console:
        import gc

        gc.disable()


def hard_exit(code: int) -> None:
    """Under the console script, leave now without freeing every object one by one, as mypy does: after
    `sd validate` on a 100k-row register that teardown is a tenth of the run (issue 2). For read-only
    commands, once their output is printed; elsewhere (tests) it returns and the caller exits as usual."""
    if STATE.console:
        import os

        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe (`sd validate | head`): nothing more can be shown
            pass
        os._exit(code)


def environment_error(error: OSError) -> str:
    """One line for a file-system failure (permissions, a missing folder, a full disk): the path and why.

    A failed write names its target, not sd's temporary file; the writes are atomic, so the file named is
    as it was before.
    """
    from schooldigital.store.atomic import written_path

    path = error.filename2 if error.filename2 is not None else error.filename
    path = written_path(str(path)) if path is not None else None
    reason = error.strerror or type(error).__name__
    if path is None:
        return f"{reason}; nothing was changed"
    return f"{path}: {reason}; nothing was changed (check the path exists and can be written)"


def err(message: str) -> None:
    typer.echo(message, err=True)


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    err(f"sd: {message}")
    raise typer.Exit(code)


def print_problems(problems: list[Problem], fmt: ProblemFormat = ProblemFormat.text, max_errors: int = 1000) -> None:
    """Problems as `path:line:col: severity code: message` on stderr, or a JSON list on stdout."""
    problems = sorted(problems, key=lambda p: p.sort_key())  # the same order on every run
    shown = problems[:max_errors]
    if fmt is ProblemFormat.json:
        dump_json([p.to_dict() for p in shown])
        return
    for problem in shown:
        err(str(problem))
    if len(problems) > max_errors:
        err(f"stopped after {max_errors} problems ({len(problems)} in all); use --max-errors to see more")


def dump_json(data: Any) -> None:
    import json  # not at the top: `sd --help` loads this module and must stay close to bare typer's start-up

    typer.echo(json.dumps(data, indent=2, default=str, ensure_ascii=False))


def interactive() -> bool:
    """Prompt only when a person is at a terminal; scripts and CI get flags-only behaviour."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@dataclass
class Mutation:
    """What one mutating command wrote; filled in by the command, acted on by `mutation()`."""

    root: Path
    commit: bool
    message: str | None
    written: list[Path] = field(default_factory=list)
    summary: str = ""

    def done(self, written: list[Path], summary: str) -> None:
        """Record the files written and a one-line summary (the commit subject, e.g. `assets: add RP-00321`)."""
        self.written, self.summary = list(written), summary


@contextmanager
def mutation(commit: bool | None, message: str | None) -> Iterator[Mutation]:
    """Wrap every mutating command: checks git preconditions before anything is written, then reports
    what was written and, with --commit (or policy.commit in school.yaml), commits exactly those files.

        with mutation(commit, message) as m:
            written, summary = library.add_thing(m.root, ...)
            m.done(written, summary)
    """
    from schooldigital.git import ops as gitops

    school = root()
    change = Mutation(school, gitops.wants_commit(school, commit), message)
    if change.commit:
        gitops.ready_to_commit(school)  # refuse before anything is written
    yield change
    for path in change.written:
        err(f"wrote {path}")
    if not change.written:  # byte for byte what was there: a harmless re-run (issue 22)
        said = change.summary if change.summary.startswith("no change") else "no change"
        err(f"{said}; nothing written" + (" or committed" if change.commit else ""))
        return
    if change.commit:
        if not gitops.changed(school, change.written):
            err("no change to commit: the files written are as in the last commit")
            return
        from schooldigital.git.messages import commit_message

        subject, body = commit_message(school, change.summary or "sd: update registers", change.written, message)
        err(f"committed {gitops.commit_files(school, change.written, subject, body)}: {subject}")
