"""Change events (the outbox), webhook endpoints and their deliveries (migration 0006)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, text

from db.session import RequestDB

CHANGES_CHANNEL = "antq_changes"
# The background readers (subscription fan-out, webhook dispatcher) act for the platform, not for
# a user: they read every event under the nation and filter per subscriber / endpoint owner with
# the authorizer. Row-level security still applies (the runtime role cannot bypass it).
SYSTEM_SCOPE = ("vn",)

EVENT_FIELDS = """ev.unit_id, ev.unit_path::text AS unit_path, ev.kind, ev.payload, ev.actor,
    ev.created_at, u.code AS unit_code, u.name AS unit_name, u.kind AS unit_kind"""
EVENT_COLUMNS = f"ev.id, {EVENT_FIELDS}"


async def insert_event(
    db: RequestDB,
    *,
    unit_id: int,
    unit_path: str,
    kind: str,
    payload: Mapping[str, Any],
    actor: str,
) -> int:
    """The trigger on change_events notifies listeners (at commit) and queues webhook
    deliveries in this same transaction."""
    row = (
        await db.execute(
            text(
                "INSERT INTO change_events (unit_id, unit_path, kind, payload, actor) "
                "VALUES (:u, CAST(:p AS ltree), :k, CAST(:payload AS jsonb), :actor) RETURNING id"
            ),
            {
                "u": unit_id,
                "p": unit_path,
                "k": kind,
                "payload": json.dumps(payload, default=str),
                "actor": actor,
            },
        )
    ).first()
    assert row is not None
    return int(row[0])


async def event_by_id(db: RequestDB, event_id: int) -> RowMapping | None:
    return (
        (
            await db.execute(
                text(
                    f"SELECT {EVENT_COLUMNS} FROM change_events ev JOIN admin_units u ON u.id = ev.unit_id "
                    "WHERE ev.id = :id"
                ),
                {"id": event_id},
            )
        )
        .mappings()
        .first()
    )


async def max_event_id(db: RequestDB) -> int:
    return int(
        (await db.execute(text("SELECT coalesce(max(id), 0) FROM change_events"))).scalar_one()
    )


async def event_ids_after(db: RequestDB, last_id: int, limit: int = 10_000) -> list[int]:
    """What a listener that was disconnected may have missed (ids are not strictly in commit
    order, so this is a best effort for live subscribers; webhooks read the outbox itself)."""
    rows = await db.execute(
        text("SELECT id FROM change_events WHERE id > :last ORDER BY id LIMIT :limit"),
        {"last": last_id, "limit": limit},
    )
    return [int(r[0]) for r in rows]


# -- webhook endpoints -----------------------------------------------------------------------------
ENDPOINT_COLUMNS = """e.id, e.owner, e.unit_id, e.unit_path::text AS unit_path, e.url, e.kinds,
    e.active, e.version, e.created_at, e.updated_at, u.code AS unit_code, e.disabled_reason,
    e.disabled_at, e.disabled_by"""


async def insert_endpoint(
    db: RequestDB,
    *,
    owner: str,
    unit_id: int,
    unit_path: str,
    url: str,
    secret: str,
    kinds: Sequence[str],
) -> RowMapping:
    row = (
        await db.execute(
            text(
                "INSERT INTO webhook_endpoints (owner, unit_id, unit_path, url, secret, kinds) "
                "VALUES (:owner, :u, CAST(:p AS ltree), :url, :secret, :kinds) RETURNING id"
            ),
            {
                "owner": owner,
                "u": unit_id,
                "p": unit_path,
                "url": url,
                "secret": secret,
                "kinds": list(kinds),
            },
        )
    ).first()
    assert row is not None
    endpoint = await endpoint_by_id(db, int(row[0]))
    assert endpoint is not None
    return endpoint


async def endpoint_by_id(db: RequestDB, endpoint_id: int) -> RowMapping | None:
    return (
        (
            await db.execute(
                text(
                    f"SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints e "
                    "JOIN admin_units u ON u.id = e.unit_id WHERE e.id = :id"
                ),
                {"id": endpoint_id},
            )
        )
        .mappings()
        .first()
    )


async def endpoints_of(
    db: RequestDB, owner: str, *, after_id: int | None = None, limit: int | None = None
) -> list[RowMapping]:
    """An owner's endpoints, a keyset page by id."""
    params: dict[str, Any] = {"owner": owner}
    after = ""
    if after_id is not None:
        after, params["after"] = "AND e.id > :after ", after_id
    page = ""
    if limit is not None:
        page, params["limit"] = " LIMIT :limit", limit
    sql = (
        f"SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints e "
        f"JOIN admin_units u ON u.id = e.unit_id WHERE e.owner = :owner {after}ORDER BY e.id{page}"
    )
    return list((await db.execute(text(sql), params)).mappings())


