"""Hidden rows of a legacy .xls workbook, which python-calamine does not report.

An .xls file is an OLE2 compound file whose `Workbook` (BIFF8) or `Book` (BIFF5) stream is a list of records
(`type`, `size`, data). BOUNDSHEET records name each sheet and where its records start; a ROW record (0x0208)
whose option flags have fDyZero (0x0020) set is a hidden row. Only those two record types are read: no cell,
formula or macro is ever interpreted. The compound file is opened by `olefile` (which checks its sector
chains); xlrd would parse every cell in Python to give the same flag.
"""

from __future__ import annotations

import io
import struct

_BOF, _EOF, _BOUNDSHEET, _ROW, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x0208, 0x002F
_HIDDEN = 0x0020


def hidden_rows(raw: bytes) -> dict[str, set[int]]:
    """Hidden 1-based rows by sheet name; empty when the file cannot be read so (calamine then says why)."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(raw))
        name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        stream = ole.openstream(name).read() if name else b""
    except (OSError, ValueError, IndexError, KeyError, struct.error, EOFError):
        return {}
    return _rows(stream, biff8=name == "Workbook")


def _rows(stream: bytes, *, biff8: bool) -> dict[str, set[int]]:
    sheets: dict[int, str] = {}  # stream offset of a sheet's BOF -> its name
    out: dict[str, set[int]] = {}
    current: str | None = None
    pos, end = 0, len(stream) - 4
    while pos <= end:
        kind, size = struct.unpack_from("<HH", stream, pos)
        data = stream[pos + 4 : pos + 4 + size]
        if kind == _FILEPASS:
            return {}  # encrypted: the record data past here is not readable
        if kind == _BOUNDSHEET and len(data) >= 8:
            sheets[struct.unpack_from("<I", data)[0]] = _sheet_name(data, biff8)
        elif kind == _BOF:
            current = sheets.get(pos, current)
        elif kind == _ROW and current is not None and len(data) >= 14:
            row, flags = struct.unpack_from("<H", data)[0], struct.unpack_from("<H", data, 12)[0]
            if flags & _HIDDEN:
                out.setdefault(current, set()).add(row + 1)
        pos += 4 + size
    return out


def _sheet_name(data: bytes, biff8: bool) -> str:
    count = data[6]
    if not biff8:
        return data[7 : 7 + count].decode("cp1252", "replace")
    if data[7] & 1:
        return data[8 : 8 + 2 * count].decode("utf-16-le", "replace")
    return data[8 : 8 + count].decode("latin-1")
