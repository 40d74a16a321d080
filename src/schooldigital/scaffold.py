"""`sd init`: a new school data repository, ready to validate, review and merge.

Writes school.yaml, empty registers with header comments, a `templates/` folder for report overrides,
.gitignore/.gitattributes, a pre-commit config running `sd validate`, CI files for GitHub Actions and
GitLab running `sd check` on every pull request, sets up the record-by-record merge driver for every
register (see `git.merging`), and makes the first commit. `--from-demo` copies the demo school instead.

The demo is package data: `schooldigital/data/demo/` holds symlinks to this repository's demo school
(school.yaml, registers/, surveys/, leaders/, strategy/), which a wheel build copies in as files; an
editable install follows the links. Local secrets (the survey respondent key, .sd-local/) are never copied.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from schooldigital.errors import InvalidData, UserError
from schooldigital.git import ops as gitops
from schooldigital.layout import ASSETS_CSV, REGISTERS, SCHOOL_FILE

DATA = Path(__file__).resolve().parent / "data"
SCAFFOLD = DATA / "scaffold"
DEMO_PARTS = (SCHOOL_FILE, REGISTERS, "surveys", "leaders", "strategy")
MERGE_DRIVER = "sd-registers"
MERGE_DRIVER_COMMAND = "sd merge-driver %O %A %B %P"

# scaffold file -> where it goes in the new repository (package data cannot hold dotfiles reliably)
_FILES = {
    "gitignore": ".gitignore",
    "gitattributes": ".gitattributes",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github-workflow.yml": ".github/workflows/sd.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "templates-README.md": "templates/README.md",
    "README.md": "README.md",
}
_SKIP_WORDS = {"the", "of", "and", "school", "academy", "church", "ce", "c", "e"}


@dataclass
class Initialised:
    root: Path
    files: list[str] = field(default_factory=list)
    commit: str = ""


def demo_dir() -> Path:
    """Where the demo school is: package data (files in a wheel, links in a source checkout)."""
    candidate = DATA / "demo"
    if (candidate / SCHOOL_FILE).is_file() and (candidate / REGISTERS).is_dir():
        return candidate
    raise UserError("the demo school is not installed with this copy of sd; reinstall schooldigital")


def default_prefix(name: str) -> str:
    """Asset-id prefix from the school's name: initials of its distinctive words (Riverside Primary School -> RP)."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z']*", name) if w.lower() not in _SKIP_WORDS]
    return "".join(w[0] for w in words[:3]).upper() or "SD"


def _check_target(dest: Path) -> None:
    if dest.exists() and not dest.is_dir():
        raise UserError(f"{dest} is a file; choose a new folder for the school repository")
    if (dest / ".git").exists():
        raise UserError(f"{dest} is already a git repository; sd init only creates new ones")
    if dest.is_dir() and any(dest.iterdir()):
        raise UserError(f"{dest} is not empty; sd init never overwrites files (choose a new or empty folder)")


def _validate_identity(name: str, urn: str, phase: str, prefix: str) -> None:
    from schooldigital.models.base import validate_one
    from schooldigital.models.school import SchoolConfig
    from schooldigital.problems import Source
    from schooldigital.store.records import RawRecord

    raw = RawRecord({"name": name, "urn": urn, "phase": phase, "asset_prefix": prefix}, Source("school.yaml"))
    _, problems = validate_one(SchoolConfig, raw)
    if problems:
        raise InvalidData(problems)


def _validate_demo_identity(name: str | None, urn: str | None, phase: str | None) -> None:
    """The flags given with --from-demo, checked as school.yaml would check them (the rest is the demo's)."""
    if name or urn or phase:
        _validate_identity(name or "Riverside Primary School", urn or "123456", phase or "primary", "RP")


_NOT_COPIED = shutil.ignore_patterns(".sd-cache", "__pycache__", ".respondent-key", ".sd-local")


def _scaffold_files(dest: Path, name: str, urn: str, phase: str, prefix: str, from_demo: bool) -> None:
    values = {"name": json.dumps(name, ensure_ascii=False), "urn": urn, "phase": phase, "prefix": prefix}
    if from_demo:
        demo = demo_dir()
        for part in DEMO_PARTS:
            src = demo / part
            if src.is_dir():
                shutil.copytree(src, dest / part, ignore=_NOT_COPIED)
            elif src.is_file():
                shutil.copy2(src, dest / part)
        _set_identity(dest / SCHOOL_FILE, {"name": name, "urn": urn, "phase": phase})
    else:
        from schooldigital.models.assets import ASSET_COLUMNS

        text = Template((SCAFFOLD / SCHOOL_FILE).read_text(encoding="utf-8")).substitute(values)
        (dest / SCHOOL_FILE).write_text(text, encoding="utf-8")
        shutil.copytree(SCAFFOLD / REGISTERS, dest / REGISTERS)
        (dest / ASSETS_CSV).write_text(",".join(ASSET_COLUMNS) + "\n", encoding="utf-8")
        from schooldigital.survey.framework import FRAMEWORKS_DIR, shipped_frameworks

        (dest / FRAMEWORKS_DIR).mkdir(parents=True)
        for fw_id, src in shipped_frameworks().items():  # a new school can import a staff survey at once
            shutil.copyfile(src, dest / FRAMEWORKS_DIR / f"{fw_id}.yaml")
    for src, target in _FILES.items():
        path = dest / target
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (SCAFFOLD / src).read_text(encoding="utf-8")
        if src == "README.md":
            text = Template(text).safe_substitute(name=name)
        path.write_text(text, encoding="utf-8", newline="\n")


