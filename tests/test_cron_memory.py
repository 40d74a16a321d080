"""Cron that never misses (issue 13): whatever the days between runs, an upcoming item is listed on the first run
on or after the day it enters each alert stage, and on no other run. `sd check renewals` remembers the day of
its last run per repository, outside the work tree."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from jsonout import payload
from renewals_school import contract, make_school
from schooldigital.store.cache import cache_home

START = dt.date(2026, 10, 5)  # a Monday
STAGES = (90, 30, 7)  # the tiny school's alert_days


def _school(tmp_path: Path) -> tuple[Path, dict[tuple[str, int], dt.date]]:
    """Contracts whose every alert stage begins on each day from a week before START to three weeks after, and
    the day each (contract, stage) begins."""
    text, entries = "", {}
    for stage in STAGES:
        for offset in range(-7, 22):
            end = START + dt.timedelta(days=offset + stage)
            cid = f"s{stage}d{offset + 7}"
            text += contract(cid, end_date=end.isoformat(), start_date="2020-01-01")
            for each in STAGES:
                entries[(f"contracts/{cid}/contract-end", each)] = end - dt.timedelta(days=each)
    return make_school(tmp_path, contracts=text), entries


def _run(sd, root: Path, day: dt.date, *extra: str) -> list[tuple[str, int]]:
    result = sd("check", "renewals", "--today", day.isoformat(), "--format", "json", *extra, root=root)
    assert result.exit_code in (0, 1), result.stderr
    return [(i["key"], i["stage"]) for i in payload(result.stdout) if i["state"] == "upcoming"]


def _check(sd, root: Path, entries: dict[tuple[str, int], dt.date], days: list[dt.date], since: dt.date) -> None:
    shown: Counter[tuple[str, int]] = Counter()
    for i, day in enumerate(days):
        shown.update(_run(sd, root, day, *(("--every", str((day - since).days + 1)) if i == 0 else ())))
    expected = {k for k, entered in entries.items() if since <= entered <= days[-1]}
    assert set(shown) == expected
    assert all(n == 1 for n in shown.values()), [k for k, n in shown.items() if n > 1]


def test_a_fortnight_of_weekday_runs_shows_every_stage_once(tmp_path: Path, sd) -> None:
    root, entries = _school(tmp_path / "t")
    days = [START + dt.timedelta(days=d) for d in range(15) if (START + dt.timedelta(days=d)).weekday() < 5]
    assert days[-1].weekday() == 0 and len(days) == 11  # Mon..Fri twice, then the third Monday
    _check(sd, root, entries, days, START)
    weekend = START + dt.timedelta(days=12)  # the second Saturday: shown on the Monday after it
    assert any(entered == weekend for entered in entries.values())


def test_weekly_runs_show_every_stage_once(tmp_path: Path, sd) -> None:
    root, entries = _school(tmp_path / "t")
    days = [START + dt.timedelta(days=7 * w) for w in range(4)]
    _check(sd, root, entries, days, START - dt.timedelta(days=6))  # `--every 7` on the first run


def test_runs_with_gaps_and_reruns_show_every_stage_once(tmp_path: Path, sd) -> None:
    root, entries = _school(tmp_path / "t")
    days = [START + dt.timedelta(days=d) for d in (0, 1, 4, 4, 11, 12, 19)]
    shown: Counter[tuple[str, int]] = Counter()
    last: list[tuple[str, int]] = []
    for i, day in enumerate(days):
        items = _run(sd, root, day)
        if i and day == days[i - 1]:
            assert items == last  # a re-run by hand on the same day repeats the first output
            continue
        last = items
        shown.update(items)
    assert set(shown) == {k for k, entered in entries.items() if START <= entered <= days[-1]}
    assert all(n == 1 for n in shown.values())


def test_the_memory_lives_outside_the_work_tree(tmp_path: Path, sd) -> None:
    root, _ = _school(tmp_path / "t")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    _run(sd, root, START)
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    home = cache_home()
    assert home is not None and list((home / "runs").glob("*.txt"))


def test_a_meaningless_memory_is_ignored(tmp_path: Path, sd) -> None:
    root, entries = _school(tmp_path / "t")
    _run(sd, root, START)
    home = cache_home()
    assert home is not None
    for state in (home / "runs").glob("*.txt"):
        state.write_text("import os; os.system('x')\n")
    day = START + dt.timedelta(days=3)
    assert set(_run(sd, root, day)) == {k for k, entered in entries.items() if entered == day}  # as --every 1
