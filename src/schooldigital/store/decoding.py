"""Bytes to text, one encoding for the whole file, so no byte is silently reinterpreted (issue 12).

The rule: a file is UTF-8 (a BOM is allowed) when every byte of it is valid UTF-8. Where Windows-1252 is
allowed (CSV registers and spreadsheet exports, as Excel saves them), a file that is not UTF-8 is read as
Windows-1252 only when the whole file is valid Windows-1252 and holds no UTF-8 multi-byte sequence at all.
Anything else - UTF-8 with a stray Windows-1252 byte (mixed encodings), invalid UTF-8, or a NUL byte - is an
`encoding-invalid` problem at the line and column of the first bad byte, and nothing is read from it.
A mixed file decoded as Windows-1252 would otherwise be rewritten as mojibake by the next edit.
"""

from __future__ import annotations

import re

from schooldigital.problems import Problem, Source

BOM = b"\xef\xbb\xbf"
LEGACY = "cp1252"
# A well-formed UTF-8 multi-byte sequence: its presence in a file that is not valid UTF-8 means mixed encodings.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
SAVE_AS = "save the file as UTF-8"


def decode(raw: bytes, source: Source, *, legacy: bool = False) -> tuple[str | None, str, list[Problem]]:
    """The text, the encoding it was read with (utf-8, utf-8-sig or cp1252), and problems (text is None then).

    Args:
        raw: the file's bytes.
        source: the file, for problem locations.
        legacy: whether a whole-file Windows-1252 file is accepted.
    """
    body, name = (raw[3:], "utf-8-sig") if raw.startswith(BOM) else (raw, "utf-8")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        # a BOM in front of Windows-1252 text (some tools add one to whatever they save) is still one encoding
        if legacy and not _UTF8_MULTIBYTE.search(body):
            try:
                text, name = body.decode(LEGACY), LEGACY
            except UnicodeDecodeError:
                pass
            else:
                return _nul_free(text, name, source)
        offset = err.start + len(raw) - len(body)
        mixed = _UTF8_MULTIBYTE.search(body) is not None
        what = "mixed encodings: this byte is not UTF-8 but the rest of the file is" if mixed else "not valid UTF-8"
        where = _at(raw, offset, source)
        return None, name, [Problem(where, "encoding-invalid", f"byte 0x{raw[offset]:02X}: {what}; {SAVE_AS}")]
    return _nul_free(text, name, source)


def _nul_free(text: str, name: str, source: Source) -> tuple[str | None, str, list[Problem]]:
    index = text.find("\0")
    if index < 0:
        return text, name, []
    line = text.count("\n", 0, index) + 1
    col = index - text.rfind("\n", 0, index)
    msg = "a NUL byte (0x00), which no text register holds; remove it or export the file again as UTF-8 text"
    return None, name, [Problem(source.at(line, col), "encoding-invalid", msg)]


def _at(raw: bytes, offset: int, source: Source) -> Source:
    """The 1-based line and column (in characters) of byte `offset`."""
    start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return source.at(raw.count(b"\n", 0, offset) + 1, col)
