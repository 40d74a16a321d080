"""Fast read-only YAML: libyaml's C parser composes the node tree, and plain values plus positions are built from it.

ruamel's round-trip loader is pure Python and costs about a second per 10,000 lines, which every read-only command
(`sd check renewals` from cron, `sd report`) paid on a cold cache. Reading needs no comments or styles, so it goes
through PyYAML's C composer instead, with ruamel's YAML 1.2 resolution rules so that a value means the same thing
whether it is read here or edited through ruamel (`yes` stays a string, `0123` is 123). Composing builds no Python
objects from tags, so it is as safe as a safe loader; any explicit tag is reported, never constructed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import yaml
from yaml.cyaml import CParser

from schooldigital.problems import Problem, Source, excerpt
from schooldigital.store import limits
from schooldigital.store.records import ExponentFloat

TAG = "tag:yaml.org,2002:"


class _Resolver12(yaml.resolver.BaseResolver):
    """YAML 1.2 implicit types as ruamel's round-trip resolver has them (copied from ruamel.yaml.resolver, so
    plain scalars resolve exactly as when the file is edited, without importing ruamel on read-only runs)."""


_DIGITS = list("0123456789")
for _tag, _regexp, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (
        "float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        [*"-+.", *_DIGITS],
    ),
    ("int", r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$", [*"-+", *_DIGITS]),
    ("merge", r"^(?:<<)$", ["<"]),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        _DIGITS,
    ),
    ("value", r"^(?:=)$", ["="]),
    ("yaml", r"^(?:!|&|\*)$", list("!&*")),
):
    _Resolver12.add_implicit_resolver(TAG + _tag, re.compile(_regexp, re.X), _first)


class _Loader(CParser, _Resolver12):  # type: ignore[misc]
    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        _Resolver12.__init__(self)


Positions = dict[str, tuple[int, int]]


class YamlShapeError(ValueError):
    """A construct the registers never use (explicit tags, complex or duplicate keys, recursive aliases), or one
    over a limit (`code` says which)."""

    def __init__(self, mark: Any, message: str, code: str = "yaml-syntax") -> None:
        super().__init__(message)
        self.line, self.col, self.code = mark.line + 1, mark.column + 1, code


MAX_DEPTH = 50  # records nest three levels; this keeps the recursion far from Python's limit


class Budget:
    """What one document may still expand (issue 12): libyaml composes an alias as a second reference to its
    anchor's node, so a 9x9 alias bomb is a small graph whose expansion would be a billion values. Every
    revisit of a node is an alias use; uses and the values they add are capped (`store.limits`)."""

    __slots__ = ("seen", "aliases", "extra", "max_aliases", "max_extra", "max_chars")

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.aliases = self.extra = 0
        self.max_aliases = limits.setting("SD_MAX_YAML_ALIASES")
        self.max_extra = limits.setting("SD_MAX_YAML_EXPANSION")
        self.max_chars = limits.setting("SD_MAX_CELL_CHARS")

    def expand(self, node: Any) -> None:
        """Count one value built again by an alias."""
        self.extra += 1
        if self.extra > self.max_extra:
            msg = f"aliases expand to more than {self.max_extra} values; write the values out"
            raise YamlShapeError(node.start_mark, msg)

    def visit(self, node: Any, aliased: bool) -> bool:
        """Count a visit to a collection node; whether what is below it is an alias expansion."""
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > self.max_aliases:
                raise YamlShapeError(node.start_mark, f"more than {self.max_aliases} aliases; write the values out")
            return True
        self.seen.add(id(node))
        return aliased


def _tag_error(node: Any) -> YamlShapeError:
    tag = excerpt(node.tag.replace(TAG, "!!"))
    return YamlShapeError(node.start_mark, f"YAML tag {tag} is not allowed; write plain values")


def _int(text: str) -> int:
    text = text.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _float(text: str) -> float:
    text = text.replace("_", "").lower()
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    return ExponentFloat(text) if "e" in text else float(text)


def _timestamp(text: str) -> dt.date | str:
    """A date or naive datetime (as the round-trip reader gives); an impossible date stays text for the model."""
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        value = dt.datetime.fromisoformat(text.replace("t", "T"))
        return dt.datetime(*value.timetuple()[:6])
    except ValueError:
        return text


_SCALARS: dict[str, Any] = {
    TAG + "str": str,
    TAG + "int": _int,
    TAG + "float": _float,
    TAG + "bool": lambda text: text.lower() == "true",
    TAG + "null": lambda text: None,
    TAG + "timestamp": _timestamp,
    TAG + "merge": str,
    TAG + "value": str,
    TAG + "yaml": str,
}


def _value(node: Any, path: str, positions: Positions, parents: frozenset[int], budget: Budget, aliased: bool) -> Any:
    if aliased:
        budget.expand(node)
    if isinstance(node, yaml.ScalarNode):
        build = _SCALARS.get(node.tag)
        if build is None:
            raise _tag_error(node)
        if len(node.value) > budget.max_chars:
            msg = f"value is {len(node.value)} characters long, over the limit of {budget.max_chars}"
            raise YamlShapeError(node.start_mark, f"{msg}; shorten it or keep it in a separate file", "value-too-long")
        return build(node.value)
    if id(node) in parents:
        raise YamlShapeError(node.start_mark, "recursive alias; write the values out")
    if len(parents) >= MAX_DEPTH:
        raise YamlShapeError(node.start_mark, f"values nest more than {MAX_DEPTH} levels deep")
    aliased = budget.visit(node, aliased)
    inside = parents | {id(node)}
    prefix = f"{path}." if path else ""
    if isinstance(node, yaml.SequenceNode):
        if node.tag != TAG + "seq":
            raise _tag_error(node)
        items = []
        for i, item in enumerate(node.value):
            mark = item.start_mark
            positions[f"{prefix}{i}"] = (mark.line + 1, mark.column + 1)
            items.append(_value(item, f"{prefix}{i}", positions, inside, budget, aliased))
        return items
    if node.tag != TAG + "map":
        raise _tag_error(node)
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlShapeError(key_node.start_mark, "a key must be a plain name, not a list or mapping")
        key = str(_value(key_node, "", {}, inside, budget, aliased))
        mark = key_node.start_mark
        if key in out:
            first = positions.get(f"{prefix}{key}", (0, 0))[0]
            raise YamlShapeError(mark, f'found duplicate key "{excerpt(key)}" (first at line {first}); keep one')
        positions[f"{prefix}{key}"] = (mark.line + 1, mark.column + 1)
        out[key] = _value(value_node, f"{prefix}{key}", positions, inside, budget, aliased)
    return out


def compose(text: str, source: Source) -> tuple[Any, list[Problem]]:
    """The document's root node, or a `yaml-syntax` problem at the parser's position."""
    loader = _Loader(text)
    try:
        return loader.get_single_node(), []
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = source.at(mark.line + 1, mark.column + 1) if mark else source
        what = err.problem or "malformed YAML"
        context = f" ({err.context})" if err.context else ""
        hint = " Check indentation and quote values containing ':' or '#'."
        return None, [Problem(where, "yaml-syntax", f"{what}{context}.{hint}")]
    except yaml.YAMLError as err:
        return None, [Problem(source, "yaml-syntax", f"{err}")]
    finally:
        loader.dispose()


def plain_with_positions(node: Any, budget: Budget | None = None) -> tuple[Any, Positions]:
    """A node as plain dict/list/str/int/float/date values, with the 1-based (line, col) of every field path.
    Pass one `budget` for all the nodes of a document, so aliases across records are counted together."""
    positions: Positions = {}
    return _value(node, "", positions, frozenset(), budget or Budget(), False), positions


def is_mapping(node: Any) -> bool:
    return isinstance(node, yaml.MappingNode)


def is_sequence(node: Any) -> bool:
    return isinstance(node, yaml.SequenceNode)
