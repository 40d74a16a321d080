"""Time `sd assets reconcile` on a 100,000-device console export against a bare `pandas.read_csv` of it.

    .venv/bin/python bench/bench_reconcile.py [--rows 100000] [--rounds 5]

Writes two exports into a temp folder: Google Admin's Chrome device list (14 columns, RFC 3339 sync times,
AUE months) and Intune's "all inventory" devices export (53 columns, most empty, as the console writes it).
A tenth of the serials are the demo school's own devices; the rest are unregistered. Then runs, each in a
fresh process, in rounds (5 by default) that interleave the three commands, so a busy machine slows each
about as much; the figures are medians over the rounds, the ratios medians of each round's ratio:
- the floor: `pandas.read_csv(path)` and nothing else;
- `sd assets reconcile EXPORT` against the demo school: reading, detecting the console, matching,
  differences, security and the report of every unregistered device, as text and as JSON.
Target (issue 17): the reconcile < 2x the floor, in both formats.
"""

from __future__ import annotations

import argparse
import csv
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FLOOR = "import sys, pandas; pandas.read_csv(sys.argv[1])"
GOOGLE = (
    "Serial Number,Status,Asset ID,Location,User,Notes,Last Sync,Model,OS Version,Platform Version,Org Unit Path,"
    "MAC Address,Auto Update Expiration,Most Recent User"
).split(",")
INTUNE = (
    "Device ID,Device name,Enrollment date,Last check-in,Azure AD Device ID,OS version,Azure AD registered,"
    "EAS activation ID,Serial number,Manufacturer,Model,EAS activated,IMEI,Last EAS sync time,EAS reason,EAS status,"
    "Compliance grace period expiration,Security patch level,Wi-Fi MAC,MEID,Subscriber carrier,Total storage,"
    "Free storage,Management name,Category,UserId,Primary user UPN,Primary user email address,"
    "Primary user display name,WiFiIPv4Address,WiFiSubnetID,Compliance,Managed by,Ownership,Device state,"
    "Intune registered,Supervised,Encrypted,OS,SkuFamily,JoinType,Phone number,Jailbroken,ICCID,EthernetMAC,"
    "CellularTechnology,ProcessorArchitecture,EID,SystemManagementBIOSVersion,TPMManufacturerId,"
    "TPMManufacturerVersion,ProductName,Management certificate expiration date"
).split(",")


def demo_serials(category: set[str]) -> list[str]:
    with (REPO / "registers" / "assets.csv").open() as fh:
        return [r["serial"] for r in csv.DictReader(fh) if r["category"] in category and r["serial"]]


def write_google(path: Path, rows: int) -> None:
    own = demo_serials({"chromebook"})
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(GOOGLE)
        for i in range(rows):
            serial = own[i // 10 % len(own)] if i % 10 == 0 and i // 10 < len(own) else f"NX{i:010d}"
            day = 1 + i % 28
            out.writerow([serial, "ACTIVE", "", ["Library", "Hall", "Classroom 3A"][i % 3], "", "",
                          f"2026-{1 + i % 11:02d}-{day:02d}T08:{i % 60:02d}:{i % 59:02d}.{i % 1000:03d}Z",
                          ["Lenovo 100e Chromebook Gen 4", "Acer Chromebook 311 (C733)"][i % 2],
                          f"{126 + i % 6}.0.6478.{i % 300}", f"1{5800 + i % 300}.{i % 70}.0", f"/Pupils/Year {i % 7}",
                          f"a4:b1:c1:{i % 256:02x}:{i // 256 % 256:02x}:00", f"20{27 + i % 6}-06",
                          f"pupil{i}@pupils.example.sch.uk"])  # fmt: skip


def write_intune(path: Path, rows: int) -> None:
    own = demo_serials({"laptop", "desktop"})
    at = {name: i for i, name in enumerate(INTUNE)}
    builds = ["10.0.26100.2314", "10.0.22631.4460", "10.0.19045.5131", "10.0.26200.7019"]
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(INTUNE)
        for i in range(rows):
            row = [""] * len(INTUNE)
            serial = own[i // 10 % len(own)] if i % 10 == 0 and i // 10 < len(own) else f"PF{i:08d}"
            for name, value in (
                ("Device ID", f"7f3c9a2e-{i:04x}-4000-8000-{i:012d}"),
                ("Device name", f"PC-{i:06d}"),
                ("Enrollment date", "2024-09-02 09:00:00.0000000"),
                ("Last check-in", f"2026-{1 + i % 11:02d}-{1 + i % 28:02d} 08:{i % 60:02d}:11.0000000"),
                ("OS version", builds[i % 4]),
                ("Serial number", serial),
                ("Manufacturer", "LENOVO"),
                ("Model", "ThinkPad L13 Gen 4"),
                ("Primary user UPN", f"user{i}@example.sch.uk"),
                ("Primary user email address", f"user{i}@example.sch.uk"),
                ("Primary user display name", f"User {i}"),
                ("Compliance", "Compliant"),
                ("Managed by", "Intune"),
                ("Ownership", "Corporate"),
                ("Device state", "Managed"),
                ("OS", "Windows"),
                ("SkuFamily", ["Education", "Pro"][i % 2]),
                ("JoinType", "Azure AD joined"),
                ("Compliance grace period expiration", "9999-12-31 23:59:59.9999999"),
            ):
                row[at[name]] = value
            out.writerow(row)


def make_school(folder: Path) -> Path:
    root = folder / "school"
    root.mkdir()
    for part in ("school.yaml", "registers"):
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, root / part)
        else:
            shutil.copy2(src, root / part)
    return root


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run. On a shared machine the CPU time is the steadier
    figure: waiting for a core counts in the wall clock only."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, check=False)  # bytes: decoding 20 MB of JSON is ours, not sd's
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd[:6])} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')[-2000:]}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rows = args.rows
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        school = make_school(folder)
        for name, write in (("google", write_google), ("intune", write_intune)):
            export = folder / f"{name}.csv"
            write(export, rows)
            size = export.stat().st_size / 1e6
            sd = [sys.executable, "-m", "schooldigital", "--root", str(school), "assets", "reconcile", str(export)]
            commands = {
                "floor": [sys.executable, "-c", FLOOR, str(export)],
                "(text)": [*sd, "--today", "2026-11-30"],
                "--format json": [*sd, "--format", "json", "--today", "2026-11-30"],
            }
            rounds = [{label: timed(cmd) for label, cmd in commands.items()} for _ in range(args.rounds)]
            wall, cpu = ({label: statistics.median(r[label][i] for r in rounds) for label in commands} for i in (0, 1))
            print(f"{name}: {rows:,} devices, {size:.1f} MB (wall clock; CPU time; {args.rounds} rounds)")
            print(f"  pandas.read_csv                    {wall['floor']:5.2f} s; {cpu['floor']:5.2f} s")
            for what in ("(text)", "--format json"):
                ratio = [statistics.median(r[what][i] / r["floor"][i] for r in rounds) for i in (0, 1)]
                ratios = f"{ratio[0]:.2f}x; {ratio[1]:.2f}x the read (target < 2x)"
                print(f"  sd assets reconcile {what:14} {wall[what]:5.2f} s; {cpu[what]:5.2f} s  = {ratios}")


if __name__ == "__main__":
    main()
