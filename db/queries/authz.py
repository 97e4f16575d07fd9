"""Reading and writing Casbin rules, users and audit entries."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import RowMapping, Text, cast, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import table_of
from db.models.authz import AuditEntry, CasbinRule, User
from db.queries.scope import in_scope
from db.session import RequestDB

rules = table_of(CasbinRule)
users = table_of(User)
audit = table_of(AuditEntry)
POLICY_CHANNEL = "antq_policy"


async def all_rules(conn: AsyncConnection) -> list[tuple[str, ...]]:
    """Every rule, unscoped: the enforcer needs all of them (casbin_rule has no tenant column)."""
    result = await conn.execute(
        select(rules.c.ptype, rules.c.v0, rules.c.v1, rules.c.v2, rules.c.v3).order_by(rules.c.id)
    )
    return [tuple(row) for row in result]


async def replace_role_templates(conn: AsyncConnection, lines: list[tuple[str, ...]]) -> None:
    await conn.execute(delete(rules).where(rules.c.ptype == "p"))
    if lines:
        await conn.execute(
            insert(rules),
            [{"ptype": "p", "v0": r, "v1": s, "v2": o, "v3": a} for r, s, o, a in lines],
        )
    await conn.execute(text(f"NOTIFY {POLICY_CHANNEL}"))


async def add_assignment(
    db: RequestDB, username: str, role: str, path: str, granted_by: str | None = None
) -> bool:
    """True when the assignment is new. `granted_by`: the administrator making it."""
    statement = (
        insert(rules)
        .values(
            ptype="g", v0=username, v1=role, v2=path, granted_by=granted_by, granted_at=func.now()
        )
        .on_conflict_do_nothing()
        .returning(rules.c.id)
    )
    return (await db.execute(statement)).first() is not None


async def granted_by(db: RequestDB, username: str, role: str, path: str) -> str | None:
    """Who made the assignment (None when unknown: made before migration 0019, or gone)."""
    statement = select(rules.c.granted_by).where(
        rules.c.ptype == "g", rules.c.v0 == username, rules.c.v1 == role, rules.c.v2 == path
    )
    return (await db.execute(statement)).scalar()


async def user_home(db: RequestDB, username: str) -> tuple[bool, str | None] | None:
    """(is a service account, its home unit path) of an existing user; None if there is none."""
    home = cast(users.c.home_unit_path, Text).label("home")
    statement = select(users.c.is_service_account, home).where(users.c.username == username)
    row = (await db.execute(statement)).mappings().first()
    return None if row is None else (bool(row["is_service_account"]), row["home"])


async def remove_assignment(db: RequestDB, username: str, role: str, path: str) -> bool:
    statement = (
        delete(rules)
        .where(rules.c.ptype == "g", rules.c.v0 == username, rules.c.v1 == role, rules.c.v2 == path)
        .returning(rules.c.id)
    )
    return (await db.execute(statement)).first() is not None


async def notify_policy_changed(db: RequestDB) -> None:
    """Delivered at commit, to every API process listening (including this one)."""
    await db.execute(text(f"NOTIFY {POLICY_CHANNEL}"))


async def user_exists(db: RequestDB, username: str) -> bool:
    return (
        await db.execute(select(users.c.id).where(users.c.username == username))
    ).first() is not None


async def is_service_account(db: RequestDB, username: str) -> bool:
    statement = select(users.c.id).where(users.c.username == username, users.c.is_service_account)
    return (await db.execute(statement)).first() is not None


async def record_audit(
    db: RequestDB,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    unit_path: str,
    before: Any,
    after: Any,
) -> None:
    await db.execute(
        insert(audit).values(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            unit_path=text("CAST(:p AS ltree)").bindparams(p=unit_path),
            before=_jsonable(before),
            after=_jsonable(after),
        )
    )


async def audit_page(
    db: RequestDB, *, roots: list[str], under_path: str | None, after_id: int | None, limit: int
) -> list[RowMapping]:
    query = select(audit).where(in_scope("audit_log.unit_path", roots, "audit_roots"))
    if under_path:
        query = query.where(
            text("audit_log.unit_path <@ CAST(:under AS ltree)").bindparams(under=under_path)
        )
    if after_id is not None:
        query = query.where(audit.c.id < after_id)
    query = query.order_by(audit.c.id.desc()).limit(limit)
    return list((await db.execute(query)).mappings())


async def audit_count(db: RequestDB, *, roots: list[str], under_path: str | None) -> int:
    query = (
        select(func.count())
        .select_from(audit)
        .where(in_scope("audit_log.unit_path", roots, "audit_roots"))
    )
    if under_path:
        query = query.where(
            text("audit_log.unit_path <@ CAST(:under AS ltree)").bindparams(under=under_path)
        )
    return int((await db.execute(query)).scalar_one())


async def audit_entry(db: RequestDB, *, roots: list[str], entry_id: int) -> RowMapping | None:
    query = select(audit).where(
        audit.c.id == entry_id, in_scope("audit_log.unit_path", roots, "audit_roots")
    )
    return (await db.execute(query)).mappings().first()


def _jsonable(value: Any) -> Any:
    return None if value is None else json.loads(json.dumps(value, default=str))
