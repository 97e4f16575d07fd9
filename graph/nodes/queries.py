"""`node(id)` and `nodes(ids)`: one registry of fetchers, each asking its domain's service."""

from __future__ import annotations

import asyncio

import strawberry

from core.errors import BadInput
from core.i18n import msg
from core.ids import from_global_id
from graph import door
from graph.context import Context
from graph.door import Call
from graph.nodes.types import NODE_FETCHERS, Node


@strawberry.type
class NodeQueries:
    @door.query(
        description="Fetch any object by its global ID. Objects outside your scope "
        "answer null, exactly like IDs that do not exist."
    )
    async def node(call: Call, id: strawberry.ID) -> Node | None:
        return await _fetch(call.context, id)

    @door.query(
        description="Fetch several objects by their global IDs, in the order "
        "asked (at most ANTQ_MAX_PAGE_SIZE); each one outside your scope or "
        "unknown is null."
    )
    async def nodes(call: Call, ids: list[strawberry.ID]) -> list[Node | None] | None:
        ctx = call.context
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
        # All at once, so each type's loader batches its ids into one statement.
        return list(await asyncio.gather(*(_fetch(ctx, global_id) for global_id in ids)))


async def _fetch(ctx: Context, global_id: str) -> Node | None:
    """The object, through its type's fetcher (which asks that domain's service); None for an
    id that is garbled, of no fetchable type, unknown or outside the caller's scope alike."""
    decoded = from_global_id(global_id)
    fetch = NODE_FETCHERS.get(decoded[0]) if decoded else None
    if fetch is None or decoded is None:
        return None
    found: Node | None = await fetch(ctx, decoded[1])
    return found
