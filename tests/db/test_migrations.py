"""Schema changes only through Alembic, and they round-trip: head -> base -> head."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from db import migrate
from db.urls import DatabaseUrls
from tests.support.databases import drop_database, recreate_database


def _tables(url: str) -> set[str]:
    async def go() -> set[str]:
        engine = create_async_engine(url)
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
            found = {r[0] for r in rows}
        await engine.dispose()
        return found

    return asyncio.run(go())


def test_upgrade_downgrade_upgrade_round_trips(server_urls: DatabaseUrls) -> None:
    urls = recreate_database(server_urls, "antq_migration_roundtrip")
    try:
        migrate.upgrade(urls.owner)
        at_head = _tables(urls.owner)
        assert {
            "admin_units",
            "unit_successions",
            "alembic_version",
            "plans",
            "plan_tasks",
            "plan_deadlines",
            "targets",
            "target_progress",
            "model_types",
            "movement_models",
            "model_ratings",
        } <= at_head
        assert {
            "criteria_sets",
            "criteria",
            "criteria_groups",
            "typical_campaigns",
            "criterion_results",
            "campaign_documents",
            "campaign_events",
            "assessments",
        } <= at_head
        assert {"change_events", "webhook_endpoints", "webhook_deliveries"} <= at_head
        assert {"api_keys", "persisted_queries"} <= at_head
        migrate.downgrade(urls.owner, "base")
        assert _tables(urls.owner) == {"alembic_version"}
        migrate.upgrade(urls.owner)
        assert _tables(urls.owner) == at_head
    finally:
        drop_database(server_urls, "antq_migration_roundtrip")
