"""Survey pseudonyms: `r-` + 12 hex digits of HMAC-SHA256 of a respondent's identifier under the school's key.

Any identifier (email, name, staff code, username) is hashed; an older sd kept staff codes as typed, and
those rounds still read (see `find_respondent`).

The key is `survey.key_file` in school.yaml (default `surveys/.respondent-key`), git-ignored and created by
the first import. The same person gets the same pseudonym every year while the key is kept, and nobody
holding only the repository can reverse it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from pathlib import Path

from schooldigital.errors import UserError
from schooldigital.store.files import read_regular
from schooldigital.survey.framework import _fold

PSEUDONYM_RE = re.compile(r"r-[0-9a-f]{12}")


def pseudonym(identity: str, key: bytes) -> str:
    """A stable pseudonym for an email, name or staff code: case and spacing do not matter."""
    digest = hmac.new(key, _fold(identity).encode("utf-8"), hashlib.sha256).hexdigest()
    return f"r-{digest[:12]}"


def read_key(root: Path, key_file: str, create: bool) -> tuple[bytes, str | None]:
    """(key, new key text to write or None). A new key is only made when `create`."""
    path = root / key_file
    if path.exists():
        return read_regular(path, root.resolve()).decode("utf-8").strip().encode(), None
    if not create:
        raise UserError(f"no respondent key at {key_file}; it is made by the first `sd survey import`")
    text = secrets.token_hex(32)
    return text.encode(), text + "\n"


def normaliser(root: Path) -> Callable[[str], str]:
    """Stored respondent id -> pseudonym. Rounds an older sd wrote keep staff codes as typed (`t01`); with
    the school's key they are hashed on reading, so they still match this year's pseudonyms."""
    from schooldigital.registers import load_config

    config, _ = load_config(root)
    path = root / (config.survey.key_file if config else "surveys/.respondent-key")
    if not path.is_file():
        return lambda who: who
    key = read_regular(path, root.resolve()).decode("utf-8").strip().encode()
    return lambda who: who if PSEUDONYM_RE.fullmatch(who) else pseudonym(who, key)
