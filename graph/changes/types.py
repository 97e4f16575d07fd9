"""Types of change events and webhook endpoints."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from core.ids import to_global_id
from graph.changes.loaders import DeliveriesKey
from graph.context import Info
from graph.types.errors import InvalidInput, NotAllowed, NotFoundError, VersionConflict
from graph.units.types import UnitKind, UnitKindValue
from services import changes as change_service
from services import webhooks as webhook_service


@strawberry.enum(description="What changed.")
class ChangeKind(enum.Enum):
    TARGET_PROGRESS = "target_progress"
    CAMPAIGN_STATE = "campaign_state"


@strawberry.enum(description="Where a webhook delivery stands.")
class DeliveryStatus(enum.Enum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@strawberry.type(
    description="The unit a change happened at (enough to show it and to fetch "
    "it with `node(id)` or `unit(unit:)`)."
)
class ChangedUnit:
    id: strawberry.ID
    code: str
    name: str
    kind: UnitKind
    path: str


@strawberry.type(
    description="A change in a subtree: a target's progress report or a typical-unit "
    "campaign's state change. Delivered after the change committed, in commit order."
)
class ChangeEvent:
    id: strawberry.ID
    kind: ChangeKind
    unit: ChangedUnit
    at: datetime
    actor: str
    subject_id: strawberry.ID = strawberry.field(
        description="The changed Target or TypicalCampaign (a `node(id)` id)."
    )
    payload: JSON = strawberry.field(
        description="What changed, in the API's terms (global IDs, enum values as queries "
        "show them, numbers as numbers): for TARGET_PROGRESS targetId, year, text, "
        "value, achieved, status (TargetStatus), reportedOn, version; for "
        "CAMPAIGN_STATE campaignId, action (CampaignAction), fromState, toState "
        "(CampaignState), on, reasons."
    )

    @classmethod
    def from_event(cls, event: change_service.ChangeEvent) -> ChangeEvent:
        return cls(
            id=strawberry.ID(to_global_id("ChangeEvent", event.id)),
            kind=ChangeKind(event.kind.value),
            unit=ChangedUnit(
                id=strawberry.ID(to_global_id("AdminUnit", event.unit_id)),
                code=event.unit_code,
                name=event.unit_name,
                kind=UnitKindValue(event.unit_kind),
                path=event.unit_path,
            ),
            at=event.at,
            actor=event.actor,
            subject_id=strawberry.ID(change_service.subject_id(event)),
            payload=change_service.api_payload(event),
        )


# -- webhooks -----------------------------------------------------------------------------------
@strawberry.type(description="One attempt series of sending one event to one endpoint.")
class WebhookDelivery:
    id: strawberry.ID
    event_id: strawberry.ID
    kind: ChangeKind
    status: DeliveryStatus
    attempts: int
    last_status: int | None = strawberry.field(description="HTTP status of the last attempt.")
    last_error: str | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None

    @classmethod
    def from_result(cls, delivery: webhook_service.Delivery) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(to_global_id("WebhookDelivery", delivery.id)),
            event_id=strawberry.ID(to_global_id("ChangeEvent", delivery.event_id)),
            kind=ChangeKind(delivery.kind.value),
            status=DeliveryStatus(delivery.status.value),
            attempts=delivery.attempts,
            last_status=delivery.last_status,
            last_error=delivery.last_error,
            next_attempt_at=delivery.next_attempt_at,
            delivered_at=delivery.delivered_at,
        )


@strawberry.type(
    description="An endpoint an integration account registered: matching changes "
    "under `under` are POSTed to `url`, signed with its secret."
)
class WebhookEndpoint:
    id: strawberry.ID
    url: str
    under_code: str = strawberry.field(name="under")
    kinds: list[ChangeKind]
    active: bool
    version: int
    created_at: datetime
    owner: str = strawberry.field(description="The integration account that registered it.")
    disabled_reason: str | None = strawberry.field(
        description="Why it is switched off (lý do "
        "tắt): by its owner, by an administrator of "
        "the unit, or by the platform because the "
        "owner can no longer read the subtree."
    )
    disabled_at: datetime | None = strawberry.field(description="When it was switched off.")
    disabled_by: str | None = strawberry.field(
        description="Who switched it off; null when the platform did (the owner lost its rights)."
    )
    pk: strawberry.Private[int]

    @classmethod
    def from_result(cls, endpoint: webhook_service.Endpoint) -> WebhookEndpoint:
        return cls(
            id=strawberry.ID(to_global_id("WebhookEndpoint", endpoint.id)),
            url=endpoint.url,
            under_code=endpoint.unit_code,
            kinds=[ChangeKind(k.value) for k in endpoint.kinds],
            active=endpoint.active,
            version=endpoint.version,
            created_at=endpoint.created_at,
            owner=endpoint.owner,
            disabled_reason=endpoint.disabled_reason,
            disabled_at=endpoint.disabled_at,
            disabled_by=endpoint.disabled_by,
            pk=endpoint.id,
        )

    @strawberry.field(description="The latest deliveries, newest first.")
    async def deliveries(self, info: Info, first: int = 20) -> list[WebhookDelivery]:
        first = max(1, min(first, info.context.settings.max_page_size))
        # batched: the deliveries of every endpoint of the response in one statement
        found = await info.context.webhooks.deliveries.load(DeliveriesKey(self.pk, None, first))
        return [WebhookDelivery.from_result(d) for d in found]


@strawberry.type(description="A registered endpoint and its signing secret, shown this once.")
class WebhookRegistration:
    webhook: WebhookEndpoint
    secret: str


RegisterWebhookResult = Annotated[
    WebhookRegistration | InvalidInput | NotAllowed | NotFoundError,
    strawberry.union("RegisterWebhookResult"),
]
WebhookResult = Annotated[
    WebhookEndpoint | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("WebhookResult"),
]
