"""Service accounts (rows of `users`), their API keys, and the key lookup that authenticates.

Neither table has row-level security (a key is looked up before the caller's scope exists);
management reads filter by the account's home unit in SQL (`home_unit_path <@ ANY(:roots)`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import table_of
from db.models.authz import ApiKey, User
from db.queries.scope import in_scope
from db.session import RequestDB

users = table_of(User)
keys = table_of(ApiKey)
ACCOUNT_COLUMNS = (
    users.c.id,
    users.c.username,
    users.c.display_name,
    users.c.is_service_account,
    users.c.home_unit_path,
    users.c.created_by,
    users.c.created_at,
    users.c.disabled_at,
)
KEY_COLUMNS = (
    keys.c.id,
    keys.c.key_id,
    keys.c.user_id,
    keys.c.name,
    keys.c.created_at,
    keys.c.created_by,
    keys.c.expires_at,
    keys.c.last_used_at,
    keys.c.revoked_at,
    keys.c.revoked_by,
)
# Writing last_used_at on every request would turn every read into a write; a minute is precise
# enough to tell which keys are still in use before revoking one.
LAST_USED_PRECISION = "1 minute"


async def create_account(
    db: RequestDB, *, username: str, display_name: str | None, home_path: str, created_by: str
) -> RowMapping | None:
    """The new account, or None when the username is taken."""
    statement = (
        insert(users)
        .values(
            username=username,
            display_name=display_name,
            is_service_account=True,
            home_unit_path=text("CAST(:home AS ltree)").bindparams(home=home_path),
            created_by=created_by,
        )
        .on_conflict_do_nothing(index_elements=["username"])
        .returning(*ACCOUNT_COLUMNS)
    )
    return (await db.execute(statement)).mappings().first()


async def account(db: RequestDB, username: str) -> RowMapping | None:
    statement = select(*ACCOUNT_COLUMNS).where(
        users.c.username == username, users.c.is_service_account
    )
    return (await db.execute(statement)).mappings().first()


async def account_by_id(db: RequestDB, user_id: int) -> RowMapping | None:
    statement = select(*ACCOUNT_COLUMNS).where(users.c.id == user_id, users.c.is_service_account)
    return (await db.execute(statement)).mappings().first()


def _accounts_where(roots: list[str], under_path: str | None) -> list[Any]:
    where: list[Any] = [
        users.c.is_service_account,
        in_scope("users.home_unit_path", roots, "account_roots"),
    ]
    if under_path:
        where.append(
            text("users.home_unit_path <@ CAST(:under AS ltree)").bindparams(under=under_path)
        )
    return where


async def accounts(
    db: RequestDB,
    *,
    roots: list[str],
    under_path: str | None,
    after_username: str | None = None,
    limit: int | None = None,
) -> list[RowMapping]:
    """A keyset page by username."""
    query = select(*ACCOUNT_COLUMNS).where(*_accounts_where(roots, under_path))
    if after_username is not None:
        query = query.where(users.c.username > after_username)
    query = query.order_by(users.c.username)
    if limit is not None:
        query = query.limit(limit)
    return list((await db.execute(query)).mappings())


async def count_accounts(db: RequestDB, *, roots: list[str], under_path: str | None) -> int:
    query = select(func.count()).select_from(users).where(*_accounts_where(roots, under_path))
    return int((await db.execute(query)).scalar_one())


async def add_key(
    db: RequestDB,
    *,
    user_id: int,
    key_id: str,
    name: str,
    secret_sha256: bytes,
    created_by: str,
    expires_at: datetime | None,
) -> RowMapping:
    statement = (
        insert(keys)
        .values(
            user_id=user_id,
            key_id=key_id,
            name=name,
            secret_sha256=secret_sha256,
            created_by=created_by,
            expires_at=expires_at,
        )
        .returning(*KEY_COLUMNS)
    )
    return (await db.execute(statement)).mappings().one()


async def key(db: RequestDB, key_id: str) -> RowMapping | None:
    return (
        (await db.execute(select(*KEY_COLUMNS).where(keys.c.key_id == key_id))).mappings().first()
    )


async def revoke_key(db: RequestDB, key_id: str, revoked_by: str) -> RowMapping | None:
    """The revoked key; None when it was already revoked (or does not exist)."""
    statement = (
        update(keys)
        .where(keys.c.key_id == key_id, keys.c.revoked_at.is_(None))
        .values(revoked_at=text("now()"), revoked_by=revoked_by)
        .returning(*KEY_COLUMNS)
    )
    return (await db.execute(statement)).mappings().first()


async def disable_account(db: RequestDB, user_id: int, disabled_by: str) -> RowMapping | None:
    """Disable the account and revoke its active keys; None when it was already disabled."""
    row = (
        (
            await db.execute(
                update(users)
                .where(users.c.id == user_id, users.c.disabled_at.is_(None))
                .values(disabled_at=text("now()"))
                .returning(*ACCOUNT_COLUMNS)
            )
        )
        .mappings()
        .first()
    )
    if row is not None:
        await db.execute(
            update(keys)
            .where(keys.c.user_id == user_id, keys.c.revoked_at.is_(None))
            .values(revoked_at=text("now()"), revoked_by=disabled_by)
        )
    return row


async def keys_of(db: RequestDB, user_ids: list[int], *, roots: list[str]) -> list[RowMapping]:
    """The keys of several accounts at once, of accounts whose home lies under `roots`."""
    statement = (
        select(*KEY_COLUMNS)
        .select_from(keys.join(users, users.c.id == keys.c.user_id))
        .where(
            keys.c.user_id.in_(user_ids),
            users.c.is_service_account,
            in_scope("users.home_unit_path", roots, "account_roots"),
        )
        .order_by(keys.c.user_id, keys.c.id)
    )
    return list((await db.execute(statement)).mappings())


async def key_for_authentication(conn: AsyncConnection, key_id: str) -> RowMapping | None:
    """The key's hash and state, read fresh on every request: a revocation or expiry is seen by
    every API process at once (nothing is cached)."""
    statement = text(
        "SELECT k.id, k.secret_sha256, k.revoked_at IS NOT NULL AS revoked, "
        "       k.expires_at IS NOT NULL AND k.expires_at <= now() AS expired, "
        "       k.last_used_at IS NULL "
        f"        OR k.last_used_at < now() - interval '{LAST_USED_PRECISION}' AS stale, "
        "       u.username, u.is_service_account AND u.disabled_at IS NULL AS enabled "
        "FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_id = :key_id"
    )
    return (await conn.execute(statement, {"key_id": key_id})).mappings().first()


async def touch_key(conn: AsyncConnection, key_pk: int) -> None:
    await conn.execute(
        text("UPDATE api_keys SET last_used_at = now() WHERE id = :id"), {"id": key_pk}
    )
