"""Editing YAML registers in place with ruamel round-trip, so only the changed record's lines move.

ruamel attaches the blank line (and any comments) that follow a record to the record's deepest last
key. Adding a key after it, or removing it, would drag that blank line into the middle of the record,
so `edit_record` detaches the trailing comment first and re-attaches it to whatever key ends the
record afterwards.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from schooldigital.store import yamlio


def _tail(node: CommentedMap) -> tuple[CommentedMap, Any] | None:
    """The (map, key) that ends a record: the deepest last key of nested mappings."""
    if not node:
        return None
    key = list(node.keys())[-1]
    value = node[key]
    if isinstance(value, CommentedMap) and value:
        return _tail(value)
    return node, key


def _detach_trailing(record: CommentedMap) -> Any:
    """Take the text after the record's last line (blank lines, comments) off its last key."""
    tail = _tail(record)
    if tail is None:
        return None
    node, key = tail
    entry = node.ca.items.get(key)
    if not entry or len(entry) < 3 or entry[2] is None:
        return None
    token = entry[2]
    head, newline, rest = token.value.partition("\n")
    if head.strip():
        # a real end-of-line comment stays with its key; only what follows moves
        kept = copy.copy(token)
        kept.value = head + "\n"
        entry[2] = kept
    else:
        entry[2] = None
        if not any(entry):
            del node.ca.items[key]
    if not rest:
        return None
    moved = copy.copy(token)
    moved.value = rest
    return moved


def _attach_trailing(record: CommentedMap, token: Any) -> None:
    if token is None:
        return
    tail = _tail(record)
    if tail is None:
        return
    node, key = tail
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    existing = entry[2]
    if existing is not None:
        merged = copy.copy(existing)
        merged.value = existing.value.rstrip("\n") + "\n" + token.value
        entry[2] = merged
    else:
        token = copy.copy(token)
        token.value = "\n" + token.value
        entry[2] = token


def to_yaml(value: Any, kind: str = "other") -> Any:
    """A value as it should appear in YAML. Text from the command line is read the way the file would
    read it (`2027-01-01` is a date, `4200.00` a number, `[a, b]` a list), except where the field is text."""
    if isinstance(value, str):
        text = value.strip()
        if kind == "str":
            return text
        if kind.startswith("list") and not text.startswith("["):
            sep = ";" if ";" in text else ","
            parts = [part.strip() for part in text.split(sep) if part.strip()]
            seq = CommentedSeq(to_yaml(p, "str" if kind == "list:str" else "other") for p in parts)
            seq.fa.set_flow_style()
            return seq
        try:
            parsed = yamlio.round_trip().load(text)
        except YAMLError:
            return text
        if isinstance(parsed, CommentedSeq):
            parsed.fa.set_flow_style()
        return parsed if parsed is not None or not text else text
    if isinstance(value, Decimal):
        return to_yaml(str(value))
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, Mapping):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = to_yaml(item)
        return out
    if isinstance(value, Sequence):
        seq = CommentedSeq(to_yaml(v, "str" if isinstance(v, str) else "other") for v in value)
        seq.fa.set_flow_style()
        return seq
    return value


def find(doc: CommentedSeq, rid: str) -> int | None:
    for index, item in enumerate(doc):
        if isinstance(item, CommentedMap) and str(item.get("id")) == rid:
            return index
    return None


def _set(node: CommentedMap, path: list[str], value: Any, order: Sequence[str]) -> None:
    key = path[0]
    if len(path) > 1:
        child = node.get(key)
        if not isinstance(child, CommentedMap):
            child = CommentedMap()
            _set(node, [key], child, order)
        _set(child, path[1:], value, ())
        return
    if value is None:
        node.pop(key, None)
        return
    if key in node:
        node[key] = value
        return
    rank = {name: i for i, name in enumerate(order)}
    mine = rank.get(key, len(rank))
    position = len(node)
    for i, existing in enumerate(node):
        if rank.get(existing, len(rank)) > mine:
            position = i
            break
    node.insert(position, key, value)


def edit_record(doc: CommentedSeq, index: int, changes: Mapping[str, Any], order: Sequence[str]) -> None:
    """Apply `changes` (dotted field -> YAML value, None removes) to record `index`, in place.

    New keys go where `order` (the model's field order) puts them, so files keep one shape.
    """
    record = doc[index]
    trailing = _detach_trailing(record)
    for dotted, value in changes.items():
        _set(record, dotted.split("."), value, order)
        parent = record
        for part in dotted.split(".")[:-1]:
            child = parent.get(part)
            if isinstance(child, CommentedMap) and not child:
                parent.pop(part)  # a nested mapping emptied by the change goes too
                break
            parent = child if isinstance(child, CommentedMap) else parent
    _attach_trailing(record, trailing)


def new_record(values: Mapping[str, Any], order: Sequence[str]) -> CommentedMap:
    record = CommentedMap()
    for dotted, value in values.items():
        if value is not None:
            _set(record, dotted.split("."), value, order)
    return record


def append_text(text: str, record: CommentedMap) -> str:
    """`text` with `record` appended as a new list item after a blank line; every existing line kept."""
    snippet = yamlio.dump_document(CommentedSeq([record]))
    body = text.rstrip("\n")
    if not any(line.strip() and not line.lstrip().startswith("#") for line in body.splitlines()) or (
        body.strip().endswith("[]")
    ):
        # no records yet (only comments, or an empty `[]`): keep the comments, start the list
        head = "\n".join(line for line in body.splitlines() if line.lstrip().startswith("#"))
        return (head + "\n\n" if head else "") + snippet
    return body + "\n\n" + snippet
