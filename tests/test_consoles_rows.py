"""Issue 17: `Rows`, the reconcile report's long lists kept as columns, read as dicts and written as JSON."""

from __future__ import annotations

import json

import pytest

from schooldigital.consoles import rows as rows_module
from schooldigital.consoles.rows import Rows, dump, plain

HEAD = [{"asset": "RP-00001", "line": 2, "kind": "os-behind", "version": "1.0", "latest": "2.0"}]
COLUMNS = {
    "line": [3, 4, 5, 6],
    "serial": ['a"b\\c', "Ünïcode – ✓", "", "tab\there"],
    "last_seen": ["2026-11-20", None, "2026-11-20", None],
    "personal": [True, False, False, True],
    "mixed": [1, True, 0, False],  # 1 == True: one kind per value all the same
}
AS_DICTS = [dict(zip(COLUMNS, values, strict=True)) for values in zip(*COLUMNS.values(), strict=True)]


def test_rows_read_as_a_list_of_dicts() -> None:
    rows = Rows(COLUMNS, head=HEAD)
    assert len(rows) == 5 and list(rows) == HEAD + AS_DICTS
    assert rows[0] == HEAD[0] and rows[1] == AS_DICTS[0] and rows[-1] == AS_DICTS[-1]
    assert rows[:2] == [HEAD[0], AS_DICTS[0]] and rows[3:] == AS_DICTS[2:]
    with pytest.raises(IndexError):
        rows[5]
    assert plain({"n": 1, "rows": rows}) == {"n": 1, "rows": HEAD + AS_DICTS}
    assert not Rows({"line": []})


@pytest.mark.parametrize("head", [[], HEAD])
@pytest.mark.parametrize("between", [", ", ",\n    "])
@pytest.mark.parametrize("piece", [rows_module.PIECE, 3, 1])  # rows a piece: one piece, or several
def test_rows_json_is_what_json_dumps_writes(
    head: list[dict], between: str, piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows_module, "PIECE", piece)
    written = "".join(Rows(COLUMNS, head=head).json_pieces(between))
    assert written == between.join(json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) for r in head + AS_DICTS)
    assert written == between.join(map(dump, head + AS_DICTS))
    assert '"mixed": 1}' in written and '"mixed": true}' in written  # not one text for both


def test_many_distinct_and_repeated_cells_encode_alike() -> None:
    """Serials (all different) are encoded one by one, places (a few) once each: the same JSON either way."""
    many = {"serial": [f"S{i}é" for i in range(100)], "place": [["Hall", 'Room "2"', None][i % 3] for i in range(100)]}
    rows = Rows(many)
    assert json.loads("[" + "".join(rows.json_pieces()) + "]") == list(rows)
    assert "".join(rows.json_pieces()) == json.dumps(list(rows), ensure_ascii=False, separators=(", ", ": "))[1:-1]
