"""JSON Schema of every register, so editors (VS Code's YAML extension) complete and check fields."""

from __future__ import annotations

from typing import Any

from schooldigital.models.assets import Asset
from schooldigital.models.base import Record
from schooldigital.models.contracts import Contract
from schooldigital.models.information import InformationAsset
from schooldigital.models.lookups import DeviceModel, Location, Person, Supplier
from schooldigital.models.school import SchoolConfig

REGISTER_MODELS: dict[str, type[Record]] = {
    "assets": Asset,
    "contracts": Contract,
    "information-assets": InformationAsset,
    "locations": Location,
    "people": Person,
    "suppliers": Supplier,
    "models": DeviceModel,
}


def register_schema(name: str) -> dict[str, Any]:
    """Schema of one register file: a list of records (school.yaml is a single mapping)."""
    if name == "school":
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", **SchoolConfig.model_json_schema()}
    item = REGISTER_MODELS[name].model_json_schema()
    defs = item.pop("$defs", {})
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"sd {name} register",
        "type": "array",
        "items": item,
    }
    if defs:
        schema["$defs"] = defs
    return schema


def all_schemas() -> dict[str, dict[str, Any]]:
    return {name: register_schema(name) for name in ["school", *REGISTER_MODELS]}
