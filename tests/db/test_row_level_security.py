"""The second lock: even SQL that forgets the tenant filter sees only the caller's subtree,
because the app connects as a role subject to row-level security."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from db.urls import DatabaseUrls


def _run(url: str, scope: str | None, sql: str) -> list[tuple]:
    async def go() -> list[tuple]:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as conn:
                if scope is not None:
                    await conn.execute(
                        text("SELECT set_config('app.scope_paths', :p, true)"), {"p": scope}
                    )
                return [tuple(r) for r in await conn.execute(text(sql))]
        finally:
            await engine.dispose()

    return asyncio.run(go())


def test_raw_select_with_a_district_scope_returns_only_that_district(
    shared_db: DatabaseUrls,
) -> None:
    rows = _run(shared_db.app, "vn.p38.d400", "SELECT path::text FROM admin_units")
    assert len(rows) > 20
    assert all(path == "vn.p38.d400" or path.startswith("vn.p38.d400.") for (path,) in rows)


def test_raw_select_without_a_scope_returns_nothing(shared_db: DatabaseUrls) -> None:
    assert _run(shared_db.app, None, "SELECT count(*) FROM admin_units") == [(0,)]
    assert _run(shared_db.app, "", "SELECT count(*) FROM admin_units") == [(0,)]
    assert _run(shared_db.app, None, "SELECT count(*) FROM audit_log") == [(0,)]


def test_the_app_role_cannot_write_outside_its_scope_nor_bypass_rls(
    shared_db: DatabaseUrls,
) -> None:
    flags = _run(
        shared_db.app,
        None,
        "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
    )
    assert flags == [(False, False)]
    owned = _run(
        shared_db.app, None, "SELECT count(*) FROM pg_tables WHERE tableowner = current_user"
    )
    assert owned == [(0,)]
    try:
        _run(
            shared_db.app,
            "vn.p38.d400",
            "INSERT INTO audit_log (actor, action, object_type, object_id, unit_path) "
            "VALUES ('x', 'x', 'x', 'x', 'vn.p45')",
        )
    except Exception as error:
        assert "row-level security" in str(error)
    else:
        raise AssertionError("an insert outside the scope was accepted")


def test_no_policy_reads_the_scope_once_per_row(shared_db: DatabaseUrls) -> None:
    """Policies compute the scope array once per statement (an InitPlan, migration 0014)."""
    per_row = _run(
        shared_db.owner,
        None,
        """
        SELECT tablename FROM pg_policies WHERE schemaname = 'public'
          AND (qual LIKE '%ANY (antq_scope())%' OR with_check LIKE '%ANY (antq_scope())%')""",
    )
    once = _run(
        shared_db.owner,
        None,
        """
        SELECT count(*) FROM pg_policies WHERE schemaname = 'public'
          AND qual LIKE '%unnest(antq_scope())%'""",
    )
    assert per_row == []
    assert once[0][0] >= 15


def test_rollup_tallies_are_filtered_by_the_scope_like_the_rows_they_sum(
    shared_db: DatabaseUrls,
) -> None:
    for table in ("unit_tallies", "assessment_tallies"):
        rows = _run(shared_db.app, "vn.p38.d400", f"SELECT parent_path::text FROM {table}")
        assert rows, table
        assert all(p == "vn.p38.d400" or p.startswith("vn.p38.d400.") for (p,) in rows), table
        assert _run(shared_db.app, None, f"SELECT count(*) FROM {table}") == [(0,)]
