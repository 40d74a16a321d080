"""`sd leaders rollover` (issue 5): 2025/26 -> 2026/27, Year 6 leave, everyone moves up, old alumni purged."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from schooldigital.validation import validate_school

ROSTER = """\
# The team in the summer of 2025/26.
- id: dl-a
  display: Amy A
  year_group: 6
  class: class-6a
  partner_class: class-1a
  status: appointed
  appointed_on: 2024-10-03
- id: dl-b
  display: Ben B
  year_group: 6
  class: class-6b
  partner_class: class-2a
  status: appointed
  appointed_on: 2024-10-03
- id: dl-c
  display: Cal C
  year_group: 5
  class: class-5a
  partner_class: class-2a  # shared with dl-b, so class-2a keeps a leader
  status: appointed
  appointed_on: 2025-10-02
- id: dl-d
  display: Dee D
  year_group: 6
  class: class-6a
  status: declined
  applied_on: 2025-09-12
- id: dl-e
  display: Eve E
  year_group: 4
  class: hall
  status: applicant
  applied_on: 2026-06-01
- id: dl-old
  display: Old O
  year_group: 6
  class: class-6a
  status: alumni
  appointed_on: 2023-10-03
  left_on: 2025-07-18
"""


@pytest.fixture
def team(school: Path) -> Path:
    folder = school / "leaders"
    for name in ("meetings", "activities", "plan", "history", "selections", "questions", "ideas"):
        (folder / f"{name}.yaml").write_text("[]\n")
    (folder / "roster.yaml").write_text(ROSTER)
    (folder / "applications.yaml").write_text(
        "- {id: app-1, leader: dl-d, year: 2025/26, method: letter, submitted_on: 2025-09-12, outcome: declined}\n"
    )
    (folder / "jobs.yaml").write_text(
        textwrap.dedent("""\
        - id: job-0001
          logged_at: 2025-06-02 09:00
          requested_by: WP
          description: Charge the iPads
          assigned: [dl-old, dl-a]
          status: done
          done_at: 2025-06-02 12:00
        """)
    )
    (folder / "awards.yaml").write_text(
        "- {id: a1b2c3d4e5f6, badge: digital-leader, recipient: dl-old, awarded_on: 2023-10-17, "
        "salt: 00112233445566778899aabbccddeeff}\n"
    )
    assert validate_school(school).ok
    return school


def _load(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return YAML(typ="safe").load(path.read_text()) or []


def test_rollover_across_the_year_boundary_issue_5(team: Path, sd) -> None:
    result = sd("leaders", "rollover", "--year", "2026/27", "--on", "2026-09-01")
    assert result.exit_code == 1, result  # class-1a lost its only leader: attention needed
    assert "2026/27: 2 leaver(s) now alumni, 2 moved up a year" in result.stdout
    assert "partner classes now without a leader: class-1a" in result.stdout
    assert "dl-c: class class-5a -> class-6a" in result.stdout
    assert "dl-e: check the class by hand" in result.stdout
    roster = {r["id"]: r for r in _load(team / "leaders/roster.yaml")}
    assert roster["dl-a"]["status"] == "alumni" and str(roster["dl-a"]["left_on"]) == "2026-08-31"
    assert roster["dl-a"]["leaving_reason"] == "end_of_phase"
    assert roster["dl-c"]["year_group"] == 6 and roster["dl-c"]["class"] == "class-6a"
    assert roster["dl-e"]["year_group"] == 5
    # The declined Year 6 applicant and the alumna who left over 12 months ago are gone, with their applications.
    assert "dl-d" not in roster and "dl-old" not in roster
    assert _load(team / "leaders/applications.yaml") == []
    assert _load(team / "leaders/jobs.yaml")[0]["assigned"] == ["former-leader", "dl-a"]
    assert _load(team / "leaders/awards.yaml")[0]["recipient"] == "former-leader"
    history = _load(team / "leaders/history.yaml")
    assert history == [{"year": "2026/27", "rolled_on": history[0]["rolled_on"], "leavers": 2, "purged": 1}]
    text = (team / "leaders/roster.yaml").read_text()
    assert "# The team in the summer of 2025/26." in text and "# shared with dl-b" in text  # comments kept
    assert "&id" not in text and "*id" not in text  # one left_on date for two leavers, written twice, not aliased
    assert validate_school(team).ok

    again = sd("leaders", "rollover", "--year", "2026/27")
    assert again.exit_code == 2 and "already rolled over to 2026/27" in again.stderr


def test_retention_zero_purges_new_leavers_too_issue_5(team: Path, sd) -> None:
    school_yaml = team / "school.yaml"
    school_yaml.write_text(school_yaml.read_text().replace("retention_months: 12", "retention_months: 0"))
    result = sd("leaders", "rollover", "--year", "2026/27", "--on", "2026-09-01", "--format", "json")
    assert result.exit_code == 1
    roster = {r["id"] for r in _load(team / "leaders/roster.yaml")}
    assert roster == {"dl-c", "dl-e"}
    assert _load(team / "leaders/history.yaml")[0]["purged"] == 3


def test_bad_year_is_refused_issue_5(team: Path, sd) -> None:
    result = sd("leaders", "rollover", "--year", "2026/28")
    assert result.exit_code == 2 and "write it like 2026/27" in result.stderr
