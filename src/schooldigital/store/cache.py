"""A parse cache keyed on file content, so cron runs skip re-parsing YAML that has not changed.

Entries live in the school's git-ignored `.sd-cache/` and are named by a hash of the parser version
and the exact file text, so a stale entry can never be served. Set SD_NO_CACHE=1 to bypass it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from schooldigital.problems import Source

T = TypeVar("T")
_VERSION = b"2"


def memo(cache_dir: Path | None, kind: str, text: str, source: Source, compute: Callable[[], T]) -> T:
    """Return compute(), cached under a hash of (kind, source path, text) when a cache dir is given."""
    if cache_dir is None or os.environ.get("SD_NO_CACHE"):
        return compute()
    digest = hashlib.sha256(b"\0".join([_VERSION, kind.encode(), source.path.encode(), text.encode()]))
    entry = cache_dir / "parse" / f"{digest.hexdigest()}.pickle"
    try:
        with entry.open("rb") as fh:
            # The cache is local, git-ignored and written only by sd itself, so unpickling it is safe.
            return pickle.load(fh)  # type: ignore[no-any-return]
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass
    value = compute()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, entry)
    except OSError:
        pass  # a read-only checkout still works, just without the cache
    return value
