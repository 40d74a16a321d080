"""Shared builders for the survey tests: a tiny framework, exports written as bytes, a fixed key."""

from __future__ import annotations

import textwrap
from pathlib import Path

MINI = textwrap.dedent(
    """\
    id: mini
    name: Mini framework
    levels:
      - {id: entry, name: Entry}
      - {id: core, name: Core}
      - {id: pioneer, name: Pioneer}
    scale:
      - {value: "yes", label: "Yes", score: 2}
      - {value: partly, label: Partly, score: 1}
      - {value: "no", label: "No", score: 0}
    scoring: {rule: cumulative_share, affirm_at: 2, share: 1.0, missing: invalid}
    lower_levels: 2
    strands:
      - id: A
        name: Alpha
        statements:
          - {id: A-E1, level: entry, text: "a entry"}
          - {id: A-C1, level: core, text: "a core"}
          - {id: A-P1, level: pioneer, text: "a pioneer"}
      - id: B
        name: Beta
        statements:
          - {id: B-E1, level: entry, text: "b entry"}
          - {id: B-C1, level: core, text: "b core"}
          - {id: B-P1, level: pioneer, text: "b pioneer"}
    """
)
MINI_HEADER = "Timestamp,Email Address,Role,Department,[A-E1] a1,[A-C1] a2,[A-P1] a3,[B-E1] b1,[B-C1] b2,[B-P1] b3"
KEY = "0123456789abcdef" * 4


def setup(school: Path, framework: str = MINI) -> Path:
    """Give the school copy the mini framework and a known pseudonym key; return the surveys folder."""
    surveys = school / "surveys"
    (surveys / "frameworks").mkdir(parents=True, exist_ok=True)
    (surveys / "frameworks" / "mini.yaml").write_text(framework)
    (surveys / ".respondent-key").write_text(KEY + "\n")
    return surveys


def write(path: Path, lines: list[str], *, crlf: bool = False, bom: bool = False, encoding: str = "utf-8") -> Path:
    text = ("\r\n" if crlf else "\n").join(lines) + ("\r\n" if crlf else "\n")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def levels_csv(path: Path, strands: list[str], rows: list[tuple[str, str, str, list[str]]]) -> Path:
    lines = [",".join(["respondent", "role", "department", *strands])]
    lines += [",".join([who, role, dept, *levels]) for who, role, dept, levels in rows]
    return write(path, lines)
