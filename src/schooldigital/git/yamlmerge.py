"""Three-way merge of a YAML register by record id, on the text, so untouched records keep every byte.

Records are matched by id (see `ids.key_field`). A record added, changed or removed on one side is
taken; added on both sides with the same content, it is kept once; added on both under one id for two
different things, the incoming side's ("theirs") is renumbered (`ids.next_id`), marked
`renumbered_from: <old id>` and reported. A record changed on both sides is merged field by field, and
only a field changed differently on both is a conflict, with ordinary markers around that field alone.
New records go after the record they follow on their side, ours before theirs: a stable order.

Records whose id is missing or used twice on some side cannot be matched: only they fall back to git's
line merge (placed where the first of them was), and are named, while the rest merge by id.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from schooldigital.git import blocks, ids
from schooldigital.git.blocks import Rec, Register
from schooldigital.git.linemerge import conflict, line_merge, pick

RENUMBERED_FROM = "renumbered_from"
_MISSING = object()


@dataclass
class Renamed:
    old: str
    new: str
    what: str  # the record's title or name, so a person recognises it


@dataclass
class MergeResult:
    text: str
    conflicts: list[str] = field(default_factory=list)  # "c005 (cost)", "ia003 (deleted on ours, changed on theirs)"
    renamed: list[Renamed] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)  # records merged line by line, and why


@dataclass
class _Out:
    key: str | None
    text: str
    a: int | None = None  # index in ours, for the separator
    b: int | None = None  # index in theirs
    ours_only: bool = False


def merge_yaml(base: str, ours: str, theirs: str, path: str) -> MergeResult | None:
    """Merge three versions of the register at `path` (as git names it); None when one is not a plain list."""
    key = ids.key_field(path)
    sides = [blocks.split_register(text, key) for text in (base, ours, theirs)]
    if any(side is None for side in sides):
        return None
    o, a, b = sides
    assert o is not None and a is not None and b is not None
    result = MergeResult("")
    loose = _loose_keys((o, a, b), result)
    maps = [{r.key: r for r in side.records if r.key is not None and r.key not in loose} for side in (o, a, b)]
    o_by, a_by, b_by = maps
    b_index = {r.key: j for j, r in enumerate(b.records) if r.key in b_by}
    out: list[_Out] = []
    clash: set[str] = set()
    loose_at: int | None = None
    for i, rec in enumerate(a.records):
        k = rec.key
        if k is None or k in loose:
            if loose_at is None:
                loose_at = len(out)
                out.append(_Out(None, "", None, None))
            continue
        base_rec, their = o_by.get(k), b_by.get(k)
        j = b_index.get(k)
        if base_rec is None and their is None:
            out.append(_Out(k, _text(rec), i, None, ours_only=True))
        elif base_rec is None and their is not None:
            if _same(rec, their) or not ids.renumbers(path):
                text = _text(rec) if _same(rec, their) else _whole_conflict(rec, their, result, k, "added twice")
                out.append(_Out(k, text, i, j))
            else:
                out.append(_Out(k, _text(rec), i, None, ours_only=True))
                clash.add(k)
        elif their is None:
            if _text(rec) != _text(base_rec):
                result.conflicts.append(f"{k} (changed on ours, deleted on theirs)")
                out.append(_Out(k, conflict(_text(rec), ""), i, None))
        else:
            assert base_rec is not None
            out.append(_Out(k, _merge_record(base_rec, rec, their, result), i, j))
    taken = {r.key for side in sides for r in side.records if r.key is not None}  # type: ignore[union-attr]
    inserts = _theirs_additions(o_by, a_by, b, b_index, clash, ids.Allocator(taken, path), result)
    loose_text = _loose_text((o, a, b), loose, result) if loose else ""
    if loose_text and loose_at is None:
        out.append(_Out(None, "", None, None))
    body = _assemble(out, inserts, a, b, loose_text)
    header, header_clash = _merge_text(o.header, a.header, b.header)
    trailer, _ = _merge_text(o.trailer, a.trailer, b.trailer)
    if header_clash:
        result.conflicts.append("the comments at the top of the file")
    result.text = header + body + trailer
    return result


def _text(rec: Rec) -> str:
    return rec.leading + rec.body


def _same(x: Rec, y: Rec) -> bool:
    return x.body == y.body or _values(x.body) == _values(y.body) is not None


def _values(text: str) -> Any:
    """The parsed value of a record's or a field's text (libyaml when present), None when unparseable."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return None


