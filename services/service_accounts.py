"""Service accounts of integration systems and their API keys.

An account is a `users` row marked as a service account, created by an administrator who may
manage service accounts at its home unit (policy: `province_admin, subtree, service_account,
manage`: at the admin's own unit or below, never outside its subtree). It receives exactly one
role, `integration` (read-only plus imports), at the home unit: the creator chooses where, not
what, so an account can never hold more than that role. Keys: `createApiKey` shows the secret
once; several keys can be active at once so a client can rotate without downtime; revocation
and expiry are checked on every request against the database, so they hold in every API process
at once (nothing about keys is cached).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncEngine

from authz import api_keys
from authz.authorizer import Authorizer, Principal, require_authenticated
from authz.paths import is_within
from authz.roles import HELD_AT, Role
from core.domain import UnitKind
from core.errors import BadInput, Forbidden, NotFound, Unauthenticated, raises
from core.i18n import msg
from db.queries import authz as authz_q
from db.queries import service_accounts as q
from db.session import RequestDB
from services.units import unit_by_code

USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,63}$")
OBJECT = "service_account"
_NO_KEY = bytes(32)


@dataclass(frozen=True, slots=True)
class Account:
    """A service account: a `users` row marked as one, with its home unit."""

    id: int
    username: str
    display_name: str | None
    created_by: str | None
    created_at: datetime
    disabled_at: datetime | None
    home_path: str

    @classmethod
    def from_row(cls, row: RowMapping) -> Account:
        return cls(
            id=int(row["id"]),
            username=str(row["username"]),
            display_name=row["display_name"],
            created_by=row["created_by"],
            created_at=row["created_at"],
            disabled_at=row["disabled_at"],
            home_path=str(row["home_unit_path"]),
        )


@dataclass(frozen=True, slots=True)
class Key:
    """An API key as its managers see it (never its secret or hash)."""

    id: int
    key_id: str
    account_id: int
    name: str
    created_at: datetime
    created_by: str
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, row: RowMapping) -> Key:
        return cls(
            id=int(row["id"]),
            key_id=str(row["key_id"]),
            account_id=int(row["user_id"]),
            name=str(row["name"]),
            created_at=row["created_at"],
            created_by=str(row["created_by"]),
            expires_at=row["expires_at"],
            last_used_at=row["last_used_at"],
            revoked_at=row["revoked_at"],
        )


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key: Key
    secret: str
    account: Account


@raises(BadInput, Forbidden, NotFound)
async def create_account(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    username: str,
    display_name: str | None,
    unit_code: str,
    as_of: date | None,
) -> Account:
    principal = require_authenticated(principal)
    username = username.strip()
    if not USERNAME.match(username):
        raise BadInput(
            msg(
                "`username`: 3 to 64 characters, lower-case letters, digits, `_`, `.`, `-`, "
                "starting with a letter or digit."
            ),
            field="username",
        )
    unit = await unit_by_code(db, unit_code, as_of)  # NotFound outside the caller's scope
    authorizer.require(principal, OBJECT, "manage", unit["path"])
    if UnitKind(unit["kind"]) not in HELD_AT[Role.INTEGRATION]:
        allowed = ", ".join(sorted(k.value for k in HELD_AT[Role.INTEGRATION]))
        raise BadInput(
            msg(
                "An integration account belongs to a {allowed}, not a {unit_kind}.",
                allowed=allowed,
                unit_kind=unit["kind"],
            ),
            field="unit",
        )
    account = await q.create_account(
        db,
        username=username,
        display_name=display_name,
        home_path=unit["path"],
        created_by=principal.username,
    )
    if account is None:
        # The same words whoever holds the name, person or account, here or in another
        # province: usernames are one national namespace, so only "not available" is said.
        raise BadInput(msg("That username is not available; choose another."), field="username")
    await authz_q.add_assignment(
        db, username, Role.INTEGRATION.value, unit["path"], granted_by=principal.username
    )
    await authz_q.record_audit(
        db,
        actor=principal.username,
        action="create",
        object_type=OBJECT,
        object_id=username,
        unit_path=unit["path"],
        before=None,
        after={"role": Role.INTEGRATION.value, "unit": unit["path"]},
    )
    await authz_q.notify_policy_changed(db)
    await db.commit()
    await authorizer.reload()
    return Account.from_row(account)


async def managed_account(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, username: str
) -> Account:
    """The account, if the caller may manage it; NotFound when the caller cannot even read its
    unit (existence is not disclosed), Forbidden when they can read but not manage it."""
    principal = require_authenticated(principal)
    row = await q.account(db, username.strip())
    account = Account.from_row(row) if row is not None else None
    if account is None or not _readable(authorizer, principal, account.home_path):
        raise NotFound(msg("No service account {username!r}.", username=username))
    authorizer.require(principal, OBJECT, "manage", account.home_path)
    return account


@raises(BadInput, Forbidden, NotFound)
async def create_key(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    account: str,
    name: str,
    expires_at: datetime | None,
    now: datetime,
) -> IssuedKey:
    managed = await managed_account(db, authorizer, principal, account)
    if expires_at is not None:
        if expires_at.tzinfo is None:
            raise BadInput(
                msg("`expiresAt` needs a time zone (e.g. 2027-01-01T00:00:00+07:00)."),
                field="expiresAt",
            )
        if expires_at <= now:
            raise BadInput(msg("`expiresAt` is in the past."), field="expiresAt")
    new = api_keys.generate()
    assert principal is not None
    key = await q.add_key(
        db,
        user_id=managed.id,
        key_id=new.key_id,
        name=name.strip()[:200],
        secret_sha256=new.secret_sha256,
        created_by=principal.username,
        expires_at=expires_at,
    )
    await authz_q.record_audit(
        db,
        actor=principal.username,
        action="create_key",
        object_type=OBJECT,
        object_id=managed.username,
        unit_path=managed.home_path,
        before=None,
        after={"keyId": new.key_id, "name": key["name"], "expiresAt": expires_at},
    )
    await db.commit()
    return IssuedKey(key=Key.from_row(key), secret=new.secret, account=managed)


@raises(BadInput, Forbidden, NotFound)
async def revoke_key(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, *, key_id: str
) -> tuple[Key, Account]:
    principal = require_authenticated(principal)
    key = await q.key(db, key_id.strip())
    account = await q.account_by_id(db, key["user_id"]) if key is not None else None
    if (
        key is None
        or account is None
        or not _readable(authorizer, principal, account["home_unit_path"])
    ):
        raise NotFound(msg("No API key {key_id!r}.", key_id=key_id))
    authorizer.require(principal, OBJECT, "manage", account["home_unit_path"])
    revoked = await q.revoke_key(db, key["key_id"], principal.username)
    if revoked is None:
        raise BadInput(
            msg("The API key {key_id!r} is already revoked.", key_id=key_id), field="keyId"
        )
    await authz_q.record_audit(
        db,
        actor=principal.username,
        action="revoke_key",
        object_type=OBJECT,
        object_id=account["username"],
        unit_path=account["home_unit_path"],
        before={"keyId": key["key_id"]},
        after=None,
    )
    await db.commit()
    return Key.from_row(revoked), Account.from_row(account)


@raises(BadInput, Forbidden, NotFound)
async def disable_account(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, *, username: str
) -> Account:
    """Cut an account off for good: its keys are revoked and its role assignments removed (the
    row stays, for the audit trail and so the username is not reused)."""
    account = await managed_account(db, authorizer, principal, username)
    assert principal is not None
    disabled = await q.disable_account(db, account.id, principal.username)
    if disabled is None:
        raise BadInput(
            msg("The service account {username!r} is already disabled.", username=username),
            field="username",
        )
    for grant in authorizer.principal(account.username).grants:
        await authz_q.remove_assignment(db, account.username, grant.role, grant.path)
    await authz_q.record_audit(
        db,
        actor=principal.username,
        action="disable",
        object_type=OBJECT,
        object_id=account.username,
        unit_path=account.home_path,
        before={"role": Role.INTEGRATION.value, "unit": account.home_path},
        after=None,
    )
    await authz_q.notify_policy_changed(db)
    await db.commit()
    await authorizer.reload()
    return Account.from_row(disabled)


async def accounts(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal | None,
    *,
    under_code: str | None,
    after_username: str | None = None,
    limit: int | None = None,
) -> list[Account]:
    """The accounts the caller may manage (optionally under a unit), a keyset page by
    username."""
    principal = require_authenticated(principal)
    roots = authorizer.paths_for(principal, OBJECT, "manage")
    if not roots:
        return []
    under_path = (await unit_by_code(db, under_code, None))["path"] if under_code else None
    rows = await q.accounts(
        db, roots=roots, under_path=under_path, after_username=after_username, limit=limit
    )
    return [Account.from_row(r) for r in rows]


async def count_accounts(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, *, under_code: str | None
) -> int:
    principal = require_authenticated(principal)
    roots = authorizer.paths_for(principal, OBJECT, "manage")
    if not roots:
        return 0
    under_path = (await unit_by_code(db, under_code, None))["path"] if under_code else None
    return await q.count_accounts(db, roots=roots, under_path=under_path)


async def keys_of(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, account_ids: Sequence[int]
) -> dict[int, list[Key]]:
    """The keys of every account asked for, oldest first, in one statement; only of accounts
    the caller may manage (an id of another tenant's account yields nothing)."""
    roots = authorizer.paths_for(principal, OBJECT, "manage")
    grouped: dict[int, list[Key]] = defaultdict(list)
    if not roots or not account_ids:
        return grouped
    for row in await q.keys_of(db, list(account_ids), roots=roots):
        grouped[int(row["user_id"])].append(Key.from_row(row))
    return grouped


async def authenticate(engine: AsyncEngine, token: str) -> tuple[str, str]:
    """(service account username, key id) for an `antq_…` key, or Unauthenticated.

    Read on every request (one indexed lookup), never cached: a revoked key fails in every API
    process from the moment the revocation commits. Revoked/expired are told apart only after
    the secret matched, so only the key's holder learns why.
    """
    parsed = api_keys.parse(token)
    if parsed is None:
        raise Unauthenticated(msg("The API key is not valid."))
    key_id, secret = parsed
    async with engine.begin() as conn:
        row = await q.key_for_authentication(conn, key_id)
        # Hash and compare even for an unknown key id, so both failures take the same time.
        stored = bytes(row["secret_sha256"]) if row is not None else _NO_KEY
        if not api_keys.matches(secret, stored) or row is None:
            raise Unauthenticated(msg("The API key is not valid."))
        _check_state(row)
        if row["stale"]:
            await q.touch_key(conn, row["id"])
    return str(row["username"]), key_id


async def check_issuing_key(engine: AsyncEngine, key_id: str, username: str) -> None:
    """A token from the client-credentials grant is only as good as the key that obtained it:
    revoking the key ends its tokens at once too (the same per-request lookup)."""
    async with engine.connect() as conn:
        row = await q.key_for_authentication(conn, key_id)
    if row is None or row["username"] != username:
        raise Unauthenticated(msg("The access token is not valid."))
    _check_state(row)


def _check_state(row: RowMapping) -> None:
    if not row["enabled"]:
        raise Unauthenticated(msg("The API key is not valid."))
    if row["revoked"]:
        raise Unauthenticated(msg("The API key has been revoked; use a current key."))
    if row["expired"]:
        raise Unauthenticated(msg("The API key has expired; ask for a new one."))


def _readable(authorizer: Authorizer, principal: Principal, path: str) -> bool:
    return any(is_within(path, root) for root in authorizer.read_scope(principal))
