"""Live connections keep their credential honest: a websocket re-authenticates every few seconds.

A graphql-transport-ws socket is authenticated once, in `connection_init`, and may then stay
open for hours. Every `ANTQ_WS_RECHECK_SECONDS` (and at the moment a JWT expires) the socket's
credential goes through the one authenticator again (`api.auth.Authenticator.caller`, the path
every HTTP request takes): an API key that was revoked or expired, a service account that was
disabled (its keys are revoked), a client-credentials token whose key was revoked, an expired
token — and whatever else the authenticator refuses, such as a disabled person — ends the
socket: each running operation gets a final `error` message with `UNAUTHENTICATED`, then the
socket is closed with code 4403 and the reason. A check that passes refreshes the context's
principal, so new operations run with the current roles; running subscriptions re-check their
own `under` (graph/changes.py) and every event is filtered by the current policy anyway.

The re-check costs one indexed lookup per API-key socket per interval (JWTs are verified in
memory); it takes nothing from the rate budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from graphql import GraphQLFormattedError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    ErrorMessage,
)

from core.errors import Unauthenticated

log = logging.getLogger(__name__)
CLOSE_UNAUTHENTICATED = 4403
MAX_REASON_BYTES = 123  # what a websocket close frame can carry


def close_reason(message: str) -> str:
    encoded = message.encode("utf-8")[:MAX_REASON_BYTES]
    return encoded.decode("utf-8", "ignore")


class RecheckingTransportWSHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    """graphql-transport-ws, plus a watcher task per acknowledged connection."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._watcher: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        if (
            self.connection_acknowledged
            and self._watcher is None
            and getattr(self.context, "credential", None)
        ):
            self._watcher = asyncio.create_task(self._watch(), name="antq-ws-recheck")

    async def shutdown(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._watcher
        await super().shutdown()

    async def _watch(self) -> None:
        context = self.context
        authenticator = context.authenticator
        interval = max(0.1, float(context.settings.ws_recheck_seconds))
        while True:
            delay = interval
            if context.expires_at is not None:  # wake at the expiry itself, not up to 2 s late
                delay = min(delay, max(0.0, context.expires_at - time.time()) + 0.05)
            await asyncio.sleep(delay)
            try:
                caller = await authenticator.caller(
                    context.credential, context.authorizer, context.db.engine
                )
            except Unauthenticated as error:
                await self._end(error)
                return
            except Exception:  # the database is briefly away: keep the socket, try again
                log.warning("websocket credential re-check failed; retrying", exc_info=True)
                continue
            context.principal = caller.principal
            context.expires_at = caller.expires_at

    async def _end(self, error: Unauthenticated) -> None:
        """Final UNAUTHENTICATED error for each operation, then close the socket (4403)."""
        self.context.credential_error = error
        self.context.auth_error = error
        payload: list[GraphQLFormattedError] = [
            {"message": error.message, "extensions": {"code": error.code}}
        ]
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)  # cancels the operation's task
            with contextlib.suppress(Exception):
                await self.send_message(
                    ErrorMessage(id=operation_id, type="error", payload=payload)
                )
        with contextlib.suppress(Exception):
            await self.websocket.close(
                code=CLOSE_UNAUTHENTICATED, reason=close_reason(error.message)
            )
