"""Recording self-assessment answers (`sd standards assess`): the school's own dated answer for a standard no
record can prove, who gave it and the evidence it rests on, appended to registers/self-assessment.yaml.

Like every mutation, the answers are validated with the whole school before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schooldigital.edit import records, yamledit
from schooldigital.edit.common import Written, apply_change
from schooldigital.errors import UserError
from schooldigital.governance import SELF_ASSESSMENT
from schooldigital.models.governance import SelfAssessment
from schooldigital.problems import did_you_mean

HEADER = (
    "# Self-assessment: the school's own answers for DfE standards no record can prove (`sd standards assess`).\n"
    "# answer: yes, partly, no or not_applicable; evidence: a document path, URL or record id. Answers expire\n"
    "# (12 months unless standards.yaml says otherwise) and show as self-assessed, never as evidenced.\n"
)


@dataclass(frozen=True)
class AssessQuestion:
    """One self-assessed standard and its question, with the answer currently on record (if any)."""

    standard: str
    area: str
    title: str
    question: str
    last_answer: str | None = None
    last_date: dt.date | None = None


def questions(root: Path, *, area: str | None = None, standards: Sequence[str] = ()) -> list[AssessQuestion]:
    """The self-assessed standards of one area, or the ones named, in catalogue order.

    Raises:
        UserError: an unknown area or standard, or a named standard nothing asks the school to assess.
    """
    from schooldigital.checks.catalogue import load_catalogue
    from schooldigital.governance import load_governance

    catalogue, _ = load_catalogue(root)
    if catalogue is None:
        raise UserError("the standards catalogue cannot be read; run `sd validate`")
    assessed = [s for s in catalogue.ordered() if any(c.kind == "self-assessed" for c in s.checks)]
    if area is not None and area not in catalogue.areas:
        raise UserError(f"no area `{area}`{did_you_mean(area, catalogue.areas)}; areas: {', '.join(catalogue.areas)}")
    known = {s.id for s in assessed}
    for sid in standards:
        if sid not in known:
            hint = did_you_mean(sid, known) or f"; self-assessed standards: {', '.join(sorted(known))}"
            raise UserError(f"`{sid}` is not a self-assessed standard{hint}")
    chosen = [s for s in assessed if (area is None or s.area == area) and (not standards or s.id in standards)]
    gov, _ = load_governance(root)
    latest: dict[str, Any] = {}
    for answer in sorted(gov.self_assessments, key=lambda a: (a.date, a.id)):
        latest[answer.standard] = answer
    return [
        AssessQuestion(
            s.id,
            catalogue.areas[s.area].name if s.area in catalogue.areas else s.area,
            s.title,
            s.question or s.title,
            latest[s.id].answer if s.id in latest else None,
            latest[s.id].date if s.id in latest else None,
        )
        for s in chosen
    ]


def record_answers(root: Path, answers: Iterable[Mapping[str, Any]]) -> Written:
    """Append one record per answer (standard, answer, date, by, evidence, notes), ids `sa-<standard>-<date>`.

    Raises:
        InvalidData: the school would not validate with them (e.g. `yes` without evidence); nothing written.
    """
    answers = [{k: v for k, v in a.items() if v is not None and v != ""} for a in answers]
    if not answers:
        raise UserError("no answers to record")
    path = root / SELF_ASSESSMENT
    made: list[str] = []

    def build():  # type: ignore[no-untyped-def]
        text, doc = records.read(root, path)
        text = text or HEADER
        taken = set(records.ids(doc))
        made.clear()
        for values in answers:
            base = f"sa-{values['standard']}-{values['date']}"
            rid, n = base, 1
            while rid in taken:
                n += 1
                rid = f"{base}-{n}"
            taken.add(rid)
            made.append(rid)
            converted = records.yaml_values(SelfAssessment, {"id": rid, **values})
            text = yamledit.append_text(text, yamledit.new_record(converted, list(SelfAssessment.model_fields)))
        return path, text, f"self-assessment: {', '.join(made)}"

    written, summary = apply_change(root, build)
    return Written(written, summary, ", ".join(made))
