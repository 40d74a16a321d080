"""The fast read path means what the round-trip editor means, and refuses what registers never hold."""

from __future__ import annotations

import datetime as dt

import pytest

from schooldigital.problems import Source
from schooldigital.store import yamlio


def read(text: str) -> tuple[list[dict], list[str]]:
    records, problems = yamlio._read_records(text, Source("r.yaml"))
    return [r.data for r in records], [f"{p.source}: {p.message}" for p in problems]


def test_values_resolve_as_yaml_1_2_like_the_round_trip_loader() -> None:
    text = "- a: yes\n  b: 0123\n  c: 0x1f\n  d: 1_000\n  e: 2026-02-28\n  f: 2026-02-30\n  g: ~\n  h: '12'\n  i: 1.5\n"
    data, problems = read(text)
    assert problems == []
    expected = {"a": "yes", "b": 123, "c": 31, "d": 1000, "e": dt.date(2026, 2, 28), "f": "2026-02-30"}
    assert data == [{**expected, "g": None, "h": "12", "i": 1.5}]
    assert data == [yamlio.plain(r) for r in yamlio.round_trip().load(text)]


def test_positions_point_at_keys_and_list_items() -> None:
    records, _ = yamlio._read_records("- id: A\n  cost:\n    amount: 5\n  tags: [x, y]\n", Source("r.yaml"))
    assert str(records[0].source) == "r.yaml:1:3"
    assert records[0].positions["cost.amount"] == (3, 5)
    assert records[0].positions["tags.1"] == (4, 13)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a: 1\n  a: 2\n", 'r.yaml:2:3: found duplicate key "a" (first at line 1); keep one'),
        ("- x: !!python/object:os.system [ls]\n", "r.yaml:1:6: YAML tag !!python/object:os.system is not allowed"),
        ("- a: !foo bar\n", "r.yaml:1:6: YAML tag !foo is not allowed"),
        ("- &a {b: *a}\n", "r.yaml:1:3: recursive alias"),
        ("- ? [a]\n  : 1\n", "r.yaml:1:5: a key must be a plain name"),
        ("- a: [1, 2\n", "r.yaml:2:1: did not find expected ',' or ']'"),
    ],
)
def test_constructs_registers_never_use_are_problems_with_positions(text: str, message: str) -> None:
    data, problems = read(text)
    assert data == []
    assert len(problems) == 1 and problems[0].startswith(message)
