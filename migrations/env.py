"""Alembic environment: async engine, the owner's URL, the app role's name passed to migrations.

`alembic revision --autogenerate` compares with the options of migrations/autogen.py, the same
the test of an empty autogenerate uses, so a migrated database yields an empty revision.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

import db.models  # noqa: F401  (registers every table on the metadata)
from db.base import Base
from migrations.autogen import OPTIONS

config = context.config
target_metadata = Base.metadata


def _owner_url() -> str:
    url = config.attributes.get("owner_url") or config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from core.config import get_settings
    from db.urls import resolve_database_urls

    return resolve_database_urls(get_settings()).owner


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        transaction_per_migration=True,
        **OPTIONS,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_async_engine(_owner_url())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=_owner_url(), target_metadata=target_metadata, literal_binds=True, **OPTIONS
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())
