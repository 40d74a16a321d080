"""Timing of `sd report strategy --format html` on the generated large secondary school.

Builds the `secondary` preset with bench/generate.py (3,000 assets, 300 contracts, 200 information assets and
its survey responses) in a temp folder, adds the demo strategy, and times real `sd` processes: the median of
5 runs after one warm-up (which fills the parse cache, as any second run in a school does), plus the cold
first run. Target: at most 3 s. Prints one line per figure.
"""

from __future__ import annotations

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


def _once(root: Path, fmt: str) -> float:
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
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
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
        if not (root / "strategy" / "strategy.yaml").exists():
            (root / "strategy").mkdir(exist_ok=True)
            shutil.copy(REPO / "strategy" / "strategy.yaml", root / "strategy" / "strategy.yaml")
        assets = sum(1 for _ in (root / "registers" / "assets.csv").open()) - 1
        cold = _once(root, "html")
        runs = [_once(root, "html") for _ in range(5)]
        md = statistics.median(_once(root, "md") for _ in range(3))
        html = statistics.median(runs)
        size = (root / "strategy.html").stat().st_size
        print(f"reports: school with {assets} assets (bench/generate.py --preset secondary)")
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
