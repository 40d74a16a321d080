"""Timing of `sd check renewals` (the daily cron job) on the generated large secondary school.

Builds the `secondary` preset with bench/generate.py (3,000 assets, 300 contracts, 200 information assets)
in a temp folder, adds the demo strategy and governance records, and times real `sd` processes with
time.perf_counter (resolution ~1 us; process start-up included):
- cold: the first run, with an empty `.sd-cache` (every YAML file parsed);
- warm: the median of 7 later runs (the parse cache filled, as on every cron run after the first).
Targets: cold <= 1.0 s, warm <= 0.4 s. Also `sd check standards` warm (all 50 standards; target <= 1.0 s,
issue 11) and `sd calendar` warm.
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
COLD_S, WARM_S, STANDARDS_S = 1.0, 0.4, 1.0
EXTRAS = ("strategy/strategy.yaml", "registers/continuity-plans.yaml", "registers/reviews.yaml")


def _once(root: Path, *args: str) -> float:
    cmd = [SD, "--root", str(root), *args, "--today", "2026-11-22"]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"sd {' '.join(args)} failed ({done.returncode}): {done.stderr[-800:]}")
    return elapsed


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="sd-bench-checks-"))
    try:
        root = tmp / "school"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--preset", "secondary", "--out", str(root)],
            check=True,
            capture_output=True,
        )
        for extra in EXTRAS:  # the demo's people ids differ, so only records without person refs are copied
            if not (root / extra).exists() and extra.startswith("strategy"):
                (root / extra).parent.mkdir(exist_ok=True)
                shutil.copy(REPO / extra, root / extra)
        assets = sum(1 for _ in (root / "registers" / "assets.csv").open()) - 1
        shutil.rmtree(root / ".sd-cache", ignore_errors=True)
        cold = _once(root, "check", "renewals")
        warm_runs = [_once(root, "check", "renewals") for _ in range(7)]
        warm = statistics.median(warm_runs)
        standards_runs = [_once(root, "check", "standards") for _ in range(5)]
        standards = statistics.median(standards_runs)
        calendar = statistics.median(_once(root, "calendar", "--output", str(tmp / "feed.ics")) for _ in range(3))
        print(f"checks: school with {assets} assets (bench/generate.py --preset secondary)")
        print(
            f"checks: sd check renewals  cold {cold:.3f} s (target <= {COLD_S:.1f}), warm median of 7 {warm:.3f} s "
            f"(min {min(warm_runs):.3f}, max {max(warm_runs):.3f}; target <= {WARM_S:.1f} s)"
        )
        print(
            f"checks: sd check standards warm median of 5 {standards:.3f} s (min {min(standards_runs):.3f}, "
            f"max {max(standards_runs):.3f}; target <= {STANDARDS_S:.1f} s)"
        )
        print(f"checks: sd calendar        warm median of 3 {calendar:.3f} s")
        if cold > COLD_S or warm > WARM_S or standards > STANDARDS_S:
            print("checks: OVER TARGET")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
