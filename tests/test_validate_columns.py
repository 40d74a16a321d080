"""Issue 2: `sd validate` checks the asset CSV by column, without models; the problems must be exactly those of
the model path (load as `Asset` records, then the integrity checks), for the demo school, every problem-code
fixture, and CSVs full of bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from jsonout import payload
from schooldigital.problems import Problem, Source
from schooldigital.store import csvio
from schooldigital.validation import validate_school
from test_problem_codes import FIXTURES, _apply

HEADER = (
    "id,category,model,status,location,serial,assigned_to,purchase_date,supplier,order_ref,cost,funding,"
    "warranty_end,last_audit,disposal_date,disposal_method,disposal_certificate,data_wiped"
)
BAD_ROWS = [
    "RP-09001,laptop,dell-latitude-3440,deployed,ict-suite,SER-1,,2024-01-01,xma,,689.00,,,,,,,",
    "RP-09001,laptop,dell-latitude-3440,deployed,ict-suite, ser-1 ,,2024-01-01,xma,,689.00,,,,,,,",  # dup id, serial
    "RP-09002,laptop,dell-latitude-3440,deployed,ict-suite,none,,2024-01-01,,,,,,,,,,",
    "RP-09003,laptop,dell-latitude-3440,deployed,ict-suite,NONE,,2024-01-01,,,,,,,,,,",
    "RP-09004,laptop,dell-latitude-3440,deployd,ict-suite,,,2024-02-30,xma,,-5,,,,,,,maybe",  # many bad cells
    ",,,,,,,,,,,,,,,,,x",  # every required field empty
    "RP-09005,tablet,dell-latitude-3440,  deployed ,ict-suit,,room:nowhere,2024-01-01,nope,,£1234.50,,,,,,,",
    "RP-09006,laptop,dell-latitude-3440,disposed,ict-suite,,person:nobody,2024-01-01,,,,,,,,,,",
    "RP-09016,laptop,dell-latitude-3440,deployed,ict-suite,,,2024-01-01,,,12.345,,,,,,,",
    "RP-09007,monitor,dell-latitude-3440,disposed,ict-suite,,,2024-01-01,,,,,,,2023-01-01,resale,,",
    "RP-09008,laptop,dell-latitude-3440,in_stock,ict-suite,,class:7A,2024-05-01,,,,,2024-01-01,,2024-06-01,,,yes",
    "RP-09009,laptop,dell-latitude-3440,deployed,ict-suite,,jo@pupils.example.org,2024-01-01,,,,,,,,,,",
    "RP-09019,laptop,dell-latitude-3440,deployed,ict-suite,,class:A123456789012,2024-01-01,,,,,,,,,,",
    "RP 09010,laptop,dell-latitude-3440,deployed,ict-suite,,,24-01-01,,,,,2024-13-01,,,,,",
    "RP-09011,laptop,dell-latitude-3440,deployed,ict-suite,,,,,,,,,,,,,",
    "RP-09012,laptop,dell-latitude-3440,deployed,ict-suite,,,2024-01-01,,,,,,,,,,,extra",  # wrong cell count
    "   ",
    "RP-09013,laptop,dell-latitude-3440,deployed,ict-suite,,,2024-01-01,,,,,,,,,,",
]


def _problems(problems: list[Problem]) -> list[tuple[object, ...]]:
    return sorted((p.source.path, p.source.line, p.source.col, p.code, p.message, str(p.severity)) for p in problems)


def _assert_same(root: Path) -> list[tuple[object, ...]]:
    models = validate_school(root)
    columns = validate_school(root, asset_models=False)
    assert _problems(columns.problems) == _problems(models.problems)
    assert (models.registers is None) == (columns.registers is None)
    if models.registers is not None and columns.registers is not None:
        assert columns.registers.asset_count == models.registers.asset_count == len(models.registers.assets)
        assert columns.registers.written_ids == models.registers.written_ids
    return _problems(models.problems)


def test_demo_school_same_problems_issue_2(school: Path) -> None:
    assert _assert_same(school) == []


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_problem_code_fixture_same_problems_issue_2(fixture: str, school: Path) -> None:
    _apply(FIXTURES / fixture, school)
    _assert_same(school)


def _narrow_demo(school: Path) -> str:
    """The demo's register in HEADER's columns, the width the bad rows are written for."""
    import csv
    import io

    rows = csv.DictReader(io.StringIO((school / "registers" / "assets.csv").read_text()))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, HEADER.split(","), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _write_assets(school: Path, text: str | bytes) -> None:
    path = school / "registers" / "assets.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())


@pytest.mark.parametrize(("plain", "chunk"), [(True, 1 << 20), (True, 300), (False, 1 << 20)])
def test_bad_rows_same_problems_issue_2(plain: bool, chunk: int, school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`plain`: rows the comma-splitting fast path reads; otherwise a blank and a too-wide row send it to `csv`.
    A small `chunk` splits a few rows at a time, so ids and serials are kept cell by cell (repeats and all)."""
    monkeypatch.setattr(csvio, "CHUNK_CHARS", chunk)
    rows = [row for row in BAD_ROWS if row.count(",") == HEADER.count(",")] if plain else BAD_ROWS
    text = _narrow_demo(school) + "\n".join(rows) + "\n"
    assert (csvio._plain_columns(text, HEADER.count(",") + 1) is not None) == plain
    _write_assets(school, text)
    found = {code for *_, code, _, _ in _assert_same(school)}
    assert found >= {"duplicate-id", "duplicate-serial", "choice-invalid", "date-invalid", "value-invalid"}
    assert found >= {"missing-field", "unknown-ref", "disposal-missing", "personal-data", "date-order"}


