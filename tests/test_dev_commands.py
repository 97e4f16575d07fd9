"""`./dev`: every command explains itself with --help, and a benchmark never starts by default
(`./dev bench` alone lists the scenarios)."""

from __future__ import annotations

import os
import subprocess

import pytest

from bench.__main__ import SCENARIOS
from core.config import PROJECT_ROOT


def _dev(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [str(PROJECT_ROOT / "dev"), *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# One per ./dev command (`antq <command> --help` is typer's, like `serve --help`; each scenario's
# is argparse's): each ./dev start under load costs seconds, so not every subcommand is here.
@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (("--help",), "usage: ./dev <command>"),
        (("serve", "--help"), "Usage: antq serve"),
        (("test", "--help"), "usage: ./dev test"),
        (("lint", "--help"), "usage: ./dev lint"),
        (("antq", "--help"), "Usage: antq"),
        (("bench", "--help"), "usage: ./dev bench <scenario>"),
    ],
)
def test_every_command_explains_itself(command: tuple[str, ...], expected: str) -> None:
    done = _dev(*command)
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout


def test_bench_without_a_scenario_lists_them_and_starts_nothing() -> None:
    done = _dev("bench")
    assert done.returncode == 0, done.stderr
    for name in SCENARIOS:
        assert f"  {name} " in done.stdout
    # nothing ran: no database was started, no progress was logged
    assert "database:" not in done.stdout + done.stderr
    assert "migrations:" not in done.stdout + done.stderr


def test_an_unknown_command_or_scenario_is_an_error_that_shows_the_choices() -> None:
    unknown = _dev("frobnicate")
    assert unknown.returncode == 2 and "usage: ./dev <command>" in unknown.stderr
    scenario = _dev("bench", "frobnicate")
    assert scenario.returncode == 2 and "generate" in scenario.stderr
