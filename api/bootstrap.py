"""Bring a database to a usable state: migrate, let the app role log in, store the role
templates, seed when empty.

It sits in api/ because it reaches every layer: db/ migrates, authz/ reads the role templates
from policy.csv (reviewed with the code, stored in PostgreSQL where every process loads them
from) and seeds/ loads the demo. The seed reports its phases with counts; this says how long
the whole took.
"""

from __future__ import annotations

import asyncio
import logging
import time

from sqlalchemy.ext.asyncio import create_async_engine

from authz.authorizer import role_templates
from core.config import Settings
from db.bootstrap import upgrade_with_progress
from db.queries.authz import replace_role_templates
from db.roles import enable_app_login
from db.urls import DatabaseUrls
from seeds.demo import has_units, needs_seed, seed_demo, seed_reference

log = logging.getLogger(__name__)


def prepare_database(urls: DatabaseUrls, settings: Settings, *, seed: str = "if-empty") -> None:
    """`seed`: "if-empty" (serve: empty or seeded by an older SEED_VERSION), "always" (antq
    seed) or "never"."""
    upgrade_with_progress(urls.owner)
    asyncio.run(_after_migrations(urls, settings, seed))


async def _after_migrations(urls: DatabaseUrls, settings: Settings, seed: str) -> None:
    engine = create_async_engine(urls.owner)
    try:
        async with engine.begin() as conn:
            if not settings.app_database_url:
                await enable_app_login(conn, settings.app_db_password)
            await replace_role_templates(conn, role_templates())
        if seed == "always" or (seed == "if-empty" and await needs_seed(engine)):
            started = time.perf_counter()
            log.info("seed: loading the demo data (about 10-30 s)")
            await seed_demo(engine)
            log.info("seed: done in %.1f s", time.perf_counter() - started)
        elif seed == "never" and not await has_units(engine):
            started = time.perf_counter()
            log.info("seed: no demo data; loading the official administrative hierarchy")
            await seed_reference(engine)
            log.info("seed: reference data done in %.1f s", time.perf_counter() - started)
    finally:
        await engine.dispose()
