"""Every command's "Examples:" block and, where its exit status differs from the rule and its help does not say
so already, its exit codes.

Kept in one place and attached to the command tree by `attach` (as each command's epilog), so the examples are
printed exactly as written: the block is a Click `\\b` paragraph, never rewrapped. Each line runs as is on the
demo school in this repository (an import's file, or the applicant a selection needs, made first by the test);
`# exit N` says the status it ends with when that is not 0. tests/test_examples.py runs every line on a copy
of the demo school and checks it.

The rule (README): 0 clean, 1 attention needed, 2 invalid data or wrong usage.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import typer
from typer.main import get_command_name

EXAMPLES: dict[str, tuple[str, ...]] = {
    "validate": ("sd validate", "sd validate --format json --select unknown-ref"),
    "schema": ("sd schema --out .schemas", "sd schema contracts"),
    "calendar": ("sd calendar --output renewals.ics --today 2026-11-22",),
    "init": ('sd init new-school --name "Hillside Primary School" --urn 100001 --phase primary',),
    "diff": ("sd diff HEAD", "sd diff HEAD --format json"),
    "check": ("sd check --today 2026-11-22   # exit 1: something needs attention",),
    "check renewals": (
        "sd check renewals --today 2026-11-22   # exit 1: something is due",
        "sd check renewals --today 2026-11-22 --within 60 --format json   # exit 1",
    ),
    "check standards": ("sd check standards --today 2026-11-22 --format json   # exit 1: not every standard is met",),
    "assets add": (
        "sd assets add --category laptop --model dell-latitude-3440 --location ict-suite --serial 5CG123"
        " --no-interactive",
    ),
    "assets edit": ("sd assets edit RP-00012 --location class-3a --assigned-to room:class-3a",),
    "assets dispose": ("sd assets dispose RP-00042 --method weee_contractor --data-wiped --certificate WEEE-2026-118",),
    "assets widen": ("sd assets widen",),
    "assets list": (
        "sd assets list --category laptop --due-before 2027-08-31",
        "sd assets list --status broken --columns id,model,location --format csv",
    ),
    "assets show": ("sd assets show RP-00012",),
    "assets summary": ("sd assets summary --today 2026-11-22 --format json",),
    "assets renumber": ("sd assets renumber RP-00012 --to RP-09012",),
    "assets import": ("sd assets import registers/assets.csv --update --dry-run",),
    "assets reconcile": (
        "sd assets reconcile chromebooks.csv --stale 30   # exit 1: differences",
        "sd assets reconcile chromebooks.csv --apply --dry-run   # exit 1",
    ),
    "contracts add": (
        'sd contracts add --title "Maths app" --supplier jisc --type approved_app --owner htay'
        " --start 2026-09-01 --end 2027-08-31 --renewal manual --no-interactive",
    ),
    "contracts edit": ("sd contracts edit c003-managed-it-support --end 2027-10-24 --status active",),
    "contracts end": ("sd contracts end c003-managed-it-support --decision notice_given --on 2026-07-01",),
    "contracts list": (
        "sd contracts list --renewal auto --ending-before 2027-03-31",
        "sd contracts list --format json",
    ),
    "contracts show": ("sd contracts show c001-broadband-and-filtered",),
    "contracts import": ("sd contracts import contracts.csv --dry-run",),
    "info add": (
        'sd info add --name "Visitor log" --owner dkha --format paper --systems "reception book" --no-personal-data'
        ' --purposes "site safety" --retention "6 years" --security "locked office" --last-reviewed 2026-11-20'
        " --no-interactive",
    ),
    "info edit": ("sd info edit ia003 --last-reviewed 2026-11-20",),
    "info list": ("sd info list --personal-data --review-before 2027-03-31",),
    "info show": ("sd info show ia001",),
    "info import": ("sd info import information.csv --dry-run",),
    "report strategy": ("sd report strategy --today 2026-11-22 --output strategy.md",),
    "report governors": ("sd report governors --today 2026-11-22 --format html --output governors.html",),
    "report assets": ("sd report assets --today 2026-11-22",),
    "report contracts": ("sd report contracts --today 2026-11-22 --output contracts.md",),
    "report renewals": ("sd report renewals --today 2026-11-22",),
    "report standards": ("sd report standards --today 2026-11-22 --output standards.md",),
    "report leaders": ("sd report leaders --today 2026-11-22 --output leaders.md",),
    "standards assess": (
        'sd standards assess fm-3 --answer yes --by htay --evidence "Termly filtering check log" --date 2026-11-20'
        " --no-interactive",
    ),
    "survey import": (
        "sd survey import surveys/rounds/2026-summer/responses.csv --round 2027-summer --date 2027-06-30"
        " --mapping surveys/mappings/riverside-google.yaml --dry-run",
        "sd survey import surveys/rounds/2026-summer/responses.csv --round 2027-summer --date 2027-06-30 --dry-run",
    ),
    "survey report": ("sd survey report --compare 2025-summer --today 2026-11-22",),
    "survey cpd": ("sd survey cpd --round 2026-summer",),
    "survey profile": ("sd survey profile r-014a2d259b58 --round 2026-summer",),
    "survey frameworks": ("sd survey frameworks",),
    "survey map": ("sd survey map surveys/rounds/2026-summer/responses.csv",),
    "leaders apply": ('sd leaders apply "Sam P" --year 5 --method letter --class class-5a --on 2026-11-20',),
    "leaders import-applications": ("sd leaders import-applications applications.csv",),
    "leaders select": ("sd leaders select --panel djon --panel dl-2025-01 --chosen dl-2026-07 --on 2026-11-20",),
    "leaders shortlist": ("sd leaders shortlist dl-2026-07 --on 2026-11-20",),
    "leaders appoint": ("sd leaders appoint dl-2026-07 --partner-class class-1a --role reporter --on 2026-11-20",),
    "leaders edit": ("sd leaders edit dl-2025-01 --role technician --role presenter",),
    "leaders decline": ("sd leaders decline dl-2026-07 --on 2026-11-20",),
    "leaders leave": ("sd leaders leave dl-2025-02 --reason moved_school --on 2026-11-20",),
    "leaders train": ("sd leaders train dl-2025-01 --module e-safety --on 2026-11-20",),
    "leaders list": ("sd leaders list", "sd leaders list --status alumni --format csv"),
    "leaders show": ("sd leaders show dl-2025-01",),
    "leaders rollover": (
        "sd leaders rollover --year 2027/28 --on 2027-07-20 --format json   # exit 1: partner classes to fill",
    ),
    "leaders report": ("sd leaders report --today 2026-11-22 --output leaders.md",),
    "leaders meeting add": (
        'sd leaders meeting add -a dl-2025-01 -a dl-2025-02 --agenda "Safer Internet Day" --on 2026-11-20',
    ),
    "leaders activity add": (
        'sd leaders activity add assembly "Passwords" -l dl-2025-01 --audience ks2 --on 2026-11-20',
    ),
    "leaders plan add": ('sd leaders plan add "Run Hour of Code" --owner team --due 2026-12-12',),
    "leaders plan done": ("sd leaders plan done plan-2026-03 --on 2026-11-20",),
    "leaders plan edit": ("sd leaders plan edit plan-2026-04 --due 2027-02-05",),
    "leaders plan list": ("sd leaders plan list",),
    "leaders question add": ('sd leaders question add "How do I report a mean message?" --on 2026-11-20',),
    "leaders question answer": ('sd leaders question answer q-2026-03 --in "KS2 assembly" --on 2026-11-20',),
    "leaders question list": ("sd leaders question list",),
    "leaders idea add": ('sd leaders idea add "A coding club at lunchtime" --class class-4a --on 2026-11-20',),
    "leaders idea set": ("sd leaders idea set idea-2026-01 --status planned --plan plan-2026-03",),
    "jobs add": ('sd jobs add "Set up visualiser" --by WP --room class-3a --category hardware_setup',),
    "jobs assign": ("sd jobs assign job-0012 dl-2025-01 dl-2025-03",),
    "jobs done": ("sd jobs done job-0071 --minutes 20",),
    "jobs reopen": ("sd jobs reopen job-0001",),
    "jobs list": ("sd jobs list --status open",),
    "jobs import": ("sd jobs import jobs.csv",),
    "badges define": (
        'sd badges define helper --name "Digital Leader: Helper" --description "Helps in class"'
        ' --criteria "Ten jobs done"',
    ),
    "badges award": ("sd badges award dl-2025-02 e-safety-champion --on 2026-11-20",),
    "badges award-pioneers": (
        "sd badges award-pioneers --round 2026-summer --badge digilit-pioneer   # exit 1: some cannot be awarded yet",
    ),
    "badges revoke": ('sd badges revoke 51c91e7ea419 --reason "Awarded in error" --on 2026-11-20',),
    "badges issue": ("sd badges issue   # exit 1 when an award cannot be published",),
    "badges unbake": ("sd badges unbake out/badges/assertions/4f1a93d20470.png",),
}

REPORT_EXIT = "0 written, 2 invalid data: the report is still written from what validates, with a note."
EXIT_CODES: dict[str, str] = {
    **{f"report {name}": REPORT_EXIT for name in ("strategy", "governors", "assets", "contracts", "renewals")},
    **{f"report {name}": REPORT_EXIT for name in ("standards", "leaders")},
    "survey report": REPORT_EXIT,
    "merge-driver": "0 merged, 1 conflicts left in the file for git to show (git's own rule).",
}

_DOC_EXAMPLE = re.compile(r"\s*Example[^:\n]{0,20}:\s.*\Z", re.DOTALL)


def epilog(path: str) -> str | None:
    """The text after a command's options: its examples (a `\\b` block, kept line by line) and exit codes."""
    parts = []
    lines = EXAMPLES.get(path)
    if lines:
        parts.append("Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines))
    codes = EXIT_CODES.get(path)
    if codes:
        parts.append(f"Exit status: {codes}")
    return "\n\n".join(parts) or None


def _help(callback: Any) -> str | None:
    """The docstring without the one-line example older commands ended with (now in EXAMPLES)."""
    doc = inspect.getdoc(callback) if callback is not None else None
    return _DOC_EXAMPLE.sub("", doc) if doc and _DOC_EXAMPLE.search(doc) else None


def attach(app: typer.Typer, prefix: str = "") -> None:
    """Set the epilog (and the help, where the docstring carried an example) of every command under `app`."""
    for info in app.registered_commands:
        path = prefix + (info.name or get_command_name(info.callback.__name__))  # type: ignore[union-attr]
        info.epilog = info.epilog or epilog(path)
        if path in EXAMPLES:
            info.help = info.help or _help(info.callback)
    for group in app.registered_groups:
        instance = group.typer_instance
        if instance is None or not group.name:
            continue
        callback = instance.registered_callback
        if callback is not None and f"{prefix}{group.name}" in EXAMPLES:  # a group that also runs: `sd check`
            group.epilog = group.epilog or epilog(f"{prefix}{group.name}")
            group.help = group.help or _help(callback.callback)
        attach(instance, f"{prefix}{group.name} ")
