"""A report list of flat rows kept as columns, and the JSON of flat values, as json.dumps writes it.

A 100,000-device export gives as many unregistered devices (and, from Intune, half as many security findings).
Text and Markdown show the first thousand rows; JSON lists every one. Building a dict per row and encoding
them cost half a second of a reconcile taking one; kept as columns, the rows are made into dicts only when shown,
and JSON is written straight from the columns, each distinct cell encoded once.
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Callable, Iterator, Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any, overload

_string = encode_basestring  # json.dumps(text, ensure_ascii=False)
_FLAT: dict[type, Callable[[Any], str]] = {
    str: _string,
    int: int.__repr__,
    bool: {True: "true", False: "false"}.__getitem__,
    type(None): {None: "null"}.__getitem__,
}


class Rows(Sequence[dict[str, Any]]):
    """Rows as dicts, when read, of flat values (text, whole numbers, yes/no, None): `head`, rows already built,
    then one row per position of the `columns` (name -> that field of each row, all of one length)."""

    def __init__(self, columns: dict[str, list[Any]], head: Sequence[dict[str, Any]] = ()) -> None:
        self.head = list(head)
        self.columns = columns
        self.size = len(next(iter(columns.values())))

    def __len__(self) -> int:
        return len(self.head) + self.size

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        at = index + len(self) if index < 0 else index
        if not 0 <= at < len(self):
            raise IndexError(index)
        if at < len(self.head):
            return self.head[at]
        return {name: column[at - len(self.head)] for name, column in self.columns.items()}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        yield from self.head
        names = list(self.columns)
        yield from (dict(zip(names, values, strict=True)) for values in zip(*self.columns.values(), strict=True))

    def json_pieces(self, between: str = ", ") -> Iterator[str]:
        """The rows' JSON, `between` each two, byte for byte as `dump` of each row's dict would write them, in
        pieces of a few thousand rows. Each column is encoded at once, then a piece's texts are slotted between
        the keys of a row repeated and joined: no Python-level step per row (a str.format each took 0.15 s for
        150,000 rows), and no 20 MB string, which would be copied again to be written."""
        if self.head:
            yield between.join(map(dump, self.head))
            if self.size:
                yield between
        if not self.size:
            return
        keys = list(map(_key, self.columns))
        texts = list(map(_column, self.columns.values()))
        width = 2 * len(keys)  # a row: each key, with what comes before it, then its value
        row = [piece for key in keys for piece in (f", {key}", "")]
        row[0] = f"}}{between}{{{keys[0]}"  # the row before closed, then this one opened
        for start in range(0, self.size, PIECE):
            pieces = row * min(PIECE, self.size - start)
            for at, column in enumerate(texts):
                pieces[2 * at + 1 :: width] = column[start : start + PIECE]
            if start == 0:
                pieces[0] = f"{{{keys[0]}"
            yield "".join(pieces)
        yield "}"


PIECE = 4096  # rows a piece of JSON holds: about 1 MB, written at once


def plain(report: dict[str, Any]) -> dict[str, Any]:
    """The report with each `Rows` as a list of dicts, for an encoder that only knows lists (json.dumps)."""
    return {name: list(value) if isinstance(value, Rows) else value for name, value in report.items()}


def dump(value: Any) -> str:
    """JSON for one value; a flat row (text, numbers, yes/no) is written directly, as json.dumps would write it,
    at a third of its cost (each json.dumps call builds an encoder: 100,000 rows took a second)."""
    if isinstance(value, dict):
        try:
            texts = list(map(operator.call, map(_FLAT.__getitem__, map(type, value.values())), value.values()))
        except KeyError:  # a nested value: json.dumps writes it
            pass
        else:
            return "{" + ", ".join(map(operator.add, map(_key, value), texts)) + "}"
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


@functools.lru_cache(maxsize=256)
def _key(name: str) -> str:
    return f"{_string(name)}: "


def _column(values: list[Any]) -> list[str]:
    """Each value's JSON. A column of text (None for a blank) holds a few hundred distinct cells (models, places,
    days) or all different ones (serials): the first are encoded once each, the others one by one."""
    kinds = set(map(type, values))
    if kinds <= {str, type(None)}:  # hashable, and a text never equals None: a dict can hold each once
        distinct = set(values)
        if len(distinct) <= len(values) // 2 or type(None) in kinds:
            return list(map({v: _FLAT[type(v)](v) for v in distinct}.__getitem__, values))
        return list(map(_string, values))
    if len(kinds) == 1 and (kind := kinds.pop()) in _FLAT:  # one kind only: True == 1 would mix in a dict
        return list(map(_FLAT[kind], values))
    return list(map(dump, values))
