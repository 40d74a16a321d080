"""Generate a realistic school data repository of any size, deterministically.

Used to build the demo school (`python bench/generate.py --preset demo --out .`) and the large data
sets the benchmarks run on (`--preset secondary`, or `--assets 100000` for the validation benchmark).
Writes plain text directly so the output looks like files a person keeps: comments, flow lists, LF.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
from pathlib import Path

PRESETS = {
    "demo": {
        "name": "Riverside Primary School",
        "urn": "123456",
        "phase": "primary",
        "forms": 2,
        "assets": 320,
        "contracts": 40,
        "info": 25,
        "staff": 28,
    },
    "secondary": {
        "name": "Hillcrest Academy",
        "urn": "654321",
        "phase": "secondary",
        "forms": 10,
        "assets": 3000,
        "contracts": 300,
        "info": 200,
        "staff": 160,
    },
}
TODAY = dt.date(2026, 11, 22)

MODELS = [
    # id, manufacturer, name, category, lifecycle months, vendor end of support, unit cost
    ("dell-latitude-3440", "Dell", "Latitude 3440", "laptop", 60, "2029-06-30", 689),
    ("dell-latitude-5400", "Dell", "Latitude 5400", "laptop", 60, "2025-10-14", 720),
    ("lenovo-100e-g4", "Lenovo", "100e Chromebook Gen 4", "chromebook", 60, "2032-06-01", 259),
    ("acer-c733", "Acer", "Chromebook 311 C733", "chromebook", 60, "2026-06-01", 199),
    ("ipad-9", "Apple", "iPad (9th generation)", "tablet", 48, "2028-09-30", 329),
    ("ipad-6", "Apple", "iPad (6th generation)", "tablet", 48, "2024-09-16", 319),
    ("hp-prodesk-400-g7", "HP", "ProDesk 400 G7 SFF", "desktop", 72, "2025-10-14", 610),
    ("hp-prodesk-400-g9", "HP", "ProDesk 400 G9 SFF", "desktop", 72, "2030-10-14", 655),
    ("promethean-ap9", "Promethean", "ActivPanel 9 75in", "display_panel", 96, "", 2450),
    ("epson-eb-680", "Epson", "EB-680 projector", "display_panel", 84, "", 780),
    ("iiyama-prolite-24", "iiyama", "ProLite 24in", "monitor", 96, "", 119),
    ("kyocera-m3655", "Kyocera", "ECOSYS M3655idn", "printer", 84, "", 890),
    ("ubiquiti-u6-pro", "Ubiquiti", "UniFi U6 Pro", "network", 84, "2031-01-01", 149),
    ("aruba-2930f", "HPE Aruba", "2930F 48G switch", "network", 84, "2027-12-31", 2100),
    ("sophos-xgs-2100", "Sophos", "XGS 2100 firewall", "network", 60, "2029-03-31", 1850),
    ("dell-r350", "Dell", "PowerEdge R350", "server", 72, "2030-05-31", 3200),
    ("synology-ds923", "Synology", "DS923+ NAS", "storage", 72, "2029-12-31", 560),
    ("bee-bot", "TTS", "Bee-Bot", "peripheral", 60, "", 59),
    ("microbit-v2", "Micro:bit", "micro:bit v2 class pack", "peripheral", 60, "", 450),
    ("iphone-se", "Apple", "iPhone SE (3rd gen)", "phone", 36, "2028-03-31", 429),
]
SUPPLIERS = [
    ("xma", "XMA Ltd", False),
    ("ldc", "LDC Education IT", True),
    ("rm", "RM Education", True),
    ("jisc", "Jisc", True),
    ("google", "Google Workspace for Education", True),
    ("microsoft", "Microsoft (via LA licensing)", True),
    ("arbor", "Arbor Education", True),
    ("cpoms", "CPOMS Systems", True),
    ("smoothwall", "Smoothwall (Qoria)", True),
    ("sophos", "Sophos", False),
    ("kyocera", "Kyocera Document Solutions", False),
    ("promethean", "Promethean", False),
    ("parentpay", "ParentPay", True),
    ("purplemash", "2Simple (Purple Mash)", True),
    ("bt", "BT Business", False),
    ("wonde", "Wonde", True),
    ("evolve", "EVOLVE (Eduspot)", True),
    ("tts", "TTS Group", False),
]
CONTRACT_KINDS = [
    # title, supplier, type, renewal, term months, notice, cost, period, processor
    ("Broadband and filtered internet", "jisc", "connectivity", "auto", 36, "90 days", 4200, "annual", False),
    ("Web filtering and monitoring", "smoothwall", "saas_service", "auto", 12, "60 days", 2350, "annual", True),
    ("Managed IT support", "ldc", "support_maintenance", "auto", 12, "3 months", 14500, "annual", True),
    ("Management information system", "arbor", "saas_service", "auto", 36, "6 months", 6100, "annual", True),
    ("Safeguarding records", "cpoms", "saas_service", "auto", 12, "30 days", 1150, "annual", True),
    ("Google Workspace for Education Plus", "google", "software_subscription", "manual", 12, "", 1800, "annual", True),
    ("Microsoft 365 A3 (staff)", "microsoft", "software_subscription", "auto", 12, "30 days", 2900, "annual", True),
    ("Firewall licence and support", "sophos", "support_maintenance", "manual", 36, "", 1650, "annual", False),
    ("Managed print service", "kyocera", "print_managed", "auto", 60, "90 days", 310, "monthly", False),
    ("Telephony (hosted VoIP)", "bt", "telecoms", "rolling", 1, "30 days", 95, "monthly", False),
    ("Online payments", "parentpay", "saas_service", "auto", 12, "90 days", 1400, "annual", True),
    ("Purple Mash curriculum licence", "purplemash", "approved_app", "manual", 12, "", 795, "annual", True),
    ("MIS data integration", "wonde", "saas_service", "auto", 12, "30 days", 450, "annual", True),
    ("Trips and visits management", "evolve", "saas_service", "manual", 12, "", 380, "annual", True),
    (
        "Interactive panel warranty extension",
        "promethean",
        "warranty_extension",
        "none",
        36,
        "",
        1200,
        "one_off",
        False,
    ),
    ("Backup and disaster recovery (cloud)", "rm", "saas_service", "auto", 12, "60 days", 1750, "annual", True),
]
APPS = [
    "Seesaw",
    "Times Tables Rock Stars",
    "Spelling Shed",
    "Scratch",
    "Canva for Education",
    "Padlet",
    "Kahoot!",
    "Mathletics",
    "Bug Club",
    "Reading Eggs",
    "Tapestry",
    "Oak National Academy",
    "BBC Bitesize",
    "Google Classroom",
    "Microsoft Teams",
    "Book Creator",
    "Duolingo for Schools",
    "Espresso Coding",
]
INFO_ASSETS = [
    ("Pupil core records", "pupils", "public_task", "arbor", True),
    ("Attendance registers", "pupils", "legal_obligation", "arbor", False),
    ("Safeguarding and child protection files", "pupils", "legal_obligation", "cpoms", True),
    ("SEND records and EHC plans", "pupils", "legal_obligation", "arbor", True),
    ("Medical and allergy information", "pupils", "vital_interests", "arbor", True),
    ("Assessment and attainment data", "pupils", "public_task", "arbor", False),
    ("Staff personnel files", "staff", "contract", "", True),
    ("Payroll and pensions", "staff", "contract", "", False),
    ("Single central record", "staff", "legal_obligation", "", False),
    ("Parent contact details", "parents_carers", "public_task", "arbor", False),
    ("School meal and trip payments", "parents_carers", "contract", "parentpay", False),
    ("CCTV recordings", "visitors", "public_task", "", False),
    ("Visitor sign-in log", "visitors", "legitimate_interests", "", False),
    ("Governor records", "governors", "legal_obligation", "", False),
    ("Admissions applications", "applicants", "public_task", "", False),
    ("Web filtering and monitoring logs", "pupils", "legal_obligation", "smoothwall", False),
    ("Pupil work in Google Workspace", "pupils", "public_task", "google", False),
    ("Staff email and documents (Microsoft 365)", "staff", "public_task", "microsoft", False),
    ("Curriculum platform accounts (Purple Mash)", "pupils", "public_task", "purplemash", False),
    ("Educational visits forms", "pupils", "public_task", "evolve", True),
    ("Exclusions and behaviour logs", "pupils", "public_task", "arbor", False),
    ("Free school meals eligibility", "parents_carers", "public_task", "arbor", True),
    ("Photographs and publicity consents", "pupils", "consent", "", False),
    ("Accident and incident book", "staff", "legal_obligation", "", True),
    ("Backups of school servers", "staff", "public_task", "rm", True),
]
FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Daniel",
    "Emma",
    "Farah",
    "George",
    "Hannah",
    "Imran",
    "Jess",
    "Kofi",
    "Laura",
    "Mo",
    "Nadia",
    "Owen",
    "Priya",
    "Rhys",
    "Sara",
    "Tom",
    "Uma",
    "Vikram",
    "Wendy",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Novak",
    "Owusu",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
    "Walsh",
    "Young",
]


def _d(day: dt.date) -> str:
    return day.isoformat()


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class School:
    def __init__(self, preset: str, seed: int = 2026) -> None:
        self.p = dict(PRESETS[preset])
        self.rng = random.Random(seed)

    def classes(self) -> list[str]:
        years = ["R", "1", "2", "3", "4", "5", "6"] if self.p["phase"] == "primary" else [str(y) for y in range(7, 14)]
        letters = "ABCDEFGHJK"[: self.p["forms"]]
        return [f"{y}{c}" for y in years for c in letters]

    def school_yaml(self) -> str:
        return f"""# The school this repository describes, and the policy every sd check falls back on.
