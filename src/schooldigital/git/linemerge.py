"""Git's own three-way line merge, for the parts of a register a merge by record cannot take apart.

Records with a duplicate or missing id, a header changed on both sides, or a file that is not a plain
list of records are merged as git would have merged them (`git merge-file`), conflict markers and all,
so nothing is lost or guessed.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

OURS, THEIRS = "ours", "theirs"


def conflict(mine: str, yours: str) -> str:
    """Ordinary conflict markers around two versions of some lines (each ending in a newline or empty)."""
    return f"<<<<<<< {OURS}\n{mine}=======\n{yours}>>>>>>> {THEIRS}\n"


def pick(base: str, ours: str, theirs: str) -> str | None:
    """The three-way choice for one piece of text, or None when both sides changed it differently."""
    if ours == theirs or base == theirs:
        return ours
    if base == ours:
        return theirs
    return None


def line_merge(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """`git merge-file` of three texts: (result, True when it holds conflict markers)."""
    chosen = pick(base, ours, theirs)
    if chosen is not None:
        return chosen, False
    with tempfile.TemporaryDirectory(prefix="sd-merge-") as folder:
        paths = [Path(folder) / name for name in ("ours", "base", "theirs")]
        for path, text in zip(paths, (ours, base, theirs), strict=True):
            path.write_text(text, encoding="utf-8", newline="\n")
        cmd = ["git", "merge-file", "-p", "-L", OURS, "-L", "base", "-L", THEIRS, *map(str, paths)]
        proc = subprocess.run(cmd, capture_output=True, check=False)
    if proc.returncode < 0 or proc.returncode > 127:
        raise OSError(f"git merge-file failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout.decode("utf-8"), proc.returncode > 0


def merge_files(ours: Path, base: Path, theirs: Path) -> bool:
    """`git merge-file` in place on `ours` (any bytes, any encoding); True when it left conflict markers."""
    cmd = ["git", "merge-file", "-L", OURS, "-L", "base", "-L", THEIRS, str(ours), str(base), str(theirs)]
    proc = subprocess.run(cmd, capture_output=True, check=False)
    if proc.returncode < 0 or proc.returncode > 127:
        raise OSError(f"git merge-file failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.returncode > 0
