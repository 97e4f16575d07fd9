"""The FastAPI application: GraphQL at /graphql (GraphiQL in a browser), health at /healthz."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from strawberry.fastapi import GraphQLRouter

from api.settings import Settings, get_settings
from db.session import RequestDB, create_engine
from db.urls import DatabaseUrls, resolve_database_urls
from graph.context import Context
from graph.schema import schema

log = logging.getLogger(__name__)
FULL_SCOPE = ("vn",)


def create_app(settings: Settings | None = None, urls: DatabaseUrls | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resolved = urls or resolve_database_urls(settings)
        app.state.engine = create_engine(resolved.app, settings)
        try:
            yield
        finally:
            await app.state.engine.dispose()

    async def get_context(request: Request) -> Context:
        db = RequestDB(request.app.state.engine, FULL_SCOPE)
        return Context(db=db, settings=settings)

    app = FastAPI(title="ANTQ movement platform", lifespan=lifespan, docs_url=None,
                  redoc_url=None)
    graphql = GraphQLRouter(schema, context_getter=get_context, graphql_ide="graphiql")
    app.include_router(graphql, prefix="/graphql")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
