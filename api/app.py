"""The FastAPI application: GraphQL at /graphql (GraphiQL in a browser; subscriptions over
websockets), Excel downloads at /exports, report downloads at /reports/result.{pdf,docx,json},
client credentials at /oauth/token, health at /healthz."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from graphql import GraphQLError
from starlette.requests import HTTPConnection
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api.auth import Authenticator, Caller, RateLimited, rate_limited_error, rate_limited_response
from api.console import wants_json
from api.exports import exports_router
from api.fast_reads import CONTEXT_KEY, CompiledReadsMiddleware
from api.graphiql import mount_graphiql_static
from api.graphql_router import AntqGraphQLRouter
from api.http_errors import install_http_error_handlers
from api.languages import LanguageMiddleware
from api.oauth import mount_oauth
from api.observability import (
    RequestContextMiddleware,
    configure_logging,
    count_sql,
    install_log_redaction,
    mount_metrics,
    setup_tracing,
)
from api.reports import router as reports_router
from api.webhooks import WebhookDispatcher
from authz.authorizer import Authorizer, Principal, today_in
from authz.tokens import TokenVerifier
from core.config import Settings, get_settings
from core.errors import Unauthenticated
from core.observability import Metrics
from db.session import RequestDB, create_engine
from db.urls import DatabaseUrls, resolve_database_urls
from graph.context import Context
from graph.schema import build_schema
from services.changes import ChangeFeed
from services.persisted import PersistedQueryRegistry

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, urls: DatabaseUrls | None = None) -> FastAPI:
    settings = settings or get_settings()
    verifier = TokenVerifier(settings)
    authenticator = Authenticator(settings, verifier)
    metrics = Metrics()
    persisted = PersistedQueryRegistry(
        directory=settings.persisted_queries_dir,
        only=settings.persisted_queries_only,
        apq_cache_size=settings.apq_cache_size,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resolved = urls or resolve_database_urls(settings)
        app.state.engine = create_engine(resolved.app, settings)
        count_sql(app.state.engine)
        setup_tracing(app, app.state.engine, settings.otel_endpoint)
        app.state.authorizer = Authorizer(
            clock=today_in(settings.timezone), roles_end_with_units=settings.roles_end_with_units
        )
        await app.state.authorizer.load(app.state.engine)
        await app.state.authorizer.listen(resolved.app)
        await persisted.load(app.state.engine)
        # Background work (change feed, webhook dispatcher) gets its own small pool: it cannot
        # take the connections requests need, and request metrics do not count it.
        app.state.background_engine = create_engine(
            resolved.app, settings.model_copy(update={"db_pool_size": 2, "db_max_overflow": 2})
        )
        app.state.dispatcher = WebhookDispatcher(
            app.state.background_engine, app.state.authorizer, settings
        )
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
            await authenticator.close()

    def make_context(
        request: HTTPConnection,
        principal: Principal | None,
        auth_error: Unauthenticated | None,
        caller: Caller | None,
    ) -> Context:
        authorizer: Authorizer = request.app.state.authorizer
        db = RequestDB(request.app.state.engine, authorizer.read_scope(principal))
        context = Context(
            db=db,
            settings=settings,
            authorizer=authorizer,
            principal=principal,
            auth_error=auth_error,
            feed=getattr(request.app.state, "feed", None),
        )
        if caller is not None:

            async def charge_cost(cost: int) -> GraphQLError | None:
                refused = await authenticator.charge_query(caller, cost)
                if refused is None:
                    return None
                context.rate_limited = refused  # the router answers HTTP 429
                return rate_limited_error(refused)

            context.charge_cost = charge_cost
        return context

    async def get_context(request: HTTPConnection) -> Context:
        """Per HTTP request, or once per websocket connection (then see on_ws_connect)."""
        begun: Context | None = request.scope.get("state", {}).get(CONTEXT_KEY)
        if begun is not None:  # api.fast_reads authenticated and charged this request already
            return begun
        principal, auth_error = await authenticator.for_request(request)
        caller: Caller | None = getattr(request.state, "antq_caller", None)
        return make_context(request, principal, auth_error, caller)

    app = FastAPI(title="ANTQ movement platform", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.metrics = metrics
    # Plain-HTTP downloads authenticate with the same authenticator and authorizer as GraphQL.
    app.state.authenticator = authenticator
    app.state.settings = settings
    # Multipart requests carry Excel uploads (importTargets, importAssessments): safe from CSRF
    # because callers authenticate with a header, never a cookie. Websockets speak only
    # graphql-transport-ws: the legacy subscriptions-transport-ws protocol is deprecated.
    app.state.schema = build_schema(settings, metrics)
    graphql = AntqGraphQLRouter(
        app.state.schema,
        context_getter=get_context,
        graphql_ide="graphiql",
        registry=persisted,
        metrics=metrics,
        authenticator=authenticator,
        multipart_uploads_enabled=True,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        max_subscriptions_per_connection=20,
    )
    app.include_router(graphql, prefix="/graphql")
    mount_graphiql_static(app)
    app.include_router(reports_router)
    app.include_router(exports_router(settings))
    app.state.fast_reads_answered = 0  # counted by CompiledReadsMiddleware
    if settings.fast_reads:
        app.add_middleware(  # inside RequestContextMiddleware: ids, limits and metrics apply
            CompiledReadsMiddleware,
            authenticator=authenticator,
            make_context=lambda request, caller: make_context(
                request, caller.principal, None, caller
            ),
            persisted_only=lambda: persisted.only,
            allow_get=graphql.allow_queries_via_get,
        )
    app.add_middleware(
        RequestContextMiddleware, metrics=metrics, max_body_bytes=settings.max_body_bytes
    )
    app.add_middleware(LanguageMiddleware)  # outermost: even a 413 answers in the language
    app.add_exception_handler(RateLimited, rate_limited_response)
    install_http_error_handlers(app)
    mount_oauth(app, settings, authenticator.account_buckets)
    mount_metrics(app, metrics, enabled=settings.metrics_enabled, token=settings.metrics_token)
    install_log_redaction()

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def create_worker_app() -> FastAPI:
    """The app of one `antq serve --workers N` process (uvicorn's factory). The supervisor has
    resolved the database URLs into DATABASE_URL / APP_DATABASE_URL; everything with state - the
    authorizer's NOTIFY listener, the change feed, the webhook dispatcher (which claims deliveries
    with FOR UPDATE SKIP LOCKED, so two workers never send one twice), pools, caches, rate-limit
    buckets - is this process's own, started by the lifespan."""
    _logging_for_worker()
    return create_app(get_settings())


def _logging_for_worker() -> None:
    # The setting may be unset (None): the same rule as the single process, JSON off a terminal.
    configure_logging(logging.INFO, json=wants_json(get_settings()))
