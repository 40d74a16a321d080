"""`sd badges`: Open Badges 2.0 for Digital Leaders and staff (define, award, issue, revoke, unbake)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schooldigital.cli.assets import Many, parse_date
from schooldigital.cli.common import (
    CommitOpt,
    MessageOpt,
    WriteFormatOpt,
    dump_json,
    err,
    mutation,
    root,
)
from schooldigital.cli.output import Format, emit_json, format_option, to_json

app = typer.Typer(help="Open Badges 2.0: define, award, publish (hosted) and revoke.", no_args_is_help=True)
OnOpt = Annotated[str | None, typer.Option("--on", help="Date YYYY-MM-DD (default: today).")]


def _day(value: str | None):  # type: ignore[no-untyped-def]
    import datetime as dt

    return parse_date(value, "--on") or dt.date.today()


@app.command("define")
def define(
    badge_id: Annotated[str, typer.Argument(metavar="ID", help="Badge id, e.g. e-safety-champion.")],
    name: Annotated[str, typer.Option(help="Badge name.")],
    description: Annotated[str, typer.Option(help="What the badge means.")],
    criteria: Annotated[str, typer.Option(help="How it is earned (Markdown allowed).")],
    image: Annotated[Path | None, typer.Option(help="A .png image (default: one is drawn for you).")] = None,
    tag: Many = None,
    staff: Annotated[bool, typer.Option("--staff", help="A badge for staff (e.g. a DigiLit level).")] = False,
    align_name: Annotated[str | None, typer.Option(help="Alignment: target name (e.g. a DigiLit strand).")] = None,
    align_url: Annotated[str | None, typer.Option(help="Alignment: target URL.")] = None,
    align_framework: Annotated[str | None, typer.Option(help="Alignment: framework name.")] = None,
    align_code: Annotated[str | None, typer.Option(help="Alignment: code (e.g. a level).")] = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Add a badge definition to leaders/badges.yaml and print the BadgeClass JSON it publishes (with
    --format json, inside the usual document, as `badge_class`).

    Example: sd badges define technician --name "Digital Leader: Technician" --description "Keeps kit working"
    --criteria "Completed 10 hardware jobs"
    """
    from schooldigital.badges import issue

    alignment = None
    if align_name or align_url:
        alignment = {"target_name": align_name or "", "target_url": align_url or ""}
        alignment.update({k: v for k, v in (("target_framework", align_framework), ("target_code", align_code)) if v})
    with mutation(commit, message, fmt) as m:
        written, summary, doc = issue.define(
            m.root, badge_id, name, description, criteria, image, list(tag or []), staff, alignment
        )
        m.done(written, summary, created=[badge_id])
        m.details["badge_class"] = doc
        m.say(to_json(doc))


