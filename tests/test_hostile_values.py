"""Hostile values (issue 12, items 5-7): dates out of range, money forms, formula-like and NUL cells, file-system
failures, Markdown payloads and traversal ids. Each case: a clear error, its exit status, and not one byte of
the school changed."""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from gitrepo import git, git_env, make_repo  # noqa: F401 - git_env is an autouse fixture
from schooldigital.derive import add_days, add_months, notice_deadline

TODAY = "2026-11-22"
ADD = ("assets", "add", "--category", "laptop", "--model", "dell-latitude-3440", "--location", "ict-suite")
IMPORT_HEADER = "Asset Tag,Category,Model,Location,Purchase Date,Purchase Cost,Notes\n"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the school by path, bytes and all (the cache and git's own files aside)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".sd-cache", ".git"} & set(p.relative_to(root).parts)
    }


def refused(result, code: int = 2) -> str:  # type: ignore[no-untyped-def]
    """The stderr of a run that must fail cleanly: the exit status, and never a traceback or internal error."""
    assert result.exit_code == code, result
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result
    return str(result.stderr)


def _set_config(school: Path, extra: str) -> None:
    with (school / "school.yaml").open("a") as fh:
        fh.write(extra)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


# --- dates --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("--purchase-date", "9999-06-01"), "9999-06-01"),
        (("--purchase-date", "1899-12-31"), "1899-12-31"),
        (("--purchase-date", "2099-06-01"), "2099-06-01"),  # inside 1900-2999 but beyond today + 50 years
        (("--set", "last_audit=9999-12-31"), "9999-12-31"),
        (("--set", "eol_date=1989-12-31"), "1989-12-31"),  # before the default earliest, 1990-01-01
    ],
)
def test_add_refuses_dates_out_of_range_issue_12(school: Path, sd, args: tuple[str, ...], shown: str) -> None:
    before = snapshot(school)
    err = refused(sd(*ADD, *args, "--no-interactive"))
    assert "error date-out-of-range" in err and shown in err
    assert "registers/assets.csv:" in err
    assert snapshot(school) == before


def test_edit_refuses_last_audit_9999_issue_12(school: Path, sd) -> None:
    before = snapshot(school)
    err = refused(sd("assets", "edit", "RP-00001", "--set", "last_audit=9999-12-31"))
    assert "date-out-of-range" in err
    assert snapshot(school) == before


@pytest.mark.parametrize("day", ["9999-06-01", "2099-06-01", "1985-01-01"])
def test_import_refuses_dates_out_of_range_at_their_cell_issue_12(school: Path, sd, tmp_path: Path, day: str) -> None:
    file = tmp_path / "in.csv"
    file.write_text(IMPORT_HEADER + f"RP-09001,laptop,dell-latitude-3440,ict-suite,{day},10.00,\n")
    before = snapshot(school)
    err = refused(sd("assets", "import", str(file)))
    assert f"{file}:2:5: error date-out-of-range" in err
    assert snapshot(school) == before


def test_the_date_range_is_configurable_in_school_yaml_issue_12(school: Path, sd) -> None:
    _set_config(school, "dates:\n  earliest: 1980-01-01\n  years_ahead: 100\n")
    assert sd(*ADD, "--purchase-date", "2099-06-01", "--no-interactive").exit_code == 0
    assert sd(*ADD, "--purchase-date", "1985-06-01", "--no-interactive").exit_code == 0
    _set_config(school, "money:\n  decimal: ','\n  thousands: ','\n")
    err = refused(sd("validate"))
    assert "school.yaml" in err and "must differ" in err


