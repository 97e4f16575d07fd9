"""GraphiQL served entirely by this app: React, ReactDOM and GraphiQL are vendored under
`api/static/graphiql/` (pinned versions with their licences, see VERSIONS there), so the page
works on a government network without internet. Strawberry's own page loads them from a CDN.

The Headers tab starts with an `Authorization: Bearer <token>` template; subscriptions run over
graphql-transport-ws with the headers sent as the connection_init payload (see index.html).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

GRAPHIQL_VERSION = "3.8.3"
STATIC_DIR = Path(__file__).parent / "static" / "graphiql"
# The version is in the path: a new vendored version is a new URL, so caches never mix them.
STATIC_PATH = f"/static/graphiql/{GRAPHIQL_VERSION}"


def graphiql_html() -> str:
    return (
        (STATIC_DIR / "index.html").read_text(encoding="utf-8").replace("{{STATIC}}", STATIC_PATH)
    )


class _ImmutableStatic(StaticFiles):
    """Vendored files never change under a versioned path: let browsers keep them."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


def mount_graphiql_static(app: FastAPI) -> None:
    app.mount(STATIC_PATH, _ImmutableStatic(directory=STATIC_DIR), name="graphiql-static")
