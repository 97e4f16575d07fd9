"""Change events: written by the services in the writer's own transaction (an outbox), announced
with NOTIFY at commit, fanned out to GraphQL subscribers and webhook endpoints.

Why an outbox row and not just a NOTIFY payload: the row is the durable record the webhook
deliveries point at (a receiver that was down gets it later), it is written atomically with the
change (a rolled-back report announces nothing), and NOTIFY payloads are capped at 8 kB.

One LISTEN connection per API process (`ChangeFeed`) reads each announced event once and hands
it to every local subscriber whose filter matches; the subscriber's *current* scope is asked of
the authorizer for every event, so a revoked role stops the flow at the next event.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg
from sqlalchemy import RowMapping
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from authz.authorizer import Authorizer, Principal
from authz.paths import is_within
from core.domain import UnitKind
from core.errors import NotFound
from core.i18n import msg
from core.ids import to_global_id
from db.queries import changes as q
from db.session import RequestDB
from services import units
from services.units import Unit

log = logging.getLogger(__name__)
SUBSCRIBER_BUFFER = 1000
RECENT_IDS = 10_000


class ChangeKind(enum.StrEnum):
    TARGET_PROGRESS = "target_progress"
    CAMPAIGN_STATE = "campaign_state"


# Seeing an event needs read access to what it is about, at the event's unit.
READ_OBJECT: dict[ChangeKind, str] = {
    ChangeKind.TARGET_PROGRESS: "target",
    ChangeKind.CAMPAIGN_STATE: "evaluation",
}


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    id: int
    kind: ChangeKind
    unit_id: int
    unit_path: str
    unit_code: str
    unit_name: str
    unit_kind: str
    payload: dict[str, Any]
    actor: str
    at: datetime

    @classmethod
    def from_row(cls, row: RowMapping, id_column: str = "id") -> ChangeEvent:
        return cls(
            id=int(row[id_column]),
            kind=ChangeKind(row["kind"]),
            unit_id=int(row["unit_id"]),
            unit_path=row["unit_path"],
            unit_code=row["unit_code"],
            unit_name=row["unit_name"],
            unit_kind=row["unit_kind"],
            payload=dict(row["payload"]),
            actor=row["actor"],
            at=row["created_at"],
        )


async def watched_unit(
    db: RequestDB, authorizer: Authorizer, principal: Principal, under_code: str
) -> Unit:
    """The unit a subscription watches (NotFound outside the caller's read scope), read in a
    short transaction of its own: the request's must not stay open for the subscription's life."""
    short = RequestDB(db.engine, authorizer.read_scope(principal))
    try:
        return await units.find(short, authorizer, principal, under_code, None)
    finally:
        await short.close()


def check_still_watching(authorizer: Authorizer, username: str, unit: Unit) -> None:
    """A live subscription asks this every few seconds, with the current policy: a subscriber
    who lost the right to read the unit is told so, and the subscription ends."""
    if not authorizer.allowed(authorizer.principal(username), "unit", "read", unit.path):
        raise NotFound(
            msg(
                "No administrative unit with code {unit_code!r} in your scope any more; the "
                "subscription has ended.",
                unit_code=unit.code,
            ),
            code_value=unit.code,
        )


def may_see(authorizer: Authorizer, username: str, kind: ChangeKind, unit_path: str) -> bool:
    """Asked per event with the current policy snapshot (not the one of subscription time)."""
    return authorizer.allowed(authorizer.principal(username), READ_OBJECT[kind], "read", unit_path)


async def event(
    db: RequestDB, authorizer: Authorizer, principal: Principal | None, event_id: int
) -> ChangeEvent:
    """One change event by id (`node(id)`): NotFound unless the caller may read what it is
    about at its unit (the rule subscriptions and webhooks apply to every event)."""
    row = await q.event_by_id(db, event_id) if principal is not None else None
    found = ChangeEvent.from_row(row) if row is not None else None
    if (
        found is None
        or principal is None
        or not authorizer.allowed(principal, READ_OBJECT[found.kind], "read", found.unit_path)
    ):
        raise NotFound(msg("No change event with this id."))
    return found


async def record(
    db: RequestDB,
    *,
    kind: ChangeKind,
    unit_id: int,
    unit_path: str,
    payload: Mapping[str, Any],
    actor: str,
) -> int:
    """Write the event in the caller's transaction; nothing is announced unless it commits."""
    return await q.insert_event(
        db, unit_id=unit_id, unit_path=unit_path, kind=kind.value, payload=payload, actor=actor
    )


# -- the API's shape of an event ----------------------------------------------------------------
SUBJECT: dict[ChangeKind, tuple[str, str]] = {
    ChangeKind.TARGET_PROGRESS: ("Target", "targetId"),
    ChangeKind.CAMPAIGN_STATE: ("TypicalCampaign", "campaignId"),
}


def subject_id(event: ChangeEvent) -> str:
    type_name, key = SUBJECT[event.kind]
    return to_global_id(type_name, int(event.payload[key]))


ENUM_KEYS = ("status", "action", "fromState", "toState")  # enum values, as queries show them
NUMBER_KEYS = ("value", "achieved")
ID_KEYS = {"targetId": "Target", "campaignId": "TypicalCampaign"}


def api_payload(event: ChangeEvent) -> dict[str, Any]:
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


def event_document(event: ChangeEvent) -> dict[str, Any]:
    """The webhook body: the subscription's fields, as JSON."""
    return {
        "id": to_global_id("ChangeEvent", event.id),
        "kind": event.kind.name,
        "unit": {
            "unitId": to_global_id("AdminUnit", event.unit_id),
            "code": event.unit_code,
            "name": event.unit_name,
            "kind": UnitKind(event.unit_kind).name,
            "path": event.unit_path,
        },
        "at": event.at.isoformat(),
        "actor": event.actor,
        "subjectId": subject_id(event),
        "payload": api_payload(event),
    }


# -- the per-process feed ------------------------------------------------------------------------
@dataclass(eq=False)
class Subscriber:
    username: str
    under_path: str
    kinds: frozenset[ChangeKind]
    # None closes the stream: the subscriber was dropped for not reading.
    queue: asyncio.Queue[ChangeEvent | None] = field(
        default_factory=lambda: asyncio.Queue(SUBSCRIBER_BUFFER)
    )

    def wants(self, event: ChangeEvent) -> bool:
        return event.kind in self.kinds and is_within(event.unit_path, self.under_path)


class ChangeFeed:
    """One LISTEN connection and one reader task per process, fanning out to local subscribers.

    Notifications are read in order by a single task, so a subscriber receives events in commit
    order. A subscriber whose queue is full (a client that stopped reading) is dropped rather
    than letting it hold memory without bound.
    """

    def __init__(self, engine: AsyncEngine, authorizer: Authorizer) -> None:
        self._engine = engine
        self._authorizer = authorizer
        self._subscribers: set[Subscriber] = set()
        self._ids: asyncio.Queue[int] = asyncio.Queue()
        self._dsn = ""
        self._listener: asyncpg.Connection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._reconnecting: asyncio.Task[None] | None = None
        self._closing = False
        self._on_event: list[Callable[[], None]] = []
        # Ids already handed out: a catch-up after a reconnection must not repeat them.
        self._recent: deque[int] = deque(maxlen=RECENT_IDS)
        self._recent_set: set[int] = set()
        self._last_id = 0
        self.reconnects = 0

    def on_event(self, callback: Callable[[], None]) -> None:
        """Called for every announced event (the webhook dispatcher wakes up on it)."""
        self._on_event.append(callback)

    async def start(self, database_url: str) -> None:
        url = make_url(database_url).set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._last_id = await self._max_id()
        await self._connect()
        self._reader = asyncio.create_task(self._read_forever(), name="antq-change-feed")

    async def _connect(self) -> None:
        conn = await asyncpg.connect(
            self._dsn, server_settings={"application_name": "antq-change-feed"}
        )

        def on_notify(_conn: object, _pid: int, _channel: str, payload: str) -> None:
            with contextlib.suppress(ValueError):
                self._ids.put_nowait(int(payload))

        await conn.add_listener(q.CHANGES_CHANNEL, on_notify)
        conn.add_termination_listener(self._on_terminated)
        self._listener = conn

    def _on_terminated(self, _conn: object) -> None:
        """The LISTEN connection died (server restart, failover, idle kill): NOTIFYs sent while
        nobody listens are lost, so reconnect and read what was committed meanwhile."""
        if self._closing or (self._reconnecting and not self._reconnecting.done()):
            return
        log.warning("change feed: the LISTEN connection was lost; reconnecting")
        self._reconnecting = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        delay = 0.2
        while not self._closing:
            try:
                await self._connect()
                break
            except (TimeoutError, OSError, asyncpg.PostgresError):
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30)
        self.reconnects += 1
        try:
            db = RequestDB(self._engine, q.SYSTEM_SCOPE)
            try:
                missed = await q.event_ids_after(db, self._last_id)
            finally:
                await db.close()
        except Exception:
            log.exception("change feed: could not read the events missed while disconnected")
            return
        for event_id in missed:
            self._ids.put_nowait(event_id)

    async def _max_id(self) -> int:
        db = RequestDB(self._engine, q.SYSTEM_SCOPE)
        try:
            return await q.max_event_id(db)
        finally:
            await db.close()

    async def close(self) -> None:
        self._closing = True
        for task in (self._reconnecting, self._reader):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._reader = self._reconnecting = None
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()
            self._listener = None

    def _first_time(self, event_id: int) -> bool:
        if event_id in self._recent_set:
            return False
        if len(self._recent) == self._recent.maxlen:
            self._recent_set.discard(self._recent[0])
        self._recent.append(event_id)
        self._recent_set.add(event_id)
        self._last_id = max(self._last_id, event_id)
        return True

    async def _read_forever(self) -> None:
        while True:
            event_id = await self._ids.get()
            if not self._first_time(event_id):
                continue
            for callback in self._on_event:
                callback()
            if not self._subscribers:
                continue
            try:
                event = await self._load(event_id)
            except Exception:
                log.exception("could not read change event %s", event_id)
                continue
            if event is not None:
                self._publish(event)

    async def _load(self, event_id: int) -> ChangeEvent | None:
        db = RequestDB(self._engine, q.SYSTEM_SCOPE)
        try:
            row = await q.event_by_id(db, event_id)
        finally:
            await db.close()
        return ChangeEvent.from_row(row) if row is not None else None

    def _publish(self, event: ChangeEvent) -> None:
        for subscriber in list(self._subscribers):
            if not subscriber.wants(event):
                continue
            if not may_see(self._authorizer, subscriber.username, event.kind, event.unit_path):
                continue
            try:
                subscriber.queue.put_nowait(event)
            except asyncio.QueueFull:
                log.warning("dropping a subscriber of %s: it stopped reading", subscriber.username)
                self._subscribers.discard(subscriber)
                while not subscriber.queue.empty():
                    subscriber.queue.get_nowait()
                subscriber.queue.put_nowait(None)

    @contextlib.asynccontextmanager
    async def subscribe(
        self, username: str, under_path: str, kinds: frozenset[ChangeKind]
    ) -> AsyncIterator[Subscriber]:
        subscriber = Subscriber(username, under_path, kinds)
        self._subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            self._subscribers.discard(subscriber)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)