def _one_record(text: str) -> bool:
    """Whether a record's text the merge composed parses as one record (a mapping in a list)."""
    value = _values(text)
    return isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict)


def _merge_text(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    chosen = pick(base, ours, theirs)
    return (chosen, False) if chosen is not None else line_merge(base, ours, theirs)


def _loose_keys(sides: tuple[Register, ...], result: MergeResult) -> set[str | None]:
    """Ids that cannot be matched (missing, or twice on one side); named in the result."""
    loose: set[str | None] = set()
    unnamed = 0
    for side in sides:
        counts = Counter(r.key for r in side.records)
        loose |= {k for k, n in counts.items() if n > 1 and k is not None}
        unnamed = max(unnamed, counts.get(None, 0))
    result.loose += [f"`{k}` (id used twice)" for k in sorted(k for k in loose if k is not None)]
    if unnamed:
        result.loose.append(f"{unnamed} record(s) without a readable id")
        loose.add(None)
    return loose


def _loose_text(sides: tuple[Register, ...], loose: set[str | None], result: MergeResult) -> str:
    o, a, b = (_loose_side(side, loose) for side in sides)
    text, clashed = line_merge(o, a, b)
    if clashed:
        result.conflicts.append("the records merged line by line")
    return text


def _loose_side(side: Register, loose: set[str | None]) -> str:
    """One side's unmatchable records in order, with the separators the file uses between records."""
    default = Counter(side.seps).most_common(1)[0][0] if side.seps else ""
    pieces: list[str] = []
    last = -2
    for index, rec in enumerate(side.records):
        if rec.key in loose:
            if pieces:
                pieces.append(side.seps[index - 1] if last == index - 1 else default)
            pieces.append(_text(rec))
            last = index
    return "".join(pieces)


def _whole_conflict(mine: Rec, yours: Rec, result: MergeResult, k: str, why: str) -> str:
    result.conflicts.append(f"{k} ({why})")
    return mine.leading + conflict(mine.body, yours.body)


def _merge_record(o: Rec, a: Rec, b: Rec, result: MergeResult) -> str:
    """One record changed on one or both sides: whole when possible, else field by field."""
    chosen = pick(_text(o), _text(a), _text(b))
    if chosen is not None:
        return chosen
    leading = pick(o.leading, a.leading, b.leading)
    leading = a.leading if leading is None else leading
    body = pick(o.body, a.body, b.body)
    if body is not None:
        return leading + body
    fo, fa, fb = blocks.fields(o.body), blocks.fields(a.body), blocks.fields(b.body)
    if fo is None or fa is None or fb is None:
        return leading + _whole_conflict(a, b, result, str(a.key), "changed on both sides")[len(a.leading) :]
    merged, clashes = _merge_fields(dict(fo), fa, fb)
    if merged is not None and not clashes and not _one_record(merged):
        merged = None  # the cut went wrong somewhere: never write a record that does not parse
        return leading + _whole_conflict(a, b, result, str(a.key), "changed on both sides")[len(a.leading) :]
    if clashes:
        result.conflicts.append(f"{a.key} ({', '.join(clashes)})")
    return leading + merged


def _merge_fields(
    o: dict[str, str], a: list[tuple[str, str]], b: list[tuple[str, str]]
) -> tuple[str | None, list[str]]:
    """The record's text with each field merged three ways; the names of fields changed two ways."""
    a_map, b_map = dict(a), dict(b)
    order = [name for name, _ in a]
    after = None
    for name, _ in b:  # a field ours lacks goes after the field before it on their side
        if name not in a_map:
            order.insert(0 if after is None else order.index(after) + 1, name)
        after = name
    pieces: list[tuple[str, str | None, str | None]] = []  # (name, text, or the two sides of a clash)
    clashes = []
    for name in order:
        to, ta, tb = o.get(name), a_map.get(name), b_map.get(name)
        chosen = pick(to or "", ta or "", tb or "")
        if chosen is None:
            va, vb, vo = (_field_value(t, name) for t in (ta, tb, to))
            if va == vb or vo == vb:
                chosen = ta or ""
            elif vo == va:
                chosen = tb or ""
        if chosen is None:
            clashes.append(name)
            pieces.append((name, ta or "", tb or ""))
        elif chosen:
            pieces.append((name, chosen, None))
    if not pieces or pieces[0][1] is None:
        return None, clashes
    first = pieces[0]
    if any(t is not None and t.lstrip(" ").startswith("#") for t in (first[1], first[2])):
        return None, clashes  # a comment cannot open a record: let the person place it
    texts = []
    for index, (_, mine, yours) in enumerate(pieces):
        if index == 0:
            mine = blocks.as_first(mine or "")
            yours = blocks.as_first(yours) if yours is not None else None
        texts.append(conflict(mine or "", yours) if yours is not None else mine or "")
    return "".join(texts), clashes


def _field_value(text: str | None, name: str) -> Any:
    if text is None:
        return _MISSING
    value = _values(text)
    return value.get(name, _MISSING) if isinstance(value, dict) else object()  # unparseable: equal to nothing


def _theirs_additions(
    o_by: dict[str | None, Rec],
    a_by: dict[str | None, Rec],
    b: Register,
    b_index: dict[str | None, int],
    clash: set[str],
    allocator: ids.Allocator,
    result: MergeResult,
) -> dict[str | None, list[_Out]]:
    """Records theirs has and ours lacks, grouped by the record they follow on theirs (None: the start)."""
    inserts: dict[str | None, list[_Out]] = {}
    anchor: str | None = None
    for rec in b.records:
        k = rec.key
        if k not in b_index:
            continue
        assert k is not None
        j = b_index[k]
        if k in a_by and k not in clash:
            anchor = k
            continue
        base_rec = o_by.get(k)
        if k in clash:
            new = allocator.next(k)
            text = _renumbered(rec, k, new)
            if text is None or not _one_record(
                text
            ):  # the id is written in a way this cannot rewrite: keep both, say so
                result.conflicts.append(f"{k} (added on both sides; renumber one by hand)")
                text = _text(rec)
            else:
                result.renamed.append(Renamed(k, new, _title(rec.body)))
            inserts.setdefault(anchor, []).append(_Out(new, text, None, j))
        elif base_rec is None:
            inserts.setdefault(anchor, []).append(_Out(k, _text(rec), None, j))
        elif _text(rec) != _text(base_rec):
            result.conflicts.append(f"{k} (deleted on ours, changed on theirs)")
            inserts.setdefault(anchor, []).append(_Out(k, conflict("", _text(rec)), None, j))
    return inserts


def _title(body: str) -> str:
    for name in ("title", "name", "display", "description"):
        value = blocks.record_key(body, name)
        if value:
            return value
    return ""


def _renumbered(rec: Rec, old: str, new: str) -> str | None:
    """The record's text with its id line saying `new` and a `renumbered_from` line after it."""
    indent = blocks.indent_of(rec.body)
    pad = " " * indent
    lines = rec.body.splitlines(keepends=True)
    out, done = [], False
    for number, line in enumerate(lines):
        top = number == 0 or (len(line) > indent and not line[:indent].strip() and line[indent] not in " #-")
        content = line[indent:] if top else ""
        if number and content.startswith(f"{RENUMBERED_FROM}:"):
            continue  # renumbered before and never cleared: the new mark replaces it
        if not done and content.startswith("id:"):
            raw = content[3:].split(" #", 1)[0].strip()
            if blocks.scalar(raw) != old:
                return None
            quote = raw[0] if raw[0] in "'\"" else ""
            out += [line[:indent] + f"id: {quote}{new}{quote}\n", f"{pad}{RENUMBERED_FROM}: {raw}\n"]
            done = True
            continue
        out.append(line)
    return rec.leading + "".join(out) if done else None


def _assemble(out: list[_Out], inserts: dict[str | None, list[_Out]], a: Register, b: Register, loose: str) -> str:
    """The records in order, theirs' new ones after their anchor and ours' new ones, with separators."""
    final: list[_Out] = []
    pending = inserts.get(None, [])
    for item in out:
        if not item.ours_only:
            final += pending
            pending = []
        if item.key is None and not item.text:
            item.text = loose
        final.append(item)
        if not item.ours_only:
            pending = inserts.get(item.key, []) if item.key is not None else []
    final += pending
    default = Counter(a.seps or b.seps).most_common(1)[0][0] if (a.seps or b.seps) else ""
    pieces = []
    for index, item in enumerate(final):
        if not item.text:
            continue
        if pieces:
            prev = final[index - 1]
            if prev.a is not None and item.a == prev.a + 1:
                pieces.append(a.seps[prev.a])
            elif prev.b is not None and item.b == prev.b + 1:
                pieces.append(b.seps[prev.b])
            else:
                pieces.append(default)
        pieces.append(item.text)
    return "".join(pieces)
