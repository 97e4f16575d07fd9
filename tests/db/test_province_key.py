"""Every row that belongs to a unit carries its province as `province_key`, the distribution
column of the Citus plan (docs/scaling.md), so a new tenant table cannot forget it."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from db.urls import DatabaseUrls


def _fetch(url: str, sql: str) -> list[tuple]:
    async def go() -> list[tuple]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return [tuple(r) for r in await conn.execute(text(sql))]
        finally:
            await engine.dispose()

    return asyncio.run(go())


def test_every_table_with_a_unit_path_has_a_province_key(shared_db: DatabaseUrls) -> None:
    rows = _fetch(
        shared_db.owner,
        """
        SELECT c.table_name FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.column_name IN ('unit_path', 'path')
          AND c.udt_name = 'ltree'
          AND NOT EXISTS (SELECT 1 FROM information_schema.columns k
                          WHERE k.table_schema = 'public' AND k.table_name = c.table_name
                            AND k.column_name = 'province_key')""",
    )
    assert rows == []


def test_province_key_is_the_province_of_the_row(shared_db: DatabaseUrls) -> None:
    keys = dict(
        _fetch(
            shared_db.owner,
            """
        SELECT path::text, province_key::text FROM admin_units
        WHERE code IN ('VN', '38', '380')""",
        )
    )
    assert keys == {"vn": "vn", "vn.p38": "vn.p38", "vn.p38.d380": "vn.p38"}
    # the same rule on a tenant table, over every row the demo seed wrote
    mismatched = _fetch(
        shared_db.owner,
        """
        SELECT count(*) FROM targets
        WHERE province_key <> subpath(unit_path, 0, least(nlevel(unit_path), 2))""",
    )
    total = _fetch(shared_db.owner, "SELECT count(*) FROM targets")
    assert mismatched == [(0,)] and total[0][0] > 0
