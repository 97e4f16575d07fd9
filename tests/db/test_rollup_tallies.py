"""The rollup tallies (migration 0011) are exact: after the seed, after every kind of write,
under concurrent writers and rollbacks they equal a recount from the base tables, and the
rollup read from them equals the rollup computed row by row."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from db.queries.evaluations import AGGREGATES, ROLLUP_CURRENT_SQL, ROLLUP_SQL
from db.urls import DatabaseUrls

KINDS = "('commune', 'residential_area', 'agency', 'enterprise', 'school')"
# The oracle: the same figures counted from scratch, written independently of the triggers.
RECOUNT_UNITS = f"""
    SELECT subpath(path, 0, nlevel(path) - 1)::text, coalesce(valid_from, '-infinity'::date),
           coalesce(valid_to, 'infinity'::date), count(*)
    FROM admin_units WHERE kind IN {KINDS} AND nlevel(path) > 1 GROUP BY 1, 2, 3"""
RECOUNT_YEARS = f"""
    WITH u AS (
        SELECT id, subpath(path, 0, nlevel(path) - 1) AS p,
               coalesce(valid_from, '-infinity'::date) AS lo,
               coalesce(valid_to, 'infinity'::date) AS hi
        FROM admin_units WHERE kind IN {KINDS} AND nlevel(path) > 1),
    a AS (
        SELECT x.year, u.p, u.lo, u.hi, count(*) AS assessed,
               count(*) FILTER (WHERE x.safety_registered) AS registered,
               count(*) FILTER (WHERE x.safety_achieved) AS safe,
               count(*) FILTER (WHERE x.classification IN ('xuat_sac', 'kha')) AS good
        FROM assessments x JOIN u ON u.id = x.unit_id GROUP BY 1, 2, 3, 4),
    c AS (
        SELECT t.year, u.p, u.lo, u.hi, count(*) AS reg,
               count(*) FILTER (WHERE t.state = 'recognised') AS rec
        FROM typical_campaigns t JOIN u ON u.id = t.unit_id GROUP BY 1, 2, 3, 4)
    SELECT year, p::text, lo, hi, coalesce(assessed, 0), coalesce(registered, 0),
           coalesce(safe, 0), coalesce(good, 0), coalesce(reg, 0), coalesce(rec, 0)
    FROM a FULL JOIN c USING (year, p, lo, hi)"""
TALLIED_UNITS = "SELECT parent_path::text, lo, hi, units FROM unit_tallies WHERE units <> 0"
TALLIED_YEARS = """
    SELECT year, parent_path::text, lo, hi, assessed, registered, safe, good_or_excellent,
           typical_registered, typical_recognised FROM assessment_tallies
    WHERE (assessed, registered, safe, good_or_excellent, typical_registered,
           typical_recognised) <> (0, 0, 0, 0, 0, 0)"""


async def _set(conn: AsyncConnection, sql: str, **params: Any) -> set[tuple]:
    return {tuple(r) for r in await conn.execute(text(sql), params)}


async def _assert_exact(conn: AsyncConnection) -> None:
    assert await _set(conn, TALLIED_UNITS) == await _set(conn, RECOUNT_UNITS)
    tallied, recounted = await _set(conn, TALLIED_YEARS), await _set(conn, RECOUNT_YEARS)
    assert tallied == recounted, tallied ^ recounted


def _run(url: str, scenario: Any) -> Any:
    async def go() -> Any:
        engine = create_async_engine(url)
        try:
            return await scenario(engine)
        finally:
            await engine.dispose()

    return asyncio.run(go())


async def _hamlets(conn: AsyncConnection, commune_code: str, year: int) -> list[tuple]:
    """Hamlets of the pre-2025 commune with that code and no assessment for `year`: (id, path).
    (The code's current commune has demo hamlets too, which begin on 1/7/2025.)"""
    return [
        tuple(r)
        for r in await conn.execute(
            text(
                "SELECT h.id, h.path::text FROM admin_units h JOIN admin_units c ON h.parent_id = c.id "
                "WHERE c.code = :c AND c.valid_to IS NOT NULL AND h.kind = 'residential_area' "
                "AND NOT EXISTS ("
                "  SELECT 1 FROM assessments a WHERE a.unit_id = h.id AND a.year = :y) ORDER BY h.path"
            ),
            {"c": commune_code, "y": year},
        )
    ]


async def _insert(conn: AsyncConnection, hamlets: list[tuple], year: int, achieved: bool) -> None:
    for unit_id, path in hamlets:
        await conn.execute(
            text(
                "INSERT INTO assessments (unit_id, unit_path, year, safety_registered, "
                "safety_achieved, classification, entered_by, entered_on) "
                "VALUES (:u, CAST(:p AS ltree), :y, true, :a, 'kha', 'test', DATE '2030-11-01')"
            ),
            {"u": unit_id, "p": path, "y": year, "a": achieved},
        )


def test_the_seeded_tallies_equal_a_recount(shared_db: DatabaseUrls) -> None:
    async def scenario(engine: Any) -> None:
        async with engine.connect() as conn:
            assert await _set(conn, TALLIED_UNITS)  # not vacuously equal
            assert await _set(conn, TALLIED_YEARS)
            await _assert_exact(conn)

    _run(shared_db.owner, scenario)


def test_tallies_stay_exact_through_inserts_updates_deletes_and_unit_changes(
    fresh_db: DatabaseUrls,
) -> None:
    async def scenario(engine: Any) -> None:
        async with engine.begin() as conn:
            hamlets = await _hamlets(conn, "16021", 2030)  # Xã Triệu Lộc, Hậu Lộc (pre-2025)
            assert len(hamlets) >= 3
            await _insert(conn, hamlets, 2030, achieved=True)
            await _assert_exact(conn)
            await conn.execute(
                text(
                    "UPDATE assessments SET safety_achieved = false, classification = 'yeu' "
                    "WHERE year = 2030 AND unit_id = :u"
                ),
                {"u": hamlets[0][0]},
            )
            await conn.execute(
                text("UPDATE assessments SET confirmed_by = 'x' WHERE year = 2030")
            )  # no count changes
            await _assert_exact(conn)
            await conn.execute(
                text("DELETE FROM assessments WHERE year = 2030 AND unit_id = :u"),
                {"u": hamlets[1][0]},
            )
            await _assert_exact(conn)
            # a hamlet that ends earlier takes its units count and its 2030 counts along
            await conn.execute(
                text("UPDATE admin_units SET valid_to = DATE '2024-12-31' WHERE id = :u"),
                {"u": hamlets[2][0]},
            )
            await _assert_exact(conn)
            state = await conn.execute(
                text(
                    "UPDATE typical_campaigns SET state = CASE state WHEN 'recognised' "
                    "THEN 'annual_reported' ELSE 'recognised' END "
                    "WHERE id = (SELECT min(id) FROM typical_campaigns) RETURNING id"
                )
            )
            assert state.first() is not None
            await _assert_exact(conn)
            await conn.execute(
                text(
                    "DELETE FROM typical_campaigns WHERE id = "
                    "(SELECT max(id) FROM typical_campaigns)"
                )
            )
            await _assert_exact(conn)

    _run(fresh_db.owner, scenario)


def test_concurrent_writers_to_one_commune_and_a_rollback_leave_the_tallies_exact(
    fresh_db: DatabaseUrls,
) -> None:
    async def scenario(engine: Any) -> tuple[int, int]:
        async with engine.connect() as probe:
            hamlets = await _hamlets(probe, "16021", 2031)
        assert len(hamlets) >= 3
        first, second, third = hamlets[:1], hamlets[1:2], hamlets[2:3]
        a, b, c = [await engine.connect() for _ in range(3)]
        try:
            await a.begin()
            await _insert(a, first, 2031, achieved=True)
            await b.begin()
            # b waits on the tally row a has locked, then adds to a's committed value
            b_insert = asyncio.create_task(_insert(b, second, 2031, achieved=False))
            await c.begin()
            await asyncio.sleep(0.3)
            assert not b_insert.done()
            await a.commit()
            await b_insert
            # c waits for b in turn; b commits, c rolls back: c's delta goes with it
            c_insert = asyncio.create_task(_insert(c, third, 2031, achieved=True))
            await asyncio.sleep(0.3)
            assert not c_insert.done()
            await b.commit()
            await c_insert
            await c.rollback()
        finally:
            for conn in (a, b, c):
                await conn.close()
        async with engine.connect() as conn:
            await _assert_exact(conn)
            row = (
                await conn.execute(
                    text(
                        "SELECT sum(assessed), sum(safe) FROM assessment_tallies WHERE year = 2031"
                    )
                )
            ).one()
            return int(row[0]), int(row[1])

    assert _run(fresh_db.owner, scenario) == (2, 1)


def test_the_rollup_from_tallies_equals_the_rollup_counted_row_by_row(
    shared_db: DatabaseUrls,
) -> None:
    """ROLLUP_SQL (the predecessor-aware path, without predecessors) counts unit by unit."""

    async def scenario(engine: Any) -> None:
        async with engine.begin() as conn:
            await conn.execute(text("SELECT set_config('app.scope_paths', 'vn', true)"))
            compared = 0
            for code, year, as_of in (
                ("VN", 2024, date(2024, 6, 30)),
                ("38", 2024, date(2024, 6, 30)),
                ("38", 2025, date(2025, 7, 1)),
                ("400", 2023, date(2023, 6, 30)),
                ("16021", 2024, date(2024, 6, 30)),
            ):
                root = (
                    await conn.execute(
                        text(
                            "SELECT id FROM admin_units WHERE code = :c AND (valid_from IS NULL OR "
                            "valid_from <= :d) AND (valid_to IS NULL OR valid_to >= :d)"
                        ),
                        {"c": code, "d": as_of},
                    )
                ).scalar_one()
                params = {
                    "root_id": root,
                    "year": year,
                    "as_of": as_of,
                    "year_start": date(year, 1, 1),
                    "year_end": date(year, 12, 31),
                    "scope": ["vn"],
                    "kinds": list(KINDS_LIST),
                }
                slow = [
                    tuple(r)
                    for r in await conn.execute(
                        text(ROLLUP_SQL.format(aggregates=AGGREGATES)), {**params, "include": False}
                    )
                ]
                fast = [tuple(r) for r in await conn.execute(text(ROLLUP_CURRENT_SQL), params)]
                assert fast == slow, code
                compared += fast[0][-7]  # units in the total
            assert compared > 1000

    _run(shared_db.app, scenario)


KINDS_LIST = ("residential_area", "commune", "agency", "enterprise", "school")
