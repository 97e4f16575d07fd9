"""People (the `users` rows that are not service accounts) and their role assignments with
periods.

`users` and `casbin_rule` have no row-level security (a credential is checked before anyone's
scope exists, and the authorizer needs every rule), so every management read here filters by
the person's unit in SQL (`home_unit_path <@ ANY(:roots)`), the roots coming from the authorizer.
Reads of `admin_units` go through its RLS policy like any other request.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, text
from sqlalchemy.ext.asyncio import AsyncConnection

from db.session import RequestDB

PERSON_COLUMNS = (
    "u.id, u.username, u.display_name, u.position, u.contact, "
    "u.home_unit_path::text AS unit_path, u.provisioned, u.created_by, "
    "u.created_at, u.disabled_at, u.disabled_by, u.version"
)
ACTIVE_ROLE = (
    "r.ptype = 'g' AND r.v0 = u.username "
    "AND (r.valid_from IS NULL OR r.valid_from <= :day) "
    "AND (r.valid_to IS NULL OR r.valid_to >= :day)"
)
WAITING = (
    f"(u.disabled_at IS NULL AND NOT EXISTS (SELECT 1 FROM casbin_rule r WHERE {ACTIVE_ROLE}))"
)


# -- for the authorizer (no request scope) ------------------------------------------------------
async def assignment_periods(conn: AsyncConnection) -> list[tuple[Any, ...]]:
    """Every role assignment with its period and its unit's last day, for the policy snapshot.

    admin_units is read under RLS too: this transaction's scope is the roots of the assigned
    paths themselves, so the loader sees exactly the units that roles are held at."""
    await conn.execute(
        text(
            "SELECT set_config('app.scope_paths', coalesce((SELECT string_agg(DISTINCT "
            "subpath(v2::ltree, 0, 1)::text, ',') FROM casbin_rule WHERE ptype = 'g' AND v2 <> ''), "
            "''), true)"
        )
    )
    result = await conn.execute(
        text(
            "SELECT r.v0, r.v1, r.v2, r.valid_from, r.valid_to, u.valid_to "
            "FROM casbin_rule r LEFT JOIN admin_units u ON u.path = r.v2::ltree "
            "WHERE r.ptype = 'g' ORDER BY r.id"
        )
    )
    return [tuple(row) for row in result]


async def disabled_usernames(conn: AsyncConnection) -> list[str]:
    result = await conn.execute(text("SELECT username FROM users WHERE disabled_at IS NOT NULL"))
    return list(result.scalars())


async def provision(
    conn: AsyncConnection,
    *,
    username: str,
    display_name: str | None,
    unit_codes: Sequence[str],
    root: str,
    day: date,
) -> bool:
    """Create a person on first sign-in (no roles) at the first of `unit_codes` that exists on
    `day`; True when the row is new. Existing rows are never touched."""
    await conn.execute(text("SELECT set_config('app.scope_paths', :root, true)"), {"root": root})
    home = None
    for unit_code in unit_codes:
        home = (
            home
            or (
                await conn.execute(
                    text(
                        "SELECT path::text FROM admin_units WHERE code = :code "
                        "AND (valid_from IS NULL OR valid_from <= :day) "
                        "AND (valid_to IS NULL OR valid_to >= :day) ORDER BY nlevel(path) LIMIT 1"
                    ),
                    {"code": unit_code, "day": day},
                )
            ).scalar()
        )
    row = (
        await conn.execute(
            text(
                "INSERT INTO users (username, display_name, provisioned, home_unit_path) "
                "VALUES (:username, :name, 'sign_in', CAST(:home AS ltree)) "
                "ON CONFLICT (username) DO NOTHING RETURNING id"
            ),
            {"username": username, "name": display_name, "home": home},
        )
    ).first()
    return row is not None


# -- people -----------------------------------------------------------------------------------
async def person(
    db: RequestDB, *, day: date, person_id: int | None = None, username: str | None = None
) -> RowMapping | None:
    key, value = ("u.id", person_id) if person_id is not None else ("u.username", username)
    return (
        (
            await db.execute(
                text(
                    f"SELECT {PERSON_COLUMNS}, {WAITING} AS waiting FROM users u "
                    f"WHERE {key} = :value AND NOT u.is_service_account"
                ),
                {"value": value, "day": day},
            )
        )
        .mappings()
        .first()
    )


async def username_taken(db: RequestDB, username: str) -> bool:
    return (
        await db.execute(text("SELECT 1 FROM users WHERE username = :u"), {"u": username})
    ).first() is not None


async def create_person(
    db: RequestDB,
    *,
    username: str,
    display_name: str | None,
    position: str | None,
    contact: str | None,
    unit_path: str,
    created_by: str,
    provisioned: str,
) -> RowMapping | None:
    """The new person, or None when the username is taken."""
    return (
        (
            await db.execute(
                text(
                    "INSERT INTO users (username, display_name, position, contact, home_unit_path, "
                    "created_by, provisioned) VALUES (:username, :name, :position, :contact, "
                    "CAST(:home AS ltree), :by, :provisioned) ON CONFLICT (username) DO NOTHING "
                    "RETURNING id"
                ),
                {
                    "username": username,
                    "name": display_name,
                    "position": position,
                    "contact": contact,
                    "home": unit_path,
                    "by": created_by,
                    "provisioned": provisioned,
                },
            )
        )
        .mappings()
        .first()
    )


async def update_person(db: RequestDB, person_id: int, version: int, **values: Any) -> bool:
    """Apply `values` (unit_path, disabled) and bump the version; False on a stale version."""
    sets = ["version = version + 1", "updated_at = now()"]
    params: dict[str, Any] = {"id": person_id, "version": version}
    if "unit_path" in values:
        sets.append("home_unit_path = CAST(:unit_path AS ltree)")
        params["unit_path"] = values["unit_path"]
    if "disabled_by" in values:
        if values["disabled_by"] is None:
            sets.append("disabled_at = NULL, disabled_by = NULL")
        else:
            sets.append("disabled_at = now(), disabled_by = :disabled_by")
            params["disabled_by"] = values["disabled_by"]
    result = await db.execute(
        text(
            f"UPDATE users SET {', '.join(sets)} WHERE id = :id AND version = :version RETURNING id"
        ),
        params,
    )
    return result.first() is not None


def _filters(
    roots: Sequence[str],
    under_path: str | None,
    role: str | None,
    unit_path: str | None,
    waiting: bool | None,
    disabled: bool | None,
) -> tuple[list[str], dict[str, Any]]:
    where = ["NOT u.is_service_account", "u.home_unit_path <@ ANY(CAST(:roots AS ltree[]))"]
    params: dict[str, Any] = {"roots": list(roots)}
    if under_path is not None:
        where.append("u.home_unit_path <@ CAST(:under AS ltree)")
        params["under"] = under_path
    if unit_path is not None:
        where.append("u.home_unit_path = CAST(:unit AS ltree)")
        params["unit"] = unit_path
    if role is not None:
        where.append(
            "EXISTS (SELECT 1 FROM casbin_rule r WHERE r.ptype = 'g' "
            "AND r.v0 = u.username AND r.v1 = :role)"
        )
        params["role"] = role
    if waiting is not None:
        where.append(WAITING if waiting else f"NOT {WAITING}")
    if disabled is not None:
        where.append("u.disabled_at IS NOT NULL" if disabled else "u.disabled_at IS NULL")
    return where, params


async def people_page(
    db: RequestDB,
    *,
    roots: Sequence[str],
    under_path: str | None,
    role: str | None,
    unit_path: str | None,
    waiting: bool | None,
    disabled: bool | None,
    after_id: int | None,
    limit: int,
    day: date,
) -> list[RowMapping]:
    where, params = _filters(roots, under_path, role, unit_path, waiting, disabled)
    params["day"] = day
    if after_id is not None:
        where.append("u.id > :after_id")
        params["after_id"] = after_id
    params["limit"] = limit
    return list(
        (
            await db.execute(
                text(
                    f"SELECT {PERSON_COLUMNS}, {WAITING} AS waiting FROM users u "
                    f"WHERE {' AND '.join(where)} ORDER BY u.id LIMIT :limit"
                ),
                params,
            )
        ).mappings()
    )


async def count_people(
    db: RequestDB,
    *,
    roots: Sequence[str],
    under_path: str | None,
    role: str | None,
    unit_path: str | None,
    waiting: bool | None,
    disabled: bool | None,
    day: date,
) -> int:
    where, params = _filters(roots, under_path, role, unit_path, waiting, disabled)
    params["day"] = day
    return int(
        (
            await db.execute(
                text(f"SELECT count(*) FROM users u WHERE {' AND '.join(where)}"), params
            )
        ).scalar_one()
    )


async def assignments_of(db: RequestDB, usernames: Sequence[str]) -> list[RowMapping]:
    """Role assignments of these people with their periods and their unit's last day (the unit
    columns are NULL for a unit outside the caller's scope: RLS)."""
    return list(
        (
            await db.execute(
                text(
                    "SELECT r.id, r.v0 AS username, r.v1 AS role, r.v2 AS unit_path, r.valid_from, "
                    "r.valid_to, u.valid_to AS unit_valid_to FROM casbin_rule r "
                    "LEFT JOIN admin_units u ON u.path = r.v2::ltree "
                    "WHERE r.ptype = 'g' AND r.v0 = ANY(CAST(:names AS text[])) ORDER BY r.id"
                ),
                {"names": list(usernames)},
            )
        ).mappings()
    )


