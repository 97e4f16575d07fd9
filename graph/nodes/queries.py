"""`node(id)` and `nodes(ids)`: one registry of fetchers, each asking its domain's service."""

from __future__ import annotations

import strawberry

from core.errors import BadInput
from core.ids import from_global_id
from graph import door
from graph.door import Call
from graph.nodes.types import NODE_FETCHERS, Node


@strawberry.type
class NodeQueries:
    @door.query(
        description="Fetch any object by its global ID. Objects outside your scope "
        "answer null, exactly like IDs that do not exist."
    )
    async def node(call: Call, id: strawberry.ID) -> Node | None:
        decoded = from_global_id(id)
        if decoded is None or decoded[0] not in NODE_FETCHERS:
            return None
        return await NODE_FETCHERS[decoded[0]](call.context, decoded[1])

    @door.query(
        description="Fetch several objects by their global IDs, in the order "
        "asked (at most ANTQ_MAX_PAGE_SIZE); each one outside your scope or "
        "unknown is null."
    )
    async def nodes(call: Call, ids: list[strawberry.ID]) -> list[Node | None] | None:
        ctx = call.context
        if len(ids) > ctx.settings.max_page_size:
            raise BadInput(
                f"`ids` may hold at most {ctx.settings.max_page_size} IDs (got {len(ids)}).",
                argument="ids",
                maximum=ctx.settings.max_page_size,
            )
        found: list[Node | None] = []
        for global_id in ids:
            decoded = from_global_id(global_id)
            fetch = NODE_FETCHERS.get(decoded[0]) if decoded else None
            found.append(await fetch(ctx, decoded[1]) if fetch and decoded else None)
        return found