@pytest.mark.parametrize(
    "header",
    [
        HEADER,
        HEADER + ",Colour",  # unknown column
        HEADER.replace("model,", ""),  # required column missing
        HEADER.replace("funding", "cost"),  # a column twice
        HEADER.replace("funding", ""),  # a column without a name
        HEADER.replace(",order_ref", "") + ",contracts,notes,description,byod",
    ],
)
def test_headers_same_problems_issue_2(header: str, school: Path) -> None:
    width = header.count(",") + 1
    rows = [",".join((row.split(",") + [""] * width)[:width]) for row in BAD_ROWS if row.strip()]
    rows.append("RP-09020,laptop,dell-latitude-3440,deployed,ict-suite,X,,2024-01-01" + "," * (width - 8))
    _write_assets(school, header + "\n" + "\n".join(rows) + "\n")
    _assert_same(school)


def test_list_and_free_text_columns_same_problems_issue_2(school: Path) -> None:
    header = HEADER + ",contracts,notes,description,byod"
    rows = [
        "RP-09021,laptop,dell-latitude-3440,deployed,ict-suite,,,,,,,,,,,,,,ms-365; nope; bad id,,,maybe",
        "RP-09022,laptop,dell-latitude-3440,deployed,ict-suite,,,,,,,,,,,,,,,UPN A123456789012,pupil jo@x.org,",
        "RP-09023,laptop,dell-latitude-3440,deployed,ict-suite,,,,,,,,,,,,,,nope,  ,  ,true",
    ]
    _write_assets(school, header + "\n" + "\n".join(rows) + "\n")
    assert _assert_same(school) != []


@pytest.mark.parametrize(
    "text",
    [
        HEADER + '\nRP-09030,laptop,"dell-latitude-3440",deployed,ict-suite,"a,b",,,,,"£1,234.50",,,,,,,\n',  # quoted
        HEADER + "\r\nRP-09031,laptop,x,deployed,hall" + "," * 13 + "\r\n",  # CRLF
        "\ufeff" + HEADER + "\n\nRP-09032,laptop,x,deployed,hall" + "," * 13 + "\n\n\n",  # BOM, blank lines
        HEADER + "\nRP-09033,laptop,x,deployed,hall" + "," * 13 + '\nRP-09034,"unclosed\n',  # unclosed quote
        HEADER + "\n" + "," * 17 + "\nRP-09035,laptop,x,deployed,hall" + "," * 13,  # blank-looking row, no final LF
    ],
)
def test_csv_shapes_same_problems_issue_2(text: str, school: Path) -> None:
    _write_assets(school, text)
    _assert_same(school)


