"""The one Markdown escaper every Markdown output uses (reports, `sd check --format markdown`, `sd diff`).

Stdlib only, so the cron path (`sd check renewals --format markdown`) can use it without Jinja2. Register
values are untrusted (issue 12): a school, model or contract name such as `<script>` or
`[click](javascript:alert(1))` must come out as text, never as HTML, a link or a broken table.
"""

from __future__ import annotations

import re

_ENTITY = re.compile(r"&(?=#?\w+;)")
_SPECIAL = str.maketrans({"<": "&lt;", ">": "&gt;", "|": "\\|", "[": "\\[", "]": "\\]", "`": "\\`"})


def escape(text: str) -> str:
    """`text` made inert for Markdown: no raw HTML, links, code spans or broken table cells, one line."""
    text = _ENTITY.sub("&amp;", text).translate(_SPECIAL)
    return " ".join(text.split()) if "\n" in text or "\r" in text else text
