"""File access with an optional in-memory overlay, so a change can be validated before it is written.

A mutating command computes the new text of every file it touches, validates the whole school as if
those texts were on disk (`validate_school(root, overlay=...)`), and writes only if that passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


class Files:
    def __init__(self, overlay: Mapping[Path, str] | None = None) -> None:
        self.overlay = {Path(p).resolve(): text for p, text in (overlay or {}).items()}

    def read_bytes(self, path: Path) -> bytes:
        """The pending text if there is one, else the file on disk (raises OSError like Path.read_bytes)."""
        pending = self.overlay.get(path.resolve()) if self.overlay else None
        return pending.encode("utf-8") if pending is not None else path.read_bytes()

    def exists(self, path: Path) -> bool:
        return (bool(self.overlay) and path.resolve() in self.overlay) or path.exists()


DISK = Files()
