"""YAML registers: fast safe loading with positions, and writing that keeps the user's comments.

Every YAML register is a top-level list of mappings. Reading goes through `yamlread` (libyaml, no Python
objects built from tags); editing goes through ruamel's round-trip loader and dumper, imported only when a
command writes, so read-only commands (cron's `sd check renewals`) never pay for it. In both, an impossible
date such as 2026-02-30 stays a string so the model reports it with its line instead of the parser crashing.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schooldigital.errors import InvalidData
from schooldigital.problems import Problem, Source, relpath
from schooldigital.store import cache, conflicts, decoding
from schooldigital.store.files import Files, TooLarge, UnsafePath, read_problem, read_regular
from schooldigital.store.records import RawRecord

if TYPE_CHECKING:
    from ruamel.yaml import YAML


@functools.cache
def _lenient_dates() -> type:
    """ruamel's round-trip constructor, keeping impossible dates as text so validation reports them."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class LenientDates(RoundTripConstructor):
        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            try:
                return super().construct_yaml_timestamp(node, values)
            except ValueError:
                return self.construct_scalar(node)

    LenientDates.add_constructor("tag:yaml.org,2002:timestamp", LenientDates.construct_yaml_timestamp)
    return LenientDates


def round_trip() -> YAML:
    """The one YAML configuration used for editing and writing, so a write reproduces the file's style."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor = _lenient_dates()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 4096
    return yaml


def plain(value: Any) -> Any:
    """ruamel's commented containers and scalar subclasses as plain dict/list/str/int/float/date.

    Only given records sd built itself or read from files that validated, where `yamlread` refuses any explicit
    YAML tag, so no tagged scalar reaches it."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, dt.datetime):
        return dt.datetime(*value.timetuple()[:6])
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    for kind in (str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value


def _read_records(text: str, source: Source) -> tuple[list[RawRecord], list[Problem]]:
    from schooldigital.store import yamlread  # not at the top: runs answered from the parse cache never parse

    doc, problems = yamlread.compose(text, source)
    if problems or doc is None:
        return [], problems
    if not yamlread.is_sequence(doc):
        return [], [Problem(source.at(1), "yaml-shape", "expected a list of records, each starting with `- id:`")]
    records: list[RawRecord] = []
    budget = yamlread.Budget()
    for item in doc.value:
        where = source.at(item.start_mark.line + 1, item.start_mark.column + 1)
        if not yamlread.is_mapping(item):
            problems.append(Problem(where, "yaml-shape", "expected a record (a mapping of `field: value`)"))
            continue
        try:
            data, positions = yamlread.plain_with_positions(item, budget)
        except yamlread.YamlShapeError as err:
            problems.append(Problem(source.at(err.line, err.col), err.code, str(err)))
            if budget.aliases > budget.max_aliases or budget.extra > budget.max_extra:
                break  # every later record would only repeat it
            continue
        records.append(RawRecord(data, where, positions))
    return records, problems


def read_text(path: Path, source: Source, files: Files) -> tuple[str | None, list[Problem]]:
    """Read UTF-8 text (BOM tolerated); a missing, unsafe, oversized or undecodable file is a problem, not a crash."""
    try:
        raw = files.read_bytes(path)
    except OSError as err:
        return None, [read_problem(err, source)]
    text, _, problems = decoding.decode(raw, source)
    return text, problems


def load_records(
    path: Path, source: Source, cache_root: Path | None, files: Files
) -> tuple[list[RawRecord], list[Problem]]:
    """All records of a YAML register, with positions. Parsed results are cached by file content when
    `cache_root` (the school root) is given."""
    text, problems = read_text(path, source, files)
    if text is None:
        return [], problems
    if conflicts.has_markers(text):
        records, problems = _read_records(conflicts.ours_view(text), source)
        return records, conflicts.yaml_conflicts(text, source) + problems
    return cache.memo(cache_root, "yaml-records", text, source, lambda: _read_records(text, source))


def load_mapping(path: Path, source: Source, files: Files) -> tuple[RawRecord | None, list[Problem]]:
    """A YAML file whose top level is one mapping (school.yaml, the strategy), as a single record."""
    text, problems = read_text(path, source, files)
    if text is None:
        return None, problems
    from schooldigital.store import yamlread

    doc, problems = yamlread.compose(text, source)
    if problems:
        return None, problems
    if not yamlread.is_mapping(doc):
        return None, [Problem(source.at(1), "yaml-shape", "expected a mapping of `field: value`")]
    try:
        data, positions = yamlread.plain_with_positions(doc)
    except yamlread.YamlShapeError as err:
        return None, [Problem(source.at(err.line, err.col), err.code, str(err))]
    return RawRecord(data, source.at(1), positions), []


def load_document(path: Path, root: Path) -> Any:
    """The round-trip document for editing a file of the school at `root`, read as every school file is (a
    regular file inside the school, or `InvalidData` with the problem); otherwise only called on files that
    already validated."""
    if not path.exists():
        from ruamel.yaml.comments import CommentedSeq

        return CommentedSeq()
    try:
        raw = read_regular(path, root.resolve())
    except (UnsafePath, TooLarge) as err:
        raise InvalidData([read_problem(err, Source(relpath(path, root)))]) from None
    return round_trip().load(raw.decode("utf-8-sig"))


def dump_document(doc: Any) -> str:
    buf = io.StringIO()
    round_trip().dump(doc, buf)
    return buf.getvalue()