async def count_endpoints_of(db: RequestDB, owner: str) -> int:
    sql = "SELECT count(*) FROM webhook_endpoints e WHERE e.owner = :owner"
    return int((await db.execute(text(sql), {"owner": owner})).scalar_one())


async def set_endpoint_active(
    db: RequestDB,
    endpoint_id: int,
    version: int,
    active: bool,
    *,
    reason: str | None = None,
    by: str | None = None,
) -> bool:
    """Switch on (clearing why it was off) or off (with the reason and who; `by` NULL = the
    platform itself)."""
    row = (
        await db.execute(
            text(
                "UPDATE webhook_endpoints SET active = :active, version = version + 1, updated_at = now(), "
                "disabled_reason = CASE WHEN :active THEN NULL ELSE :reason END, "
                "disabled_at = CASE WHEN :active THEN NULL ELSE now() END, "
                "disabled_by = CASE WHEN :active THEN NULL ELSE :by END "
                "WHERE id = :id AND version = :version RETURNING id"
            ),
            {"id": endpoint_id, "version": version, "active": active, "reason": reason, "by": by},
        )
    ).first()
    return row is not None


_UNDER = "e.unit_path <@ CAST(:under AS ltree) AND e.unit_path <@ ANY(CAST(:roots AS ltree[]))"


async def endpoints_under(
    db: RequestDB,
    roots: Sequence[str],
    under_path: str,
    *,
    after: tuple[str, int] | None = None,
    limit: int | None = None,
) -> list[RowMapping]:
    """Every owner's endpoints registered at or below `under_path`, within `roots`: a keyset
    page by (unit path, id)."""
    params: dict[str, Any] = {"under": under_path, "roots": list(roots)}
    keyset = ""
    if after is not None:
        keyset = "AND (e.unit_path, e.id) > (CAST(:after_path AS ltree), :after_id) "
        params["after_path"], params["after_id"] = after
    page = ""
    if limit is not None:
        page, params["limit"] = " LIMIT :limit", limit
    sql = (
        f"SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints e "
        f"JOIN admin_units u ON u.id = e.unit_id WHERE {_UNDER} {keyset}"
        f"ORDER BY e.unit_path, e.id{page}"
    )
    return list((await db.execute(text(sql), params)).mappings())


async def count_endpoints_under(db: RequestDB, roots: Sequence[str], under_path: str) -> int:
    sql = f"SELECT count(*) FROM webhook_endpoints e WHERE {_UNDER}"
    params = {"under": under_path, "roots": list(roots)}
    return int((await db.execute(text(sql), params)).scalar_one())


async def active_endpoints(db: RequestDB) -> list[RowMapping]:
    """All active endpoints (the dispatcher's sweep for owners who lost their rights)."""
    return list(
        (
            await db.execute(
                text(
                    f"SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints e "
                    "JOIN admin_units u ON u.id = e.unit_id WHERE e.active ORDER BY e.id"
                )
            )
        ).mappings()
    )


# -- deliveries ------------------------------------------------------------------------------------
DELIVERY_COLUMNS = """d.id, d.endpoint_id, d.event_id, d.status, d.attempts, d.next_attempt_at,
    d.last_status, d.last_error, d.delivered_at, d.created_at"""


# Whose deliveries a caller may read: of endpoints it owns, or registered under `roots`.
_VISIBLE_ENDPOINT = "(e.owner = :owner OR e.unit_path <@ ANY(CAST(:roots AS ltree[])))"


