"""Regenerate the demo school's survey exports (fictional staff, deterministic).

    python tests/data/survey/make_demo.py

Writes a Microsoft Forms export for 2025 (statement ids in the headers, UTF-8 BOM, CRLF, UK dates) and a
Google Forms export for 2026 (plain question text, mapped by surveys/mappings/riverside-google.yaml).
The stored demo rounds were made from them with `sd survey import`.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
FIRST = (
    "Amy Ben Cara Dev Ella Finn Gita Harry Isla Jack Kemi Leo Maya Noah Olu Priya Quinn Rosa Sam Tara "
    "Umar Vera Will Yara Zac Ada Ravi Nell Omar Lily Tom Zara Ivan Beth Kai Mia Theo Ruby Eli Nina"
).split()
LAST = "Shaw Patel Green Osei Wood Kerr Bell Nash Lowe Hart Ives Dunn Moss Reid Cole Fox Gray Lamb Hale Rowe".split()
ROLES = ["Teacher"] * 16 + ["Teaching assistant"] * 12 + ["Leadership"] * 4 + ["Support staff"] * 8
DEPTS = ["EYFS", "KS1", "KS2", "Office"]


def staff() -> list[dict[str, object]]:
    rng = random.Random(2025)
    people = []
    for i in range(40):
        first, last = FIRST[i], LAST[i % len(LAST)]
        role = ROLES[i]
        dept = "Office" if role == "Support staff" and i % 2 else DEPTS[i % 3]
        base = {"Teacher": 1.6, "Teaching assistant": 0.9, "Leadership": 2.0, "Support staff": 0.7}[role]
        levels = [max(0, min(3, round(base + rng.uniform(-1.2, 1.4)))) for _ in range(6)]
        people.append({"first": first, "last": last, "role": role, "dept": dept, "levels": levels, "rng": rng.random()})
    return people


def answers(fw: dict, levels: list[int], rng: random.Random) -> dict[str, str]:
    order = [lv["id"] for lv in fw["levels"]]
    out = {}
    for si, strand in enumerate(fw["strands"]):
        for st in strand["statements"]:
            at = order.index(st["level"])
            if at <= levels[si]:
                out[st["id"]] = "yes" if rng.random() > 0.04 else "partly"
            else:
                out[st["id"]] = "partly" if rng.random() < 0.3 else "no"
    return out


def main() -> None:
    fw = YAML(typ="safe").load((REPO / "surveys/frameworks/digilit-leicester.yaml").read_text())
    labels = {o["value"]: o["label"] for o in fw["scale"]}
    statements = [st for s in fw["strands"] for st in s["statements"]]
    people = staff()
    rng = random.Random(7)
    # 2025: Microsoft Forms, 30 of 40 answered
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Role",
            "Department",
            *[f"[{st['id']}] {st['text']}" for st in statements],
        ]
    )
    for n, p in enumerate([p for p in people if p["rng"] > 0.25][:30], 1):
        ans = answers(fw, p["levels"], rng)
        day = 9 + n % 12
        email = f"{p['first'].lower()}.{p['last'].lower()}@riverside.example.sch.uk"
        w.writerow(
            [
                n,
                f"{day:02d}/06/2025 09:{n:02d}:00",
                f"{day:02d}/06/2025 09:{n + 10:02d}:00",
                email,
                f"{p['first']} {p['last']}",
                p["role"],
                p["dept"],
                *[labels[ans[st["id"]]] for st in statements],
            ]
        )
    (HERE / "riverside-2025-msforms.csv").write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    # 2026: Google Forms, 34 answered, levels up a little after a year of CPD
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "Timestamp",
            "Email Address",
            "What is your role?",
            "Which team are you in?",
            *[st["text"] for st in statements],
            "Anything else you would like to tell us?",
        ]
    )
    for n, p in enumerate([p for p in people if p["rng"] > 0.12][:34], 1):
        levels = [min(3, lv + (1 if rng.random() < 0.35 else 0)) for lv in p["levels"]]
        ans = answers(fw, levels, rng)
        email = f"{p['first'].lower()}.{p['last'].lower()}@riverside.example.sch.uk"
        w.writerow(
            [
                f"{8 + n % 14:02d}/06/2026 15:{n:02d}:30",
                email,
                p["role"],
                p["dept"],
                *[labels[ans[st["id"]]] for st in statements],
                "" if n % 5 else "More time to practise please",
            ]
        )
    (HERE / "riverside-2026-google.csv").write_text(buf.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
