"""`--debug` and SD_DEBUG=1 work anywhere on the command line, as the "run with --debug" hint promises (issue 13)."""

from __future__ import annotations

import pytest

from schooldigital.cli.common import STATE


@pytest.fixture(autouse=True)
def _reset() -> None:
    STATE.debug = False


def test_debug_after_the_subcommand(sd) -> None:
    result = sd("validate", "--debug")
    assert result.exit_code == 0, result.stderr
    assert STATE.debug


def test_debug_among_a_commands_options(sd) -> None:
    result = sd("check", "renewals", "--debug", "--today", "2026-11-22")
    assert result.exit_code == 1 and result.stdout.startswith("Riverside Primary School: ")
    assert STATE.debug


def test_sd_debug_environment_variable(sd, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SD_DEBUG", "1")
    assert sd("validate").exit_code == 0
    assert STATE.debug


def test_a_file_named_debug_after_double_dash_is_left_alone(sd) -> None:
    result = sd("assets", "import", "--dry-run", "--", "--debug")
    assert result.exit_code == 2 and "--debug" in result.stderr  # read as the FILE argument: it does not exist
    assert not STATE.debug
