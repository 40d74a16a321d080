"""Writes hidden-row.xls, an Excel 97-2003 workbook whose sheet `Assets` hides row 3, and far-cell.xls, whose
two cells A1 and IV65536 make a reader that builds the whole grid allocate 16 million cells (issue 20).

    .venv/bin/python tests/data/spreadsheets/make_hidden_row_xls.py   # needs xlwt (pip install xlwt)

xlwt writes the BIFF8 ROW record with its fDyZero (hidden) flag, as Excel does for Format > Hide Rows. Run
once; the file is committed, so the tests never need xlwt.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlwt

ROWS = [
    ["Asset Tag", "Serial", "Model", "Location", "Purchase Date", "Purchase Cost"],
    ["RP-01001", "SN-A1", "dell-latitude-3440", "ict-suite", dt.date(2025, 4, 3), 1234.5],
    ["RP-01002", "SN-A2", "dell-latitude-3440", "hall", dt.date(2025, 4, 13), 689.0],
    ["RP-01003", "SN-A3", "dell-latitude-3440", "hall", dt.date(2025, 5, 1), 689.0],
]


def main() -> None:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Assets")
    dates = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(r, c, value, dates)
            else:
                sheet.write(r, c, value)
    sheet.row(2).hidden = True  # the second data row, sheet row 3
    book.save(str(Path(__file__).with_name("hidden-row.xls")))
    far = xlwt.Workbook()
    sheet = far.add_sheet("Assets")
    sheet.write(0, 0, "Serial")
    sheet.write(65535, 255, 1)  # the last cell an .xls sheet has
    far.save(str(Path(__file__).with_name("far-cell.xls")))


if __name__ == "__main__":
    main()
