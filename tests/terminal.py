"""Run the `sd` console script on a pseudo-terminal of a given size, as a person at a terminal would."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
ENTRY = "import sys; sys.argv[0] = 'sd'; from schooldigital.cli import main; main()"


def on_terminal(args: list[str], columns: int, cwd: Path, env: dict[str, str] | None = None) -> tuple[str, str, int]:
    """stdout as the terminal shows it (stdin and stdout on the pty), stderr apart, and the exit status."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    inherited = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    full_env = {**inherited, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": "40"}
    full_env.update({"PYTHONPATH": str(SRC), **(env or {})})
    proc = subprocess.Popen(
        [sys.executable, "-c", ENTRY, *args], stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=full_env, cwd=cwd
    )
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    err = proc.stderr.read() if proc.stderr else b""
    code = proc.wait()
    return out.decode().replace("\r\n", "\n"), err.decode(), code
