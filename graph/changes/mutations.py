"""Webhook mutations, through the one door (graph/door.py): register an endpoint, switch it off
or on."""

from __future__ import annotations

import strawberry

from graph import door
from graph.changes.inputs import RegisterWebhookInput, SetWebhookActiveInput
from graph.changes.types import WebhookEndpoint, WebhookRegistration
from graph.door import Call
from services import webhooks as webhook_service


@strawberry.type
class ChangeMutations:
    @door.mutation(
        service=webhook_service.register,
        returns=WebhookRegistration,
        description="Register an outbound webhook for changes under a unit "
        "(needs `webhook write` there: the integration role).",
    )
    async def register_webhook(call: Call, input: RegisterWebhookInput) -> WebhookRegistration:
        endpoint, secret = await webhook_service.register(
            call.db,
            call.authorizer,
            call.principal,
            call.settings,
            url=input.url,
            under_code=input.under,
            kinds=[k.value for k in input.kinds],
            secret=input.secret,
        )
        return WebhookRegistration(webhook=WebhookEndpoint.from_result(endpoint), secret=secret)

    @door.mutation(
        service=webhook_service.set_active,
        returns=WebhookEndpoint,
        description="Switch one of your endpoints off (or on again); an "
        "administrator of the endpoint's unit may switch anyone's off.",
    )
    async def set_webhook_active(call: Call, input: SetWebhookActiveInput) -> WebhookEndpoint:
        endpoint = await webhook_service.set_active(
            call.db,
            call.authorizer,
            call.principal,
            endpoint_id=call.pk(input.id, "WebhookEndpoint", field="id"),
            version=input.version,
            active=input.active,
            reason=input.reason,
        )
        return WebhookEndpoint.from_result(endpoint)
