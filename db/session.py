"""Engines, and the one transaction each GraphQL request runs in.

Every request gets a single connection and transaction whose first statement sets
`app.scope_paths` (transaction-local), the row-level-security key. graphql-core resolves sibling
fields concurrently and one connection cannot run two statements at once, so statements are
serialised on a lock; DataLoaders keep the number of statements small, so the lock is rarely
contended. After `commit()` the next statement opens a fresh transaction and sets the scope again.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Executable, text
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.util import greenlet_spawn

from core.config import Settings
from core.observability import sql_stats_var
from db.queries.scope import narrowing

SET_SCOPE = text("SELECT set_config('app.scope_paths', :paths, true)")
#: ltree paths joined by commas: what may be written into SQL as a literal
_PLAIN_SCOPE = re.compile(r"^[A-Za-z0-9_.,]*$")


def create_engine(url: str, settings: Settings) -> AsyncEngine:
    return create_async_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_pre_ping=False,
        echo=settings.db_echo,
        # Subtree sizes differ by orders of magnitude (a hamlet vs the nation), so a generic
        # plan for a prepared statement is wrong for most of them: always plan for the values.
        connect_args={
            "server_settings": {"application_name": "antq", "plan_cache_mode": "force_custom_plan"}
        },
    )


def _retext(statement: TextClause, sql: str) -> TextClause:
    """`sql` as a text clause keeping the values bound to the original (`.bindparams()`)."""
    new = text(sql)
    preset = {
        name: bound.value
        for name, bound in statement._bindparams.items()
        if bound.value is not None and name in new._bindparams
    }
    return new.bindparams(**preset) if preset else new


class RequestDB:
    """The request's unit of work: lazily opened, scoped, serialised, closed by the schema."""

    def __init__(self, engine: AsyncEngine, scope_paths: Sequence[str]) -> None:
        self._engine = engine
        self.scope_paths: tuple[str, ...] = tuple(scope_paths)
        self._conn: AsyncConnection | None = None
        self._lock = asyncio.Lock()

    @property
    def engine(self) -> AsyncEngine:
        """For work that needs its own short transaction (a subscription outlives requests)."""
        return self._engine

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            self._conn = await self._engine.connect()
        if not self._conn.in_transaction():
            await self._conn.begin()
            await self._conn.execute(SET_SCOPE, {"paths": ",".join(self.scope_paths)})
        return self._conn

    async def execute(
        self,
        statement: Executable,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> CursorResult[Any]:
        if isinstance(statement, TextClause) and isinstance(params, Mapping):
            # a scope filter that cannot narrow misleads the planner (db/queries/scope.py)
            narrowed = narrowing(statement.text, params)
            if narrowed is not statement.text:
                statement = _retext(statement, narrowed)
        async with self._lock:
            conn = await self._connection()
            return await conn.execute(statement, params)

    async def fetchrow_raw(self, sql: str, args: Sequence[Any]) -> Any:
        """One row of a statement in PostgreSQL's own `$n` form, run on the driver (asyncpg)
        connection inside this request's transaction (scope set): for statements whose cost is
        mostly SQLAlchemy's own per-statement work (the compiled read path). The caller applies
        `narrowing` itself."""
        async with self._lock:
            conn = await self._connection()
            raw = await conn.get_raw_connection()
            stats = sql_stats_var.get()  # counted like every statement (api/observability.py)
            started = time.perf_counter()
            try:
                return await raw.driver_connection.fetchrow(sql, *args)  # type: ignore[union-attr]
            finally:
                if stats is not None:
                    stats.statements += 1
                    stats.seconds += time.perf_counter() - started

    async def fetchrow_alone(self, sql: str, args: Sequence[Any]) -> Any:
        """`fetchrow_raw` for a request whose only statement this is (the compiled read path):
        the transaction, its scope setting and the statement on a driver connection taken from
        the pool, in three round trips (`BEGIN; set_config(...)` as one simple query, the
        statement, `ROLLBACK`) instead of four plus SQLAlchemy's work on each. The scope is
        written as a literal there, so it must be plain ltree text; anything else (and a request
        that already holds a connection) takes `fetchrow_raw`."""
        scope = ",".join(self.scope_paths)
        if self._conn is not None or not _PLAIN_SCOPE.match(scope):
            return await self.fetchrow_raw(sql, args)
        async with self._lock:
            raw = await self._engine.raw_connection()
            driver: Any = raw.driver_connection
            stats = sql_stats_var.get()
            started = time.perf_counter()
            try:
                await driver.execute(
                    f"BEGIN; SELECT set_config('app.scope_paths', '{scope}', true)"
                )
                try:
                    row = await driver.fetchrow(sql, *args)
                finally:
                    await driver.execute("ROLLBACK")
            except BaseException:
                await greenlet_spawn(raw.invalidate)  # a broken or cancelled connection: not reused
                raise
            else:
                await greenlet_spawn(raw.close)  # back to the pool (no SQLAlchemy transaction)
            finally:
                if stats is not None:
                    stats.statements += 1
                    stats.seconds += time.perf_counter() - started
            return row

    async def commit(self) -> None:
        async with self._lock:
            if self._conn is not None and self._conn.in_transaction():
                await self._conn.commit()

    async def rollback(self) -> None:
        async with self._lock:
            if self._conn is not None and self._conn.in_transaction():
                await self._conn.rollback()

    async def close(self) -> None:
        """Roll back whatever was not committed and return the connection to the pool."""
        async with self._lock:
            if self._conn is not None:
                if self._conn.in_transaction():
                    await self._conn.rollback()
                await self._conn.close()
                self._conn = None
