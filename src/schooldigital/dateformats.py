"""Is a `--date-format` (or a `date_format:` in a file) a format sd can read dates with? One answer for every command.

A format is accepted when it reads back, exactly, the dates it writes: two sample days are written with it
(`strftime`) and read back (`strptime`), and both must come back as the same day. That refuses a directive
strptime does not know (`%Q`, `%-d`), a format with no day, month or year in it (`hello`, `%d/%m`, `%H:%M`),
a repeated or literal part (`%d/%d/%Y`, `%d/12/%Y`) and a stray `%`. Time and zone parts may follow the date
(`%m/%d/%Y %H:%M:%S`, as Forms exports write). Checking up front matters: an export whose dates happen to be
ISO never reaches strptime, so a mistyped format would otherwise be accepted without a word.
"""

from __future__ import annotations

import datetime as dt
import re

from schooldigital.errors import UserError

# 31 December: day and month cannot be confused, and two-digit fields are full; 2 January: single digits and a
# new year, so a literal `12` or `2026` typed into the format does not read back.
SAMPLES = (dt.datetime(2026, 12, 31, tzinfo=dt.UTC), dt.datetime(2027, 1, 2, tzinfo=dt.UTC))
EXPECTED = "expected a strptime format such as %d/%m/%Y"


def format_problem(date_format: str) -> str | None:
    """Why `date_format` cannot read dates (one clause, no trailing advice), or None when it can."""
    for sample in SAMPLES:
        try:
            written = sample.strftime(date_format)
            back = dt.datetime.strptime(written, date_format)
        except re.error:
            return "it gives a part twice"
        except ValueError as error:  # Python's own words, without the format it repeats: `'Q' is a bad directive`
            said, known, _ = str(error).partition(" in format ")
            return f"strptime cannot read it ({said})" if known else "it cannot read back the dates it writes"
        lost = [part for part in ("day", "month", "year") if getattr(back, part) != getattr(sample, part)]
        if lost:
            said = ", ".join(lost[:-1]) + (" and " if len(lost) > 1 else "") + lost[-1]
            return f"it does not say the {said} (e.g. %d, %m, %Y)"
    return None


def require_format(date_format: str | None, option: str = "--date-format") -> str | None:
    """`date_format` unchanged when usable (or None when not given); UserError in one line otherwise."""
    if date_format is None:
        return None
    reason = format_problem(date_format)
    if reason:
        raise UserError(f"{option} {date_format!r}: {reason}; {EXPECTED}")
    return date_format
