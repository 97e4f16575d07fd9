"""Bring a database to a usable state: migrate, let the app role log in, seed when empty."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import create_async_engine

from api.settings import Settings
from db import migrate
from db.roles import enable_app_login
from db.urls import DatabaseUrls

log = logging.getLogger(__name__)


def prepare_database(urls: DatabaseUrls, settings: Settings, *, seed: str = "if-empty") -> None:
    """`seed`: "if-empty" (serve: empty or seeded by an older SEED_VERSION), "always" (antq
    seed) or "never"."""
    migrate.upgrade(urls.owner)
    asyncio.run(_after_migrations(urls, settings, seed))


async def _after_migrations(urls: DatabaseUrls, settings: Settings, seed: str) -> None:
    from authz.authorizer import role_templates
    from db.queries.authz import replace_role_templates
    from seeds.demo import needs_seed, seed_demo

    engine = create_async_engine(urls.owner)
    try:
        async with engine.begin() as conn:
            if not settings.app_database_url:
                await enable_app_login(conn, settings.app_db_password)
            # The role templates live in authz/policy.csv (reviewed with the code) and are
            # stored in PostgreSQL, where every process loads them from.
            await replace_role_templates(conn, role_templates())
        if seed == "always" or (seed == "if-empty" and await needs_seed(engine)):
            await seed_demo(engine)
    finally:
        await engine.dispose()
