"""The pupil-data guard for `leaders/`: deny-listed field names and email- or UPN-like values, with file:line.

It reads the raw text line by line (not the parsed records), so a value hidden in a comment, a nested
field or a file that fails to parse is still caught. Every hit is a `personal-data` error: the fix is to
remove the value from the repository (and, once pushed, from its history).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from schooldigital.problems import Problem, Source

DENIED_FIELDS = frozenset(
    {
        "dob",
        "date_of_birth",
        "birth_date",
        "birthdate",
        "birthday",
        "upn",
        "uln",
        "email",
        "email_address",
        "e_mail",
        "surname",
        "last_name",
        "family_name",
        "full_name",
        "photo",
        "photograph",
        "picture",
        "address",
        "home_address",
        "postcode",
        "phone",
        "telephone",
        "mobile",
        "notes",
        "comments",
        "interview_notes",
        "sen",
        "send",
        "medical",
        "health",
        "ethnicity",
        "fsm",
        "pupil_premium",
        "behaviour",
        "safeguarding",
    }
)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A UPN is 13 characters: a check letter, 11 digits, then a digit or letter (DfE UPN guide).
UPN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]\d{11}[0-9A-Za-z](?![A-Za-z0-9])")
_KEY_RE = re.compile(r"^(\s*(?:-\s+)*)([A-Za-z_][A-Za-z0-9_ -]*?)\s*:(?:\s|$)")


def scan_text(text: str, source: Source, *, check_keys: bool = True) -> list[Problem]:
    """Problems for every deny-listed key and every email- or UPN-like value in one file's text."""
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), 1):
        if check_keys:
            match = _KEY_RE.match(line)
            if match:
                key = re.sub(r"[\s-]+", "_", match[2].strip().lower())
                if key in DENIED_FIELDS:
                    msg = (
                        f"field `{match[2]}` is not allowed in Digital Leaders files: pupil records hold an opaque "
                        "id and a display label only; keep anything else in the school's MIS"
                    )
                    problems.append(Problem(source.at(number, len(match[1]) + 1), "personal-data", msg))
        problems += _values(line, source.at(number))
    return problems


def _values(line: str, where: Source) -> Iterable[Problem]:
    for found in EMAIL_RE.finditer(line):
        msg = (
            "looks like an email address; emails for badges go in the git-ignored .sd-local/recipients.yaml, "
            "never in leaders/"
        )
        yield Problem(where.at(where.line, found.start() + 1), "personal-data", msg)
    for found in UPN_RE.finditer(line):
        msg = "looks like a Unique Pupil Number (UPN); never use or record UPNs here, use the opaque leader id"
        yield Problem(where.at(where.line, found.start() + 1), "personal-data", msg)


def clean(text: str) -> tuple[str, int]:
    """`text` with emails and UPN-like tokens replaced, and how many were removed (for imports)."""
    text, emails = EMAIL_RE.subn("[email removed]", text)
    text, upns = UPN_RE.subn("[number removed]", text)
    return text, emails + upns
