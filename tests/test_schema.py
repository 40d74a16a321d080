"""`sd schema`: each register's JSON Schema is a well-formed schema and accepts the demo school's records."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from schooldigital.problems import Source
from schooldigital.store.files import DISK
from schooldigital.store.yamlio import load_mapping, load_records

REGISTER_FILES = {
    "assets": "registers/assets.csv",
    "contracts": "registers/contracts.yaml",
    "information-assets": "registers/information-assets.yaml",
    "locations": "registers/locations.yaml",
    "people": "registers/people.yaml",
    "suppliers": "registers/suppliers.yaml",
    "models": "registers/models.yaml",
}


def _demo_data(school: Path, name: str) -> object:
    """The register as the JSON an editor would check: a list of records (school.yaml: one mapping)."""
    if name == "school":
        raw, _ = load_mapping(school / "school.yaml", Source("school.yaml"), DISK.within(school))
        return json.loads(json.dumps(raw.data, default=str))
    path = school / REGISTER_FILES[name]
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            cells = {"true": True, "false": False}  # CSV text as the YAML form of the register would hold it
            return [{k: cells.get(v, v) for k, v in row.items() if v} for row in csv.DictReader(fh)]
    raws, problems = load_records(path, Source(REGISTER_FILES[name]), None, DISK.within(school))
    assert problems == []
    return json.loads(json.dumps([r.data for r in raws], default=str))


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict]:
    from typer.testing import CliRunner

    from schooldigital.cli import app

    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_register_has_a_schema(schemas: dict[str, dict]) -> None:
    assert set(schemas) == {"school", *REGISTER_FILES}


@pytest.mark.parametrize("name", ["school", *REGISTER_FILES])
def test_schema_is_well_formed(schemas: dict[str, dict], name: str) -> None:
    schema = schemas[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    item = schema if name == "school" else schema["items"]
    if name != "school":
        assert schema["type"] == "array"
    assert item["type"] == "object" and item["additionalProperties"] is False
    assert set(item.get("required", [])) <= set(item["properties"])
    # every $ref resolves inside the document
    text = json.dumps(schema)
    for ref in {part.split('"')[0] for part in text.split('"$ref": "#/')[1:]}:
        node = schema
        for key in ref.split("/"):
            node = node[key]
    _check_keywords(schema)


TYPES = {"object", "array", "string", "integer", "number", "boolean", "null"}


def _check_keywords(node: object) -> None:
    """Draft 2020-12 keyword shapes, checked by hand: the jsonschema installed here (2.6, pinned by the
    openbadges test dependency) knows only draft 4, whose meta-schema rejects 2020-12's numeric
    exclusiveMinimum."""
    import re

    if isinstance(node, list):
        for item in node:
            _check_keywords(item)
        return
    if not isinstance(node, dict):
        return
    if "type" in node:
        kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
        assert set(kinds) <= TYPES, node["type"]
    if "enum" in node:
        assert isinstance(node["enum"], list) and node["enum"]
    if "pattern" in node:
        re.compile(node["pattern"])
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if key in node:
            assert isinstance(node[key], int | float) and not isinstance(node[key], bool), (key, node)
    for key in ("minLength", "maxLength", "minItems"):
        if key in node:
            assert isinstance(node[key], int) and node[key] >= 0
    if "required" in node:
        assert all(isinstance(r, str) for r in node["required"])
    for key in ("anyOf", "allOf", "oneOf"):
        if key in node:
            assert isinstance(node[key], list) and node[key]
    for key, value in node.items():
        if key in ("properties", "$defs"):
            assert isinstance(value, dict)
            for sub in value.values():
                _check_keywords(sub)
        elif key not in ("enum", "default", "examples", "const"):
            _check_keywords(value)


@pytest.mark.parametrize("name", ["school", *REGISTER_FILES])
def test_schema_accepts_the_demo_records_and_rejects_a_typo(schemas: dict[str, dict], name: str, school: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    # Instance checks with draft 4 rules: the keywords these schemas use validate the same way there.
    validator = jsonschema.Draft4Validator(schemas[name])
    data = _demo_data(school, name)
    assert list(validator.iter_errors(data)) == []
    bad = dict(data) if name == "school" else dict(data[0])  # type: ignore[index]
    bad["nmae"] = "typo"
    assert list(validator.iter_errors(bad if name == "school" else [bad]))
