"""The GraphQL endpoint: persisted queries (graph.persisted) over HTTP, and subscriptions over
websockets (graphql-transport-ws) authenticated like every other request (api.auth)."""

from __future__ import annotations

from typing import Any

from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UNSET, UnsetType

from api.auth import Authenticator, bearer
from api.live import RecheckingTransportWSHandler
from db.session import RequestDB
from graph.context import Context
from graph.persisted import PersistedQueryRouter
from services.errors import Unauthenticated


class AntqGraphQLRouter(PersistedQueryRouter):
    """Browsers cannot set headers on a websocket, so the credential comes in the
    `connection_init` payload, `{"Authorization": "Bearer <token>"}` (or `{"token": …}`, or a
    header on the upgrade request); a bad one closes the socket (4403) before any operation.
    Afterwards the credential is re-checked every few seconds (api.live) and the socket ends
    when it no longer holds."""

    graphql_transport_ws_handler_class = RecheckingTransportWSHandler

    def __init__(self, *args: Any, authenticator: Authenticator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._authenticator = authenticator

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        result = await super().execute_single(*args, **kwargs)
        context = kwargs.get("context")
        refused = getattr(context, "rate_limited", None)
        if refused is not None:  # the query's cost emptied the caller's budget: HTTP 429
            raise refused
        return result

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        raw = params.get("Authorization") or params.get("authorization")
        if raw is None and params.get("token"):
            raw = f"Bearer {params['token']}"
        if raw is None and context.request is not None:  # a header on the upgrade request
            raw = context.request.headers.get("authorization")
        if not raw:
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED",
                                            "message": "Send {\"Authorization\": \"Bearer "
                                                       "<token>\"} in connection_init."})
        try:
            credential = bearer(raw)
            caller = await self._authenticator.caller(credential, context.authorizer,
                                                      context.db.engine)
        except Unauthenticated as error:
            raise ConnectionRejectionError({"code": error.code,
                                            "message": error.message}) from None
        context.principal, context.auth_error = caller.principal, None
        context.db = RequestDB(context.db.engine,
                               context.authorizer.read_scope(caller.principal))
        # A socket outlives its token: subscriptions end when the (verified) token expires.
        context.expires_at = caller.expires_at
        context.credential, context.authenticator = credential, self._authenticator
        return UNSET
