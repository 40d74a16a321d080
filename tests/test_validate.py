"""`sd validate`: every problem at once, located, coded, exit 2, and never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from jsonout import payload
from schooldigital.validation import validate_school


def test_demo_school_is_valid(sd) -> None:
    result = sd("validate")
    assert result.exit_code == 0, result
    assert result.stderr.startswith("ok: 320 assets, 40 contracts, 25 information assets")


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def test_reports_every_problem_with_file_line_and_code(school: Path, sd) -> None:
    assets = school / "registers/assets.csv"
    lines = assets.read_text().splitlines()
    cells = lines[2].split(",")
    cells[8] = "2024-02-30"  # purchase_date
    lines[2] = ",".join(cells)
    cells = lines[4].split(",")
    cells[3] = "deployd"  # status
    lines[4] = ",".join(cells)
    assets.write_text("\n".join(lines) + "\n")
    _replace(school / "registers/contracts.yaml", "  renewal: auto", "  renewall: auto")

    result = sd("validate")

    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    errors = result.stderr.splitlines()
    assert any(
        e.startswith("registers/assets.csv:3:9: error date-invalid: `purchase_date`: `2024-02-30`") for e in errors
    )
    assert any(e.startswith("registers/assets.csv:5:4: error choice-invalid: `status`: `deployd`") for e in errors)
    assert any("did you mean `deployed`" in e for e in errors)
    assert any(
        e.startswith("registers/contracts.yaml:") and "unknown field `renewall` (did you mean `renewal`?)" in e
        for e in errors
    )


def test_json_output_equals_library_result(school: Path, sd) -> None:
    _replace(school / "registers/people.yaml", "roles: [dpo]", "roles: [dpoo]")
    result = sd("validate", "--format", "json")
    assert result.exit_code == 2
    expected = [p.to_dict() for p in validate_school(school).problems]
    assert payload(result.stdout) == json.loads(json.dumps(expected, default=str))
    assert expected and expected[0]["code"] == "choice-invalid"


def test_malformed_yaml_is_a_located_problem(school: Path, sd) -> None:
    (school / "registers/suppliers.yaml").write_text("- id: x\n  name: [unclosed\n")
    result = sd("validate")
    assert result.exit_code == 2
    assert "registers/suppliers.yaml:3:1: error yaml-syntax:" in result.stderr
    # A register that cannot be parsed does not turn every reference to it into a second error.
    assert "unknown-ref" not in result.stderr


def test_dangling_references_and_duplicates(school: Path, sd) -> None:
    assets = school / "registers/assets.csv"
    lines = assets.read_text().splitlines()
    lines.append(lines[1])  # the same asset twice: duplicate id and serial
    cells = lines[3].split(",")
    cells[4] = "class-9z"  # location that does not exist
    lines[3] = ",".join(cells)
    assets.write_text("\n".join(lines) + "\n")

    result = sd("validate", "--select", "duplicate-id", "--select", "unknown-ref", "--select", "duplicate-serial")

    assert result.exit_code == 2
    out = result.stderr
    assert f"registers/assets.csv:{len(lines)}:" in out and "duplicate id `RP-00001` (first at line 2)" in out
    assert "duplicate-serial" in out
    assert "registers/assets.csv:4:5: error unknown-ref: `location`: no location `class-9z`" in out


def test_no_school_root_is_one_line_not_a_traceback(tmp_path: Path, sd) -> None:
    result = sd("validate", root=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("sd: ") and "school.yaml" in result.stderr
    assert "Traceback" not in result.stderr
