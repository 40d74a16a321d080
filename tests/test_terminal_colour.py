"""Colour only where wanted (issue 21, item 5) and problems where reviewers look (item 7).

No escape byte with NO_COLOR set or TERM=dumb, even on a terminal (a pseudo-terminal here, as a person has);
GitHub annotation lines and the GitLab Code Quality report in their documented shapes.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from jsonschema import validate as check_schema

from schooldigital.ci_reports import github_annotations, gitlab_code_quality, repository_prefix
from schooldigital.cli import _Sd
from schooldigital.problems import Problem, Severity, Source

ESC = b"\x1b"


def _on_a_terminal(args: list[str], cwd: Path, **env: str) -> tuple[int, bytes]:
    """Run `sd ARGS` with stdin, stdout and stderr on one pseudo-terminal; everything it wrote, and its status."""
    master, slave = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE")}
    environ.update({"TERM": "xterm-256color", "COLUMNS": "120", **env})
    code = "import sys; sys.argv[0] = 'sd'; from schooldigital.cli import main; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=environ
    )
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=60), out


# One of each kind of output: help, a Rich table, records, reports, problems, usage and data errors.
RUNS = [
    ["--help"],
    ["assets", "list", "--category", "server"],
    ["assets", "show", "RP-00005"],
    ["check", "renewals", "--today", "2026-11-22"],
    ["validate"],
    ["assets", "edit", "RP-99999", "--notes", "x"],  # a user error: one line, exit 2
    ["assets", "list", "--format", "xml"],  # a usage error from the parser
    ["report", "assets", "--today", "2026-11-22"],
]


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["NO_COLOR", "TERM=dumb"])
def test_no_escape_byte_on_a_terminal_issue_21(school: Path, env: dict[str, str]) -> None:
    for args in RUNS:
        status, out = _on_a_terminal(["--root", str(school), *args], school, **env)
        assert out, args
        assert ESC not in out, (args, out[:400])


def test_the_table_is_styled_on_a_terminal_without_no_color(school: Path) -> None:
    """The control: the same run on a terminal without NO_COLOR does style, so the test above can fail."""
    _, out = _on_a_terminal(["--root", str(school), "assets", "list", "--category", "server"], school)
    assert ESC in out


def _crash() -> None:
    raise RuntimeError("boom")


@pytest.mark.parametrize(("env", "styled"), [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)])
def test_the_red_internal_error_line_follows_no_color_issue_21(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], styled: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    crashing = typer.Typer(cls=_Sd)
    crashing.command("crash")(_crash)
    crashing.command("other")(_crash)
    master, slave = pty.openpty()
    terminal = os.fdopen(slave, "w", encoding="utf-8")
    monkeypatch.setattr(sys, "stderr", terminal)
    with pytest.raises(SystemExit) as ended:
        crashing(["crash"], prog_name="sd")
    terminal.flush()
    written = os.read(master, 65536)
    terminal.close()
    os.close(master)
    assert ended.value.code == 1
    assert b"sd: internal error: RuntimeError: boom" in written
    assert (ESC in written) is styled


# --- GitHub and GitLab ----------------------------------------------------------------------------------------

# https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands (set an error / a warning):
#   ::error file={name},line={line},col={col},title={title}::{message}
# Property values escape % CR LF : and , as %25 %0D %0A %3A %2C; the message escapes % CR LF.
_PROP = r"(?:[^%\r\n:,]|%25|%0D|%0A|%3A|%2C)+"
_DATA = r"(?:[^%\r\n]|%25|%0D|%0A)*"
GITHUB_LINE = re.compile(
    rf"^::(?P<level>error|warning) (?:file=(?P<file>{_PROP})(?:,line=(?P<line>[1-9]\d*)(?:,col=(?P<col>[1-9]\d*))?)?,)?"
    rf"title=(?P<title>{_PROP})::(?P<message>{_DATA})$"
)
GITHUB_NOTICE = re.compile(rf"^::notice::{_DATA}$")

# https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format: a JSON array of issues, each with
# description, check_name, fingerprint (unique), severity (info|minor|major|critical|blocker), location.path and
# location.lines.begin (an integer).
GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string"},
            "check_name": {"type": "string"},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}

AWKWARD = [
    Problem(Source("registers/a,b:c.csv", 4, 2), "date-invalid", "100% wrong:\nline two, really"),
    Problem(Source("registers/assets.csv", 7), "unknown-ref", "no location `hall`", Severity.WARNING),
    Problem(Source("school.yaml"), "missing-field", "name is required"),
    Problem(Source(""), "check-crashed", "a check failed", Severity.WARNING),
]


def _decode(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_lines_have_the_documented_shape_and_escaping() -> None:
    lines = github_annotations(AWKWARD).splitlines()
    matches = [GITHUB_LINE.match(line) for line in lines]
    assert all(matches), lines
    first, no_line, warning, no_file = matches  # errors first, then warnings
    assert (first["level"], _decode(first["file"]), first["line"], first["col"]) == (
        "error",
        "registers/a,b:c.csv",
        "4",
        "2",
    )
    assert _decode(first["message"]) == "100% wrong:\nline two, really"
    assert _decode(first["title"]) == "sd validate: date-invalid"
    assert (no_line["level"], no_line["line"]) == ("error", None)  # no line: the annotation is on the file
    assert (warning["level"], warning["line"]) == ("warning", "7")
    assert (no_file["file"], _decode(no_file["message"])) == (None, "a check failed")


def test_github_keeps_to_ten_annotations_per_level_and_says_how_many_more() -> None:
    many = [Problem(Source("registers/assets.csv", n), "date-invalid", f"row {n}") for n in range(1, 14)]
    lines = github_annotations(many).splitlines()
    assert len(lines) == 11 and all(GITHUB_LINE.match(line) for line in lines[:10])
    assert GITHUB_NOTICE.match(lines[10]) and "3 more problem(s)" in lines[10]


def test_gitlab_report_has_the_documented_shape() -> None:
    text = gitlab_code_quality([*AWKWARD[:3], AWKWARD[0]])
    assert not text.startswith("\ufeff")
    issues = json.loads(text)
    check_schema(issues, GITLAB_SCHEMA)
    assert [i["severity"] for i in issues] == ["major", "minor", "major", "major"]
    assert len({i["fingerprint"] for i in issues}) == 4  # unique, even for a repeated problem
    assert issues[0]["location"] == {"path": "registers/a,b:c.csv", "lines": {"begin": 4}}
    assert issues[2]["location"]["lines"]["begin"] == 1  # no line known: the top of the file
    assert json.loads(gitlab_code_quality([])) == []


def test_gitlab_fingerprints_stay_when_the_line_moves() -> None:
    moved = Problem(Source("registers/a,b:c.csv", 40, 2), "date-invalid", "100% wrong:\nline two, really")
    assert (
        json.loads(gitlab_code_quality([AWKWARD[0]]))[0]["fingerprint"]
        == (json.loads(gitlab_code_quality([moved]))[0]["fingerprint"])
    )


def test_paths_are_from_the_repository_top(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "schools/oak").mkdir(parents=True)
    assert repository_prefix(tmp_path) == ""
    assert repository_prefix(tmp_path / "schools/oak") == "schools/oak/"
    assert "file=schools/oak/registers/assets.csv," in github_annotations(AWKWARD[1:2], "schools/oak/")


def test_sd_validate_github_and_gitlab_on_a_bad_register(school: Path, sd) -> None:
    assets = school / "registers/assets.csv"
    lines = assets.read_text().splitlines()
    row = next(n for n, line in enumerate(lines) if ",deployed," in line)
    lines[row] = lines[row].replace(",deployed,", ",flying,", 1)
    assets.write_text("\n".join(lines) + "\n")
    text = sd("validate")
    github = sd("validate", "--format", "github")
    gitlab = sd("validate", "--format", "gitlab")
    assert text.exit_code == github.exit_code == gitlab.exit_code == 2
    annotations = github.stdout.splitlines()
    assert annotations and all(GITHUB_LINE.match(a) or GITHUB_NOTICE.match(a) for a in annotations)
    assert annotations[0].startswith(f"::error file=registers/assets.csv,line={row + 1},")
    issues = json.loads(gitlab.stdout)
    check_schema(issues, GITLAB_SCHEMA)
    assert issues[0]["location"] == {"path": "registers/assets.csv", "lines": {"begin": row + 1}}
    assert github.stderr == gitlab.stderr == text.stderr  # the log lists every problem for people


def test_the_ci_templates_put_problems_on_their_lines() -> None:
    from ruamel.yaml import YAML

    from schooldigital.scaffold import SCAFFOLD

    github = YAML(typ="safe").load((SCAFFOLD / "github-workflow.yml").read_text())
    runs = [step.get("run", "") for step in github["jobs"]["check"]["steps"]]
    assert "sd validate --format github" in runs
    gitlab = YAML(typ="safe").load((SCAFFOLD / "gitlab-ci.yml").read_text())["sd-check"]
    assert "sd validate --format gitlab > gl-code-quality-report.json" in gitlab["script"]
    assert gitlab["artifacts"] == {"when": "always", "reports": {"codequality": "gl-code-quality-report.json"}}


@pytest.mark.parametrize(("env", "drawn"), [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)])
def test_progress_bars_only_on_a_terminal_that_allows_them(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], drawn: bool
) -> None:
    """The helper `sd assets reconcile` and the imports share: a bar on stderr at a terminal, else no callback."""
    from schooldigital.cli.output import progress

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with progress(min_total=10) as off_terminal:  # pytest's captured stderr is not a terminal
        assert off_terminal is None
    master, slave = pty.openpty()
    terminal = os.fdopen(slave, "w", encoding="utf-8")
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress(min_total=10) as update:
        assert (update is not None) is drawn
        if update is not None:
            update("few rows", 1, 5)  # under min_total: no bar yet
            update("checking rows", 500, 1000)
    terminal.flush()
    os.set_blocking(master, False)
    try:
        written = os.read(master, 65536)
    except BlockingIOError:
        written = b""
    terminal.close()
    os.close(master)
    assert (b"checking rows" in written) is drawn
    assert b"few rows" not in written


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # set but empty: not a request (no-color.org)
        ({"TERM": "dumb"}, True, False),
        ({"CLICOLOR_FORCE": "1"}, False, True),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),  # NO_COLOR wins
    ],
)
def test_use_colour_is_the_one_decision(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool, expected: bool
) -> None:
    from schooldigital.cli.output import use_colour

    for key in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as terminal, open(os.devnull, "w") as pipe:
        assert use_colour(terminal if tty else pipe) is expected
    os.close(master)


def _every_command_on_a_terminal(school: Path, folder: Path, runs: list[tuple[str, ...]]) -> dict[str, bytes]:
    """Run each command in this process with stdin, stdout and stderr on one pseudo-terminal (so tables are
    Rich tables and progress may draw, as for a person); what each wrote, by its arguments."""
    import threading

    from schooldigital.cli import app

    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO once every copy of the terminal's other end is closed
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out = os.fdopen(os.dup(slave), "w", encoding="utf-8")
    inp = os.fdopen(os.dup(slave), "r", encoding="utf-8")
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = inp, out, out
    try:
        for args in runs:
            try:
                app(["--root", str(school), *args], prog_name="sd", standalone_mode=False)
            except (Exception, SystemExit):  # noqa: BLE001 - usage errors and exits: the output is what counts
                pass
            out.write(f"\n@@end {' '.join(args)}@@\n")
            out.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        out.close()
        inp.close()
        os.close(slave)
        reader.join(timeout=30)
        os.close(master)
    found: dict[str, bytes] = {}
    rest = b"".join(chunks)
    for args in runs:
        marker = f"@@end {' '.join(args)}@@".encode()
        before, _, rest = rest.partition(marker)
        found[" ".join(args)] = before
    return found


def test_every_command_path_on_a_terminal_with_no_color_issue_21(
    school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command (each one `--format json` covers, in text; the documents and reports; errors) with NO_COLOR."""
    from test_output_formats import JSON_RUNS, _fill

    subprocess.run(["git", "init", "-q", str(school)], check=True)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    extra = [
        ("schema", "assets"),
        ("calendar", "--today", "2026-11-22"),
        ("report", "governors", "--today", "2026-11-22"),
        ("report", "leaders", "--today", "2026-11-22"),
        ("badges", "unbake", str(school / "nothing.png")),
        ("survey", "map", str(school / "nothing.csv")),
        ("assets", "list", "--format", "xml"),
        ("nosuchcommand",),
    ]
    runs = [tuple(_fill(a, tmp_path) for a in args) for args in [*JSON_RUNS, *extra]]
    written = _every_command_on_a_terminal(school, tmp_path, runs)
    assert written["assets list --category server"].count(b"RP-") > 1  # the table reached the terminal
    assert {args: out[:300] for args, out in written.items() if ESC in out} == {}


def test_the_in_process_terminal_does_see_styling(school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    written = _every_command_on_a_terminal(school, tmp_path, [("assets", "list", "--category", "server")])
    assert ESC in written["assets list --category server"]


@pytest.mark.parametrize(("env", "drawn"), [({}, True), ({"NO_COLOR": "1"}, False)])
def test_reconcile_shows_it_is_working_on_a_terminal_only(school: Path, env: dict[str, str], drawn: bool) -> None:
    """Issue 21 (5): reconcile can take seconds on a big export; a person at a terminal sees it working."""
    export = Path(__file__).parent / "data" / "consoles" / "google-chrome-devices.csv"
    code, out = _on_a_terminal(["assets", "reconcile", str(export), "--today", "2026-11-30"], school, **env)
    assert code == 1 and b"10 devices, 8 matched" in out
    assert (b"reconciling google-chrome-devices.csv" in out) is drawn
    assert (ESC in out) is drawn
