"""Git, by running the `git` program: the few operations `sd` needs, each checked and explained.

Every call runs `git -C <root>` with a fixed environment (no pager, no prompts, C messages) and turns a
failure into a `UserError` carrying git's own message, so a person sees why and nothing half-happens
silently. A subprocess beats a git library here: git is already on every machine that has the
repository, it honours the user's config and hooks, and there is no native extension to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from schooldigital.errors import UserError

MAIN_BRANCHES = ("main", "master")


class GitError(UserError):
    """git failed or is missing; the message carries git's stderr."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "PAGER": "cat", "LC_ALL": "C"})
    return env


def run(root: Path, *args: str, check: bool = True, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run `git -C root ARGS`; with `check`, a non-zero exit raises GitError with git's message."""
    exe = shutil.which("git")
    if exe is None:
        raise GitError("git is not installed or not on PATH; install git to use this command")
    proc = subprocess.run([exe, "-C", str(root), *args], capture_output=True, env=_env(), input=input, check=False)
    if check and proc.returncode != 0:
        message = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip() or f"exit status {proc.returncode}"
        raise GitError(f"git {args[0]} failed: {message}")
    return proc


def out(root: Path, *args: str) -> str:
    """The stdout of a git command that must succeed, stripped."""
    return run(root, *args).stdout.decode("utf-8", "replace").strip()


def work_tree(root: Path) -> Path | None:
    """The top of the git work tree holding `root`, or None when `root` is not inside one."""
    if shutil.which("git") is None:
        return None
    proc = run(root, "rev-parse", "--show-toplevel", check=False)
    if proc.returncode != 0:
        return None
    return Path(proc.stdout.decode().strip()).resolve()


def staged(root: Path) -> list[str]:
    """Paths already staged for the next commit (relative to the work tree top)."""
    proc = run(root, "diff", "--cached", "--name-only", "-z", check=False)
    if proc.returncode != 0:  # no commit yet: everything in the index is staged
        proc = run(root, "ls-files", "-z", "--cached")
    return [p for p in proc.stdout.decode("utf-8", "replace").split("\0") if p]


def ready_to_commit(root: Path) -> Path:
    """Refuse, before anything is written, when a commit of only this operation's files is impossible.

    The files an operation will write are not known until it has run, so ANY staged file counts as
    unrelated: committing it alongside would hide someone's half-made change inside ours.

    Returns:
        The work tree top.
    """
    top = work_tree(root)
    if top is None:
        raise GitError(f"--commit needs a git repository, and {root} is not in one (run `git init` or `sd init`)")
    already = staged(root)
    if already:
        shown = ", ".join(already[:5]) + (f" and {len(already) - 5} more" if len(already) > 5 else "")
        raise GitError(
            f"--commit refused: files are already staged ({shown}); commit or unstage them first "
            "(`git restore --staged <file>`), so the commit holds only this change"
        )
    return top


def commit_files(root: Path, paths: Sequence[Path], subject: str, body: str | None = None) -> str:
    """Stage exactly `paths` and commit only them; returns the new commit's short hash."""
    if not paths:
        raise GitError("nothing to commit: the command wrote no files")
    names = [str(Path(p).resolve()) for p in paths]
    run(root, "add", "--", *names)
    args = ["commit", "--quiet", "-m", subject]
    if body and body.strip():
        args += ["-m", body.strip()]
    try:
        run(root, *args, "--", *names)
    except GitError as error:
        raise GitError(f"the change was written but not committed: {error}") from None
    return out(root, "rev-parse", "--short", "HEAD")


def changed(root: Path, paths: Sequence[Path]) -> bool:
    """Whether any of `paths` differs from the last commit (or is not in it yet)."""
    names = [str(Path(p).resolve()) for p in paths]
    return bool(run(root, "status", "--porcelain", "-z", "--", *names).stdout.strip(b"\0"))


def init(path: Path, branch: str = "main") -> None:
    """`git init` with `branch` as the first branch, whatever the user's init.defaultBranch says."""
    path.mkdir(parents=True, exist_ok=True)
    run(path, "init", "--quiet")
    run(path, "symbolic-ref", "HEAD", f"refs/heads/{branch}")


def commit_all(root: Path, subject: str, paths: Iterable[str] = (".",)) -> str:
    """Stage `paths` and commit (used for a new repository's first commit)."""
    run(root, "add", "--", *paths)
    run(root, "commit", "--quiet", "-m", subject)
    return out(root, "rev-parse", "--short", "HEAD")


def show(root: Path, rev: str, relative: str) -> bytes | None:
    """A file's bytes at `rev` (path relative to `root`), or None when it does not exist there."""
    proc = run(root, "show", f"{rev}:./{relative}", check=False)
    return proc.stdout if proc.returncode == 0 else None


def list_files(root: Path, rev: str, folder: str) -> list[str]:
    """Files under `folder` at `rev`, relative to `root`."""
    proc = run(root, "ls-tree", "-r", "--name-only", "-z", f"{rev}", "--", folder, check=False)
    if proc.returncode != 0:
        return []
    # ls-tree prints paths relative to the directory it runs in (`-C root`), like the pathspec.
    return [p for p in proc.stdout.decode("utf-8", "replace").split("\0") if p]


def verify(root: Path, rev: str) -> str:
    """The full hash of `rev`, or a GitError saying the revision does not exist."""
    proc = run(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
    if proc.returncode != 0:
        raise GitError(f"no such revision `{rev}` (try a branch name, a tag or a commit hash)")
    return proc.stdout.decode().strip()


def main_branch(root: Path) -> str | None:
    """The branch pull requests merge into: origin's HEAD, else a local main/master."""
    proc = run(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD", check=False)
    if proc.returncode == 0 and proc.stdout.strip():
        return proc.stdout.decode().strip()
    for name in MAIN_BRANCHES:
        if run(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}", check=False).returncode == 0:
            return name
    return None


def merge_base(root: Path, a: str, b: str = "HEAD") -> str:
    return out(root, "merge-base", a, b)


def wants_commit(root: Path, flag: bool | None) -> bool:
    """--commit/--no-commit when given, else `policy.commit` in school.yaml (off when unreadable)."""
    if flag is not None:
        return flag
    from schooldigital.registers import load_config

    config, _ = load_config(root)
    return bool(config and config.policy.commit)
