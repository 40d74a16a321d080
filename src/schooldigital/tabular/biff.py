"""Hidden rows and the extent of a legacy .xls workbook's sheets, which python-calamine does not report.

An .xls file is an OLE2 compound file whose `Workbook` (BIFF8) or `Book` (BIFF5) stream is a list of records
(`type`, `size`, data). BOUNDSHEET records name each sheet and where its records start; a ROW record (0x0208)
whose option flags have fDyZero (0x0020) set is a hidden row; a value record starts with its row and column.
Only those are read (no value, formula or macro is ever interpreted): the hidden rows, and each sheet's last
row and column, refused past SD_MAX_SHEET_CELLS as the .xlsx pre-scan does (a 6 KB file with two cells, A1 and
IV65536, made python-calamine build 16 million: 1.5 GB). The compound file is opened by `olefile` (which
checks its sector chains); xlrd would parse every cell in Python to give the same flag.
"""

from __future__ import annotations

import io
import struct

from schooldigital.errors import UserError
from schooldigital.store import limits

_BOF, _EOF, _BOUNDSHEET, _ROW, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x0208, 0x002F
_HIDDEN = 0x0020
# Records holding a value at (row, column): FORMULA, NUMBER, LABEL, BOOLERR, RK, LABELSST, RSTRING (BIFF5);
# MULRK holds several, its last column in its last two bytes. Blank cells hold no value and are not read.
_VALUES = frozenset({0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6})
_MULRK = 0x00BD


def hidden_rows(raw: bytes, display: str) -> dict[str, set[int]]:
    """Hidden 1-based rows by sheet name; empty when the file cannot be read so (calamine then says why).

    Raises:
        UserError: a sheet's last row times its last column is over SD_MAX_SHEET_CELLS.
    """
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(raw))
        name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        stream = ole.openstream(name).read() if name else b""
    except (OSError, ValueError, IndexError, KeyError, struct.error, EOFError):
        return {}
    hidden, extents = _rows(stream, biff8=name == "Workbook")
    most = limits.setting("SD_MAX_SHEET_CELLS")
    for last_row, last_col in extents.values():
        if last_row * last_col > most:
            why = f"a sheet reaches row {last_row} and column {last_col}, over {most} cells (SD_MAX_SHEET_CELLS)"
            raise UserError(f"{display} is refused: {why}; a spreadsheet saved normally never does this")
    return hidden


def _rows(stream: bytes, *, biff8: bool) -> tuple[dict[str, set[int]], dict[str, tuple[int, int]]]:
    """Hidden 1-based rows and the 1-based last row and column holding a value, by sheet."""
    sheets: dict[int, str] = {}  # stream offset of a sheet's BOF -> its name
    hidden: dict[str, set[int]] = {}
    extents: dict[str, tuple[int, int]] = {}
    current: str | None = None
    pos, end = 0, len(stream) - 4
    while pos <= end:
        kind, size = struct.unpack_from("<HH", stream, pos)
        data = stream[pos + 4 : pos + 4 + size]
        if kind == _FILEPASS:
            return {}, {}  # encrypted: the record data past here is not readable (calamine refuses it)
        if kind == _BOUNDSHEET and len(data) >= 8:
            sheets[struct.unpack_from("<I", data)[0]] = _sheet_name(data, biff8)
        elif kind == _BOF:
            current = sheets.get(pos, current)
        elif current is None or len(data) < 6:
            pass
        elif kind in _VALUES or kind == _MULRK:
            row, col = struct.unpack_from("<HH", data)
            if kind == _MULRK:
                col = struct.unpack_from("<H", data, len(data) - 2)[0]
            last_row, last_col = extents.get(current, (0, 0))
            extents[current] = (max(last_row, row + 1), max(last_col, col + 1))
        elif kind == _ROW and len(data) >= 14:
            row, flags = struct.unpack_from("<H", data)[0], struct.unpack_from("<H", data, 12)[0]
            if flags & _HIDDEN:
                hidden.setdefault(current, set()).add(row + 1)
        pos += 4 + size
    return hidden, extents


def _sheet_name(data: bytes, biff8: bool) -> str:
    count = data[6]
    if not biff8:
        return data[7 : 7 + count].decode("cp1252", "replace")
    if data[7] & 1:
        return data[8 : 8 + 2 * count].decode("utf-16-le", "replace")
    return data[8 : 8 + count].decode("latin-1")
