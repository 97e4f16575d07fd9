"""Reading the audit trail: admins see the changes made anywhere in their subtree."""

from __future__ import annotations

from sqlalchemy import RowMapping

from authz.authorizer import Authorizer, Principal
from core.errors import Forbidden
from core.i18n import msg
from db.queries import authz as q
from db.session import RequestDB
from services.units import unit_by_code


async def entries(
    db: RequestDB,
    authorizer: Authorizer,
    principal: Principal,
    *,
    under_code: str | None,
    after_id: int | None,
    limit: int,
) -> list[RowMapping]:
    roots = authorizer.paths_for(principal, "audit", "read")
    if not roots:
        raise Forbidden(
            msg("Only administrators read the audit log."), object="audit", action="read"
        )
    under_path = (await unit_by_code(db, under_code, None))["path"] if under_code else None
    return await q.audit_page(
        db, roots=roots, under_path=under_path, after_id=after_id, limit=limit
    )