def test_a_register_with_year_9999_is_refused_everywhere_never_a_crash_issue_12(school: Path, sd) -> None:
    """A pull request writes 9999 straight into the register: every command says where, none dies."""
    _replace(
        school / "registers/assets.csv",
        "RP-00001,chromebook,acer-c733,loaned,hall,ACE26B524A0001,,room:hall,2019-04-20",
        "RP-00001,chromebook,acer-c733,loaned,hall,ACE26B524A0001,,room:hall,9999-06-01",
    )
    _replace(school / "registers/contracts.yaml", "  end_date: 2029-06-07", "  end_date: 9999-12-31")
    before = snapshot(school)
    err = refused(sd("validate"))
    assert "registers/assets.csv:2:9: error date-out-of-range" in err
    assert "registers/contracts.yaml:" in err
    refused(sd("check", "renewals", "--today", TODAY))
    refused(sd("calendar", "--today", TODAY))
    refused(sd("report", "assets", "--today", TODAY))
    refused(sd("report", "renewals", "--today", TODAY))
    listed = sd("assets", "list", "--today", TODAY)
    assert "internal error" not in listed.stderr and listed.exit_code in (0, 2), listed
    assert snapshot(school) == before


def test_a_school_range_problem_is_reported_at_its_cell_issue_12(school: Path, sd) -> None:
    _replace(school / "registers/assets.csv", "2019-04-20,tts", "2090-04-20,tts")
    err = refused(sd("validate"))
    assert "registers/assets.csv:2:9: error date-out-of-range: `purchase_date`: 2090-04-20 is outside 1990-01-01" in err
    assert "`dates:` in school.yaml" in err


def test_derived_dates_are_safe_at_the_calendar_edges_issue_12() -> None:
    assert add_months(dt.date(9999, 6, 1), 60) == dt.date.max
    assert add_months(dt.date(1, 6, 1), -60) == dt.date.min
    assert add_months(dt.date(2999, 12, 31), 240) == dt.date(3019, 12, 31)
    assert add_days(dt.date.max, 1) == dt.date.max
    assert add_days(dt.date.min, -1) == dt.date.min
    assert notice_deadline(dt.date(1, 1, 1), notice_days=90, notice_months=3) == dt.date.min


@pytest.mark.parametrize("command", [("report", "strategy"), ("assets", "list"), ("report", "leaders")])
def test_a_today_option_outside_the_range_is_a_usage_error_issue_12(sd, command: tuple[str, ...]) -> None:
    assert "is outside 1900-01-01 to 2999-12-31" in refused(sd(*command, "--today", "0001-01-02"))


def test_a_huge_notice_period_is_refused_not_a_crash_issue_12(school: Path, sd) -> None:
    _replace(school / "registers/contracts.yaml", "  notice: 90 days", "  notice: 99999999 months")
    err = refused(sd("check", "renewals", "--today", TODAY))
    assert "registers/contracts.yaml:" in err and "notice" in err


# --- money --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["1e3", "1e999999", "1,50", "689.999", "NaN", "12.3.4"])
def test_add_refuses_money_that_would_be_reread_issue_12(school: Path, sd, amount: str) -> None:
    before = snapshot(school)
    err = refused(sd(*ADD, "--cost", amount, "--no-interactive"))
    assert f"`{amount}` is not an amount like 1,234.50" in err
    assert snapshot(school) == before


def test_thousands_separators_follow_the_default_convention_issue_12(school: Path, sd) -> None:
    assert sd(*ADD, "--cost", "£1,234.50", "--no-interactive").exit_code == 0
    assert ",1234.50," in (school / "registers/assets.csv").read_text()


def test_a_comma_decimal_is_read_only_when_the_school_says_so_issue_12(school: Path, sd) -> None:
    _set_config(school, "money:\n  decimal: ','\n  thousands: '.'\n")
    assert sd(*ADD, "--cost", "1.234,5", "--no-interactive").exit_code == 0
    assert ",1234.50," in (school / "registers/assets.csv").read_text()
    err = refused(sd(*ADD, "--cost", "1,234.50", "--no-interactive"))
    assert "not an amount like 1.234,50" in err


@pytest.mark.parametrize("amount", ["1,50", "689.999", "1e3", "1e999999", "-5"])
def test_import_refuses_money_forms_at_their_cell_issue_12(school: Path, sd, tmp_path: Path, amount: str) -> None:
    file = tmp_path / "in.csv"
    file.write_text(IMPORT_HEADER + f'RP-09001,laptop,dell-latitude-3440,ict-suite,2024-01-01,"{amount}",\n')
    before = snapshot(school)
    err = refused(sd("assets", "import", str(file)))
    assert f"{file}:2:6: error type-invalid: `cost`: `{amount}` is not an amount" in err
    assert snapshot(school) == before


