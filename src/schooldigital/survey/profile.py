"""`sd survey profile`: one respondent's level per strand and the statements to work on next.

The respondent is named by pseudonym or staff code, or by email/name, which is turned into the pseudonym
with the school's key (so a member of staff can look themselves up without the repository storing who
they are). Like the CPD plan, this is for the person and the school, never for governor reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from schooldigital.errors import UserError
from schooldigital.problems import did_you_mean
from schooldigital.survey.analysis import Scored, dated_rounds, resolve_round, scored_round
from schooldigital.survey.framework import Framework
from schooldigital.survey.responses import Response
from schooldigital.survey.scoring import Scorer


@dataclass
class StrandProfile:
    id: str
    name: str
    level: str
    previous: str | None
    next_level: str | None
    work_on: list[tuple[str, str]] = field(default_factory=list)  # (statement id, text)


@dataclass
class Profile:
    respondent: str
    round_id: str
    previous_round: str | None
    role: str
    department: str
    framework_name: str
    top_level: str
    strands: list[StrandProfile]


def find_respondent(root: Path, who: str, responses: list[Response]) -> Response:
    """The person named by a pseudonym, or by the email, name or staff code they typed (any case)."""
    from schooldigital.survey.pseudonyms import normaliser

    as_pseudonym = normaliser(root)
    by_id = {as_pseudonym(r.respondent): r for r in responses}
    wanted = as_pseudonym(who.strip())
    if wanted in by_id:
        return by_id[wanted]
    hit = {k.casefold(): r for k, r in by_id.items()}.get(wanted.casefold())  # no key: an older plain code
    if hit:
        return hit
    hint = did_you_mean(who, by_id)
    raise UserError(f"nobody with that pseudonym, email, name or staff code answered this round{hint}")


def profile(root: Path, who: str, round_id: str | None = None) -> Profile:
    rid = resolve_round(root, round_id)
    if rid is None:
        raise UserError("the school has no survey rounds yet; import one with `sd survey import`")
    scored = scored_round(root, rid)
    person = find_respondent(root, who, scored.responses)
    fw = scored.round.framework
    row = scored.levels[scored.responses.index(person)]
    from schooldigital.survey.pseudonyms import normaliser

    as_pseudonym = normaliser(root)
    mine = as_pseudonym(person.respondent)
    when = scored.round.meta.date.isoformat()
    earlier = [i for day, i in dated_rounds(root) if day and day < when]
    previous: list[int] | None = None
    prev_id = None
    for candidate in reversed(earlier):
        old = scored_round(root, candidate)
        if old.round.framework.id == fw.id:
            hit = [i for i, r in enumerate(old.responses) if as_pseudonym(r.respondent) == mine]
            if hit:
                previous, prev_id = old.levels[hit[0]], candidate
                break
    strands = []
    for si, strand in enumerate(fw.strands):
        level = row[si]
        nxt = level + 1 if level + 1 < len(fw.levels) else None
        strands.append(
            StrandProfile(
                strand.id,
                strand.name,
                fw.levels[level].name,
                fw.levels[previous[si]].name if previous else None,
                fw.levels[nxt].name if nxt is not None else None,
                _work_on(fw, scored, person, strand.id, level),
            )
        )
    return Profile(
        person.respondent, rid, prev_id, person.role, person.department, fw.name, fw.levels[-1].name, strands
    )


def _work_on(fw: Framework, scored: Scored, person: Response, strand_id: str, level: int) -> list[tuple[str, str]]:
    """Statements that stand between the person and the next level (empty at the top level)."""
    if level + 1 >= len(fw.levels):
        return []
    strand = next(s for s in fw.strands if s.id == strand_id)
    kind, rule = scored.round.meta.kind, fw.scoring.rule
    index = {lv.id: i for i, lv in enumerate(fw.levels)}
    if rule == "score_bands" or not any(st.level for st in strand.statements):
        if kind == "levels":
            return [(st.id, st.text) for st in strand.statements]
        scorer = Scorer(fw)
        ranked = sorted(strand.statements, key=lambda st: scorer._score(person.answers.get(st.id)))
        top = max(scorer.scores.values())
        return [(st.id, st.text) for st in ranked if scorer._score(person.answers.get(st.id)) < top]
    nxt = level + 1
    if kind == "levels":
        return [(st.id, st.text) for st in strand.statements if st.level and index[st.level] == nxt]
    scorer = Scorer(fw)
    lowest = 0 if rule == "cumulative_share" else nxt
    return [
        (st.id, st.text)
        for st in strand.statements
        if st.level and lowest <= index[st.level] <= nxt and not scorer.affirmed(person.answers.get(st.id))
    ]
