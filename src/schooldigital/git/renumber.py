"""`sd assets renumber`: give a duplicated asset id's later row the next free id, after a merge.

Two branches that each add an asset both take the next id; after the merge the register holds the id
twice and `sd validate` names it. Renumbering changes the LATER row (by line) only, moves it into id
order, and carries contract references (`covers_assets`) with it where the row itself says which
contracts it belongs to. Rows that share a serial number are two versions of ONE device (both branches
edited it), not two devices: renumbering would invent an asset, so that is refused with what to do.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from schooldigital import layout
from schooldigital.edit.common import Written
from schooldigital.errors import InvalidData, UserError
from schooldigital.git.merging import csv_rows
from schooldigital.problems import Problem, Severity, Source, relpath
from schooldigital.store import yamlio
from schooldigital.store.atomic import transaction
from schooldigital.store.files import DISK, Files

_NUMBER = re.compile(r"^(.*?)(\d+)$")
_LINE = re.compile(r"line \d+")


def next_free_id(ids: set[str], prefix: str) -> str:
    """`<prefix>-<n+1>` zero-padded like the widest existing id (RP-00321 -> RP-00322)."""
    lead = f"{prefix}-" if prefix else ""
    numbers, widths = [], []
    for rid in ids:
        match = _NUMBER.match(rid)
        if match and match.group(1) == lead:
            numbers.append(int(match.group(2)))
            widths.append(len(match.group(2)))
    width = max(widths, default=5)
    n = max(numbers, default=0) + 1
    while f"{lead}{n:0{width}d}" in ids:
        n += 1
    return f"{lead}{n:0{width}d}"


def _same_device(a: dict[str, Any], b: dict[str, Any]) -> bool:
    serial_a, serial_b = str(a.get("serial") or "").strip().upper(), str(b.get("serial") or "").strip().upper()
    return bool(serial_a) and serial_a not in ("NONE", "N/A") and serial_a == serial_b


def _split(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [p.strip() for p in str(value or "").split(";") if p.strip()]


def _new_errors(before: list[Problem], after: list[Problem]) -> list[Problem]:
    """Errors the change adds; the ones already there (another duplicate still to fix) do not block it."""

    def key(p: Problem) -> tuple[str, str, str]:
        return (p.source.path, p.code, _LINE.sub("line ?", p.message))

    old = {key(p) for p in before}
    return [p for p in after if p.severity is Severity.ERROR and key(p) not in old]


def renumber_asset(root: Path, asset_id: str, to: str | None = None) -> Written:
    """Give the later row with `asset_id` a new id (`to`, or the next free one) and fix references.

    Args:
        root: the school repository.
        asset_id: a duplicated id, or any id when `to` is given (a plain rename).
        to: the new id; default the next free `<asset_prefix>-NNNNN`.

    Returns:
        The files written and a one-line summary (the commit subject).
    """
    from schooldigital.registers import load_config
    from schooldigital.validation import validate_school

    with transaction(root) as tx:
        config, problems = load_config(root)
        if config is None:
            raise InvalidData(problems)
        path = layout.assets_file(root)
        rel = relpath(path, root)
        text, problems = yamlio.read_text(path, Source(rel), DISK.within(root))
        if text is None:
            raise InvalidData(problems)
        if path.suffix == ".csv":
            header, columns, rows = csv_rows(text)
            matches = [r for r in rows if r.id == asset_id]
            all_ids = {r.id for r in rows}
            records = [r.data for r in matches]
        else:
            doc = yamlio.round_trip().load(text)
            items = [item for item in (doc or []) if isinstance(item, dict)]
            matches_yaml = [item for item in items if str(item.get("id")) == asset_id]
            all_ids = {str(item.get("id")) for item in items}
            records = [dict(item) for item in matches_yaml]
        if not records:
            raise UserError(f"no asset `{asset_id}` in {rel}")
        if len(records) == 1 and to is None:
            raise UserError(f"`{asset_id}` appears once in {rel}: nothing to renumber (pass --to NEW to rename it)")
        if len(records) > 1 and _same_device(records[0], records[-1]):
            raise UserError(
                f"the rows for `{asset_id}` have the same serial `{records[0].get('serial')}`: they are two versions "
                "of ONE device (edited on two branches), not two devices; keep the right row and delete the other"
            )
        new_id = to or next_free_id(all_ids, config.asset_prefix)
        if new_id in all_ids:
            raise UserError(f"`{new_id}` is already used in {rel}; choose another id")
        if path.suffix == ".csv":
            target = matches[-1]
            cells = [new_id if name == "id" else target.data.get(name, "") for name in columns]
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow(cells)
            target.id, target.text = new_id, buf.getvalue()
            rows.sort(key=lambda r: r.id)  # stable: the earlier duplicate keeps its place
            new_text = header + "".join(r.text for r in rows)
            where = f"line {target.line}"
        else:
            matches_yaml[-1]["id"] = new_id
            new_text = yamlio.dump_document(doc)
            where = f"line {matches_yaml[-1].lc.line + 1}"
        pending = {path: new_text}
        moved, left = _fix_contracts(root, asset_id, new_id, records, pending, rename=len(records) == 1)
        before = validate_school(root).problems
        result = validate_school(root, overlay=pending)
        blocking = _new_errors(before, result.problems)
        if result.registers is None or blocking:
            raise InvalidData(blocking or result.problems)
        for file, content in pending.items():
            tx.write(file, content)
    what = f"rename {asset_id}" if len(records) == 1 else f"renumber duplicate {asset_id} ({where})"
    summary = f"assets: {what} -> {new_id}"
    if moved:
        summary += f"; contracts {', '.join(moved)} follow it"
    if left:
        summary += f"; check {', '.join(left)}: still on {asset_id}"
    return Written(list(pending), summary, new_id)  # the id the row has now, for `--format json`


def _fix_contracts(
    root: Path, old: str, new: str, records: list[dict[str, Any]], pending: dict[Path, str], rename: bool
) -> tuple[list[str], list[str]]:
    """Point `covers_assets` at the new id where the renumbered row owns the link; list the rest.

    A plain rename moves every reference. For a duplicate, a contract follows the later row when that
    row lists it in `contracts` and the earlier one does not; linked from both, it covers both. Any
    other mention is ambiguous (which device did the contract mean?) and is left for a person.
    """
    path = root / layout.CONTRACTS
    if not Files().exists(path):
        return [], []
    doc = yamlio.load_document(path, root)
    later = set(_split(records[-1].get("contracts")))
    earlier = set(_split(records[0].get("contracts"))) if not rename else set()
    moved, left = [], []
    for item in doc or []:
        if not isinstance(item, dict) or old not in _split(item.get("covers_assets")):
            continue
        cid = str(item.get("id"))
        ids = _split(item.get("covers_assets"))
        if rename or (cid in later and cid not in earlier):
            ids = [new if x == old else x for x in ids]
        elif cid in later and cid in earlier:
            ids.insert(ids.index(old) + 1, new)
        else:
            left.append(cid)
            continue
        moved.append(cid)
        value = item["covers_assets"]
        if isinstance(value, list):
            value[:] = ids  # in place: keeps the list's flow/block style and comments
        else:
            item["covers_assets"] = "; ".join(ids)
    if moved:
        pending[path] = yamlio.dump_document(doc)
    return moved, left
