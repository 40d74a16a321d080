"""`sd badges award-pioneers`: a staff badge for everyone at the framework's top level in a survey round.

Recipients are the round's pseudonymous respondent ids, the same ids the survey stores, so no name or
email enters the repository. As for pupils, emails come only from the git-ignored
`.sd-local/recipients.yaml`; a respondent without one there is not awarded but listed, because an award
that can never be published would sit in the log and make every `sd badges issue` exit 1. Listing staff
there is how they opt in. Re-running adds only what is missing: anyone who holds the badge, or had it
revoked (a revocation is a decision, not a gap), is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from schooldigital.badges.issue import add_award, local_recipients
from schooldigital.errors import UserError
from schooldigital.leaders import models as m
from schooldigital.leaders import store
from schooldigital.leaders.store import Written
from schooldigital.problems import did_you_mean
from schooldigital.survey.analysis import scored_round
from schooldigital.survey.framework import Framework

MAX_EVIDENCE = 200  # the `evidence` field's limit in leaders/awards.yaml


@dataclass
class PioneerAwards:
    """What one run did. Respondents are pseudonyms; `strands` names each top-level respondent's strands."""

    round_id: str
    badge: str
    level: str
    awarded: dict[str, str] = field(default_factory=dict)  # respondent -> new award id
    held: list[str] = field(default_factory=list)  # already hold the badge, or had it revoked
    no_email: list[str] = field(default_factory=list)  # at the top level, but no email in the local map
    strands: dict[str, list[str]] = field(default_factory=dict)


def award_pioneers(
    root: Path, round_id: str, on: dt.date, badge_id: str | None = None, strand: str | None = None
) -> tuple[Written, str, PioneerAwards]:
    """Award a staff badge to every respondent of `round_id` at the framework's top level in a strand.

    Args:
        root: The school repository.
        round_id: A stored survey round, e.g. `2026-summer`.
        on: The award date.
        badge_id: A staff badge in leaders/badges.yaml (default: the only one).
        strand: Only respondents at the top level in this strand id (default: in any strand).

    Returns:
        (files written, one-line summary for the commit, what was awarded, held and skipped).
    """
    scored = scored_round(root, round_id)
    fw = scored.round.framework
    names = {s.id: s.name for s in fw.strands}
    if strand is not None and strand not in names:
        raise UserError(f"no strand `{strand}` in framework {fw.id}{did_you_mean(strand, names)}")
    top = len(fw.levels) - 1
    result = PioneerAwards(round_id, "", fw.levels[top].name)
    for response, row in zip(scored.responses, scored.levels, strict=True):
        reached = [names[s] for s, level in zip(fw.strand_ids, row, strict=True) if level == top]
        if strand is not None:
            reached = [names[strand]] if names[strand] in reached else []
        if reached:
            result.strands[response.respondent] = reached
    emails = local_recipients(root)
    with store.editing(root) as ed:
        badge = _staff_badge(ed.data.badges, badge_id, fw)
        result.badge = badge.id
        held = {a.recipient for a in ed.data.awards if a.badge == badge.id}
        for who, reached in sorted(result.strands.items()):
            if who in held:
                result.held.append(who)
            elif who not in emails:
                result.no_email.append(who)
            else:
                evidence = _evidence(result.level, reached, fw, round_id)
                result.awarded[who] = add_award(ed, who, badge.id, on, evidence)
    summary = f"badges: award {badge.id} to {len(result.awarded)} at {result.level} in survey {round_id}"
    return ed.written, summary, result


def _staff_badge(badges: list[m.BadgeDef], badge_id: str | None, fw: Framework) -> m.BadgeDef:
    """The named badge, or the only staff badge; refused when it is not for staff or aligned elsewhere."""
    staff = [b for b in badges if b.staff]
    if badge_id is None:
        if len(staff) != 1:
            found = ", ".join(b.id for b in staff) or "none"
            raise UserError(
                f"choose the badge with --badge (staff badges in {store.BADGES}: {found}); "
                "define one with sd badges define ID --staff"
            )
        badge = staff[0]
    else:
        by_id = {b.id: b for b in badges}
        if badge_id not in by_id:
            hint = did_you_mean(badge_id, by_id)
            raise UserError(f"no badge `{badge_id}` in {store.BADGES}{hint}; define it with sd badges define --staff")
        badge = by_id[badge_id]
        if not badge.staff:
            raise UserError(f"`{badge_id}` is not a staff badge; add `staff: yes` to it in {store.BADGES}")
    top = fw.levels[-1]
    codes = {a.target_code.casefold() for a in badge.alignment if a.target_code}
    if codes and not codes & {top.id.casefold(), top.name.casefold()}:
        raise UserError(
            f"`{badge.id}` is aligned to level {', '.join(sorted(codes))}, "
            f"but the top level of {fw.name} is {top.id}; choose another badge with --badge"
        )
    return badge


def _evidence(level: str, strands: list[str], fw: Framework, round_id: str) -> str:
    """The public narrative: strands and round only, never who (the field allows 200 characters)."""
    text = f"Self-assessed at {level} in {'; '.join(strands)} ({fw.name} survey {round_id})."
    if len(text) > MAX_EVIDENCE:
        text = f"Self-assessed at {level} in {len(strands)} strands ({fw.name} survey {round_id})."
    return text[:MAX_EVIDENCE]
