"""Root queries of the hierarchy: a unit by code, and the units of your scope."""

from __future__ import annotations

from datetime import date

import strawberry

from graph import door
from graph.arguments import UnitArg
from graph.door import Call
from graph.pagination import build_edges, decode_path_cursor, page_size, path_cursor
from graph.units.inputs import UnitFilter
from graph.units.types import AdminUnit, AdminUnitConnection, prefetch_for_nodes
from services import units as unit_service


@strawberry.type
class UnitQueries:
    @door.query(
        description="A unit by official code, as of a date (default: the current "
        "incarnation, or the latest one if the unit no longer exists)."
    )
    async def unit(call: Call, code: UnitArg, as_of: date | None = None) -> AdminUnit | None:
        ctx = call.context
        found = await unit_service.find(ctx.db, ctx.authorizer, call.principal, code, as_of)
        return AdminUnit.read(found, as_of, ctx)

    @door.query(description="Units in your scope, in hierarchy order (keyset-paginated).")
    async def units(
        call: Call,
        filter: UnitFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AdminUnitConnection | None:
        ctx = call.context
        principal = call.principal
        f = filter or UnitFilter()
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        day = f.as_of or ctx.today
        criteria = await unit_service.criteria(
            ctx.db,
            ctx.authorizer,
            principal,
            as_of=day,
            kind=f.kind,
            under_code=f.under,
            name_contains=f.name_contains,
        )
        found = await unit_service.page(
            ctx.db,
            ctx.authorizer,
            principal,
            criteria,
            after_path=decode_path_cursor(after),
            limit=limit + 1,
        )
        items = [AdminUnit.from_result(u, day) for u in found]
        await prefetch_for_nodes(call.info, items[:limit])
        edges, info_ = build_edges(items, limit, lambda u: path_cursor(u.path), after)
        return AdminUnitConnection(
            edges=edges,
            page_info=info_,
            count=lambda: unit_service.count(ctx.db, ctx.authorizer, principal, criteria),
        )
