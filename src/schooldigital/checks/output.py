"""Plain text, Markdown and JSON renderings of renewal items and standards results, for cron and terminals.

Deliberately free of Rich, Jinja2 and pandas: `sd check renewals` runs from cron every day and its whole
budget is a few hundred milliseconds. Text is one line per item or batch, never wrapped or coloured, so a
cron mail reads the same in any client.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from schooldigital.checks.renewals import GROUP_ACTIONS, KINDS, DueItem, Group, group_items
from schooldigital.markdown import escape

if TYPE_CHECKING:
    import datetime as dt

    from schooldigital.checks.standards import StandardResult


def _state(item: DueItem) -> str:
    if item.state == "upcoming" and item.stage is not None:
        return f"upcoming ({item.stage}d)"
    return item.state


def _when(item: DueItem) -> str:
    days = item.days
    if days == 0:
        return "today"
    n = abs(days)
    return f"in {n} day{'s' if n != 1 else ''}" if days > 0 else f"{n} day{'s' if n != 1 else ''} ago"


def _breakdown(group: Group) -> str:
    """`39 × Acer Chromebook 311 C733, 24 × HP ProDesk 400 G7` — largest first, at most five named."""
    counts = Counter(i.group_label or i.group for i in group.items)
    parts = [f"{n} × {label}" for label, n in counts.most_common(5)]
    if len(counts) > 5:
        parts.append(f"{len(counts) - 5} more")
    return ", ".join(parts)


def _group_line(group: Group) -> str:
    first = group.first
    head = f"{_state(first):<14} {first.action_date}  "
    if len(group.items) == 1 and first.register != "assets":
        return head + f"{first.title} [{first.record_id}]: {first.action} ({first.source})"
    if len(group.items) == 1:
        return head + f"{KINDS[first.kind]}: {first.title}: {first.action} ({first.source})"
    dates = sorted(i.action_date for i in group.items)
    span = f"{dates[0]}" if dates[0] == dates[-1] else f"{dates[0]}..{dates[-1]}"
    noun = "information assets" if first.register == "information_assets" else "assets"
    action = GROUP_ACTIONS.get(first.kind, first.action)
    return f"{_state(first):<14} {span}  {KINDS[first.kind]}: {len(group.items)} {noun} ({_breakdown(group)}): {action}"


def _detail_line(item: DueItem) -> str:
    return f"    {item.record_id}  {item.action_date}  {item.title}  ({item.source})"


def renewals_text(items: Sequence[DueItem], today: dt.date, school: str, detail: bool = False) -> str:
    """Nothing at all when there is nothing to do; else a heading and one line per item or batch."""
    if not items:
        return ""
    groups = group_items(items)
    count = len(items)
    lines = [
        f"{school}: {count} dated item{'s' if count != 1 else ''} need{'s' if count == 1 else ''} attention ({today})"
    ]
    hidden = False
    for group in groups:
        lines.append(_group_line(group))
        if len(group.items) > 1:
            if detail:
                lines.extend(_detail_line(i) for i in group.items)
            else:
                hidden = True
    if hidden:
        lines.append("(batched by kind; `sd check renewals --detail` lists every record)")
    return "\n".join(lines) + "\n"


def renewals_markdown(items: Sequence[DueItem], today: dt.date, school: str, detail: bool = False) -> str:
    """The items as a Markdown table; every value from the registers goes through `markdown.escape`."""
    if not items:
        return ""
    lines = [
        f"## Renewals and reviews needing attention — {escape(school)}, {today}",
        "",
        "| State | Date | What | Record | Action | Source |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for group in group_items(items):
        first = group.first
        if len(group.items) == 1 or detail:
            for i in group.items:
                row = [_state(i), f"{i.action_date} ({_when(i)})", KINDS[i.kind]]
                row = [escape(c) for c in row] + [f"{escape(i.title)} ({_code(i.record_id)})", escape(i.action)]
                lines.append("| " + " | ".join([*row, _code(str(i.source))]) + " |")
        else:
            dates = sorted(i.action_date for i in group.items)
            row = [_state(first), f"{dates[0]}..{dates[-1]}", KINDS[first.kind]]
            row += [f"{len(group.items)}: {_breakdown(group)}", GROUP_ACTIONS.get(first.kind, first.action), "-"]
            lines.append("| " + " | ".join(escape(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """`text` as a code span, or escaped plain text when it holds a backtick (which would end the span)."""
    return escape(text) if "`" in text or "|" in text or "\n" in text else f"`{text}`"


# --- standards -------------------------------------------------------------------------------------------

STATUS_ORDER = ("not met", "no evidence", "partly met", "not due yet", "not applicable", "met")


def _counts(results: Sequence[StandardResult]) -> str:
    counts = Counter(r.status for r in results)
    return ", ".join(f"{counts[s]} {s}" for s in reversed(STATUS_ORDER) if counts[s])


def _verdict(r: StandardResult) -> str:
    """The status, with the date or reason it depends on."""
    if r.due is not None:
        return f"{r.status} (due {r.due})"
    return r.status


def _areas(results: Sequence[StandardResult]) -> list[tuple[str, bool, list[StandardResult]]]:
    """Results grouped by area, in the order given (the core areas first)."""
    groups: dict[str, list[StandardResult]] = {}
    for r in results:
        groups.setdefault(r.area_name, []).append(r)
    return [(name, rows[0].core, rows) for name, rows in groups.items()]


def _ids(ids: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def standards_text(results: Sequence[StandardResult], header: str = "") -> str:
    """Every standard, grouped by area, with its verdict, kind of evidence, the records and the next step."""
    lines = [header] if header else []
    for name, core, rows in _areas(results):
        lines.append(f"{name}{' (core)' if core else ''}")
        for r in rows:
            lines.append(f"  {r.status:<14} {r.id:<16} {r.title} [{r.evidence_kind}]")
            pad = " " * 19
            if r.due is not None:
                lines.append(f"{pad}due: {r.due}")
            if r.reason:
                lines.append(f"{pad}reason: {r.reason}")
            if r.evidence:
                lines.append(f"{pad}evidence: {'; '.join(r.evidence)}")
            if r.status == "met" and r.records:
                lines.append(f"{pad}records: {_ids(r.records)}")
            if r.failing and r.status != "met":
                lines.append(f"{pad}failing: {_ids(r.failing)}")
            if r.next_step and r.status not in ("met", "not applicable"):
                lines.append(f"{pad}next: {r.next_step}")
    lines.append(f"{len(results)} standards: {_counts(results)}")
    return "\n".join(lines) + "\n"


def standards_markdown(results: Sequence[StandardResult], header: str = "") -> str:
    lines = [f"{header}", ""] if header else []
    for name, core, rows in _areas(results):
        lines += [f"### {escape(name)}{' (core)' if core else ''}", ""]
        lines += ["| Standard | Status | Evidence kind | Evidence | Next step |", "| --- | --- | --- | --- | --- |"]
        for r in rows:
            shown = r.records if r.status == "met" else r.failing
            evidence = "; ".join(r.evidence) or "-"
            if shown:
                evidence += f" ({'records' if r.status == 'met' else 'failing'}: {_ids(shown)})"
            step = r.reason or (r.next_step if r.status != "met" else "") or "-"
            row = [f"{escape(r.title)} ({_code(r.id)})", f"**{_verdict(r)}**", r.evidence_kind, evidence, step]
            lines.append("| " + " | ".join([row[0], *(escape(c) for c in row[1:])]) + " |")
        lines.append("")
    lines.append(f"{len(results)} standards: {_counts(results)}")
    return "\n".join(lines) + "\n"


def check_summary(result: Any) -> str:
    """The last lines of `sd check`: one line per part, then the verdict."""
    problems = result.problems
    errors = sum(1 for p in problems if str(p.severity) == "error")
    lines = [
        f"validate: {'ok' if not errors else f'{errors} errors'}"
        + (f", {len(problems) - errors} warnings" if len(problems) > errors else "")
    ]
    if result.registers is None or errors:
        lines.append("renewals and standards: not checked until the data is valid")
    else:
        states = Counter(i.state for i in result.items)
        lines.append("renewals: " + (", ".join(f"{n} {s}" for s, n in sorted(states.items())) or "nothing due"))
        lines.append("standards: " + _counts(result.results))
    lines.append({0: "all clear", 1: "attention needed", 2: "invalid data"}[result.exit_code])
    return "\n".join(lines)
