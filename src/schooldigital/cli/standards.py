"""`sd standards`: the school's own answers for the DfE standards no record can prove."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from schooldigital.cli.assets import parse_date, today, wants_prompts
from schooldigital.cli.common import CommitOpt, MessageOpt, WriteFormatOpt, err, mutation, root
from schooldigital.cli.output import Format

app = typer.Typer(help="Self-assessment of the DfE standards no record can prove.", no_args_is_help=True)


class Answer(StrEnum):
    yes = "yes"
    partly = "partly"
    no = "no"
    not_applicable = "not_applicable"


@app.command("assess")
def assess(
    standards: Annotated[
        list[str] | None, typer.Argument(metavar="STANDARD", help="Standard ids, e.g. cabling-1.")
    ] = None,
    area: Annotated[str | None, typer.Option("--area", help="Every self-assessed standard of one area.")] = None,
    answer: Annotated[Answer | None, typer.Option("--answer", help="yes, partly, no or not_applicable.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who answers (person id in registers/people.yaml).")] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="Document path, URL or record id the answer rests on.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="What is missing, or why it does not apply.")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Date of the answer (YYYY-MM-DD; default today).")] = None,
    interactive: Annotated[
        bool | None, typer.Option("--interactive/--no-interactive", help="Ask the questions (default on a terminal).")
    ] = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Answer the self-assessment questions of one area (or of the standards named) and record them.

    Each answer is stored with its date, who gave it and the evidence it rests on in
    registers/self-assessment.yaml; `sd check standards` shows it as self-assessed until it expires.
    Give --answer (with --by and --evidence) to record without prompts.
    Example: sd standards assess cabling-1 --answer yes --by atay --evidence "Estates/Cabling test report 2023.pdf"
    """
    from schooldigital.edit.selfassess import questions, record_answers

    if not standards and area is None:
        raise typer.BadParameter("name the standards to assess, or give --area", param_hint="STANDARD")
    school = root()
    asked = questions(school, area=area, standards=standards or ())
    day = parse_date(on, "--date") or today(None)
    prompts = wants_prompts(interactive)
    if answer is None and not prompts:
        raise typer.BadParameter("give --answer (or run on a terminal to be asked)", param_hint="--answer")
    if by is None and prompts:
        by = typer.prompt("Who is answering (person id)", err=True).strip()
    if not by:
        raise typer.BadParameter("give --by (who answers: a person id)", param_hint="--by")
    answers = []
    for q in asked:
        values = {"standard": q.standard, "date": day, "by": by, "answer": answer, "evidence": evidence, "notes": notes}
        if answer is None:
            last = f" (last: {q.last_answer} on {q.last_date})" if q.last_answer else ""
            err(f"\n{q.area}: {q.title} [{q.standard}]{last}\n  {q.question}")
            reply = ""
            while reply not in (*Answer.__members__, "skip"):
                reply = typer.prompt(
                    "  Answer (yes, partly, no, not_applicable, skip)", default="skip", err=True
                ).strip()
            if reply == "skip":
                continue
            values["answer"] = reply
            values["evidence"] = typer.prompt("  Evidence (document, URL or record id)", default="", err=True).strip()
            values["notes"] = typer.prompt(
                "  Notes (what is missing, or why not applicable)", default="", err=True
            ).strip()
        answers.append(values)
    if not answers:
        err("nothing recorded")
        return
    with mutation(commit, message, fmt) as change:
        written = record_answers(change.root, answers)
        change.done(*written, created=written.id.split(", "))
        change.say(written.id)
