"""Reading the audit trail: admins see the changes made anywhere in their subtree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.errors import Forbidden, NotFound
from core.i18n import msg
from db.queries import authz as q
from db.session import RequestDB
from services.units import unit_by_code


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One recorded change: who, when, what, before and after."""

    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    unit_path: str
    before: Any
    after: Any

    @classmethod
    def from_row(cls, row: RowMapping) -> AuditRecord:
        return cls(
            id=int(row["id"]),
            at=row["at"],
            actor=str(row["actor"]),
            action=str(row["action"]),
            object_type=str(row["object_type"]),
            object_id=str(row["object_id"]),
            unit_path=str(row["unit_path"]),
            before=row["before"],
            after=row["after"],
        )


async def entries(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    under_code: str | None,
    after_id: int | None,
    limit: int,
) -> list[AuditRecord]:
    roots = authorizer.paths_for(principal, "audit", "read")
    if not roots:
        raise Forbidden(
            msg("Only administrators read the audit log."), object="audit", action="read"
        )
    under_path = (await unit_by_code(db, under_code, None))["path"] if under_code else None
    rows = await q.audit_page(
        db, roots=roots, under_path=under_path, after_id=after_id, limit=limit
    )
    return [AuditRecord.from_row(r) for r in rows]


async def count(
    db: RequestDB, authorizer: Authorizer, principal: Principal, *, under_code: str | None
) -> int:
    """How many entries `entries` lists over all its pages."""
    roots = authorizer.paths_for(principal, "audit", "read")
    if not roots:
        raise Forbidden(
            msg("Only administrators read the audit log."), object="audit", action="read"
        )
    under_path = (await unit_by_code(db, under_code, None))["path"] if under_code else None
    return await q.audit_count(db, roots=roots, under_path=under_path)


async def entry(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, entry_id: int
) -> AuditRecord:
    """One entry by id (`node(id)`): NotFound unless it lies in the caller's audit scope."""
    roots = authorizer.paths_for(principal, "audit", "read")
    row = await q.audit_entry(db, roots=roots, entry_id=entry_id) if roots else None
    if row is None:
        raise NotFound(msg("No audit entry with this id."))
    return AuditRecord.from_row(row)