name: {self.p["name"]}
urn: "{self.p["urn"]}"
phase: {self.p["phase"]}
currency: GBP
asset_prefix: {"".join(w[0] for w in self.p["name"].split()[:2]).upper()}
base_url: https://www.example.sch.uk/digital
policy:
  # Months before a device of each category is due for replacement (school policy, not DfE).
  lifecycle_months:
    laptop: 60
    desktop: 72
    chromebook: 60
    tablet: 48
    phone: 36
    monitor: 96
    display_panel: 96
    printer: 84
    network: 84
    server: 72
    storage: 72
    av: 96
    peripheral: 60
    other: 60
  alert_days: [90, 30, 7]
  audit_interval_months: 12
  review_interval_months:
    information_assets: 12
    registers: 12
    strategy: 12
    continuity_plan: 12
    filtering_monitoring: 12
  commit: false
"""

    def locations(self) -> list[dict[str, str]]:
        rows = [
            {"id": f"class-{c.lower()}", "name": f"Classroom {c}", "kind": "classroom", "site": "main"}
            for c in self.classes()
        ]
        rows += [
            {"id": "office", "name": "School office", "kind": "office", "site": "main"},
            {"id": "head-office", "name": "Headteacher's office", "kind": "office", "site": "main"},
            {"id": "hall", "name": "Main hall", "kind": "hall", "site": "main"},
            {"id": "library", "name": "Library", "kind": "library", "site": "main"},
            {"id": "ict-suite", "name": "ICT suite", "kind": "suite", "site": "main"},
            {"id": "server-room", "name": "Server cupboard", "kind": "server_room", "site": "main"},
            {"id": "staffroom", "name": "Staff room", "kind": "other", "site": "main"},
            {"id": "it-store", "name": "IT store", "kind": "store", "site": "main"},
            {"id": "senco-room", "name": "SENCo room", "kind": "office", "site": "main"},
        ]
        return rows

    def people(self) -> list[dict[str, object]]:
        roles = [
            ["headteacher", "slt_digital_lead"],
            ["dpo"],
            ["dsl"],
            ["business_manager", "finance"],
            ["it_support"],
            ["computing_lead"],
            ["governor_digital_link", "governor"],
        ]
        out = []
        used: set[str] = set()
        for i in range(self.p["staff"]):
            while True:
                first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
                pid = f"{first[0]}{last[:3]}".lower()
                if pid not in used:
                    used.add(pid)
                    break
            r = roles[i] if i < len(roles) else ["staff"]
            dept = "governors" if "governor" in r else self.rng.choice(["EYFS", "KS1", "KS2", "office"])
            out.append({"id": pid, "name": f"{first} {last}", "roles": r, "department": dept})
        return out

    def assets(self, n: int, people: list[dict[str, object]], locs: list[dict[str, str]]) -> list[dict[str, str]]:
        rng = self.rng
        prefix = "".join(w[0] for w in self.p["name"].split()[:2]).upper()
        width = max(5, len(str(n)))
        rows = []
        classrooms = [loc["id"] for loc in locs if loc["kind"] == "classroom"]
        weights = [14, 6, 30, 18, 8, 6, 8, 7, 3, 3, 4, 2, 1, 1, 1, 3, 2, 1, 1, 2]
        for i in range(1, n + 1):
            model = rng.choices(MODELS, weights=weights)[0]
            mid, maker, _, cat, _, _, cost = model
            bought = TODAY - dt.timedelta(days=rng.randint(30, 365 * 8))
            status = rng.choices(
                ["deployed", "in_stock", "in_repair", "broken", "retired", "disposed", "loaned"],
                weights=[80, 6, 2, 2, 3, 5, 2],
            )[0]
            loc = {"server": "server-room", "storage": "server-room", "network": "server-room"}.get(
                cat, rng.choice(classrooms + ["ict-suite", "office", "library", "hall", "it-store"])
            )
            if cat in ("laptop", "phone"):
                assigned = f"person:{rng.choice(people)['id']}"
            elif cat in ("chromebook", "tablet") and loc.startswith("class-"):
                assigned = f"class:{loc.removeprefix('class-').upper()}"
            elif loc != "it-store":
                assigned = f"room:{loc}"
            else:
                assigned = ""
            row = {
                "id": f"{prefix}-{i:0{width}d}",
                "category": cat,
                "model": mid,
                "status": status,
                "location": loc,
                "serial": f"{maker[:2].upper()}{rng.randrange(16**8):08X}{i:04d}",
                "assigned_to": assigned,
                "purchase_date": _d(bought),
                "supplier": rng.choice(["xma", "ldc", "rm", "tts"]),
                "order_ref": f"PO{bought.year}-{rng.randint(100, 999)}",
                "cost": f"{cost:.2f}",
                "funding": rng.choice(["capital", "revenue", "devolved formula capital", "PTA"]),
                "warranty_end": _d(_add_months(bought, rng.choice([12, 24, 36, 36, 60]))),
                "last_audit": _d(TODAY - dt.timedelta(days=rng.randint(20, 500))),
            }
            if status == "disposed":
                row["assigned_to"] = ""
                row["location"] = "it-store"
                row["disposal_date"] = _d(min(TODAY, bought + dt.timedelta(days=rng.randint(900, 2900))))
                row["disposal_method"] = rng.choice(["weee_contractor", "manufacturer_takeback", "recycling"])
                row["disposal_certificate"] = f"WEEE-{rng.randint(10000, 99999)}"
                row["data_wiped"] = "true"
            rows.append(row)
        return rows

    def contracts(self, n: int, people: list[dict[str, object]]) -> list[str]:
        rng = self.rng
        owners = [p["id"] for p in people[:5]]
        blocks = []
        for i in range(n):
            if i < len(CONTRACT_KINDS):
                title, supplier, kind, renewal, term, notice, cost, period, processor = CONTRACT_KINDS[i]
            else:
                app = APPS[i % len(APPS)]
                title = app if i < len(CONTRACT_KINDS) + len(APPS) else f"{app} ({i})"
                supplier, kind = rng.choice(SUPPLIERS)[0], "approved_app"
                renewal, term = rng.choice([("manual", 12), ("auto", 12), ("none", 12)])
                notice = "30 days" if renewal == "auto" else ""
                cost, period, processor = rng.choice([0, 120, 250, 495, 900]), "annual", True
            start = TODAY - dt.timedelta(days=rng.randint(60, 900))
            end = _add_months(start, term)
            while end < TODAY - dt.timedelta(days=40):
                end = _add_months(end, term)
            cid = "".join(ch if ch.isalnum() else "-" for ch in title.lower()).strip("-")
            while "--" in cid:
                cid = cid.replace("--", "-")
            if len(cid) > 30:
                cid = cid[:30].rsplit("-", 1)[0]
            cid = f"c{i + 1:03d}-{cid.strip('-')}"
            lines = [
                f"- id: {cid}",
                f"  title: {_q(title)}",
                f"  supplier: {supplier}",
                f"  type: {kind}",
                f"  owner: {rng.choice(owners)}",
                f"  start_date: {_d(start)}",
            ]
            if renewal != "rolling":
                lines.append(f"  end_date: {_d(end)}")
            lines.append(f"  renewal: {renewal}")
            if renewal == "auto":
                lines.append(f"  renewal_term_months: {term}")
            if notice:
                lines.append(f"  notice: {notice}")
            if i % 7 == 0:
                lines.append("  alert_days: [120, 60, 14]")
            lines += ["  cost:", f"    amount: {cost:.2f}", f"    period: {period}"]
            if kind in ("software_subscription", "saas_service", "approved_app"):
                lines.append(f"  seats: {rng.choice([30, 60, 120, 250, 420])}")
            if processor:
                lines.append("  processor: true")
                lines.append(f"  dpa_ref: DPA-{supplier.upper()}-{start.year}")
            blocks.append("\n".join(lines))
        return blocks

    def information_assets(self, n: int, people: list[dict[str, object]], contracts: list[str]) -> list[str]:
        rng = self.rng
        by_supplier: dict[str, str] = {}
        for block in contracts:
            fields = dict(line.strip().split(": ", 1) for line in block.splitlines() if ": " in line)
            if fields.get("processor") == "true":
                by_supplier.setdefault(fields["supplier"], fields["- id"] if "- id" in fields else fields["id"])
        dpo = next(p["id"] for p in people if "dpo" in p["roles"])  # type: ignore[operator]
        blocks = []
        for i in range(n):
            name, subject, basis, supplier, special = INFO_ASSETS[i % len(INFO_ASSETS)]
            if i >= len(INFO_ASSETS):
                name = f"{name} ({i // len(INFO_ASSETS) + 1})"
            iid = f"ia{i + 1:03d}"
            reviewed = TODAY - dt.timedelta(days=rng.randint(30, 480))
            lines = [
                f"- id: {iid}",
                f"  name: {_q(name)}",
                f"  owner: {rng.choice([dpo, people[0]['id']])}",
                f"  format: {rng.choice(['electronic', 'electronic', 'both'])}",
                f"  systems: [{supplier or 'school file server'}]",
                "  personal_data: true",
                f"  data_subjects: [{subject}]",
                "  data_categories: [identity, contact]",
            ]
            if special:
                lines += [
                    "  special_category: true",
                    "  special_categories: [health]",
                    "  article9_condition: substantial public interest (DPA 2018 Sch.1 Part 2)",
                ]
            lines += [
                f"  purposes: [{_q('statutory duties of the school for ' + subject.replace('_', ' '))}]",
                f"  lawful_basis: {basis}",
                "  recipients: [local authority, DfE]",
            ]
            if supplier and supplier in by_supplier:
                lines.append(f"  processors: [{by_supplier[supplier]}]")
            lines += [
                "  retention: date of birth + 25 years (IRMS toolkit)",
                "  security_measures: [role-based access, MFA for staff, encrypted at rest]",
                f"  risk: {'high' if special else rng.choice(['low', 'medium'])}",
                f"  last_reviewed: {_d(reviewed)}",
            ]
            blocks.append("\n".join(lines))
        return blocks

    def write(self, out: Path, assets: int | None = None) -> None:
        (out / "registers").mkdir(parents=True, exist_ok=True)
        (out / "school.yaml").write_text(self.school_yaml())
        locs = self.locations()
        people = self.people()
        _write_yaml(out / "registers/locations.yaml", "Rooms and sites assets live in.", locs)
        _write_yaml(
            out / "registers/people.yaml",
            "Staff and governors. Roles: slt_digital_lead, dpo, dsl, it_support, business_manager, "
            "governor_digital_link...\n# Pupils are never listed here.",
            people,
        )
        _write_yaml(
            out / "registers/suppliers.yaml",
            "Suppliers named by assets and contracts.",
            [{"id": s, "name": n, "processor": "true" if p else "false"} for s, n, p in SUPPLIERS],
        )
        _write_yaml(
            out / "registers/models.yaml",
            "Device models: lifecycle in months and the vendor's end-of-support date.",
            [
                {
                    "id": m[0],
                    "manufacturer": m[1],
                    "name": m[2],
                    "category": m[3],
                    "lifecycle_months": str(m[4]),
                    "end_of_support": m[5],
                }
                for m in MODELS
            ],
        )
        rows = self.assets(assets or self.p["assets"], people, locs)
        # Every column from the start, as sd writes it: later edits then change only their own rows (issue 18).
        from schooldigital.models.assets import ASSET_COLUMNS

        header = list(ASSET_COLUMNS)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        (out / "registers/assets.csv").write_text(buf.getvalue())
        contracts = self.contracts(self.p["contracts"], people)
        (out / "registers/contracts.yaml").write_text(
            "# Contracts register: licences, subscriptions, broadband, IT support and approved apps.\n"
            "# end_date is the end of the CURRENT term; update it when a contract renews.\n\n"
            + "\n\n".join(contracts)
            + "\n"
        )
        infos = self.information_assets(self.p["info"], people, contracts)
        (out / "registers/information-assets.yaml").write_text(
            "# Information asset register (UK GDPR Art. 30 record of processing). Owner: the DPO.\n\n"
            + "\n\n".join(infos)
            + "\n"
        )


def _q(text: str) -> str:
    return f'"{text}"' if any(ch in text for ch in ":#[]{},&*!|>'\"%@`") else text


def _write_yaml(path: Path, comment: str, rows: list[dict[str, object]]) -> None:
    lines = [f"# {comment}", ""]
    for row in rows:
        first = True
        for key, value in row.items():
            if value in ("", None):
                continue
            if isinstance(value, list):
                value = "[" + ", ".join(map(str, value)) + "]"
            lines.append(
                f"{'- ' if first else '  '}{key}: {_q(str(value)) if not str(value).startswith('[') else value}"
            )
            first = False
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", choices=sorted(PRESETS), default="secondary")
    parser.add_argument("--assets", type=int, help="override the number of assets")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    School(args.preset, args.seed).write(args.out, args.assets)


if __name__ == "__main__":
    main()
