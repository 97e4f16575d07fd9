"""The whole schema of a database as plain data, so two databases (or one at two moments) compare
with `==` and a difference prints as the object that differs.

It reads the catalogs, not SQLAlchemy's reflection: functions, triggers, policies, row-level
security flags and grants are what Alembic cannot see, and they are exactly what a downgrade
forgets to undo. Objects that belong to an extension (ltree's, pg_trgm's and btree_gist's
hundreds of functions in `public`) are left out: they come and go with the extension, which is
listed by name and version.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

Snapshot = dict[str, list[tuple[Any, ...]]]


def _grants(acl: str) -> str:
    """An ACL as a sorted array of 'grantee:privilege:grantable' (PUBLIC shows as '-')."""
    return (
        "(SELECT array_agg(g ORDER BY g) FROM (SELECT format('%s:%s:%s', x.grantee::regrole, "
        f"x.privilege_type, x.is_grantable) AS g FROM aclexplode({acl}) x) grants)"
    )


# Objects created by an extension (pg_depend 'e'), never by a migration.
_NOT_FROM_EXTENSION = """NOT EXISTS (SELECT 1 FROM pg_depend d
    WHERE d.classid = '{catalog}'::regclass AND d.objid = {oid} AND d.deptype = 'e')"""

# A NULL ACL means the owner's default rights; a grant revoked again leaves them written out.
# Both read the same through acldefault().
_RELATION_ACL = (
    "coalesce(c.relacl, acldefault("
    "CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner))"
)

QUERIES: dict[str, str] = {
    # kind: r table, S sequence, v view, m materialized view, p partitioned table
    "relations": f"""
        SELECT c.relname, c.relkind::text, c.relowner::regrole::text AS owner,
               c.relrowsecurity, c.relforcerowsecurity,
               obj_description(c.oid, 'pg_class') AS comment,
               {_grants(_RELATION_ACL)} AS grants
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f')
          AND {_NOT_FROM_EXTENSION.format(catalog="pg_class", oid="c.oid")}
        ORDER BY c.relname""",
    # position: the rank among live columns (a dropped column leaves a hole in attnum)
    "columns": f"""
        SELECT c.relname, a.attname,
               row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum) AS position,
               format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid) AS default_or_generated,
               a.attgenerated::text, a.attidentity::text,
               col_description(c.oid, a.attnum) AS comment,
               {_grants("a.attacl")} AS grants
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND a.attnum > 0 AND NOT a.attisdropped
          AND {_NOT_FROM_EXTENSION.format(catalog="pg_class", oid="c.oid")}
        ORDER BY c.relname, a.attnum""",
    "constraints": """
        SELECT c.conrelid::regclass::text AS table, c.conname, c.contype::text,
               pg_get_constraintdef(c.oid) AS definition
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' AND c.conrelid <> 0
        ORDER BY 1, 2""",
    "indexes": """
        SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' ORDER BY tablename, indexname""",
    "functions": f"""
        SELECT p.oid::regprocedure::text AS signature, p.proowner::regrole::text AS owner,
               pg_get_functiondef(p.oid) AS definition,
               {_grants("coalesce(p.proacl, acldefault('f', p.proowner))")} AS grants
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')
          AND {_NOT_FROM_EXTENSION.format(catalog="pg_proc", oid="p.oid")}
        ORDER BY 1""",
    "triggers": """
        SELECT t.tgrelid::regclass::text AS table, t.tgname, pg_get_triggerdef(t.oid) AS definition,
               t.tgenabled::text
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND NOT t.tgisinternal
        ORDER BY 1, 2""",
    "policies": """
        SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check
        FROM pg_policies WHERE schemaname = 'public' ORDER BY tablename, policyname""",
    "extensions": """
        SELECT extname, extversion FROM pg_extension ORDER BY extname""",
    # who may use the schema itself (0001 grants it to the app role)
    "schema_grants": f"""
        SELECT {_grants("coalesce(n.nspacl, acldefault('n', n.nspowner))")}
        FROM pg_namespace n WHERE n.nspname = 'public'""",
    # privileges future objects get (none today; a migration that sets some must undo them)
    "default_grants": f"""
        SELECT d.defaclrole::regrole::text, d.defaclnamespace::regnamespace::text,
               d.defaclobjtype::text, {_grants("d.defaclacl")}
        FROM pg_default_acl d ORDER BY 1, 2, 3""",
    "types": f"""
        SELECT t.typname, t.typtype::text FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c', 'r', 'm')
          AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
          AND {_NOT_FROM_EXTENSION.format(catalog="pg_type", oid="t.oid")}
        ORDER BY 1""",
}


async def snapshot_connection(conn: AsyncConnection) -> Snapshot:
    found: Snapshot = {}
    for name, query in QUERIES.items():
        rows = await conn.execute(text(query))
        found[name] = [
            tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows.all()
        ]
    return found


def snapshot(url: str) -> Snapshot:
    """Every schema object of `url`'s database a migration can create, as sorted tuples."""

    async def go() -> Snapshot:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return await snapshot_connection(conn)
        finally:
            await engine.dispose()

    return asyncio.run(go())


def differences(before: Snapshot, after: Snapshot) -> list[str]:
    """What one snapshot has and the other lacks, per kind of object (readable in a failure)."""
    lines: list[str] = []
    for kind in sorted(set(before) | set(after)):
        old, new = set(before.get(kind, [])), set(after.get(kind, []))
        lines += [f"{kind}: only before: {row}" for row in sorted(old - new, key=repr)]
        lines += [f"{kind}: only after: {row}" for row in sorted(new - old, key=repr)]
    return lines
