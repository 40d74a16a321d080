"""`sd init`: a new school repository that validates, commits, and whose pre-commit hook rejects bad data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from gitrepo import git, git_env  # noqa: F401 - git_env is an autouse fixture
from schooldigital.scaffold import CLONE_MERGE_DRIVER, default_prefix

REPO = Path(__file__).resolve().parents[1]
SD = str(Path(sys.executable).parent / "sd")


def _init(sd, dest: Path, *extra: str):  # type: ignore[no-untyped-def]
    return sd("init", str(dest), "--name", "Oakfield Primary School", "--urn", "234567", "--phase", "primary", *extra)


def test_init_makes_a_valid_committed_repository_issue_7(tmp_path: Path, sd) -> None:
    dest = tmp_path / "oakfield"
    result = _init(sd, dest)

    assert result.exit_code == 0, result
    for name in (
        ".gitignore",
        ".gitattributes",
        ".pre-commit-config.yaml",
        ".github/workflows/sd.yml",
        ".gitlab-ci.yml",
        "templates/README.md",
        "registers/assets.csv",
        "registers/contracts.yaml",
    ):
        assert (dest / name).is_file(), name
    school = YAML(typ="safe").load((dest / "school.yaml").read_text())
    assert (school["name"], school["urn"], school["phase"], school["asset_prefix"]) == (
        "Oakfield Primary School",
        "234567",
        "primary",
        "OP",
    )
    assert sd("validate", root=dest).exit_code == 0
    assert git(dest, "log", "--format=%s").strip() == "sd init: Oakfield Primary School"
    assert git(dest, "status", "--porcelain").strip() == ""  # .sd-cache left by validate is ignored
    assert git(dest, "branch", "--show-current").strip() == "main"
    assert "merge-driver" in git(dest, "config", "merge.sd-registers.driver")
    # the survey key and badge emails stay local even in a school that never had a surveys/ folder
    ignored = git(dest, "check-ignore", "surveys/.respondent-key", ".sd-local/recipients.yaml").split()
    assert ignored == ["surveys/.respondent-key", ".sd-local/recipients.yaml"]
    attributes = (dest / ".gitattributes").read_text()
    assert "*.csv text eol=lf" in attributes and "registers/assets.csv merge=sd-registers" in attributes
    assert "merge=union" not in attributes.replace("Not `merge=union`", "")


def test_init_refuses_non_empty_folders_and_existing_repositories_issue_7(tmp_path: Path, sd) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("mine")
    assert _init(sd, tmp_path / "busy").exit_code == 2
    assert (tmp_path / "busy" / "keep.txt").read_text() == "mine"
    assert _init(sd, tmp_path / "new").exit_code == 0
    again = _init(sd, tmp_path / "new")
    assert again.exit_code == 2 and "already a git repository" in again.stderr


def test_init_with_a_bad_urn_creates_nothing(tmp_path: Path, sd) -> None:
    result = sd("init", str(tmp_path / "x"), "--name", "X School", "--urn", "12", "--phase", "primary")
    assert result.exit_code == 2 and "`urn`" in result.stderr
    assert not (tmp_path / "x").exists()


def test_init_from_demo_copies_the_demo_school_issue_7(tmp_path: Path, sd) -> None:
    dest = tmp_path / "demo"
    assert sd("init", str(dest), "--from-demo").exit_code == 0
    assert (dest / "registers/assets.csv").read_bytes() == (REPO / "registers/assets.csv").read_bytes()
    for part in ("surveys", "leaders", "strategy"):
        assert (dest / part).is_dir() == (REPO / part).is_dir()
    assert sd("validate", root=dest).exit_code == 0
    assert git(dest, "status", "--porcelain").strip() == ""


def test_init_from_demo_honours_name_urn_and_phase_issue_18(tmp_path: Path, sd) -> None:
    dest = tmp_path / "oak"
    result = sd("init", str(dest), "--from-demo", "--name", "Oak Academy", "--urn", "011111", "--phase", "secondary")

    assert result.exit_code == 0, result
    text = (dest / "school.yaml").read_text()
    school = YAML(typ="safe").load(text)
    assert (school["name"], school["urn"], school["phase"]) == ("Oak Academy", "011111", "secondary")
    assert text.startswith("# The school this repository describes")  # comments kept
    assert sd("validate", root=dest).exit_code == 0
    assert git(dest, "log", "--format=%s").strip() == "sd init: the demo school as Oak Academy"

    bad = sd("init", str(tmp_path / "bad"), "--from-demo", "--urn", "12")
    assert bad.exit_code == 2 and "`urn`" in bad.stderr and not (tmp_path / "bad").exists()


def test_init_prints_the_next_steps_issue_18(tmp_path: Path, sd) -> None:
    result = _init(sd, tmp_path / "oakfield")

    steps = result.stderr.split("next steps:\n", 1)[1]
    assert f"cd {tmp_path / 'oakfield'} && sd validate" in steps
    assert "pre-commit install" in steps
    assert CLONE_MERGE_DRIVER.startswith("git config merge.sd-registers.driver ") and CLONE_MERGE_DRIVER in steps
    assert ".github/workflows/sd.yml and .gitlab-ci.yml" in steps
    assert CLONE_MERGE_DRIVER in (REPO / "README.md").read_text()  # the README's line for clones


def test_pre_commit_config_rejects_a_bad_commit_issue_7(tmp_path: Path, sd) -> None:
    dest = tmp_path / "oakfield"
    assert _init(sd, dest).exit_code == 0
    # The pre-commit framework needs the network to install hooks; run the configured entry as a plain git hook.
    hook = YAML(typ="safe").load((dest / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"][0]
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == ("sd-validate", "sd validate", False)
    script = dest / ".git/hooks/pre-commit"
    script.write_text(f"#!/bin/sh\nexec {hook['entry'].replace('sd', SD, 1)}\n")
    script.chmod(0o755)

    locations = dest / "registers/locations.yaml"
    locations.write_text(locations.read_text() + "- id: hall\n  name: Hall\n  kind: hal\n")
    git(dest, "add", "registers/locations.yaml")
    rejected = subprocess.run(["git", "-C", str(dest), "commit", "-m", "bad"], capture_output=True, text=True)

    assert rejected.returncode != 0
    assert "registers/locations.yaml:9:3: error choice-invalid" in rejected.stderr
    assert git(dest, "rev-list", "--count", "HEAD").strip() == "1"
    locations.write_text(locations.read_text().replace("kind: hal\n", "kind: hall\n"))
    git(dest, "add", "registers/locations.yaml")
    git(dest, "commit", "-q", "-m", "add the hall")
    assert git(dest, "rev-list", "--count", "HEAD").strip() == "2"


def test_project_publishes_the_sd_validate_hook() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0] | {"description": ""} == hooks[0] | {
        "id": "sd-validate",
        "entry": "sd validate",
        "language": "python",
        "pass_filenames": False,
        "description": "",
    }


def test_ci_files_run_sd_check_on_pull_requests(tmp_path: Path, sd) -> None:
    dest = tmp_path / "oakfield"
    assert _init(sd, dest).exit_code == 0
    github = YAML(typ="safe").load((dest / ".github/workflows/sd.yml").read_text())
    assert "pull_request" in github["on"]
    steps = " ".join(step.get("run", "") for step in github["jobs"]["check"]["steps"])
    assert "sd validate" in steps and "sd check" in steps and "sd diff" in steps
    gitlab = YAML(typ="safe").load((dest / ".gitlab-ci.yml").read_text())["sd-check"]
    assert any("merge_request_event" in rule["if"] for rule in gitlab["rules"])
    assert "sd check" in gitlab["script"] and gitlab["allow_failure"] == {"exit_codes": [1]}


@pytest.mark.parametrize(
    ("name", "prefix"), [("Riverside Primary School", "RP"), ("The Oaks Academy", "O"), ("St Mary's CE School", "SM")]
)
def test_default_prefix(name: str, prefix: str) -> None:
    assert default_prefix(name) == prefix


def test_the_demo_school_is_package_data_so_a_wheel_carries_it_issue_7() -> None:
    from schooldigital import scaffold

    demo = scaffold.demo_dir()
    assert demo == scaffold.DATA / "demo"
    for part in scaffold.DEMO_PARTS:
        assert (demo / part).exists(), part
    assert (demo / "registers/assets.csv").read_bytes() == (REPO / "registers/assets.csv").read_bytes()
