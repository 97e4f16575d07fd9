"""The `changes` subscription: events under a unit of your scope, as they commit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from core.errors import NotFound, Unauthenticated
from core.i18n import msg
from graph.changes.types import ChangeEvent, ChangeKind
from graph.context import Info
from services import changes as change_service


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
        unit = await change_service.watched_unit(ctx.db, ctx.authorizer, principal, under)
        chosen = frozenset(change_service.ChangeKind(k.value) for k in kinds or list(ChangeKind))
        recheck = max(0.1, float(ctx.settings.ws_recheck_seconds))
        async with ctx.feed.subscribe(principal.username, unit.path, chosen) as subscriber:
            while True:
                if ctx.credential_error is not None:  # the socket's re-check refused it
                    raise ctx.credential_error
                left = None if ctx.expires_at is None else ctx.expires_at - time.time()
                if left is not None and left <= 0:
                    raise Unauthenticated(
                        msg("The access token has expired; reconnect with a new one.")
                    )
                # Still allowed to watch `under`? Asked every few seconds; events themselves
                # are filtered per event (services.changes).
                change_service.check_still_watching(ctx.authorizer, principal.username, unit)
                try:
                    event = await asyncio.wait_for(
                        subscriber.queue.get(), recheck if left is None else min(left, recheck)
                    )
                except TimeoutError:
                    continue
                if event is None:
                    return
                yield ChangeEvent.from_event(event)
