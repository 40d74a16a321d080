"""Start-up time of `sd`: `sd --help` against `python -c "import typer"` (target: within 1.3x).

Each figure is the median of N runs of a real process (subprocess + time.perf_counter), so interpreter
start-up is included on both sides. Also times `sd assets add --help` and `sd validate` on the demo school.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
SD = str(Path(PY).parent / "sd")
RUNS = 21
TARGET = 1.3


def median_s(cmd: list[str], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=REPO)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_medians(a: list[str], b: list[str], runs: int = RUNS) -> tuple[float, float]:
    """Medians of `a` and `b` run alternately, so a busy spell on a shared machine slows both sides alike."""
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(median_s(a, 1))
        times_b.append(median_s(b, 1))
    return statistics.median(times_a), statistics.median(times_b)


def main() -> None:
    median_s([SD, "--help"], 3)  # warm the OS file cache and .pyc files first
    typer_s, help_s = paired_medians([PY, "-c", "import typer"], [SD, "--help"])
    add_s = median_s([SD, "assets", "add", "--help"])
    validate_s = median_s([SD, "validate"], 7)
    ratio = help_s / typer_s
    print(f"python -c 'import typer'   {typer_s * 1000:6.0f} ms  (median of {RUNS})")
    print(f"sd --help                  {help_s * 1000:6.0f} ms  = {ratio:.2f}x import typer (target <= {TARGET}x)")
    print(f"sd assets add --help       {add_s * 1000:6.0f} ms")
    print(f"sd validate (demo school)  {validate_s * 1000:6.0f} ms  (median of 7)")
    print("OK" if ratio <= TARGET else "MISSED: sd --help is over budget")


if __name__ == "__main__":
    main()
