"""Time `sd assets import BOOK.xlsx --dry-run` on a 100,000-row workbook against python-calamine reading it.

    .venv/bin/python bench/bench_spreadsheet.py [--rows 100000]

Writes the workbook once with openpyxl (the bench extra) into a temp folder: 10 columns of text, shared
strings, real date cells and `"£"#,##0.00` money, under a title row, as a school keeps its register. Then
runs, each in a fresh process, median of 3:
- the floor: python-calamine opening the workbook and iterating every row of the sheet, nothing else;
- sd's reader alone (`tabular.read_table`): type detection, the zip checks and sheet pre-scan, the read, header
  finding and every row as a text record;
- `sd assets import` as a dry run: type detection, the zip checks and sheet pre-scan, reading, header finding,
  and every row converted, resolved and validated against the whole school;
- the same import of the same rows saved as a UTF-8 CSV (the text path must not get slower).
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


def median_run(cmd: list[str]) -> tuple[float, float]:
    """Median wall and CPU seconds of three runs."""
    walls, cpus = [], []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd[:6])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return statistics.median(walls), statistics.median(cpus)


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
        text = folder / "assets.csv"
        write_csv(book, text)
        school = make_school(folder)
        floor = median_run([sys.executable, "-c", FLOOR, str(book)])
        reader = median_run([sys.executable, "-c", READER, str(book)])
        run = [sys.executable, "-m", "schooldigital", "--root", str(school), "assets", "import", str(book), "--dry-run"]
        sd = median_run(run)
        run[-2] = str(text)
        sd_csv = median_run(run)
    print(f"python-calamine read        {floor[0]:6.2f} s wall {floor[1]:6.2f} s CPU")
    for label, (wall, cpu) in [("sd's reader (read_table)", reader), ("sd assets import --dry-run", sd)]:
        ratio = f"= {wall / floor[0]:.2f}x the read (CPU {cpu / floor[1]:.2f}x)"
        print(f"{label:27} {wall:6.2f} s wall {cpu:6.2f} s CPU  {ratio}")
    print("target (issue 20): sd assets import --dry-run <= 1.50x the read")
    print(f"the same rows as CSV        {sd_csv[0]:6.2f} s wall {sd_csv[1]:6.2f} s CPU  (sd assets import --dry-run)")


if __name__ == "__main__":
    main()
