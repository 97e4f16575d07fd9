"""The `webhooks` query."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import BadInput
from core.i18n import msg
from core.ids import decode_cursor, encode_cursor
from graph import door
from graph.changes.types import WebhookEndpoint, WebhookEndpointConnection
from graph.door import Call
from graph.pagination import LTREE, build_edges, decode_id_cursor, id_cursor, page_size
from services import webhooks as webhook_service

UNDER_CURSOR = "webhook_under"


def _under_cursor(endpoint: WebhookEndpoint) -> str:
    return encode_cursor(UNDER_CURSOR, f"{endpoint.unit_path},{endpoint.pk}")


def _decode_under_cursor(after: str | None) -> tuple[str, int] | None:
    """(unit path, id) of the last endpoint of the previous page of `webhooks(under:)`."""
    if after is None:
        return None
    path, _, pk = decode_cursor(after, UNDER_CURSOR).rpartition(",")
    if not LTREE.match(path) or not pk.isascii() or not pk.isdigit() or len(pk) > 18:
        raise BadInput(
            msg(
                "Malformed cursor {after!r}: pass a cursor returned by this connection.",
                after=after,
            ),
            argument="after",
        )
    return path, int(pk)


@strawberry.type
class ChangeQueries:
    @door.query(
        description="Your own webhook endpoints (integration accounts); with "
        "`under`, every endpoint registered at or below that unit, whoever owns "
        "it (administrators of the unit: province_admin)."
    )
    async def webhooks(
        call: Call,
        under: Annotated[
            str | None,
            strawberry.argument(
                description="A unit code: list every owner's endpoints under it (admins)."
            ),
        ] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> WebhookEndpointConnection | None:
        ctx = call.context
        principal = call.principal
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        if under is not None:
            found = await webhook_service.list_under(
                ctx.db,
                ctx.authorizer,
                principal,
                under,
                after=_decode_under_cursor(after),
                limit=limit + 1,
            )
            items = [WebhookEndpoint.from_result(e) for e in found]
            edges, page_info = build_edges(items, limit, _under_cursor, after)
            return WebhookEndpointConnection(
                edges=edges,
                page_info=page_info,
                count=lambda: webhook_service.count_under(ctx.db, ctx.authorizer, principal, under),
            )
        found = await webhook_service.list_own(
            ctx.db, principal, after_id=decode_id_cursor(after, "webhook"), limit=limit + 1
        )
        items = [WebhookEndpoint.from_result(e) for e in found]
        edges, page_info = build_edges(items, limit, lambda e: id_cursor("webhook", e.pk), after)
        return WebhookEndpointConnection(
            edges=edges,
            page_info=page_info,
            count=lambda: webhook_service.count_own(ctx.db, principal),
        )
