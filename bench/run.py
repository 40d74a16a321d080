"""Run every benchmark in bench/ (`bench_*.py`, each a script printing its own figures) one after another.

`make bench` calls this. Benchmarks are not tests: they print figures and targets, they never fail the build
over a timing. A benchmark that crashes is reported and the rest still run; the exit status is then 1.
Pass names to run only some: `python bench/run.py validate startup`.

sd is first compiled to bytecode, as `pip install` leaves an installed package: an editable install run
with PYTHONDONTWRITEBYTECODE set (as on CI machines) would otherwise compile every module it imports on
every run, about 0.1 s that no user pays.
"""

from __future__ import annotations

import compileall
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in argv]
    compileall.compile_dir(HERE.parent / "src", quiet=1)
    failed = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], check=False)
        print(f"-- {script.name}: {time.perf_counter() - start:.0f} s, exit {done.returncode}\n", flush=True)
        if done.returncode:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
