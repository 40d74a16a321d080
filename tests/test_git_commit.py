"""--commit: one commit per operation holding exactly the files it wrote, refused before writing when unsafe."""

from __future__ import annotations

from pathlib import Path

from gitrepo import git, git_env, make_repo  # noqa: F401 - git_env is an autouse fixture
from schooldigital.git import ops as gitops


def _rename(sd, *extra: str):  # type: ignore[no-untyped-def]
    return sd("assets", "renumber", "RP-00005", "--to", "RP-09005", *extra)


def test_commit_holds_only_the_written_files_with_generated_message_issue_7(school: Path, sd) -> None:
    make_repo(school)
    (school / "notes.txt").write_text("someone's unrelated, unstaged work\n")
    (school / "registers/locations.yaml").write_text((school / "registers/locations.yaml").read_text() + "# draft\n")

    result = _rename(sd, "--commit", "-m", "Asset label was misprinted.")

    assert result.exit_code == 0, result
    assert git(school, "log", "-1", "--format=%s").strip() == "assets: rename RP-00005 -> RP-09005"
    assert git(school, "log", "-1", "--format=%b").startswith("Asset label was misprinted.\n\n")
    assert git(school, "show", "--name-only", "--format=", "HEAD").split() == ["registers/assets.csv"]
    assert git(school, "status", "--porcelain").split("\n")[:2] == [" M registers/locations.yaml", "?? notes.txt"]
    assert "RP-09005" in git(school, "show", "HEAD:registers/assets.csv")
    assert "committed " in result.stderr


def test_commit_refused_before_writing_when_anything_is_staged_issue_7(school: Path, sd) -> None:
    make_repo(school)
    before = (school / "registers/assets.csv").read_text()
    (school / "notes.txt").write_text("half-made change\n")
    git(school, "add", "notes.txt")

    result = _rename(sd, "--commit")

    assert result.exit_code == 2
    assert "already staged (notes.txt)" in result.stderr
    assert (school / "registers/assets.csv").read_text() == before
    assert git(school, "rev-list", "--count", "HEAD").strip() == "1"


def test_commit_refused_outside_a_git_repository_issue_7(school: Path, sd) -> None:
    before = (school / "registers/assets.csv").read_text()
    result = _rename(sd, "--commit")
    assert result.exit_code == 2
    assert "needs a git repository" in result.stderr
    assert (school / "registers/assets.csv").read_text() == before


def test_policy_commit_is_the_default_and_no_commit_overrides_it_issue_7(school: Path, sd) -> None:
    config = school / "school.yaml"
    config.write_text(config.read_text().replace("  commit: false", "  commit: true"))
    make_repo(school)

    assert _rename(sd).exit_code == 0
    assert git(school, "rev-list", "--count", "HEAD").strip() == "2"
    assert sd("assets", "renumber", "RP-00006", "--to", "RP-09006", "--no-commit").exit_code == 0
    assert git(school, "rev-list", "--count", "HEAD").strip() == "2"
    assert git(school, "status", "--porcelain").strip() == "M registers/assets.csv"


def test_failing_hook_leaves_change_written_but_says_it_was_not_committed_issue_7(school: Path, sd) -> None:
    make_repo(school)
    hook = school / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)

    result = _rename(sd, "--commit")

    assert result.exit_code == 2
    assert "written but not committed" in result.stderr and "hook says no" in result.stderr
    assert "RP-09005" in (school / "registers/assets.csv").read_text()


def test_gitops_errors_carry_git_message(tmp_path: Path) -> None:
    make_repo_dir = tmp_path / "r"
    make_repo_dir.mkdir()
    (make_repo_dir / "a").write_text("x")
    make_repo(make_repo_dir)
    try:
        gitops.verify(make_repo_dir, "no-such-branch")
    except gitops.GitError as error:
        assert "no such revision `no-such-branch`" in str(error)
    else:
        raise AssertionError("expected GitError")
    assert gitops.show(make_repo_dir, "HEAD", "a") == b"x"
    assert gitops.show(make_repo_dir, "HEAD", "missing") is None
    assert gitops.work_tree(tmp_path) is None
