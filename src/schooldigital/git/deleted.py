"""`sd validate` in a git repository: asset rows deleted since the last commit without being disposed of.

The asset register is the evidence of where every device went (DfE: record disposal, with data-wipe
proof), so a device leaves it by `sd assets dispose`, never by deleting its row. Deletions are compared
with HEAD, which is what `sd validate` as a pre-commit hook sees just before the deletion is committed;
in review, `sd diff` shows each such row as "deleted from the register without a disposal record".
A row whose serial is still in the register was renamed (`sd assets renumber --to`), not deleted.
Only plain `sd validate` runs this (no pending writes), and only when the file differs from HEAD.
"""

from __future__ import annotations

from schooldigital import layout
from schooldigital.git import ops as gitops
from schooldigital.git.merging import csv_rows
from schooldigital.problems import Problem, Severity, Source, relpath
from schooldigital.registers import Registers

CODE = "asset-deleted"


def deleted_assets(regs: Registers) -> list[Problem]:
    """A warning for each asset row in HEAD that is gone from the working tree without a disposal."""
    root = regs.root
    path = layout.assets_file(root, regs.files)
    if regs.files.overlay or path.suffix != ".csv" or not path.is_file() or gitops.work_tree(root) is None:
        return []
    rel = relpath(path, root)
    if gitops.run(root, "diff", "--quiet", "HEAD", "--", rel, check=False).returncode != 1:
        return []  # unchanged since HEAD, or no HEAD yet
    old = gitops.show(root, "HEAD", rel)
    if old is None:
        return []
    try:
        _, _, before = csv_rows(old.decode("utf-8-sig"))
        _, _, now = csv_rows(regs.files.read_bytes(path).decode("utf-8-sig"))
    except (UnicodeError, ValueError, StopIteration):  # the loader reports what is wrong with the file itself
        return []
    ids = {row.id for row in now}
    serials = {row.data.get("serial", "").strip().upper() for row in now} - {""}
    problems = []
    for row in before:
        serial = row.data.get("serial", "").strip()
        if row.id in ids or row.data.get("status") == "disposed" or (serial and serial.upper() in serials):
            continue
        shown = f" (serial {serial})" if serial else ""
        msg = (
            f"asset `{row.id}`{shown} was deleted since the last commit (HEAD line {row.line}) without a disposal "
            f"record; the register keeps every device: restore the row and run `sd assets dispose {row.id}`"
        )
        problems.append(Problem(Source(rel), CODE, msg, Severity.WARNING))
    return problems
