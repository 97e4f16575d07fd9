"""Compiled reads served without FastAPI's routing and dependency injection (issue 18).

For `units(first: 50) { code name }` the SQL is ~0.2 ms and the per-request plumbing is all there
is: FastAPI solving the router endpoint's and the context getter's dependencies was ~12% of the
served CPU, Strawberry's HTTP view ~3.5%. This ASGI layer sits inside RequestContextMiddleware
(request id, body limit, metrics and SQL statistics apply as to every request) and answers only
a plain GraphQL request whose document the read compiler accepts, from a caller whose
credential holds; it asks the same things in the same order as the router path does (the
credential, the rate bucket on arrival, the arguments, the cost limit and charge, the
statement) through the same functions.

Anything else goes on, unchanged, to the application: no credential or a bad one, batches,
persisted-query extensions, multipart, `X-Antq-Executor: normal`, GraphiQL, a document that does
not compile, an argument refused. When the executor must answer after the caller has been
charged (a unit not found, a refusal of the cost charge, a fault of the statement), the Context
this layer built goes with the request (`scope["state"]`), so the executor neither charges
twice nor takes a second token from the bucket, exactly as when the router's compiled path
declined.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import (
    Authenticator,
    Caller,
    RateLimited,
    credential_in_headers,
    rate_limited_response,
)
from core.errors import Unauthenticated
from graph.context import Context

#: where the Context of a request this layer began is handed to the GraphQL context getter
CONTEXT_KEY = "antq_compiled_context"

ContextFactory = Callable[[Request, Caller], Context]


class CompiledReadsMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        authenticator: Authenticator,
        make_context: ContextFactory,
        persisted_only: Callable[[], bool],
        allow_get: bool = True,
    ) -> None:
        self.app = app
        self.authenticator = authenticator
        self.make_context = make_context
        self.persisted_only = persisted_only
        self.allow_get = allow_get

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/graphql" or self.persisted_only():
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        headers = _headers(scope)
        if headers.get("x-antq-executor") == "normal":
            await self.app(scope, receive, send)
            return
        body = b""
        if method == "POST":
            content_type = headers.get("content-type", "").partition(";")[0].strip().lower()
            if content_type != "application/json":
                await self.app(scope, receive, send)
                return
            body = await _read_body(receive)
            receive = _replay(body, receive)
            request = _request_of_post(body)
        elif method == "GET" and self.allow_get and "text/html" not in headers.get("accept", ""):
            request = _request_of_get(scope.get("query_string", b""))
        else:
            request = None
        if request is None:
            await self.app(scope, receive, send)
            return
        answered = await self._answer(scope, headers, *request)
        if answered is None:
            await self.app(scope, receive, send)
        else:
            await answered(scope, receive, send)

    async def _answer(
        self,
        scope: Scope,
        headers: dict[str, str],
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
    ) -> Callable[[Scope, Receive, Send], Awaitable[None]] | None:
        """The response, or None: the application answers (with the Context, if one began)."""
        app = scope["app"]
        reads = getattr(app.state.schema, "reads", None)
        if reads is None or reads.prepare(query, operation_name) is None:
            return None
        try:
            credential = credential_in_headers(headers)
            if credential is None:
                return None  # anonymous: the executor says what it says to anonymous callers
            caller = await self.authenticator.caller(
                credential, app.state.authorizer, app.state.engine
            )
        except Unauthenticated:
            return None  # the application refuses it, in its own words
        request = Request(scope)
        # Spent on arrival, as api.auth `for_request` does for every HTTP request.
        buckets = (
            self.authenticator.account_buckets
            if caller.account
            else (self.authenticator.user_buckets)
        )
        wait = await buckets.acquire(caller.principal.username)
        if wait > 0:
            return await rate_limited_response(
                request, RateLimited(wait, caller.principal.username)
            )
        request.state.antq_caller = caller
        context = self.make_context(request, caller)
        body = await reads.answer(context, query, operation_name, variables)
        if body is None:
            context.compiled_declined = True
            scope.setdefault("state", {})[CONTEXT_KEY] = context
            return None
        # requests this layer answered itself (for tests, and for judging the hit rate)
        app.state.fast_reads_answered = getattr(app.state, "fast_reads_answered", 0) + 1
        return _json_body(body.encode())


def _headers(scope: Scope) -> dict[str, str]:
    """The headers as Starlette reads them (the last of repeated ones wins, like dict())."""
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}


def _json_body(body: bytes) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    async def respond(_scope: Scope, _receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-length", str(len(body)).encode()),
                    (b"content-type", b"application/json"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    return respond


def _request_of_post(body: bytes) -> tuple[str, str | None, dict[str, Any] | None] | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return _request_of(data) if isinstance(data, dict) else None


def _request_of_get(query_string: bytes) -> tuple[str, str | None, dict[str, Any] | None] | None:
    params = dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))
    if "variables" in params:
        try:
            params["variables"] = json.loads(params["variables"])
        except ValueError:
            return None
    return _request_of(params)


def _request_of(data: dict[str, Any]) -> tuple[str, str | None, dict[str, Any] | None] | None:
    """query, operationName and variables when they are what Strawberry accepts; anything
    unusual (extensions, a non-object variables, extra keys) is left to the application."""
    if set(data) - {"query", "operationName", "variables"}:
        return None
    query, name, variables = data.get("query"), data.get("operationName"), data.get("variables")
    if not isinstance(query, str) or not (name is None or isinstance(name, str)):
        return None
    if not (variables is None or isinstance(variables, dict)):
        return None
    return query, name, variables


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
