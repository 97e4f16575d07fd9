"""Inputs of the webhook mutations."""

from __future__ import annotations

import strawberry

from graph.changes.types import ChangeKind


@strawberry.input
class RegisterWebhookInput:
    url: str = strawberry.field(
        description="HTTP(S) URL (https in production). Its host must "
        "resolve to addresses the destination policy allows: loopback "
        "in development, public in production, private networks only "
        "when listed (ANTQ_WEBHOOK_ALLOWED_NETWORKS)."
    )
    under: str = strawberry.field(description="Code of the subtree's unit (inside your scope).")
    kinds: list[ChangeKind]
    secret: str | None = strawberry.field(
        default=None, description="At least 24 characters; generated when left out."
    )


@strawberry.input
class SetWebhookActiveInput:
    id: strawberry.ID
    version: int
    active: bool
    reason: str | None = strawberry.field(
        default=None,
        description="Why it is switched off (shown to the owner and the unit's admins).",
    )
