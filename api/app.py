"""The FastAPI application: GraphQL at /graphql (GraphiQL in a browser), report downloads at
/reports/result.{pdf,docx,json}, health at /healthz."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from strawberry.fastapi import GraphQLRouter

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
from authz.authorizer import Authorizer
from authz.tokens import TokenVerifier
from db.session import RequestDB, create_engine
from db.urls import DatabaseUrls, resolve_database_urls
from graph.context import Context
from graph.schema import build_schema

log = logging.getLogger(__name__)


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
        try:
            yield
        finally:
            await app.state.authorizer.close()
            await app.state.engine.dispose()

    async def get_context(request: Request) -> Context:
        authorizer: Authorizer = request.app.state.authorizer
        principal, auth_error = authenticate(request, authorizer, verifier)
        db = RequestDB(request.app.state.engine, authorizer.read_scope(principal))
        return Context(db=db, settings=settings, authorizer=authorizer, principal=principal,
                       auth_error=auth_error)

    app = FastAPI(title="ANTQ movement platform", lifespan=lifespan, docs_url=None,
                  redoc_url=None)
    # Multipart requests carry Excel uploads (importTargets, importAssessments). Safe from CSRF
    # because callers authenticate with a bearer header, never a cookie.
    graphql = GraphQLRouter(build_schema(settings, metrics), context_getter=get_context,
                            graphql_ide="graphiql", multipart_uploads_enabled=True)
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
