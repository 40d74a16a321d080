"""Writes under real processes: concurrent adds both land, SIGKILL never leaves a partial file, no pandas."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from schooldigital.store import csvio
from schooldigital.store.files import DISK
from schooldigital.validation import validate_school

SD = [sys.executable, "-c", "from schooldigital.cli import main; main()"]
ADD = ["assets", "add", "--category", "laptop", "--model", "dell-latitude-3440", "--location", "hall"]


def _ids(school: Path) -> list[str]:
    table, problems = csvio.read_csv(school / "registers/assets.csv", csvio.Source("a"), DISK.within(school))
    assert not problems
    return [r.data["id"] for r in table.records]


def test_two_adds_at_once_both_land(school: Path) -> None:
    env = {**os.environ, "SD_ROOT": str(school)}
    procs = [
        subprocess.Popen(
            [*SD, *ADD, "--serial", f"CONC-{n}", "--no-interactive"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for n in (1, 2)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert sorted(out.strip() for out, _ in outputs) == ["RP-00321", "RP-00322"]
    ids = _ids(school)
    assert ids[-2:] == ["RP-00321", "RP-00322"] and len(ids) == 322
    assert validate_school(school).ok


WRITER = """
import sys
from pathlib import Path
from schooldigital.edit import edit_asset
root = Path(sys.argv[1])
n = 0
while True:
    n += 1
    edit_asset(root, "RP-00005", {"notes": f"write {n} " + "x" * 2000})
"""


def test_sigkill_mid_write_leaves_a_complete_valid_file(school: Path) -> None:
    path = school / "registers/assets.csv"
    for delay in (0.0, 0.05, 0.11):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(school)], stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        before = path.stat().st_mtime_ns
        while path.stat().st_mtime_ns == before and time.monotonic() < deadline:
            time.sleep(0.005)  # wait until the writer is in its stream of writes
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        text = path.read_text()
        assert "write " in text
        assert text.endswith("\n") and len(text.splitlines()) == 321
        assert len(_ids(school)) == 320
        assert validate_school(school).ok


def test_add_and_help_do_not_import_pandas(school: Path) -> None:
    probe = (
        "import sys\n"
        "from schooldigital.cli import app\n"
        "from typer.testing import CliRunner\n"
        f"r = CliRunner().invoke(app, ['--root', {str(school)!r}, 'assets', 'add', '--category', 'laptop',"
        " '--model', 'dell-latitude-3440', '--location', 'hall', '--no-interactive'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False"
