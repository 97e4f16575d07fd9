"""Count the SQL statements an app's engine runs, to prove relations are batched (no N+1)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from sqlalchemy import event


def settle(app: FastAPI, quiet: float = 0.3, timeout: float = 10) -> None:
    """Wait until no policy reload has started for `quiet` seconds: a grant or a new account
    NOTIFYs every process, which reloads the policy on the app's engine in the background, and
    those statements would be counted with the request's."""
    authorizer = app.state.authorizer
    deadline = time.monotonic() + timeout
    seen, since = authorizer.reloads, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if authorizer.reloads != seen:
            seen, since = authorizer.reloads, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


@contextmanager
def count_statements(app: FastAPI) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
