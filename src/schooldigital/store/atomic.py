"""Writes that lose nothing: every change is staged, then renamed into place under a lock.

`Transaction` collects the new text of every file an operation touches. Nothing reaches the disk
until the whole operation has succeeded; then each file is written to a temporary sibling, flushed
and renamed over the original, so a crash half-way leaves either the old file or the new one.
The lock is held across read-modify-write, so two `sd assets add` run at once both land.

A repository is untrusted input (issue 12): a pull request can commit a folder of the school as a symlink to
somewhere else, so a file sd writes in the school is refused unless it stays inside the school folder.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from schooldigital.errors import UserError
from schooldigital.store.files import read_regular

LOCK_TIMEOUT_S = 30.0


class LockBusy(UserError):
    """Another sd process kept the school's write lock for longer than the timeout."""


# The temporary sibling `atomic_write_bytes` makes: `.<name>.<8 random characters>.tmp` (tempfile.mkstemp).
# Git-ignored (`.*.tmp`); one left by a killed write is removed by the next transaction on that folder.
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


def written_path(path: str) -> str:
    """The file a write was for: a temporary sibling's path becomes its target's, so an error names the
    register a person knows, not sd's temporary file."""
    folder, _, name = path.rpartition(os.sep)
    found = _TEMPORARY.match(name)
    return f"{folder}{os.sep if folder else ''}{found['name']}" if found else path


def inside(root: Path, path: Path) -> None:
    """Refuse to write `path` when it leads outside the school at `root`: through a symlinked folder, or onto a
    symlink to somewhere else (either can come in a pull request)."""
    if not path.resolve().is_relative_to(root.resolve()):
        where = path.relative_to(root) if path.is_relative_to(root) else path
        raise UserError(f"{where}: not written: sd writes only inside the school folder, and a symbolic link leads out")


def atomic_write(path: Path, text: str, within: Path | None = None) -> None:
    """Replace `path` with `text` in one rename; LF line endings so git diffs stay clean."""
    atomic_write_bytes(path, text.encode("utf-8"), within)


def atomic_write_bytes(path: Path, content: bytes, within: Path | None = None) -> None:
    """Replace `path` with `content` in one rename: a reader sees the old file or the new one, never half.
    `within` is the school folder a file of the school must stay inside; None for a path the person named.

    Raises:
        UserError: `path` leads outside `within`; nothing is written.
        OSError: the folder cannot be made or written (the CLI prints it as one line naming the path).
    """
    if within is not None:
        inside(within, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def unchanged(path: Path, text: str, root: Path) -> bool:
    """True when writing `text` would leave the file byte for byte as it is: a re-run is no change (issue 22).
    Read like every file of the school at `root`: a file outside it is never compared, only refused later."""
    try:
        return read_regular(path, root.resolve()) == text.encode("utf-8")
    except OSError:
        return False


class Transaction:
    """The files one operation will write in the school at `root`; applied only by `commit()`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pending: dict[Path, str] = {}

    def write(self, path: Path, text: str) -> None:
        self.pending[path] = text

    def commit(self) -> list[Path]:
        for path in self.pending:  # all checked first: one refused path leaves every file as it was
            inside(self.root, path)
        for folder in {path.parent for path in self.pending}:
            remove_stale_temporaries(folder)
        for path, text in self.pending.items():
            atomic_write(path, text)
        written = list(self.pending)
        self.pending.clear()
        return written


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files a killed write left in `folder`. Only under the school's write lock: then no
    other sd process is half-way through writing there."""
    try:
        names = [entry for entry in os.scandir(folder) if _TEMPORARY.match(entry.name) and entry.is_file()]
    except FileNotFoundError:
        return
    for entry in names:
        Path(entry.path).unlink(missing_ok=True)


@contextmanager
def locked(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the school's write lock (a file in the git-ignored .sd-cache/), waiting at most `timeout` seconds
    (default LOCK_TIMEOUT_S, read at each call)."""
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    lock_dir = root / ".sd-cache"
    inside(root, lock_dir / "write.lock")
    lock_dir.mkdir(exist_ok=True)
    lock = FileLock(str(lock_dir / "write.lock"), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise LockBusy(f"another sd command is writing to {root} (lock held for {timeout:.0f}s)") from None


@contextmanager
def transaction(root: Path) -> Iterator[Transaction]:
    """Lock, collect writes, and apply them only if the block finishes without an exception."""
    with locked(root):
        tx = Transaction(root)
        yield tx
        tx.commit()
