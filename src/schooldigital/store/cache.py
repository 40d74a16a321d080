"""A parse cache keyed on file content, so cron runs skip re-parsing YAML that has not changed.

A repository is untrusted input (issue 12): a pull request can add any file, so nothing in the work tree
is ever unpickled. The cache lives in the user's cache folder (`$SD_CACHE_DIR`, else
`$XDG_CACHE_HOME/schooldigital`, else `~/.cache/schooldigital`), and every entry carries an HMAC-SHA256
tag keyed by a random secret created there (mode 0600) on first use. An entry is unpickled only after its
tag verifies, and then only classes of sd itself and a few plain value types may be built from it. A
planted, truncated or foreign entry is a cache miss. The cache is not used at all when its folder is
inside the school repository (say CI points XDG_CACHE_HOME into the checkout), where a pull request could
supply the secret too. Entries are named by a hash of the parser version and the exact file text, so a
stale entry is never served. Set SD_NO_CACHE=1 to bypass it.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from schooldigital.problems import Source

T = TypeVar("T")
_VERSION = b"3"
_MAGIC = b"sd-cache-3\n"
_TAG = hashlib.sha256().digest_size
_KEY_BYTES = 32
_VALUE_TYPES = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("decimal", "Decimal"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("schooldigital.models.base", "_restore"),  # pydantic models' compact pickling
}


def cache_home() -> Path | None:
    """The cache folder, or None when there is no home folder to put it in (then nothing is cached)."""
    named = os.environ.get("SD_CACHE_DIR")
    if named:
        return Path(named).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base).expanduser() / "schooldigital"


def memo(root: Path | None, kind: str, text: str, source: Source, compute: Callable[[], T]) -> T:
    """Return compute(), cached under a hash of (kind, source path, text) for the school at `root`
    (None: no caching)."""
    if root is None or os.environ.get("SD_NO_CACHE"):
        return compute()
    home = cache_home()
    key = None if home is None else _secret(home, root)
    if home is None or key is None:
        return compute()
    digest = hashlib.sha256(b"\0".join([_VERSION, kind.encode(), source.path.encode(), text.encode()]))
    name = digest.hexdigest()
    entry = home / "parse" / f"{name}.pickle"
    found = _load(entry, key, name)
    if found is not None:
        return found[0]  # type: ignore[no-any-return]
    value = compute()
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(_MAGIC + _sign(key, name, payload) + payload)
        os.replace(tmp, entry)
        _prune(entry.parent)
    except OSError:
        pass  # a read-only home still works, just without the cache
    return value


PRUNE_AFTER_S = 30 * 86400


def _prune(folder: Path) -> None:
    """Remove entries not rewritten for 30 days (one folder serves every school and every version of each file,
    so it would otherwise only grow); run on writes only, which warm runs never do."""
    import time

    old = time.time() - PRUNE_AFTER_S
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < old:
                path.unlink()
        except OSError:
            pass


def _sign(key: bytes, name: str, payload: bytes) -> bytes:
    """The tag binds the payload to its entry name, so a valid entry cannot be served under another name."""
    return hmac.new(key, name.encode() + b"\0" + payload, hashlib.sha256).digest()


def _load(entry: Path, key: bytes, name: str) -> tuple[Any] | None:
    """(value,) of a verified entry, None for a miss (absent, unreadable, forged or not loadable)."""
    try:
        with entry.open("rb") as fh:
            data = fh.read()
    except OSError:
        return None
    head = len(_MAGIC)
    tag, payload = data[head : head + _TAG], data[head + _TAG :]
    if not data.startswith(_MAGIC) or not hmac.compare_digest(tag, _sign(key, name, payload)):
        return None
    try:
        return (_Unpickler(io.BytesIO(payload)).load(),)
    except Exception:  # an entry written by another version of sd: recompute
        return None


class _Unpickler(pickle.Unpickler):
    """Builds only sd's own classes and plain value types: a second wall should a key ever leak."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _VALUE_TYPES and not module.startswith("schooldigital."):
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        found = super().find_class(module, name)
        if (module, name) not in _VALUE_TYPES and not isinstance(found, type):
            raise pickle.UnpicklingError(f"{module}.{name} is not a class")
        return found


def _secret(home: Path, root: Path) -> bytes | None:
    """The machine's cache key, created on first use; None (no cache) when the folder is inside the school,
    or the key file is not a private regular file of this user."""
    try:
        if home.resolve().is_relative_to(root.resolve()):
            return None
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = home / "key"
        if not path.exists():
            _create_key(path)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        try:
            info = os.fstat(fd)
            private = stat.S_ISREG(info.st_mode) and not info.st_mode & 0o077
            if not private or info.st_uid != getattr(os, "getuid", lambda: info.st_uid)():
                return None
            key = os.read(fd, _KEY_BYTES + 1)
        finally:
            os.close(fd)
    except OSError:
        return None
    return key if len(key) == _KEY_BYTES else None


def _create_key(path: Path) -> None:
    """Write a fresh key beside `path` and link it into place, so a reader never sees a half-written key and
    two first runs agree on one key."""
    tmp = path.with_name(f".key.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_bytes(_KEY_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
