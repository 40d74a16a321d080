"""Timing of the YAML merge driver on a 10,000-record register (issue 22: under 1 s).

Builds a contracts register of 10,000 records (a header comment, a blank line between records, nested
cost mappings and flow lists, as the demo writes them). "Ours" changes the owner of 200 records and adds
10; "theirs" changes the notice of 200 records (100 of them the same records as ours: field merges), and
adds 10 under the same ids as ours (each renumbered). Times the library call in-process and the whole
`sd merge-driver` process (what git runs), median of 3.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RECORDS = 10_000
TARGET = 1.0


def _record(n: int, title: str = "") -> str:
    return (
        f"- id: c{n:05d}-service-{n}\n"
        f"  title: {title or f'Service {n}'}\n"
        "  supplier: jisc\n"
        "  type: saas_service\n"
        "  owner: htay  # the DPO\n"
        "  start_date: 2026-06-07\n"
        "  end_date: 2027-06-07\n"
        "  renewal: auto\n"
        "  notice: 90 days\n"
        "  alert_days: [120, 60, 14]\n"
        "  cost:\n"
        "    amount: 4200.00\n"
        "    period: annual\n"
    )


def texts() -> tuple[str, str, str]:
    head = "# Contracts register (bench)\n# end_date is the end of the current term.\n\n"
    records = [_record(n) for n in range(1, RECORDS + 1)]
    ours, theirs = list(records), list(records)
    for n in range(0, 200):
        ours[n * 50] = ours[n * 50].replace("owner: htay", "owner: towu")
        k = n * 50 + (0 if n % 2 else 25)
        theirs[k] = theirs[k].replace("notice: 90 days", "notice: 60 days")
    ours += [_record(RECORDS + i, f"Ours {i}") for i in range(1, 11)]
    theirs += [_record(RECORDS + i, f"Theirs {i}") for i in range(1, 11)]
    return tuple(head + "\n".join(side) for side in (records, ours, theirs))  # type: ignore[return-value]


def _median(run, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from schooldigital.git.yamlmerge import merge_yaml

    base, ours, theirs = texts()
    result = merge_yaml(base, ours, theirs, "registers/contracts.yaml")
    assert result is not None and not result.conflicts and len(result.renamed) == 10, result and result.conflicts
    lib = _median(lambda: merge_yaml(base, ours, theirs, "registers/contracts.yaml"))
    with tempfile.TemporaryDirectory(prefix="sd-bench-merge-") as tmp:
        folder = Path(tmp)
        paths = [folder / name for name in ("base.yaml", "ours.yaml", "theirs.yaml")]

        def driver() -> None:
            for path, text in zip(paths, (base, ours, theirs), strict=True):
                path.write_text(text)
            cmd = [sys.executable, "-m", "schooldigital", "merge-driver", *map(str, paths), "registers/contracts.yaml"]
            subprocess.run(cmd, check=True, capture_output=True)

        process = _median(driver)
    print(
        f"YAML merge of {RECORDS} records (400 edits, 10 renumbered): library {lib:.2f}s, "
        f"sd merge-driver process {process:.2f}s (target < {TARGET:.0f} s)"
    )


if __name__ == "__main__":
    main()
