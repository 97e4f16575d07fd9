"""The FastAPI application: GraphQL at /graphql (GraphiQL in a browser), report downloads at
/reports/result.{pdf,docx,json}, health at /healthz."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import jwt
from fastapi import FastAPI
from starlette.requests import HTTPConnection
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from api.exports import authenticate, exports_router
from api.observability import (
    Metrics,
    RequestContextMiddleware,
    count_sql,
    mount_metrics,
    setup_tracing,
)
from api.reports import router as reports_router
from api.settings import Settings, get_settings
from api.webhooks import WebhookDispatcher
from authz.authorizer import Authorizer
from authz.tokens import TokenVerifier
from db.session import RequestDB, create_engine
from db.urls import DatabaseUrls, resolve_database_urls
from graph.context import Context
from graph.schema import build_schema
from services.changes import ChangeFeed
from services.errors import Unauthenticated

log = logging.getLogger(__name__)


def _bearer(value: object) -> str:
    """The token of an `Authorization: Bearer <token>` value, or an Unauthenticated error."""
    scheme, _, token = str(value).partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Use `Authorization: Bearer <token>`.")
    return token.strip()


class AntqGraphQLRouter(GraphQLRouter[Context, None]):
    """GraphQL over HTTP and over websockets (graphql-transport-ws).

    Browsers cannot set headers on a websocket, so the token comes in the `connection_init`
    payload, `{"Authorization": "Bearer <token>"}`; a bad token closes the socket (4403) before
    any operation runs.
    """

    def __init__(self, *args: object, verifier: TokenVerifier, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._verifier = verifier

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
            token = _bearer(raw)
            principal = context.authorizer.principal(self._verifier.username(token))
        except Unauthenticated as error:
            raise ConnectionRejectionError({"code": error.code,
                                            "message": error.message}) from None
        context.principal, context.auth_error = principal, None
        context.db = RequestDB(context.db.engine, context.authorizer.read_scope(principal))
        # A socket outlives its token: subscriptions end when the (verified) token expires.
        try:
            exp = jwt.decode(token, options={"verify_signature": False}).get("exp")
        except jwt.PyJWTError:
            exp = None
        context.expires_at = float(exp) if isinstance(exp, int | float) else None
        return UNSET


def create_app(settings: Settings | None = None, urls: DatabaseUrls | None = None) -> FastAPI:
    settings = settings or get_settings()
    verifier = TokenVerifier(settings)
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resolved = urls or resolve_database_urls(settings)
        app.state.engine = create_engine(resolved.app, settings)
        count_sql(app.state.engine)
        setup_tracing(app, app.state.engine, settings.otel_endpoint)
        app.state.authorizer = Authorizer()
        await app.state.authorizer.load(app.state.engine)
        await app.state.authorizer.listen(resolved.app)
        # Background work (change feed, webhook dispatcher) gets its own small pool: it cannot
        # take the connections requests need, and request metrics do not count it.
        app.state.background_engine = create_engine(resolved.app, settings.model_copy(
            update={"db_pool_size": 2, "db_max_overflow": 2}))
        app.state.dispatcher = WebhookDispatcher(app.state.background_engine,
                                                 app.state.authorizer, settings)
        app.state.feed = ChangeFeed(app.state.background_engine, app.state.authorizer)
        app.state.feed.on_event(app.state.dispatcher.wake)
        await app.state.feed.start(resolved.app)
        app.state.dispatcher.start()
        try:
            yield
        finally:
            await app.state.dispatcher.close()
            await app.state.feed.close()
            await app.state.background_engine.dispose()
            await app.state.authorizer.close()
            await app.state.engine.dispose()

    async def get_context(request: HTTPConnection) -> Context:
        """Per HTTP request, or once per websocket connection (then see on_ws_connect)."""
        authorizer: Authorizer = request.app.state.authorizer
        principal, auth_error = authenticate(request, authorizer, verifier)
        db = RequestDB(request.app.state.engine, authorizer.read_scope(principal))
        return Context(db=db, settings=settings, authorizer=authorizer, principal=principal,
                       auth_error=auth_error, feed=getattr(request.app.state, "feed", None))

    app = FastAPI(title="ANTQ movement platform", lifespan=lifespan, docs_url=None,
                  redoc_url=None)
    # Multipart requests carry Excel uploads (importTargets, importAssessments): safe from CSRF
    # because callers authenticate with a bearer header, never a cookie. Websockets speak only
    # graphql-transport-ws: the legacy subscriptions-transport-ws protocol is deprecated.
    graphql = AntqGraphQLRouter(build_schema(settings, metrics), context_getter=get_context,
                                graphql_ide="graphiql", verifier=verifier,
                                multipart_uploads_enabled=True,
                                subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
                                max_subscriptions_per_connection=20)
    app.include_router(graphql, prefix="/graphql")
    # Plain-HTTP downloads authenticate with the same verifier and authorizer as GraphQL.
    app.state.verifier = verifier
    app.state.settings = settings
    app.include_router(reports_router)
    app.include_router(exports_router(settings, verifier))
    app.add_middleware(RequestContextMiddleware, metrics=metrics,
                       max_body_bytes=settings.max_body_bytes)
    mount_metrics(app, metrics)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
