"""Plans stay good for every scope size: the explicit subtree filter narrows a province's or a
commune's list through the GiST path index, and is left out for a national scope (where it made
the planner scan the whole index and sort). Checked with EXPLAIN ANALYZE of the exact SQL the app
issues, as the app role under row-level security, on data of the benchmark's shape (the real
hierarchy plus generated residential areas and agencies under every commune, bench/generate.py)."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bench.generate import Generator
from core.config import Settings
from db.queries import evaluations, targets, units
from db.queries.scope import narrowing
from db.session import RequestDB, create_engine
from db.urls import DatabaseUrls
from tests.conftest import TEMPLATE
from tests.support.databases import clone_name, drop_database, recreate_database

AS_OF = date(2024, 6, 1)
PAGE = 51  # what `units(first: 50)` asks for (one more, to know whether there is a next page)


async def _generate(owner_dsn: str) -> None:
    conn = await asyncpg.connect(owner_dsn)
    try:
        async with conn.transaction():
            generator = Generator(conn, random.Random(20251), scale=0.4)
            await generator.units()
            await generator.targets()
            # one assessment per assessable unit for 2024 (the benchmark has ten years of them)
            await conn.execute("""
                INSERT INTO assessments (unit_id, unit_path, year, safety_registered,
                    safety_achieved, classification, entered_by, entered_on)
                SELECT id, path, 2024, true, true, 'kha', 'plans-test', DATE '2024-11-01'
                FROM admin_units WHERE kind IN ('commune', 'residential_area', 'agency',
                    'enterprise', 'school') AND (valid_to IS NULL OR valid_to >= DATE '2024-11-01')
                ON CONFLICT DO NOTHING""")
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


@pytest.fixture(scope="module")
def bench_shaped(template_urls: DatabaseUrls, server_urls: DatabaseUrls) -> Iterator[DatabaseUrls]:
    name = clone_name("antq_plans")
    urls = recreate_database(server_urls, name, TEMPLATE)
    dsn = make_url(urls.owner).set(drivername="postgresql").render_as_string(hide_password=False)
    asyncio.run(_generate(dsn))
    yield urls
    drop_database(server_urls, name)


def _explained(
    urls: DatabaseUrls,
    settings: Settings,
    scope: list[str],
    query: Callable[[RequestDB], Awaitable[list[Any]]],
) -> dict[str, Any]:
    """EXPLAIN ANALYZE of the one SELECT `query` issues, through the app's own engine and
    RequestDB (so the SQL is exactly what the app sends, scope setting and all)."""

    async def go() -> dict[str, Any]:
        engine = create_engine(urls.app, settings)

        @event.listens_for(engine.sync_engine, "before_cursor_execute", retval=True)
        def explain(
            conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
        ) -> tuple[str, Any]:
            if statement.lstrip().upper().startswith("SELECT") and "set_config" not in statement:
                statement = "EXPLAIN (ANALYZE, FORMAT JSON) " + statement
            return statement, parameters

        db = RequestDB(engine, scope)
        try:
            rows = await query(db)
        finally:
            await db.close()
            await engine.dispose()
        plan = rows[0]["QUERY PLAN"]
        return (json.loads(plan) if isinstance(plan, str) else plan)[0]

    return asyncio.run(go())


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def _rows_touched(plan: dict[str, Any]) -> int:
    """The most rows any scan node read (kept plus removed, over all its loops)."""
    touched = 0
    for node in _nodes(plan["Plan"]):
        if "Scan" in node["Node Type"]:
            read = (
                node["Actual Rows"]
                + node.get("Rows Removed by Filter", 0)
                + node.get("Rows Removed by Index Recheck", 0)
            )
            touched = max(touched, read * node["Actual Loops"])
    return touched


def _count(urls: DatabaseUrls, sql: str, **params: Any) -> int:
    async def go() -> int:
        dsn = (
            make_url(urls.owner).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        conn = await asyncpg.connect(dsn)
        try:
            return int(await conn.fetchval(sql, *params.values()))
        finally:
            await conn.close()

    return asyncio.run(go())


def _scopes(urls: DatabaseUrls) -> dict[str, str]:
    """A national, a province (the largest) and a commune scope of the generated data."""

    async def go() -> dict[str, str]:
        dsn = (
            make_url(urls.owner).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        conn = await asyncpg.connect(dsn)
        try:
            province = await conn.fetchval(
                "SELECT p.path::text FROM admin_units p JOIN admin_units u ON u.path <@ p.path "
                "WHERE p.kind = 'province' GROUP BY p.path ORDER BY count(*) DESC LIMIT 1"
            )
            commune = await conn.fetchval(
                "SELECT path::text FROM admin_units WHERE kind = 'commune' "
                "AND path <@ CAST($1 AS ltree) ORDER BY path LIMIT 1",
                province,
            )
            return {"national": "vn", "province": province, "commune": commune}
        finally:
            await conn.close()

    return asyncio.run(go())


def _in_scope(urls: DatabaseUrls, path: str) -> int:
    return _count(
        urls, "SELECT count(*) FROM admin_units WHERE path <@ CAST($1 AS ltree)", path=path
    )


def _units_page(db: RequestDB) -> Awaitable[list[Any]]:
    return units.page(
        db, as_of=AS_OF, kind=None, under_path=None, name_folded=None, after_path=None, limit=PAGE
    )


def test_the_benchmark_shape_is_big_enough_for_a_bad_plan_to_show(
    bench_shaped: DatabaseUrls,
) -> None:
    assert _count(bench_shaped, "SELECT count(*) FROM admin_units") > 30_000


@pytest.mark.parametrize("size", ["national", "province", "commune"])
def test_a_page_of_units_reads_rows_in_proportion_to_the_page_or_the_scope(
    bench_shaped: DatabaseUrls,
    settings: Settings,
    size: str,
) -> None:
    path = _scopes(bench_shaped)[size]
    plan = _explained(bench_shaped, settings, [path], _units_page)
    touched = _rows_touched(plan)
    total = _count(bench_shaped, "SELECT count(*) FROM admin_units")
    if size == "national":
        # walked in path order and stopped after the page: not the whole index, no sort
        assert touched <= 40 * PAGE, (touched, plan)
        assert not any(n["Node Type"] == "Sort" for n in _nodes(plan["Plan"])), plan
    else:
        # the scope's own rows (found by the GiST index), never the rest of the nation
        assert touched <= 2 * _in_scope(bench_shaped, path) + 40 * PAGE, (touched, plan)
        assert touched < total / 4, (touched, total, plan)


@pytest.mark.parametrize("size", ["national", "province", "commune"])
def test_a_page_of_targets_in_raw_sql_reads_rows_in_proportion_to_the_page_or_the_scope(
    bench_shaped: DatabaseUrls,
    settings: Settings,
    size: str,
) -> None:
    """The raw SQL strings (`<@ ANY(CAST(:roots AS ltree[]))`) follow the same rule."""
    path = _scopes(bench_shaped)[size]

    def page(db: RequestDB) -> Awaitable[list[Any]]:
        return targets.page(
            db,
            roots=[path],
            unit_path=None,
            under_path=None,
            year=None,
            plan_id=None,
            category=None,
            status=None,
            today=AS_OF,
            after_id=None,
            limit=PAGE,
        )

    plan = _explained(bench_shaped, settings, [path], page)
    touched = _rows_touched(plan)
    in_scope = _count(
        bench_shaped, "SELECT count(*) FROM targets WHERE unit_path <@ CAST($1 AS ltree)", path=path
    )
    total = _count(bench_shaped, "SELECT count(*) FROM targets")
    assert total > 10_000
    if size == "national":
        assert touched <= 40 * PAGE, (touched, plan)
    else:
        assert touched <= 2 * in_scope + 40 * PAGE, (touched, plan)


def test_the_explicit_filter_stays_for_every_scope_narrower_than_the_nation() -> None:
    sql = "SELECT 1 FROM t WHERE t.unit_path <@ ANY(CAST(:roots AS ltree[])) AND x = :y"
    assert narrowing(sql, {"roots": ["vn.p38"], "y": 1}) == sql
    assert narrowing(sql, {"roots": ["vn.p38.d380", "vn.p45"]}) == sql
    assert (
        narrowing(sql, {"roots": ["vn.p38", "vn"]})
        == "SELECT 1 FROM t WHERE (t.unit_path IS NOT NULL) AND x = :y"
    )
    two = (
        "SELECT 1 FROM t WHERE t.unit_path <@ ANY(CAST(:proots AS ltree[])) "
        "OR d.unit_path <@ ANY(CAST(:troots AS ltree[]))"
    )
    assert narrowing(two, {"proots": ["vn"], "troots": ["vn.p01"]}) == (
        "SELECT 1 FROM t WHERE (t.unit_path IS NOT NULL) "
        "OR d.unit_path <@ ANY(CAST(:troots AS ltree[]))"
    )


def test_row_level_security_still_limits_a_query_whose_filter_was_left_out(
    bench_shaped: DatabaseUrls,
    settings: Settings,
) -> None:
    """A caller whose permission roots include the nation but whose session scope (the RLS
    setting) is one province gets only that province: the left-out filter was redundant."""
    province = _scopes(bench_shaped)["province"]

    async def go() -> list[Any]:
        engine = create_engine(bench_shaped.app, settings)
        db = RequestDB(engine, [province])
        try:
            return await evaluations.assessment_page(
                db, roots=["vn"], under_path="vn", year=2024, after_path=None, limit=500
            )
        finally:
            await db.close()
            await engine.dispose()

    rows = asyncio.run(go())
    assert rows
    assert all(
        r["unit_path"] == province or r["unit_path"].startswith(province + ".") for r in rows
    )


@pytest.mark.parametrize("size", ["national", "province"])
def test_a_page_of_a_years_assessments_reads_rows_in_proportion_to_the_page_or_the_scope(
    bench_shaped: DatabaseUrls,
    settings: Settings,
    size: str,
) -> None:
    """Nationally the (year, unit_path) btree (migration 0070) walks the year in path order and
    stops after the page: no scan of the whole year or of the GiST index, no sort."""
    path = _scopes(bench_shaped)[size]

    def page(db: RequestDB) -> Awaitable[list[Any]]:
        return evaluations.assessment_page(
            db, roots=[path], under_path=path, year=2024, after_path=None, limit=PAGE
        )

    plan = _explained(bench_shaped, settings, [path], page)
    touched = _rows_touched(plan)
    in_scope = _count(
        bench_shaped,
        "SELECT count(*) FROM assessments WHERE year = 2024 AND unit_path <@ CAST($1 AS ltree)",
        path=path,
    )
    assert in_scope > 40 * PAGE or size == "province", in_scope
    if size == "national":
        assert touched <= 40 * PAGE, (touched, plan)
        assert not any(n["Node Type"] == "Sort" for n in _nodes(plan["Plan"])), plan
    else:
        assert touched <= 2 * in_scope + 40 * PAGE, (touched, plan)
