"""The demo dataset `serve` loads into an empty database, and `antq seed` (re)applies."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from seeds.criteria_import import import_criteria
from seeds.demo_evaluations import seed_demo_evaluations
from seeds.demo_people import demo_units, upsert_demo_users
from seeds.load import upsert_successions, upsert_units
from seeds.plans import seed_plans
from seeds.units import build_hierarchy

log = logging.getLogger(__name__)


# Bump when the demo data changes: `serve` re-applies the (idempotent) seed to databases seeded
# by an older version, so a developer's existing database gains new demo users and records.
SEED_VERSION = "2026-12-01.14"


async def needs_seed(owner_engine: AsyncEngine) -> bool:
    """True for an empty database or one seeded by another SEED_VERSION."""
    async with owner_engine.connect() as conn:
        marker = await conn.scalar(text("SELECT obj_description('admin_units'::regclass)"))
    return marker != f"seed {SEED_VERSION}"


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
        # Fresh statistics for the rows just loaded: without them the planner takes the tables
        # for empty and picks nested loops for the plan seeding below and for the first requests.
        await conn.execute(text("ANALYZE"))
    log.info("seeded %d administrative units (%d changed)", len(units), changed)
    async with owner_engine.begin() as conn:
        loaded = await seed_plans(conn)
        # Marked last: a seed that failed half-way is re-applied by the next `serve`.
        await conn.execute(text(f"COMMENT ON TABLE admin_units IS 'seed {SEED_VERSION}'"))
    log.info("seeded plans and targets: %s", loaded)