@app.command("award")
def award(
    recipient: Annotated[
        str, typer.Argument(metavar="RECIPIENT", help="Leader id, staff id from people.yaml, or survey pseudonym.")
    ],
    badge: Annotated[str, typer.Argument(metavar="BADGE")],
    evidence: Annotated[str | None, typer.Option(help="Short public narrative (no names).")] = None,
    expires: Annotated[str | None, typer.Option(help="Date YYYY-MM-DD the badge expires (default: never).")] = None,
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Award a badge; `sd badges issue` then publishes it. Example: sd badges award dl-2026-01 digital-leader"""
    from schooldigital.badges import issue

    with mutation(commit, message, fmt) as m:
        m.record(issue.award(m.root, recipient, badge, _day(on), evidence, parse_date(expires, "--expires")))
        err(m.summary)


@app.command("award-pioneers")
def award_pioneers(
    round_id: Annotated[str, typer.Option("--round", help="Survey round id, e.g. 2026-summer.")],
    badge: Annotated[str | None, typer.Option(help="Staff badge id (default: the only staff badge).")] = None,
    strand: Annotated[str | None, typer.Option(help="Only this strand id, e.g. CS (default: any strand).")] = None,
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Award a staff badge to every survey respondent at the framework's top level (DigiLit: Pioneer) in a strand.

    Recipients are the round's pseudonyms. Only those with an email in .sd-local/recipients.yaml (git-ignored)
    are awarded; the rest are listed and the exit status is 1. Re-running adds only what is missing.
    Example: sd badges award-pioneers --round 2026-summer --badge digilit-pioneer
    """
    from dataclasses import asdict

    from schooldigital.badges.pioneers import award_pioneers as run
    from schooldigital.leaders.store import RECIPIENTS

    with mutation(commit, message, fmt) as m:
        written, summary, result = run(m.root, round_id, _day(on), badge, strand)
        m.done(written, summary, created=list(result.awarded.values()))
        m.details.update(asdict(result))
        for who, award_id in result.awarded.items():
            m.say(f"{award_id}  {who}  {'; '.join(result.strands[who])}")
        m.say(
            f"{result.badge}: {len(result.awarded)} awarded, {len(result.held)} already held, "
            f"{len(result.no_email)} without an email ({len(result.strands)} at {result.level} in {round_id})"
        )
    if fmt is Format.text:
        for who in result.no_email:
            err(f"skipped {who}: no email in {RECIPIENTS} (git-ignored; add `{who}: address` and run again)")
    raise typer.Exit(1 if result.no_email else 0)


@app.command("revoke")
def revoke(
    award_id: Annotated[str, typer.Argument(metavar="AWARD")],
    reason: Annotated[str, typer.Option(help="Published revocation reason (no personal details).")],
    on: OnOpt = None,
    commit: CommitOpt = None,
    message: MessageOpt = None,
    fmt: WriteFormatOpt = Format.text,
) -> None:
    """Revoke an award; run `sd badges issue` to publish the revocation. Example: sd badges revoke 3f9c0e1b2d4a
    --reason "Awarded in error" """
    from schooldigital.badges import issue

    with mutation(commit, message, fmt) as m:
        m.record(issue.revoke(m.root, award_id, reason, _day(on)), changed=[award_id])


@app.command("issue")
def issue_(
    fmt: Annotated[
        Format,
        format_option(Format.text, Format.json, help="text for people; json: the files and awards published."),
    ] = Format.text,
    json_out: Annotated[bool, typer.Option("--json", hidden=True, help="The old spelling of --format json.")] = False,
) -> None:
    """Publish: issuer Profile, BadgeClasses and hosted Assertions (JSON) plus a baked PNG and SVG per award,
    under `leaders.publish_dir` (default out/badges) for upload to the school's `base_url`/badges.

    Exit 1 when some awards could not be published (no email in .sd-local/recipients.yaml, or no consent).
    Example: sd badges issue
    """
    from schooldigital.badges import issue

    result = issue.issue(root())
    if json_out or fmt is Format.json:
        emit_json(
            {
                "folder": str(result.folder),
                "published": result.published,
                "revoked": result.revoked,
                "withdrawn": result.withdrawn,
                "skipped": result.skipped,
            }
        )
    else:
        typer.echo(
            f"{result.folder}: {len(result.published)} assertion(s) published, {len(result.revoked)} revoked, "
            f"{len(result.skipped)} skipped"
        )
        for award_id in result.withdrawn:
            err(f"withdrawn {award_id}: consent withdrawn, published as revoked and its images removed")
        for award_id, why in result.skipped.items():
            err(f"skipped {award_id}: {why}")
    raise typer.Exit(1 if result.skipped else 0)


@app.command("unbake")
def unbake(image: Annotated[Path, typer.Argument(metavar="FILE", help="A baked .png or .svg badge.")]) -> None:
    """Print the assertion baked into a badge image. Example: sd badges unbake out/badges/assertions/3f9c.png"""
    from schooldigital.badges import issue

    found = issue.unbake_file(image)
    dump_json(found) if isinstance(found, dict) else typer.echo(found)
