"""Timing of everyday writes on a large register: a one-row `sd assets edit` of a 10,000-row asset CSV.

Builds a 10,000-asset school with bench/generate.py and times real `sd` processes (median of 3): an edit that
changes one row (the whole school is validated before the write, as always), and the same edit again, which
is no change. Target (issue 18): under 1 s. Prints one line per figure.
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
SD = str(Path(sys.executable).parent / "sd")
ASSETS = 10_000


def _time(*cmd: str, cwd: Path, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="sd-bench-edit-"))
    try:
        root = tmp / "school"
        generate = [sys.executable, str(HERE / "generate.py"), "--preset", "secondary", "--assets", str(ASSETS)]
        subprocess.run([*generate, "--out", str(root)], cwd=tmp, check=True, capture_output=True)
        path = root / "registers/assets.csv"
        rid = path.read_text().splitlines()[ASSETS // 2].split(",", 1)[0]
        before = path.read_text().splitlines()
        notes = iter(f"checked {n}" for n in range(100))
        edit = _time_each(root, lambda: (SD, "--root", str(root), "assets", "edit", rid, "--notes", next(notes)))
        after = path.read_text().splitlines()
        changed = sum(a != b for a, b in zip(before, after, strict=True))
        print(f"sd assets edit, one row of {ASSETS} ({changed} line changed): median {edit:.2f}s (target < 1 s)")
        same = _time(SD, "--root", str(root), "assets", "edit", rid, "--notes", "checked 2", cwd=root)
        print(f"the same edit again (no change): median {same:.2f}s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _time_each(root: Path, command: object, repeat: int = 3) -> float:
    """Median time of `repeat` runs, each with a fresh command line (a new value, so every run writes)."""
    times = []
    for _ in range(repeat):
        cmd = command()  # type: ignore[operator]
        start = time.perf_counter()
        subprocess.run(cmd, cwd=root, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    main()
