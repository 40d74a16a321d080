"""A git merge driver for CSV registers: merge rows by id, and fields within a row, instead of lines.

Git merges text by lines, so two branches that each append an asset to the end of `assets.csv` touch
the same spot and conflict, although nothing contradicts. This driver (set up by `sd init`; see
`.gitattributes`) merges each asset on its own: a row added, changed or removed on one side is taken;
a row changed on both is merged field by field, and only a field changed differently on both sides
is a conflict, marked with the usual `<<<<<<<` lines around the two rows. Two branches that added
the SAME id for different devices keep both rows, and `sd validate` then names the duplicate and
`sd assets renumber` fixes it. The result is sorted by id, LF, like every `sd` write.

Why not git's built-in `merge=union`: it keeps both sides' lines of any clash, so a row edited on two
branches would silently become two rows with one id, a phantom device that renumbering would then
make permanent. A conflict that git cannot name is never hidden here.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Row:
    id: str
    line: int
    text: str  # exactly as written, so untouched rows come out byte for byte
    data: dict[str, str]


def csv_rows(text: str) -> tuple[str, list[str], list[Row]]:
    """The header text, the column names, and every non-blank row with its original text and line."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = next(reader, [])
    start, rows = reader.line_num, []
    head = "".join(lines[:start])
    for cells in reader:
        end = reader.line_num
        chunk = "".join(lines[start:end])
        if any(c.strip() for c in cells):
            # Empty cells are left out, so a column added on one side does not count as a change.
            data = {name: cell for name, cell in zip(header, cells, strict=False) if cell != ""}
            rows.append(Row(data.get("id", ""), start + 1, chunk if chunk.endswith("\n") else chunk + "\n", data))
        start = end
    return head if head.endswith("\n") or not head else head + "\n", header, rows


def _render(header: list[str], data: dict[str, str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([data.get(name, "") for name in header])
    return buf.getvalue()


def _merge_row(base: dict[str, str], ours: dict[str, str], theirs: dict[str, str], header: list[str]):  # type: ignore[no-untyped-def]
    """Field-level three-way merge; None when some field changed differently on both sides."""
    merged = {}
    for name in header:
        o, a, b = base.get(name, ""), ours.get(name, ""), theirs.get(name, "")
        if a == b or o == b:
            merged[name] = a
        elif o == a:
            merged[name] = b
        else:
            return None
    return merged


@dataclass
class MergeResult:
    text: str
    conflicts: list[str]
    duplicates: list[str]


def merge_csv(base: str, ours: str, theirs: str) -> MergeResult:
    """Merge three versions of a CSV register keyed by `id` (see the module docstring)."""
    _, base_cols, base_rows = csv_rows(base) if base.strip() else ("", [], [])
    ours_head, ours_cols, ours_rows = csv_rows(ours)
    _, theirs_cols, theirs_rows = csv_rows(theirs)
    for name, rows in (("base", base_rows), ("ours", ours_rows), ("theirs", theirs_rows)):
        ids = [r.id for r in rows]
        if len(ids) != len(set(ids)) or "" in ids:
            raise ValueError(f"{name} has duplicate or empty ids")
    header = ours_cols + [c for c in theirs_cols if c not in ours_cols]
    head = ours_head if header == ours_cols else _render(header, {c: c for c in header})
    o_by, a_by, b_by = ({r.id: r for r in rows} for rows in (base_rows, ours_rows, theirs_rows))
    out: list[tuple[str, str]] = []
    conflicts, duplicates = [], []

    def text(row: Row, cols: list[str]) -> str:
        return row.text if cols == header else _render(header, row.data)

    for rid in sorted(set(o_by) | set(a_by) | set(b_by)):
        o, a, b = o_by.get(rid), a_by.get(rid), b_by.get(rid)
        od, ad, bd = (o.data if o else None), (a.data if a else None), (b.data if b else None)
        if ad == bd or od == bd:
            if a:
                out.append((rid, text(a, ours_cols)))
        elif od == ad:
            if b:
                out.append((rid, text(b, theirs_cols)))
        elif o is None and a and b:  # both added this id, for different devices
            duplicates.append(rid)
            out += [(rid, text(a, ours_cols)), (rid, text(b, theirs_cols))]
        else:
            merged = _merge_row(od, ad, bd, header) if od and ad and bd else None
            if merged is not None:
                out.append((rid, _render(header, merged)))
            else:
                conflicts.append(rid)
                mine = text(a, ours_cols) if a else ""
                yours = text(b, theirs_cols) if b else ""
                out.append((rid, f"<<<<<<< ours\n{mine}=======\n{yours}>>>>>>> theirs\n"))
    return MergeResult(head + "".join(t for _, t in out), conflicts, duplicates)


def merge_driver(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Run as git's merge driver: write the result over `ours`; 0 when clean, 1 when conflicted."""
    texts = [p.read_bytes().decode("utf-8-sig") for p in (base, ours, theirs)]
    try:
        result = merge_csv(*texts)
    except (csv.Error, ValueError, StopIteration) as error:
        print(f"sd merge-driver: {name}: {error}; falling back to a line merge", file=sys.stderr)
        cmd = ["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", str(ours), str(base), str(theirs)]
        return 1 if subprocess.run(cmd, check=False).returncode else 0
    ours.write_text(result.text, encoding="utf-8", newline="\n")
    for rid in result.duplicates:
        print(
            f"sd merge-driver: {name}: both branches added `{rid}` for different devices; "
            f"both rows are kept: run `sd assets renumber {rid}`",
            file=sys.stderr,
        )
    for rid in result.conflicts:
        print(f"sd merge-driver: {name}: `{rid}` changed differently on both branches; resolve it", file=sys.stderr)
    return 1 if result.conflicts else 0