async def deliveries_of(
    db: RequestDB,
    endpoint_ids: Sequence[int],
    *,
    owner: str,
    roots: Sequence[str],
    before_id: int | None,
    limit: int,
) -> list[RowMapping]:
    """The latest `limit` deliveries of each endpoint (a window per endpoint), newest first."""
    before = "AND d.id < :before " if before_id is not None else ""
    params: dict[str, Any] = {
        "ids": list(endpoint_ids),
        "limit": limit,
        "owner": owner,
        "roots": list(roots),
    }
    if before_id is not None:
        params["before"] = before_id
    sql = (
        "SELECT * FROM ("
        f"  SELECT {DELIVERY_COLUMNS}, ev.kind, row_number() OVER "
        "     (PARTITION BY d.endpoint_id ORDER BY d.id DESC) AS rn "
        "  FROM webhook_deliveries d "
        "  JOIN webhook_endpoints e ON e.id = d.endpoint_id "
        "  JOIN change_events ev ON ev.id = d.event_id "
        f"  WHERE d.endpoint_id = ANY(:ids) {before}AND {_VISIBLE_ENDPOINT}"
        ") page WHERE rn <= :limit ORDER BY endpoint_id, id DESC"
    )
    return list((await db.execute(text(sql), params)).mappings())


async def delivery(
    db: RequestDB, delivery_id: int, *, owner: str, roots: Sequence[str]
) -> RowMapping | None:
    """One delivery, if its endpoint is the caller's own or registered under `roots`."""
    sql = (
        f"SELECT {DELIVERY_COLUMNS}, ev.kind FROM webhook_deliveries d "
        "JOIN webhook_endpoints e ON e.id = d.endpoint_id "
        "JOIN change_events ev ON ev.id = d.event_id "
        f"WHERE d.id = :id AND {_VISIBLE_ENDPOINT}"
    )
    params = {"id": delivery_id, "owner": owner, "roots": list(roots)}
    return (await db.execute(text(sql), params)).mappings().first()


async def delivery_counts(
    db: RequestDB, endpoint_ids: Sequence[int], *, owner: str, roots: Sequence[str]
) -> dict[int, int]:
    rows = await db.execute(
        text(
            "SELECT d.endpoint_id, count(*) AS n FROM webhook_deliveries d "
            "JOIN webhook_endpoints e ON e.id = d.endpoint_id "
            f"WHERE d.endpoint_id = ANY(:ids) AND {_VISIBLE_ENDPOINT} GROUP BY d.endpoint_id"
        ),
        {"ids": list(endpoint_ids), "owner": owner, "roots": list(roots)},
    )
    return {int(r["endpoint_id"]): int(r["n"]) for r in rows.mappings()}


async def claim_due(db: RequestDB, *, limit: int, lease_seconds: float) -> list[RowMapping]:
    """Take due deliveries for this process: SKIP LOCKED lets several API processes dispatch
    without sending one delivery twice, and the lease (next_attempt_at pushed ahead) keeps a
    delivery whose sender died from being lost: it is due again after the lease."""
    sql = f"""WITH due AS (
            SELECT id FROM webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at <= now()
            ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED),
        claimed AS (
            UPDATE webhook_deliveries d
            SET next_attempt_at = now() + make_interval(secs => :lease)
            FROM due WHERE d.id = due.id RETURNING d.*)
        SELECT d.id, d.attempts, d.event_id, e.id AS endpoint_id, e.owner, e.url, e.secret,
               e.active, e.unit_path::text AS endpoint_path, e.kinds AS endpoint_kinds,
               e.version AS endpoint_version, {EVENT_FIELDS}
        FROM claimed d
        JOIN webhook_endpoints e ON e.id = d.endpoint_id
        JOIN change_events ev ON ev.id = d.event_id
        JOIN admin_units u ON u.id = ev.unit_id
        ORDER BY d.event_id, d.id"""
    return list((await db.execute(text(sql), {"limit": limit, "lease": lease_seconds})).mappings())


async def finish_attempt(
    db: RequestDB,
    delivery_id: int,
    *,
    status: str,
    http_status: int | None,
    error: str | None,
    next_attempt_at: datetime | None,
) -> None:
    await db.execute(
        text(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, status = :status, "
            "last_status = :http, last_error = :error, "
            "next_attempt_at = COALESCE(:next, next_attempt_at), "
            "delivered_at = CASE WHEN :status = 'delivered' THEN now() END WHERE id = :id"
        ),
        {
            "id": delivery_id,
            "status": status,
            "http": http_status,
            "error": error,
            "next": next_attempt_at,
        },
    )
