"""The `sd` command: Typer wiring only. Each command group lives in its own module and calls the library.

Nothing here imports pandas, Jinja2 or Pydantic at module level: `sd --help` and cron paths stay fast.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from schooldigital.cli import assets, badges, contracts, examples, info, jobs, leaders, schema, validate
from schooldigital.cli import calendar as calendar_cmd
from schooldigital.cli import check as check_cmd
from schooldigital.cli import diff as diff_cmd
from schooldigital.cli import imports as imports_cmd
from schooldigital.cli import init as init_cmd
from schooldigital.cli import reconcile as reconcile_cmd
from schooldigital.cli import report as report_cmd
from schooldigital.cli import standards as standards_cmd
from schooldigital.cli import survey as survey_cmd
from schooldigital.cli.common import EXIT_INVALID, STATE, environment_error
from schooldigital.cli.output import envelope, secho, to_json
from schooldigital.cli.version import show_version
from schooldigital.errors import UserError


class _Sd(TyperGroup):
    """Turns user and file-system errors into one line and exit 2, and bugs into one red line and exit 1, so no person
    ever sees a traceback unless they ask with --debug. Lives on the group so CliRunner tests see it too."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """`--debug` is accepted anywhere on the command line (before a `--`), as the error hint suggests
        adding it to the command just run: it is moved in front, where the root option reads it."""
        if ctx.parent is None and "--debug" in args:
            end = args.index("--") if "--" in args else len(args)
            if "--debug" in args[:end]:
                args = ["--debug"] + [a for a in args[:end] if a != "--debug"] + args[end:]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as error:
            problems = list(getattr(error, "problems", ()))
            for problem in problems:
                typer.echo(str(problem), err=True)
            typer.echo(f"sd: {error}", err=True)
            _json_error(str(error), problems)
            raise typer.Exit(EXIT_INVALID) from None
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt):
            raise
        except OSError as error:  # the file system said no: the person's to fix, so exit 2 like bad data
            if STATE.debug:
                traceback.print_exc()
            typer.echo(f"sd: {environment_error(error)}", err=True)
            _json_error(environment_error(error), [])
            raise typer.Exit(EXIT_INVALID) from None
        except Exception as error:  # noqa: BLE001 - the last line of defence
            if STATE.debug:
                traceback.print_exc()
            # the one styled message: red only where cli/output.py's use_colour allows (NO_COLOR, TERM=dumb, pipes)
            secho(f"sd: internal error: {type(error).__name__}: {error} (run with --debug for details)", fg="red")
            _json_error(f"internal error: {type(error).__name__}: {error}", [])
            raise typer.Exit(1) from None


def _json_error(message: str, problems: list[Any]) -> None:
    """After `--format json`, a failure is a JSON document on stdout as well (data null, the error and the
    problems), so a script reading stdout learns why; the same lines went to stderr for people."""
    if STATE.json_command is None:
        return
    document = envelope(None, STATE.json_command)
    document.update(error=message, problems=[p.to_dict() for p in problems])
    typer.echo(to_json(document))


app = typer.Typer(
    cls=_Sd,
    name="sd",
    help="Run your school's digital-technology governance from plain files in git.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _global(
    root: Annotated[
        Path | None,
        typer.Option(
            "--root", help="School repository (default: nearest school.yaml upward, or SD_ROOT).", show_default=False
        ),
    ] = None,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", envvar="SD_DEBUG", help="Show tracebacks for unexpected errors (anywhere on the command line)."
        ),
    ] = False,
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=show_version,
            is_eager=True,
            help="Show the sd, standards catalogue and Python versions, and exit.",
        ),
    ] = False,
) -> None:
    STATE.root, STATE.debug, STATE.json_command = root, debug, None


app.command("validate")(validate.validate)
app.command("schema")(schema.schema)
assets.app.command("import")(imports_cmd.import_assets)
assets.app.command("reconcile")(reconcile_cmd.reconcile)
contracts.app.command("import")(imports_cmd.import_contracts)
info.app.command("import")(imports_cmd.import_information)
app.add_typer(assets.app, name="assets")
app.add_typer(contracts.app, name="contracts")
app.add_typer(info.app, name="info")
app.add_typer(report_cmd.app, name="report")
app.add_typer(check_cmd.app, name="check")
app.add_typer(standards_cmd.app, name="standards")
app.command("calendar")(calendar_cmd.calendar)
app.add_typer(survey_cmd.app, name="survey")
app.add_typer(leaders.app, name="leaders")
app.add_typer(jobs.app, name="jobs")
app.add_typer(badges.app, name="badges")
report_cmd.app.command("leaders")(leaders.report)
app.command("init")(init_cmd.init)
app.command("diff")(diff_cmd.diff)
app.command("merge-driver", hidden=True)(diff_cmd.merge_driver)
examples.attach(app)


def main() -> None:
    """Entry point of the `sd` console script: builds only the commands this run needs (see cli/lazy.py)."""
    import os
    import sys

    from schooldigital.cli.lazy import for_args

    STATE.console = True
    if os.environ.get("_SD_COMPLETE"):  # a shell asking for Tab completions (cli/completion.py)
        from schooldigital.cli import completion

        completion.complete(for_args(app, completion.request_words() or []))
    for_args(app, sys.argv[1:])()
