"""The strategy file: loading, absence, and the checks `sd validate` runs on it (issue 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from schooldigital.strategy import STRATEGY_FILE, load_strategy
from schooldigital.validation import validate_school


def _edit(school: Path, old: str, new: str) -> None:
    path = school / STRATEGY_FILE
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_demo_strategy_loads_issue_6(school: Path) -> None:
    strategy, problems = load_strategy(school)
    assert problems == []
    assert strategy is not None
    assert strategy.last_reviewed == dt.date(2026, 7, 8)
    assert strategy.next_review == dt.date(2027, 7, 7)
    assert {o.pillar for o in strategy.objectives} >= {"devices", "professional_learning"}
    assert strategy.years() == ["2026-27", "2027-28", "2028-29"]
    assert validate_school(school).ok


def test_absent_strategy_is_none_without_problems_issue_6(school: Path) -> None:
    (school / STRATEGY_FILE).unlink()
    assert load_strategy(school) == (None, [])
    assert validate_school(school).ok


def test_unknown_owner_is_located_issue_6(school: Path) -> None:
    _edit(school, "owner: towu", "owner: towuu")
    problems = [p for p in validate_school(school).problems if p.code == "unknown-ref"]
    assert len(problems) == 1
    assert problems[0].source.path == STRATEGY_FILE
    line = (school / STRATEGY_FILE).read_text().splitlines()[problems[0].source.line - 1]
    assert "towuu" in line
    assert "did you mean `towu`" in problems[0].message


def test_bad_pillar_is_a_choice_error_issue_6(school: Path) -> None:
    _edit(school, "pillar: devices", "pillar: gadgets")
    codes = {p.code for p in validate_school(school).problems}
    assert "choice-invalid" in codes


def test_pilot_evaluated_before_start_and_review_order_issue_6(school: Path) -> None:
    _edit(school, "evaluation_date: 2027-02-12", "evaluation_date: 2026-08-01")
    _edit(school, "next_review: 2027-07-07", "next_review: 2026-01-01")
    problems = [p for p in validate_school(school).problems if p.code == "date-order"]
    assert len(problems) == 2


def test_duplicate_objective_and_unknown_objective_ref_issue_6(school: Path) -> None:
    _edit(school, "id: OBJ-2", "id: OBJ-1")
    _edit(school, "objective: OBJ-4", "objective: OBJ-9")
    codes = [p.code for p in validate_school(school).problems]
    assert codes.count("duplicate-id") == 1
    assert codes.count("unknown-ref") == 1
