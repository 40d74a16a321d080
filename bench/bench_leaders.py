"""Timing for Digital Leaders (issue 5): validate, report, a 1,000-row Forms import (twice), badge issuing.

Runs real `sd` processes on a temp copy of the demo school and prints one line per figure.
Usage: python bench/bench_leaders.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SD = [sys.executable, "-m", "schooldigital"]


def run(root: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([*SD, "--root", str(root), *args], capture_output=True, env={**os.environ, "SD_NO_CACHE": "1"})
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "school"
        root.mkdir()
        for part in ("school.yaml", "registers", "leaders"):
            src = REPO / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
        header = (
            "Timestamp,Email address,Your initials or class,Which room?,What kind of job is it?,What do you need?\n"
        )
        rows = [
            f"{1 + i % 28:02d}/10/2026 {8 + i % 9:02d}:{i % 60:02d}:{i % 59:02d},t{i}@example.org,WP,class-3a,"
            f"Setting up equipment,Job number {i}\n"
            for i in range(1000)
        ]
        csv_path = Path(tmp) / "responses.csv"
        csv_path.write_text(header + "".join(rows))
        (root / ".sd-local").mkdir()
        (root / ".sd-local/recipients.yaml").write_text("dl-2025-01: a@example.org\ndl-2025-03: p@example.org\n")
        figures = {
            "sd validate (demo + leaders)": run(root, "validate"),
            "sd report leaders --format html": run(root, "report", "leaders", "--format", "html"),
            "sd jobs import (1000 new rows)": run(root, "jobs", "import", str(csv_path)),
            "sd jobs import (same 1000 again)": run(root, "jobs", "import", str(csv_path)),
            "sd validate (with 1071 jobs)": run(root, "validate"),
            "sd badges issue (4 assertions)": run(root, "badges", "issue"),
        }
    for name, seconds in figures.items():
        print(f"leaders: {name}: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
