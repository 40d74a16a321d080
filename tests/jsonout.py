"""Reading what `sd ... --format json` prints: every document is `{"schema_version": 1, "command", "data"}`."""

from __future__ import annotations

import json
from typing import Any


def payload(stdout: str, command: str | None = None) -> Any:
    """The `data` of one JSON document on stdout, after checking its envelope (and its command, if given)."""
    document = json.loads(stdout)
    assert document["schema_version"] == 1, document
    assert set(document) >= {"schema_version", "command", "data"}, document
    if command is not None:
        assert document["command"] == command, document
    return document["data"]
