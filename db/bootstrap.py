"""Migrate a database with progress: which migrations are pending and each one as it runs.

A first `serve` spends most of its time here, so each step says what it does and how long it
took. A warm start with nothing to migrate skips Alembic's machinery altogether. What follows the
migrations (role templates, the demo seed) needs authz/ and seeds/, which sit above db/, so
api/bootstrap.py runs it.
"""

from __future__ import annotations

import asyncio
import logging
import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from db import migrate

log = logging.getLogger(__name__)


def pending_migrations(owner_url: str) -> list[str]:
    """Revisions between the database's current one and head, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config(owner_url))
    current = asyncio.run(_current_revision(owner_url))
    if current in script.get_heads():
        return []
    revisions = script.iterate_revisions("heads", current or "base")
    return [r.revision for r in reversed(list(revisions))]


async def _current_revision(owner_url: str) -> str | None:
    engine = create_async_engine(owner_url)
    try:
        async with engine.connect() as conn:
            if not await conn.scalar(text("SELECT to_regclass('alembic_version') IS NOT NULL")):
                return None
            version: str | None = await conn.scalar(text("SELECT version_num FROM alembic_version"))
            return version
    finally:
        await engine.dispose()


class _MigrationProgress(logging.Handler):
    """Turns Alembic's "Running upgrade a -> b, message" records into numbered progress lines."""

    def __init__(self, total: int) -> None:
        super().__init__(logging.INFO)
        self.total, self.done = total, 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith("Running upgrade"):
            return
        self.done += 1
        revision = message.split("->", 1)[-1].split(",", 1)[0].strip()
        log.info("migrations: %d/%d %s", self.done, self.total, revision)


def upgrade_with_progress(owner_url: str) -> None:
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    started = time.perf_counter()
    try:
        pending = pending_migrations(owner_url)
    except (CommandError, RevisionError):  # a revision unknown here: Alembic says so
        migrate.upgrade(owner_url)
        return
    if not pending:
        log.info("migrations: schema is up to date")
        return
    span = pending[0] if len(pending) == 1 else f"{pending[0]} .. {pending[-1]}"
    log.info("migrations: applying %d (%s)", len(pending), span)
    alembic_log = logging.getLogger("alembic.runtime.migration")
    handler = _MigrationProgress(len(pending))
    saved = alembic_log.level, alembic_log.propagate
    alembic_log.addHandler(handler)
    alembic_log.setLevel(logging.INFO)
    alembic_log.propagate = False  # its own lines stay out of the console: ours replace them
    try:
        migrate.upgrade(owner_url)
    finally:
        alembic_log.removeHandler(handler)
        alembic_log.setLevel(saved[0])
        alembic_log.propagate = saved[1]
    log.info("migrations: done in %.1f s", time.perf_counter() - started)
