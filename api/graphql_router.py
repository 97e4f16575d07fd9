"""The GraphQL endpoint: persisted queries (services.persisted) over HTTP, and subscriptions over
websockets (graphql-transport-ws) authenticated like every other request (api.auth).

A query made only of compilable fields is answered by the compiled read path (graph/compiled/):
one SQL statement builds the response JSON, and those bytes are the HTTP body, without
Strawberry's execution or a re-serialisation. Everything else, and every request the compiled
path declines (an argument refused, a unit not found, `X-Antq-Executor: normal`), runs on the
executor as before.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from cross_web import HTTPException
from graphql import ExecutionResult, GraphQLError, OperationType, get_operation_ast, parse
from starlette.responses import HTMLResponse, JSONResponse, Response
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.types.execution import ExecutionResult as StrawberryResult
from strawberry.types.unset import UNSET, UnsetType

from api.auth import Authenticator, bearer
from api.graphiql import graphiql_html
from api.languages import locale_from_params, localized_reason
from api.live import RecheckingTransportWSHandler
from core.errors import Unauthenticated
from core.i18n import msg, set_locale
from core.observability import Metrics
from db.session import RequestDB
from graph.context import Context
from services.persisted import PersistedQueryError, PersistedQueryRegistry

log = logging.getLogger("antq.graphql")


class PersistedQueryRouter(GraphQLRouter[Any, Any]):
    """GraphQLRouter that resolves persisted-query hashes before executing."""

    def __init__(
        self,
        *args: Any,
        registry: PersistedQueryRegistry,
        metrics: Metrics | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.registry = registry
        self.metrics = metrics

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET with only `extensions` (APQ by hash) is an operation, not a browser visit.
        return "extensions" not in request.query_params and super().should_render_graphql_ide(
            request
        )

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        try:
            kwargs["request_data"] = await self.registry.resolve(kwargs["request_data"])
        except PersistedQueryError as error:
            if self.metrics is not None:  # the schema's ErrorCodes extension never saw it
                self.metrics.graphql_errors.labels(error.code).inc()
            return error.as_result()
        return await self.execute_resolved(*args, **kwargs)

    async def execute_resolved(self, *args: Any, **kwargs: Any) -> Any:
        """One operation whose document is known (a hash resolved): Strawberry's executor."""
        return await super().execute_single(*args, **kwargs)


# Strawberry refuses malformed requests with a plain-text HTTPException; clients get the same
# shape as every other error instead: {"errors": [{"message", "extensions": {"code"}}]}.
HTTP_ERROR_CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "REQUEST_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


def http_error_code(error: HTTPException) -> str:
    reason = error.reason.lower()
    if (
        "json" in reason
        or "no graphql query" in reason
        or "multipart" in reason
        or "form data" in reason
        or "batching" in reason
        or "operations" in reason
    ):
        return "BAD_REQUEST"
    if "unsupported content type" in reason:
        return "UNSUPPORTED_MEDIA_TYPE"
    if "only supports get and post" in reason:
        return "METHOD_NOT_ALLOWED"
    if (
        "over get" in reason
        or "not allowed" in reason
        or "mutation" in reason
        or "subscription" in reason
    ):
        return "OPERATION_NOT_ALLOWED"
    return HTTP_ERROR_CODES.get(error.status_code, "BAD_REQUEST")


def http_error_response(error: HTTPException) -> JSONResponse:
    code = http_error_code(error)
    status = 405 if code == "OPERATION_NOT_ALLOWED" else error.status_code
    log.info("HTTP refusal %s (%d): %s", code, status, error.reason)
    headers = {"Allow": "GET, POST"} if status == 405 else None
    return JSONResponse(
        status_code=status,
        headers=headers,
        content={
            "errors": [
                {
                    "message": localized_reason(error.reason, error.status_code),
                    "extensions": {"code": code},
                }
            ]
        },
    )


FORCE_EXECUTOR = "x-antq-executor"


@dataclasses.dataclass
class CompiledResult(StrawberryResult):
    """An operation the compiled path answered: `body` is the response's JSON text."""

    body: str = ""


