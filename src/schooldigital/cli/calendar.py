"""`sd calendar`: the renewal and review dates as an iCalendar feed."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from schooldigital.cli.common import err, print_problems, root


def calendar(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the feed to FILE (default: standard output).")
    ] = None,
    today: Annotated[
        dt.datetime | None,
        typer.Option("--today", formats=["%Y-%m-%d"], help="Build as if today were this date.", show_default=False),
    ] = None,
) -> None:
    """Write every deadline (notice dates, expiries, end of support, audits, reviews) as an iCalendar feed.

    UIDs are stable, so a calendar subscribed to the file updates events instead of duplicating them.
    Exit 2 when the data is invalid. Example: sd calendar --output /var/www/school/renewals.ics
    """
    from schooldigital.icalendar_feed import school_calendar

    day = today.date() if today is not None else dt.date.today()
    feed, problems = school_calendar(root(), day)
    if feed is None:
        print_problems(problems)
        raise typer.Exit(2)
    if output is None:
        sys.stdout.buffer.write(feed)
        sys.stdout.buffer.flush()
        return
    from schooldigital.store.atomic import atomic_write

    atomic_write(output, feed.decode("utf-8"))
    err(f"wrote {output}")
