"""The demo dataset `serve` loads into an empty database, and `antq seed` (re)applies."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.settings import PROJECT_ROOT
from seeds.demo_people import demo_units, upsert_demo_users
from seeds.load import upsert_successions, upsert_units
from seeds.plans import seed_plans
from seeds.units import build_hierarchy

log = logging.getLogger(__name__)


async def is_empty(owner_engine: AsyncEngine) -> bool:
    async with owner_engine.connect() as conn:
        return (await conn.scalar(text("SELECT count(*) FROM admin_units"))) == 0


async def seed_demo(owner_engine: AsyncEngine) -> None:
    """Idempotent: every step upserts by natural key."""
    units, successions = build_hierarchy()
    units += demo_units()
    async with owner_engine.begin() as conn:
        changed = await upsert_units(conn, units)
        await upsert_successions(conn, successions)
        await upsert_demo_users(conn)
    log.info("seeded %d administrative units (%d changed)", len(units), changed)
    async with owner_engine.begin() as conn:
        loaded = await seed_plans(conn, seed_documents_dir())
    log.info("seeded plans and targets: %s", loaded)


def seed_documents_dir() -> Path:
    """The seed documents (shared/seeds beside the repo, or ANTQ_SEED_DOCS)."""
    return Path(os.environ.get("ANTQ_SEED_DOCS", PROJECT_ROOT.parent / "shared" / "seeds"))
