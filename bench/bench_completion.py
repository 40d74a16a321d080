"""Tab completion on a 10,000-asset school: each request is a fresh `sd` process, as a shell starts one.

Generates the `secondary` school with 10,000 assets (bench/generate.py) in a temp folder, then times (median
of RUNS, wall clock) the bash protocol for a command name, an option, and asset and contract ids, plus zsh
for asset ids and options (with their help), against `python -c "import typer"` (the ratio stays meaningful
on a busy machine). Target (issue 21): every request under 0.3 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
SD = str(Path(PY).parent / "sd")
RUNS = 11
ASSETS = 10_000
TARGET_S = 0.3


def requests(prefix: str) -> dict[str, dict[str, str]]:
    """Bash requests by label; `prefix` starts the generated school's asset ids."""
    return {
        "sd ass<TAB>": {"COMP_WORDS": "sd ass", "COMP_CWORD": "1"},
        "sd assets list --<TAB>": {"COMP_WORDS": "sd assets list --", "COMP_CWORD": "3"},
        f"sd assets show {prefix}000<TAB>": {"COMP_WORDS": f"sd assets show {prefix}000", "COMP_CWORD": "3"},
        "sd assets show <TAB> (all)": {"COMP_WORDS": "sd assets show ", "COMP_CWORD": "3"},
        "sd contracts end <TAB>": {"COMP_WORDS": "sd contracts end ", "COMP_CWORD": "3"},
    }


def median_s(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    times, lines = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        lines = len(done.stdout.splitlines())
    return statistics.median(times), lines


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        school = Path(tmp) / "school"
        subprocess.run(
            [PY, str(HERE / "generate.py"), "--preset", "secondary", "--assets", str(ASSETS), "--out", str(school)],
            check=True,
        )
        prefix = (school / "registers" / "assets.csv").read_text(encoding="utf-8").splitlines()[1][:3]
        base = {k: v for k, v in os.environ.items() if not k.startswith(("_SD", "COMP_", "_TYPER"))}
        typer_s, _ = median_s([PY, "-c", "import typer"], base, school)
        print(f"python -c 'import typer'          {typer_s * 1000:6.0f} ms  (median of {RUNS})")
        worst = 0.0
        for label, words in requests(prefix).items():
            seconds, count = median_s([SD], {**base, "_SD_COMPLETE": "complete_bash", **words}, school)
            worst = max(worst, seconds)
            print(f"bash  {label:28} {seconds * 1000:6.0f} ms  {seconds / typer_s:4.1f}x  {count:6d} candidates")
        for line in (f"sd assets show {prefix}000", "sd assets list --"):
            zsh = {**base, "_SD_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
            seconds, count = median_s([SD], zsh, school)
            worst = max(worst, seconds)
            ratio = seconds / typer_s
            print(f"zsh   {line + '<TAB>':28} {seconds * 1000:6.0f} ms  {ratio:4.1f}x  ({count} output lines)")
        print("OK" if worst <= TARGET_S else f"MISSED: a completion took over {TARGET_S} s")


if __name__ == "__main__":
    main()
