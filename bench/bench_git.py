"""Timing of the git workflow on a large school: `sd diff` between revisions, the merge driver, renumber.

Builds a 10,000-asset school with bench/generate.py in a temp git repository, changes 200 assets on a
branch, and times real `sd` processes (median of 3). Prints one line per figure.
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
SD = str(Path(sys.executable).parent / "sd")
ASSETS = 10_000


def _run(*cmd: str, cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)


def _time(*cmd: str, cwd: Path, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="sd-bench-git-"))
    try:
        root = tmp / "school"
        _run(
            sys.executable,
            str(HERE / "generate.py"),
            "--preset",
            "secondary",
            "--assets",
            str(ASSETS),
            "--out",
            str(root),
            cwd=tmp,
        )
        env_git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
        (root / ".gitignore").write_text(".sd-cache/\n")
        _run("git", "init", "-q", "-b", "main", cwd=root)
        _run("git", "add", "-A", cwd=root)
        _run(*env_git, "commit", "-q", "-m", "base", cwd=root)
        _run("git", "checkout", "-q", "-b", "change", cwd=root)
        path = root / "registers/assets.csv"
        lines = path.read_text().splitlines()
        for i in range(1, 201):
            cells = lines[i * 40].split(",")
            cells[4] = "hall" if cells[4] != "hall" else "library"
            lines[i * 40] = ",".join(cells)
        path.write_text("\n".join(lines) + "\n")
        _run(*env_git, "commit", "-q", "-am", "move 200 assets", cwd=root)
        os.environ["SD_ROOT"] = str(root)
        cold = _time(SD, "diff", "main", "change", cwd=root, repeat=1)
        warm = _time(SD, "diff", "main", "change", cwd=root)
        print(f"sd diff main change ({ASSETS} assets, 200 moved): cold {cold:.2f}s, warm median {warm:.2f}s")
        print(f"sd diff (working tree, no change): {_time(SD, 'diff', cwd=root):.2f}s")
        base = root / "base.csv"
        base.write_bytes(
            subprocess.run(
                ["git", "show", "main:registers/assets.csv"], cwd=root, capture_output=True, check=True
            ).stdout
        )
        ours = root / "ours.csv"
        shutil.copy(path, ours)
        merge = _time(sys.executable, "-m", "schooldigital", "merge-driver", str(base), str(ours), str(path), cwd=root)
        print(f"merge driver on {ASSETS} rows: {merge:.2f}s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
