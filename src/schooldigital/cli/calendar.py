"""`sd calendar`: the renewal and review dates as an iCalendar feed."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from schooldigital.cli.common import err, print_problems, root
from schooldigital.cli.output import Format, emit_json, format_option


def calendar(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the feed to FILE (default: standard output).")
    ] = None,
    today: Annotated[
        dt.datetime | None,
        typer.Option("--today", formats=["%Y-%m-%d"], help="Build as if today were this date.", show_default=False),
    ] = None,
    fmt: Annotated[
        Format,
        format_option(
            Format.text,
            Format.json,
            help="text: the iCalendar feed itself; json: its events (uid, date, sequence) and the file written.",
        ),
    ] = Format.text,
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
        if fmt is Format.json:
            emit_json({"events": [], "files": [], "problems": [p.to_dict() for p in problems]})
        raise typer.Exit(2)
    invalid = has_errors(problems)
    written = output is not None and not invalid
    if output is None and fmt is Format.text:
        sys.stdout.buffer.write(feed)
        sys.stdout.buffer.flush()
    elif written:  # a failing command changes no file: the subscribed feed stays as it was
        from schooldigital.store.atomic import atomic_write

        atomic_write(output, feed.decode("utf-8"))  # type: ignore[arg-type]
        err(f"wrote {output}")
    if fmt is Format.json:
        from schooldigital.icalendar_feed import previous_events

        events = [{"uid": u, "date": d, "sequence": n} for u, (d, n) in sorted(previous_events(feed).items())]
        emit_json(
            {"events": events, "files": [str(output)] if written else [], "problems": [p.to_dict() for p in problems]}
        )
    if invalid:
        from schooldigital.checks.degrade import skipped_message

        print_problems(problems)
        if output is not None:
            err(f"sd: {output} was not written (it keeps its last good feed); fix the problems above")
        err(skipped_message(skipped, "the feed holds the dates"))
        raise typer.Exit(2)
