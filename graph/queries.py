"""Root query fields of the hierarchy and of access (me, audit log)."""

from __future__ import annotations

from datetime import date

import strawberry

from core.errors import BadInput
from core.i18n import msg
from core.ids import decode_int_cursor, encode_cursor, from_global_id
from graph.arguments import UnitArg
from graph.context import Info
from graph.pagination import build_edges, decode_path_cursor, page_size, path_cursor
from graph.people.types import Person
from graph.types.access import AuditEntry, AuditEntryConnection, Me, RoleAssignment
from graph.types.node import NODE_FETCHERS, Node
from graph.types.unit import AdminUnit, AdminUnitConnection, UnitKind, prefetch_for_nodes
from services import audit as audit_service
from services import people as people_service
from services import units as unit_service


@strawberry.input(description="Filters for `units`; all optional and combined with AND.")
class UnitFilter:
    kind: UnitKind | None = None
    under: str | None = strawberry.field(
        default=None, description="Code of a unit: only units below it (not itself)."
    )
    as_of: date | None = strawberry.field(
        default=None, description="Structure on this date (default: today, Vietnam time)."
    )
    name_contains: str | None = strawberry.field(
        default=None, description="Accent- and case-insensitive: 'hau loc' finds 'Hậu Lộc'."
    )


@strawberry.type
class UnitQueries:
    @strawberry.field(
        description="Fetch any object by its global ID. Objects outside your scope "
        "answer null, exactly like IDs that do not exist."
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        info.context.caller()
        decoded = from_global_id(id)
        if decoded is None or decoded[0] not in NODE_FETCHERS:
            return None
        return await NODE_FETCHERS[decoded[0]](info.context, decoded[1])

    @strawberry.field(
        description="Fetch several objects by their global IDs, in the order "
        "asked (at most ANTQ_MAX_PAGE_SIZE); each one outside your scope or "
        "unknown is null."
    )
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None] | None:
        ctx = info.context
        ctx.caller()
        if len(ids) > ctx.settings.max_page_size:
            raise BadInput(
                msg(
                    "`ids` may hold at most {ctx_settings_max_page_size} IDs (got {ids_count}).",
                    ctx_settings_max_page_size=ctx.settings.max_page_size,
                    ids_count=len(ids),
                ),
                argument="ids",
                maximum=ctx.settings.max_page_size,
            )
        found: list[Node | None] = []
        for global_id in ids:
            decoded = from_global_id(global_id)
            fetch = NODE_FETCHERS.get(decoded[0]) if decoded else None
            found.append(await fetch(ctx, decoded[1]) if fetch and decoded else None)
        return found

    @strawberry.field(
        description="A unit by official code, as of a date (default: the current "
        "incarnation, or the latest one if the unit no longer exists)."
    )
    async def unit(self, info: Info, code: UnitArg, as_of: date | None = None) -> AdminUnit | None:
        info.context.caller()
        row = await unit_service.unit_by_code(info.context.db, code, as_of)
        return AdminUnit.read(row, as_of, info.context)

    @strawberry.field(description="Units in your scope, in hierarchy order (keyset-paginated).")
    async def units(
        self,
        info: Info,
        filter: UnitFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AdminUnitConnection | None:
        ctx = info.context
        ctx.caller()
        f = filter or UnitFilter()
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        day = f.as_of or ctx.today
        criteria = {
            "as_of": day,
            "kind": f.kind.value if f.kind else None,
            "under_code": f.under,
            "name_contains": f.name_contains,
        }
        rows = await unit_service.list_units(
            ctx.db, after_path=decode_path_cursor(after), limit=limit + 1, **criteria
        )
        items = [AdminUnit.from_row(r, day) for r in rows]
        await prefetch_for_nodes(info, items[:limit])
        edges, info_ = build_edges(items, limit, lambda u: path_cursor(u.path), after)
        return AdminUnitConnection(
            edges=edges, page_info=info_, count=lambda: unit_service.count_units(ctx.db, **criteria)
        )

    @strawberry.field(description="The signed-in user and the roles they hold.")
    async def me(self, info: Info) -> Me | None:
        ctx = info.context
        principal = ctx.caller()
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
                    role=g.role,
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

    @strawberry.field(description="Changes recorded in your subtree, newest first (admins).")
    async def audit_log(
        self,
        info: Info,
        under: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AuditEntryConnection | None:
        ctx = info.context
        principal = ctx.caller()
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        after_id = decode_int_cursor(after, "audit") if after else None
        rows = await audit_service.entries(
            ctx.db, ctx.authorizer, principal, under_code=under, after_id=after_id, limit=limit + 1
        )
        entries = [
            AuditEntry(
                id=strawberry.ID(str(r["id"])),
                at=r["at"],
                actor=r["actor"],
                action=r["action"],
                object_type=r["object_type"],
                object_id=r["object_id"],
                unit_path=r["unit_path"],
                before=r["before"],
                after=r["after"],
            )
            for r in rows
        ]
        edges, page_info = build_edges(
            entries, limit, lambda e: encode_cursor("audit", e.id), after
        )
        return AuditEntryConnection(edges=edges, page_info=page_info)
