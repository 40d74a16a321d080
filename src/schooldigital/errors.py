"""Failures that are the user's or the environment's, not bugs: shown as one line, exit status 2."""

from __future__ import annotations


class UserError(Exception):
    """A message for a person (what is wrong and what to do); the CLI prints it without a traceback."""


class InvalidData(UserError):
    """A change would leave the school invalid; raised inside a transaction so nothing is written."""

    def __init__(self, problems: list) -> None:  # type: ignore[type-arg]
        # file, row, column, code: the same order on every run (a set's order changes with the hash seed)
        self.problems = sorted(problems, key=lambda p: p.sort_key())
        super().__init__(f"nothing was written: {len(problems)} problem(s) found")
