"""Time `sd assets import BOOK.xlsx --dry-run` on a 100,000-row workbook against python-calamine reading it.

    .venv/bin/python bench/bench_spreadsheet.py [--rows 100000]

Writes the workbook once with openpyxl (the bench extra) into a temp folder: 10 columns of text, shared
strings, real date cells and `"£"#,##0.00` money, under a title row, as a school keeps its register. Then
runs, each in a fresh process, median of 3:
- the floor: python-calamine opening the workbook and iterating every row of the sheet, nothing else;
- sd's reader alone (`tabular.read_table`): type detection, the zip checks and sheet pre-scan, the read, header
  finding and every row as a text record;
- `sd assets import` as a dry run: type detection, the zip checks and sheet pre-scan, reading, header finding,
  and every row converted, resolved and validated against the whole school.
Target (issue 20): the import <= 1.5x the floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def median_run(cmd: list[str]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd[:6])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = folder / "assets.xlsx"
        started = time.perf_counter()
        write_book(book, rows)
        print(f"wrote {rows:,} rows: {book.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.0f} s")
        school = make_school(folder)
        floor = median_run([sys.executable, "-c", FLOOR, str(book)])
        reader = median_run([sys.executable, "-c", READER, str(book)])
        run = [sys.executable, "-m", "schooldigital", "--root", str(school), "assets", "import", str(book), "--dry-run"]
        sd = median_run(run)
    print(f"python-calamine read        {floor:6.2f} s")
    print(f"sd's reader (read_table)    {reader:6.2f} s  = {reader / floor:.2f}x the read")
    print(f"sd assets import --dry-run  {sd:6.2f} s  = {sd / floor:.2f}x the read (target <= 1.50x)")


if __name__ == "__main__":
    main()
