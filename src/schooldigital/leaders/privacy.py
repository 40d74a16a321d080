"""The pupil-data guard for `leaders/`: deny-listed field names and email- or UPN-like values, with file:line.

It reads the raw text line by line (not the parsed records), so a value hidden in a comment, a nested
field or a file that fails to parse is still caught. Every hit is a `personal-data` error: the fix is to
remove the value from the repository (and, once pushed, from its history).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

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


# Words that make free text a note about a child (needs, health, welfare): they belong in the school's MIS or
# safeguarding system, never in a repository. Matched as whole words, case-insensitively.
DENIED_WORDS = (
    "adhd",
    "autism",
    "autistic",
    "diagnosed",
    "diagnosis",
    "dyslexia",
    "dyslexic",
    "ehcp",
    "excluded",
    "exclusion",
    "free school meals",
    "looked after child",
    "medical",
    "medication",
    "pupil premium",
    "self-harm",
    "sen",
    "send",
    "social worker",
    "disclosure",
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


@dataclass(frozen=True)
class Roster:
    """What free text is checked against: every pupil's label, and the first names inside those labels."""

    labels: tuple[str, ...]
    first_names: frozenset[str]

    @classmethod
    def of(cls, labels: Iterable[str]) -> Roster:
        labels = tuple(sorted({x.strip() for x in labels if x.strip()}))
        firsts = {x.split()[0] for x in labels if len(x.split()) > 1 and len(x.split()[0]) > 1}
        return cls(labels, frozenset(firsts))


def refused_words(text: str, roster: Roster, *, identifiers: bool = True) -> list[str]:
    """The words in `text` that name a pupil or are personal data, in the order found (empty when clean).

    A roster label (`Amira K`), a roster first name followed by a capitalised word (`Amira Khan`, a
    surname-like token), a deny-listed word about a child's needs or welfare, and (with `identifiers`, for
    text about to be published; `scan_text` already reports them in files) an email or a UPN-like token.
    """
    found: list[tuple[int, str]] = []
    for label in roster.labels:
        for hit in re.finditer(rf"(?<![\w]){re.escape(label)}(?![\w])", text, re.IGNORECASE):
            found.append((hit.start(), hit.group()))
    words = list(_WORD.finditer(text))
    for first, second in zip(words, words[1:], strict=False):
        gap = text[first.end() : second.start()]
        if first.group() in roster.first_names and second.group()[0].isupper() and gap.isspace():
            found.append((first.start(), text[first.start() : second.end()]))
    for word in DENIED_WORDS:
        for hit in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE):
            found.append((hit.start(), hit.group()))
    if identifiers:
        found += [(hit.start(), hit.group()) for hit in EMAIL_RE.finditer(text)]
        found += [(hit.start(), hit.group()) for hit in UPN_RE.finditer(text)]
    return list(dict.fromkeys(word for _, word in sorted(found)))
