"""What every command shares: the school root, output formats, printing problems, and the write wrapper.

Imports only the stdlib and typer at module level so `sd --help` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from schooldigital.cli.output import Format, emit_json, format_option

if TYPE_CHECKING:
    from schooldigital.problems import Problem

EXIT_OK, EXIT_ATTENTION, EXIT_INVALID = 0, 1, 2


@dataclass
class State:
    root: Path | None = None
    debug: bool = False
    # True under the `sd` console script, False in CliRunner tests: read-only commands may then `hard_exit`.
    console: bool = False
    # The command, when this run asked for `--format json`: an error is then a JSON document on stdout too.
    json_command: str | None = None


STATE = State()


FormatOpt = Annotated[Format, format_option(Format.text, Format.json, help="text for people, json for programs.")]
ListFormatOpt = Annotated[
    Format, format_option(Format.text, Format.json, Format.csv, help="text (a table), json or csv (spreadsheet-safe).")
]
WriteFormatOpt = Annotated[
    Format,
    format_option(
        Format.text, Format.json, help="text for people; json: the records created or changed and the files written."
    ),
]
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


def date_format_option(value: str | None) -> str | None:
    """The callback of every `--date-format`: a format that cannot read dates is refused before anything is read
    or written, in one line, exit 2 (`schooldigital.dateformats` says what is accepted)."""
    from schooldigital.dateformats import require_format

    return require_format(value)


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


def print_problems(problems: list[Problem], fmt: Format = Format.text, max_errors: int = 1000) -> None:
    """Problems as `path:line:col: severity code: message` on stderr, or a JSON list on stdout."""
    problems = sorted(problems, key=lambda p: p.sort_key())  # the same order on every run
    shown = problems[:max_errors]
    if fmt is Format.json:
        emit_json([p.to_dict() for p in shown])
        return
    for problem in shown:
        err(str(problem))
    if len(problems) > max_errors:
        err(f"stopped after {max_errors} problems ({len(problems)} in all); use --max-errors to see more")


def dump_json(data: Any) -> None:
    """A document in a format of its own (a JSON Schema, an Open Badges assertion) as it is, without the
    envelope of cli/output.py: what a command reports goes through `emit_json`."""
    import json  # not at the top: `sd --help` loads this module and must stay close to bare typer's start-up

    typer.echo(json.dumps(data, indent=2, default=str, ensure_ascii=False))


def interactive() -> bool:
    """Prompt only when a person is at a terminal; scripts and CI get flags-only behaviour."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@dataclass
class Mutation:
    """What one mutating command wrote; filled in by the command, acted on by `mutation()`.

    `created` and `changed` hold the ids of the records the command added or changed, `details` anything
    else a script may want; with `--format json` they are printed as one JSON document on stdout, and
    `say` lines (the text for people, such as a new id) are printed only in text format.
    """

    root: Path
    commit: bool
    message: str | None
    fmt: Format = Format.text
    written: list[Path] = field(default_factory=list)
    summary: str = ""
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def done(
        self, written: list[Path], summary: str, *, created: Sequence[str] = (), changed: Sequence[str] = ()
    ) -> None:
        """Record the files written and a one-line summary (the commit subject, e.g. `assets: add RP-00321`),
        and the ids of the records created or changed."""
        self.written, self.summary = list(written), summary
        made = set(self.created)  # sets, not the lists: an import may name 100,000 ids
        self.created += [c for c in dict.fromkeys(created) if c not in made]
        known = {*self.created, *self.changed}
        self.changed += [c for c in dict.fromkeys(changed) if c not in known]

    def record(self, result: tuple[list[Path], str], *, changed: Sequence[str] = ()) -> None:
        """`done` for a library result `(written, summary)`; one that created a record names it as `.id`."""
        written, summary = result
        rid = getattr(result, "id", None)
        self.done(written, summary, created=[rid] if rid else [], changed=changed)

    def say(self, line: str) -> None:
        """A line of output for people (stdout, text format only), printed once the write has succeeded."""
        self.lines.append(line)

    def to_dict(self, committed: str | None) -> dict[str, Any]:
        return {
            "created": self.created,
            "changed": self.changed,
            "files": [_shown(self.root, p) for p in self.written],
            "commit": committed,
            "summary": self.summary,
            **self.details,
        }


def _shown(root: Path, path: Path) -> str:
    """A written file as a path from the school root (`registers/assets.csv`), as in problems; the library
    gives some as absolute paths, some already from the root."""
    path = Path(path)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


@contextmanager
def mutation(commit: bool | None, message: str | None, fmt: Format = Format.text) -> Iterator[Mutation]:
    """Wrap every mutating command: checks git preconditions before anything is written, then reports
    what was written and, with --commit (or policy.commit in school.yaml), commits exactly those files.
    Messages go to stderr; stdout gets the command's `say` lines, or with `--format json` one document
    naming the records created or changed, the files written and the commit.

        with mutation(commit, message, fmt) as m:
            written, summary = library.add_thing(m.root, ...)
            m.done(written, summary, created=[new_id])
    """
    from schooldigital.git import ops as gitops

    school = root()
    change = Mutation(school, gitops.wants_commit(school, commit), message, fmt)
    if change.commit:
        gitops.ready_to_commit(school)  # refuse before anything is written
    yield change
    committed = None
    for path in change.written:
        err(f"wrote {path}")
    if not change.written:  # byte for byte what was there: a harmless re-run (issue 22)
        said = change.summary if change.summary.startswith("no change") else "no change"
        err(f"{said}; nothing written" + (" or committed" if change.commit else ""))
    elif change.commit:
        if not gitops.changed(school, change.written):
            err("no change to commit: the files written are as in the last commit")
        else:
            from schooldigital.git.messages import commit_message

            subject, body = commit_message(school, change.summary or "sd: update registers", change.written, message)
            committed = gitops.commit_files(school, change.written, subject, body)
            err(f"committed {committed}: {subject}")
    if fmt is Format.json:
        emit_json(change.to_dict(committed))
    elif change.lines:
        typer.echo("\n".join(change.lines))  # one write: an import may say 100,000 ids
