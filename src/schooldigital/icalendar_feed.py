"""`sd calendar`: every dated duty as an iCalendar (RFC 5545) feed a calendar app can subscribe to.

UIDs come from what the duty is (register, record id, duty kind), never from its date: when a contract is
renewed and its notice deadline moves, a subscribed calendar moves the event instead of adding a second.
Events are all-day on the action date, with a reminder (VALARM) at each alert stage.

Descriptions name a record's file but not its line, so an event stays byte-identical when an unrelated
record moves. When an event's date changes, its SEQUENCE goes up by one, counted from the feed being
replaced (`sd calendar --output FILE` reads FILE first), so calendar apps accept the move as an update.

Asset duties are batched so 3,000 devices do not become 9,000 events: one event per model for vendor end
of support (all share the model's date), and one per model (warranty, replacement) or location (audit)
placed on the earliest date still open in that batch, listing the assets in its description.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from icalendar import Alarm, Calendar, Event

from schooldigital.checks.renewals import KINDS, DueItem
from schooldigital.derive import add_days

PRODID = "-//schooldigital//sd calendar//EN"
_GROUPED_BY_MODEL = ("warranty-end", "replacement-due", "end-of-support")


def _uid(key: str, urn: str) -> str:
    return f"{key}@{urn}.schooldigital"


# uid -> (start date, SEQUENCE) of the events in the feed being replaced.
Previous = dict[str, tuple[dt.date, int]]
_MAX_PREVIOUS_BYTES = 50 * 1024 * 1024


def previous_events(data: bytes) -> Previous:
    """The start date and SEQUENCE of each event of an earlier feed; empty when it is not one (too big or
    not iCalendar): then every SEQUENCE starts again from 0."""
    if len(data) > _MAX_PREVIOUS_BYTES:
        return {}
    try:
        cal = Calendar.from_ical(data)
        out: Previous = {}
        for event in cal.walk("VEVENT"):
            start = event.decoded("dtstart")
            day = start.date() if isinstance(start, dt.datetime) else start
            out[str(event["uid"])] = (day, int(event.get("sequence", 0)))
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
    return out


def _sequence(uid: str, day: dt.date, previous: Previous) -> int:
    before = previous.get(uid)
    if before is None:
        return 0
    return before[1] + (before[0] != day)


def _event(
    uid: str,
    day: dt.date,
    summary: str,
    description: str,
    stamp: dt.datetime,
    kind: str,
    previous: Previous,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    sequence = _sequence(uid, day, previous)
    if sequence:
        event.add("sequence", sequence)
    event.add("dtstart", day)
    event.add("dtend", add_days(day, 1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", [kind])
    event.add("transp", "TRANSPARENT")
    return event


def _alarms(event: Event, item: DueItem, today: dt.date) -> None:
    for stage in item.stages:
        if add_days(item.action_date, -stage) < today:
            continue
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{KINDS[item.kind]} in {stage} days: {item.title}")
        alarm.add("trigger", dt.timedelta(days=-stage))
        event.add_component(alarm)


def build_calendar(
    items: Sequence[DueItem], school: str, urn: str, today: dt.date, previous: Previous | None = None
) -> Calendar:
    """A calendar of `items` (from `renewals.all_duties`).

    Args:
        items: every duty; warranties already ended are left out (nothing to do on that date).
        school: the school name, for the calendar's title.
        urn: the school's URN, part of every UID so two schools' feeds never collide.
        today: DTSTAMP is midnight UTC of this day, so the same data on the same day gives the same bytes.
        previous: the events of the feed this one replaces (`previous_events`), for SEQUENCE.
    """
    previous = previous or {}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{school}: renewals and reviews")
    cal.add("x-published-ttl", "PT12H")
    stamp = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
    batches: dict[str, list[DueItem]] = {}
    for item in items:
        if item.state == "ended" and not item.needs_decision:
            continue
        if item.register == "assets":
            group = item.group if item.kind in _GROUPED_BY_MODEL or item.kind == "audit-due" else item.record_id
            batches.setdefault(f"assets/{group}/{item.kind}", []).append(item)
            continue
        desc = f"{item.action}\n\nRecord: {item.record_id} ({item.source.path})"
        summary = f"{KINDS[item.kind]}: {item.title}"
        event = _event(_uid(item.key, urn), item.action_date, summary, desc, stamp, item.kind, previous)
        _alarms(event, item, today)
        cal.add_component(event)
    for key, batch in sorted(batches.items()):
        cal.add_component(_batch_event(key, batch, urn, stamp, previous))
    return cal


def _batch_event(key: str, batch: list[DueItem], urn: str, stamp: dt.datetime, previous: Previous) -> Event:
    batch = sorted(batch, key=lambda i: (i.action_date, i.record_id))
    first = batch[0]
    label = first.group_label or first.group or first.record_id
    count = len(batch)
    summary = f"{KINDS[first.kind]}: {label}" + (f" ({count} assets)" if count > 1 else "")
    lines: list[Any] = [first.action if count == 1 else f"{count} assets, first on {first.action_date}:"]
    lines += [f"- {i.record_id} {i.action_date} ({i.source.path})" for i in batch[:200]]
    if count > 200:
        lines.append(f"... and {count - 200} more (sd check renewals --detail)")
    return _event(_uid(key, urn), first.action_date, summary, "\n".join(lines), stamp, first.kind, previous)


def calendar_bytes(
    items: Sequence[DueItem], school: str, urn: str, today: dt.date, previous: Previous | None = None
) -> bytes:
    return build_calendar(items, school, urn, today, previous).to_ical()


def school_calendar(
    root: Any, today: dt.date, previous: Previous | None = None
) -> tuple[bytes | None, list[Any], list[str]]:
    """The feed for the school at `root`, its problems and the invalid records left out of it; no feed only
    when school.yaml itself is unusable. A typo in one record never empties a subscribed calendar."""
    from schooldigital.checks.degrade import set_aside, valid_items
    from schooldigital.checks.renewals import all_duties
    from schooldigital.checks.run import load_checked

    loaded = load_checked(root)
    if loaded.registers is None:
        return None, loaded.problems, []
    regs = loaded.registers
    bad, skipped = set_aside(regs, loaded.governance, loaded.problems) if not loaded.ok else (set(), [])
    items = valid_items(all_duties(regs, today, loaded.governance, loaded.strategy), bad)
    feed = calendar_bytes(items, regs.config.name, regs.config.urn, today, previous)
    return feed, loaded.problems, skipped
