"""Problems where reviewers look: GitHub Actions annotation lines and a GitLab Code Quality report.

`sd validate --format github` prints workflow commands (`::error file=…,line=…::message`) that the runner turns
into annotations on the pull request's lines; `--format gitlab` prints the Code Quality JSON that
`artifacts:reports:codequality` shows on the merge request. Paths are from the repository's top (where `.git`
is), which is the school root unless the school lives in a subfolder.

GitHub: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
GitLab: https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from schooldigital.problems import Problem, Severity

# GitHub shows at most 10 annotations of each level per step (and 50 per job); the rest vanish silently,
# so after 10 a notice says how many more there are (actions/toolkit docs/problem-matchers.md).
GITHUB_PER_LEVEL = 10


def repository_prefix(root: Path) -> str:
    """The school root's folder inside its git repository (`schools/riverside/`), or `` at the top.

    Walks up to the nearest `.git` (a folder or a worktree's file) without running git; outside a
    repository the paths stay relative to the school root.
    """
    here = root.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            inside = here.relative_to(folder).as_posix()
            return "" if inside == "." else inside + "/"
    return ""


def _path(problem: Problem, prefix: str) -> str:
    path = problem.source.path or "school.yaml"  # GitLab needs a file: a problem of no file is the school's
    return str(PurePosixPath(prefix + path.replace("\\", "/")))


def _data(text: str) -> str:
    """GitHub's escaping of a command's message: `%` first, then CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A property value additionally escapes `:` and `,`, which end a property."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: Sequence[Problem], prefix: str = "") -> str:
    """One `::error`/`::warning` workflow command per problem (10 per level), then a notice of the rest."""
    lines: list[str] = []
    left_out = 0
    for severity, command in ((Severity.ERROR, "error"), (Severity.WARNING, "warning")):
        chosen = [p for p in problems if p.severity == severity]
        left_out += max(0, len(chosen) - GITHUB_PER_LEVEL)
        for problem in chosen[:GITHUB_PER_LEVEL]:
            props = [f"file={_property(_path(problem, prefix))}"] if problem.source.path else []
            if problem.source.path and problem.source.line:
                props.append(f"line={problem.source.line}")
                if problem.source.col:
                    props.append(f"col={problem.source.col}")
            props.append(f"title={_property(f'sd validate: {problem.code}')}")
            lines.append(f"::{command} {','.join(props)}::{_data(problem.message)}")
    if left_out:
        lines.append(f"::notice::{_data(f'{left_out} more problem(s) not annotated; the log lists them all')}")
    return "".join(line + "\n" for line in lines)


def gitlab_code_quality(problems: Sequence[Problem], prefix: str = "") -> str:
    """The problems as a GitLab Code Quality report: a JSON array (UTF-8, no BOM, `[]` when clean).

    The fingerprint is the same for the same problem on every run, whatever line it moves to, and unique
    in the report (GitLab shows one issue per fingerprint).
    """
    issues = []
    seen: dict[str, int] = {}
    for problem in problems:
        path = _path(problem, prefix)
        key = "\0".join((problem.code, path, problem.message))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += f"\0{seen[key]}"
        issues.append(
            {
                "description": problem.message,
                "check_name": problem.code,
                "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
                "severity": "major" if problem.severity == Severity.ERROR else "minor",
                "location": {"path": path, "lines": {"begin": max(problem.source.line, 1)}},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
