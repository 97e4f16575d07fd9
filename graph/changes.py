"""Change events over GraphQL: the `changes` subscription and the webhook endpoints of
integration accounts (register, switch on/off, list with recent deliveries).

`event_document` is the one JSON shape of an event: the webhook body uses it, and its keys are
the subscription's field names, so a receiver parses both alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import time
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import RowMapping
from strawberry.scalars import JSON

from core.errors import AppError, NotFound, Unauthenticated
from core.i18n import msg
from core.ids import from_global_id, to_global_id
from db.queries import changes as q
from db.session import RequestDB
from graph.context import Info
from graph.types.errors import (
    InvalidInput,
    NotAllowed,
    NotFoundError,
    VersionConflict,
    as_user_error,
)
from graph.types.unit import UnitKind, UnitKindValue
from services import changes as change_service
from services import webhooks as webhook_service
from services.units import unit_by_code


@strawberry.enum(description="What changed.")
class ChangeKind(enum.Enum):
    TARGET_PROGRESS = "target_progress"
    CAMPAIGN_STATE = "campaign_state"


@strawberry.enum(description="Where a webhook delivery stands.")
class DeliveryStatus(enum.Enum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


SUBJECT: dict[change_service.ChangeKind, tuple[str, str]] = {
    change_service.ChangeKind.TARGET_PROGRESS: ("Target", "targetId"),
    change_service.ChangeKind.CAMPAIGN_STATE: ("TypicalCampaign", "campaignId"),
}


def subject_id(event: change_service.ChangeEvent) -> str:
    type_name, key = SUBJECT[event.kind]
    return to_global_id(type_name, int(event.payload[key]))


ENUM_KEYS = ("status", "action", "fromState", "toState")  # enum values, as queries show them
NUMBER_KEYS = ("value", "achieved")
ID_KEYS = {"targetId": "Target", "campaignId": "TypicalCampaign"}


def api_payload(event: change_service.ChangeEvent) -> dict[str, Any]:
    """The stored payload in the API's own terms, the same for subscriptions and webhooks:
    global IDs (not database keys), enum values as queries spell them (`ON_TRACK`,
    `SUBMIT_PLAN`), numbers as numbers."""
    payload = dict(event.payload)
    for key, type_name in ID_KEYS.items():
        if isinstance(payload.get(key), int | str) and str(payload[key]).isdigit():
            payload[key] = to_global_id(type_name, int(payload[key]))
    for key in ENUM_KEYS:
        if isinstance(payload.get(key), str):
            payload[key] = payload[key].upper()
    for key in NUMBER_KEYS:
        if isinstance(payload.get(key), str):
            with contextlib.suppress(ValueError):
                payload[key] = float(payload[key])
    return payload


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
            subject_id=strawberry.ID(subject_id(event)),
            payload=api_payload(event),
        )


def event_document(event: change_service.ChangeEvent) -> dict[str, Any]:
    """The webhook body: the subscription's fields, as JSON."""
    return {
        "id": to_global_id("ChangeEvent", event.id),
        "kind": event.kind.name,
        "unit": {
            "id": to_global_id("AdminUnit", event.unit_id),
            "code": event.unit_code,
            "name": event.unit_name,
            "kind": UnitKindValue(event.unit_kind).name,
            "path": event.unit_path,
        },
        "at": event.at.isoformat(),
        "actor": event.actor,
        "subjectId": subject_id(event),
        "payload": api_payload(event),
    }


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
    def from_row(cls, row: RowMapping) -> WebhookDelivery:
        pending = row["status"] == "pending"
        return cls(
            id=strawberry.ID(to_global_id("WebhookDelivery", row["id"])),
            event_id=strawberry.ID(to_global_id("ChangeEvent", row["event_id"])),
            kind=ChangeKind(row["kind"]),
            status=DeliveryStatus(row["status"]),
            attempts=row["attempts"],
            last_status=row["last_status"],
            last_error=row["last_error"],
            next_attempt_at=row["next_attempt_at"] if pending else None,
            delivered_at=row["delivered_at"],
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
    def from_row(cls, row: RowMapping) -> WebhookEndpoint:
        return cls(
            id=strawberry.ID(to_global_id("WebhookEndpoint", row["id"])),
            url=row["url"],
            under_code=row["unit_code"],
            kinds=[ChangeKind(k) for k in row["kinds"]],
            active=row["active"],
            version=row["version"],
            created_at=row["created_at"],
            owner=row["owner"],
            disabled_reason=row["disabled_reason"],
            disabled_at=row["disabled_at"],
            disabled_by=row["disabled_by"],
            pk=row["id"],
        )

    @strawberry.field(description="The latest deliveries, newest first.")
    async def deliveries(self, info: Info, first: int = 20) -> list[WebhookDelivery]:
        first = max(1, min(first, info.context.settings.max_page_size))
        rows = await q.deliveries_of(info.context.db, [self.pk], first)
        return [WebhookDelivery.from_row(r) for r in rows]


@strawberry.type(description="A registered endpoint and its signing secret, shown this once.")
class WebhookRegistration:
    webhook: WebhookEndpoint
    secret: str


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


RegisterWebhookResult = Annotated[
    WebhookRegistration | InvalidInput | NotAllowed | NotFoundError,
    strawberry.union("RegisterWebhookResult"),
]
WebhookResult = Annotated[
    WebhookEndpoint | InvalidInput | NotAllowed | NotFoundError | VersionConflict,
    strawberry.union("WebhookResult"),
]


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
            rows = await webhook_service.list_under(ctx.db, ctx.authorizer, principal, under)
        else:
            rows = await webhook_service.list_own(ctx.db, principal)
        return [WebhookEndpoint.from_row(r) for r in rows]


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
        return WebhookRegistration(webhook=WebhookEndpoint.from_row(endpoint), secret=secret)

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
                raise NotFound(msg("No webhook endpoint with this id."))
            row = await webhook_service.set_active(
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
        return WebhookEndpoint.from_row(row)


# -- the subscription ---------------------------------------------------------------------------
@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Changes under a unit of your scope, as they commit. "
        'Authenticate in `connection_init`: {"Authorization": '
        '"Bearer <token>"}. Events outside your current read scope are '
        "never sent, also after your roles change."
    )
    async def changes(
        self,
        info: Info,
        under: str,
        kinds: Annotated[
            list[ChangeKind] | None, strawberry.argument(description="Null or empty: every kind.")
        ] = None,
    ) -> AsyncGenerator[ChangeEvent, None]:
        ctx = info.context
        principal = ctx.caller()
        if ctx.feed is None:
            raise NotFound(msg("Subscriptions are not available on this server."))
        # A short transaction of its own: the connection's transaction must not stay open for
        # the life of the subscription.
        db = RequestDB(ctx.db.engine, ctx.authorizer.read_scope(principal))
        try:
            unit = await unit_by_code(db, under, None)
        finally:
            await db.close()
        ctx.authorizer.require(principal, "unit", "read", unit["path"])
        chosen = frozenset(change_service.ChangeKind(k.value) for k in kinds or list(ChangeKind))
        recheck = max(0.1, float(ctx.settings.ws_recheck_seconds))
        async with ctx.feed.subscribe(principal.username, unit["path"], chosen) as subscriber:
            while True:
                if ctx.credential_error is not None:  # the socket's re-check refused it
                    raise ctx.credential_error
                left = None if ctx.expires_at is None else ctx.expires_at - time.time()
                if left is not None and left <= 0:
                    raise Unauthenticated(
                        msg("The access token has expired; reconnect with a new one.")
                    )
                # Still allowed to watch `under`? Asked of the current policy snapshot every
                # few seconds; events themselves are filtered per event (services.changes).
                current = ctx.authorizer.principal(principal.username)
                if not ctx.authorizer.allowed(current, "unit", "read", unit["path"]):
                    raise NotFound(
                        msg(
                            "No administrative unit with code {under!r} in your scope any more; the subscription "
                            "has ended.",
                            under=under,
                        ),
                        code_value=under,
                    )
                try:
                    event = await asyncio.wait_for(
                        subscriber.queue.get(), recheck if left is None else min(left, recheck)
                    )
                except TimeoutError:
                    continue
                if event is None:
                    return
                yield ChangeEvent.from_event(event)
