"""Git conflict markers left in a register: which record and which field, instead of a parse error.

The merge driver (`git.yamlmerge`, `git.merging`) puts ordinary `<<<<<<<`/`=======`/`>>>>>>>` markers
around the one field (or row) both branches changed. A YAML or CSV parser would only say it choked at
some line; this names the record and field so the person resolving it knows what they are choosing.
"""

from __future__ import annotations

import csv
import re

from schooldigital.problems import Problem, Source

CODE = "merge-conflict"
_KEY = re.compile(r"^(?:- +| +)([A-Za-z_][\w.-]*):")
_ID = r"^(?:- +| +){key}:[ \t]*['\"]?([^'\"#\s]+)"


def has_markers(text: str) -> bool:
    return text.startswith("<<<<<<<") or "\n<<<<<<<" in text


def ours_view(text: str) -> str:
    """The text as our side had it: their lines and the marker lines become blank lines, so every other
    record still loads (and is checked) at its own line number while the conflict is reported."""
    out, keep = [], True
    for line in text.split("\n"):
        if line.startswith(("<<<<<<<", "|||||||", "=======", ">>>>>>>")):
            keep = line.startswith("<<<<<<<") or line.startswith(">>>>>>>")
            out.append("")
        else:
            out.append(line if keep else "")
    return "\n".join(out)


def _sections(lines: list[str]) -> list[tuple[int, list[str], list[str]]]:
    """(line index of `<<<<<<<`, our lines, their lines) for each conflict."""
    found, index = [], 0
    while index < len(lines):
        if not lines[index].startswith("<<<<<<<"):
            index += 1
            continue
        start, ours, theirs, into = index, [], [], None
        index += 1
        while index < len(lines) and not lines[index].startswith(">>>>>>>"):
            line = lines[index]
            if line.startswith("|||||||"):
                into = []  # diff3 style: the base's lines are not shown
            elif line.startswith("======="):
                into = theirs
            elif into is None:
                ours.append(line)
            else:
                into.append(line)
            index += 1
        found.append((start, ours, theirs))
    return found


def _shown(lines: list[str]) -> str:
    text = " ".join(line.strip() for line in lines if line.strip())
    return f"`{text[:60]}`" if text else "(deleted)"


def yaml_conflicts(text: str, source: Source) -> list[Problem]:
    """One problem per conflict in a YAML register, naming the record (by id) and the fields."""
    lines = text.splitlines()
    problems = []
    # The Digital Leaders' history is the one register keyed by another field (see git.ids.KEYS).
    id_line = re.compile(_ID.format(key="year" if source.path.endswith("history.yaml") else "id"))
    for start, ours, theirs in _sections(lines):
        rid = next((m.group(1) for line in ours + theirs if (m := id_line.match(line)) and line[0] == "-"), None)
        if rid is None:
            for line in reversed(lines[:start]):
                if (m := id_line.match(line)) is not None and rid is None:
                    rid = m.group(1)
                if line.startswith("-"):
                    break
        names = sorted({m.group(1) for line in set(ours) ^ set(theirs) if (m := _KEY.match(line))})
        where = f"record `{rid}`" if rid else "a record"
        what = f", field{'s' if len(names) > 1 else ''} {', '.join(f'`{n}`' for n in names)}" if names else ""
        msg = (
            f"merge conflict in {where}{what}: ours {_shown(ours)}, theirs {_shown(theirs)}; keep the right "
            "version and delete the <<<<<<<, ======= and >>>>>>> lines"
        )
        problems.append(Problem(source.at(start + 1), CODE, msg))
    return problems


def csv_conflicts(text: str, source: Source) -> list[Problem]:
    """One problem per conflict in a CSV register, naming the row's id and the columns that differ."""
    lines = text.splitlines()
    header = next(csv.reader(lines[:1]), [])
    problems = []
    for start, ours, theirs in _sections(lines):
        mine = [dict(zip(header, row, strict=False)) for row in csv.reader(ours)]
        yours = [dict(zip(header, row, strict=False)) for row in csv.reader(theirs)]
        ids = sorted({r.get("id", "") for r in mine + yours} - {""})
        names = [c for c in header if mine and yours and mine[0].get(c) != yours[0].get(c)]
        where = f"row `{'`, `'.join(ids)}`" if ids else "a row"
        what = f", column{'s' if len(names) > 1 else ''} {', '.join(f'`{n}`' for n in names)}" if names else ""
        msg = f"merge conflict in {where}{what}: keep the right row and delete the <<<<<<<, ======= and >>>>>>> lines"
        problems.append(Problem(source.at(start + 1), CODE, msg))
    return problems
