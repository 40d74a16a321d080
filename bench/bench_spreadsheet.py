"""Time `sd assets import BOOK.xlsx --dry-run` on a 100,000-row workbook against python-calamine reading it.

    .venv/bin/python bench/bench_spreadsheet.py [--rows 100000] [--rounds 3]

Writes the workbook once with openpyxl (the bench extra) into a temp folder: 10 columns of text (inline
strings, as openpyxl writes them), real date cells and `"£"#,##0.00` money, under a title row, as a school
keeps its register. Then runs rounds that each run, in fresh processes and one after another (so a busy
machine slows them alike), and prints medians and each command's median ratio to the floor:
- the floor: python-calamine opening the workbook and iterating every row of the sheet, nothing else;
- sd's reader alone (`tabular.read_table`): type detection, the zip checks and sheet pre-scan, the read, header
  finding and every row as a text record;
- `sd assets import` as a dry run: type detection, the zip checks and sheet pre-scan, reading, header finding,
  and every row converted, resolved and validated against the whole school;
- the same import of the same rows saved as a UTF-8 CSV (the text path must not get slower);
- sd's start-up as far as the import command (`sd assets import --help`), and bare Python's.
Start-up plus the reader alone is what sd spends before it checks any row: the last line sets it against the
target, which is what the rows' conversion, merge and validation have left.
Target (issue 20): the import <= 1.5x the floor. Each figure is wall time and, beside it, the CPU time of the
process (user + system), which other work on a shared machine disturbs less.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FLOOR = (
    "import sys, python_calamine as c; "
    "list(c.CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).iter_rows())"
)
READER = "import sys, pathlib; from schooldigital.tabular import read_table; read_table(pathlib.Path(sys.argv[1]), 'a')"


def write_book(path: Path, rows: int) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Assets")
    sheet.append(["Riverside Primary asset register 2026"])
    sheet.append([])
    sheet.append(
        ["Serial", "Model", "Category", "Location", "Status", "Purchase Date", "Purchase Cost"]
        + ["Order Number", "Notes", "Warranty Expires"]
    )
    locations = ["hall", "ict-suite", "library", "class-3a"]
    start = dt.date(2020, 1, 1)
    for i in range(rows):
        bought = start + dt.timedelta(days=i % 1500)
        date_cell = WriteOnlyCell(sheet, bought)
        date_cell.number_format = "dd/mm/yyyy"
        cost = WriteOnlyCell(sheet, 250.0 + (i % 400) * 1.25)
        cost.number_format = '"£"#,##0.00'
        end = WriteOnlyCell(sheet, bought + dt.timedelta(days=1095))
        end.number_format = "dd/mm/yyyy"
        note = "spare charger\nin cupboard" if i % 50 == 0 else None
        row = [f"SN{i:07d}", "dell-latitude-3440", "laptop", locations[i % 4], "deployed", date_cell, cost]
        sheet.append(row + [f"PO-{i % 900:04d}", note, end])
    book.save(path)


def make_school(folder: Path) -> Path:
    root = folder / "school"
    root.mkdir()
    for part in ("school.yaml", "registers", "leaders", "surveys"):
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, root / part)
        elif src.exists():
            shutil.copy2(src, root / part)
    return root


def write_csv(book: Path, path: Path) -> None:
    """The workbook's rows from its header on (a text file's header is its first line), as Excel's "CSV UTF-8"
    would save them: dates as ISO, amounts as plain decimals."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_index(0).to_python()
    rows = rows[next(i for i, row in enumerate(rows) if sum(1 for v in row if v != "") > 1) :]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        for row in rows:
            writer.writerow(
                [v.isoformat() if isinstance(v, dt.date) else f"{v:g}" if isinstance(v, float) else v for v in row]
            )


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd[:6])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = folder / "assets.xlsx"
        started = time.perf_counter()
        write_book(book, args.rows)
        print(f"wrote {args.rows:,} rows: {book.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.0f} s")
        text = folder / "assets.csv"
        write_csv(book, text)
        school = make_school(folder)
        run = [sys.executable, "-m", "schooldigital", "--root", str(school), "assets", "import"]
        commands = {
            "python-calamine read": [sys.executable, "-c", FLOOR, str(book)],
            "sd's reader (read_table)": [sys.executable, "-c", READER, str(book)],
            "sd assets import --dry-run": [*run, str(book), "--dry-run"],
            "the same rows as CSV": [*run, str(text), "--dry-run"],
            "sd start-up": [*run, "--help"],
            "bare Python": [sys.executable, "-c", "pass"],
        }
        # Rounds interleave the commands, so a busy machine slows each about as much; ratios are per round.
        rounds = [{label: timed(cmd) for label, cmd in commands.items()} for _ in range(args.rounds)]
    for label in commands:
        wall = statistics.median(r[label][0] for r in rounds)
        cpu = statistics.median(r[label][1] for r in rounds)
        line = f"{label:27} {wall:6.2f} s wall {cpu:6.2f} s CPU"
        if label != "python-calamine read":
            walls = statistics.median(r[label][0] / r["python-calamine read"][0] for r in rounds)
            cpus = statistics.median(r[label][1] / r["python-calamine read"][1] for r in rounds)
            line += f"  = {walls:.2f}x the read (CPU {cpus:.2f}x)"
        print(line)
    print("target (issue 20): sd assets import --dry-run <= 1.50x the read; the CSV import is the text path's figure")
    before = [r["sd start-up"][0] - r["bare Python"][0] + r["sd's reader (read_table)"][0] for r in rounds]
    ratio = statistics.median(b / r["python-calamine read"][0] for b, r in zip(before, rounds, strict=True))
    left = statistics.median(1.5 * r["python-calamine read"][0] - b for b, r in zip(before, rounds, strict=True))
    print(f"start-up + reader, no row checked yet: {statistics.median(before):.2f} s = {ratio:.2f}x the read;")
    print(f"the 1.5x target leaves {left:.2f} s to convert, merge and validate all {args.rows:,} rows")


if __name__ == "__main__":
    main()
