"""The YAML register merge (`git.yamlmerge`) on small texts: placement, deletions, quoting, what falls back."""

from __future__ import annotations

import textwrap
from pathlib import Path

from gitrepo import git_env  # noqa: F401 - git_env is an autouse fixture (git merge-file runs in some cases)
from schooldigital.git import ids
from schooldigital.git.merging import merge_csv, merge_driver
from schooldigital.git.yamlmerge import merge_yaml

CONTRACTS = "registers/contracts.yaml"
BASE = textwrap.dedent(
    """\
    # Contracts register.

    - id: c001-a
      title: A
      owner: htay

    - id: c002-b
      title: B  # keep this note
      owner: towu
    """
)


def test_a_record_theirs_adds_in_the_middle_goes_after_the_record_it_follows() -> None:
    theirs = BASE.replace("\n- id: c002-b", "\n- id: c003-m\n  title: M\n\n- id: c002-b")
    ours = BASE + "\n- id: c004-z\n  title: Z\n"
    result = merge_yaml(BASE, ours, theirs, CONTRACTS)
    assert result is not None
    assert result.text == theirs + "\n- id: c004-z\n  title: Z\n"


def test_deletions_are_taken_and_a_deleted_record_changed_on_the_other_side_conflicts() -> None:
    without_b = BASE[: BASE.index("\n- id: c002-b")] + "\n"
    result = merge_yaml(BASE, BASE.replace("owner: htay", "owner: dkha"), without_b, CONTRACTS)
    assert result is not None and result.conflicts == []
    assert result.text == without_b.replace("owner: htay", "owner: dkha")

    clash = merge_yaml(BASE, BASE.replace("owner: towu", "owner: dkha"), without_b, CONTRACTS)
    assert clash is not None and clash.conflicts == ["c002-b (changed on ours, deleted on theirs)"]
    assert "<<<<<<< ours\n- id: c002-b\n  title: B  # keep this note\n  owner: dkha\n=======\n>>>>>>> theirs\n" in (
        clash.text
    )


def test_a_field_theirs_adds_goes_after_the_field_before_it_and_fields_merge() -> None:
    ours = BASE.replace("  title: A\n", "  title: A2\n")
    theirs = BASE.replace("  title: A\n", "  title: A\n  notice: 30 days\n").replace("owner: htay", "owner: atay")
    result = merge_yaml(BASE, ours, theirs, CONTRACTS)
    assert result is not None and result.conflicts == []
    assert result.text == BASE.replace("  title: A\n  owner: htay\n", "  title: A2\n  notice: 30 days\n  owner: atay\n")


def test_renumbering_keeps_the_id_quoting_and_a_comment_above_the_record() -> None:
    ours = BASE + "\n- id: 'c003-x'\n  title: X\n"
    theirs = BASE + "\n# from the office\n- id: 'c003-x'\n  title: Y\n"
    result = merge_yaml(BASE, ours, theirs, CONTRACTS)
    assert result is not None
    assert result.text.endswith("- id: 'c003-x'\n  title: X\n\n# from the office\n- id: 'c004-x'\n"
                                "  renumbered_from: 'c003-x'\n  title: Y\n")  # fmt: skip
    assert [(r.old, r.new, r.what) for r in result.renamed] == [("c003-x", "c004-x", "Y")]


def test_the_same_record_added_on_both_sides_is_kept_once() -> None:
    added = BASE + "\n- id: c003-x\n  title: X\n"
    result = merge_yaml(BASE, added, added.replace("title: X", "title: 'X'"), CONTRACTS)
    assert result is not None and result.renamed == [] and result.text == added


def test_each_register_has_its_own_next_id() -> None:
    taken = {"c001-a", "c012-b", "ia025", "dkha", "act-2026-012", "job-0071"}
    assert ids.next_id("c012-app-x", taken, "registers/contracts.yaml") == "c013-app-x"
    assert ids.next_id("ia026", taken | {"ia026"}, "registers/information-assets.yaml") == "ia027"
    assert ids.next_id("dkha", taken, "registers/people.yaml") == "dkha-2"
    assert ids.next_id("act-2026-012", taken, "school/leaders/activities.yaml") == "act-2026-013"
    assert ids.next_id("job-0071", taken, "leaders/jobs.yaml") == "job-0072"
    assert ids.next_id("RP-00321", {"RP-00321", "RP-00007"}, "registers/assets.csv") == "RP-00322"
    assert ids.next_id("fm-2026-06", {"fm-2026-06"}, "registers/filtering-monitoring.yaml") == "fm-2026-06-2"


def test_records_without_an_id_fall_back_alone_and_are_named() -> None:
    base = BASE + "\n- title: no id yet\n"
    ours = base.replace("owner: htay", "owner: dkha")
    theirs = base.replace("title: no id yet", "title: still no id").replace("owner: towu", "owner: atay")
    result = merge_yaml(base, ours, theirs, CONTRACTS)
    assert result is not None and result.conflicts == []
    assert result.loose == ["1 record(s) without a readable id"]
    assert result.text == ours.replace("owner: towu", "owner: atay").replace("no id yet", "still no id")


def test_a_file_that_is_not_a_plain_list_falls_back_to_a_line_merge(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    base = "profiles:\n  google:\n    formats: [a]\n  microsoft:\n    formats: [b]\n"
    assert merge_yaml(base, base, base, "leaders/jobs-import.yaml") is None
    paths = [tmp_path / n for n in ("base", "ours", "theirs")]
    texts = (base, base.replace("[a]", "[a, c]"), base.replace("[b]", "[b, d]"))
    for path, text in zip(paths, texts, strict=True):
        path.write_text(text)
    assert merge_driver(*paths, "leaders/jobs-import.yaml") == 0
    assert paths[1].read_text() == base.replace("[a]", "[a, c]").replace("[b]", "[b, d]")
    assert "not a plain list of records; falling back to a line merge" in capsys.readouterr().err


def test_the_csv_driver_merges_rows_without_an_id_by_line_and_the_rest_by_id() -> None:
    base = "id,location\n,hall\nA1,hall\nA2,lab\n"
    ours = "id,location\n,hall\nA1,office\nA2,lab\n"
    theirs = "id,location\n,gym\nA1,hall\nA2,hall\n"
    result = merge_csv(base, ours, theirs)
    assert result.text == "id,location\n,gym\nA1,office\nA2,hall\n"
    assert result.loose == ["rows without an id"] and result.conflicts == []


def test_a_file_the_driver_cannot_read_still_gets_git_s_line_merge(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    base = "- id: a\n  name: caf\xe9\n- id: b\n  name: x\n- id: d\n  name: w\n  room: hall\n".encode("latin-1")
    paths = [tmp_path / n for n in ("base", "ours", "theirs")]
    texts = (base, base.replace(b"name: x", b"name: y"), base + b"- id: c\n  name: z\n")  # far apart
    for path, data in zip(paths, texts, strict=True):
        path.write_bytes(data)
    assert merge_driver(*paths, "registers/people.yaml") == 0
    assert paths[1].read_bytes() == base.replace(b"name: x", b"name: y") + b"- id: c\n  name: z\n"
    assert "cannot merge it by record (UnicodeDecodeError" in capsys.readouterr().err


def test_rows_merged_line_by_line_get_the_merged_columns_too() -> None:
    base = "id,serial\nA1,S1\nA1,S2\n"
    ours = base + "B1,S3\n"
    theirs = base + "B1,S4\n"
    result = merge_csv(base, ours, theirs)
    assert result.text == "id,serial,renumbered_from\nA1,S1,\nA1,S2,\nB1,S3,\nB2,S4,B1\n"