async def put_assignment(
    db: RequestDB,
    *,
    username: str,
    role: str,
    path: str,
    valid_from: date | None,
    valid_to: date | None,
    granted_by: str,
) -> RowMapping | None:
    """Insert the assignment, or give an existing one this period; returns the previous period
    ({valid_from, valid_to}) when it existed, else None. `granted_by` (the administrator) is
    recorded on the assignment either way: whoever set the period last answers for it."""
    before = (
        (
            await db.execute(
                text(
                    "SELECT valid_from, valid_to FROM casbin_rule WHERE ptype = 'g' AND v0 = :u "
                    "AND v1 = :r AND v2 = :p AND v3 = '' AND v4 = '' AND v5 = ''"
                ),
                {"u": username, "r": role, "p": path},
            )
        )
        .mappings()
        .first()
    )
    if before is None:
        await db.execute(
            text(
                "INSERT INTO casbin_rule (ptype, v0, v1, v2, valid_from, valid_to, granted_by, "
                "granted_at) VALUES ('g', :u, :r, :p, :f, :t, :by, now())"
            ),
            {"u": username, "r": role, "p": path, "f": valid_from, "t": valid_to, "by": granted_by},
        )
    else:
        await db.execute(
            text(
                "UPDATE casbin_rule SET valid_from = :f, valid_to = :t, granted_by = :by, "
                "granted_at = now() WHERE ptype = 'g' "
                "AND v0 = :u AND v1 = :r AND v2 = :p AND v3 = '' AND v4 = '' AND v5 = ''"
            ),
            {"u": username, "r": role, "p": path, "f": valid_from, "t": valid_to, "by": granted_by},
        )
    return before


