"""Time `sd survey import` + `sd survey report` for a large trust: 5,000 respondents x 6 strands.

    .venv/bin/python bench/bench_survey.py [--respondents 5000]

Builds a copy of the demo school in a temp folder, writes a Google Forms-style export (48 DigiLit statement
columns, UK timestamps) and a levels CSV, then runs the real `sd` in subprocesses and prints wall times.
Target (issue 4): import + report <= 3 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SD = str(Path(sys.executable).with_name("sd"))
STRANDS = ["FEO", "CS", "AF", "CCP", "ESO", "TPD"]
LEVELS = ["E", "C", "D", "P"]
NAMES = ["Entry", "Core", "Developer", "Pioneer"]


def make_school(folder: Path) -> Path:
    root = folder / "school"
    root.mkdir()
    for part in ("school.yaml", "registers", "surveys"):
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, root / part, ignore=shutil.ignore_patterns(".respondent-key"))
        elif src.exists():
            shutil.copy2(src, root / part)
    return root


def write_exports(folder: Path, n: int) -> tuple[Path, Path]:
    rng = random.Random(4)
    ids = [f"{s}-{lv}{k}" for s in STRANDS for lv in LEVELS for k in (1, 2)]
    roles = ["Teacher", "Teaching assistant", "Leadership", "Support staff"]
    depts = [f"School {i:02d}" for i in range(25)]
    statements = ["Timestamp,Email Address,Role,Department," + ",".join(f"[{i}] statement" for i in ids)]
    levels = ["respondent,role,department," + ",".join(STRANDS)]
    for r in range(n):
        placed = [rng.randrange(4) for _ in STRANDS]
        answers = []
        for si in range(len(STRANDS)):
            for li in range(4):
                for _ in (1, 2):
                    answers.append("Yes" if li <= placed[si] and rng.random() > 0.05 else rng.choice(["No", "Partly"]))
        role, dept = rng.choice(roles), rng.choice(depts)
        statements.append(
            f"{1 + r % 28:02d}/06/2026 10:{r % 60:02d}:00,staff{r}@trust.example,{role},{dept}," + ",".join(answers)
        )
        levels.append(f"staff{r:05d},{role},{dept}," + ",".join(NAMES[x] for x in placed))
    a, b = folder / "statements.csv", folder / "levels.csv"
    a.write_text("\r\n".join(statements) + "\r\n", encoding="utf-8")
    b.write_text("\n".join(levels) + "\n", encoding="utf-8")
    return a, b


def run(root: Path, *args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([SD, "--root", str(root), *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"sd {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=5000)
    n = parser.parse_args().respondents
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        root = make_school(folder)
        statements, levels = write_exports(folder, n)
        results = []
        for kind, export in (("statements", statements), ("levels", levels)):
            rid = f"bench-{kind}"
            t_import = run(
                root,
                "survey",
                "import",
                str(export),
                "--round",
                rid,
                "--kind",
                kind,
                "--eligible",
                str(n + 500),
                "--date",
                "2026-06-30",
            )
            t_report = run(
                root, "survey", "report", "--round", rid, "--format", "html", "--output", str(folder / "r.html")
            )
            results.append((kind, t_import, t_report))
        t_compare = run(root, "survey", "report", "--round", "bench-statements", "--compare", "bench-levels")
    print(f"survey benchmark: {n} respondents x {len(STRANDS)} strands (wall clock, real sd processes)")
    for kind, t_import, t_report in results:
        total = t_import + t_report
        flag = "ok" if total <= 3.0 else "OVER TARGET"
        print(
            f"  {kind:10s} import {t_import:6.2f} s  report {t_report:6.2f} s  total {total:6.2f} s  [{flag}: <= 3 s]"
        )
    print(f"  report --compare across the two rounds: {t_compare:6.2f} s")


if __name__ == "__main__":
    main()
