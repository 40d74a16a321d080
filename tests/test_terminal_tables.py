"""Issue 21 (1): list commands on a terminal show every id and date whole, at 80 and at 120 columns.

Driven on a real pseudo-terminal (the console script, stdin and stdout on the pty, its size set), so
Rich sees what a person's terminal gives it. Piped output is the plain table, unchanged (other tests).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from schooldigital.cli.tables import Col, fit, keys_fit
from terminal import on_terminal

LIST_COMMANDS = [
    ("assets", "list"),
    ("contracts", "list"),
    ("info", "list"),
    ("leaders", "list"),
    ("leaders", "plan", "list"),
    ("leaders", "question", "list"),
    ("jobs", "list"),
]
DATE = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _whole_values(sd, command: tuple[str, ...]) -> list[str]:
    """Every id and date the command lists, read from its CSV output."""
    result = sd(*command, "--format", "csv")
    assert result.exit_code == 0, result
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows, f"the demo school lists nothing for {command}"
    values = [r["id"] for r in rows]
    values += [v for r in rows for v in r.values() if DATE.match(v)]
    return values


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", LIST_COMMANDS, ids=" ".join)
def test_every_id_and_date_is_whole_on_a_terminal(school: Path, sd, command: tuple[str, ...], columns: int) -> None:
    out, err, code = on_terminal(["--root", str(school), *command], columns, school)
    assert code == 0, err
    text = ANSI.sub("", out)
    lines = text.splitlines()
    assert lines and max(len(line) for line in lines) <= columns
    cells = {cell for line in lines for cell in re.split(r"\s{2,}", line.strip())}
    missing = [v for v in _whole_values(sd, command) if v not in cells]
    assert missing == []


def test_columns_left_out_are_named_on_stderr(school: Path) -> None:
    out, err, code = on_terminal(["--root", str(school), "contracts", "list"], 80, school, {"NO_COLOR": "1"})
    assert code == 0
    assert "hidden: title, supplier, type, renewal, period (use --columns or a wider terminal)" in err
    assert "\x1b" not in out + err  # NO_COLOR: neither bold headers nor the dim line
    header = out.splitlines()[0].split()
    assert header == ["id", "status", "end_date", "notice_by", "cost"]


def test_columns_option_chooses_and_orders(school: Path, sd) -> None:
    out, err, code = on_terminal(["--root", str(school), "assets", "list", "--columns", "model,id"], 80, school)
    assert code == 0 and "hidden" not in err
    assert ANSI.sub("", out).splitlines()[1].split() == ["acer-c733", "RP-00001"]
    piped = sd("assets", "list", "--columns", "id,status", "--format", "csv")
    assert piped.stdout.splitlines()[:2] == ["id,status", "RP-00001,loaned"]
    assert sd("contracts", "list", "--columns", "id,titel").exit_code == 2


def test_unknown_column_is_a_user_error_naming_the_choices(sd) -> None:
    result = sd("info", "list", "--columns", "id,ownr")
    assert result.exit_code == 2
    assert "--columns: no column `ownr`" in result.stderr and "did you mean `owner`" in result.stderr
    empty = sd("contracts", "list", "--columns", ",")
    assert empty.exit_code == 2 and "--columns names no column; columns: id, title," in empty.stderr


def test_fit_drops_the_last_text_column_first_and_never_narrows_a_key() -> None:
    cols = [
        Col("id", ["RP-00001"], True, 8, 8),
        Col("title", ["a long title here"], False, 17, 12),
        Col("notes", ["some notes"], False, 10, 10),
        Col("date", ["2026-01-01"], True, 10, 10),
    ]
    shown, widths, hidden = fit(cols, 36)
    assert [c.name for c in shown] == ["id", "title", "date"] and hidden == ["notes"]
    assert widths == {"id": 8, "title": 14, "date": 10}
    shown, widths, hidden = fit(cols, 20)  # keys alone, whole
    assert hidden == ["title", "notes"] and widths == {"id": 8, "date": 10}
    assert keys_fit(cols, 20) and not keys_fit(cols, 19)


def test_a_terminal_too_narrow_for_the_keys_shows_each_row_as_a_record(school: Path, sd) -> None:
    out, err, code = on_terminal(["--root", str(school), "contracts", "list"], 60, school, {"NO_COLOR": "1"})
    assert code == 0
    assert "shown as records: the table is wider than the terminal" in err
    lines = out.splitlines()
    assert lines and max(map(len, lines)) <= 60
    pairs = [re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in lines if line.strip()]
    expected = list(csv.DictReader(io.StringIO(sd("contracts", "list", "--format", "csv").stdout)))
    assert [v for k, v in pairs if k == "id"] == [r["id"] for r in expected]
    assert [v for k, v in pairs if k == "end_date"] == [r["end_date"] or "-" for r in expected]


def test_wide_characters_count_as_two_cells(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rich.cells import cell_len

    from schooldigital.cli.tables import print_table

    monkeypatch.setenv("NO_COLOR", "1")
    rows = [{"id": "IA-0001", "name": "学校の生徒記録と出席簿の保管場所", "next_review": "2027-01-31"}]  # 32 cells
    monkeypatch.setenv("COLUMNS", "60")  # room for the name on one line: it is not wrapped
    print_table(["id", "name", "next_review"], rows)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].split() == ["IA-0001", rows[0]["name"], "2027-01-31"]
    monkeypatch.setenv("COLUMNS", "40")  # no room: the name wraps, the table stays within the terminal
    print_table(["id", "name", "next_review"], rows)
    lines = capsys.readouterr().out.splitlines()
    assert max(cell_len(line) for line in lines) <= 40
    assert lines[1].split()[0] == "IA-0001" and lines[1].split()[-1] == "2027-01-31"
