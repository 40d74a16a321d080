"""Every YAML register merges record by record on real git repositories (issue 22).

Each register is described once (`Spec`): a record to edit, two fields of it, and how to make a new record.
The same tests then run on each: parallel adds (the incoming id renumbered and reported), different fields
of one record, the same field changed two ways (a conflict on that field alone, named by `sd validate`),
comments kept, and a duplicate id elsewhere that does not stop the rest merging.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from gitrepo import git, git_env, make_repo  # noqa: F401 - git_env is an autouse fixture
from schooldigital.git import ids
from schooldigital.git.blocks import split_register
from schooldigital.scaffold import SCAFFOLD, configure_merge_driver


@dataclass(frozen=True)
class Spec:
    path: str
    field_a: str  # a line of the first record
    ours_a: str
    theirs_a: str
    field_b: str  # another line of the first record
    theirs_b: str

    @property
    def name(self) -> str:
        return self.field_a.split(":")[0].strip()


SPECS = [
    Spec("registers/contracts.yaml", "  notice: 90 days", "  notice: 60 days", "  notice: 30 days",
         "  owner: htay", "  owner: towu"),
    Spec("registers/information-assets.yaml", "  risk: high", "  risk: medium", "  risk: low",
         "  owner: htay", "  owner: dkha"),
    Spec("registers/people.yaml", "  department: EYFS", "  department: KS1", "  department: KS2",
         "  name: Daniel Khan", "  name: Daniel Khan-Smith"),
    Spec("registers/locations.yaml", "  site: main", "  site: north", "  site: south",
         "  name: Classroom RA", "  name: Reception A"),
    Spec("registers/models.yaml", "  lifecycle_months: 60", "  lifecycle_months: 48", "  lifecycle_months: 72",
         "  end_of_support: 2029-06-30", "  end_of_support: 2029-12-31"),
    Spec("registers/suppliers.yaml", "  name: XMA Ltd", "  name: XMA Limited", "  name: XMA plc",
         "  processor: false", "  processor: true"),
    Spec("registers/reviews.yaml", "  date: 2026-02-04", "  date: 2026-02-05", "  date: 2026-02-06",
         "  by: [dkha, towu]", "  by: [dkha]"),
    Spec("registers/continuity-plans.yaml", "  owner: dkha", "  owner: atay", "  owner: htay",
         "  offline_copy: true", "  offline_copy: false"),
    Spec("registers/self-assessment.yaml", "  answer: yes", "  answer: partly", "  answer: no",
         "  by: atay", "  by: trob"),
    Spec("registers/filtering-monitoring.yaml", "  date: 2025-11-27", "  date: 2025-11-26", "  date: 2025-11-25",
         "  actions: [separate Year 6 profile for the coding club]", "  actions: [none needed]"),
    Spec("leaders/roster.yaml", "  display: Maya R", "  display: Maya S", "  display: Maya T",
         "  consent_on: 2024-09-17", "  consent_on: 2024-09-18"),
    Spec("leaders/applications.yaml", "  method: video", "  method: form", "  method: letter",
         "  decided_on: 2024-10-03", "  decided_on: 2024-10-04"),
    Spec("leaders/meetings.yaml", "  actions: [Write the blog post]", "  actions: [Post the blog]",
         "  actions: [Draft the blog]", "  staff: [djon]", "  staff: [djon, atay]"),
    Spec("leaders/activities.yaml", "  minutes: 30", "  minutes: 35", "  minutes: 40",
         "  title: Lunchtime tech drop-in", "  title: Tech drop-in"),
    Spec("leaders/plan.yaml", "  due: 2026-10-16", "  due: 2026-10-17", "  due: 2026-10-18",
         "  title: Induct the new Year 5 leaders", "  title: Induct the new leaders"),
    Spec("leaders/jobs.yaml", "  minutes: 15", "  minutes: 20", "  minutes: 25",
         "  description: Find the Purple Mash activity", "  description: Find the Purple Mash log-in"),
    Spec("leaders/badges.yaml", "  name: Digital Leader", "  name: Digital Leaders", "  name: The Digital Leader",
         "  tags: [digital-leaders]", "  tags: [digital-leaders, team]"),
    Spec("leaders/awards.yaml", "  awarded_on: 2024-10-17", "  awarded_on: 2024-10-18", "  awarded_on: 2024-10-19",
         "  salt: a5aec7978306d03bf38b2ffc80a4df5a", "  salt: 0123456789abcdef0123456789abcdef"),
    Spec("leaders/history.yaml", "  leavers: 4", "  leavers: 5", "  leavers: 6", "  purged: 3", "  purged: 2"),
    Spec("leaders/selections.yaml", "  held_on: 2025-09-30", "  held_on: 2025-09-29", "  held_on: 2025-09-28",
         "  panel: [djon, dl-2024-01, dl-2024-02]", "  panel: [djon, dl-2024-01]"),
    Spec("leaders/questions.yaml", "  answered_in: KS2 assembly", "  answered_in: KS1 assembly",
         "  answered_in: Whole-school assembly", "  answered_on: 2026-10-14", "  answered_on: 2026-10-15"),
    Spec("leaders/ideas.yaml", "  status: planned", "  status: done", "  status: not_now",
         "  from_class: class-3a", "  from_class: class-3b"),
]  # fmt: skip
IDS = [Path(s.path).stem for s in SPECS]


def test_every_yaml_register_is_covered_and_assigned_to_the_driver() -> None:
    from schooldigital.governance import _FILES as GOVERNANCE
    from schooldigital.leaders.store import FILES as LEADERS
    from schooldigital.registers import _YAML_REGISTERS

    registers = {rel for _, rel, _ in (*_YAML_REGISTERS, *GOVERNANCE, *LEADERS)}
    assert registers == {s.path for s in SPECS}
    attributes = (SCAFFOLD / "gitattributes").read_text()
    for rel in [*registers, "registers/assets.csv", "registers/assets.yaml"]:
        assert f"\n{rel} merge=sd-registers\n" in attributes, rel
    own = (Path(__file__).resolve().parents[1] / ".gitattributes").read_text()
    assert attributes[attributes.index("# Every register") :] in own


@pytest.fixture
def repo(school: Path) -> Path:
    (school / ".gitattributes").write_text((SCAFFOLD / "gitattributes").read_text())
    make_repo(school)
    assert configure_merge_driver(school) == "sd merge-driver %O %A %B %P"
    return school


def _edit(root: Path, spec: Spec, branch: str, *pairs: tuple[str, str], start: str = "main") -> None:
    git(root, "checkout", "-q", "-b", branch, start)
    path = root / spec.path
    text = path.read_text()
    for old, new in pairs:
        assert old in text, (spec.path, old)
        text = text.replace(old + "\n", new + "\n", 1)
    path.write_text(text)
    git(root, "commit", "-q", "-am", f"{branch}: {spec.path}")
    git(root, "checkout", "-q", "main")


def _first(text: str, spec: Spec) -> str:
    reg = split_register(text, ids.key_field(spec.path))
    assert reg is not None
    return reg.records[0].body


def _append(text: str, spec: Spec, body: str) -> str:
    reg = split_register(text, ids.key_field(spec.path))
    assert reg is not None
    sep = reg.seps[0] if reg.seps else ""
    return text.rstrip("\n") + "\n" + sep + body


def _new_record(text: str, spec: Spec, key: str, line: str) -> str:
    """The first record again under a new key, with one field changed so the two sides differ."""
    body = _first(text, spec)
    field = ids.key_field(spec.path)
    old_key = body.split("\n", 1)[0].split(":", 1)[1].strip()
    return body.replace(f"- {field}: {old_key}\n", f"- {field}: {key}\n", 1).replace(spec.field_a + "\n", line + "\n")


def _add_branch(root: Path, spec: Spec, branch: str, key: str, line: str) -> None:
    git(root, "checkout", "-q", "-b", branch, "main")
    path = root / spec.path
    text = path.read_text()
    path.write_text(_append(text, spec, _new_record(text, spec, key, line)))
    git(root, "commit", "-q", "-am", f"{branch}: add {key}")
    git(root, "checkout", "-q", "main")


def _new_key(root: Path, spec: Spec) -> str:
    text = (root / spec.path).read_text()
    reg = split_register(text, ids.key_field(spec.path))
    assert reg is not None
    if spec.path.endswith("history.yaml"):
        return "2027/28"
    first = str(reg.records[0].key)
    return ids.next_id(first, {str(r.key) for r in reg.records}, spec.path)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_parallel_adds_merge_and_the_incoming_id_is_renumbered_issue_22(repo: Path, sd, spec: Spec) -> None:
    key = _new_key(repo, spec)
    existing = {str(r.key) for r in split_register((repo / spec.path).read_text(), "id").records}  # type: ignore[union-attr]
    history = spec.path.endswith("history.yaml")  # keyed by school year: a year is never renumbered
    _add_branch(repo, spec, "office", key, spec.ours_a)
    _add_branch(repo, spec, "ict", "2028/29" if history else key, spec.theirs_a)

    git(repo, "merge", "-q", "office", "-m", "merge office")
    merged = git(repo, "merge", "ict", "-m", "merge ict", stderr=True)

    text = (repo / spec.path).read_text()
    assert "<<<<<<<" not in text
    new = "2028/29" if history else ids.next_id(key, existing | {key}, spec.path)
    records = split_register(text, ids.key_field(spec.path)).records  # type: ignore[union-attr]
    assert [r.key for r in records[-2:]] == [key, new]  # ours first, then theirs, after the last record
    assert spec.ours_a in records[-2].body and spec.theirs_a in records[-1].body
    result = sd("validate")
    assert result.exit_code == 0, result
    if not history:
        assert f"renumbered {key} -> {new}" in merged
        assert f"\n{spec.path}: renumbered {key} -> {new}" in git(repo, "log", "-1", "--format=%B")
        assert f"- id: {new}\n  renumbered_from: {key}\n" in text
        assert f"`{new}` was renumbered from `{key}` by a merge" in result.stderr
        assert "warning renumbered-by-merge" in result.stderr
        # What the merge brought into main (its first parent): the incoming record, as a renumbering.
        brought = sd("diff", "HEAD~1", "HEAD").stdout
        assert f" {new} renumbered from {key} by a merge (both branches added {key})" in brought, brought
        assert f" {key} " not in brought.replace(f"from {key} ", "").replace(f"added {key})", "")


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_one_field_changed_two_ways_conflicts_on_that_field_alone_issue_22(repo: Path, sd, spec: Spec) -> None:
    before = (repo / spec.path).read_text()
    _edit(repo, spec, "office", (spec.field_a, spec.ours_a))
    _edit(repo, spec, "ict", (spec.field_a, spec.theirs_a), (spec.field_b, spec.theirs_b))

    git(repo, "merge", "-q", "office", "-m", "merge office")
    merged = git(repo, "merge", "ict", "-m", "merge ict", check=False, stderr=True)

    assert "CONFLICT" in merged
    markers = f"<<<<<<< ours\n{spec.ours_a}\n=======\n{spec.theirs_a}\n>>>>>>> theirs\n"
    expected = before.replace(spec.field_a + "\n", markers, 1).replace(spec.field_b + "\n", spec.theirs_b + "\n", 1)
    assert (repo / spec.path).read_text() == expected
    line = expected[: expected.index("<<<<<<<")].count("\n") + 1
    first_key = _first(before, spec).split("\n", 1)[0].split(":", 1)[1].strip()
    result = sd("validate")
    assert result.exit_code == 2
    assert f"{spec.path}:{line}: error merge-conflict: merge conflict in record `{first_key}`, field `{spec.name}`" in (
        result.stderr
    )


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_fields_merge_comments_survive_and_a_duplicate_id_elsewhere_stops_nothing_issue_22(
    repo: Path, spec: Spec
) -> None:
    path = repo / spec.path
    text = path.read_text()
    reg = split_register(text, ids.key_field(spec.path))
    assert reg is not None
    path.write_text(_append(text, spec, reg.records[-1].body))  # the last record twice, already on main
    git(repo, "commit", "-q", "-am", "a duplicate slipped in")
    before = path.read_text()
    comment = "  # checked with the bursar"
    _edit(repo, spec, "office", (spec.field_a, f"{comment}\n{spec.ours_a}"))
    _edit(repo, spec, "ict", (spec.field_b, spec.theirs_b))

    git(repo, "merge", "-q", "office", "-m", "merge office")
    merged = git(repo, "merge", "ict", "-m", "merge ict", stderr=True)

    # Both edits of the one record, and every other byte (comments, quoting, the duplicate) unchanged.
    expected = before.replace(spec.field_a + "\n", f"{comment}\n{spec.ours_a}\n", 1)
    assert path.read_text() == expected.replace(spec.field_b + "\n", spec.theirs_b + "\n", 1)
    assert f"merged line by line: `{reg.records[-1].key}` (id used twice)" in merged


def _ci_merge_step(root: Path, head: str) -> subprocess.CompletedProcess[str]:
    """The GitHub workflow's merge-result step, run as Actions runs it (`bash -e`) in a clone."""
    workflow = YAML(typ="safe").load((SCAFFOLD / "github-workflow.yml").read_text())
    step = next(s for s in workflow["jobs"]["check"]["steps"] if s.get("name", "").startswith("Validate the merge"))
    script = (
        step["run"]
        .replace("${{ github.base_ref }}", "main")
        .replace("${{ github.event.pull_request.head.sha }}", head)
        .replace("${{ github.sha }}", head)
        .replace('| tee -a "$GITHUB_STEP_SUMMARY"', "")
    )
    return subprocess.run(["bash", "-e", "-c", script], cwd=root, capture_output=True, text=True, check=False)


def test_ci_validates_the_merge_result_of_a_pull_request_issue_18(repo: Path, tmp_path: Path) -> None:
    spec = SPECS[5]  # suppliers
    _add_branch(repo, spec, "pr", "jamf", spec.theirs_a)
    _add_branch(repo, spec, "other", "jamf", spec.ours_a)
    git(repo, "merge", "-q", "other", "-m", "merge other")  # main moved on: the same id, another supplier
    _edit(repo, spec, "clash", (spec.field_a, spec.theirs_a), start="pr")
    _edit(repo, spec, "main-edit", (spec.field_a, spec.ours_a))
    git(repo, "merge", "-q", "main-edit", "-m", "main edits the same field")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", str(repo), str(clone))

    good = _ci_merge_step(clone, git(clone, "rev-parse", "origin/pr").strip())
    assert good.returncode == 0, good
    assert "renumbered jamf -> jamf-2" in good.stderr and "warning renumbered-by-merge" in good.stderr

    bad = _ci_merge_step(clone, git(clone, "rev-parse", "origin/clash").strip())
    assert bad.returncode != 0 and "CONFLICT" in bad.stdout + bad.stderr
