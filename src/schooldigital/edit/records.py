"""Adding and editing records of a YAML register (contracts, information assets, or assets.yaml).

Comments, key order, quoting and blank lines survive: a new record is appended after a blank line
without touching any existing line, and an edit changes only the edited record's lines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from schooldigital.cells import money_format
from schooldigital.edit import yamledit
from schooldigital.edit.common import Change, changed_values, check_fields, field_kind, normalize
from schooldigital.errors import UserError
from schooldigital.models.base import Record
from schooldigital.problems import did_you_mean, relpath
from schooldigital.store import yamlio
from schooldigital.store.files import read_regular
from schooldigital.store.yamlio import plain

if TYPE_CHECKING:
    from schooldigital.models.school import MoneyFormat


def read(root: Path, path: Path) -> tuple[str, CommentedSeq]:
    """The register's text and round-trip document; refuses a file that does not parse."""
    try:
        doc = yamlio.load_document(path, root)  # first: a file that must not be read is named as `unsafe-path`
        text = read_regular(path, root.resolve()).decode("utf-8-sig") if path.exists() else ""
    except (OSError, UnicodeDecodeError, YAMLError):
        msg = f"{relpath(path, root)} cannot be read or does not parse; run `sd validate` and fix it first"
        raise UserError(msg) from None
    if doc is None:
        doc = CommentedSeq()
    if not isinstance(doc, CommentedSeq):
        raise UserError(f"{relpath(path, root)} is not a list of records; run `sd validate`")
    return text, doc


def ids(doc: CommentedSeq) -> list[str]:
    return [str(item["id"]) for item in doc if isinstance(item, CommentedMap) and "id" in item]


def yaml_values(model: type[Record], values: Mapping[str, Any], money: MoneyFormat | None = None) -> dict[str, Any]:
    """Values as the YAML register writes them; amounts read in the school's convention `money`."""
    return {k: yamledit.to_yaml(normalize(model, k, v, money), field_kind(model, k)) for k, v in values.items()}


def add(path: Path, model: type[Record], values: Mapping[str, Any], *, what: str) -> Change:
    """Append one record; `values` maps (dotted) field names to values, `id` included."""
    root = _root_of(path)
    check_fields(model, values, what)
    text, doc = read(root, path)
    rid = str(values["id"])
    if rid in ids(doc):
        raise UserError(f"{what} already have `{rid}`; choose another id or use edit")
    record = yamledit.new_record(yaml_values(model, values, money_format(root)), list(model.model_fields))
    return path, yamledit.append_text(text, record), f"{_label(path)}: add {rid}"


def edit(
    path: Path,
    model: type[Record],
    rid: str,
    decide: Callable[[dict[str, Any]], Mapping[str, Any]],
    *,
    what: str,
    verb: str = "edit",
    note: str | None = None,
) -> Change:
    """Change one record in place. `decide(current)` gets the record's plain values and returns the
    changes (dotted field -> value; None or "" clears a field)."""
    root = _root_of(path)
    _, doc = read(root, path)
    index = yamledit.find(doc, rid)
    if index is None:
        raise UserError(f"no {what.rstrip('s')} `{rid}`{did_you_mean(rid, ids(doc))}")
    current = plain(doc[index])
    changes = dict(decide(current))
    check_fields(model, changes, what)
    if "id" in changes and str(changes["id"]) != rid:
        raise UserError("ids never change (references and history depend on them)")
    typed = yaml_values(model, changes, money_format(root))
    converted = {k: (None if v is None or v == "" else v) for k, v in typed.items()}
    yamledit.edit_record(doc, index, converted, list(model.model_fields))
    values = changed_values({k: _get(current, k) for k in changes}, _values(plain(doc[index]), changes))
    return path, yamlio.dump_document(doc), f"{_label(path)}: {verb} {rid}{f' ({note})' if note else values}"


def _get(record: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        record = record.get(part) if isinstance(record, dict) else None
    return record


def _values(record: Any, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changed fields as they now read in the record (for `old -> new` in the commit subject)."""
    return {k: _get(record, k) for k in changes}


def _label(path: Path) -> str:
    return {"information-assets": "info"}.get(path.stem, path.stem)


def _root_of(path: Path) -> Path:
    return path.parent.parent
