"""`sd merge-driver`: git's merge of every register, by record id; this module holds the CSV half.

Git merges text by lines, so two branches that each append an asset to the end of `assets.csv` touch
the same spot and conflict, although nothing contradicts. This driver (set up by `sd init`; see
`.gitattributes`) merges each asset on its own: a row added, changed or removed on one side is taken;
a row changed on both is merged field by field, and only a field changed differently on both sides
is a conflict, marked with the usual `<<<<<<<` lines around the two rows. Two branches that added
the SAME id for different devices: the incoming row ("theirs") takes the next free id and records
`renumbered_from`, the driver prints the rename with the serial, and `sd validate` warns until the device
is relabelled; the same row added on both sides is kept once. Rows whose id is empty or used twice
cannot be matched: only they merge line by line. The result is sorted by id, LF, like every `sd` write.
YAML registers merge the same way in `yamlmerge`.

Why not git's built-in `merge=union`: it keeps both sides' lines of any clash, so a row edited on two
branches would silently become two rows with one id, a phantom device that renumbering would then
make permanent. A conflict that git cannot name is never hidden here.
"""

from __future__ import annotations

import csv
import io
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from schooldigital.git import ids
from schooldigital.git.linemerge import conflict, line_merge, merge_files
from schooldigital.git.yamlmerge import RENUMBERED_FROM, MergeResult, Renamed, merge_yaml


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


def merge_csv(base: str, ours: str, theirs: str, path: str = "registers/assets.csv") -> MergeResult:
    """Merge three versions of a CSV register keyed by `id` (see the module docstring)."""
    _, base_cols, base_rows = csv_rows(base) if base.strip() else ("", [], [])
    ours_head, ours_cols, ours_rows = csv_rows(ours)
    _, theirs_cols, theirs_rows = csv_rows(theirs)
    result = MergeResult("")
    loose: set[str] = set()
    for rows in (base_rows, ours_rows, theirs_rows):
        counts = Counter(r.id for r in rows)
        loose |= {rid for rid, n in counts.items() if n > 1 or not rid}
    result.loose = [f"`{rid}` (id used twice)" if rid else "rows without an id" for rid in sorted(loose)]
    header = ours_cols + [c for c in theirs_cols if c not in ours_cols]
    o_by, a_by, b_by = ({r.id: r for r in rows if r.id not in loose} for rows in (base_rows, ours_rows, theirs_rows))
    clash = [rid for rid in a_by.keys() & b_by.keys() if rid not in o_by and a_by[rid].data != b_by[rid].data]
    if clash and RENUMBERED_FROM not in header:
        header.append(RENUMBERED_FROM)  # the record of the renumbering has to be written somewhere
    head = ours_head if header == ours_cols else _render(header, {c: c for c in header})
    out: list[tuple[str, str]] = []

    def text(row: Row, cols: list[str]) -> str:
        return row.text if cols == header else _render(header, row.data)

    allocator = ids.Allocator(set(o_by) | set(a_by) | set(b_by) | loose, path)
    for rid in sorted(set(o_by) | set(a_by) | set(b_by)):
        o, a, b = o_by.get(rid), a_by.get(rid), b_by.get(rid)
        od, ad, bd = (o.data if o else None), (a.data if a else None), (b.data if b else None)
        if ad == bd or od == bd:
            if a:
                out.append((rid, text(a, ours_cols)))
        elif od == ad:
            if b:
                out.append((rid, text(b, theirs_cols)))
        elif o is None and a and b:  # both added this id, for different devices: theirs takes the next one
            new = allocator.next(rid)
            out += [(rid, text(a, ours_cols)), (new, _render(header, {**b.data, "id": new, RENUMBERED_FROM: rid}))]
            result.renamed.append(Renamed(rid, new, f"serial {b.data['serial']}" if b.data.get("serial") else ""))
        else:
            merged = _merge_row(od, ad, bd, header) if od and ad and bd else None
            if merged is not None:
                out.append((rid, _render(header, merged)))
            else:
                result.conflicts.append(rid)
                mine = text(a, ours_cols) if a else ""
                yours = text(b, theirs_cols) if b else ""
                out.append((rid, conflict(mine, yours)))
    if loose:
        # Rows that cannot be matched by id merge as lines (in the merged columns), where the first of their
        # ids sorts.
        sides = ((base_rows, base_cols), (ours_rows, ours_cols), (theirs_rows, theirs_cols))
        texts = ("".join(text(r, cols) for r in rows if r.id in loose) for rows, cols in sides)
        merged_text, clashed = line_merge(*texts)
        if clashed:
            result.conflicts.append("the rows merged line by line")
        out.append((min(loose), merged_text))
        out.sort(key=lambda item: item[0])
    result.text = head + "".join(t for _, t in out)
    return result


def merge_driver(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Run as git's merge driver: write the result over `ours`; 0 when clean, 1 when conflicted.

    CSV registers merge by row (`merge_csv`), YAML registers by record (`yamlmerge`); a file neither can
    take apart gets git's own line merge, and the driver says so.
    """
    result: MergeResult | None
    try:
        texts = [p.read_bytes().decode("utf-8-sig") for p in (base, ours, theirs)]
        result = merge_csv(*texts, path=name) if name.endswith(".csv") else merge_yaml(*texts, path=name)
        why = "it is not a plain list of records"
    except Exception as error:  # noqa: BLE001 - a merge must never stop half-done: git's own merge instead
        result, why = None, f"cannot merge it by record ({type(error).__name__}: {error})"
    if result is None:
        print(f"sd merge-driver: {name}: {why}; falling back to a line merge", file=sys.stderr)
        return 1 if merge_files(ours, base, theirs) else 0
    ours.write_text(result.text, encoding="utf-8", newline="\n")
    report(name, result)
    return 1 if result.conflicts else 0


def report(name: str, result: MergeResult) -> None:
    """What the merge decided that a person must know: renumbered records, line-merged ones, conflicts."""
    for r in result.renamed:
        what = f" ({r.what})" if r.what else ""
        print(
            f"sd merge-driver: {name}: renumbered {r.old} -> {r.new}{what}: both branches added {r.old}; "
            f"the incoming one is now {r.new}, marked `{RENUMBERED_FROM}: {r.old}` (relabel it if labelled)",
            file=sys.stderr,
        )
    if result.renamed:
        from schooldigital.git import mergenotes

        lines = [f"{name}: renumbered {r.old} -> {r.new}{f' ({r.what})' if r.what else ''}" for r in result.renamed]
        if not mergenotes.leave(lines):
            print(f"sd merge-driver: {name}: the merge's commit message will not list the renumbering", file=sys.stderr)
    if result.loose:
        print(f"sd merge-driver: {name}: merged line by line: {', '.join(result.loose)}", file=sys.stderr)
    for what in result.conflicts:
        print(f"sd merge-driver: {name}: conflict in {what}: changed differently on both branches", file=sys.stderr)
