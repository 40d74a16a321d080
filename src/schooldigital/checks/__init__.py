"""Checks: pure functions from loaded registers to problems, run so one crash never hides the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from schooldigital.problems import Problem, Source

T = TypeVar("T")


def run_all(checks: Sequence[Callable[[T], Iterable[Problem]]], subject: T) -> list[Problem]:
    """Run every check; a check that crashes becomes a `check-crashed` problem naming it."""
    problems: list[Problem] = []
    for check in checks:
        try:
            problems.extend(check(subject))
        except Exception as err:  # noqa: BLE001 - a bug in one check must not hide the others
            msg = f"check `{check.__name__}` failed: {type(err).__name__}: {err}"
            problems.append(Problem(Source("-"), "check-crashed", msg))
    return problems
