"""One output vocabulary (issue 21, item 6): the same `--format` names everywhere, old spellings as aliases, and
every command that reports or writes able to say what it did as JSON carrying `schema_version`."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
import typer.main

from jsonout import payload
from schooldigital.cli import app

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
CONSOLES = DATA / "consoles"

REPORT_NAMES = ("strategy", "governors", "assets", "contracts", "renewals", "standards", "leaders")

# Commands whose output is a document in a format of its own, not a report of what they did.
DOCUMENTS = {
    "schema": "JSON Schema, read by editors",
    "survey map": "a draft mapping file (YAML) to edit",
    "badges unbake": "the Open Badges assertion baked into an image",
    "merge-driver": "git's merge driver: a merged file, no output",
}


@functools.cache
def leaf_commands() -> dict[str, object]:
    """Every command of the full tree by its path (`assets add`); a group that runs on its own (`sd check`) too."""
    found: dict[str, object] = {}

    def walk(cmd: object, path: list[str]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs and not (getattr(cmd, "invoke_without_command", False) and path):
            for name, sub in subs.items():
                walk(sub, [*path, name])
            return
        found[" ".join(path)] = cmd
        for name, sub in (subs or {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


def format_names(cmd: object) -> list[str]:
    for param in getattr(cmd, "params", []):
        if "--format" in getattr(param, "opts", []):
            return str(param.metavar).strip("[]").split("|")
    return []


VOCABULARY = {"text", "markdown", "html", "pdf", "json", "csv", "github", "gitlab"}


def test_every_format_option_uses_the_one_vocabulary_issue_21() -> None:
    for path, cmd in leaf_commands().items():
        names = format_names(cmd)
        assert set(names) <= VOCABULARY, (path, names)
        assert "md" not in names and "table" not in names, path  # aliases work but are not offered


def test_every_command_that_reports_or_writes_has_json_issue_21() -> None:
    missing = [p for p, cmd in leaf_commands().items() if p not in DOCUMENTS and "json" not in format_names(cmd)]
    assert missing == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (("survey", "report", "--format", "md"), ("survey", "report", "--format", "markdown")),
        (("assets", "list", "--format", "table"), ("assets", "list", "--format", "text")),
        (("report", "assets", "--today", "2026-11-22", "--format", "md"),
         ("report", "assets", "--today", "2026-11-22")),
        (("check", "renewals", "--today", "2026-11-22", "--format", "MARKDOWN"),
         ("check", "renewals", "--today", "2026-11-22", "--format", "markdown")),
    ],
)  # fmt: skip
def test_old_spellings_are_aliases_issue_21(sd, old: tuple[str, ...], new: tuple[str, ...]) -> None:
    before, after = sd(*old), sd(*new)
    assert (before.exit_code, before.stdout) == (after.exit_code, after.stdout)
    assert after.stdout


def test_an_unknown_format_names_the_choices(sd) -> None:
    result = sd("diff", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of text, markdown, json" in result.stderr


# Every command with --format json, in an order that works on one copy of the demo school. A command that needs
# what the demo has not got (a recipient's email, a term date) may fail: it must still print a JSON document.
JSON_RUNS: list[tuple[str, ...]] = [
    ("validate",),
    ("diff",),
    ("calendar", "--today", "2026-11-22"),
    ("check", "--today", "2026-11-22"),
    ("check", "renewals", "--today", "2026-11-22"),
    ("check", "standards", "--today", "2026-11-22"),
    ("assets", "list", "--category", "server"),
    ("assets", "show", "RP-00005", "--today", "2026-11-22"),
    ("assets", "summary", "--today", "2026-11-22"),
    ("assets", "add", "--category", "laptop", "--model", "dell-latitude-3440", "--location", "ict-suite",
     "--serial", "JSON-1", "--purchase-date", "2026-09-01", "--no-interactive"),
    ("assets", "edit", "RP-00005", "--notes", "checked"),
    ("assets", "dispose", "RP-00004", "--method", "weee_contractor", "--data-wiped", "--certificate", "W-1"),
    ("assets", "widen",),
    ("assets", "renumber", "RP-00007", "--to", "RP-09007"),
    ("assets", "import", "{assets.csv}"),
    ("assets", "reconcile", str(CONSOLES / "google-chrome-devices.csv"), "--today", "2026-11-30"),
    ("assets", "reconcile", str(CONSOLES / "jamf-mobile-devices.csv"), "--apply", "--today", "2026-11-30"),
    ("assets", "import", "{assets2.csv}", "--dry-run"),
    ("contracts", "list", "--renewal", "auto"),
    ("contracts", "show", "c001-broadband-and-filtered"),
    ("contracts", "add", "--title", "Maths app", "--supplier", "ldc", "--type", "approved_app",
     "--owner", "htay", "--start", "2026-09-01", "--end", "2027-08-31", "--renewal", "manual", "--no-interactive"),
    ("contracts", "edit", "c003-managed-it-support", "--status", "active"),
    ("contracts", "end", "c003-managed-it-support", "--decision", "notice_given"),
    ("contracts", "import", "{contracts.csv}", "--default", "owner=htay", "--default", "renewal=manual",
     "--default", "type=saas_service"),
    ("info", "list",),
    ("info", "show", "ia001"),
    ("info", "add", "--name", "Visitor log", "--owner", "dkha", "--medium", "paper", "--systems", "reception book",
     "--no-personal-data", "--purposes", "site safety", "--retention", "6 years", "--security", "locked office",
     "--last-reviewed", "2026-11-01", "--no-interactive"),
    ("info", "edit", "ia001", "--risk", "low"),
    ("info", "import", "{info.csv}", "--default", "owner=htay", "--default", "format=electronic",
     "--default", "last_reviewed=2026-09-01", "--default", "personal_data=false"),
    ("standards", "assess", "cabling-1", "--answer", "yes", "--by", "htay", "--evidence", "report.pdf",
     "--date", "2026-11-20", "--no-interactive"),
    ("survey", "report",),
    *(("report", name, "--today", "2026-11-22") for name in REPORT_NAMES),
    ("leaders", "report", "--today", "2026-11-22"),
    ("survey", "cpd",),
    ("survey", "profile", "nobody-at-all"),
    ("survey", "frameworks",),
    ("survey", "import", str(DATA / "survey/riverside-2026-google.csv"), "--round", "2026-autumn",
     "--mapping", "surveys/mappings/riverside-google.yaml", "--dry-run"),
    ("leaders", "list",),
    ("leaders", "show", "dl-2025-01"),
    ("leaders", "apply", "Zed Q", "--year", "4", "--class", "class-4a", "--method", "letter", "--id", "dl-2026-90",
     "--on", "2026-11-20"),
    ("leaders", "apply", "Yan P", "--year", "4", "--class", "class-4a", "--method", "letter", "--id", "dl-2026-91",
     "--on", "2026-11-20"),
    ("leaders", "shortlist", "dl-2026-90", "--on", "2026-11-20"),
    ("leaders", "select", "--panel", "htay", "--chosen", "dl-2026-90", "--on", "2026-11-20"),
    ("leaders", "appoint", "dl-2026-90", "--on", "2026-11-21"),
    ("leaders", "decline", "dl-2026-91", "--on", "2026-11-21"),
    ("leaders", "edit", "dl-2026-90", "--role", "technician"),
    ("leaders", "train", "dl-2026-90", "--module", "Induction", "--on", "2026-11-21"),
    ("leaders", "leave", "dl-2026-90", "--on", "2026-11-22"),
    ("leaders", "rollover", "--year", "2026/27", "--on", "2026-11-22"),
    ("leaders", "import-applications", str(DATA / "snipe-it/assets-sample.csv")),
    ("leaders", "meeting", "add", "-a", "dl-2025-01", "--agenda", "Safer Internet Day", "--on", "2026-11-20"),
    ("leaders", "activity", "add", "assembly", "Safer Internet Day", "-l", "dl-2025-01", "--on", "2026-11-20"),
    ("leaders", "plan", "list",),
    ("leaders", "plan", "add", "Run Hour of Code", "--owner", "team", "--due", "2026-12-12", "--on", "2026-11-20"),
    ("leaders", "plan", "edit", "plan-2026-01", "--status", "doing"),
    ("leaders", "plan", "done", "plan-2026-02", "--on", "2026-11-20"),
    ("leaders", "question", "list",),
    ("leaders", "question", "add", "Is TikTok safe?", "--on", "2026-11-20"),
    ("leaders", "question", "answer", "q-2026-03", "--in", "KS2 assembly", "--on", "2026-11-20"),
    ("leaders", "idea", "add", "Coding club", "--class", "class-3a", "--on", "2026-11-20"),
    ("leaders", "idea", "set", "idea-2026-01", "--status", "planned"),
    ("jobs", "list",),
    ("jobs", "add", "Set up visualiser", "--by", "WP", "--category", "hardware_setup", "--at", "2026-11-20 09:00"),
    ("jobs", "assign", "job-0071", "dl-2025-01"),
    ("jobs", "done", "job-0071", "--minutes", "20", "--at", "2026-11-20 10:00"),
    ("jobs", "reopen", "job-0071"),
    ("jobs", "import", str(DATA / "snipe-it/assets-sample.csv")),
    ("badges", "define", "json-test", "--name", "JSON test", "--description", "Keeps kit working",
     "--criteria", "Completed 10 hardware jobs"),
    ("badges", "award", "dl-2025-01", "presenter", "--on", "2026-11-20"),
    ("badges", "revoke", "51c91e7ea419", "--reason", "Awarded in error", "--on", "2026-11-20"),
    ("badges", "award-pioneers", "--round", "2026-summer"),
    ("badges", "issue",),
    ("init", "{new}", "--name", "Oak Primary School", "--urn", "234567", "--phase", "primary"),
]  # fmt: skip

# These name records that the demo school's data decide about; each must print a JSON document either way.
MAY_FAIL = {
    "survey profile",
    "leaders rollover",
    "leaders import-applications",
    "jobs import",
    "contracts import",
    "badges award-pioneers",
}

# Small files to import, written into the test's folder.
ASSETS_HEADER = "Asset Tag,Category,Model,Status,Location,Serial\n"
IMPORTS = {
    "assets.csv": ASSETS_HEADER + "RP-00900,laptop,dell-latitude-3440,deployed,ict-suite,IMP-1\n",
    "assets2.csv": ASSETS_HEADER + "RP-00901,laptop,dell-latitude-3440,deployed,ict-suite,IMP-2\n",
    "contracts.csv": "Name,Supplier,Expiration Date\nJSON licence,xma,2027-01-01\n",
    "info.csv": "Name,Systems,Purposes,Retention,Security measures\n"
    "JSON log,paper book,site safety,6 years,locked office\n",
}


def _fill(arg: str, folder: Path) -> str:
    """`{name}` in a run is a file of IMPORTS (written on first use), or `{new}` a folder for `sd init`."""
    if arg == "{new}":
        return str(folder / "oak")
    if arg.startswith("{") and arg.endswith("}"):
        path = folder / arg[1:-1]
        path.write_text(IMPORTS[arg[1:-1]])
        return str(path)
    return arg


def _command(args: tuple[str, ...]) -> str:
    paths = set(leaf_commands())
    words = [a for a in args if not a.startswith("-")]
    return next(" ".join(words[:n]) for n in (3, 2, 1) if " ".join(words[:n]) in paths)


def test_every_json_command_is_run_below() -> None:
    with_json = {p for p, cmd in leaf_commands().items() if "json" in format_names(cmd)}
    assert with_json == {_command(args) for args in JSON_RUNS}


def test_every_json_output_parses_and_carries_schema_version_issue_21(school: Path, tmp_path: Path, sd) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(school)], check=True)  # `sd diff` compares with git
    subprocess.run(["git", "-C", str(school), "add", "-A"], check=True)
    env = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "-C", str(school), *env, "commit", "-qm", "demo", "--no-verify"], check=True)
    created: dict[str, list[str]] = {}
    for args in JSON_RUNS:
        command = _command(args)
        result = sd(*(_fill(a, tmp_path) for a in args), "--format", "json")
        document = json.loads(result.stdout)
        assert document["schema_version"] == 1, (args, result)
        assert document["command"] == command, (args, result)
        if result.exit_code == 2:
            assert command in MAY_FAIL, (args, result)
            assert document["data"] is None and document["error"], (args, result)
            continue
        data = payload(result.stdout, command)
        if isinstance(data, dict) and "created" in data:
            assert {"created", "changed", "files", "commit"} <= set(data), (args, data)
            assert all(not Path(f).is_absolute() and ".." not in f for f in data["files"]), (args, data)
            created[command] = data["created"] + data["changed"]
    # A script learns the ids a command made or changed.
    assert created["assets add"] == ["RP-00321"]
    assert created["assets edit"] == ["RP-00005"]
    assert created["assets renumber"] == ["RP-09007"]
    assert created["contracts add"][0].startswith("c041-")
    assert created["info add"] == ["ia026"]
    assert created["jobs add"][0].startswith("job-")
    assert created["leaders apply"] == ["dl-2026-91"]
    assert created["standards assess"] == ["sa-cabling-1-2026-11-20"]
    assert len(created["badges award"]) == 1


def test_write_json_names_the_files_and_prints_nothing_else(school: Path, sd) -> None:
    args = ("assets", "add", "--category", "laptop", "--model", "dell-latitude-3440", "--location", "ict-suite",
            "--serial", "JSON-2", "--purchase-date", "2026-09-01", "--no-interactive")  # fmt: skip
    text = sd(*args)
    assert (text.exit_code, text.stdout) == (0, "RP-00321\n")
    as_json = sd(*args[:9], "JSON-3", *args[10:], "--format", "json")
    assert payload(as_json.stdout, "assets add") == {
        "created": ["RP-00322"],
        "changed": [],
        "files": ["registers/assets.csv"],
        "commit": None,
        "summary": "assets: add RP-00322",
    }
    assert "wrote" in as_json.stderr  # messages stay on stderr


def test_a_failing_json_command_still_prints_a_document(sd) -> None:
    result = sd("assets", "edit", "RP-99999", "--notes", "x", "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert (document["schema_version"], document["command"], document["data"]) == (1, "assets edit", None)
    assert document["error"].startswith("no asset `RP-99999`")
    assert result.stderr.startswith("sd: no asset `RP-99999`")


def test_a_write_naming_100000_ids_is_recorded_at_once() -> None:
    """An import may create and update 100,000 records; naming them must not cost a list scan per id."""
    import time

    from schooldigital.cli.common import Mutation

    change = Mutation(Path("."), False, None)
    new, old = [f"RP-{i:06d}" for i in range(50_000)], [f"RP-{i:06d}" for i in range(50_000, 100_000)]
    started = time.perf_counter()
    change.done([], "import", created=new, changed=[*old, new[0]])
    assert time.perf_counter() - started < 5  # a list scan per id took minutes
    assert (change.created, change.changed) == (new, old)


def test_json_given_in_pieces_is_printed_as_emit_json_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    """`sd assets reconcile` encodes its 100,000 rows itself; the envelope around them is every command's."""
    from schooldigital.cli.output import emit_json, emit_json_pieces

    data = {"devices": 2, "rows": [{"serial": 'Ü"1', "seen": None}, {"serial": "2", "seen": "2026-11-30"}]}
    emit_json(data, "assets reconcile")
    expected = capsys.readouterr().out
    nested = json.dumps(data, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    cut = len(nested) // 2 + 3
    emit_json_pieces([nested[:cut], "", nested[cut:]], "assets reconcile")
    assert capsys.readouterr().out == expected
