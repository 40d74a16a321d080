"""Renumberings in the merge commit's message, so whoever labels devices reads them in `git log` (issue 18).

A merge driver cannot write the commit message: git builds it after every file is merged. So the driver
leaves its renumberings in `<git dir>/sd-merge-notes`, and a `prepare-commit-msg` hook, which git runs for
the merge commit, appends them to the message and removes the file. The driver puts the hook in place the
first time it renumbers anything, so a clone needs nothing beyond the merge-driver line of the README.
The hook is sd's own fixed text, never anything from the work tree; a hook the school already has is left
alone (the driver then says the message will not carry the renumbering).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

NOTES = "sd-merge-notes"
MARK = "# sd: renumberings from the merge driver"
HOOK = f"""#!/bin/sh
{MARK} (`sd merge-driver`) go into a merge's commit message.
notes="$(git rev-parse --git-path {NOTES})"
if [ "$2" = merge ] && [ -f "$notes" ]; then
    {{ printf '\\n\\n'; cat "$notes"; }} >> "$1"
fi
rm -f "$notes"
"""


def _git_path(name: str) -> Path | None:
    """`git rev-parse --git-path NAME` from the driver's working directory (the top of the work tree)."""
    proc = subprocess.run(["git", "rev-parse", "--git-path", name], capture_output=True, text=True, check=False)
    return Path(proc.stdout.strip()) if proc.returncode == 0 and proc.stdout.strip() else None


def install_hook() -> bool:
    """Put sd's `prepare-commit-msg` hook in place (core.hooksPath honoured); False when another hook is there."""
    hook = _git_path("hooks/prepare-commit-msg")
    if hook is None:
        return False
    try:
        if hook.exists():
            return MARK in hook.read_text(encoding="utf-8", errors="replace")
        hook.parent.mkdir(parents=True, exist_ok=True)
        hook.write_text(HOOK, encoding="utf-8", newline="\n")
        hook.chmod(0o755)
    except OSError:
        return False
    return True


def leave(lines: list[str]) -> bool:
    """Add `lines` to the notes the hook puts in the merge's message; False when the message will not carry them."""
    notes = _git_path(NOTES)
    if notes is None or not install_hook():
        return False
    try:
        with notes.open("a", encoding="utf-8", newline="\n") as fh:
            fh.writelines(f"{line}\n" for line in lines)
    except OSError:
        return False
    return True
