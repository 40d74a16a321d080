"""`sd leaders question` and `sd leaders idea`: the e-safety question box and the pupils' ideas form."""

from __future__ import annotations

from typing import Annotated

import typer

from schooldigital.cli.assets import parse_date, print_rows
from schooldigital.cli.common import CommitOpt, ListFormatOpt, MessageOpt, WriteFormatOpt, err, mutation, root
from schooldigital.cli.output import Format
from schooldigital.cli.tables import columns_option
from schooldigital.listcolumns import QUESTION_COLUMNS

question_app = typer.Typer(help="The e-safety question box (questions only, never who asked).", no_args_is_help=True)
idea_app = typer.Typer(help="The pupils' ideas form.", no_args_is_help=True)
OnOpt = Annotated[str | None, typer.Option("--on", help="Date YYYY-MM-DD (default: today).")]


def day(value: str | None):  # type: ignore[no-untyped-def]
    import datetime as dt

    return parse_date(value, "--on") or dt.date.today()


@question_app.command("add")
def question_add(
    text: Annotated[str | None, typer.Argument(metavar="QUESTION", help="The question's text only.")] = None,
    dsl: Annotated[
        bool, typer.Option("--dsl", help="A safeguarding concern: pass it to the DSL; only the flag is kept.")
    ] = False,
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Record a question from the e-safety box, never who asked. Example: sd leaders question add "Is TikTok safe?" """
    from schooldigital.leaders import voice

    with mutation(commit, message, fmt) as m:
        m.record(voice.add_question(m.root, None if dsl else text, day(on), dsl))
    if dsl:
        err(voice.DSL_ADVICE)


@question_app.command("answer")
def question_answer(
    question: Annotated[str, typer.Argument(metavar="QUESTION_ID")],
    where: Annotated[str, typer.Option("--in", help="Which assembly or newsletter answered it.")],
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Record where a question was answered. Example: sd leaders question answer q-2026-03 --in "KS2 assembly" """
    from schooldigital.leaders import voice

    with mutation(commit, message, fmt) as m:
        m.record(voice.answer_question(m.root, question, where, day(on)), changed=[question])


@question_app.command("list")
def question_list(fmt: ListFormatOpt = Format.text, columns: columns_option(QUESTION_COLUMNS) = None) -> None:
    """The question box. Example: sd leaders question list"""
    from schooldigital.leaders import store

    rows = [
        {
            "id": q.id,
            "asked_on": q.asked_on,
            "question": "(passed to the DSL)" if q.passed_to_dsl else " ".join((q.question or "").split()),
            "answered_in": q.answered_in or "",
        }
        for q in store.load_valid(root()).questions
    ]
    print_rows(QUESTION_COLUMNS, rows, fmt, columns)


@idea_app.command("add")
def idea_add(
    text: Annotated[str, typer.Argument(metavar="IDEA")],
    from_class: Annotated[str | None, typer.Option("--class", help="Class it came from (never a name).")] = None,
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Record an idea from the pupils' ideas form. Example: sd leaders idea add "Coding club" --class class-3a"""
    from schooldigital.leaders import voice

    with mutation(commit, message, fmt) as m:
        m.record(voice.add_idea(m.root, text, day(on), from_class))


@idea_app.command("set")
def idea_set(
    idea: Annotated[str, typer.Argument(metavar="IDEA_ID")],
    status: Annotated[str, typer.Option(help="new, planned, done or not_now.")],
    plan: Annotated[str | None, typer.Option("--plan", help="The plan item that took it up.")] = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Say what became of an idea. Example: sd leaders idea set idea-2026-02 --status planned --plan plan-2026-07"""
    from schooldigital.leaders import voice

    with mutation(commit, message, fmt) as m:
        m.record(voice.set_idea(m.root, idea, status, plan), changed=[idea])
