"""Every `--date-format` is checked once, up front, by `schooldigital.dateformats`: a format that cannot read dates
is refused in one line, exit 2, before a file is read or written, even when the file's dates are all ISO (which
never reach strptime, so a typo used to pass without a word)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gitrepo import git, git_env, make_repo  # noqa: F401 - git_env is an autouse fixture
from schooldigital.dateformats import format_problem

CONSOLES = Path(__file__).parent / "data" / "consoles"
EXPECTED = "expected a strptime format such as %d/%m/%Y"
REFUSED = {
    "%Q": "strptime cannot read it ('Q' is a bad directive)",
    "hello": "it does not say the day, month and year (e.g. %d, %m, %Y)",
    "%d/%m": "it does not say the year (e.g. %d, %m, %Y)",
    "%d/12/%Y": "it does not say the month (e.g. %d, %m, %Y)",
    "%d/%d/%Y": "it gives a part twice",
    "%d/%m/%Y%": "strptime cannot read it (stray %)",
    "": "it does not say the day, month and year (e.g. %d, %m, %Y)",
}


@pytest.mark.parametrize("fmt", ["%d/%m/%Y", "%m/%d/%y", "%Y-%m-%d", "%m/%d/%Y %H:%M:%S", "%d %b %Y", "%Y%m%d"])
def test_formats_that_read_back_their_own_dates_are_accepted(fmt: str) -> None:
    assert format_problem(fmt) is None
    assert dt.datetime.strptime(dt.date(2026, 12, 31).strftime(fmt), fmt).date() == dt.date(2026, 12, 31)


@pytest.mark.parametrize(("fmt", "reason"), REFUSED.items())
def test_formats_that_cannot_read_a_date_say_why(fmt: str, reason: str) -> None:
    assert format_problem(fmt) == reason


def _imports(tmp_path: Path) -> dict[str, tuple[str, ...]]:
    """Commands whose files hold only ISO dates: each imports or reconciles with a good --date-format."""
    assets = tmp_path / "assets.csv"
    assets.write_text(
        "Asset Tag,Serial,Model,Category,Location,Purchase Date,Purchase Cost,Supplier\n"
        "RP-01002,SN-A2,dell-latitude-3440,laptop,ict-suite,2025-04-13,689.00,xma\n"
    )
    licences = tmp_path / "licences.csv"
    licences.write_text(
        "Name,Seats,Supplier,Purchase Date,Expiration Date,Purchase Cost\n"
        "Maths Whizz,120,XMA Ltd,2026-09-01,2027-08-31,1200.00\n"
    )
    defaults = ("--default", "owner=htay", "--default", "renewal=manual", "--default", "type=saas_service")
    export = str(CONSOLES / "google-chrome-devices.csv")
    return {
        "assets import": ("assets", "import", str(assets)),
        "contracts import": ("contracts", "import", str(licences), *defaults),
        "assets reconcile": ("assets", "reconcile", export, "--apply", "--today", "2026-11-30"),
    }


@pytest.mark.parametrize("command", ["assets import", "contracts import", "assets reconcile"])
@pytest.mark.parametrize("fmt", ["%Q", "hello"])
def test_a_bad_date_format_is_refused_once_and_nothing_is_written(
    command: str, fmt: str, school: Path, sd, tmp_path: Path
) -> None:
    repo = make_repo(school)
    args = _imports(tmp_path)[command]

    refused = sd(*args, "--date-format", fmt)

    assert refused.exit_code == 2, refused
    assert refused.stderr.splitlines() == [f"sd: --date-format {fmt!r}: {REFUSED[fmt]}; {EXPECTED}"]
    assert refused.stdout == ""
    assert git(repo, "status", "--porcelain") == ""
    # the same files with a usable format are read and written: the refusal was the format's alone
    accepted = sd(*args, "--date-format", "%d/%m/%Y")
    assert accepted.exit_code in (0, 1), accepted
    assert git(repo, "status", "--porcelain") != ""


def test_survey_and_info_imports_refuse_it_before_reading_the_file(school: Path, sd, tmp_path: Path) -> None:
    missing = tmp_path / "not-there.csv"  # the option is refused before the file is even looked for
    for args in (("survey", "import", str(missing), "--round", "r1"), ("info", "import", str(CONSOLES / "x.csv"))):
        refused = sd(*args, "--date-format", "%Q")
        assert refused.exit_code == 2
        assert refused.stderr.splitlines() == [f"sd: --date-format '%Q': {REFUSED['%Q']}; {EXPECTED}"]


def test_a_survey_mapping_files_date_format_is_checked_the_same_way(school: Path, sd) -> None:
    mapping = school / "surveys/mappings/riverside-google.yaml"
    mapping.write_text(mapping.read_text().replace('date_format: "%d/%m/%Y %H:%M:%S"', 'date_format: "%d/%m/%Q"'))

    result = sd("validate")

    assert result.exit_code == 2
    assert (
        "surveys/mappings/riverside-google.yaml:9:1: error value-invalid: `date_format`: '%d/%m/%Q': "
        f"{REFUSED['%Q']}; {EXPECTED}"
    ) in result.stderr


def test_the_schools_prompt_date_format_is_checked_the_same_way(school: Path, sd) -> None:
    """school.yaml's `date_format` reads what people type at the prompts: a broken one is a located problem."""
    config = school / "school.yaml"
    text = config.read_text()
    line = text[: text.index('date_format: "%d/%m/%Y"')].count("\n") + 1
    config.write_text(text.replace('date_format: "%d/%m/%Y"', 'date_format: "%d/%Q"'))

    result = sd("validate")

    assert result.exit_code == 2
    message = f"`date_format`: '%d/%Q': {REFUSED['%Q']}; {EXPECTED}"
    assert f"school.yaml:{line}:1: error value-invalid: {message}" in result.stderr
