"""A tiny school written to disk for the renewals, standards, calendar and cron tests.

Each test states only the records it is about (contracts, assets, information assets) as YAML/CSV text, so
the date being tested is visible in the test itself.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

SCHOOL = """\
name: Test Primary
urn: "100001"
phase: primary
policy:
  alert_days: [90, 30, 7]
  audit_interval_months: 12
"""
PEOPLE = """\
- id: bob
  name: Bob Lead
  roles: [slt_digital_lead, headteacher]
- id: dee
  name: Dee Safe
  roles: [dsl]
- id: ian
  name: Ian Tech
  roles: [it_support]
- id: gov
  name: Gill Governor
  roles: [governor_digital_link, governor]
"""
SUPPLIERS = "- id: acme\n  name: Acme Ltd\n"
LOCATIONS = "- id: room1\n  name: Room 1\n"
MODELS = """\
- id: lap
  manufacturer: Dell
  name: Latitude
  category: laptop
  lifecycle_months: 60
  end_of_support: 2030-06-30
- id: old
  manufacturer: Acer
  name: C733
  category: chromebook
  lifecycle_months: 60
  end_of_support: 2026-06-01
"""
ASSET_HEADER = "id,category,model,status,location,serial,purchase_date,warranty_end,last_audit,review_due\n"


def contract(cid: str = "c1", **fields: object) -> str:
    """One contract record as YAML; `fields` override the defaults (an active manual contract)."""
    data: dict[str, object] = {
        "id": cid,
        "title": f"Contract {cid}",
        "supplier": "acme",
        "type": "support_maintenance",
        "owner": "bob",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "renewal": "manual",
    }
    data.update(fields)
    lines = [f"- id: {data.pop('id')}"]
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, list):
            value = "[" + ", ".join(str(v) for v in value) + "]"
        lines.append(f"  {key}: {value}")
    return "\n".join(lines) + "\n"


def make_school(
    root: Path,
    *,
    contracts: str = "",
    assets: str = "",
    infos: str = "",
    school: str = SCHOOL,
    extra: dict[str, str] | None = None,
) -> Path:
    """Write the tiny school to `root` and return it. `assets` are CSV rows after ASSET_HEADER."""
    files = {
        "school.yaml": school,
        "registers/people.yaml": PEOPLE,
        "registers/suppliers.yaml": SUPPLIERS,
        "registers/locations.yaml": LOCATIONS,
        "registers/models.yaml": MODELS,
        "registers/contracts.yaml": contracts or "[]\n",
        "registers/information-assets.yaml": infos or "[]\n",
        "registers/assets.csv": ASSET_HEADER + textwrap.dedent(assets),
        **(extra or {}),
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def info_asset(iid: str, last_reviewed: str, interval: int | None = None) -> str:
    text = f"""\
- id: {iid}
  name: Info {iid}
  owner: bob
  format: electronic
  systems: [mis]
  personal_data: false
  purposes: [testing]
  retention: 6 years
  security_measures: [access control]
  last_reviewed: {last_reviewed}
"""
    return text + (f"  review_interval_months: {interval}\n" if interval else "")


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