async def ended_unit_roles(
    db: RequestDB,
    *,
    roots: Sequence[str],
    under_path: str | None,
    day: date,
    after_id: int | None,
    limit: int,
) -> list[RowMapping]:
    """Assignments held at units whose validity ended before `day`, shown to the
    administrators of the unit's successors (unit_successions), or, for a unit that nobody
    succeeded (a district abolished in 2025), of the level above it. The ended unit itself may
    be outside the caller's RLS scope (a merged province): antq_ended_role_units() names it."""
    where = ["r.ptype = 'g'", "h.valid_to < :day", "h.heir <@ ANY(CAST(:roots AS ltree[]))"]
    params: dict[str, Any] = {"roots": list(roots), "day": day, "limit": limit}
    if under_path is not None:
        where.append("h.heir <@ CAST(:under AS ltree)")
        params["under"] = under_path
    if after_id is not None:
        where.append("r.id > :after_id")
        params["after_id"] = after_id
    return list(
        (
            await db.execute(
                text(
                    "SELECT DISTINCT ON (r.id) r.id, r.v0 AS username, r.v1 AS role, r.v2 AS unit_path, "
                    "h.code AS unit_code, h.name AS unit_name, h.valid_to AS unit_valid_to, "
                    "p.id AS person_id FROM casbin_rule r "
                    "JOIN antq_ended_role_units() h ON h.path = r.v2::ltree "
                    "LEFT JOIN users p ON p.username = r.v0 "
                    f"WHERE {' AND '.join(where)} ORDER BY r.id LIMIT :limit"
                ),
                params,
            )
        ).mappings()
    )


