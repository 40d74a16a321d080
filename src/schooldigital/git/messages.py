"""Commit messages for `--commit`: a subject with the values (old -> new) and a body of one line per record.

The body is `sd diff` of the last commit against the files written, so a message reads like the review
does: records by name, disposals with their evidence, the first ten records and then a count (issue 18).
"""

from __future__ import annotations

from pathlib import Path

from schooldigital.errors import UserError
from schooldigital.git.diffing import diff_school
from schooldigital.problems import relpath

SUBJECT_MAX = 72
BODY_RECORDS = 10


def commit_message(root: Path, summary: str, written: list[Path], note: str | None = None) -> tuple[str, str]:
    """Subject and body for committing `written`: the body says what changed, one line per record with its
    values (old -> new) and names, the first ten and then a count (issue 18); `note` (`-m`) comes first.

    A summary longer than a commit subject keeps its head (`assets: dispose RP-00042`) and moves whole into
    the body when no record line can say it.
    """
    subject, lines = summary, record_lines(root, written)
    if len(summary) > SUBJECT_MAX and " (" in summary:
        subject = summary.split(" (", 1)[0]
        lines = lines or [summary]
    body = "\n\n".join(part for part in ((note or "").strip(), "\n".join(lines)) if part)
    return subject, body


def record_lines(root: Path, written: list[Path]) -> list[str]:
    """The changes the last commit does not have yet in `written`, one sentence per record; [] when there is
    no last commit to compare with."""
    try:
        diff = diff_school(root, "HEAD", None)
    except UserError:
        return []
    files = {relpath(p, root) for p in written}
    texts = [c.text for c in diff.changes if c.register != "files" and c.where.split(":", 1)[0] in files]
    more = len(texts) - BODY_RECORDS
    return texts[:BODY_RECORDS] + ([f"... and {more} more"] if more > 0 else [])
