"""`sd check renewals` run the way cron runs it: the installed script, no terminal, a minimal environment.

cron starts jobs with stdin closed, no TERM, PATH=/usr/bin:/bin, HOME set and the output captured to mail.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from renewals_school import contract, make_school

REPO = Path(__file__).resolve().parents[1]
SD = Path(sys.executable).parent / "sd"

pytestmark = pytest.mark.skipif(not SD.exists(), reason="the sd console script is not installed in this venv")


def cron(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(root), "LOGNAME": "cron", "SHELL": "/bin/sh"}
    return subprocess.run(
        [str(SD), *args],
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_all_well_prints_nothing_and_exits_0(tmp_path: Path) -> None:
    root = make_school(tmp_path, contracts=contract(end_date="2027-12-31"))
    done = cron(root, "check", "renewals", "--today", "2026-10-23")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_due_items_are_mailed_with_exit_1(tmp_path: Path) -> None:
    contracts = contract("c1", title="Broadband", renewal="auto", renewal_term_months=12, notice="90 days")
    root = make_school(tmp_path, contracts=contracts)
    done = cron(root, "check", "renewals", "--today", "2026-10-23")
    assert done.returncode == 1
    assert done.stderr == ""
    assert done.stdout == (
        "Test Primary: 1 dated item needs attention (2026-10-23)\n"
        "overdue        2026-10-02  Broadband [c1]: notice deadline 2026-10-02 passed; it renews on 2026-12-31 for "
        "12 months — record `status: renewing` if intended, or `notice_given` if the supplier accepted notice "
        "(registers/contracts.yaml:1:3)\n"
    )
    assert "\x1b[" not in done.stdout  # no colour codes in a cron mail


def test_invalid_data_exits_2_on_stderr(tmp_path: Path) -> None:
    root = make_school(tmp_path, contracts=contract(status="actve"))
    done = cron(root, "check", "renewals", "--today", "2026-10-23")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "registers/contracts.yaml:9:3: error choice-invalid: `status`: `actve`" in done.stderr


def test_renewals_never_imports_pandas(tmp_path: Path) -> None:
    root = make_school(tmp_path, contracts=contract(end_date="2026-10-23"))
    code = (
        "import sys\n"
        "sys.argv = ['sd', 'check', 'renewals', '--today', '2026-10-23']\n"
        "from schooldigital.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('LOADED:' + ','.join(m for m in ('pandas', 'jinja2', 'numpy') if m in sys.modules))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    assert "Contract c1" in done.stdout  # it did run the check
    assert done.stderr.endswith("LOADED:"), done.stderr


def test_readme_has_a_crontab_line() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert any(
        line.split()[:5] and "sd check renewals" in line and line.count("*") >= 2 for line in readme.splitlines()
    )
