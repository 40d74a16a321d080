"""Issue 17: `sd assets reconcile` with Google Admin, Intune and Jamf exports against the demo school.

The three samples in tests/data/consoles have real header sets (SOURCES.md) and invented rows about the demo's
own devices. Every write is checked in a real git repository with `git diff --numstat`.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from gitrepo import git, git_env, make_repo  # noqa: F401 - git_env is an autouse fixture
from jsonout import payload

DATA = Path(__file__).parent / "data" / "consoles"
ASSETS = "registers/assets.csv"
TODAY = ("--today", "2026-11-30")
PUPIL_EMAIL = "kit.marlowe@pupils.riverside.sch.uk"


def _report(sd, name: str, *args: str) -> tuple[int, dict]:
    result = sd("assets", "reconcile", str(DATA / name), "--format", "json", *TODAY, *args)
    return result.exit_code, payload(result.stdout, "assets reconcile")


def _in_use(school: Path, categories: set[str], models: set[str] | None = None) -> set[str]:
    """In-use assets of the categories, read straight from the CSV: the expected "missing" list before matching."""
    with (school / ASSETS).open() as fh:
        return {
            r["id"]
            for r in csv.DictReader(fh)
            if r["category"] in categories
            and r["status"] in ("deployed", "loaned")
            and (not models or r["model"] in models)
        }


def _pairs(items: list[dict], *keys: str) -> set[tuple]:
    return {tuple(i[k] for k in keys) for i in items}


def test_google_export_lists_issue_17(school: Path, sd) -> None:
    code, report = _report(sd, "google-chrome-devices.csv")
    assert code == 1
    assert report["source"] == "google" and report["console"] == "Google Admin"
    assert (report["devices"], report["matched"]) == (10, 8)
    assert _pairs(report["unregistered"], "line", "serial", "location") == {(10, "5CD2461XYZ", "Library")}
    matched = {"RP-00001", "RP-00008", "RP-00011", "RP-00013", "RP-00014", "RP-00017", "RP-00018"}
    assert {m["asset"] for m in report["missing"]} == _in_use(school, {"chromebook"}) - matched
    assert _pairs(report["stale"], "asset", "days") == {("RP-00013", 121)}
    assert _pairs(report["differences"], "asset", "field", "register", "console") == {
        ("RP-00011", "location", "Classroom 2B", "Library"),
        ("RP-00014", "assignee", "ICT suite", "Hannah Taylor"),  # staff by email through people.yaml
        ("RP-00018", "serial", "LE2950E9AE0018", "LE2950E9AE9999"),  # matched by the Asset ID holding our id
        ("RP-00009", "status", "disposed", "seen on 2026-10-02"),
    }
    assert _pairs(report["security"], "asset", "kind") == {
        ("RP-00001", "end-of-updates"),
        ("RP-00014", "end-of-updates"),
        ("RP-00013", "os-behind"),
    }
    assert _pairs(report["duplicates"], "line", "kept_line") == {(11, 3)}
    eol = {c["asset"]: c["set"].get("eol_date") for c in report["changes"]}
    assert eol["RP-00011"] == "2031-06-01" and eol["RP-00013"] == "2027-07-01"  # 2027-07-01: AUE in epoch ms
    assert eol["RP-00001"] is None  # Jun 2026 is the model's own date: nothing per device


def test_intune_export_lists_issue_17(school: Path, sd) -> None:
    code, report = _report(sd, "intune-devices-with-inventory.csv")
    assert code == 1 and report["source"] == "intune"
    assert _pairs(report["unregistered"], "line", "serial") == {(8, "PF3ABC12"), (9, "To Be Filled By O.E.M.")}
    matched = {"RP-00005", "RP-00026", "RP-00059", "RP-00004", "RP-00012", "RP-00016"}  # RP-00016: leading zero
    assert {m["asset"] for m in report["missing"]} == _in_use(school, {"laptop", "desktop"}) - matched
    assert _pairs(report["stale"], "asset") == {("RP-00012",)}
    assert _pairs(report["differences"], "asset", "field", "register", "console") == {
        ("RP-00026", "assignee", "Zoe Quinn", "Hannah Taylor")
    }
    ends = {(s["asset"], s["date"]) for s in report["security"] if s["kind"] == "end-of-updates"}
    assert ends == {("RP-00059", "2025-10-14"), ("RP-00004", "2025-11-11"), (None, "2026-10-13")}


def test_jamf_export_lists_issue_17(school: Path, sd) -> None:
    code, report = _report(sd, "jamf-mobile-devices.csv")
    assert code == 1 and report["source"] == "jamf"
    assert _pairs(report["unregistered"], "serial", "model") == {("DMPXK0AAJF8J", "iPad (10th generation)")}
    matched = {"RP-00010", "RP-00037", "RP-00048", "RP-00092"}
    apple = _in_use(school, {"tablet", "phone"}, {"ipad-6", "ipad-9", "iphone-se"})
    assert {m["asset"] for m in report["missing"]} == apple - matched
    assert _pairs(report["stale"], "asset", "last_seen") == {("RP-00092", "2026-08-05")}  # Jamf's long date form
    assert _pairs(report["differences"], "asset", "console") == {("RP-00048", "Zoe Quinn")}
    assert {s["asset"] for s in report["security"] if s["kind"] == "end-of-updates"} == {
        "RP-00010",
        "RP-00048",
        "RP-00092",
    }


def test_text_and_markdown_say_the_same_issue_17(sd) -> None:
    text = sd("assets", "reconcile", str(DATA / "jamf-mobile-devices.csv"), *TODAY)
    md = sd("assets", "reconcile", str(DATA / "jamf-mobile-devices.csv"), "--format", "md", *TODAY)
    assert text.exit_code == md.exit_code == 1
    assert "RP-00092 Apple iPad (6th generation), Classroom 3B: last seen 2026-08-05 (117 days)" in text.stdout
    assert md.stdout.startswith("# Jamf export and the asset register")
    assert "## Not seen by the console for more than 60 days (1)" in md.stdout


def test_in_step_exits_0_issue_17(school: Path, sd, tmp_path: Path) -> None:
    export = tmp_path / "one.csv"
    export.write_text("Serial Number,Last Sync,Model,Auto Update Expiration\nLE6041F10E0008,2026-11-27,,2032-06\n")
    result = sd("assets", "reconcile", str(export), "--source", "google", "--stale", "400", *TODAY)
    assert result.exit_code == 1  # the other chromebooks are missing
    (school / ASSETS).write_text(
        "\n".join(
            line
            for line in (school / ASSETS).read_text().splitlines()
            if not line.split(",")[1:2] == ["chromebook"] or line.startswith("RP-00008,")
        )
        + "\n"
    )
    result = sd("assets", "reconcile", str(export), "--source", "google", *TODAY)
    assert result.exit_code == 0, result.stdout
    assert "agree" in result.stdout


def test_apply_sets_end_of_updates_and_changes_only_those_rows_issue_17(school: Path, sd) -> None:
    repo = make_repo(school)
    export = str(DATA / "google-chrome-devices.csv")
    dry = sd("assets", "reconcile", export, "--apply", "--dry-run", *TODAY)
    assert dry.exit_code == 1 and "dry run, nothing written" in dry.stderr
    assert git(repo, "status", "--porcelain") == ""
    applied = sd("assets", "reconcile", export, "--apply", *TODAY)
    assert applied.exit_code == 1, applied.stderr
    numstat = git(repo, "diff", "--numstat").split()
    assert numstat == ["7", "7", ASSETS]  # the seven matched in-use chromebooks, no other row
    rows = {r["id"]: r for r in csv.DictReader((school / ASSETS).open())}
    assert (rows["RP-00013"]["eol_date"], rows["RP-00013"]["eol_source"], rows["RP-00013"]["eol_checked"]) == (
        "2027-07-01",
        "google",
        "2026-11-30",
    )
    assert rows["RP-00011"]["last_seen"] == "2026-11-26" and rows["RP-00001"]["eol_date"] == ""
    git(repo, "commit", "-qam", "reconciled")
    again = sd("assets", "reconcile", export, "--apply", *TODAY)
    assert "no change" in again.stderr and git(repo, "status", "--porcelain") == ""  # a re-run changes nothing


def test_apply_add_missing_uses_the_register_models_and_defaults_issue_17(school: Path, sd) -> None:
    repo = make_repo(school)
    export = str(DATA / "jamf-mobile-devices.csv")
    refused = sd("assets", "reconcile", export, "--apply", "--add-missing", *TODAY)
    assert refused.exit_code == 2
    assert "jamf-mobile-devices.csv:6: error unknown-ref: cannot add serial DMPXK0AAJF8J" in refused.stderr
    assert git(repo, "status", "--porcelain") == ""
    added = sd("assets", "reconcile", export, "--apply", "--add-missing", "--default", "model=ipad-9", *TODAY)
    assert added.exit_code == 1, added.stderr
    assert git(repo, "diff", "--numstat").split() == ["5", "4", ASSETS]  # four updated rows, one new
    new = [r for r in csv.DictReader((school / ASSETS).open()) if r["serial"] == "DMPXK0AAJF8J"]
    assert [(r["model"], r["location"], r["category"], r["last_seen"]) for r in new] == [
        ("ipad-9", "library", "tablet", "2026-11-28")
    ]


def test_a_pupil_email_never_reaches_any_file_issue_17(school: Path, sd, tmp_path: Path) -> None:
    repo = make_repo(school)
    outputs = []
    for name in ("google-chrome-devices.csv", "jamf-mobile-devices.csv"):
        for fmt in ("text", "md", "json"):
            result = sd("assets", "reconcile", str(DATA / name), "--format", fmt, "--apply", *TODAY)
            outputs += [result.stdout, result.stderr]
        git(repo, "commit", "-qam", f"reconciled {name}")
    assert outputs and not any(PUPIL_EMAIL in o or "Kit Marlowe" in o for o in outputs)
    for path in school.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            text = path.read_bytes()
            assert PUPIL_EMAIL.encode() not in text and b"Kit Marlowe" not in text, path
    assert PUPIL_EMAIL not in git(repo, "log", "-p")
    _, report = _report(sd, "google-chrome-devices.csv")
    assert "a pupil account" not in json.dumps(report)  # RP-00017 is a class device: a pupil there is no news


def test_bad_dates_give_file_line_and_exit_2_with_nothing_written_issue_17(school: Path, sd, tmp_path: Path) -> None:
    repo = make_repo(school)
    export = tmp_path / "bad.csv"
    shutil.copy(DATA / "google-chrome-devices.csv", export)
    text = export.read_text().replace("2026-08-01T10:02:11.000Z", "yesterday").replace(",2031-06,", ",2031-13,")
    export.write_text(text)
    result = sd("assets", "reconcile", str(export), "--apply", *TODAY)
    assert result.exit_code == 2
    assert "bad.csv:5:7: error date-invalid: `Last Sync` 'yesterday'" in result.stderr
    assert "bad.csv:4:13: error date-invalid" in result.stderr  # every problem at once
    assert git(repo, "status", "--porcelain") == ""


def test_a_numeric_date_is_never_guessed_day_or_month_first(school: Path, sd, tmp_path: Path) -> None:
    """03/04/2026 could be 3 April or 4 March: the person who exported it says which, with --date-format."""
    export = tmp_path / "numeric.csv"
    text = (DATA / "google-chrome-devices.csv").read_text().replace("2026-11-25T08:14:03.512Z", "03/04/2026")
    export.write_text(text)
    refused = sd("assets", "reconcile", str(export), *TODAY)
    assert refused.exit_code == 2
    assert "numeric.csv:2:7: error date-invalid: `Last Sync` '03/04/2026' could be day/month or month/day" in (
        refused.stderr
    )
    code, report = _report(sd, str(export), "--date-format", "%d/%m/%Y")
    assert code == 1 and report["devices"] == 10


def test_unknown_console_needs_a_profile_issue_17(school: Path, sd, tmp_path: Path) -> None:
    export = tmp_path / "mosyle.csv"
    export.write_text("Device serial,Seen,Place\nAP34FD02F60010,2026-11-25,Library\nZZ1,2026-11-25,Hall\n")
    unknown = sd("assets", "reconcile", str(export), *TODAY)
    assert unknown.exit_code == 2 and "cannot tell which console" in unknown.stderr
    (school / "consoles.yaml").write_text(
        "profiles:\n  mosyle:\n    platforms: [ipados]\n    columns:\n"
        "      Device serial: serial\n      Seen: last_seen\n      Place: location\n"
    )
    code, report = _report(sd, str(export), "--source", "mosyle")
    assert code == 1 and report["source"] == "mosyle" and report["matched"] == 1
    assert _pairs(report["unregistered"], "serial") == {("ZZ1",)}


def test_school_extends_the_os_table_issue_17(school: Path, sd) -> None:
    (school / "consoles.yaml").write_text(
        "os_support:\n  - {os: windows, version: '10.0.19045', name: Windows 10 22H2 with ESU, end: 2028-10-10}\n"
    )
    _, report = _report(sd, "intune-devices-with-inventory.csv")
    assert "RP-00059" not in {s["asset"] for s in report["security"] if s["kind"] == "end-of-updates"}


def test_reconcile_does_not_import_pandas_issue_17() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from typer.testing import CliRunner; from schooldigital.cli import app;"
        f"CliRunner().invoke(app, ['--root', {str(Path(__file__).parents[1])!r}, 'assets', 'reconcile',"
        f"{str(DATA / 'google-chrome-devices.csv')!r}]); print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize(
    "lines",
    [
        "serialNumber,annotatedAssetId,lastSync,autoUpdateExpiration\nLE6041F10E0008,RP-00008,2026-11-27,2032-06\n",
        "SERIAL_NUMBER,AUE\n le6041f10e0008 ,2032-06\n",
    ],
)
def test_google_headers_in_any_spelling_issue_17(lines: str, sd, tmp_path: Path) -> None:
    export = tmp_path / "gam.csv"
    export.write_text(lines)
    _, report = _report(sd, str(export))
    assert report["source"] == "google" and report["matched"] == 1


def test_standards_renewals_and_forecast_read_the_console_date_issue_17(school: Path, sd) -> None:
    def cyber5() -> dict:
        out = json.loads(sd("check", "standards", "--format", "json", *TODAY).stdout)
        found = []

        def walk(node: object) -> None:
            if isinstance(node, dict):
                if node.get("id") == "cyber-5-devices-supported":
                    found.append(node)
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(out)
        return found[0]

    before = cyber5()
    assert "RP-00013" in before["failing"]  # its model's end of support (June 2026) has passed
    assert sd("assets", "reconcile", str(DATA / "google-chrome-devices.csv"), "--apply", *TODAY).exit_code == 1
    after = cyber5()
    assert "RP-00013" not in after["failing"]  # the console says it gets updates until July 2027
    assert "end of updates from the Google Admin export recorded 2026-11-30: RP-00011, RP-00013" in after["evidence"]
    renewals = sd("check", "renewals", "--today", "2027-06-15", "--every", "30", "--detail").stdout
    assert "no security updates after 2027-07-01 (the Google Admin export, recorded 2026-11-30)" in renewals
    strategy = sd("report", "strategy", *TODAY).stdout
    said = "2 devices' end of life is the end of security updates from the Google Admin export, recorded on"
    assert f"{said} 30 November 2026." in strategy


def test_apply_on_a_narrow_register_asks_for_widen_issue_17(school: Path, sd) -> None:
    rows = list(csv.DictReader((school / ASSETS).open()))
    narrow = ["id", "category", "model", "status", "location", "serial"]
    with (school / ASSETS).open("w", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(narrow)
        out.writerows([r[c] for c in narrow] for r in rows)
    before = (school / ASSETS).read_bytes()
    result = sd("assets", "reconcile", str(DATA / "jamf-mobile-devices.csv"), "--apply", *TODAY)
    assert result.exit_code == 2 and "has no `last_seen` column; run `sd assets widen --commit` once" in result.stderr
    assert (school / ASSETS).read_bytes() == before


def test_a_formula_serial_is_never_added_issue_17(school: Path, sd, tmp_path: Path) -> None:
    export = tmp_path / "evil.csv"
    export.write_text(
        'Serial Number,Last Sync,Model,Location\n"=HYPERLINK(""x"")",2026-11-27,Chromebook 311 C733,Hall\n'
    )
    before = (school / ASSETS).read_bytes()
    result = sd("assets", "reconcile", str(export), "--source", "google", "--apply", "--add-missing", *TODAY)
    assert result.exit_code == 2 and "evil.csv:2: error formula-like: serial:" in result.stderr
    assert (school / ASSETS).read_bytes() == before
    shown = sd("assets", "reconcile", str(export), "--source", "google", "--format", "md", *TODAY).stdout
    assert "HYPERLINK" in shown and '"x"' in shown  # reported as text


def test_text_lists_stop_after_1000_and_json_lists_all_issue_17(sd, tmp_path: Path) -> None:
    export = tmp_path / "big.csv"
    export.write_text("Serial Number,Last Sync\n" + "".join(f"NX{i:06d},2026-11-20\n" for i in range(1200)))
    text = sd("assets", "reconcile", str(export), "--source", "google", *TODAY).stdout
    assert "In the console, not in the register: 1200" in text
    assert "  ... stopped after 1,000 (1,200 in all); --format json lists every one" in text
    assert "NX000999" in text and "NX001000" not in text
    _, report = _report(sd, str(export), "--source", "google")
    assert len(report["unregistered"]) == 1200


@pytest.mark.parametrize("kind", ["xlsx", "ods", "semicolons"])
def test_a_workbook_or_semicolon_export_reads_like_the_csv_issue_17(kind: str, sd, tmp_path: Path) -> None:
    from spreadsheets import write_csv, write_ods, write_xlsx

    rows = list(csv.reader((DATA / "jamf-mobile-devices.csv").open(newline="")))
    writers = {
        "xlsx": lambda p: write_xlsx(p.with_suffix(".xlsx"), rows),
        "ods": lambda p: write_ods(p.with_suffix(".ods"), rows),
        "semicolons": lambda p: write_csv(p.with_suffix(".csv"), rows, delimiter=";"),
    }
    export = writers[kind](tmp_path / "jamf")
    _, expected = _report(sd, "jamf-mobile-devices.csv")
    _, report = _report(sd, str(export))
    for key in ("unregistered", "missing", "stale", "differences", "security", "changes"):
        assert report[key] == expected[key], key


def test_a_bad_date_in_a_workbook_names_its_cell_issue_17(sd, tmp_path: Path) -> None:
    from spreadsheets import write_xlsx

    rows = [["Serial Number", "Last Sync"], ["LE6041F10E0008", "2026-11-27"], ["LED6C769CB0011", "soon"]]
    export = write_xlsx(tmp_path / "devices.xlsx", rows, sheet="Devices")
    result = sd("assets", "reconcile", str(export), "--source", "google", *TODAY)
    assert result.exit_code == 2 and "devices.xlsx:Devices!B3: error date-invalid: `Last Sync` 'soon'" in result.stderr


def test_an_export_inside_the_repository_is_warned_about_issue_17(school: Path, sd) -> None:
    inside = school / "google.csv"
    shutil.copy(DATA / "google-chrome-devices.csv", inside)
    result = sd("assets", "reconcile", str(inside), *TODAY)
    assert "google.csv is inside the school's repository" in result.stderr
    assert "inside" not in sd("assets", "reconcile", str(DATA / "google-chrome-devices.csv"), *TODAY).stderr


def test_json_matches_golden_byte_for_byte_issue_17(sd) -> None:
    """The JSON document's keys, order, values and layout, pinned. Set UPDATE_GOLDEN=1 to rewrite the golden
    file after a deliberate change, then review the diff."""
    text = sd("assets", "reconcile", str(DATA / "google-chrome-devices.csv"), "--format", "json", *TODAY).stdout
    golden = Path(__file__).parent / "golden" / "reconcile-google.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text)
    assert text == golden.read_text()


def test_long_lists_are_written_as_json_writes_them_issue_17(sd, tmp_path: Path) -> None:
    """More than 1000 rows go on one line each list, encoded from the report's columns: byte for byte what
    json.dumps writes for the same rows, with non-ASCII text, quotes, backslashes, blanks and yes/no."""
    export = tmp_path / "intune.csv"
    rows = [["Serial number", "Model", "Ownership", "Device state", "Last check-in", "OS", "OS version"]]
    for i in range(1200):
        seen = "" if i % 7 == 0 else f"2026-{1 + i % 11:02d}-20 08:00:00.0000000"
        model = ['Think"Pad \\ L13 – Gen 4', "Surface Laptop Ünï"][i % 2]
        rows.append([f"PFÜ{i:06d}", model, ["Personal", "Corporate"][i % 3 == 0], "Managed", seen, "Windows",
                     "10.0.19045.5131"])  # fmt: skip
    with export.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    result = sd("assets", "reconcile", str(export), "--format", "json", *TODAY)
    report = payload(result.stdout, "assets reconcile")
    assert len(report["unregistered"]) == 1200 and len(report["security"]) >= 1200  # Windows 10: updates ended
    assert {r["personal"] for r in report["unregistered"]} == {True, False}
    assert None in {r["last_seen"] for r in report["unregistered"]}
    for name in ("unregistered", "security"):
        written = json.dumps(report[name], ensure_ascii=False, separators=(", ", ": "))
        assert f'\n    "{name}": {written},\n' in result.stdout
