"""The demo dataset `serve` loads into an empty database, and `antq seed` (re)applies."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from seeds.criteria_import import import_criteria
from seeds.demo_evaluations import seed_demo_evaluations
from seeds.demo_people import demo_units, upsert_demo_users
from seeds.load import upsert_successions, upsert_units
from seeds.plans import seed_plans
from seeds.present import present_units, seed_present
from seeds.units import build_hierarchy

log = logging.getLogger(__name__)


# Bump when the demo data changes: `serve` re-applies the (idempotent) seed to databases seeded
# by an older version, so a developer's existing database gains new demo users and records.
SEED_VERSION = "2026-12-01.16"


async def needs_seed(owner_engine: AsyncEngine) -> bool:
    """True for an empty database or one seeded by another SEED_VERSION."""
    async with owner_engine.connect() as conn:
        marker: str | None = await conn.scalar(
            text("SELECT obj_description('admin_units'::regclass)")
        )
    return marker != f"seed {SEED_VERSION}"


@asynccontextmanager
async def _phase(conn: AsyncConnection, name: str, *tables: str) -> AsyncIterator[None]:
    """Log one seed phase with its duration and the row counts of `tables` afterwards, so a
    first start shows where its time goes instead of a silent minute."""
    started = time.perf_counter()
    yield
    counts = [f"{await conn.scalar(text(f'SELECT count(*) FROM {t}'))} {t}" for t in tables]
    log.info(
        "seed: %s%s (%.1f s)",
        name,
        f": {', '.join(counts)}" if counts else "",
        time.perf_counter() - started,
    )


async def has_units(owner_engine: AsyncEngine) -> bool:
    async with owner_engine.connect() as conn:
        return bool(await conn.scalar(text("SELECT EXISTS (SELECT 1 FROM admin_units)")))


async def seed_reference(owner_engine: AsyncEngine) -> None:
    """The official hierarchy (both periods, with the reform's succession links) and the
    criteria sets of the seed documents: reference data every deployment needs (the first
    administrator is made at a province), without the demo people, plans and results."""
    units, successions = build_hierarchy()
    async with owner_engine.begin() as conn:
        async with _phase(conn, "administrative units", "admin_units"):
            await upsert_units(conn, units)
        async with _phase(conn, "successions", "unit_successions"):
            await upsert_successions(conn, successions)
        async with _phase(conn, "criteria sets", "criteria"):
            await import_criteria(conn)
        await conn.execute(text("ANALYZE"))


async def seed_demo(owner_engine: AsyncEngine) -> None:
    """Idempotent: every step upserts by natural key."""
    started = time.perf_counter()
    units, successions = build_hierarchy()
    units += demo_units()
    current_units, current_links = present_units()
    units += current_units
    log.info("seed: hierarchy read, %d units (%.1f s)", len(units), time.perf_counter() - started)
    async with owner_engine.begin() as conn:
        async with _phase(conn, "administrative units", "admin_units"):
            changed = await upsert_units(conn, units)
        async with _phase(conn, "successions", "unit_successions"):
            await upsert_successions(conn, [*successions, *current_links])
        async with _phase(conn, "demo users and roles", "users", "casbin_rule"):
            await upsert_demo_users(conn)
        async with _phase(conn, "criteria sets", "criteria"):
            await import_criteria(conn)
        async with _phase(conn, "demo evaluations", "assessments", "typical_campaigns"):
            await seed_demo_evaluations(conn)
        # Fresh statistics for the rows just loaded: without them the planner takes the tables
        # for empty and picks nested loops for the plan seeding below and for the first requests.
        async with _phase(conn, "statistics (ANALYZE)"):
            await conn.execute(text("ANALYZE"))
    log.info("seeded %d administrative units (%d changed)", len(units), changed)
    async with owner_engine.begin() as conn:
        async with _phase(conn, "plans, targets and models", "plans", "targets", "movement_models"):
            loaded: dict[str, object] = dict(await seed_plans(conn))
        # The current structure's demo cycle (needs the plans and the criteria sets).
        async with _phase(
            conn,
            "the present's demo cycle (2025-2026)",
            "plans",
            "targets",
            "typical_campaigns",
            "assessments",
        ):
            loaded["present"] = await seed_present(conn)
        # Marked last: a seed that failed half-way is re-applied by the next `serve`.
        await conn.execute(text(f"COMMENT ON TABLE admin_units IS 'seed {SEED_VERSION}'"))
    log.info("seeded plans and targets: %s", loaded)
