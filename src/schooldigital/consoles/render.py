"""The reconciliation as text (a terminal), Markdown (a ticket or an email) or JSON (a script).

All three show the same lists from the same report dict; console values are escaped in Markdown (escape),
and the console's own cells are quoted as `excerpt`s so a hostile cell prints as one short line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from schooldigital.consoles.rows import Rows, dump
from schooldigital.markdown import escape
from schooldigital.problems import excerpt

LIMIT = 1000  # rows of a list text and Markdown show: nobody reads 100,000 lines; JSON lists every one
SECTIONS = (
    ("unregistered", "In the console, not in the register"),
    ("missing", "In use in the register, not in the console"),
    ("stale", "Not seen by the console for more than {stale_days} days"),
    ("differences", "The register and the console differ"),
    ("security", "Security updates"),
    ("duplicates", "Console records sharing a serial (the newest kept)"),
    ("changes", "What --apply records"),
)


def _line(kind: str, item: dict[str, Any], quote: Callable[[str], str]) -> str:
    if kind == "unregistered":
        cells = (item["serial"], item["model"], item["location"], item["asset_tag"], item["console_status"])
        if _clean("".join(cells)) and max(map(len, cells)) <= SHORT:
            quote = str  # the common case: every cell already short and printable, checked at once
        where = f", at {quote(item['location'])}" if item["location"] else ""
        tag = f", asset tag {quote(item['asset_tag'])}" if item["asset_tag"] else ""
        model = quote(item["model"]) if item["model"] else "model not given"
        status = f", {quote(item['console_status'])}" if item["console_status"] else ""
        personal = " (personally owned: not for the register)" if item["personal"] else ""
        return f"line {item['line']}: serial {quote(item['serial']) or '(none)'}, {model}{where}{tag}{status}{personal}"
    if kind == "missing":
        return f"{item['asset']} {item['model']}, {item['location']} ({item['status'].replace('_', ' ')})"
    if kind == "stale":
        return (
            f"{item['asset']} {item['model']}, {item['location']}: last seen {item['last_seen']} ({item['days']} days)"
        )
    if kind == "differences":
        console = (
            quote(item["console"]) if item["field"] in ("model", "location", "asset tag", "serial") else item["console"]
        )
        return f"{item['asset']} (line {item['line']}) {item['field']}: register {item['register']}; console {console}"
    if kind == "security":
        who = item["asset"] or f"unregistered serial {quote(item['serial'])}"
        if item["kind"] == "end-of-updates":
            return (
                f"{who} (line {item['line']}): security updates end {item['date']} ({item['state']}): {item['basis']}"
            )
        newest = quote(item["latest"])
        return f"{who} (line {item['line']}): runs {quote(item['version'])}, behind the newest in the export ({newest})"
    if kind == "duplicates":
        return f"line {item['line']}: serial {quote(item['serial'])} again (line {item['kept_line']} kept)"
    values = ", ".join(f"{k} {v or '(cleared)'}" for k, v in item["set"].items())
    return f"{item['asset']} (line {item['line']}): {values}"


def text(report: dict[str, Any], limit: int = LIMIT) -> str:
    """Plain text: a heading line, then each non-empty list with its count (its first `limit` rows)."""
    out = [_heading(report)]
    for kind, title in SECTIONS:
        items = report[kind]
        if items:
            out += ["", f"{title.format(**report)}: {len(items)}"]
            out += [f"  {_line(kind, item, _plain)}" for item in items[:limit]]
            out += _more(items, limit, "  ")
    if _agree(report):
        out.append("The register and the console agree.")
    return "\n".join(out) + "\n"


def markdown(report: dict[str, Any], limit: int = LIMIT) -> str:
    out = [f"# {escape(report['console'])} export and the asset register", "", escape(_heading(report))]
    for kind, title in SECTIONS:
        items = report[kind]
        if items:
            out += ["", f"## {escape(title.format(**report))} ({len(items)})", ""]
            out += [f"- {escape(_line(kind, item, _plain))}" for item in items[:limit]]
            out += _more(items, limit, "- ")
    if _agree(report):
        out += ["", "The register and the console agree."]
    return "\n".join(out) + "\n"


def as_json(report: dict[str, Any], indent: str = "") -> Iterator[str]:
    """The report's JSON in pieces, to write one by one: 100,000 rows are 20 MB, which joining would copy
    again. One top-level key, and one list item, a line: readable, and fast (an indented json.dumps goes
    through its pure-Python encoder: 3 s for 100,000 unregistered devices). A list of more than LIMIT rows is
    written on its one line; `Rows` from their columns. `indent` starts every line but the first, to nest the
    report in a document (the JSON envelope)."""
    yield "{"
    for at, (name, value) in enumerate(report.items()):
        yield f"{',' if at else ''}\n{indent}  {dump(name)}: "
        if isinstance(value, list) and len(value) > LIMIT:  # one C call: a line a row would cost a second
            yield json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        elif isinstance(value, Rows | list):
            yield from _items(value, indent)
        else:
            yield dump(value)
    yield f"\n{indent}}}"


def _items(items: Rows | list[Any], indent: str) -> Iterator[str]:
    """A list's JSON: an item a line, or all on one line when more than LIMIT."""
    if not items:
        yield "[]"
        return
    one_line = len(items) > LIMIT
    between = ", " if one_line else f",\n{indent}    "
    yield "[" if one_line else f"[\n{indent}    "
    if isinstance(items, Rows):
        yield from items.json_pieces(between)
    else:
        yield between.join(map(dump, items))
    yield "]" if one_line else f"\n{indent}  ]"


def _more(items: list[Any], limit: int, lead: str) -> list[str]:
    """The line that says a list was cut, as `sd validate` says it stopped after 1000 problems."""
    if len(items) <= limit:
        return []
    return [f"{lead}... stopped after {limit:,} ({len(items):,} in all); --format json lists every one"]


def _agree(report: dict[str, Any]) -> bool:
    return not any(report[k] for k, _ in SECTIONS if k != "changes")


def _heading(report: dict[str, Any]) -> str:
    return (
        f"{report['console']} export {report['file']}: {report['devices']} devices, {report['matched']} matched "
        f"to the register, as of {report['today']} ({report['read_as']}; {len(report['columns_read'])} columns "
        f"read, {report['columns_ignored']} ignored)"
    )


SHORT = 60  # characters of a console cell a report shows


def _clean(text: str) -> bool:
    return text.isprintable() and "`" not in text


def _plain(value: str) -> str:
    """A console cell as one short, printable line (most cells already are: checked at C speed first)."""
    if len(value) <= SHORT and _clean(value):
        return value
    return excerpt(value, SHORT)
