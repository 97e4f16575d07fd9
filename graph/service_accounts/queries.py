"""The `serviceAccounts` query."""

from __future__ import annotations

import strawberry

from core.ids import decode_cursor, encode_cursor
from graph import door
from graph.door import Call
from graph.pagination import build_edges, page_size
from graph.service_accounts.types import ServiceAccount, ServiceAccountConnection
from services import service_accounts as service


@strawberry.type
class ServiceAccountQueries:
    @door.query(description="Service accounts you may manage (admins), optionally under a unit.")
    async def service_accounts(
        call: Call,
        under: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> ServiceAccountConnection | None:
        ctx = call.context
        principal = call.principal
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        found = await service.accounts(
            ctx.db,
            ctx.authorizer,
            principal,
            under_code=under,
            after_username=decode_cursor(after, "account") if after else None,
            limit=limit + 1,
        )
        items = [ServiceAccount.from_result(a) for a in found]
        edges, page_info = build_edges(
            items, limit, lambda a: encode_cursor("account", a.username), after
        )
        return ServiceAccountConnection(
            edges=edges,
            page_info=page_info,
            count=lambda: service.count_accounts(
                ctx.db, ctx.authorizer, principal, under_code=under
            ),
        )
