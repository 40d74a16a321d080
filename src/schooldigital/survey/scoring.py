"""Placing a respondent at one level per strand, by the rule the framework file names.

Answers arrive as canonical scale values (or level ids for self-placed rounds); a missing answer is
`None` and counts as not affirmed (the importer has already refused it when the framework says so).
The floor is always the lowest level: someone who affirms nothing is at Entry, never "below Entry".
"""

from __future__ import annotations

from collections.abc import Mapping

from schooldigital.survey.framework import Framework


class Scorer:
    """Precomputed per framework so scoring 5,000 respondents is a few dictionary look-ups each."""

    def __init__(self, fw: Framework, kind: str = "statements") -> None:
        self.fw = fw
        # a levels CSV is self-placed whatever rule the framework uses for statement answers
        self.rule = "self_placed" if kind == "levels" else fw.scoring.rule
        self.scores = {o.value: o.score for o in fw.scale}
        self.lowest = min(self.scores.values(), default=0.0)
        self.affirm_at = fw.scoring.affirm_at
        self.share = fw.scoring.share
        self.cuts = fw.scoring.cuts
        level_index = {lv.id: i for i, lv in enumerate(fw.levels)}
        self.level_index = level_index
        # per strand: [(level index, [statement ids])] in level order
        self.plan: list[tuple[str, list[tuple[int, list[str]]]]] = []
        for strand in fw.strands:
            by_level: dict[int, list[str]] = {}
            for st in strand.statements:
                if st.level is not None:
                    by_level.setdefault(level_index[st.level], []).append(st.id)
            ordered = [(i, by_level.get(i, [])) for i in range(len(fw.levels))]
            self.plan.append((strand.id, ordered if self.rule != "score_bands" else [(0, _ids(strand))]))

    def levels(self, answers: Mapping[str, str | None]) -> dict[str, int]:
        """Strand id -> level index (0 = lowest) for one respondent."""
        if self.rule == "self_placed":
            return {sid: self.level_index[answers[sid]] for sid, _ in self.plan}  # type: ignore[index]
        out: dict[str, int] = {}
        for sid, steps in self.plan:
            if self.rule == "score_bands":
                ids = steps[0][1]
                mean = sum(self._score(answers.get(i)) for i in ids) / len(ids)
                out[sid] = sum(1 for cut in self.cuts if mean >= cut)
                continue
            level = 0
            for index, ids in steps:
                met = self._met(answers, ids) if ids else index == 0
                if met:
                    level = index
                elif self.rule == "cumulative_share":
                    break
            out[sid] = level
        return out

    def affirmed(self, answer: str | None) -> bool:
        return answer is not None and self.affirm_at is not None and self.scores.get(answer, -1e9) >= self.affirm_at

    def _score(self, answer: str | None) -> float:
        return self.lowest if answer is None else self.scores.get(answer, self.lowest)

    def _met(self, answers: Mapping[str, str | None], ids: list[str]) -> bool:
        agreed = sum(1 for i in ids if self.affirmed(answers.get(i)))
        # compare in integers where possible so 0.75 of 4 statements is exactly 3
        return agreed >= self.share * len(ids) - 1e-9


def _ids(strand) -> list[str]:  # type: ignore[no-untyped-def]
    return [st.id for st in strand.statements]