async def count_ended_unit_roles(
    db: RequestDB, *, roots: Sequence[str], under_path: str | None, day: date
) -> int:
    """How many assignments `ended_unit_roles` lists over all its pages."""
    where = ["r.ptype = 'g'", "h.valid_to < :day", "h.heir <@ ANY(CAST(:roots AS ltree[]))"]
    params: dict[str, Any] = {"roots": list(roots), "day": day}
    if under_path is not None:
        where.append("h.heir <@ CAST(:under AS ltree)")
        params["under"] = under_path
    sql = (
        "SELECT count(DISTINCT r.id) FROM casbin_rule r "
        "JOIN antq_ended_role_units() h ON h.path = r.v2::ltree "
        f"WHERE {' AND '.join(where)}"
    )
    return int((await db.execute(text(sql), params)).scalar_one())


async def create_admin(
    conn: AsyncConnection,
    *,
    username: str,
    unit_code: str,
    display_name: str | None,
    role: str,
    day: date,
) -> str | None:
    """Owner connection (no RLS): the person (created or found), the role at the province that
    has `unit_code` today, an audit entry and the NOTIFY; the province's path, or None."""
    path: str | None = (
        await conn.execute(
            text(
                "SELECT path::text FROM admin_units WHERE code = :code AND kind = 'province' "
                "AND (valid_from IS NULL OR valid_from <= :day) "
                "AND (valid_to IS NULL OR valid_to >= :day)"
            ),
            {"code": unit_code, "day": day},
        )
    ).scalar()
    if path is None:
        return None
    await conn.execute(
        text(
            "INSERT INTO users (username, display_name, home_unit_path, provisioned, created_by) "
            "VALUES (:u, :name, CAST(:path AS ltree), 'cli', 'cli') "
            "ON CONFLICT (username) DO UPDATE SET home_unit_path = "
            "coalesce(users.home_unit_path, EXCLUDED.home_unit_path), "
            "display_name = coalesce(EXCLUDED.display_name, users.display_name)"
        ),
        {"u": username, "name": display_name, "path": path},
    )
    added = (
        await conn.execute(
            text(
                "INSERT INTO casbin_rule (ptype, v0, v1, v2, granted_by, granted_at) "
                "VALUES ('g', :u, :r, :p, 'cli', now()) "
                "ON CONFLICT DO NOTHING RETURNING id"
            ),
            {"u": username, "r": role, "p": path},
        )
    ).first()
    if added is not None:
        await conn.execute(
            text(
                "INSERT INTO audit_log (actor, action, object_type, object_id, unit_path, after) "
                "VALUES ('cli', 'grant', 'role_assignment', :u, CAST(:p AS ltree), "
                "CAST(:after AS jsonb))"
            ),
            {"u": username, "p": path, "after": json.dumps({"role": role, "unit": path})},
        )
    await conn.execute(text("NOTIFY antq_policy"))
    return path
