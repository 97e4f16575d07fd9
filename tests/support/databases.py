"""Test databases: one migrated and seeded template per run, cloned per test that writes
(DataJunction's approach: a clone is a file copy, far faster than migrating again)."""

from __future__ import annotations

import asyncio
import itertools
import os

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from db.urls import DatabaseUrls

_counter = itertools.count()


def _admin_url(urls: DatabaseUrls) -> str:
    return make_url(urls.owner).set(database="postgres").render_as_string(hide_password=False)


def run_admin(urls: DatabaseUrls, *statements: str) -> None:
    async def go() -> None:
        engine = create_async_engine(_admin_url(urls), isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                for statement in statements:
                    await conn.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(go())


def recreate_database(urls: DatabaseUrls, name: str, template: str | None = None) -> DatabaseUrls:
    source = f' TEMPLATE "{template}"' if template else ""
    run_admin(
        urls, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"{source}'
    )
    return urls.for_database(name)


def clone_name(prefix: str = "antq_t") -> str:
    return f"{prefix}_{os.getpid()}_{next(_counter)}"


def drop_database(urls: DatabaseUrls, name: str) -> None:
    run_admin(urls, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
