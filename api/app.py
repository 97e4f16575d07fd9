"""The FastAPI application: GraphQL at /graphql (GraphiQL in a browser), health at /healthz."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.oauth import mount_oauth
from api.observability import (
    Metrics,
    RequestContextMiddleware,
    count_sql,
    mount_metrics,
    setup_tracing,
)
from api.settings import Settings, get_settings
from authz import api_keys
from authz.authorizer import Authorizer, Principal
from authz.rate_limit import TokenBuckets, retry_after_header
from authz.tokens import TokenVerifier
from db.session import RequestDB, create_engine
from db.urls import DatabaseUrls, resolve_database_urls
from graph.context import Context
from graph.persisted import PersistedQueryRegistry, PersistedQueryRouter
from graph.schema import build_schema
from services import service_accounts
from services.errors import Unauthenticated

log = logging.getLogger(__name__)


class RateLimited(Exception):
    """The caller's token bucket is empty: HTTP 429 with Retry-After, and a GraphQL-shaped body
    with `extensions.code = RATE_LIMITED` so GraphQL clients can branch on it."""

    def __init__(self, retry_after: float, who: str) -> None:
        super().__init__(who)
        self.retry_after = retry_after
        self.who = who


async def rate_limited_response(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimited)
    metrics: Metrics | None = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        metrics.graphql_errors.labels("RATE_LIMITED").inc()
    seconds = retry_after_header(exc.retry_after)
    return JSONResponse(status_code=429, headers={"Retry-After": seconds}, content={
        "data": None, "errors": [{
            "message": f"Too many requests for {exc.who}; retry after {seconds} s.",
            "extensions": {"code": "RATE_LIMITED", "retryAfter": int(seconds)}}]})


def bearer_or_api_key(request: Request) -> str | None:
    """The credential sent, from `X-API-Key` or `Authorization: Bearer`; Unauthenticated for a
    malformed Authorization header."""
    api_key = request.headers.get("x-api-key", "").strip()
    if api_key:
        return api_key
    header = request.headers.get("authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Use `Authorization: Bearer <token>`.")
    return token.strip()


def create_app(settings: Settings | None = None, urls: DatabaseUrls | None = None) -> FastAPI:
    settings = settings or get_settings()
    verifier = TokenVerifier(settings)
    metrics = Metrics()
    account_buckets = TokenBuckets(settings.service_account_rate_per_minute,
                                   settings.service_account_burst)
    user_buckets = TokenBuckets(settings.user_rate_per_minute, settings.user_burst)
    persisted = PersistedQueryRegistry(directory=settings.persisted_queries_dir,
                                       only=settings.persisted_queries_only,
                                       apq_cache_size=settings.apq_cache_size)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resolved = urls or resolve_database_urls(settings)
        app.state.engine = create_engine(resolved.app, settings)
        count_sql(app.state.engine)
        setup_tracing(app, app.state.engine, settings.otel_endpoint)
        app.state.authorizer = Authorizer()
        await app.state.authorizer.load(app.state.engine)
        await app.state.authorizer.listen(resolved.app)
        await persisted.load(app.state.engine)
        try:
            yield
        finally:
            await app.state.authorizer.close()
            await app.state.engine.dispose()

    async def get_context(request: Request) -> Context:
        authorizer: Authorizer = request.app.state.authorizer
        engine = request.app.state.engine
        principal: Principal | None = None
        auth_error: Unauthenticated | None = None
        buckets = user_buckets
        try:
            token = bearer_or_api_key(request)
            if token is not None and api_keys.looks_like_api_key(token):
                buckets = account_buckets
                username, _ = await service_accounts.authenticate(engine, token)
                principal = authorizer.principal(username)
            elif token is not None:
                claims = verifier.claims(token)
                username = verifier.username_in(claims)
                if (key_id := claims.get(api_keys.ISSUING_KEY_CLAIM)) is not None:
                    buckets = account_buckets  # a client-credentials token of an account
                    await service_accounts.check_issuing_key(engine, str(key_id), username)
                principal = authorizer.principal(username)
        except Unauthenticated as error:
            auth_error = error
        # Only HTTP requests are rate limited: a websocket handshake cannot answer 429.
        if principal is not None and request.scope["type"] == "http":
            wait = buckets.take(principal.username)
            if wait > 0:
                raise RateLimited(wait, principal.username)
        db = RequestDB(request.app.state.engine, authorizer.read_scope(principal))
        return Context(db=db, settings=settings, authorizer=authorizer, principal=principal,
                       auth_error=auth_error)

    app = FastAPI(title="ANTQ movement platform", lifespan=lifespan, docs_url=None,
                  redoc_url=None)
    app.state.metrics = metrics
    graphql = PersistedQueryRouter(build_schema(settings, metrics), context_getter=get_context,
                                   graphql_ide="graphiql", registry=persisted, metrics=metrics)
    app.include_router(graphql, prefix="/graphql")
    app.add_middleware(RequestContextMiddleware, metrics=metrics,
                       max_body_bytes=settings.max_body_bytes)
    app.add_exception_handler(RateLimited, rate_limited_response)
    mount_oauth(app, settings, account_buckets)
    mount_metrics(app, metrics)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
