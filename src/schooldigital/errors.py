"""Failures that are the user's or the environment's, not bugs: shown as one line, exit status 2."""

from __future__ import annotations


class UserError(Exception):
    """A message for a person (what is wrong and what to do); the CLI prints it without a traceback."""
