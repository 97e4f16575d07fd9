"""The `webhooks` query."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.changes.types import WebhookEndpoint
from graph.context import Info
from services import webhooks as webhook_service


@strawberry.type
class ChangeQueries:
    @strawberry.field(
        description="Your own webhook endpoints (integration accounts); with "
        "`under`, every endpoint registered at or below that unit, whoever owns "
        "it (administrators of the unit: province_admin)."
    )
    async def webhooks(
        self,
        info: Info,
        under: Annotated[
            str | None,
            strawberry.argument(
                description="A unit code: list every owner's endpoints under it (admins)."
            ),
        ] = None,
    ) -> list[WebhookEndpoint] | None:
        ctx = info.context
        principal = ctx.caller()
        if under is not None:
            found = await webhook_service.list_under(ctx.db, ctx.authorizer, principal, under)
        else:
            found = await webhook_service.list_own(ctx.db, principal)
        return [WebhookEndpoint.from_result(e) for e in found]
