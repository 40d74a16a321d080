"""Timing of `sd report strategy --format html` on the generated large secondary school.

Builds the `secondary` preset with bench/generate.py (3,000 assets, 300 contracts, 200 information assets)
in a temp folder, adds the demo strategy and survey frameworks (not the demo's Digital Leaders: they name a
primary's classes), imports a 150-respondent DigiLit survey round through `sd survey import` (the export
written by bench_survey.py), and times real `sd` processes: the cold first run (SD_NO_CACHE=1: every file
parsed and validated) and the median of 5 runs after it (the parse cache filled, as on any second run in a
school). Target: at most 3 s. Prints one line per figure.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SD = str(Path(sys.executable).parent / "sd")
TARGET_S = 3.0
RESPONDENTS = 150


def _add_people_data(root: Path, tmp: Path) -> None:
    """The demo's strategy and survey frameworks, plus one imported survey round."""
    sys.path.insert(0, str(HERE))
    from bench_survey import write_exports

    for part in ("strategy", "surveys/frameworks", "surveys/mappings"):
        if not (root / part).exists():
            shutil.copytree(REPO / part, root / part)
    _, levels = write_exports(tmp, RESPONDENTS)
    args = ["survey", "import", str(levels), "--round", "2026-summer", "--kind", "levels", "--eligible", "170"]
    subprocess.run([SD, "--root", str(root), *args, "--date", "2026-06-30"], check=True, capture_output=True)


def _once(root: Path, fmt: str, env: dict[str, str] | None = None) -> float:
    cmd = [
        SD,
        "--root",
        str(root),
        "report",
        "strategy",
        "--format",
        fmt,
        "--today",
        "2026-11-22",
        "--output",
        str(root / f"strategy.{fmt}"),
    ]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"sd report failed: {done.stderr[-800:]}")
    return elapsed


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="sd-bench-reports-"))
    try:
        root = tmp / "school"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--preset", "secondary", "--out", str(root)],
            check=True,
            capture_output=True,
        )
        _add_people_data(root, tmp)
        assets = sum(1 for _ in (root / "registers" / "assets.csv").open()) - 1
        cold = _once(root, "html", {**os.environ, "SD_NO_CACHE": "1"})
        if f"{RESPONDENTS} staff answered" not in (root / "strategy.html").read_text(encoding="utf-8"):
            raise SystemExit("the report does not show the imported survey round")
        runs = [_once(root, "html") for _ in range(5)]
        md = statistics.median(_once(root, "md") for _ in range(3))
        html = statistics.median(runs)
        size = (root / "strategy.html").stat().st_size
        print(
            f"reports: school with {assets} assets (bench/generate.py --preset secondary), "
            f"{RESPONDENTS} survey responses"
        )
        print(
            f"reports: sd report strategy --format html  cold {cold:.3f} s, median of 5 {html:.3f} s "
            f"(min {min(runs):.3f}, max {max(runs):.3f}; target <= {TARGET_S:.1f} s; time.perf_counter, ~1 us)"
        )
        print(f"reports: sd report strategy --format md    median of 3 {md:.3f} s")
        print(f"reports: HTML size {size / 1024:.0f} KiB")
        if html > TARGET_S:
            print(f"reports: SLOWER THAN TARGET ({html:.3f} s > {TARGET_S} s)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
