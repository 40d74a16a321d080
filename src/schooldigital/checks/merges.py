"""What a merge left for a person to finish: records renumbered by the merge driver (`git.yamlmerge`).

A record that both branches added under one id keeps the first side's id; the incoming one gets the next
free id and `renumbered_from: <old id>`. Until someone has relabelled the device (or told whoever quoted
the old id) and cleared the field, `sd validate` says so, as a warning: the registers are valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from schooldigital.models.base import Record
from schooldigital.models.columns import Columns, ModelColumns
from schooldigital.problems import Problem, Severity
from schooldigital.registers import Registers

CODE = "renumbered-by-merge"
FIELD = "renumbered_from"
_CLEAR = {
    "assets": "sd assets edit {id} --set renumbered_from=",
    "contracts": "sd contracts edit {id} --set renumbered_from=",
    "information_assets": "sd info edit {id} --set renumbered_from=",
}


def _message(kind: str, rid: str, old: str, serial: str | None = None) -> str:
    what = f"`{rid}`" + (f" (serial {serial})" if serial else "")
    act = "relabel the device and" if kind == "assets" else "update anything that quotes the old id, then"
    clear = _CLEAR.get(kind, "delete its `renumbered_from` line").format(id=rid)
    clear = f"run `{clear}`" if kind in _CLEAR else clear
    return (
        f"{what} was renumbered from `{old}` by a merge (both branches added `{old}`); {act} {clear}; "
        f"references to `{old}` elsewhere still mean the other record"
    )


def renumbered_records(kind: str, records: Sequence[Record]) -> Iterable[Problem]:
    """A warning for each record that still carries `renumbered_from`."""
    for rec in records:
        old = getattr(rec, FIELD, None)
        if old:
            yield Problem(
                rec.source_of(FIELD), CODE, _message(kind, str(getattr(rec, "id", "")), old), Severity.WARNING
            )


def renumbered_by_merge(regs: Registers) -> Iterable[Problem]:
    """The registers' renumbered records; assets by column so `sd validate` builds no asset models."""
    table: Columns = regs.asset_columns if regs.asset_columns is not None else ModelColumns(regs.assets)
    column = table.column(FIELD)
    rows = table.valid(row for row, cell in enumerate(column) if cell not in ("", None))
    if rows:
        values, id_values, serial_values = table.values(FIELD), table.values("id"), table.values("serial")
        ids, serials = table.column("id"), table.column("serial")
        for row in rows:
            rid, old, serial = id_values.get(ids[row]), values.get(column[row]), serial_values.get(serials[row])
            msg = _message("assets", str(rid), str(old), serial)
            yield Problem(table.source_of(row, FIELD), CODE, msg, Severity.WARNING)
    for kind in ("contracts", "information_assets", "locations", "people", "suppliers", "models"):
        yield from renumbered_records(kind, getattr(regs, kind))
