"""`sd assets|contracts|info`: exact exit codes and output through Typer's runner, JSON parity, prompts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from jsonout import payload
from schooldigital import listcolumns, listing
from schooldigital.registers import load_registers

TODAY = "2026-11-22"
ADD = ("assets", "add", "--category", "laptop", "--model", "dell-latitude-3440", "--location", "hall")


def test_assets_add_by_flags_prints_the_new_id(school: Path, sd) -> None:
    result = sd(*ADD, "--serial", "SN-1", "--no-interactive")
    assert (result.exit_code, result.stdout) == (0, "RP-00321\n")
    assert result.stderr == f"wrote {school / 'registers/assets.csv'}\n"
    assert "RP-00321,laptop,dell-latitude-3440,deployed,hall,SN-1" in (school / "registers/assets.csv").read_text()


def test_assets_add_invalid_exits_2_with_located_problem_and_writes_nothing(school: Path, sd) -> None:
    before = (school / "registers/assets.csv").read_bytes()
    result = sd("assets", "add", "--category", "laptop", "--model", "dell-latitude-3440", "--location", "hal")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "registers/assets.csv:322:5: error unknown-ref: `location`: no location `hal` (did you mean `hall`?); "
        "add it to registers/locations.yaml first\nsd: nothing was written: 1 problem(s) found\n"
    )
    assert (school / "registers/assets.csv").read_bytes() == before


def test_assets_add_interactive_prompts_with_choices_and_defaults(school: Path, sd) -> None:
    # category typo is re-asked; status and purchase date take their defaults; optional ones left empty
    answers = ["laptp", "laptop", "dell-latitude-3440", "ict-suite", "", "SN-77", "person:htay", "", "", ""]
    result = sd("assets", "add", "--interactive", "--today", TODAY, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result
    assert result.stdout.strip().splitlines()[-1] == "RP-00321"
    assert "Category (laptop, desktop" in result.stderr  # prompts are messages: stdout is the new id
    assert "`laptp` is not one of" in result.stderr and "did you mean `laptop`" in result.stderr
    row = (school / "registers/assets.csv").read_text().splitlines()[-1]
    assert row.startswith("RP-00321,laptop,dell-latitude-3440,deployed,ict-suite,SN-77,,person:htay,2026-11-22,")


def test_assets_add_interactive_checks_each_answer_and_asks_again_issue_18(school: Path, sd) -> None:
    answers = [
        "laptop",
        "Latitude 9999",  # no such model: asked again
        "Dell Latitude 3440",  # a model's name, as import accepts it
        "ICT suite",  # a location's name
        "",  # status: the default
        "SN-78",
        "Tom Robert",  # nobody: asked again
        "Tom Roberts",
        "31/02/2025",  # no such day: asked again
        "03/09/2025",  # the school's date_format (day first)
        "",  # supplier: none
        "lots",  # not an amount: asked again
        "£689",
    ]
    result = sd("assets", "add", "--interactive", "--today", TODAY, input="\n".join(answers) + "\n")

    assert result.exit_code == 0, result
    assert "no model `Latitude 9999` in registers/models.yaml" in result.stderr
    assert "`Tom Robert` is no person or room in the registers" in result.stderr
    assert "`31/02/2025` is not a date; write it as 2026-09-03 or 03/09/2026" in result.stderr
    assert "`lots` is not an amount" in result.stderr
    row = (school / "registers/assets.csv").read_text().splitlines()[-1].split(",")
    assert row[:12] == [
        "RP-00321", "laptop", "dell-latitude-3440", "deployed", "ict-suite", "SN-78", "", "person:trob",
        "2025-09-03", "", "", "689.00",
    ]  # fmt: skip


def test_assets_add_interactive_end_of_input_writes_nothing_and_exits_2_issue_18(school: Path, sd) -> None:
    before = (school / "registers/assets.csv").read_bytes()

    result = sd("assets", "add", "--interactive", input="laptop\ndell-latitude-3440\n")

    assert result.exit_code == 2, result
    assert "sd: input ended at `location`; nothing was written" in result.stderr
    assert "Aborted" not in result.stderr + result.stdout
    assert (school / "registers/assets.csv").read_bytes() == before


def test_assets_edit_and_unknown_field(school: Path, sd) -> None:
    result = sd("assets", "edit", "RP-00005", "--location", "class-3a", "--set", "notes=by the window")
    assert (result.exit_code, result.stdout) == (0, "")
    bad = sd("assets", "edit", "RP-00005", "--set", "locaton=hall")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("sd: assets have no field `locaton` (did you mean `location`?)")
    missing = sd("assets", "edit", "RP-99999", "--set", "notes=x")
    assert missing.exit_code == 2 and missing.stderr.startswith("sd: no asset `RP-99999`")
    shown = payload(sd("assets", "show", "RP-00005", "--format", "json", "--today", TODAY).stdout)
    assert shown["location"] == "class-3a" and shown["notes"] == "by the window"


def test_assets_dispose_refuses_without_evidence(school: Path, sd) -> None:
    refused = sd("assets", "dispose", "RP-00005", "--method", "weee_contractor")
    assert refused.exit_code == 2
    assert "--data-wiped and --certificate REF" in refused.stderr
    ok = sd(
        "assets", "dispose", "RP-00005", "--method", "weee_contractor", "--data-wiped", "--certificate", "W-9",
        "--date", "2026-11-20",
    )  # fmt: skip
    assert ok.exit_code == 0, ok
    shown = payload(sd("assets", "show", "RP-00005", "--format", "json").stdout)
    assert (shown["status"], shown["disposal_date"], shown["data_wiped"]) == ("disposed", "2026-11-20", True)


def test_assets_list_filters_and_json_parity(school: Path, sd) -> None:
    result = sd("assets", "list", "--category", "server", "--due-before", "2028-06-01", "--format", "json",
                "--today", TODAY)  # fmt: skip
    assert result.exit_code == 0
    regs, _ = load_registers(school)
    flt = listing.AssetFilter(categories=["server"], due_before=dt.date(2028, 6, 1))
    expected = listing.asset_rows(regs, flt, dt.date(2026, 11, 22))
    assert payload(result.stdout) == json.loads(json.dumps(expected, default=str))
    assert [r["id"] for r in expected] == ["RP-00061", "RP-00130", "RP-00166", "RP-00167"]


def test_assets_list_plain_table_and_safe_csv(school: Path, sd) -> None:
    table = sd("assets", "list", "--category", "server", "--location", "server-room", "--status", "deployed",
               "--assigned-to", "server-room", "--today", TODAY)  # fmt: skip
    lines = table.stdout.splitlines()
    assert lines[0].split() == list(listcolumns.ASSET_COLUMNS)
    assert len(lines) == 8 and lines[1].startswith("RP-00046  server    dell-r350  deployed  server-room")
    sd("assets", "edit", "RP-00046", "--set", "assigned_to=", "--set", "notes=x")
    path = school / "registers/assets.csv"
    path.write_text(path.read_text().replace(",dell-r350,", ",=cmd(),", 0))
    csv_out = sd("assets", "list", "--model", "dell-r350", "--format", "csv", "--today", TODAY).stdout
    assert csv_out.splitlines()[0] == ",".join(listcolumns.ASSET_COLUMNS)
    assert (
        csv_out.splitlines()[1]
        == "RP-00046,server,dell-r350,deployed,server-room,,2024-06-30,2 years 4 months,2030-05-31,2029-06-30"
    )


def test_csv_export_defuses_formulas(school: Path, sd) -> None:
    # `sd contracts edit` refuses such a title (issue 12); a hand-edited register can still hold one.
    path = school / "registers" / "contracts.yaml"
    text = path.read_text()
    path.write_text(text.replace("title: Broadband and filtered internet", "title: '=HYPERLINK(1)'", 1))
    out = sd("contracts", "list", "--type", "connectivity", "--format", "csv").stdout
    assert "'=HYPERLINK(1)" in out


def test_assets_show_prints_every_field_and_derived_values(sd) -> None:
    result = sd("assets", "show", "RP-00046", "--today", TODAY)
    assert result.exit_code == 0
    lines = dict(
        line.split(None, 1) if len(line.split(None, 1)) == 2 else (line, "") for line in result.stdout.splitlines()
    )
    assert lines["age"] == "2 years 4 months"
    assert lines["end_of_life"] == "2030-05-31"  # purchase + 72 months, capped by the model's end of support
    assert lines["next_audit"] == "2026-11-19"
    assert lines["description"] == "-" and lines["past_end_of_life"] == "no"
    assert sd("assets", "show", "RP-0046").exit_code == 2


def test_assets_summary(sd) -> None:
    result = sd("assets", "summary", "--today", TODAY, "--format", "json")
    data = payload(result.stdout)
    assert result.exit_code == 0 and data["assets"] == 320 and data["year"] == 2026
    assert sum(data["by_status"].values()) == 320
    text = sd("assets", "summary", "--today", TODAY).stdout.splitlines()
    assert text[0].endswith(f"320 assets, {data['in_use']} in use")
    assert text[-1] == f"disposed in 2026: {data['disposed_this_year']}"


def test_contracts_add_edit_end_list_show(school: Path, sd) -> None:
    add = sd("contracts", "add", "--title", "Maths app", "--supplier", "ldc", "--type", "approved_app", "--owner",
             "htay", "--start", "2026-09-01", "--end", "2027-08-31", "--renewal", "manual", "--amount", "300",
             "--no-interactive")  # fmt: skip
    assert (add.exit_code, add.stdout) == (0, "c041-maths-app\n")
    assert sd("contracts", "edit", "c041-maths-app", "--end", "2027-09-30").exit_code == 0
    end = sd("contracts", "end", "c041-maths-app", "--decision", "notice_given")
    assert end.exit_code == 0, end
    shown = payload(sd("contracts", "show", "c041-maths-app", "--format", "json").stdout)
    assert (shown["status"], shown["end_date"]) == ("notice_given", "2027-09-30")
    assert "  cost:\n    amount: 300.00\n" in (school / "registers/contracts.yaml").read_text()
    listed = sd("contracts", "list", "--status", "notice_given", "--format", "json").stdout
    assert [r["id"] for r in payload(listed)] == ["c041-maths-app"]
    ending = payload(sd("contracts", "list", "--ending-before", "2026-11-30", "--format", "json").stdout)
    assert ending and all(r["end_date"] <= "2026-11-30" for r in ending)
    bad = sd("contracts", "end", "c041-maths-app", "--decision", "renewing", "--on", "2028-01-01")
    assert bad.exit_code == 2 and "sd: a renewal has no end date yet" in bad.stderr


def test_info_add_edit_list_show(school: Path, sd) -> None:
    add = sd("info", "add", "--name", "Visitor log", "--owner", "dkha", "--format", "paper", "--systems",
             "reception book", "--no-personal-data", "--purposes", "site safety", "--retention", "6 years",
             "--security", "locked office", "--last-reviewed", "2026-11-01", "--no-interactive")  # fmt: skip
    assert (add.exit_code, add.stdout) == (0, "ia026\n"), add
    assert sd("info", "edit", "ia026", "--risk", "low").exit_code == 0
    shown = payload(sd("info", "show", "ia026", "--format", "json").stdout)
    assert (shown["risk"], shown["next_review"]) == ("low", "2027-11-01")
    listed = payload(sd("info", "list", "--owner", "dkha", "--no-personal-data", "--format", "json").stdout)
    assert [r["id"] for r in listed] == ["ia026"]
    invalid = sd("info", "add", "--name", "X", "--owner", "dkha", "--format", "paper", "--no-interactive")
    assert invalid.exit_code == 2 and "sd: nothing was written" in invalid.stderr


def test_info_add_interactive(school: Path, sd) -> None:
    answers = ["Clubs list", "dkha", "", "arbor", "", "pupils", "public_task", "running clubs", "1 year", "MFA", ""]
    result = sd("info", "add", "--interactive", "--today", TODAY, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result
    assert result.stdout.splitlines()[-1] == "ia026"
    assert "- id: ia026\n  name: Clubs list\n" in (school / "registers/information-assets.yaml").read_text()


def test_assets_dispose_clears_the_assignment_issue_18(school: Path, sd) -> None:
    args = ("assets", "dispose", "RP-00005", "--method", "weee_contractor", "--data-wiped", "--certificate", "W-9")
    assert sd(*args).exit_code == 0
    shown = payload(sd("assets", "show", "RP-00005", "--format", "json").stdout)
    assert (shown["status"], shown["assigned_to"], shown["disposal_certificate"]) == ("disposed", None, "W-9")


def test_assets_add_interactive_failure_prints_the_answers_as_a_command_issue_18(school: Path, sd) -> None:
    answers = ["laptop", "dell-latitude-3440", "hall", "", "SN-79", "", "", "", ""]
    result = sd("assets", "add", "--interactive", "--id", "RP-00001", "--today", TODAY, input="\n".join(answers) + "\n")

    assert result.exit_code == 2, result
    assert "asset `RP-00001` already exists" in result.stderr
    assert (
        "your answers as a command, to correct and run again:\n  sd assets add --set category=laptop "
        "--set model=dell-latitude-3440 --set location=hall --set status=deployed --set serial=SN-79 "
        "--set purchase_date=2026-11-22\n"
    ) in result.stderr
