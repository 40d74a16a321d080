"""File access with an optional in-memory overlay, so a change can be validated before it is written.

A mutating command computes the new text of every file it touches, validates the whole school as if
those texts were on disk (`validate_school(root, overlay=...)`), and writes only if that passes.

A repository is untrusted input (issue 12), so a file is read only when it is a regular file (never a
symlink, device or FIFO), inside the school root when one is known, and no larger than its limit
(`store.limits`); anything else raises `UnsafePath` or `TooLarge` before a byte of it is read.
"""

from __future__ import annotations

import copy
import errno
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from schooldigital.problems import Problem, Source
from schooldigital.store import limits


class UnsafePath(OSError):
    """A path sd refuses to read: a symlink, a device or FIFO, or a file outside the school root."""


class TooLarge(OSError):
    """A file over the size limit for its kind; `limit` is that limit in bytes."""

    def __init__(self, message: str, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class Files:
    def __init__(self, overlay: Mapping[Path, str] | None = None, root: Path | None = None) -> None:
        self.overlay = {Path(p).resolve(): text for p, text in (overlay or {}).items()}
        self.root = root.resolve() if root is not None else None

    def within(self, root: Path) -> Files:
        """The same files, reads confined to `root` (kept when a root is already set)."""
        if self.root is not None:
            return self
        confined = copy.copy(self)
        confined.root = root.resolve()
        return confined

    def read_bytes(self, path: Path) -> bytes:
        """The pending text if there is one, else the file on disk (raises OSError like Path.read_bytes;
        `UnsafePath` or `TooLarge` for a file that must not be read)."""
        pending = self.overlay.get(path.resolve()) if self.overlay else None
        return pending.encode("utf-8") if pending is not None else read_regular(path, self.root)

    def exists(self, path: Path) -> bool:
        return (bool(self.overlay) and path.resolve() in self.overlay) or path.exists()


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_FLAGS = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def read_regular(path: Path, root: Path | None = None, limit: int | None = None) -> bytes:
    """The bytes of `path`, refusing anything but a regular file under `root` within `limit` bytes.

    The final component is opened with O_NOFOLLOW and checked with fstat on the open descriptor, so a
    symlink or FIFO swapped in between a check and the read is still refused (and a FIFO never blocks)."""
    if root is not None and not path.resolve().is_relative_to(root):
        raise UnsafePath(f"{path} is outside the school folder")
    if not _NOFOLLOW and path.is_symlink():  # no O_NOFOLLOW (Windows): a check before opening is the best there is
        raise UnsafePath(f"{path} is a symbolic link")
    try:
        fd = os.open(path, _FLAGS)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise UnsafePath(f"{path} is a symbolic link") from None
        raise
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "a folder, where a file was expected")
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePath(f"{path} is not a regular file")
        cap = limits.max_bytes(str(path)) if limit is None else limit
        if info.st_size > cap:
            raise TooLarge(f"{path} is {info.st_size} bytes", cap)
        if _NONBLOCK:
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(cap + 1)
        if len(data) > cap:  # grew while being read
            raise TooLarge(f"{path} is over {cap} bytes", cap)
        return data
    finally:
        os.close(fd)


DISK = Files()


def read_problem(err: OSError, source: Source) -> Problem:
    """The problem for a file that could not or must not be read; never quotes the file's content."""
    if isinstance(err, FileNotFoundError):
        return Problem(source, "file-missing", "file not found")
    if isinstance(err, UnsafePath):
        msg = "not read: a register must be a regular file inside the school folder, not a symlink, device or FIFO"
        return Problem(source, "unsafe-path", msg)
    if isinstance(err, TooLarge):
        msg = f"not read: the file is larger than the limit of {limits.describe_bytes(err.limit)}"
        return Problem(source, "file-too-large", f"{msg} (raise it with {limits.env_for(source.path)} if intended)")
    return Problem(source, "file-unreadable", f"cannot read file: {err.strerror or err}")
