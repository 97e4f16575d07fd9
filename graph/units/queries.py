"""Root queries of the hierarchy: a unit by code, and the units of your scope."""

from __future__ import annotations

from datetime import date

import strawberry

from graph.arguments import UnitArg
from graph.context import Info
from graph.pagination import build_edges, decode_path_cursor, page_size, path_cursor
from graph.units.inputs import UnitFilter
from graph.units.types import AdminUnit, AdminUnitConnection, prefetch_for_nodes
from services import units as unit_service


@strawberry.type
class UnitQueries:
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
