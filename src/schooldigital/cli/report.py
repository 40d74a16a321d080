"""`sd report ...`: documents people read (the strategy draft, the governors' pack, register summaries).

Wiring only: each command calls `schooldigital.reports.render_report` and prints or writes the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from schooldigital.cli import common

app = typer.Typer(help="Reports in Markdown or HTML: strategy draft, governors' pack, registers.", no_args_is_help=True)


class ReportFormat(StrEnum):
    md = "md"
    html = "html"


FmtOpt = Annotated[ReportFormat, typer.Option("--format", help="md (Markdown) or html (one self-contained file).")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.")
]
TodayOpt = Annotated[
    str | None, typer.Option("--today", help="Report as of this date, YYYY-MM-DD (default: today).", show_default=False)
]
PdfOpt = Annotated[
    Path | None, typer.Option("--pdf", help="Also print the HTML to this PDF file with headless Chromium.")
]


def _parse_today(value: str | None) -> dt.date:
    from schooldigital.cli.assets import parse_date

    return parse_date(value, "--today") or dt.date.today()


def _run(name: str, fmt: ReportFormat, output: Path | None, today: str | None, pdf: Path | None) -> None:
    from schooldigital.reports import render_report, write_report

    day = _parse_today(today)
    if pdf is not None and fmt is not ReportFormat.html:
        fmt = ReportFormat.html
    report = render_report(common.root(), name, fmt.value, day)
    if output is not None:
        write_report(report, output)
        common.err(f"wrote {output}")
    elif pdf is None:
        typer.echo(report.text, nl=False)
    if pdf is not None:
        from schooldigital.render.browser import html_to_pdf

        html_to_pdf(report.text, pdf)
        common.err(f"wrote {pdf}")
    left_out(report.error_count)


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
        fmt: FmtOpt = ReportFormat.md,
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
