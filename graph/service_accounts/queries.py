"""The `serviceAccounts` query."""

from __future__ import annotations

import strawberry

from graph.context import Info
from graph.service_accounts.types import ServiceAccount
from services import service_accounts as service


@strawberry.type
class ServiceAccountQueries:
    @strawberry.field(
        description="Service accounts you may manage (admins), optionally under a unit."
    )
    async def service_accounts(
        self, info: Info, under: str | None = None
    ) -> list[ServiceAccount] | None:
        ctx = info.context
        found = await service.accounts(ctx.db, ctx.authorizer, ctx.caller(), under_code=under)
        return [ServiceAccount.from_result(a) for a in found]
