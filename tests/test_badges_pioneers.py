"""Staff badges from the survey (issue 5): `sd badges award-pioneers` on a copy of the demo school.

Recipients are the round's pseudonyms; emails come only from the git-ignored `.sd-local/recipients.yaml`;
re-running awards nothing twice; the published staff assertions pass the IMS reference validator.
"""

from __future__ import annotations

from pathlib import Path

from jsonout import payload
from schooldigital.survey.analysis import levels_by_respondent
from test_badges_ob import _verify

ROUND = "2026-summer"


def _pioneers(school: Path, strand: str | None = None) -> list[str]:
    """Respondents at Pioneer (in `strand`, or in any strand), from the survey's own figures."""
    levels = levels_by_respondent(school, ROUND)
    return sorted(
        who
        for who, by_strand in levels.items()
        if any(level == "pioneer" and (strand is None or s == strand) for s, level in by_strand.items())
    )


def _emails(school: Path, people: dict[str, str]) -> None:
    local = school / ".sd-local"
    local.mkdir(exist_ok=True)
    (local / "recipients.yaml").write_text("".join(f"{k}: {v}\n" for k, v in people.items()))


def _staff_awards(school: Path) -> dict[str, str]:
    """recipient -> evidence for every award to a survey pseudonym."""
    awards = []
    for line in (school / "leaders/awards.yaml").read_text().splitlines():
        if line.startswith("- id:"):
            awards.append({})
        elif awards and ":" in line:
            key, _, value = line.strip().partition(": ")
            awards[-1][key] = value
    return {a["recipient"]: a.get("evidence", "") for a in awards if a["recipient"].startswith("r-")}


def test_awards_top_level_respondents_with_an_email_and_lists_the_rest_issue_5(school: Path, sd) -> None:
    pioneers = _pioneers(school, "CS")
    with_email, without = pioneers[:2], pioneers[2:]
    assert len(pioneers) == 8 and without
    _emails(school, {who: f"staff{i}@example.sch.uk" for i, who in enumerate(with_email)})

    result = sd("badges", "award-pioneers", "--round", ROUND, "--strand", "CS", "--on", "2026-07-15")

    assert result.exit_code == 1, result  # some Pioneers have no email: attention needed
    assert result.stdout.endswith(
        f"digilit-pioneer: 2 awarded, 0 already held, {len(without)} without an email (8 at Pioneer in {ROUND})\n"
    )
    for who in without:
        assert f"skipped {who}: no email in .sd-local/recipients.yaml" in result.stderr
    awards = _staff_awards(school)
    assert sorted(awards) == with_email
    evidence = "Self-assessed at Pioneer in Creating and Sharing (DigiLit Leicester survey 2026-summer)."
    assert set(awards.values()) == {evidence}
    assert "@" not in (school / "leaders/awards.yaml").read_text()  # emails stay in .sd-local/
    assert sd("validate").exit_code == 0  # pseudonyms are known recipients (they answered a round)


def test_re_running_awards_nothing_twice_issue_5(school: Path, sd) -> None:
    pioneers = _pioneers(school)
    _emails(school, {who: f"staff{i}@example.sch.uk" for i, who in enumerate(pioneers)})
    first = sd("badges", "award-pioneers", "--round", ROUND, "--format", "json")
    assert first.exit_code == 0, first
    assert sorted(payload(first.stdout)["awarded"]) == pioneers
    before = (school / "leaders/awards.yaml").read_bytes()

    again = sd("badges", "award-pioneers", "--round", ROUND, "--format", "json")

    assert again.exit_code == 0, again
    out = payload(again.stdout)
    assert out["awarded"] == {} and out["held"] == pioneers and out["no_email"] == []
    assert (school / "leaders/awards.yaml").read_bytes() == before
    assert "wrote" not in again.stderr


def test_a_revoked_award_is_not_made_again_issue_5(school: Path, sd) -> None:
    who = _pioneers(school, "CS")[0]
    _emails(school, {who: "staff@example.sch.uk"})
    first = sd("badges", "award-pioneers", "--round", ROUND, "--strand", "CS", "--format", "json")
    award_id = payload(first.stdout)["awarded"][who]
    assert sd("badges", "revoke", award_id, "--reason", "Awarded in error").exit_code == 0

    again = sd("badges", "award-pioneers", "--round", ROUND, "--strand", "CS", "--format", "json")

    assert payload(again.stdout)["held"] == [who]  # a revocation is a decision, not a gap to fill
    assert list(_staff_awards(school)) == [who]


def test_issued_staff_assertions_pass_the_reference_validator_issue_5(school: Path, sd) -> None:
    who = _pioneers(school, "CS")[0]
    _emails(school, {who: "Pioneer.Teacher@example.sch.uk"})
    awarded = sd("badges", "award-pioneers", "--round", ROUND, "--strand", "CS", "--format", "json")
    award_id = payload(awarded.stdout)["awarded"][who]

    issued = sd("badges", "issue", "--json")

    assert award_id in payload(issued.stdout)["published"]
    folder = school / "out/badges"
    text = (folder / f"assertions/{award_id}.json").read_text()
    assert who not in text and "pioneer.teacher" not in text.lower()  # neither pseudonym nor email is public
    report = _verify(folder, text, recipient="pioneer.teacher@example.sch.uk")
    assert report["valid"], report["messages"]
    assert report["errorCount"] == 0


def test_refuses_a_pupil_badge_an_unknown_strand_and_a_badge_for_another_level_issue_5(school: Path, sd) -> None:
    pupil = sd("badges", "award-pioneers", "--round", ROUND, "--badge", "technician")
    assert pupil.exit_code == 2
    assert pupil.stderr == ("sd: `technician` is not a staff badge; add `staff: yes` to it in leaders/badges.yaml\n")
    strand = sd("badges", "award-pioneers", "--round", ROUND, "--strand", "CSS")
    assert strand.exit_code == 2
    assert "no strand `CSS` in framework digilit-leicester (did you mean `CS`?)" in strand.stderr
    with (school / "leaders/badges.yaml").open("a") as fh:
        fh.write(
            "- id: digcompedu-pioneer\n  name: DigCompEdu C2\n  description: C2 in an area.\n"
            "  criteria: Self-assessed at C2.\n  image: leaders/badges/digilit-pioneer.png\n  staff: yes\n"
            "  alignment:\n  - target_name: DigCompEdu C2\n    target_url: https://example.org/c2\n"
            "    target_code: c2\n"
        )
    other = sd("badges", "award-pioneers", "--round", ROUND, "--badge", "digcompedu-pioneer")
    assert other.exit_code == 2
    assert "aligned to level c2, but the top level of DigiLit Leicester is pioneer" in other.stderr
    several = sd("badges", "award-pioneers", "--round", ROUND)
    assert several.exit_code == 2
    assert (
        "choose the badge with --badge (staff badges in leaders/badges.yaml: digilit-pioneer, digcompedu-pioneer)"
        in (several.stderr)
    )
    assert _staff_awards(school) == {}


def test_an_award_to_someone_who_never_answered_is_still_an_unknown_ref_issue_5(school: Path, sd) -> None:
    with (school / "leaders/awards.yaml").open("a") as fh:
        fh.write("- id: 0123456789ab\n  badge: digilit-pioneer\n  recipient: r-000000000000\n")
        fh.write("  awarded_on: 2026-07-15\n  salt: 00112233445566778899aabbccddeeff\n")
    result = sd("validate")
    assert result.exit_code == 2
    assert (
        "unknown-ref: `recipient`: no leader, member of staff or survey respondent `r-000000000000` in "
        "roster.yaml, people.yaml or a survey round" in result.stderr
    )
