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
    line: int = 0  # 1-based line of the `- ` line


@dataclass
class Register:
    header: str
    records: list[Rec] = field(default_factory=list)
    seps: list[str] = field(default_factory=list)  # seps[i] is the text between records i and i+1
    trailer: str = ""


def split_register(text: str, key: str = "id") -> Register | None:
    """Cut a YAML register's text into records; None when it is not a plain block list of records."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    n = len(lines)
    i = 0
    while i < n and _is_starter(lines[i]) is False and _gap_line(lines[i]):
        i += 1
    if i < n and not _is_starter(lines[i]):
        return None
    reg = Register("".join(lines[:i]))
    starts: list[int] = []
    for j in range(i, n):
        line = lines[j]
        c = line[0]
        if c == "-" and (len(line) < 2 or line[1] in " \n\r"):
            if line.startswith("---"):
                return None
            starts.append(j)
        elif c not in " \t#\n\r":
            return None
    pending_leading = ""
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else n
        last = end - 1
        while last > start and (lines[last].strip() == "" or lines[last][0] == "#"):
            last -= 1
        body = "".join(lines[start : last + 1])
        tail = lines[last + 1 : end]
        reg.records.append(Rec(pending_leading, body, record_key(body, key), start + 1))
        if index + 1 < len(starts):
            cut = len(tail)
            while cut > 0 and tail[cut - 1][0] == "#":
                cut -= 1
            reg.seps.append("".join(tail[:cut]))
            pending_leading = "".join(tail[cut:])
        else:
            reg.trailer = "".join(tail)
    return reg


def _is_starter(line: str) -> bool:
    return line[0] == "-" and (len(line) < 2 or line[1] in " \n\r") and not line.startswith("---")


def _gap_line(line: str) -> bool:
    stripped = line.strip()
    return stripped == "" or stripped.startswith("#")


def _indent(body: str) -> int:
    """The column of the record's keys: where the text after `- ` starts."""
    first = body.split("\n", 1)[0]
    rest = first[1:]
    return 1 + len(rest) - len(rest.lstrip(" "))


def record_key(body: str, key: str = "id") -> str | None:
    """The value of the record's `key` field when it is a plain or simply quoted scalar, else None."""
    indent = _indent(body)
    found = None
    for number, line in enumerate(body.split("\n")):
        content = line[indent:]
        if number and (len(line) <= indent or line[:indent].strip() or line[indent] in " #-"):
            continue
        if content.startswith(key) and content[len(key) : len(key) + 1] == ":":
            if found is not None:
                return None  # the key twice: YAML would reject it anyway
            found = scalar(content[len(key) + 1 :])
            if found is None:
                return None
    return found or None


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
    indent = _indent(body)
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
