"""`sd validate` on a 100k-row asset register against `pandas.read_csv` and `frictionless validate`.

Generates the `secondary` school with 100,000 assets (bench/generate.py) in a temp folder, then times real
processes (median of RUNS, each a fresh process, wall clock via time.perf_counter; peak RSS from os.wait4):
- `python -c "import pandas; pandas.read_csv(FILE)"`: the floor, a bare parse with no validation;
- `sd validate` cold (SD_NO_CACHE=1: every file parsed and validated) and warm (the parse cache filled, as
  on every run after the first on unchanged files);
- `frictionless validate --schema assets.schema.json FILE` with a Table Schema generated from the Asset model
  (types, required, enums, patterns, max lengths, unique id), installed in a separate `.venv-bench`
  because frictionless conflicts with the dev extras.
Targets (issue 2): sd validate <= 1.5x the pandas process, >= 6x faster than frictionless, peak RSS <= 300 MiB.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
SD = str(Path(PY).parent / "sd")
BENCH_VENV = REPO / ".venv-bench"
ROWS = int(os.environ.get("SD_BENCH_ROWS", "100000"))
RUNS = 3
TARGET_RATIO, TARGET_FRICTIONLESS, TARGET_MIB = 1.5, 6.0, 300


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB, exit status) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return elapsed, rss, os.waitstatus_to_exitcode(status)


def median_run(cmd: list[str], runs: int = RUNS, env: dict[str, str] | None = None) -> tuple[float, float]:
    results = [run(cmd, env) for _ in range(runs)]
    bad = [code for _, _, code in results if code != 0]
    if bad:
        raise SystemExit(f"{' '.join(cmd[:3])}... exited {bad[0]}")
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def table_schema(header: list[str]) -> dict[str, Any]:
    """A frictionless Table Schema equivalent to the Asset model's rules for the file's columns, in order."""
    from schooldigital.models.assets import Asset

    props = Asset.model_json_schema()["properties"]
    required = set(Asset.model_json_schema().get("required", []))
    fields = []
    for name in header:
        spec = props[name]
        options = [o for o in spec.get("anyOf", [spec]) if o.get("type") != "null"]
        first = options[0]
        kind = {"integer": "integer", "boolean": "boolean", "number": "number"}.get(first.get("type", ""), "string")
        if first.get("format") == "date":
            kind = "date"
        if name == "cost":
            kind = "number"
        constraints: dict[str, Any] = {}
        if name in required:
            constraints["required"] = True
        if "enum" in first:
            constraints["enum"] = first["enum"]
        if "pattern" in first and kind == "string":
            constraints["pattern"] = first["pattern"].strip("^$")
        if "maxLength" in first:
            constraints["maxLength"] = first["maxLength"]
        if name == "id":
            constraints["unique"] = True
        if name == "cost":
            constraints["minimum"] = 0
        field: dict[str, Any] = {"name": name, "type": kind}
        if kind == "boolean":
            field |= {"trueValues": ["true", "yes", "1"], "falseValues": ["false", "no", "0"]}
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def frictionless() -> str | None:
    """The frictionless executable in .venv-bench, installed on first use; None when it cannot be."""
    exe = BENCH_VENV / "bin" / "frictionless"
    if not exe.exists():
        print("installing frictionless into .venv-bench (once) ...", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
            pip = [str(BENCH_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "frictionless"]
            subprocess.run(pip, check=True)
        except (subprocess.CalledProcessError, OSError) as err:
            print(f"frictionless unavailable: {err}")
            return None
    return str(exe)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="sd-bench-validate-"))
    try:
        root = tmp / "school"
        gen = [PY, str(HERE / "generate.py"), "--preset", "secondary", "--assets", str(ROWS), "--out", str(root)]
        subprocess.run(gen, check=True, capture_output=True)
        assets = root / "registers" / "assets.csv"
        schema = tmp / "assets.schema.json"
        header = assets.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        schema.write_text(json.dumps(table_schema(header), indent=2))
        print(f"{ROWS} assets, {assets.stat().st_size / 2**20:.1f} MiB; median of {RUNS} runs; peak RSS = max")

        pandas_s, pandas_mib = median_run([PY, "-c", f"import pandas; pandas.read_csv({str(assets)!r})"])
        cold_env = {**os.environ, "SD_NO_CACHE": "1"}
        cold_s, cold_mib = median_run([SD, "--root", str(root), "validate"], env=cold_env)
        run([SD, "--root", str(root), "validate"])  # fill the parse cache
        warm_s, warm_mib = median_run([SD, "--root", str(root), "validate"])
        print(f"pandas.read_csv process    {pandas_s:6.2f} s  {pandas_mib:5.0f} MiB")
        print(f"sd validate (cold)         {cold_s:6.2f} s  {cold_mib:5.0f} MiB  = {cold_s / pandas_s:.2f}x pandas")
        print(f"sd validate (warm cache)   {warm_s:6.2f} s  {warm_mib:5.0f} MiB  = {warm_s / pandas_s:.2f}x pandas")

        exe = frictionless()
        if exe:
            # frictionless refuses absolute paths ("not safe"), so it runs from tmp with relative ones
            fl_s, fl_mib, code = run([exe, "validate", "--schema", schema.name, "school/registers/assets.csv"], cwd=tmp)
            print(f"frictionless validate      {fl_s:6.2f} s  {fl_mib:5.0f} MiB  (exit {code}; one run)")
            print(f"frictionless / sd cold = {fl_s / cold_s:.1f}x, / sd warm = {fl_s / warm_s:.1f}x")
        verdicts = [
            ("sd validate (warm) <= 1.5x pandas", warm_s / pandas_s <= TARGET_RATIO),
            ("sd validate (cold) <= 1.5x pandas", cold_s / pandas_s <= TARGET_RATIO),
            (f"peak RSS <= {TARGET_MIB} MiB", max(cold_mib, warm_mib) <= TARGET_MIB),
        ]
        if exe:
            verdicts.append(("frictionless >= 6x sd (cold)", fl_s / cold_s >= TARGET_FRICTIONLESS))
        for label, ok in verdicts:
            print(f"{'OK    ' if ok else 'MISSED'} {label}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
