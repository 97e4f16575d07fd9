"""The demo dataset `serve` loads into an empty database, and `antq seed` (re)applies."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from seeds.criteria_import import import_criteria
from seeds.demo_evaluations import seed_demo_evaluations
from seeds.demo_people import demo_units, upsert_demo_users
from seeds.load import upsert_successions, upsert_units
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
        await import_criteria(conn)
        await seed_demo_evaluations(conn)
    log.info("seeded %d administrative units (%d changed)", len(units), changed)
