"""Start-up budget: `sd --help` and `sd assets add --help` import neither pandas nor Jinja2 (nor Pydantic
or ruamel), and the console script's lazily built command tree prints the same help as the full app."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from schooldigital.cli.lazy import invoked

HEAVY = ("pandas", "jinja2", "pydantic", "ruamel.yaml")

_PROBE = """
import json, sys
sys.argv = ["sd", *json.loads(sys.argv[1])]
from schooldigital.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("pandas", "jinja2", "pydantic", "ruamel"))))
"""


def _heavy_modules_after(*args: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args))], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.splitlines()[-1])


def test_importing_the_cli_imports_no_heavy_library() -> None:
    code = f"import sys, schooldigital.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_top_level_help_imports_no_heavy_library() -> None:
    assert _heavy_modules_after("--help") == []


@pytest.mark.parametrize("args", [("assets", "add", "--help"), ("assets", "import", "--help")])
def test_command_help_imports_neither_pandas_nor_jinja2(args: tuple[str, ...]) -> None:
    # typer 0.29 itself imports pydantic to build any command's options, so only the top-level help
    # (whose commands are parameterless stand-ins) can keep pydantic out.
    assert [m for m in _heavy_modules_after(*args) if not m.startswith("pydantic")] == []


def _help(*args: str, full: bool) -> str:
    entry = (
        "from schooldigital.cli import app; app(prog_name='sd')"
        if full
        else "from schooldigital.cli import main; main()"
    )
    code = f"import sys; sys.argv[0] = 'sd'; {entry}"
    env = {"COLUMNS": "100", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    return done.stdout + done.stderr


@pytest.mark.parametrize("args", [("--help",), ("assets", "--help"), ("assets", "import", "--help"), ()])
def test_lazy_command_tree_prints_the_same_help(args: tuple[str, ...]) -> None:
    lazy = _help(*args, full=False)
    assert "Usage: sd" in lazy
    assert lazy == _help(*args, full=True)


def test_invoked_finds_the_command_after_global_options() -> None:
    assert invoked(["--root", "assets", "validate"]) == "validate"
    assert invoked(["--debug", "assets", "add"]) == "assets"
    assert invoked(["--help", "assets"]) is None
    assert invoked([]) is None