def test_import_reads_a_comma_decimal_when_configured_issue_12(school: Path, sd, tmp_path: Path) -> None:
    _set_config(school, "money:\n  decimal: ','\n  thousands: ''\n")
    file = tmp_path / "in.csv"
    file.write_text(IMPORT_HEADER + 'RP-09001,laptop,dell-latitude-3440,ict-suite,2024-01-01,"1,50",\n')
    assert sd("assets", "import", str(file)).exit_code == 0
    assert (
        "RP-09001,laptop,dell-latitude-3440,,ict-suite,,,,2024-01-01,,,1.50,"
        in (school / "registers/assets.csv").read_text()
    )


@pytest.mark.parametrize("amount", ["1e999999", "1e3", "1,50"])
def test_a_register_with_odd_money_is_an_error_not_a_crash_issue_12(school: Path, sd, amount: str) -> None:
    _replace(school / "registers/assets.csv", "PO2019-307,199.00,", f'PO2019-307,"{amount}",')
    err = refused(sd("validate"))
    assert "registers/assets.csv:2:12: error type-invalid" in err
    refused(sd("check", "renewals", "--today", TODAY))
    refused(sd("report", "assets", "--today", TODAY))


@pytest.mark.parametrize("amount", ["1.5e+3", "4.2e3", ".nan", ".inf"])
def test_a_yaml_amount_with_an_exponent_is_an_error_not_1500_issue_12(school: Path, sd, amount: str) -> None:
    _replace(school / "registers/contracts.yaml", "    amount: 4200.00\n", f"    amount: {amount}\n")
    before = snapshot(school)
    err = refused(sd("validate"))
    assert "registers/contracts.yaml:19:" in err and "is not an amount like 1234.50" in err, err
    refused(sd("check", "renewals", "--today", TODAY))
    assert snapshot(school) == before


# --- formula-like and NUL cells ---------------------------------------------------------------------------


