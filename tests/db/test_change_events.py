"""The change-events outbox in the database: tenant-scoped like every tenant table, and announced
to listeners only when the writer's transaction commits (a rolled-back change says nothing)."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from db.urls import DatabaseUrls

INSERT = (
    "INSERT INTO change_events (unit_id, unit_path, kind, payload, actor) "
    "SELECT id, path, 'target_progress', '{\"targetId\": 1}', 'test' FROM admin_units "
    "WHERE path = $1::ltree RETURNING id"
)


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _scoped(conn: asyncpg.Connection, scope: str) -> None:
    await conn.execute("SELECT set_config('app.scope_paths', $1, true)", scope)


def test_events_notify_at_commit_only_and_stay_inside_the_writers_scope(
    fresh_db: DatabaseUrls,
) -> None:
    async def go() -> None:
        listener = await asyncpg.connect(_dsn(fresh_db.app))
        writer = await asyncpg.connect(_dsn(fresh_db.app))
        heard: asyncio.Queue[str] = asyncio.Queue()
        await listener.add_listener("antq_changes", lambda *args: heard.put_nowait(args[3]))
        try:
            async with writer.transaction():
                await _scoped(writer, "vn.p38")
                nghi_son = await writer.fetchval(
                    "SELECT id FROM admin_units WHERE path = 'vn.p38.d407'"
                )
            # Committed: heard at commit, not before.
            async with writer.transaction():
                await _scoped(writer, "vn.p38")
                event_id = await writer.fetchval(INSERT, "vn.p38.d400")
                await asyncio.sleep(0.3)
                assert heard.empty()
            assert (await asyncio.wait_for(heard.get(), 5)) == str(event_id)
            # Rolled back: nothing is heard.
            tx = writer.transaction()
            await tx.start()
            await _scoped(writer, "vn.p38")
            await writer.fetchval(INSERT, "vn.p38.d407")
            await tx.rollback()
            await asyncio.sleep(0.3)
            assert heard.empty()
            # Outside the writer's scope: refused by row-level security.
            tx = writer.transaction()
            await tx.start()
            await _scoped(writer, "vn.p38.d400")
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await writer.fetchval(
                    "INSERT INTO change_events (unit_id, unit_path, kind, payload, actor) "
                    "VALUES ($1, 'vn.p38.d407', 'target_progress', '{}', 'test')",
                    nghi_son,
                )
            await tx.rollback()
            # Readers see only their subtree.
            async with writer.transaction():
                await _scoped(writer, "vn.p38.d407")
                assert await writer.fetchval("SELECT count(*) FROM change_events") == 0
                await _scoped(writer, "vn.p38.d400")
                assert await writer.fetchval("SELECT count(*) FROM change_events") == 1
        finally:
            await listener.close()
            await writer.close()

    asyncio.run(go())
