"""When `sd check renewals` last ran for a repository, so cron never misses an alert stage.

An upcoming item is listed on the first run on or after the day it enters each alert stage. With a
Monday-to-Friday crontab, a stage entered on Saturday or Sunday must show on Monday: the run needs to know
that the previous one was on Friday. That day is kept outside the work tree, in the user's cache folder
(store/cache.py), in a file named by a hash of the repository's path, and it is trusted for nothing but
"since when": a file that does not hold two plain dates is ignored, as is a date after today (a `--today`
run in the past). Two runs on one day cover the same days, so re-running by hand repeats the first output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from schooldigital.store.cache import cache_home

_MAX_BYTES = 64


def _state_file(root: Path) -> Path | None:
    home = cache_home()
    if home is None:
        return None
    try:
        resolved = root.resolve()
        if home.resolve().is_relative_to(resolved):  # never inside the school: a pull request could plant it
            return None
    except OSError:
        return None
    return home / "runs" / (hashlib.sha256(str(resolved).encode()).hexdigest()[:32] + ".txt")


def _read(path: Path) -> tuple[dt.date, dt.date | None] | None:
    """(last run day, the run day before it) or None when absent or not two plain dates."""
    try:
        with path.open("rb") as fh:
            words = fh.read(_MAX_BYTES).decode("ascii").split()
        days = [dt.date.fromisoformat(w) for w in words]
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if len(days) == 1:
        return days[0], None
    if len(days) == 2 and days[1] < days[0]:
        return days[0], days[1]
    return None


def days_since(root: Path, today: dt.date) -> int | None:
    """Days since the previous run before `today` for the repository at `root`; None on the first run or
    when that is not known (no cache folder, an unreadable or meaningless record, a run dated after today)."""
    path = _state_file(root)
    state = None if path is None else _read(path)
    if state is None:
        return None
    last, before = state
    if last < today:
        return (today - last).days
    if last == today and before is not None:
        return (today - before).days
    return None


def remember(root: Path, today: dt.date) -> None:
    """Record a run on `today` (keeping the previous run day when it was already recorded today).
    A run dated before the last one is not recorded; a folder that cannot be written is no error."""
    path = _state_file(root)
    if path is None:
        return
    state = _read(path)
    if state is None:
        text = today.isoformat()
    elif state[0] < today:
        text = f"{today.isoformat()} {state[0].isoformat()}"
    else:
        return  # already recorded today, or a run dated in the past
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text + "\n", encoding="ascii")
        os.replace(tmp, path)
    except OSError:
        pass
