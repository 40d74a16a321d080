"""The text of a YAML register cut into records, and a record cut into fields, for merging by text.

A merge that keeps every untouched byte cannot go through a YAML dumper: it works on the text. A
register file is a header (comments) and a top-level block sequence whose items start with `- ` in
column 0; each record's text runs to the line before the next one. Blank lines between records are the
separator, and comment lines in column 0 just above a record belong to it. A record's fields are cut
the same way at the record's own indentation. Anything this cannot cut with certainty (a document
marker, text in column 0 that is not a record or a comment) returns None, and the caller falls back
to a line merge rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY = re.compile(r"([A-Za-z_][\w.-]*|\"[^\"\\]*\"|'[^']*')[ \t]*:(?:[ \t]|$)")
_AWKWARD = tuple("&*!|>{[@`%")


@dataclass
class Rec:
    """One record: the comment lines above it, its own text (ending in a newline) and its key."""

    leading: str
    body: str
    key: str | None = None


@dataclass
class Register:
    header: str
    records: list[Rec] = field(default_factory=list)
    seps: list[str] = field(default_factory=list)  # seps[i] is the text between records i and i+1
    trailer: str = ""


# Column-0 text that is neither a record, a comment nor a blank line: not a plain list of records.
_FOREIGN = re.compile(r"\n[^\s#-]")


def split_register(text: str, key: str = "id") -> Register | None:
    """Cut a YAML register's text into records; None when it is not a plain block list of records."""
    if text and not text.endswith("\n"):
        text += "\n"
    chunks = ("\n" + text).split("\n-")  # C speed: a 10,000-record register is cut in milliseconds
    header = text if len(chunks) == 1 else (chunks[0][1:] + "\n" if chunks[0] else "")
    if any(line.strip() and not line.lstrip().startswith("#") for line in header.splitlines()):
        return None
    if _FOREIGN.search(text, len(header)):
        return None
    reg = Register(header)
    pending_leading = ""
    records = chunks[1:]
    for index, rest in enumerate(records):
        if rest[:1] not in (" ", "\t", "\n"):
            return None  # `---`, `-x`: not a record of a plain list
        chunk = "-" + rest + ("\n" if index + 1 < len(records) else "")
        body_end = _body_end(chunk)
        body, tail = chunk[:body_end], chunk[body_end:]
        reg.records.append(Rec(pending_leading, body, record_key(body, key)))
        if index + 1 < len(records):
            cut = _comment_tail(tail)
            reg.seps.append(tail[:cut])
            pending_leading = tail[cut:]
        else:
            reg.trailer = tail
    return reg


def _body_end(chunk: str) -> int:
    """Where a record's own text ends: before trailing blank lines and column-0 comments."""
    end = len(chunk)
    while True:
        line_start = chunk.rfind("\n", 0, end - 1) + 1
        if line_start == 0:
            return end  # the `- ` line itself
        line = chunk[line_start:end]
        if line.strip() and line[0] != "#":
            return end
        end = line_start


def _comment_tail(tail: str) -> int:
    """Where the column-0 comment lines that end `tail` (and so belong to the next record) begin."""
    cut = len(tail)
    while cut > 0:
        line_start = tail.rfind("\n", 0, cut - 1) + 1
        if tail[line_start] != "#":
            return cut
        cut = line_start
    return cut


def indent_of(body: str) -> int:
    """The column of the record's keys: where the text after `- ` starts."""
    first = body.split("\n", 1)[0]
    rest = first[1:]
    return 1 + len(rest) - len(rest.lstrip(" "))


def record_key(body: str, key: str = "id") -> str | None:
    """The value of the record's `key` field when it is a plain or simply quoted scalar, else None."""
    indent = indent_of(body)
    first_end = body.find("\n")
    found = body[indent:first_end] if body.startswith(f"{key}:", indent) else None
    needle = f"\n{' ' * indent}{key}:"
    at = body.find(needle)
    if at >= 0:
        if found is not None or body.find(needle, at + 1) >= 0:
            return None  # the key twice: YAML would reject it anyway
        found = body[at + 1 + indent : body.find("\n", at + 1)]
    return scalar(found[len(key) + 1 :]) or None if found is not None else None


def scalar(raw: str) -> str | None:
    """A one-line YAML scalar as text (`'x'`, `"x"`, `x  # note`), None for anything more complex."""
    value = raw.strip()
    if value.startswith("'"):
        end = value.rfind("'")
        return value[1:end].replace("''", "'") if end > 0 else None
    if value.startswith('"'):
        end = value.rfind('"')
        inner = value[1:end]
        return inner if end > 0 and "\\" not in inner else None
    value = value.split(" #", 1)[0].strip()
    if not value or value.startswith(_AWKWARD) or value.startswith(("#", "- ", "? ")):
        return None
    return value


def fields(body: str) -> list[tuple[str, str]] | None:
    """The record's fields as (name, text) in order, the `- ` written as spaces; None when unclear.

    A field's text is its `name:` line and everything more indented (or a `- ` list at the same
    indentation, as ruamel writes nested lists); comment lines just above a field belong to it.
    """
    indent = indent_of(body)
    lines = body.splitlines(keepends=True)
    lines[0] = " " * indent + lines[0][indent:]
    out: list[tuple[str, str]] = []
    pending: list[str] = []
    for line in lines:
        stripped = line.lstrip(" ")
        depth = len(line) - len(stripped)
        if not stripped.strip() or stripped.startswith("#"):
            if depth <= indent or not out:
                pending.append(line)
            else:
                out[-1] = (out[-1][0], out[-1][1] + "".join(pending) + line)
                pending = []
            continue
        if depth > indent or (depth == indent and stripped.startswith("- ")):
            if not out:
                return None
            out[-1] = (out[-1][0], out[-1][1] + "".join(pending) + line)
            pending = []
            continue
        if depth < indent:
            return None
        match = _KEY.match(stripped)
        if match is None:
            return None
        name = match.group(1).strip("'\"")
        out.append((name, "".join(pending) + line))
        pending = []
    if pending:
        if not out:
            return None
        out[-1] = (out[-1][0], out[-1][1] + "".join(pending))
    if len({name for name, _ in out}) != len(out) or out[0][1][0:indent].strip():
        return None
    return out


def as_first(text: str) -> str:
    """A field's text as the first of a record: its leading spaces start with the list's `-`."""
    if not text.startswith(" "):
        return text
    return "-" + text[1:]
