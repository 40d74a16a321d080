"""`sd report ...`: documents people read (the strategy draft, the governors' pack, register summaries).

Wiring only: each command calls `schooldigital.reports.render_report` and prints or writes the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from schooldigital.cli import common
from schooldigital.cli.output import Format, format_option, working

app = typer.Typer(help="Reports in Markdown or HTML: strategy draft, governors' pack, registers.", no_args_is_help=True)


ReportFormatOpt = Annotated[
    Format,
    format_option(
        Format.markdown,
        Format.html,
        Format.pdf,
        Format.json,
        help="markdown, html (one self-contained file), pdf (A4, needs --output) or json (the report's figures).",
    ),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.")
]
TodayOpt = Annotated[
    str | None, typer.Option("--today", help="Report as of this date, YYYY-MM-DD (default: today).", show_default=False)
]
PdfOpt = Annotated[
    Path | None,
    typer.Option("--pdf", hidden=True, help="Also print the HTML to this PDF file (kept for old scripts)."),
]


def parse_today(value: str | None) -> dt.date:
    from schooldigital.cli.assets import parse_date

    return parse_date(value, "--today") or dt.date.today()


def library_format(fmt: Format) -> str:
    """The name the renderers use: `md` for Markdown, `html` for HTML and for a PDF's HTML."""
    return "md" if fmt is Format.markdown else "html"


def _run(name: str, fmt: Format, output: Path | None, today: str | None, pdf: Path | None) -> None:
    from schooldigital.reports import render_report

    day = parse_today(today)
    if fmt is Format.json:
        from schooldigital.problems import Severity
        from schooldigital.reports import build_view

        view, problems = build_view(common.root(), name, day)
        deliver_json(view, output, errors=sum(1 for p in problems if p.severity is Severity.ERROR))
        return
    if fmt is Format.pdf:
        if output is None:
            common.err("sd: --format pdf needs --output FILE.pdf (a PDF is not printed to the terminal)")
            raise typer.Exit(common.EXIT_INVALID)
        output, pdf = None, output
    if pdf is not None:
        fmt = Format.html
    report = render_report(common.root(), name, library_format(fmt), day)
    if pdf is not None and output is None:
        deliver(report.text, "pdf", pdf)
        left_out(report.error_count)
        return
    deliver(report.text, library_format(fmt), output)
    if pdf is not None:
        deliver(report.text, "pdf", pdf)
    left_out(report.error_count)


def deliver(text: str, fmt: str, output: Path | None) -> None:
    """Print or write a rendered report; `pdf` prints the HTML `text` to A4 at `output` (which it needs).

    Every report command (sd report ..., sd report leaders, sd survey report) delivers through here, so all
    take the same `--format markdown|html|pdf`, `--output` and `--today` (issue 14). Printing a PDF takes
    seconds: a person at a terminal sees a spinner on stderr meanwhile.
    """
    if fmt == "pdf":
        if output is None:
            common.err("sd: --format pdf needs --output FILE.pdf (a PDF is not printed to the terminal)")
            raise typer.Exit(common.EXIT_INVALID)
        from schooldigital.render.browser import html_to_pdf

        with working("printing the PDF"):
            html_to_pdf(text, output)
        common.err(f"wrote {output}")
    elif output is not None:
        from schooldigital.store.atomic import atomic_write

        atomic_write(output, text)
        common.err(f"wrote {output}")
    else:
        typer.echo(text, nl=False)


def deliver_json(view: dict[str, Any], output: Path | None, errors: int | None) -> None:
    """A report's figures for programs: the data its templates receive, in the versioned JSON envelope,
    with how many records with errors were left out (None: a report that leaves none out); printed or
    written like the document would be."""
    from schooldigital.cli.output import envelope, to_json

    data = view if errors is None else {**view, "left_out_with_errors": errors}
    deliver(to_json(envelope(data)) + "\n", "json", output)
    left_out(errors or 0)


def left_out(errors: int) -> None:
    """Exit 2 after a report rendered from registers with errors (README: 2 means invalid data).

    The report is still printed or written, with its note, because a governors' pack is wanted the night
    before the meeting; the exit status tells scripts and CI it is incomplete.
    """
    if errors:
        common.err(
            f"sd: {errors} problem(s) in the registers; records with errors are left out of this report "
            "(run `sd validate`)"
        )
        raise typer.Exit(common.EXIT_INVALID)


def _command(name: str, doc: str) -> Callable[..., None]:
    def command(
        fmt: ReportFormatOpt = Format.markdown,
        output: OutputOpt = None,
        today: TodayOpt = None,
        pdf: PdfOpt = None,
    ) -> None:
        _run(name, fmt, output, today, pdf)

    command.__doc__ = doc
    command.__name__ = name
    return command


app.command("strategy")(
    _command(
        "strategy",
        """The strategy draft: vision, where the school stands (standards, estate, spend, staff, Digital
        Leaders), objectives by pillar, pilots, the plan and budget by year, and questions for governors.

        Example: sd report strategy --format html --output strategy.html""",
    )
)
app.command("governors")(
    _command(
        "governors",
        """A short pack for a governors' meeting: headline figures, standards, risks, renewals and questions.
        No pupil data; staff results only in aggregate.

        Example: sd report governors --format html --output governors.html""",
    )
)
app.command("assets")(
    _command(
        "assets",
        """The asset register in summary: estate by category and age, devices past support, replacement forecast.

        Example: sd report assets --today 2026-11-22""",
    )
)
app.command("contracts")(
    _command(
        "contracts",
        """The contracts register in summary: spend by type, live contracts and the decisions due in 12 months.

        Example: sd report contracts --format html -o contracts.html""",
    )
)
app.command("renewals")(
    _command(
        "renewals",
        """Every contract decision and dated duty in the next 12 months, overdue items first.

        Example: sd report renewals""",
    )
)
app.command("standards")(
    _command(
        "standards",
        """Status against the DfE digital and technology standards, with the next step for each.

        Example: sd report standards --format html -o standards.html""",
    )
)
