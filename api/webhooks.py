"""The webhook dispatcher: one task per API process, started in the app's lifespan.

It sends what the `webhook_deliveries` outbox says is due (rows are queued by the database in the
writer's transaction, so nothing is lost if this process is down: it is sent when one is up).
Several processes may run it: due rows are claimed with FOR UPDATE SKIP LOCKED and a lease.

Per delivery: the endpoint must still be active and its owner must still read the event's unit
(the current policy, not the one at registration); the URL is resolved and checked again
(SSRF) and the connection goes to the address that was checked, with the Host header and SNI
of the URL's host (no second DNS lookup); the body is signed (services.webhooks.sign). 2xx =
delivered. Anything else (non-2xx, timeout, connection error) is retried after
base * 2**(attempt-1) seconds, capped, until `webhook_max_attempts`, then the delivery is
marked failed. Redirects are not followed (they would bypass the URL check). What the owner
reads back about a failure is generic (the receiver's HTTP status, or "no connection"), never
a resolver or socket error: those would map the network behind us. Details go to the log.

Whenever the policy changed (the authorizer reloaded), the dispatcher also switches off every
endpoint whose owner can no longer read its subtree, with the reason for the unit's admins.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
import time
from datetime import UTC, datetime, timedelta

import certifi
import httpx
from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncEngine

from authz.authorizer import Authorizer
from core.config import Settings
from core.errors import BadInput
from db.queries import changes as q
from db.session import RequestDB
from services.changes import ChangeEvent, event_document, may_see
from services.webhooks import (
    SIGNATURE_HEADER,
    resolve_destination,
    sign,
    switch_off_orphans,
)

log = logging.getLogger(__name__)
BATCH = 50


def _tls_context(settings: Settings) -> ssl.SSLContext:
    """The public CAs (certifi, as httpx uses by default) plus ANTQ_WEBHOOK_CA_FILE if set.
    The certificate is verified against the URL's host name (sent as SNI), not the pinned IP."""
    context = ssl.create_default_context(cafile=certifi.where())
    if settings.webhook_ca_file is not None:
        context.load_verify_locations(cafile=str(settings.webhook_ca_file))
    return context


class WebhookDispatcher:
    def __init__(self, engine: AsyncEngine, authorizer: Authorizer, settings: Settings) -> None:
        self._engine = engine
        self._authorizer = authorizer
        self._settings = settings
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        # No pooled connections: requests go to pinned addresses, and a kept-alive TLS connection
        # made for one host name must not carry a request for another name at that address.
        self._client = httpx.AsyncClient(
            timeout=settings.webhook_timeout_seconds,
            follow_redirects=False,
            verify=_tls_context(settings),
            limits=httpx.Limits(max_keepalive_connections=0),
            trust_env=False,
            headers={"User-Agent": "antq-webhooks/1"},
        )
        self._policy_seen = -1  # the authorizer's reload count at the last orphan sweep

    def wake(self) -> None:
        """Something may be due now (a change event was announced, or a retry is due)."""
        self._wake.set()

    def wake_sweep(self) -> None:
        """Check the endpoints against the policy on the next turn (an owner lost access)."""
        self._policy_seen = -1
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="antq-webhook-dispatcher")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._client.aclose()

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.sweep_orphans()
                claimed = await self.dispatch_once()
            except Exception:
                log.exception("webhook dispatch failed; retrying later")
                claimed = 0
            if claimed >= BATCH:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._settings.webhook_poll_seconds)

    async def sweep_orphans(self) -> list[int]:
        """After any policy change: switch off endpoints whose owner lost its rights there."""
        seen = self._authorizer.reloads
        if seen == self._policy_seen:
            return []
        db = RequestDB(self._engine, q.SYSTEM_SCOPE)
        try:
            switched = await switch_off_orphans(db, self._authorizer)
        finally:
            await db.close()
        self._policy_seen = seen
        if switched:
            log.info("webhook endpoints switched off, their owners lost access: %s", switched)
        return switched

    async def dispatch_once(self) -> int:
        """Claim and send what is due; returns how many deliveries were attempted."""
        db = RequestDB(self._engine, q.SYSTEM_SCOPE)
        try:
            rows = await q.claim_due(
                db, limit=BATCH, lease_seconds=self._settings.webhook_timeout_seconds + 30
            )
            await db.commit()
        finally:
            await db.close()
        if rows:
            await asyncio.gather(*(self._deliver(row) for row in rows))
        return len(rows)

    async def _deliver(self, row: RowMapping) -> None:
        event = ChangeEvent.from_row(row, id_column="event_id")
        attempt = row["attempts"] + 1
        if not row["active"]:
            await self._finish(row, "failed", None, "the endpoint was deactivated")
            return
        if not may_see(self._authorizer, row["owner"], event.kind, event.unit_path):
            await self._finish(row, "failed", None, "the owner may no longer read this unit")
            self.wake_sweep()
            return
        try:
            destination = await resolve_destination(row["url"], self._settings)
        except BadInput:
            await self._finish(row, "failed", None, "refused destination")
            return
        body = json.dumps(event_document(event), ensure_ascii=False).encode()
        timestamp = int(time.time())
        headers = {
            "Host": destination.host_header,
            "Content-Type": "application/json",
            "X-ANTQ-Event-Id": str(event.id),
            "X-ANTQ-Delivery-Id": str(row["id"]),
            "X-ANTQ-Attempt": str(attempt),
            SIGNATURE_HEADER: sign(row["secret"], timestamp, body),
        }
        status: int | None = None
        try:
            response = await self._client.post(
                destination.pinned_url,
                content=body,
                headers=headers,
                extensions=destination.extensions,
            )
            status = response.status_code
            error = None if 200 <= status < 300 else f"HTTP {status}"
        except httpx.HTTPError as exc:
            log.info(
                "webhook delivery %s to endpoint %s: %s",
                row["id"],
                row["endpoint_id"],
                f"{type(exc).__name__}: {exc}"[:500],
            )
            error = "no connection or no answer in time"
        if error is None:
            await self._finish(row, "delivered", status, None)
        elif attempt >= self._settings.webhook_max_attempts:
            await self._finish(row, "failed", status, error)
        else:
            delay = min(
                self._settings.webhook_retry_base_seconds * 2 ** (attempt - 1),
                self._settings.webhook_retry_max_seconds,
            )
            await self._finish(
                row, "pending", status, error, datetime.now(UTC) + timedelta(seconds=delay)
            )
            asyncio.get_running_loop().call_later(delay, self.wake)

    async def _finish(
        self,
        row: RowMapping,
        status: str,
        http_status: int | None,
        error: str | None,
        next_attempt_at: datetime | None = None,
    ) -> None:
        db = RequestDB(self._engine, q.SYSTEM_SCOPE)
        try:
            await q.finish_attempt(
                db,
                row["id"],
                status=status,
                http_status=http_status,
                error=error,
                next_attempt_at=next_attempt_at,
            )
            await db.commit()
        finally:
            await db.close()
        if status != "delivered":
            log.info(
                "webhook delivery %s to endpoint %s: %s (%s)",
                row["id"],
                row["endpoint_id"],
                status,
                error,
            )
