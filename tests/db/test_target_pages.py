"""A plan's targets are paged in SQL: the statement the app sends for a page of plans returns at
most `first + 1` rows per plan, after each plan's own cursor, whatever the plans hold. Checked
with EXPLAIN ANALYZE of the exact SQL, through the app's engine and RequestDB, as the app role
under row-level security."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import make_url

from core.config import Settings
from db.queries import targets
from db.session import RequestDB, create_engine
from db.urls import DatabaseUrls

TODAY = date(2025, 11, 15)


def _largest_plans(urls: DatabaseUrls) -> list[tuple[int, int, int]]:
    """(plan id, its number of live targets, its third-smallest target id), largest first."""

    async def go() -> list[tuple[int, int, int]]:
        dsn = (
            make_url(urls.owner).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        conn = await asyncpg.connect(dsn)
        try:
            rows = await conn.fetch(
                "SELECT plan_id, count(*) AS n, (array_agg(id ORDER BY id))[3] AS third "
                "FROM targets WHERE plan_id IS NOT NULL AND withdrawn_on IS NULL "
                "GROUP BY plan_id ORDER BY count(*) DESC, plan_id LIMIT 2"
            )
            return [(r["plan_id"], r["n"], r["third"]) for r in rows]
        finally:
            await conn.close()

    return asyncio.run(go())


def _run(
    urls: DatabaseUrls, settings: Settings, afters: list[tuple[int, int]], take: int
) -> tuple[list[Any], dict[str, Any]]:
    """The page's rows, and EXPLAIN ANALYZE of the same statement run a second time."""

    async def go() -> tuple[list[Any], dict[str, Any]]:
        engine = create_engine(urls.app, settings)
        explain = False

        @event.listens_for(engine.sync_engine, "before_cursor_execute", retval=True)
        def maybe_explain(
            conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
        ) -> tuple[str, Any]:
            if explain and "unnest" in statement:
                statement = "EXPLAIN (ANALYZE, FORMAT JSON) " + statement
            return statement, parameters

        db = RequestDB(engine, ["vn"])
        try:
            rows = await targets.page_by_plans(db, afters, ["vn"], TODAY, take)
            explain = True
            plan_rows = await targets.page_by_plans(db, afters, ["vn"], TODAY, take)
        finally:
            await db.close()
            await engine.dispose()
        plan = plan_rows[0]["QUERY PLAN"]
        return rows, (json.loads(plan) if isinstance(plan, str) else plan)[0]

    return asyncio.run(go())


def test_the_statement_returns_first_plus_one_rows_per_plan_after_each_cursor(
    shared_db: DatabaseUrls, settings: Settings
) -> None:
    (big, n_big, third), (other, n_other, _) = _largest_plans(shared_db)
    assert n_big > 10 and n_other > 3  # enough for a page to be a small part of the plan
    rows, plan = _run(shared_db, settings, [(big, third), (other, 0)], take=3)
    by_plan: dict[int, list[int]] = {}
    for row in rows:
        by_plan.setdefault(row["plan_id"], []).append(row["id"])
    assert len(by_plan[big]) == len(by_plan[other]) == 3
    assert all(pk > third for pk in by_plan[big])
    assert by_plan[big] == sorted(by_plan[big]) and by_plan[other] == sorted(by_plan[other])
    # what leaves the database: the two pages, not the plans' targets
    assert plan["Plan"]["Actual Rows"] == 6, plan