def test_cp1252_same_problems_issue_2(school: Path) -> None:
    _write_assets(school, (HEADER + "\nRP-09040,laptop,x,deployed,hall,,,,,,£5" + "," * 7 + "\n").encode("cp1252"))
    _assert_same(school)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a,b\n",
        "a,b\n1,2\n\n3,4",
        "a,b\n1,2\n3,4\n5,6\n7,8\n\n",
        "a,b\n1,2\n3,4,5\n6,7\n",
        "a\n1\n2\n\n3\n",
        "a,b\n1, \n ,2\n1,2\n",
        "a,b\r\n1,2\r\n",
        'a,b\n"1\n2",3\n',
        "a,b\n1\n2,3,4\n5,6\n",
        "a\n \n1\n",
        "a,,a\n1,2,3",
    ],
)
@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_read_columns_matches_iter_csv(text: str, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvio, "CHUNK_CHARS", chunk)  # rows split a few at a time, as in a large file
    source = Source("f.csv")
    header, rows, problems = csvio.iter_csv(text, source)
    records = list(rows)
    table, found = csvio.read_columns(text, source)
    assert table.header == header and found == problems
    assert [table.line(i) for i in range(table.rows)] == [r.source.line for r in records]
    by_row = [[column[i] for column in table.columns] for i in range(table.rows)]
    data = [{n: c for n, c in zip(header, cells, strict=True) if c and n in table.seen} for cells in by_row]
    assert data == [r.data for r in records]


def test_yaml_asset_register_same_problems_issue_2(school: Path) -> None:
    """An assets.yaml register is always validated as records; the column checks read its models."""
    (school / "registers" / "assets.csv").unlink()
    (school / "registers" / "assets.yaml").write_text(
        "- {id: RP-1, category: laptop, model: dell-latitude-3440, location: ict-suite, serial: AB1}\n"
        "- {id: RP-1, category: laptop, model: nope, location: ict-suite, serial: ' ab1 ', status: disposed}\n"
        "- {id: RP-2, category: laptp, model: dell-latitude-3440, location: ict-suite}\n"
        "- {id: RP-3, category: av, model: dell-latitude-3440, location: hall, purchase_date: 2024-05-01,\n"
        "   warranty_end: 2024-01-01, disposal_date: 2024-06-01, notes: jo@pupils.example.org}\n"
    )
    found = {code for *_, code, _, _ in _assert_same(school)}
    assert found >= {"duplicate-id", "duplicate-serial", "unknown-ref", "disposal-missing", "date-order"}


def test_console_validate_flushes_before_its_hard_exit_issue_2(school: Path) -> None:
    """Under the console script `sd validate` leaves by os._exit: everything printed must still arrive."""
    import subprocess
    import sys

    _write_assets(school, _narrow_demo(school) + "\n".join(BAD_ROWS) + "\n")
    run = [sys.executable, "-c", "from schooldigital.cli import main; main()", "--root", str(school), "validate"]
    text = subprocess.run(run, capture_output=True, text=True, check=False)
    as_json = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, check=False)
    expected = validate_school(school).problems
    assert text.returncode == as_json.returncode == 2
    # sorted: problems tied on (path, line, col, code) come in set order, which differs between processes
    assert sorted(text.stderr.splitlines()) == sorted(str(p) for p in expected)
    assert sorted(map(str, payload(as_json.stdout))) == sorted(str(p.to_dict()) for p in expected)
