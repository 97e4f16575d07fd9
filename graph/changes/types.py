"""Types of change events and webhook endpoints."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from core.errors import NotFound
from core.ids import to_global_id
from graph.changes.loaders import DeliveriesKey
from graph.context import Context, Info
from graph.nodes.types import Node, register_node
from graph.pagination import (
    Counted,
    Edge,
    PageInfo,
    build_edges,
    decode_id_cursor,
    id_cursor,
    page_size,
)
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
    # Not a Node and not `id`: this is a snapshot of the unit when the event was recorded, not
    # an object of its own. Under `id` a normalising client cache (Apollo, Relay) would merge
    # every event's snapshot of one unit into one record, showing a renamed unit's new name on
    # old events; `node(id:)` of this id answers an AdminUnit, not a ChangedUnit.
    unit_id: strawberry.ID = strawberry.field(
        description="The AdminUnit's global ID: `node(id:)` or `unit(unit:)` answer the unit "
        "as it is now; the other fields are as it was when the event was recorded."
    )
    code: str
    name: str
    kind: UnitKind
    path: str


@strawberry.type(
    description="A change in a subtree: a target's progress report or a typical-unit "
    "campaign's state change. Delivered after the change committed, in commit order."
)
class ChangeEvent(Node):
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
                unit_id=strawberry.ID(to_global_id("AdminUnit", event.unit_id)),
                code=event.unit_code,
                name=event.unit_name,
                kind=UnitKindValue(event.unit_kind),
                path=event.unit_path,
            ),
            at=event.at,
            actor=event.actor,
            subject_id=strawberry.ID(change_service.subject_id(event)),
            payload=cast(JSON, change_service.api_payload(event)),
        )


# -- webhooks -----------------------------------------------------------------------------------
@strawberry.type(description="One attempt series of sending one event to one endpoint.")
class WebhookDelivery(Node):
    id: strawberry.ID
    event_id: strawberry.ID
    kind: ChangeKind
    status: DeliveryStatus
    attempts: int
    last_status: int | None = strawberry.field(description="HTTP status of the last attempt.")
    last_error: str | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    pk: strawberry.Private[int]

    @classmethod
    def from_result(cls, delivery: webhook_service.Delivery) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(to_global_id("WebhookDelivery", delivery.id)),
            pk=delivery.id,
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
class WebhookEndpoint(Node):
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
    unit_path: strawberry.Private[str]

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
            unit_path=endpoint.unit_path,
        )

    @strawberry.field(description="Its deliveries, the latest first (keyset-paginated).")
    async def deliveries(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> WebhookDeliveryConnection:
        ctx = info.context
        limit = page_size(first, ctx.settings.default_page_size, ctx.settings.max_page_size)
        before_id = decode_id_cursor(after, "delivery")
        # batched: the deliveries of every endpoint of the response in one statement
        found = await ctx.webhooks.deliveries.load(DeliveriesKey(self.pk, before_id, limit + 1))
        items = [WebhookDelivery.from_result(d) for d in found]
        edges, page_info = build_edges(items, limit, lambda d: id_cursor("delivery", d.pk), after)
        pk = self.pk
        return WebhookDeliveryConnection(
            edges=edges, page_info=page_info, count=lambda: ctx.webhooks.delivery_count.load(pk)
        )


@strawberry.type(description="Deliveries of one endpoint, the latest first.")
class WebhookDeliveryConnection(Counted):
    edges: list[Edge[WebhookDelivery]]
    page_info: PageInfo


@strawberry.type(description="Webhook endpoints (keyset-paginated).")
class WebhookEndpointConnection(Counted):
    edges: list[Edge[WebhookEndpoint]]
    page_info: PageInfo


@strawberry.type(description="A registered endpoint and its signing secret, shown this once.")
class WebhookRegistration:
    webhook: WebhookEndpoint
    secret: str


# -- node(id) ------------------------------------------------------------------------------------
async def _fetch_event(ctx: Context, pk: int) -> ChangeEvent | None:
    try:
        return ChangeEvent.from_event(
            await change_service.event(ctx.db, ctx.authorizer, ctx.principal, pk)
        )
    except NotFound:
        return None


async def _fetch_endpoint(ctx: Context, pk: int) -> WebhookEndpoint | None:
    try:
        return WebhookEndpoint.from_result(
            await webhook_service.endpoint(ctx.db, ctx.authorizer, ctx.principal, pk)
        )
    except NotFound:
        return None


async def _fetch_delivery(ctx: Context, pk: int) -> WebhookDelivery | None:
    try:
        return WebhookDelivery.from_result(
            await webhook_service.delivery(ctx.db, ctx.authorizer, ctx.principal, pk)
        )
    except NotFound:
        return None


register_node("ChangeEvent", _fetch_event)
register_node("WebhookEndpoint", _fetch_endpoint)
register_node("WebhookDelivery", _fetch_delivery)
