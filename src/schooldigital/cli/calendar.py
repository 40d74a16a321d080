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

    UIDs are stable, so a calendar subscribed to the file updates events instead of duplicating them; with
    --output, an event whose date changed since the file was last written gets the next SEQUENCE.
    With invalid data the feed on standard output still holds every valid record's dates, an --output file
    is left as it was; the problems and the records left out go to standard error, exit 2.
    Example: sd calendar --output /var/www/school/renewals.ics
    """
    from schooldigital.icalendar_feed import school_calendar

    day = today.date() if today is not None else dt.date.today()
    from schooldigital.problems import has_errors

    previous = None
    if output is not None and output.is_file():
        from schooldigital.icalendar_feed import previous_events

        try:
            previous = previous_events(output.read_bytes())
        except OSError:
            previous = None  # unreadable: it is replaced all the same, SEQUENCE counted afresh
    feed, problems, skipped = school_calendar(root(), day, previous)
    if feed is None:
        print_problems(problems)
        raise typer.Exit(2)
    invalid = has_errors(problems)
    if output is None:
        sys.stdout.buffer.write(feed)
        sys.stdout.buffer.flush()
    elif not invalid:  # a failing command changes no file: the subscribed feed stays as it was
        from schooldigital.store.atomic import atomic_write

        atomic_write(output, feed.decode("utf-8"))
        err(f"wrote {output}")
    if invalid:
        from schooldigital.checks.degrade import skipped_message

        print_problems(problems)
        if output is not None:
            err(f"sd: {output} was not written (it keeps its last good feed); fix the problems above")
        err(skipped_message(skipped, "the feed holds the dates"))
        raise typer.Exit(2)
