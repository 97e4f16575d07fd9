"""Root queries of access: who am I, and the audit log."""

from __future__ import annotations

import strawberry

from authz.roles import Role
from core.ids import decode_int_cursor, encode_cursor
from graph import door
from graph.access.types import AuditEntry, AuditEntryConnection, Me, RoleAssignment
from graph.door import Call
from graph.pagination import build_edges, page_size
from graph.people.types import Person
from services import audit as audit_service
from services import people as people_service


@strawberry.type
class AccessQueries:
    @door.query(description="The signed-in user and the roles they hold.")
    async def me(call: Call) -> Me | None:
        ctx = call.context
        principal = call.principal
        day = ctx.authorizer.clock()
        periods = {
            (h.role, h.unit_path): h
            for h in await people_service.holdings_of(
                ctx.db, ctx.authorizer, principal.username, day
            )
        }
        view = await people_service.me(ctx.db, ctx.authorizer, principal, day)
        roles = []
        for g in principal.grants:
            held = periods.get((g.role, g.path))
            roles.append(
                RoleAssignment(
                    username=principal.username,
                    role=Role(g.role),
                    unit_path=g.path,
                    valid_from=held.valid_from if held else None,
                    valid_to=held.valid_to if held else None,
                )
            )
        return Me(
            username=principal.username,
            roles=roles,
            person=Person.of(view) if view is not None else None,
        )

    @door.query(description="Changes recorded in your subtree, newest first (admins).")
    async def audit_log(
        call: Call,
        under: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AuditEntryConnection | None:
        ctx = call.context
        principal = call.principal
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        after_id = decode_int_cursor(after, "audit") if after else None
        found = await audit_service.entries(
            ctx.db, ctx.authorizer, principal, under_code=under, after_id=after_id, limit=limit + 1
        )
        entries = [AuditEntry.of(r) for r in found]
        edges, page_info = build_edges(
            entries, limit, lambda e: encode_cursor("audit", str(e.pk)), after
        )
        return AuditEntryConnection(
            edges=edges,
            page_info=page_info,
            count=lambda: audit_service.count(ctx.db, ctx.authorizer, principal, under_code=under),
        )
