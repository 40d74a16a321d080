"""Dates as consoles write them, each distinct day parsed once (a 100,000-row export holds a few hundred days).

Google writes RFC 3339 (`2026-11-20T08:15:02.123Z`) or, for the AUE, epoch milliseconds, `2027-06`,
`Jun 2027` or a date; Intune `2026-11-20 08:15:02.0000000` with `0001-01-01 …` for "never"; Jamf the admin's
format, or `Wednesday, November 18 2020 at 6:03 AM`. Month-only values (an AUE month) give the month's first
day: the conservative "eligible until" (device-consoles.md §7). A numeric date such as `03/04/2026` could be
day-first or month-first: it is never guessed, and needs --date-format, as in every import.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), 1)}  # fmt: skip
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_MONTH_YEAR = re.compile(r"([a-z]{3})[a-z]*\.?,? (\d{4})$")
_LONG = re.compile(r"(?:[a-z]+, )?([a-z]{3})[a-z]* (\d{1,2}),? (\d{4})$")
NEVER = ("0001-01-01", "9999-12-31", "1970-01-01")


class NumericDate(ValueError):
    """A dd/mm or mm/dd date: which one only the person who exported the file can say (--date-format)."""


def day_parts(cells: list[str]) -> list[str]:
    """`day_part` of every cell; ISO timestamps (nearly every cell of a big export) cut at C speed."""
    distinct = set(cells)
    if len(distinct) * 4 < len(cells):  # an AUE column: a few months, each written many times
        return list(map({c: _day_part(c) for c in distinct}.__getitem__, cells))
    return [c[:10] if len(c) > 10 and c[4] == "-" and c[10] in "T " else _day_part(c) for c in cells]


def parse_day(day: str, date_format: str | None = None) -> dt.date | None:
    """A day part as a date (None for "never"); ValueError for text that is not a date."""
    return _parse(day, date_format)


def _day_part(text: str) -> str:
    """The part of a timestamp that names the day: time and zone cut off."""
    text = text.strip()
    if len(text) > 10 and text[4:5] == "-" and text[10] in "T ":
        return text[:10]
    cut = text.find(" at ")
    if cut > 0:
        return text[:cut]
    if ":" in text:
        return text.rsplit(" ", 1)[0] if text.count(" ") == 1 or text.endswith(("AM", "PM")) else text
    return text


def _parse(text: str, date_format: str | None) -> dt.date | None:
    low = text.casefold().strip()
    if not low or low.startswith(NEVER) or low in ("never", "n/a", "-"):
        return None
    if date_format:  # the export's own format first; its ISO and month-only columns still read as themselves
        try:
            return dt.datetime.strptime(text, date_format).date()
        except ValueError:
            pass
    if low.isdigit() and len(low) >= 11:  # epoch milliseconds, as the API's autoUpdateExpiration
        return dt.datetime.fromtimestamp(int(low) / 1000, dt.UTC).date()
    if len(low) == 10 and low[4] == "-":
        return dt.date.fromisoformat(low)
    if len(low) == 7 and low[4] == "-":
        return dt.date(int(low[:4]), int(low[5:]), 1)
    if _NUMERIC.match(low):
        raise NumericDate(text)
    if (match := _MONTH_YEAR.match(low)) and match[1] in _MONTHS:
        return dt.date(int(match[2]), _MONTHS[match[1]], 1)
    if (match := _LONG.match(low)) and match[1] in _MONTHS:
        return dt.date(int(match[3]), _MONTHS[match[1]], int(match[2]))
    raise ValueError(text)
