"""The bare server of the HTTP bench: FastAPI + asyncpg running, per scenario, the exact SQL
statements this API issued for it (captured by bench/http.py, scope setting included), as the
app role in one transaction, and returning the rows as JSON (or, for a statement that built
the response JSON itself, as the compiled read path's does, that text as the body). No GraphQL: the floor a GraphQL
layer is compared with over HTTP.

Run by `./dev bench http` with ANTQ_BARE_DSN and ANTQ_BARE_STATEMENTS (a pickle of
{scenario: [(sql, params), ...]}) in the environment."""

from __future__ import annotations

import os
import pickle
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response

STATEMENTS: dict[str, list[tuple[str, Any]]] = pickle.loads(
    Path(os.environ["ANTQ_BARE_STATEMENTS"]).read_bytes()
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(
        os.environ["ANTQ_BARE_DSN"],
        min_size=2,
        max_size=10,
        server_settings={"plan_cache_mode": "force_custom_plan"},
    )
    try:
        yield
    finally:
        await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.post("/{scenario}")
async def run(scenario: str) -> Response:
    results = []
    body: str | None = None
    async with app.state.pool.acquire() as conn, conn.transaction():
        for sql, params in STATEMENTS[scenario]:
            rows = await conn.fetch(sql, *params)
            if len(rows) == 1 and "body" in rows[0]:
                body = rows[0]["body"]  # a statement that built the JSON (the compiled path)
            results.append([{k: _plain(v) for k, v in r.items()} for r in rows])
    if body is not None:
        return Response(body.encode(), media_type="application/json")
    return JSONResponse({"data": results})


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | None) else str(value)
