"""Loading seed records: staged with COPY, then upserted, so re-running changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from seeds.units import SuccessionRecord, UnitRecord
from services.text import fold

UNIT_COLUMNS = (
    "path",
    "parent_path",
    "code",
    "kind",
    "sub_kind",
    "name",
    "short_name",
    "search_text",
    "valid_from",
    "valid_to",
)


async def _driver(conn: AsyncConnection) -> Any:
    """The asyncpg connection under `conn`, for COPY (SQLAlchemy has no bulk copy of its own)."""
    raw = (await conn.get_raw_connection()).driver_connection
    if raw is None:  # only a connection already closed has none
        raise RuntimeError("the database connection is closed")
    return raw


async def upsert_units(conn: AsyncConnection, units: Sequence[UnitRecord]) -> int:
    """Insert or update units by path; returns how many rows changed."""
    raw = await _driver(conn)
    await conn.execute(
        text(
            "CREATE TEMP TABLE stage_units (path text, parent_path text, code text, kind text, "
            "sub_kind text, name text, short_name text, search_text text, valid_from date, "
            "valid_to date) ON COMMIT DROP"
        )
    )
    await raw.copy_records_to_table(
        "stage_units",
        records=[
            (
                u.path,
                u.parent_path,
                u.code,
                str(u.kind),
                u.sub_kind,
                u.name,
                u.short_name,
                fold(f"{u.name} {u.short_name}"),
                u.valid_from,
                u.valid_to,
            )
            for u in units
        ],
        columns=UNIT_COLUMNS,
    )
    changed = await conn.execute(
        text(
            """
        INSERT INTO admin_units (path, code, kind, sub_kind, name, short_name, search_text,
                                 valid_from, valid_to)
        SELECT path::ltree, code, kind, sub_kind, name, short_name, search_text, valid_from,
               valid_to
        FROM stage_units
        ON CONFLICT (path) DO UPDATE SET
            code = EXCLUDED.code, kind = EXCLUDED.kind, sub_kind = EXCLUDED.sub_kind,
            name = EXCLUDED.name, short_name = EXCLUDED.short_name,
            search_text = EXCLUDED.search_text, valid_from = EXCLUDED.valid_from,
            valid_to = EXCLUDED.valid_to, updated_at = now(), version = admin_units.version + 1
        WHERE (admin_units.code, admin_units.kind, admin_units.sub_kind, admin_units.name,
               admin_units.short_name, admin_units.valid_from, admin_units.valid_to)
              IS DISTINCT FROM
              (EXCLUDED.code, EXCLUDED.kind, EXCLUDED.sub_kind, EXCLUDED.name,
               EXCLUDED.short_name, EXCLUDED.valid_from, EXCLUDED.valid_to)
        """
        )
    )
    await conn.execute(
        text(
            """
        UPDATE admin_units u SET parent_id = p.id
        FROM stage_units s JOIN admin_units p ON p.path = s.parent_path::ltree
        WHERE u.path = s.path::ltree AND u.parent_id IS DISTINCT FROM p.id
        """
        )
    )
    await conn.execute(text("DROP TABLE stage_units"))
    return changed.rowcount


async def upsert_successions(conn: AsyncConnection, links: Sequence[SuccessionRecord]) -> None:
    raw = await _driver(conn)
    await conn.execute(
        text(
            "CREATE TEMP TABLE stage_successions (predecessor text, successor text, "
            "effective_on date, reason text) ON COMMIT DROP"
        )
    )
    await raw.copy_records_to_table(
        "stage_successions",
        records=[(s.predecessor_path, s.successor_path, s.effective_on, s.reason) for s in links],
    )
    await conn.execute(
        text(
            """
        INSERT INTO unit_successions (predecessor_id, successor_id, effective_on, reason)
        SELECT p.id, n.id, s.effective_on, s.reason
        FROM stage_successions s
        JOIN admin_units p ON p.path = s.predecessor::ltree
        JOIN admin_units n ON n.path = s.successor::ltree
        ON CONFLICT DO NOTHING
        """
        )
    )
    await conn.execute(text("DROP TABLE stage_successions"))
