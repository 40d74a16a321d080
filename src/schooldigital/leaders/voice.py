"""Pupil voice around the team: the e-safety question box and the pupils' ideas form.

A question keeps its text only, never who asked it. A question that raises a safeguarding concern is not
written down here at all: the command tells the user to pass it to the designated safeguarding lead (DSL)
and keeps the day and the flag, so the box's counts stay honest. Ideas keep at most the class they came from.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from schooldigital.errors import UserError
from schooldigital.leaders import models as m
from schooldigital.leaders import store
from schooldigital.leaders.commands import not_future
from schooldigital.leaders.store import Created, Written, set_field

DSL_ADVICE = (
    "pass this question to the designated safeguarding lead (DSL) today, as the school's safeguarding "
    "policy says; nothing of it is kept in the repository beyond the date and the flag"
)


def add_question(root: Path, text: str | None, on: dt.date, passed_to_dsl: bool = False) -> Created:
    """Record a question from the box (text only), or only the flag for a safeguarding concern."""
    not_future(on)
    if not passed_to_dsl and not (text or "").strip():
        raise UserError("give the question's text (never who asked it), or --dsl for a safeguarding concern")
    with store.editing(root) as ed:
        question_id = store.next_id([q.id for q in ed.data.questions], f"q-{m.academic_year(on)[:4]}", 2)
        values: dict[str, object] = {"id": question_id, "asked_on": on}
        if passed_to_dsl:
            values["passed_to_dsl"] = True
        else:
            values["question"] = (text or "").strip()
        ed.append(store.QUESTIONS, values)
    summary = f"leaders: question {question_id}" + (" (passed to the DSL)" if passed_to_dsl else "")
    return Created(ed.written, summary, question_id)


def answer_question(root: Path, question_id: str, where: str, on: dt.date) -> Written:
    """Record where a question was answered: which assembly or newsletter."""
    not_future(on)
    with store.editing(root) as ed:
        item = ed.record(store.QUESTIONS, question_id)
        if item.get("passed_to_dsl"):
            raise UserError(f"`{question_id}` was passed to the DSL; its answer is theirs, not the team's")
        if item.get("answered_in") and item.get("answered_on") != on:
            raise UserError(f"`{question_id}` was already answered in {item['answered_in']} on {item['answered_on']}")
        set_field(item, "answered_in", where)
        set_field(item, "answered_on", on)
    return ed.written, f"leaders: question {question_id} answered in {where}"


def add_idea(root: Path, text: str, on: dt.date, from_class: str | None = None) -> Created:
    not_future(on)
    if not text.strip():
        raise UserError("the idea is empty")
    with store.editing(root) as ed:
        idea_id = store.next_id([x.id for x in ed.data.ideas], f"idea-{m.academic_year(on)[:4]}", 2)
        ed.append(store.IDEAS, {"id": idea_id, "received_on": on, "idea": text.strip(), "from_class": from_class})
    return Created(ed.written, f"leaders: idea {idea_id}", idea_id)


def set_idea(root: Path, idea_id: str, status: str, plan_item: str | None = None) -> Written:
    if status not in m.IDEA_STATUSES:
        raise UserError(f"--status must be one of {', '.join(m.IDEA_STATUSES)}")
    with store.editing(root) as ed:
        item = ed.record(store.IDEAS, idea_id)
        set_field(item, "status", status)
        if plan_item is not None:
            set_field(item, "plan_item", plan_item)
    return ed.written, f"leaders: idea {idea_id} {status}"