@pytest.mark.parametrize("notes", ['"=HYPERLINK(""http://x"",""y"")"', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3"])
def test_import_refuses_formula_like_cells_issue_12(school: Path, sd, tmp_path: Path, notes: str) -> None:
    file = tmp_path / "in.csv"
    file.write_text(IMPORT_HEADER + f"RP-09001,laptop,dell-latitude-3440,ict-suite,2024-01-01,10.00,{notes}\n")
    before = snapshot(school)
    err = refused(sd("assets", "import", str(file)))
    assert f"{file}:2:7: error formula-like: `notes`:" in err
    assert snapshot(school) == before


def test_import_refuses_nul_bytes_issue_12(school: Path, sd, tmp_path: Path) -> None:
    file = tmp_path / "in.csv"
    file.write_bytes((IMPORT_HEADER + "RP-09001,laptop,dell-latitude-3440,ict-suite,2024-01-01,10.00,a\0b\n").encode())
    before = snapshot(school)
    err = refused(sd("assets", "import", str(file)))
    assert "NUL byte" in err
    assert snapshot(school) == before


@pytest.mark.parametrize("notes", ["=1+1", "@x", "-cmd"])
def test_add_and_edit_refuse_formula_like_text_issue_12(school: Path, sd, notes: str) -> None:
    before = snapshot(school)
    assert "formula" in refused(sd(*ADD, "--notes", notes, "--no-interactive"))
    assert "formula" in refused(sd("contracts", "edit", "c001-broadband-and-filtered", "--set", f"title={notes}"))
    assert snapshot(school) == before


@pytest.mark.parametrize("notes", ["-", "-5", "+44", "spare charger"])
def test_plain_dashes_and_numbers_are_not_formulas_issue_12(school: Path, sd, notes: str) -> None:
    assert sd(*ADD, "--notes", notes, "--no-interactive").exit_code == 0


# --- file-system failures ---------------------------------------------------------------------------------


def test_report_output_to_a_directory_is_one_line_exit_2_issue_12(school: Path, sd, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    err = refused(sd("report", "assets", "--today", TODAY, "-o", str(folder)))
    assert err.strip().count("\n") == 0 and str(folder) in err
    assert list(folder.iterdir()) == []  # no temporary file left behind


@pytest.mark.parametrize(
    "command",
    [
        ("report", "governors", "--today", TODAY),
        ("report", "leaders", "--today", TODAY),
        ("calendar", "--today", TODAY),
        ("survey", "report"),
    ],
)
def test_output_under_a_file_is_one_line_exit_2_issue_12(school: Path, sd, command: tuple[str, ...]) -> None:
    before = snapshot(school)
    target = school / "school.yaml" / "x.html"
    err = refused(sd(*command, "--output" if command[0] != "report" else "-o", str(target)))
    assert "school.yaml" in err and err.count("\n") == 1
    assert snapshot(school) == before


def test_survey_report_output_goes_through_the_atomic_writer_issue_12(school: Path, sd, tmp_path: Path) -> None:
    target = tmp_path / "new" / "dir" / "x.html"
    result = sd("survey", "report", "--format", "html", "--output", str(target))
    assert result.exit_code == 0, result
    assert target.read_text().startswith("<!doctype html>") or "<html" in target.read_text()


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` made unwritable, even for root (CI runs as root, which ignores permission bits): the
    immutable attribute where the file system has one, else plain permissions for an ordinary user."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False).returncode != 0:
        pytest.skip("root, and this file system has no immutable attribute: nothing is read-only to root")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.parametrize("where", ["registers", "."])
def test_read_only_registers_or_root_are_one_line_exit_2_issue_12(school: Path, sd, where: str) -> None:
    folder = (school / where).resolve()
    before = snapshot(school)
    with read_only(folder):
        result = sd(*ADD, "--no-interactive")
    err = refused(result)
    assert "internal error" not in err and err.count("\n") == 1, err
    assert ("Permission denied" in err or "Operation not permitted" in err) and ".tmp" not in err, err
    assert (f"{folder}/.sd-cache:" if where == "." else f"{folder}/assets.csv:") in err, err
    assert snapshot(school) == before


def test_environment_errors_name_the_path_not_the_temporary_file_issue_12() -> None:
    from schooldigital.cli.common import environment_error

    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/s/registers/.assets.csv.ab12cd34.tmp")
    assert environment_error(full).startswith("/s/registers/assets.csv: No space left on device")
    renamed = OSError(errno.EISDIR, os.strerror(errno.EISDIR), "/s/out/.x.ab12cd34.tmp", None, "/s/out/x")
    assert environment_error(renamed).startswith("/s/out/x: Is a directory")


def test_stale_temporaries_are_removed_by_the_next_write_issue_12(school: Path, sd) -> None:
    stale = school / "registers" / ".assets.csv.ab12cd_9.tmp"
    stale.write_text("half a register")
    other = school / "registers" / ".notes.txt"  # not sd's: kept
    other.write_text("mine")
    assert sd(*ADD, "--no-interactive").exit_code == 0
    assert not stale.exists() and other.exists()


def test_temporaries_are_git_ignored_in_new_schools_and_the_demo_issue_12(tmp_path: Path, sd) -> None:
    dest = tmp_path / "oakfield"
    assert (
        sd("init", str(dest), "--name", "Oakfield Primary School", "--urn", "234567", "--phase", "primary").exit_code
        == 0
    )
    assert git(dest, "check-ignore", "registers/.assets.csv.ab12cd34.tmp").strip()
    demo_ignore = Path(__file__).resolve().parents[1] / ".gitignore"
    assert ".*.tmp" in demo_ignore.read_text().splitlines()


# --- Markdown and ids -------------------------------------------------------------------------------------


def test_check_renewals_markdown_escapes_names_issue_12(school: Path, sd) -> None:
    _replace(school / "school.yaml", "name: Riverside Primary School", "name: '<script>alert(1)</script>'")
    _replace(school / "registers/models.yaml", "name: Latitude 3440", "name: '[click](javascript:alert(1))'")
    _replace(school / "registers/contracts.yaml", "title: Broadband and filtered internet", "title: '<b>x</b> | y'")
    result = sd("check", "renewals", "--format", "markdown", "--today", "2029-03-20", "--detail")
    assert result.exit_code == 1, result
    out = result.stdout
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "[click](" not in out and "\\[click\\](javascript" in out
    assert "<b>" not in out and "&lt;b&gt;x&lt;/b&gt; \\| y" in out


@pytest.mark.parametrize("badge_id", ["../../x/sub/y", "../escape", "a/b", ".hidden"])
def test_badges_define_validates_the_id_before_any_file_issue_12(school: Path, sd, badge_id: str) -> None:
    make_repo(school)
    before = snapshot(school)
    outside = school.parent / "x"
    err = refused(sd("badges", "define", badge_id, "--name", "N", "--description", "D", "--criteria", "C"))
    assert "is not a badge id" in err
    assert snapshot(school) == before
    assert not outside.exists() and not (school.parent / "escape.png").exists()
    assert git(school, "status", "--porcelain") == ""


@pytest.mark.parametrize("value", ["/tmp/elsewhere", "../out", "out/../../x"])
def test_school_paths_must_stay_inside_the_repository_issue_12(school: Path, sd, value: str) -> None:
    _replace(school / "school.yaml", "publish_dir: out/badges", f"publish_dir: {value}")
    _set_config(school, "survey:\n  key_file: /etc/passwd\n")
    err = refused(sd("validate"))
    assert "leaders.publish_dir" in err and "survey.key_file" in err
    assert "must be a relative path inside the school repository" in err


def test_round_and_framework_ids_are_checked_before_use_issue_12(school: Path, sd) -> None:
    assert "is not a round id" in refused(sd("survey", "report", "--round", "../../etc"))
    _set_config(school, "survey:\n  framework: ../../../etc/x\n")
    assert "survey.framework" in refused(sd("validate"))


def test_a_badge_image_linked_outside_is_never_published_issue_12(school: Path, sd) -> None:
    image = school / "leaders/badges/technician.png"
    image.unlink()
    image.symlink_to("/etc/passwd")
    (school / ".sd-local").mkdir()
    (school / ".sd-local/recipients.yaml").write_text("dl-2025-01: amira.k@pupils.example.org\n")
    err = refused(sd("badges", "issue"))
    assert "leaders/badges/technician.png: a badge image must be a regular file inside" in err
    assert not (school / "out/badges").exists()  # refused before anything was published


def test_a_lock_timeout_is_one_line_exit_2_issue_12(school: Path, sd, monkeypatch: pytest.MonkeyPatch) -> None:
    from filelock import FileLock

    from schooldigital.store import atomic

    monkeypatch.setattr(atomic, "LOCK_TIMEOUT_S", 0.1)
    (school / ".sd-cache").mkdir()
    before = snapshot(school)
    with FileLock(str(school / ".sd-cache" / "write.lock")):
        err = refused(sd(*ADD, "--no-interactive"))
    assert err.count("\n") == 1 and f"another sd command is writing to {school}" in err
    assert snapshot(school) == before


def test_jobs_import_leaves_out_formula_like_responses_issue_12(school: Path, sd, tmp_path: Path) -> None:
    """Pupils fill in the jobs form: a formula-like answer is reported and left for the next run."""
    export = tmp_path / "responses.csv"
    export.write_text(
        "Timestamp,Email address,Your initials or class,Which room?,What kind of job is it?,What do you need?\n"
        "18/11/2026 08:41:09,w.patel@example.org,WP,class-3a,Setting up equipment,Visualiser not showing\n"
        '18/11/2026 09:00:00,x@example.org,XX,hall,Other,"=HYPERLINK(""http://x"",""help"")"\n'
    )
    result = sd("jobs", "import", str(export), "--profile", "google")
    assert result.exit_code == 1, result
    assert "responses.csv:3: error formula-like: `What do you need?`:" in result.stderr
    assert "1 new job(s)" in result.stderr
    assert "HYPERLINK" not in (school / "leaders/jobs.yaml").read_text()
