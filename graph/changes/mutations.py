"""Webhook mutations: register an endpoint, switch it off or on."""

from __future__ import annotations

import strawberry

from core.errors import AppError, NotFound
from core.ids import from_global_id
from graph.changes.inputs import RegisterWebhookInput, SetWebhookActiveInput
from graph.changes.types import (
    RegisterWebhookResult,
    WebhookEndpoint,
    WebhookRegistration,
    WebhookResult,
)
from graph.context import Info
from graph.types.errors import as_user_error
from services import webhooks as webhook_service


@strawberry.type
class ChangeMutations:
    @strawberry.mutation(
        description="Register an outbound webhook for changes under a unit "
        "(needs `webhook write` there: the integration role)."
    )
    async def register_webhook(
        self, info: Info, input: RegisterWebhookInput
    ) -> RegisterWebhookResult:
        ctx = info.context
        principal = ctx.caller()
        try:
            endpoint, secret = await webhook_service.register(
                ctx.db,
                ctx.authorizer,
                principal,
                ctx.settings,
                url=input.url,
                under_code=input.under,
                kinds=[k.value for k in input.kinds],
                secret=input.secret,
            )
        except AppError as error:
            return as_user_error(error)  # type: ignore[return-value]
        return WebhookRegistration(webhook=WebhookEndpoint.from_result(endpoint), secret=secret)

    @strawberry.mutation(
        description="Switch one of your endpoints off (or on again); an "
        "administrator of the endpoint's unit may switch anyone's off."
    )
    async def set_webhook_active(self, info: Info, input: SetWebhookActiveInput) -> WebhookResult:
        ctx = info.context
        principal = ctx.caller()
        decoded = from_global_id(input.id)
        try:
            if decoded is None or decoded[0] != "WebhookEndpoint":
                raise NotFound("No webhook endpoint with this id.")
            endpoint = await webhook_service.set_active(
                ctx.db,
                ctx.authorizer,
                principal,
                endpoint_id=decoded[1],
                version=input.version,
                active=input.active,
                reason=input.reason,
            )
        except AppError as error:
            return as_user_error(error)  # type: ignore[return-value]
        return WebhookEndpoint.from_result(endpoint)