class RawJSON(dict[str, Any]):
    """A processed result whose JSON text is already built (create_response sends it as is)."""

    def __init__(self, body: str) -> None:
        super().__init__()
        self.body = body


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

    async def run(
        self,
        request: Any,
        context: Any = UNSET,
        root_value: Any = UNSET,
    ) -> Any:
        """Every HTTP-level refusal (malformed JSON, no query, a mutation over GET, an
        unsupported method or content type) as a GraphQL error body with `extensions.code`."""
        try:
            return await super().run(request=request, context=context, root_value=root_value)
        except HTTPException as error:
            return http_error_response(error)

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        """A subscription over plain HTTP is a client mistake (they run over websockets), not a
        fault: refuse it before it executes as a query with no event stream. A query whose cost
        emptied the caller's rate budget answers HTTP 429."""
        data = kwargs.get("request_data")
        query = getattr(data, "query", None)
        reads = getattr(self.schema, "reads", None)
        if (
            data is not None
            and isinstance(query, str)
            and reads is not None
            and reads.prepare(query, data.operation_name) is not None
        ):
            query = None  # a compiled query (cached): neither a subscription nor worth a parse
        if data is not None and isinstance(query, str):
            try:
                operation = get_operation_ast(parse(query), data.operation_name)
            except GraphQLError:
                operation = None  # the schema reports syntax errors itself
            if operation is not None and operation.operation == OperationType.SUBSCRIPTION:
                log.info("subscription over HTTP refused")
                return ExecutionResult(
                    data=None,
                    errors=[
                        GraphQLError(
                            str(
                                msg(
                                    "Subscriptions run over a websocket (graphql-transport-ws at "
                                    "/graphql), not over HTTP."
                                )
                            ),
                            extensions={"code": "OPERATION_NOT_ALLOWED"},
                        )
                    ],
                )
        result = await super().execute_single(*args, **kwargs)
        refused = getattr(kwargs.get("context"), "rate_limited", None)
        if refused is not None:  # the query's cost emptied the caller's budget: HTTP 429
            raise refused
        return result

    async def execute_resolved(self, *args: Any, **kwargs: Any) -> Any:
        """The compiled read path first, when the schema has one and the request allows it."""
        reads = getattr(self.schema, "reads", None)
        data = kwargs.get("request_data")
        context = kwargs.get("context")
        adapter = kwargs.get("request_adapter")
        query = getattr(data, "query", None)
        if (
            reads is not None
            and data is not None
            and isinstance(query, str)
            and isinstance(context, Context)
            and not context.compiled_declined
            and adapter is not None
            and (adapter.method == "POST" or self.allow_queries_via_get)
            and adapter.headers.get(FORCE_EXECUTOR) != "normal"
        ):
            body = await reads.answer(context, query, data.operation_name, data.variables)
            if body is not None:
                return CompiledResult(data=None, errors=None, body=body)
        return await super().execute_resolved(*args, **kwargs)

    async def process_result(self, request: Any, result: StrawberryResult) -> Any:
        if isinstance(result, CompiledResult):
            return RawJSON(result.body)
        return await super().process_result(request, result)

    def create_response(self, response_data: Any, sub_response: Any) -> Response:
        if isinstance(response_data, RawJSON):
            body = response_data.body
        elif isinstance(response_data, list) and any(isinstance(r, RawJSON) for r in response_data):
            body = (
                "["
                + ",".join(
                    r.body if isinstance(r, RawJSON) else self._json_text(r) for r in response_data
                )
                + "]"
            )
        else:
            return super().create_response(response_data, sub_response)
        response = Response(
            body.encode(),
            media_type="application/json",
            status_code=sub_response.status_code or 200,
        )
        response.headers.raw.extend(sub_response.headers.raw)
        return response

    def _json_text(self, data: Any) -> str:
        encoded = self.encode_json(data)
        return encoded.decode() if isinstance(encoded, bytes) else encoded

    async def render_graphql_ide(self, request: Any) -> HTMLResponse:
        """Our GraphiQL page, loading only files this app serves (api.graphiql)."""
        return HTMLResponse(graphiql_html())

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        # The upgrade request's Accept-Language set the locale already (api.languages); the
        # payload may choose another, for this connection's every message from here on.
        if (locale := locale_from_params(params)) is not None:
            set_locale(locale)
        raw = params.get("Authorization") or params.get("authorization")
        if raw is None and params.get("token"):
            raw = f"Bearer {params['token']}"
        if raw is None and context.request is not None:  # a header on the upgrade request
            raw = context.request.headers.get("authorization")
        if not raw:
            raise ConnectionRejectionError(
                {
                    "code": "UNAUTHENTICATED",
                    "message": str(
                        msg('Send {{"Authorization": "Bearer <token>"}} in connection_init.')
                    ),
                }
            )
        try:
            credential = bearer(raw)
            caller = await self._authenticator.caller(
                credential, context.authorizer, context.db.engine
            )
        except Unauthenticated as error:
            raise ConnectionRejectionError({"code": error.code, "message": error.message}) from None
        context.principal, context.auth_error = caller.principal, None
        context.db = RequestDB(context.db.engine, context.authorizer.read_scope(caller.principal))
        # A socket outlives its token: subscriptions end when the (verified) token expires.
        context.expires_at = caller.expires_at
        context.credential, context.authenticator = credential, self._authenticator
        return UNSET
