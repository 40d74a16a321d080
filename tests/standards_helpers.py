"""Reading one check or standard out of `evaluate`'s results, for the standards tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from schooldigital.checks.standards import evaluate
from schooldigital.registers import load_registers


def results(root: Path, today: dt.date, **kwargs: Any) -> list[Any]:
    regs, problems = load_registers(root)
    assert regs is not None, problems
    return evaluate(regs, today, **kwargs)


def check(root: Path, today: dt.date, cid: str) -> Any:
    """The outcome of one check (e.g. `servers-1-supported`), by its id."""
    [found] = [c.outcome for r in results(root, today) for c in r.checks if c.id == cid]
    return found


def standard(root: Path, today: dt.date, sid: str) -> Any:
    [found] = [r for r in results(root, today) if r.id == sid]
    return found