def _set_identity(path: Path, values: dict[str, str]) -> None:
    """Put the given name, URN and phase into a copied school.yaml, keeping its comments and layout."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from schooldigital.store import yamlio

    given = {k: v for k, v in values.items() if v}
    if not given:
        return
    doc = yamlio.load_document(path, path.parent)
    for key, value in given.items():
        doc[key] = DoubleQuotedScalarString(value) if key == "urn" else value  # a URN is text: "012345"
    path.write_text(yamlio.dump_document(doc), encoding="utf-8", newline="\n")


# What a clone needs so the merge driver runs there too (git never copies .git/config); the README's line.
CLONE_MERGE_DRIVER = f'git config merge.{MERGE_DRIVER}.driver "{MERGE_DRIVER_COMMAND}"'


def next_steps(shown_path: str) -> list[str]:
    """What to do after `sd init`, as printed: validate, hooks, the merge-driver line for clones, CI."""
    return [
        f"cd {shlex.quote(shown_path)} && sd validate",
        "pre-commit install    # run `sd validate` before every commit (pip install pre-commit first)",
        f"{CLONE_MERGE_DRIVER}    # in every clone: registers merge record by record",
        "push to GitHub or GitLab: .github/workflows/sd.yml and .gitlab-ci.yml run sd validate, sd check and"
        " sd diff on every pull request",
    ]


def configure_merge_driver(root: Path) -> str:
    """Point git at `sd merge-driver` for `merge=sd-registers` files (local config: not shared by clones).

    The command is the README's portable line, the same in every clone and on every machine, rather than
    this interpreter's path, which breaks when the virtual environment moves. `sd` must be on PATH when
    git merges (a clone runs the same line; see the README). Returns the command.
    """
    gitops.run(root, "config", f"merge.{MERGE_DRIVER}.name", "sd: merge registers record by record, by id")
    gitops.run(root, "config", f"merge.{MERGE_DRIVER}.driver", MERGE_DRIVER_COMMAND)
    return MERGE_DRIVER_COMMAND


def init_school(
    dest: Path, name: str | None, urn: str | None, phase: str | None, *, from_demo: bool = False
) -> Initialised:
    """Create a school data repository in `dest` (new or empty) and make its first commit.

    Args:
        dest: the folder to create.
        name, urn, phase: the school's identity (required unless `from_demo`).
        from_demo: copy the demo school (Riverside Primary) instead of empty registers.

    Returns:
        The root, the files written (relative) and the first commit's short hash.
    """
    dest = dest.expanduser()
    _check_target(dest)
    if not from_demo:
        missing = [flag for flag, value in (("--name", name), ("--urn", urn), ("--phase", phase)) if not value]
        if missing:
            raise UserError(f"give the school's {', '.join(missing)} (or use --from-demo)")
        assert name and urn and phase
        prefix = default_prefix(name)
        _validate_identity(name, urn, phase, prefix)
    else:
        _validate_demo_identity(name, urn, phase)
        name, urn, phase, prefix = name or "", urn or "", phase or "", ""
    created = not dest.exists()
    dest.mkdir(parents=True, exist_ok=True)
    try:
        _scaffold_files(dest, name, urn, phase, prefix, from_demo)
        (dest / "templates").mkdir(exist_ok=True)
        from schooldigital.validation import validate_school

        result = validate_school(dest.resolve())
        if not result.ok:
            raise InvalidData(result.problems)
        gitops.init(dest)
        configure_merge_driver(dest)
        files = gitops.out(dest, "ls-files", "--others", "--exclude-standard").splitlines()
        what = ("the demo school" + (f" as {name}" if name else "")) if from_demo else name
        commit = gitops.commit_all(dest, f"sd init: {what}")
    except BaseException:
        # Leave nothing half-made: a failed init can simply be run again.
        if created:
            shutil.rmtree(dest, ignore_errors=True)
        else:
            for child in dest.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise
    return Initialised(dest.resolve(), sorted(files), commit)
